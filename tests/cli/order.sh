#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# PATHs are handled in order: one that is gone by its turn (`a a`, `a a/b`)
# counts as missing, an error unless -f.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p a/b || fail "mkdir"
run a a
expect_rc 1
expect_err "sw-rmtree: cannot remove 'a': No such file or directory"
expect_err_count 1
assert_gone a

mkdir -p a/b || fail "mkdir"
run -f a a
expect_rc 0
expect_no_err
assert_gone a

mkdir -p a/b/c || fail "mkdir"
run a a/b
expect_rc 1
expect_err "sw-rmtree: cannot remove 'a/b': No such file or directory"
expect_err_count 1
assert_gone a

mkdir -p a/b/c || fail "mkdir"
run -f a a/b
expect_rc 0
expect_no_err
assert_gone a

# Child first, then its parent: both fine.
mkdir -p a/b/c || fail "mkdir"
: >a/f || fail "touch"
run a/b a
expect_rc 0
expect_no_err
assert_gone a

# Order is visible in -v: the first PATH's entries come first.
mkdir -p x/in y/in || fail "mkdir"
run -v y x
expect_rc 0
expect_out y/in y x/in x
exit 0
