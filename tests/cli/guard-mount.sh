#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 6: a PATH that is itself a mount point is refused (exit 2,
# nothing removed) unless --cross-mounts: a tmpfs, and a bind mount on the
# same file system.  What lies inside a mount point may still be removed.
# The mounts are made inside the sandbox and vanish with it.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export XDG_CONFIG_HOME="$T/xdg"
mkdir -p m src/inner bm keep || fail "mkdir"
echo data >src/inner/f || fail "write"
msg="it is a mount point (use --cross-mounts to override)"

# shellcheck disable=SC2016  # expanded by the inner shell
mounts='. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
mount_tmpfs "$T/m"
mkdir "$T/m/d" && echo x >"$T/m/d/f" && echo y >"$T/m/top" || exit 91
mount --bind "$T/src" "$T/bm" || exit 92
'
in_mounts()   # in_mounts ARGS: the binary, after the mounts, in one sandbox
{
	# shellcheck disable=SC2016
	sandbox_exec /bin/sh -c "$mounts"'
"$SWRMTREE_BIN" "$@"
echo $? >"$T/rc"
ls -A "$T/m" >"$T/m.list"
exit 0' sh "$@"
	case $rc in
	91 | 92) skip "cannot set up the mounts in the sandbox ($rc): $(cat "$T/.err")" ;;
	esac
	expect_rc 0
	rc=$(cat "$T/rc")
}

in_mounts "$T/m"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/m': $msg"
expect_err_count 1
grep -qx top "$T/m.list" || fail "the tmpfs lost its contents"

in_mounts m/ keep
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'm/': $msg"
assert_exists "$T/keep"

in_mounts "$T/bm"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/bm': $msg"
assert_exists "$T/src/inner/f"

# Inside the mount point is fine.
in_mounts "$T/m/d" "$T/bm/inner"
expect_rc 0
expect_no_err
grep -qx d "$T/m.list" && fail "$T/m/d was not removed"
assert_gone "$T/src/inner"

# --cross-mounts lets the guard pass: the contents go.  Removing the mount
# point itself then fails (it is busy), so the status may be 0 or 1.
mkdir -p src/inner || fail "mkdir"
in_mounts --cross-mounts "$T/m"
grep -q 'refusing' "$T/.err" && fail "refused with --cross-mounts: $(cat "$T/.err")"
case $rc in
0 | 1) ;;
*) fail "--cross-mounts: exit status $rc" ;;
esac
[ -s "$T/m.list" ] && fail "the tmpfs still holds: $(cat "$T/m.list")"
exit 0
