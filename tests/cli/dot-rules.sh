#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Guards 1 and 2: the empty PATH and a PATH whose last component is `.` or
# `..` (after trailing slashes are stripped) are refused with exit 2, and
# then nothing at all is removed, not even the good PATHs given with them.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# Work two levels down, so that `.` and `..` name directories of ours.
mkdir -p top/here/d/sub top/here/good || fail "mkdir"
: >top/here/d/f || fail "touch"
: >top/here/d/sub/g || fail "touch"
: >top/here/good/f || fail "touch"
cd top/here || fail "cd"

# The whole scratch tree, listed; nothing may change while guards refuse.
listing()
{
	(cd "$T/top" && find . -print | LC_ALL=C sort)
}
before=$(listing)

refused()
{
	# $1: PATH, $2: the last component as the message names it
	run "$1"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$1': last component is '$2'"
	[ "$(listing)" = "$before" ] || fail "'$1' was refused but something changed"
}

refused . .
refused .. ..
refused ./ .
refused ../ ..
refused d/. .
refused d/.. ..
refused d/./ .
refused d/../ ..
refused d//.// .
refused "$T/top/here/d/.." ..

# Combined with a good PATH, before or after it: nothing is removed.
run good d/.
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'd/.': last component is '.'"
assert_exists good/f
run d/.. good
expect_rc 2
assert_exists good/f
run -f good ..
expect_rc 2
assert_exists good/f
[ "$(listing)" = "$before" ] || fail "a refused command line removed something"

# The empty string.
run ''
expect_rc 2
expect_err "sw-rmtree: refusing to remove '': empty path"
run good ''
expect_rc 2
expect_err "sw-rmtree: refusing to remove '': empty path"
assert_exists good/f
run -f '' good
expect_rc 2
assert_exists good/f
[ "$(listing)" = "$before" ] || fail "a refused command line removed something"

# Names that merely start with dots are ordinary.
mkdir .hidden ..dots d/...three || fail "mkdir"
run .hidden ..dots d/...three
expect_rc 0
expect_no_err
assert_gone .hidden
assert_gone ..dots
assert_gone d/...three
exit 0
