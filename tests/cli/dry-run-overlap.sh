#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# PATHs that overlap (`a a`, `a a/b`): in a real run, a PATH that no longer
# exists when its turn comes counts as missing, an error unless -f (SPEC:
# Details).  The dry run predicts exactly that: it lists each entry once,
# reports the later PATH as missing (No such file or directory), counts it
# as a failure, and exits as the real run does; with -f, quietly.  With
# --contents, a PATH inside an emptied one is missing too, but the same
# PATH twice is not (it stays).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mk()
{
	rm -rf a c && mkdir -p a/b/c c || fail "mkdir"
	: >a/b/f && : >a/g && : >c/h || fail "touch"
}

# both ARG...: the dry run, then the real run; same exit status, the plan's
# list equal to what went, and the same messages (but the summary).
both()
{
	mk
	run -n "$@"
	plan_rc=$rc
	sort "$T/.out" >"$T/plan.out"
	grep -v '^would remove ' "$T/.err" >"$T/plan.err"
	mk
	run -v "$@"
	sort "$T/.out" >"$T/real.out"
	cp "$T/.err" "$T/real.err" || fail "cp"
	[ "$plan_rc" = "$rc" ] || fail "$CASE: the plan exits $plan_rc, the real run $rc"
	cmp -s "$T/plan.out" "$T/real.out" || {
		diff -u "$T/plan.out" "$T/real.out" >&2
		fail "$CASE: the plan lists other entries than the real run removes"
	}
	cmp -s "$T/plan.err" "$T/real.err" || {
		diff -u "$T/plan.err" "$T/real.err" >&2
		fail "$CASE: the plan predicts other messages than the real run prints"
	}
	[ "$(sort -u "$T/plan.out" | wc -l)" = "$(wc -l <"$T/plan.out")" ] ||
		fail "$CASE: the plan lists an entry twice"
}

CASE="a a/b"
both a a/b
expect_rc 1
grep -qxF "sw-rmtree: cannot remove 'a/b': No such file or directory" "$T/plan.err" ||
	fail "$CASE: the missing PATH is not predicted"
mk
run -n a a/b
grep -qxF "would remove 2 files, 3 directories, 0 bytes" "$T/.err" ||
	{ _swrmtree_show; fail "$CASE: the summary counts a/b twice"; }

CASE="a a"
both a a
expect_rc 1

CASE="a c a/b/c"
both a c a/b/c
expect_rc 1

CASE="-f a a/b"
both -f a a/b
expect_rc 0
[ -s "$T/plan.err" ] && fail "$CASE: -f still reports the missing PATH"

CASE="--contents a a/b"
both --contents a a/b
expect_rc 1

CASE="--contents a a"
both --contents a a
expect_rc 0
exit 0
