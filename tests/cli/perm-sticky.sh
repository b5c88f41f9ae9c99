#!/bin/sh
# Sticky directories (issue 5, point 3): in a 1777 directory of root's,
# uid 65534 can remove only what it owns.  A file and a directory of
# root's there are reported (`Operation not permitted`), once each; what
# belongs to uid 65534, including the contents of root's 0777 directory,
# goes.  In a sticky directory it owns itself, everything goes.  --chmod
# changes nothing of that.  With --contents (on the sticky directory
# itself), that PATH stays as it was.  The dry run predicts each case.
# -j1 and -j4.
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

# ---- the tree -----------------------------------------------------------------

# s belongs to uid 65534.  s/tmp is root's, 1777, with: foreign (root's
# file), mine (65534's), mydir (65534's, with content) and rootdir (root's,
# 0777, with 65534's content).  s/mytmp is 65534's, 1777, with a file of
# root's.
mk_tree()
{
	mkdir -p s/tmp/mydir/sub s/tmp/rootdir/in s/mytmp || fail "mkdir"
	for f in s/tmp/foreign s/tmp/mine s/tmp/mydir/sub/f s/tmp/rootdir/f2 \
		s/tmp/rootdir/in/f s/mytmp/roots; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R 65534:65534 s || fail "chown"
	chown 0:0 s/tmp s/tmp/foreign s/tmp/rootdir s/mytmp/roots || fail "chown"
	chmod 1777 s/tmp s/mytmp || fail "chmod"
	chmod 0777 s/tmp/rootdir || fail "chmod"
}

setup_w
for jobs in -j1 -j4; do
	for chmod in "" --chmod; do
		CASE="sticky, $chmod $jobs"
		mk_tree
		want_err "sw-rmtree: cannot remove 's/tmp/foreign': Operation not permitted" \
			"sw-rmtree: cannot remove 's/tmp/rootdir': Operation not permitted"
		# shellcheck disable=SC2086  # $chmod: no word, or one
		plan_then_remove "$jobs" $chmod s
		expect_rc 1
		expect_left 's 755' 's/tmp 1777' 's/tmp/foreign 644' 's/tmp/rootdir 777'
		rm -rf s || fail "cleanup"

		CASE="sticky, --contents $chmod $jobs"
		mk_tree
		id_tmp=$(identity s/tmp) && id_mytmp=$(identity s/mytmp) || fail "stat"
		# shellcheck disable=SC2086
		plan_then_remove "$jobs" --contents $chmod s/tmp s/mytmp
		expect_rc 1
		expect_left 's 755' 's/tmp 1777' 's/tmp/foreign 644' 's/tmp/rootdir 777' \
			's/mytmp 1777'
		expect_identity s/tmp "$id_tmp"
		expect_identity s/mytmp "$id_mytmp"
		rm -rf s || fail "cleanup"
	done
done
exit 0
