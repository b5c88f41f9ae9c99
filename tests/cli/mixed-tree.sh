#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# A tree with every kind of entry and awkward names goes completely and
# quietly; -v lists every entry once, children before their directory and
# PATH last, spelled from PATH as given (trailing slashes dropped) and
# quoted like `ls --quoting-style=shell-escape`; -v -0 lists raw bytes.
# Links to outside the tree leave their targets alone.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

outside_snapshot()
{
	(cd "$T" && find outside -printf '%p %y %s %m %n %i %T@ %l\n' |
		LC_ALL=C sort && find outside -type f -exec cksum {} + | LC_ALL=C sort)
}

show_diff()
{
	diff -u "$1" "$2" | cat -A >&2
	fail "$3"
}

# ---- plain removal ----------------------------------------------------------
mktree tree
before=$(outside_snapshot)
n=$(find tree | wc -l)
[ "$n" -ge 25 ] || fail "mktree built only $n entries"
run tree
expect_rc 0
expect_no_err
expect_out_file /dev/null
assert_gone tree
[ "$(outside_snapshot)" = "$before" ] || fail "something outside the tree changed"

# ---- -v: the listing, in the same locale as ls ----------------------------
LC_ALL=C.UTF-8
export LC_ALL
mktree d
q()
{
	ls -dU --color=never --quoting-style=shell-escape -- "$@"
}
# Every entry once, as ls quotes it.
find d -depth -exec ls -dU --color=never --quoting-style=shell-escape -- {} + |
	LC_ALL=C sort >"$T/expected.sorted" || fail "find | ls"
# "entry<TAB>its directory", both quoted (quoted names hold no raw tabs).
find d -mindepth 1 -exec sh -c '
	for p do
		ls -dU --color=never --quoting-style=shell-escape -- "$p" "${p%/*}"
	done' sh {} + | paste - - >"$T/pairs" || fail "find | ls pairs"
weird_nl=$(q "d/$(printf 'new\nline')")
weird_bad=$(q "d/$(printf 'bad\377\376name')")
run -v d
LC_ALL=C
expect_rc 0
expect_no_err
assert_gone d
LC_ALL=C sort "$T/.out" >"$T/actual.sorted"
cmp -s "$T/expected.sorted" "$T/actual.sorted" ||
	show_diff "$T/expected.sorted" "$T/actual.sorted" \
		"-v does not list every entry exactly once, quoted as ls does"
# (the comparison above also proves each entry is listed once)
[ "$(tail -n 1 "$T/.out")" = d ] || fail "PATH is not listed last"
awk -F '\t' '
	NR == FNR { pos[$0] = FNR; next }
	!($1 in pos) || !($2 in pos) || pos[$1] >= pos[$2] {
		print "listed after its directory: " $1; bad = 1
	}
	END { exit bad }' "$T/.out" "$T/pairs" >&2 ||
	fail "-v lists a directory before its entries"
# The awkward names by themselves (also covered above, but say which broke).
for w in "$weird_nl" "$weird_bad" "d/-dash" "'d/with space'" "d/café"; do
	grep -Fxq -e "$w" "$T/.out" || fail "-v does not list $w as ls quotes it"
done

# Trailing slashes are dropped; the PATH is otherwise spelled as given.
mkdir -p e/sub ./f2 || fail "mkdir"
: >e/sub/x || fail "touch"
: >f2/y || fail "touch"
run -v e// ./f2/
expect_rc 0
expect_no_err
expect_out e/sub/x e/sub e ./f2/y ./f2
assert_gone e
assert_gone f2

# ---- -v -0: raw bytes, NUL-terminated ---------------------------------------
mktree z
find z -depth -print0 | LC_ALL=C sort -z >"$T/expected0" || fail "find -print0"
run -v -0 z
expect_rc 0
expect_no_err
assert_gone z
LC_ALL=C sort -z "$T/.out" >"$T/actual0"
cmp -s "$T/expected0" "$T/actual0" ||
	show_diff "$T/expected0" "$T/actual0" "-v -0 does not list every entry once, raw"
[ "$(tail -c 3 "$T/.out" | od -An -tx1 | tr -d ' \n')" = 007a00 ] ||
	fail "-v -0 does not end with the PATH and a NUL"

[ "$(outside_snapshot)" = "$before" ] || fail "something outside the trees changed"
exit 0
