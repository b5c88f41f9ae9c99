#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# `--` ends the options: `sw-rmtree -- -weird` removes a file named -weird;
# without `--` the name is taken for options: usage error, nothing removed.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

: >./-weird || fail "touch -weird"
mkdir ./-dir || fail "mkdir -dir"
: >./-dir/f || fail "touch"

run -weird
expect_rc 2
[ -s "$T/.err" ] || fail "a usage error must say something on stderr"
assert_exists ./-weird

run -- -weird
expect_rc 0
expect_no_err
assert_gone ./-weird

run -f -- -dir
expect_rc 0
expect_no_err
assert_gone ./-dir
exit 0
