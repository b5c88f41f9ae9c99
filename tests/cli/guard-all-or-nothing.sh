#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Exit status 2 and Guards: every PATH is checked before the first
# removal; when any guard refuses any PATH, nothing at all is removed,
# whatever the position of the refused PATH.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export XDG_CONFIG_HOME="$T/xdg"
mktree good
mkdir -p also/sub keep || fail "mkdir"

run good .
expect_rc 2
expect_err "sw-rmtree: refusing to remove '.': last component is '.'"
expect_err_count 1
assert_exists "$T/good/file.txt"
assert_exists "$T/good/sub/nested/deep/file"

run good/./ also
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'good/./': last component is '.'"
assert_exists "$T/good/file.txt"
assert_exists "$T/also/sub"

# Every refusal is reported, the good PATHs are not touched.
run --protect="$T/keep" good "" also keep
expect_rc 2
expect_err "sw-rmtree: refusing to remove '': empty path"
expect_err "sw-rmtree: refusing to remove 'keep': protected path (--protect)"
expect_err_count 2
assert_exists "$T/good/file.txt"
assert_exists "$T/also/sub"
assert_exists "$T/keep"

# Not even a dry run lists anything.
run -n good also/..
expect_rc 2
# shellcheck disable=SC2119  # no arguments: stdout must be empty
expect_out
assert_exists "$T/good/file.txt"

# Once every PATH passes, they all go.
run good also
expect_rc 0
assert_gone "$T/good"
assert_gone "$T/also"
exit 0
