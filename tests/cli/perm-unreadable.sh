#!/bin/sh
# Unreadable directories (issue 5, point 2): a directory that cannot be
# opened or listed (0000, or 0300: write and search but no read) is
# reported once with `Permission denied`; the walk goes on with its
# siblings; the directories above it stay without a message of their own;
# --stats counts the entries that stayed.  With --chmod, the caller's own
# unreadable directories are opened up and go (the dry run then lists such
# a directory but, changing nothing, cannot list what is inside it).
# --contents keeps the PATH, even a 0000 one, with its mode.  The dry run
# predicts each case.  As uid 65534, with -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# ---- helpers: the same block in every perm-*.sh and contents.sh -----------

# uid 65534 works in $T/w, a directory it owns (so that it may remove what
# it puts at the top).  HOME and XDG_CONFIG_HOME point into $T: it could
# not read root's configuration, and that would be a different error.
setup_w()
{
	case ${T:-} in
	/?*) ;;
	*) echo "ERROR: lib.sh did not set up \$T" >&2; exit 99 ;;
	esac
	scratch_for_nobody
	umask 022
	HOME=$T/home
	XDG_CONFIG_HOME=$T/xdg
	export HOME XDG_CONFIG_HOME
	mkdir -- "$T/w" || fail "mkdir $T/w"
	chown 65534:65534 -- "$T/w" || fail "chown $T/w"
	cd -- "$T/w" || fail "cd $T/w"
}

# listing: "path mode" for everything in $T/w, sorted.
listing()
{
	find "$T/w" -mindepth 1 -printf '%P %m\n' | sort
}

show_diff()
{
	diff -u "$1" "$2" | cat -A >&2
	fail "$3"
}

