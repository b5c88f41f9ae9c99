#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# -f: a missing PATH is not an error and is not reported; the other PATHs
# are still removed.  A PATH below a file ("file/x") is missing too.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run -f nope
expect_rc 0
expect_no_err
expect_out_file /dev/null

mkdir -p real/sub || fail "mkdir"
: >real/sub/f || fail "touch"
run -f nope real
expect_rc 0
expect_no_err
assert_gone real

# Long option, missing PATH after a real one, missing parent directory.
: >file || fail "touch"
run --force file nope/deeper/still-nope
expect_rc 0
expect_no_err
assert_gone file

# A PATH below a non-directory does not exist either (ENOTDIR on the
# lookup), as for rm -f: not an error, the other PATHs still go, and the
# file on the way stays.
: >file || fail "touch"
mkdir -p other/sub || fail "mkdir"
run -f file/x other
expect_rc 0
expect_no_err
assert_gone other
assert_exists file
run -f file/x/y
expect_rc 0
expect_no_err
assert_exists file

# Without -f the same is an error (the contrast that makes -f matter).
run nope
expect_rc 1
expect_err "sw-rmtree: cannot remove 'nope': No such file or directory"

run file/x
expect_rc 1
expect_err "sw-rmtree: cannot remove 'file/x': Not a directory"
assert_exists file
exit 0
