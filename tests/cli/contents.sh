#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --contents: everything inside each PATH goes, and the
# PATH itself stays with its mode, owner and identity (device and inode)
# unchanged; PATH is not counted among the directories removed.  It works
# together with the other options: -n (which predicts exactly the real
# run), -v, -0, --json, --stats, -f, -j, --chmod (see the perm-*.sh
# scripts), and the guards still apply.  A PATH that is not a directory,
# a symbolic link to one included, is reported as `Not a directory` and
# kept; exit status 1.  As uid 65534, -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

outside_snapshot()
{
	(cd "$T" && find outside -printf '%p %y %s %m %i %T@\n' | sort)
}

setup_w
for jobs in -j1 -j4; do
	# Every kind of entry and awkward name; d has an unusual mode.
	CASE="--contents, $jobs"
	mktree d
	chown -R "$NOBODY_UID:$NOBODY_GID" d || fail "chown"
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
	chown -R "$NOBODY_UID:$NOBODY_GID" a b e || fail "chown"
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
	chown -R "$NOBODY_UID:$NOBODY_GID" target dir f || fail "chown"
	chown -h "$NOBODY_UID:$NOBODY_GID" link || fail "chown"
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
chown -R "$NOBODY_UID:$NOBODY_GID" j || fail "chown"
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
chown -R "$NOBODY_UID:$NOBODY_GID" g || fail "chown"
run_as_nobody --contents --protect=g/keep g j
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'g': contains protected path 'g/keep' (--protect)"
expect_err_count 1
expect_left 'g 755' 'g/keep 755' 'g/x 755' 'g/x/y 644' 'j 755'
exit 0
