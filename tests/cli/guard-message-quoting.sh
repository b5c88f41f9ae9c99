#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Messages: every path in every message is quoted, also the protected
# path a guard names and the configuration file a message is about: a
# newline cannot fake a second line, an escape sequence never reaches the
# terminal, and what is printed can be pasted back into a shell.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

nl=$(printf '\nx')
esc=$(printf '\033')
export XDG_CONFIG_HOME="$T/xdg"

# bytes_ok: stderr holds exactly one line and no control byte but the newline.
bytes_ok()
{
	[ "$(wc -l <"$T/.err")" = 1 ] || fail "not one line: $(od -c "$T/.err")"
	LC_ALL=C grep -q '[[:cntrl:]]' "$T/.err" &&
		fail "a control byte in the message: $(od -c "$T/.err")"
	return 0
}

# A protected directory whose name holds a newline, named by --protect.
mkdir -p "a/p$nl" || fail "mkdir"
run --protect="$T/a/p$nl" a
expect_rc 2
bytes_ok
expect_err "sw-rmtree: refusing to remove 'a': contains protected path '$T/a/p'\$'\\n''x' (--protect)"
assert_exists "$T/a/p$nl"

# A configuration file whose directory name holds an escape sequence.
cfg="$T/xdg${esc}[31m"
mkdir -p "$cfg/sw-rmtree" b || fail "mkdir"
printf 'relative\n' >"$cfg/sw-rmtree/protected" || fail "write"
XDG_CONFIG_HOME=$cfg
run b
expect_rc 2
bytes_ok
expect_err "sw-rmtree: '$T/xdg'\$'\\033''[31m/sw-rmtree/protected':1: protected path is not absolute"
assert_exists "$T/b"

# The same file listing a protected path: the origin is quoted too.
printf '%s\n' "$T/b" >"$cfg/sw-rmtree/protected" || fail "write"
run b
expect_rc 2
bytes_ok
expect_err "sw-rmtree: refusing to remove 'b': protected path ('$T/xdg'\$'\\033''[31m/sw-rmtree/protected':1)"
exit 0
