#!/bin/sh
# --contents (issue 5, point 5): everything inside each PATH goes, and the
# PATH itself stays with its mode, owner and identity (device and inode)
# unchanged; PATH is not counted among the directories removed.  It works
# together with the other options: -n (which predicts exactly the real
# run), -v, -0, --json, --stats, -f, -j, --chmod (see the perm-*.sh
# scripts), and the guards still apply.  A PATH that is not a directory,
# a symbolic link to one included, is reported as `Not a directory` and
# kept; exit status 1.  As uid 65534, -j1 and -j4.
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

outside_snapshot()
{
	(cd "$T" && find outside -printf '%p %y %s %m %i %T@\n' | sort)
}

setup_w
for jobs in -j1 -j4; do
	# Every kind of entry and awkward name; d has an unusual mode.
	CASE="--contents, $jobs"
	mktree d
	chown -R 65534:65534 d || fail "chown"
	chmod 0751 d || fail "chmod"
	id_d=$(identity d) && before=$(outside_snapshot) || fail "stat"
	want_err
	plan_then_remove "$jobs" --contents d
	expect_rc 0
	expect_left 'd 751'
	expect_identity d "$id_d"
	[ "$(outside_snapshot)" = "$before" ] || fail "$CASE: something outside changed"
	rmdir d || fail "rmdir d"

	# Several PATHs, -f with a missing one, an empty one, --stats: PATH
	# is not counted.
	CASE="--contents --stats -f, $jobs"
	mkdir -p a/s b e || fail "mkdir"
	printf 'data\n' >a/x && printf 'data\n' >a/s/y && printf 'data\n' >b/z ||
		fail "create"
	chown -R 65534:65534 a b e || fail "chown"
	id_a=$(identity a) && id_b=$(identity b) && id_e=$(identity e) || fail "stat"
	want_err
	plan_then_remove "$jobs" --contents --stats -f a missing b e
	expect_rc 0
	grep -aq '^removed 3 files, 1 directories, 15 bytes in ' "$T/.err" ||
		{ _swrmtree_show; fail "$CASE: wrong --stats counts"; }
	expect_left 'a 755' 'b 755' 'e 755'
	expect_identity a "$id_a"
	expect_identity b "$id_b"
	expect_identity e "$id_e"
	rmdir a b e || fail "rmdir"

	# A file and a symbolic link to a directory: Not a directory, kept;
	# the directory next to them is still emptied.
	CASE="--contents on non-directories, $jobs"
	mkdir -p target/sub dir || fail "mkdir"
	printf 'data\n' >target/sub/t && printf 'keep\n' >f && : >dir/g ||
		fail "create"
	ln -s target link || fail "ln -s"
	chown -R 65534:65534 target dir f || fail "chown"
	chown -h 65534:65534 link || fail "chown"
	want_err "sw-rmtree: cannot remove 'f': Not a directory" \
		"sw-rmtree: cannot remove 'link': Not a directory"
	plan_then_remove "$jobs" --contents f link dir
	expect_rc 1
	expect_left 'dir 755' 'f 644' 'link 777' 'target 755' 'target/sub 755' \
		'target/sub/t 644'
	[ "$(cat f)" = keep ] || fail "$CASE: f was changed"
	[ "$(readlink link)" = target ] || fail "$CASE: link was changed"
	rm -rf target dir f link || fail "cleanup"
done

# --json: the PATH is neither listed nor counted.
CASE="--contents --json"
mkdir -p j/s || fail "mkdir"
printf 'data\n' >j/s/x || fail "create"
chown -R 65534:65534 j || fail "chown"
for n in -n ""; do
	run_as_nobody $n -v --json --contents j
	expect_rc 0
	expect_out '{"path": "j/s/x", "type": "file", "size": 5}' \
		'{"path": "j/s", "type": "dir", "size": 0}' \
		"{\"summary\": {\"files\": 1, \"directories\": 1, \"bytes\": 5, \"failed\": 0, \"dry_run\": $([ -n "$n" ] && echo true || echo false)}}"
done
expect_left 'j 755'

# The guards apply unchanged: a PATH that holds a protected path is
# refused even though it would be kept, and nothing at all goes.
CASE="--contents and guards"
mkdir -p g/keep g/x || fail "mkdir"
: >g/x/y || fail "create"
chown -R 65534:65534 g || fail "chown"
run_as_nobody --contents --protect=g/keep g j
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'g': contains protected path 'g/keep' (--protect)"
expect_err_count 1
expect_left 'g 755' 'g/keep 755' 'g/x 755' 'g/x/y 644' 'j 755'
exit 0
