#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 4, configuration files: the user's file
# ${XDG_CONFIG_HOME:-~/.config}/sw-rmtree/protected holds one absolute path
# per line, "~/" for the home, "#" comments (whole line, or after white
# space) and blank lines.  Its paths are refused like built-in ones, the
# message naming file and line.  A relative path is an error naming file
# and line (exit 2, nothing removed); a missing file is fine.
# The system file is covered by guard-config-system.sh.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p home/alice/mine xdg/sw-rmtree keep1 keep2 other || fail "mkdir"
HOME=$T/home/alice
XDG_CONFIG_HOME=$T/xdg
export HOME XDG_CONFIG_HOME
conf=$T/xdg/sw-rmtree/protected

# 1. A good file.
cat >"$conf" <<EOC || fail "write"
# paths sw-rmtree must never remove

   $T/keep1
$T/keep2/   # trailing comment
~/mine
/nonexistent/sw-rmtree-test
EOC
run "$T/keep1"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/keep1': protected path ('$conf':3)"
run keep2
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'keep2': protected path ('$conf':4)"
run "$T/home/alice/mine"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/home/alice/mine': protected path ('$conf':5)"
run other
expect_rc 0
expect_no_err
assert_gone "$T/other"
assert_exists "$T/keep1"
assert_exists "$T/keep2"

# 2. Without XDG_CONFIG_HOME: ~/.config/sw-rmtree/protected.
mkdir -p home/alice/.config/sw-rmtree other || fail "mkdir"
printf '%s\n' "$T/other" >home/alice/.config/sw-rmtree/protected || fail "write"
unset XDG_CONFIG_HOME
run other
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'other': protected path ('$T/home/alice/.config/sw-rmtree/protected':1)"
assert_exists "$T/other"
XDG_CONFIG_HOME=$T/xdg
export XDG_CONFIG_HOME

# 3. A malformed file: a relative path, an error naming file and line;
# nothing is removed, not even unrelated PATHs.
printf '# ok\n%s\n\nrelative/path\n' "$T/keep1" >"$conf" || fail "write"
run other
expect_rc 2
expect_err "sw-rmtree: '$conf':4: protected path is not absolute"
assert_exists "$T/other"

# 4. A missing file is fine.
rm -f -- "$conf" || fail "rm"
run other
expect_rc 0
expect_no_err
assert_gone "$T/other"
XDG_CONFIG_HOME=$T/nowhere/at/all
run keep1
expect_rc 0
expect_no_err
assert_gone "$T/keep1"
exit 0
