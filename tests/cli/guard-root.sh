#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 3: the root directory is refused (exit 2), compared by
# identity, not spelling: "/", "//", "///", and a chain of symbolic links
# that lands on "/" written so that it resolves there ("l/", "l2//").  "/./"
# and "/tmp/.." are refused as well, by the dot rule (Guards 2), which is
# checked first.  Without the trailing slash a link to "/" is only a link:
# it is removed, "/" is not touched (Guards 5).  The binary runs in the
# read-only sandbox, so even a broken guard could not remove anything.
# --no-preserve-root is covered by guard-no-preserve-root.sh.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

root_msg="it is the root directory (use --no-preserve-root to override)"

for p in / // ///; do
	run "$p"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$p': $root_msg"
	expect_err_count 1
done

run /./
expect_rc 2
expect_err "sw-rmtree: refusing to remove '/./': last component is '.'"
run /tmp/..
expect_rc 2
expect_err "sw-rmtree: refusing to remove '/tmp/..': last component is '..'"

# A symlinked chain landing on "/".
ln -s / "$T/l" || fail "ln -s"
ln -s l "$T/l2" || fail "ln -s"
run "$T/l/"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/l/': $root_msg"
run l2//
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'l2//': $root_msg"
run "$T/l2/tmp/.."
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/l2/tmp/..': last component is '..'"
# -f does not weaken any guard, and with several PATHs nothing goes.
mkdir keep || fail "mkdir"
run -f keep "$T/l/"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/l/': $root_msg"
assert_exists "$T/keep"
assert_exists "$T/l"

# Without the slash it is a link like any other: removed as a link.
run l2
expect_rc 0
expect_no_err
assert_gone "$T/l2"
assert_exists "$T/l"
[ -d /tmp ] || fail "/tmp is gone?"
exit 0
