#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# An empty directory the caller cannot read (mode 0000, 0100 or 0300) in a
# writable parent goes without a message, as with GNU rm and Go's
# os.RemoveAll: after the open fails with EACCES, rmdir is tried once.
# One that is not empty stays, reported once with "Permission denied";
# one whose parent is not writable stays too.  The dry run cannot see
# inside and predicts each of them to stay (the man page's stated
# exception).  As uid 65534, with -j1 and -j4, and with --contents (the
# PATH itself stays).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

mk_tree()
{
	mkdir -p u/e0 u/e1 u/e3 u/full u/ro/e u/ok || fail "mkdir"
	printf 'data\n' >u/full/x && printf 'data\n' >u/ok/f || fail "cannot create files"
	chown -R "$NOBODY_UID:$NOBODY_GID" u || fail "chown"
	chmod 0000 u/e0 u/full u/ro/e && chmod 0100 u/e1 && chmod 0300 u/e3 &&
		chmod 0555 u/ro || fail "chmod"
}

setup_w
for jobs in -j1 -j4; do
	CASE="unreadable empty directories, $jobs"
	mk_tree
	run_as_nobody "$jobs" u
	expect_rc 1
	expect_err_count 2
	expect_err "sw-rmtree: cannot remove 'u/full': Permission denied"
	expect_err "sw-rmtree: cannot remove 'u/ro/e': Permission denied"
	expect_left 'u 755' 'u/full 0' 'u/full/x 644' 'u/ro 555' 'u/ro/e 0'

	CASE="unreadable empty directories, dry run, $jobs"
	chmod 0755 u/full && rm -r u/full && chmod 0755 u/ro && rmdir u/ro/e && rmdir u/ro ||
		fail "cleanup"
	mk_tree
	run_as_nobody -n "$jobs" u
	expect_rc 1
	for d in e0 e1 e3 full ro/e; do
		expect_err "sw-rmtree: cannot remove 'u/$d': Permission denied"
	done
	grep -qx 'u/ok/f' "$T/.out" || fail "$CASE: u/ok/f is not listed"
	grep -q '^u/e0$' "$T/.out" && fail "$CASE: u/e0 is listed"

	CASE="unreadable empty directories, one PATH each, $jobs"
	run_as_nobody "$jobs" u/e0 u/e1 u/e3
	expect_rc 0
	expect_no_err
	assert_gone u/e0
	assert_gone u/e1
	assert_gone u/e3

	CASE="an unreadable empty PATH with --contents, $jobs"
	mkdir u/c && chown "$NOBODY_UID:$NOBODY_GID" u/c && chmod 0000 u/c || fail "mkdir u/c"
	run_as_nobody "$jobs" --contents u/c
	expect_rc 1
	expect_err "sw-rmtree: cannot remove 'u/c': Permission denied"
	assert_exists u/c
	chmod 0755 u/full u/ro u/c && rm -r u || fail "cleanup"
done
exit 0
