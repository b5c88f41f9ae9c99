#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# btrfs subvolumes are part of the tree, not mount points: a subvolume
# (its own st_dev, but on its parent's mount and not a mount root) is
# entered and removed, nested ones too, with -j1 and -j4, and the dry run
# lists the same entries and predicts no failure.  A real mount (a tmpfs)
# inside the same tree is still skipped.  A protected path on btrfs,
# reached through a mount of a subvolume elsewhere, still protects its
# ancestors on the other mount, and other directories of that file system
# are not refused for "unknown mounts" (the mount table's device of a
# btrfs mount is not the st_dev of any of its directories).
# Needs root (a loop device), btrfs in the kernel and mkfs.btrfs/btrfs;
# everything is made inside the test's mount namespace.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

need_root "a loop device for the btrfs image"
sandbox_check || skip "no mount namespace: $_swrmtree_why"
grep -qw btrfs /proc/filesystems 2>/dev/null || skip "the kernel has no btrfs"
command -v mkfs.btrfs >/dev/null 2>&1 || skip "mkfs.btrfs is missing (btrfs-progs)"
command -v btrfs >/dev/null 2>&1 || skip "btrfs is missing (btrfs-progs)"
[ -e /dev/loop-control ] || skip "no loop devices (/dev/loop-control)"

# in_btrfs SCRIPT ARG...: mount img on m (and the subvolume m/top/sv on
# view), build the tree, run SCRIPT with "$@" in one sandbox; SCRIPT
# writes $T/rc and $T/left.
in_btrfs()
{
	script=$1
	shift
	rm -f img && truncate -s 160M img && mkfs.btrfs -q img >"$T/mkfs.log" 2>&1 ||
		skip "mkfs.btrfs failed: $(tail -n 1 "$T/mkfs.log")"
	mkdir -p m view || fail "mkdir"
	# shellcheck disable=SC2016  # expanded by the inner shell
	sandbox_exec /bin/sh -c 'mount -o loop img m 2>"$T/mount.err" || exit 90
mkdir -p m/top/plain/d m/top/tm && printf 1 >m/top/plain/d/f || exit 91
btrfs -q subvolume create m/top/sv >/dev/null || exit 92
mkdir -p m/top/sv/d/e && printf 22 >m/top/sv/d/e/g && printf 333 >m/top/sv/h || exit 91
btrfs -q subvolume create m/top/sv/nested >/dev/null || exit 92
printf 4444 >m/top/sv/nested/n && mkdir m/top/sv/keep || exit 91
mount -t tmpfs tmpfs m/top/tm && printf 5 >m/top/tm/x || exit 90
mount -o loop,subvol=top/sv img view 2>>"$T/mount.err" || exit 90
script=$1
shift
eval "$script"
exit 0' sh "$script" "$@"
	case $rc in
	0) ;;
	90) skip "cannot mount the btrfs image in the sandbox: $(cat "$T/mount.err" "$T/.err")" ;;
	91 | 92) fail "cannot build the tree on btrfs ($rc): $(cat "$T/.err")" ;;
	*) fail "sandbox shell: exit status $rc" ;;
	esac
	rc=$(cat "$T/rc")
}

# A run of the binary, then what is left below m (sorted).
run_it='"$SWRMTREE_BIN" "$@"; echo $? >"$T/rc"; (cd m && find . | LC_ALL=C sort) >"$T/left"'

skipped="mount point not crossed (use --cross-mounts to enter it)"

for jobs in -j1 -j4; do
	CASE="subvolumes in the tree, $jobs"
	in_btrfs "$run_it" "$jobs" m/top
	expect_rc 1
	expect_err_count 1
	expect_err "sw-rmtree: skipping 'm/top/tm': $skipped"
	# The subvolumes went with everything in them; the tmpfs stayed.
	printf '%s\n' . ./top ./top/tm ./top/tm/x >"$T/want"
	cmp -s "$T/want" "$T/left" ||
		fail "$CASE: left: $(tr '\n' ' ' <"$T/left")"

	CASE="subvolumes in the tree, dry run, $jobs"
	in_btrfs "$run_it" -n "$jobs" m/top
	expect_rc 1
	expect_err "sw-rmtree: skipping 'm/top/tm': $skipped"
	for p in m/top/sv m/top/sv/nested m/top/sv/nested/n m/top/sv/d/e/g m/top/plain/d/f; do
		grep -qx "$p" "$T/.out" || fail "$CASE: '$p' is not listed: $(tr '\n' ' ' <"$T/.out")"
	done
	grep -q "^sw-rmtree: .*m/top/sv" "$T/.err" &&
		fail "$CASE: a failure is predicted in a subvolume: $(cat "$T/.err")"
	grep -qx 'm/top' "$T/.out" && fail "$CASE: m/top is listed, but the tmpfs keeps it"
done

# A PATH that is a subvolume: not a mount point, so not refused.
CASE="a subvolume as PATH"
in_btrfs "$run_it" m/top/sv
expect_rc 0
expect_no_err
grep -q '^\./top/sv' "$T/left" && fail "$CASE: left: $(tr '\n' ' ' <"$T/left")"

# Protected m/top/sv/keep, given through the subvolume's own mount (view):
# its ancestors on the other mount (m/top, m) are refused by identity,
# and a sibling directory on the same file system is not refused.
CASE="protected path through a subvolume mount"
# shellcheck disable=SC2016  # expanded by the inner shell
in_btrfs '"$SWRMTREE_BIN" -n --protect="$PWD/view/keep" m/top >"$T/o1" 2>"$T/e1"; echo $? >"$T/rc1"
"$SWRMTREE_BIN" -n --protect="$PWD/view/keep" m/top/plain >"$T/o2" 2>"$T/e2"; echo $? >"$T/rc2"
"$SWRMTREE_BIN" -n --protect="$PWD/view/keep" m/top/sv >"$T/o3" 2>"$T/e3"; echo $? >"$T/rc3"
echo 0 >"$T/rc"; : >"$T/left"'
[ "$(cat "$T/rc1")" = 2 ] || fail "$CASE: m/top: exit $(cat "$T/rc1"): $(cat "$T/e1")"
grep -q "^sw-rmtree: refusing to remove 'm/top': .*contains protected path" "$T/e1" ||
	fail "$CASE: m/top: $(cat "$T/e1")"
[ "$(cat "$T/rc2")" = 0 ] || fail "$CASE: m/top/plain: exit $(cat "$T/rc2"): $(cat "$T/e2")"
grep -qx 'm/top/plain/d/f' "$T/o2" || fail "$CASE: m/top/plain: not planned: $(cat "$T/o2")"
[ "$(cat "$T/rc3")" = 2 ] || fail "$CASE: m/top/sv: exit $(cat "$T/rc3"): $(cat "$T/e3")"
exit 0
