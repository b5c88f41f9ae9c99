#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# An empty --detach-log= (a variable that was not set) is a usage error,
# as an empty --protect= is: nothing is renamed or removed, rather than
# the background process's messages going elsewhere in silence.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p p/d || fail "mkdir"
: >p/d/f || fail "touch"

run --detach --detach-log= p/d
expect_rc 2
grep -q -- "--detach-log needs a non-empty FILE" "$T/.err" ||
	fail "no message about the empty --detach-log"
assert_exists p/d/f
[ -z "$(find p -mindepth 1 -maxdepth 1 ! -name d)" ] ||
	fail "something was renamed: $(ls -A p)"

run --detach-log '' --detach p/d
expect_rc 2
assert_exists p/d/f
exit 0
