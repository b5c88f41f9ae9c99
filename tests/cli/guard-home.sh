#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 4: the caller's home directory ($HOME) is protected, and so
# is every directory above it (by identity: through a symlink too).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p home/alice/src home/bob || fail "mkdir"
echo data >home/alice/src/f || fail "write"
ln -s home h || fail "ln -s"
HOME=$T/home/alice
XDG_CONFIG_HOME=$T/xdg
export HOME XDG_CONFIG_HOME

run "$T/home/alice"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/home/alice': protected path (home directory)"
run "$T/home"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/home': contains protected path '$T/home/alice' (home directory)"
run h/alice/
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'h/alice/': protected path (home directory)"
run "$T/home/bob" h/
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'h/': contains protected path '$T/home/alice' (home directory)"
assert_exists "$T/home/bob"

# A $HOME written with a trailing slash is the same directory.
HOME=$T/home/alice/
run "$T/home/alice"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/home/alice': protected path (home directory)"

# What is inside the home, and the rest, still go.
run "$T/home/alice/src" "$T/home/bob"
expect_rc 0
expect_no_err
assert_gone "$T/home/alice/src"
assert_gone "$T/home/bob"
assert_exists "$T/home/alice"
exit 0
