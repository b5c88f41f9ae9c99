#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 8 and Details (descriptors): every PATH is resolved by the
# guards before the first removal, and the process still holds no more
# than half of its descriptor limit.  10,000 PATHs on one command line go
# under `ulimit -n 64`: files in one directory (they share one held
# parent), and directories each in a directory of its own (only a few
# parents are held; the others are opened again at their turn and
# identity-checked).  Exit 0, no message, everything gone, nothing else
# touched.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "10,000 PATHs under ulimit -n 64"

n=10000
mkdir -p d p keep || fail "mkdir"
: >keep/sentinel || fail "touch"
seq -f 'd/f%g' 1 "$n" >files.list || fail "seq"
seq -f 'p/%g/x/y' 1 "$n" | xargs mkdir -p || fail "mkdir -p"
seq -f 'p/%g/x' 1 "$n" >dirs.list || fail "seq"
xargs touch <files.list || fail "touch"

# in_limit LIST ARGS: the binary on the PATHs in LIST under ulimit -n 64.
in_limit()
{
	list=$1
	shift
	# shellcheck disable=SC2016,SC2046  # for the inner shell
	sandbox_exec /bin/sh -c 'ulimit -n 64 || exit 98
list=$1 limit=$2
shift 2
exec timeout -k 10 "$limit" "$SWRMTREE_BIN" "$@" $(cat "$list")' \
		sh "$list" "$SWRMTREE_TEST_TIMEOUT" "$@"
	[ "$rc" != 98 ] || skip "cannot lower the descriptor limit"
}

for jobs in -j1 -j4; do
	in_limit files.list "$jobs"
	expect_rc 0
	expect_no_err
	[ -z "$(ls -A d)" ] || fail "$jobs: files are left in d: $(ls -A d | head -n 3)"
	xargs touch <files.list || fail "touch"
done

in_limit dirs.list -j4
expect_rc 0
expect_no_err
left=$(find p -mindepth 2 | head -n 3)
[ -z "$left" ] || fail "directories are left below p: $left"
[ "$(find p -mindepth 1 -maxdepth 1 | wc -l)" = "$n" ] ||
	fail "the PATHs' parents were touched"
assert_exists "$T/keep/sentinel"
exit 0