# expect_left LINE...: exactly these "path mode" lines are left in $T/w.
expect_left()
{
	if [ $# -eq 0 ]; then : >"$T/.want-left"; else printf '%s\n' "$@" | sort >"$T/.want-left"; fi
	listing >"$T/.left"
	cmp -s "$T/.want-left" "$T/.left" ||
		show_diff "$T/.want-left" "$T/.left" "$CASE: wrong entries left on disk"
}

# want_err LINE...: the messages (in any order, each exactly once) that the
# next plan_then_remove must see, from its dry run and its real run alike.
want_err()
{
	if [ $# -eq 0 ]; then : >"$T/.want-err"; else printf '%s\n' "$@" | sort >"$T/.want-err"; fi
}

# check_messages WHAT N: stderr holds exactly the wanted messages, N
# "would remove" summaries, and otherwise only --stats lines.
check_messages()
{
	grep -a '^sw-rmtree: ' "$T/.err" | sort >"$T/.msgs"
	cmp -s "$T/.want-err" "$T/.msgs" ||
		show_diff "$T/.want-err" "$T/.msgs" "$CASE: $1: messages differ"
	_n=$(grep -ac '^would remove [0-9]* files, [0-9]* directories, [0-9]* bytes$' "$T/.err")
	[ "$_n" = "$2" ] || fail "$CASE: $1: $_n 'would remove' lines, expected $2"
	if grep -avE -e '^sw-rmtree: ' -e '^would remove ' \
		-e '^(removed|planned) [0-9]+ files, [0-9]+ directories, [0-9]+ bytes in [0-9.]+ s \([0-9]+ entries/s\)(; [0-9]+ entries could not be removed)?$' \
		"$T/.err" >&2; then
		fail "$CASE: $1: unexpected lines on stderr (above)"
	fi
}

# plan_then_remove ARG...: as uid 65534, a dry run `-n -0 ARG...`, which
# must change nothing, then the real run `-v -0 ARG...` (its exit status
# stays in $rc, its stderr in $T/.err).  The dry run must list exactly the
# entries that the real run removes (compared as sets; $PLAN_BLIND names
# the entries it cannot see: those inside a directory only --chmod makes
# readable), predict the same exit status, and both must print exactly the
# messages given to want_err.
plan_then_remove()
{
	listing >"$T/.before"
	run_as_nobody -n -0 "$@"
	_plan_rc=$rc
	listing >"$T/.after-plan"
	cmp -s "$T/.before" "$T/.after-plan" ||
		show_diff "$T/.before" "$T/.after-plan" "$CASE: the dry run changed the tree"
	check_messages "dry run" 1
	# One line per entry, a newline in a name shown as ^A.
	{
		tr '\n\0' '\001\n' <"$T/.out"
		for _p in ${PLAN_BLIND:-}; do printf '%s\n' "$_p"; done
	} | sort >"$T/.planned"
	run_as_nobody -v -0 "$@"
	check_messages "real run" 0
	tr '\n\0' '\001\n' <"$T/.out" | sort >"$T/.removed"
	cmp -s "$T/.planned" "$T/.removed" ||
		show_diff "$T/.planned" "$T/.removed" \
			"$CASE: the dry run's list (-) differs from what the real run removed (+)"
	[ "$_plan_rc" = "$rc" ] ||
		fail "$CASE: the dry run exits with $_plan_rc, the real run with $rc"
}

# identity PATH: what --contents must keep of PATH.
identity()
{
	stat -c '%d:%i %u:%g %a' -- "$1"
}

# expect_identity PATH WAS: PATH is still what `identity PATH` said before.
expect_identity()
{
	_now=$(identity "$1")
	[ "$_now" = "$2" ] || fail "$CASE: $1 changed: $_now, was $2"
}

# stats_kept N: the --stats line of the last run says N entries stayed.
stats_kept()
{
	if [ "$1" = 0 ]; then
		grep -aEq '^(removed|planned) [0-9]+ files, .* entries/s\)$' "$T/.err" ||
			{ _swrmtree_show; fail "$CASE: no --stats line without a kept count"; }
	else
		grep -aEq "^(removed|planned) [0-9]+ files, .*; $1 entries could not be removed\$" \
			"$T/.err" || { _swrmtree_show; fail "$CASE: --stats does not say $1 entries stayed"; }
	fi
}

# ---- the tree -----------------------------------------------------------------

# u: two 0000 directories (one deep down) and a 0300 one, between
# siblings that go.  All of it belongs to uid 65534.
mk_tree()
{
	mkdir -p u/sib u/locked/in u/p/q/locked u/wx || fail "mkdir"
	for f in u/z u/sib/f u/locked/x u/locked/in/y u/p/q/other \
		u/p/q/locked/y u/wx/w1; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R 65534:65534 u || fail "chown"
	chmod 0000 u/locked u/p/q/locked || fail "chmod"
	chmod 0300 u/wx || fail "chmod"
}

# What --chmod lets the real run see and the dry run cannot.
BLIND='u/locked/x u/locked/in u/locked/in/y u/p/q/locked/y u/wx/w1'

setup_w
for jobs in -j1 -j4; do
	CASE="unreadable, $jobs"
	mk_tree
	want_err "sw-rmtree: cannot remove 'u/locked': Permission denied" \
		"sw-rmtree: cannot remove 'u/p/q/locked': Permission denied" \
		"sw-rmtree: cannot remove 'u/wx': Permission denied"
	plan_then_remove "$jobs" --stats u
	expect_rc 1
	# u, u/locked, u/p, u/p/q, u/p/q/locked, u/wx (what is inside the
	# unreadable ones was never seen).
	stats_kept 6
	expect_left 'u 755' 'u/locked 0' 'u/locked/in 755' 'u/locked/in/y 644' \
		'u/locked/x 644' 'u/p 755' 'u/p/q 755' 'u/p/q/locked 0' \
		'u/p/q/locked/y 644' 'u/wx 300' 'u/wx/w1 644'

	# --contents: the same, and u stays as it was.
	CASE="unreadable, --contents $jobs"
	id_u=$(identity u) || fail "stat"
	plan_then_remove "$jobs" --contents --stats u
	expect_rc 1
	stats_kept 5
	expect_left 'u 755' 'u/locked 0' 'u/locked/in 755' 'u/locked/in/y 644' \
		'u/locked/x 644' 'u/p 755' 'u/p/q 755' 'u/p/q/locked 0' \
		'u/p/q/locked/y 644' 'u/wx 300' 'u/wx/w1 644'
	expect_identity u "$id_u"

	# --chmod: they are ours, so all of it goes.
	CASE="unreadable, --chmod $jobs"
	want_err
	PLAN_BLIND=$BLIND
	plan_then_remove "$jobs" --chmod --stats u
	PLAN_BLIND=
	expect_rc 0
	stats_kept 0
	expect_left

	# A 0000 PATH: without --chmod nothing inside can be seen; with
	# --chmod --contents it is emptied and gets its mode 0000 back.
	CASE="0000 PATH, --contents $jobs"
	mk_tree
	chmod 0000 u || fail "chmod"
	id_u=$(identity u) || fail "stat"
	want_err "sw-rmtree: cannot remove 'u': Permission denied"
	plan_then_remove "$jobs" --contents u
	expect_rc 1
	expect_identity u "$id_u"
	[ "$(find u | wc -l)" = 15 ] || fail "$CASE: something inside u went"

	CASE="0000 PATH, --contents --chmod $jobs"
	want_err
	PLAN_BLIND="u/z u/sib u/sib/f u/locked u/locked/x u/locked/in u/locked/in/y
u/p u/p/q u/p/q/other u/p/q/locked u/p/q/locked/y u/wx u/wx/w1"
	plan_then_remove "$jobs" --contents --chmod u
	PLAN_BLIND=
	expect_rc 0
	expect_left 'u 0'
	expect_identity u "$id_u"
	rmdir u || fail "rmdir u"
done
exit 0
