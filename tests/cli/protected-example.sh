#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# doc/protected.example, installed as documentation, is a valid
# protected-paths file: as shipped it protects nothing and is read without
# an error; with the "#" before its example paths removed, every line still
# parses and its "~/" entries protect what they name, the refusal naming
# the file.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

example=$SWRMTREE_SRCDIR/doc/protected.example
[ -f "$example" ] || fail "no $example"
mkdir -p home/src home/Documents xdg/sw-rmtree other1 other2 || fail "mkdir"
HOME=$T/home
XDG_CONFIG_HOME=$T/xdg
export HOME XDG_CONFIG_HOME
conf=$T/xdg/sw-rmtree/protected

# 1. As shipped: nothing active, nothing wrong.
cp -- "$example" "$conf" || fail "cp"
[ -z "$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$conf")" ] ||
	fail "the example has active lines: $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$conf")"
run other1
expect_rc 0
expect_no_err
assert_gone "$T/other1"

# 2. The examples switched on.
sed 's/^#\([/~]\)/\1/' "$example" >"$conf" || fail "sed"
n=$(grep -c '^[/~]' "$conf")
[ "$n" -ge 4 ] || fail "only $n example paths in the example file"
run other2
expect_rc 0
expect_no_err
assert_gone "$T/other2"
line=$(grep -n '^~/src' "$conf" | cut -d: -f1)
[ -n "$line" ] || fail "no ~/src example"
run "$T/home/src"
expect_rc 2
grep -aqF "'$conf':$line" "$T/.err" || fail "the refusal does not name '$conf':$line: $(cat "$T/.err")"
assert_exists "$T/home/src"
exit 0
