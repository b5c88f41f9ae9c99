#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Guard 5: a PATH that is a symbolic link is removed as a link, its target
# untouched; written with a trailing slash it is refused (exit 2) and,
# like every refusal, nothing at all is removed.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p target/sub good || fail "mkdir"
printf 'one\n' >target/f || fail "write"
printf 'two\n' >target/sub/g || fail "write"
: >good/f || fail "write"
printf 'file\n' >file-target || fail "write"
snapshot()
{
	(cd "$T/target" && find . -printf '%p %y %s %m\n' | LC_ALL=C sort &&
		cat f sub/g)
}
before=$(snapshot)

# Relative and absolute links to a directory, a link to a file.
ln -s target rel || fail "ln"
ln -s "$T/target" abs || fail "ln"
ln -s file-target to-file || fail "ln"
for l in rel abs to-file; do
	run "$l"
	expect_rc 0
	expect_no_err
	assert_gone "$l"
done
[ "$(snapshot)" = "$before" ] || fail "the link's target changed"
[ "$(cat file-target)" = file ] || fail "the file behind the link changed"

# A link inside a directory named as PATH with its parent.
mkdir holder || fail "mkdir"
ln -s ../target holder/link || fail "ln"
run holder/link
expect_rc 0
assert_gone holder/link
assert_exists holder

# Trailing slash: refused.
ln -s target link || fail "ln"
for p in link/ link//; do
	run "$p"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$p': is a symbolic link; not following it"
	assert_exists link
	[ "$(snapshot)" = "$before" ] || fail "'$p' was refused but the target changed"
done

# ... and nothing else goes either.
run good link/
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'link/': is a symbolic link; not following it"
assert_exists good/f
assert_exists link
[ "$(snapshot)" = "$before" ] || fail "the target changed"

# A dangling link with a trailing slash is not a directory either.
ln -s nowhere dangling || fail "ln"
run dangling/
[ "$rc" != 0 ] || fail "'dangling/' should not succeed"
assert_exists dangling
exit 0
