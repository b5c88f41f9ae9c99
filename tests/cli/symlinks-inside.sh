#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Symbolic links inside the tree are removed, never followed: whatever they
# point to (directories and files outside, the tree's own parent, the
# scratch root) is exactly as it was, contents and metadata.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p outside/dir/sub outside/empty work/tree/a/b || fail "mkdir"
printf 'precious\n' >outside/file || fail "write"
printf 'deeper\n' >outside/dir/sub/f || fail "write"
head -c 10000 /dev/urandom >outside/dir/blob || fail "write"
ln -s file outside/link || fail "ln"
: >work/sibling || fail "touch"

ln -s "$T/outside/dir" work/tree/abs-dir || fail "ln"
ln -s ../../outside/dir work/tree/rel-dir || fail "ln"
ln -s "$T/outside/file" work/tree/abs-file || fail "ln"
ln -s ../../../../outside/file work/tree/a/b/rel-file || fail "ln"
ln -s "$T/outside/empty" work/tree/a/empty-dir || fail "ln"
ln -s .. work/tree/up || fail "ln"
ln -s ../.. work/tree/a/b/up2 || fail "ln"
ln -s "$T" work/tree/a/scratch || fail "ln"
ln -s "$T/outside/link" work/tree/chain || fail "ln"
ln -s . work/tree/self || fail "ln"

snapshot()
{
	(cd "$T" && find outside work/sibling -printf '%p %y %s %m %n %i %T@ %l\n' |
		LC_ALL=C sort &&
		find outside -type f -exec cksum {} + | LC_ALL=C sort)
}
before=$(snapshot)

cd work || fail "cd"
run tree
expect_rc 0
expect_no_err
assert_gone tree
after=$(snapshot)
if [ "$after" != "$before" ]; then
	printf '%s\n' "$before" >"$T/.before"
	printf '%s\n' "$after" >"$T/.after"
	diff -u "$T/.before" "$T/.after" >&2
	fail "something outside the tree changed"
fi
exit 0
