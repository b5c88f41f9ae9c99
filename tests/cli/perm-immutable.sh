#!/bin/sh
# Immutable and append-only entries (issue 5, point 4), set as root with
# chattr: an immutable or append-only file, an immutable empty directory,
# and immutable and append-only directories with content.  As uid 65534,
# each is reported once with `Operation not permitted` (a directory whose
# entries cannot go is named once, not each entry); what lies in a plain
# subdirectory of them goes, as does everything else.  --chmod changes
# nothing of that; --contents keeps the PATH as it was.  The dry run
# predicts each case.  -j1 and -j4.  lib.sh's exit trap clears the
# attributes again (chattr -R -i -a) whatever happens.
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

# Can we set (and see) both attributes on this file system?
attrs_work()
{
	mkdir -- "$T/probe" || fail "mkdir probe"
	: >"$T/probe/f" || fail "touch probe"
	chattr +i "$T/probe/f" >/dev/null 2>&1 || return 1
	chattr +a "$T/probe" >/dev/null 2>&1 || return 1
	case $(lsattr -d "$T/probe/f" 2>/dev/null) in
	*i*) ;;
	*) return 1 ;;
	esac
	case $(lsattr -d "$T/probe" 2>/dev/null) in
	*a*) ;;
	*) return 1 ;;
	esac
	chattr -R -i -a "$T/probe" && rm -rf -- "$T/probe"
}

# ---- the tree -----------------------------------------------------------------

# i belongs to uid 65534.  imm (+i) and app (+a) are files; empty-i is an
# empty +i directory; idir (+i) and adir (+a) hold a file and a plain
# subdirectory with a file; ok and plain have no attributes.
mk_tree()
{
	mkdir -p i/idir/sub i/adir/sub i/empty-i i/ok/sub || fail "mkdir"
	for f in i/imm i/app i/idir/f i/idir/sub/g i/adir/f i/adir/sub/g \
		i/ok/sub/f i/plain; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R 65534:65534 i || fail "chown"
	chattr +i i/imm i/idir i/empty-i || fail "chattr +i"
	chattr +a i/app i/adir || fail "chattr +a"
}

drop_tree()
{
	chattr -R -i -a i && rm -rf i || fail "cleanup"
}

LEFT='i 755
i/adir 755
i/adir/f 644
i/adir/sub 755
i/app 644
i/empty-i 755
i/idir 755
i/idir/f 644
i/idir/sub 755
i/imm 644'

command -v chattr >/dev/null 2>&1 || skip "chattr is missing"
command -v lsattr >/dev/null 2>&1 || skip "lsattr is missing"
attrs_work || skip "chattr +i/+a does not work on the file system of $T"

setup_w
for jobs in -j1 -j4; do
	for opt in "" --chmod --contents "--contents --chmod"; do
		CASE="immutable, $opt $jobs"
		mk_tree
		id_i=$(identity i) || fail "stat"
		want_err "sw-rmtree: cannot remove 'i/imm': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/app': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/empty-i': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/idir': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/adir': Operation not permitted"
		# shellcheck disable=SC2086  # $opt: zero, one or two words
		plan_then_remove "$jobs" $opt i
		expect_rc 1
		expect_left "$LEFT"
		expect_identity i "$id_i"
		for f in i/imm i/idir i/empty-i; do
			case $(lsattr -d "$f") in
			*i*) ;;
			*) fail "$CASE: $f lost its immutable attribute" ;;
			esac
		done
		for f in i/app i/adir; do
			case $(lsattr -d "$f") in
			*a*) ;;
			*) fail "$CASE: $f lost its append-only attribute" ;;
			esac
		done
		drop_tree
	done
done
exit 0
