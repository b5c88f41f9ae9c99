#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Traversal, mount points inside the tree: a tmpfs, a bind mount on
# the same file system and a file mounted over a file below PATH are never
# entered or removed; each is
# reported once as skipped, its contents survive, its ancestors stay, the
# rest of the tree goes, and the exit status is 1.  With --cross-mounts
# their contents go too, and the mount points stay busy (EBUSY), which the
# dry run predicts.  -j1 and -j4.  The mounts are made inside the
# sandbox and vanish with it.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

sandbox_check || skip "no mount namespace: $_swrmtree_why"

skipped="mount point not crossed (use --cross-mounts to enter it)"

# in_mounts ARG...: build t/ with a tmpfs at t/a/tm and a bind mount of src
# at t/bm, run the binary, then record what is left; all in one sandbox.
in_mounts()
{
	rm -rf t src fsrc && mkdir -p t/a/tm t/bm t/c src/inner || fail "mkdir"
	printf 1 >t/a/f && printf 22 >t/c/g && printf 333 >src/inner/y &&
		: >t/fm && printf 55555 >fsrc || fail "cannot write files"
	# shellcheck disable=SC2016  # expanded by the inner shell
	sandbox_exec /bin/sh -c '. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
mount_tmpfs t/a/tm
printf 4444 >t/a/tm/x && mkdir t/a/tm/sub || exit 91
mount --bind src t/bm || exit 92
mount --bind fsrc t/fm || exit 92
"$SWRMTREE_BIN" "$@"
echo $? >"$T/rc"
find t src | LC_ALL=C sort >"$T/left"
exit 0' sh "$@"
	case $rc in
	0) ;;
	91 | 92) skip "cannot set up the mounts in the sandbox ($rc): $(cat "$T/.err")" ;;
	*) fail "sandbox shell: exit status $rc" ;;
	esac
	rc=$(cat "$T/rc")
}

expect_left()
{
	printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/want" "$T/left" ||
		fail "$CASE: left on disk:$(tr '\n' ' ' <"$T/left"), expected:$(printf ' %s' "$@")"
}

# busy P...: each P reported as busy.
busy()
{
	for p in "$@"; do
		# EBUSY: "Device or resource busy" (glibc), "Resource busy" (musl).
		grep -Eq "^sw-rmtree: cannot remove '$p': (Device or r|R)esource busy\$" "$T/.err" ||
			fail "$CASE: '$p' is not reported busy: $(cat "$T/.err")"
	done
}

for jobs in -j1 -j4; do
	CASE="mount points inside, $jobs"
	in_mounts "$jobs" t
	expect_rc 1
	expect_err_count 3
	expect_err "sw-rmtree: skipping 't/a/tm': $skipped"
	expect_err "sw-rmtree: skipping 't/bm': $skipped"
	expect_err "sw-rmtree: skipping 't/fm': $skipped"
	# The mounts, what they hold, and their ancestors stay; t/c goes.
	expect_left src src/inner src/inner/y t t/a t/a/tm t/a/tm/sub t/a/tm/x t/bm \
		t/bm/inner t/bm/inner/y t/fm

	CASE="mount points inside, dry run, $jobs"
	in_mounts -n "$jobs" t
	expect_rc 1
	expect_err_count 4     # and the summary
	expect_err "sw-rmtree: skipping 't/a/tm': $skipped"
	expect_err "sw-rmtree: skipping 't/bm': $skipped"
	expect_err "sw-rmtree: skipping 't/fm': $skipped"
	# Removal order depends on the directory's order: compare as sets.
	LC_ALL=C sort "$T/.out" >"$T/out-sorted"
	printf '%s\n' t/a/f t/c t/c/g | cmp -s - "$T/out-sorted" ||
		fail "$CASE: listed: $(cat "$T/.out")"

	# --cross-mounts: their contents go; a mount point itself cannot be
	# removed while mounted (EBUSY), so it and its ancestors stay.
	CASE="--cross-mounts, $jobs"
	in_mounts --cross-mounts "$jobs" t
	expect_rc 1
	grep -q skipping "$T/.err" && fail "$CASE: skipped a mount point: $(cat "$T/.err")"
	# EBUSY: "Device or resource busy" (glibc), "Resource busy" (musl).
	expect_err_count 3
	busy t/a/tm t/bm t/fm
	# (t/bm/inner was src/inner: it went through the bind mount.)
	expect_left src t t/a t/a/tm t/bm t/fm

	CASE="--cross-mounts, dry run, $jobs"
	in_mounts -n --cross-mounts "$jobs" t
	expect_rc 1
	grep -q skipping "$T/.err" && fail "$CASE: skipped a mount point: $(cat "$T/.err")"
	expect_err_count 4     # and the summary
	busy t/a/tm t/bm t/fm
	LC_ALL=C sort "$T/.out" >"$T/out-sorted"
	printf '%s\n' t/a/f t/a/tm/sub t/a/tm/x t/bm/inner t/bm/inner/y t/c t/c/g |
		cmp -s - "$T/out-sorted" || fail "$CASE: listed: $(cat "$T/.out")"
done
exit 0
