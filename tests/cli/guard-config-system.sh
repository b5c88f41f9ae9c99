#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 4, the system file $(sysconfdir)/sw-rmtree/protected: its
# paths are protected (the message names file and line), a relative path in
# it is an error naming file and line, an unreadable one an error naming the
# file; exit 2 and nothing removed either way.  The file is put in place
# only inside the sandbox, over the real directory: a tmpfs on
# $(sysconfdir)/sw-rmtree when that exists, else an overlay (upper layer in
# $T) on the nearest existing ancestor of it.  Skips where neither works.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

sandbox_check || skip "no mount namespace: $_swrmtree_why"
[ -n "${SWRMTREE_SYSCONFDIR:-}" ] ||
	skip "SWRMTREE_SYSCONFDIR is not set (run through make check)"
sys=$SWRMTREE_SYSCONFDIR
case $sys in
/*) ;;
*) skip "sysconfdir '$sys' is not absolute" ;;
esac
case $sys in
*,* | *:*) skip "sysconfdir '$sys' cannot be given to an overlay mount" ;;
esac
export XDG_CONFIG_HOME="$T/xdg"
conf=$sys/sw-rmtree/protected
mkdir -p sys1 other ovl/up ovl/work || fail "mkdir"
before=$(ls -ld -- "$conf" 2>/dev/null)

# sys_run: put $T/sysconf (file or directory) at $conf, then run the binary
# with ARGS, all in one sandbox.
# shellcheck disable=SC2016  # expanded by the inner shell
script='sys=$1
shift
if [ -d "$sys/sw-rmtree" ]; then
	mount -t tmpfs tmpfs "$sys/sw-rmtree" || exit 90
else
	a=$sys
	while [ ! -d "$a" ]; do a=$(dirname "$a"); done
	[ "$a" != / ] || exit 91
	mount -t overlay overlay \
		-o "lowerdir=$a,upperdir=$T/ovl/up,workdir=$T/ovl/work" "$a" || exit 92
	mkdir -p "$sys/sw-rmtree" || exit 93
fi
cp -R "$T/sysconf" "$sys/sw-rmtree/protected" || exit 94
exec "$SWRMTREE_BIN" "$@"'
sys_run()
{
	rm -rf -- "$T/ovl/up" "$T/ovl/work" || fail "rm"
	mkdir -p "$T/ovl/up" "$T/ovl/work" || fail "mkdir"
	sandbox_exec /bin/sh -c "$script" sh "$sys" "$@"
	case $rc in
	9[0-4]) skip "cannot put a file at $conf inside the sandbox (step $rc): $(cat "$T/.err")" ;;
	esac
}

# 1. A good file.
printf '# system-wide\n%s\n' "$T/sys1" >sysconf || fail "write"
sys_run "$T/sys1"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/sys1': protected path ('$conf':2)"
assert_exists "$T/sys1"
sys_run "$T/other"
expect_rc 0
expect_no_err
assert_gone "$T/other"

# 2. A relative path: an error naming file and line; nothing removed.
mkdir other || fail "mkdir"
printf '\n%s\nnot/absolute\n' "$T/sys1" >sysconf || fail "write"
sys_run "$T/other"
expect_rc 2
expect_err "sw-rmtree: '$conf':3: protected path is not absolute"
assert_exists "$T/other"

# 3. Unreadable (a directory where the file should be): an error naming it.
rm -f sysconf || fail "rm"
mkdir sysconf || fail "mkdir"
sys_run "$T/other"
expect_rc 2
expect_err "sw-rmtree: cannot read protected-paths file '$conf': Is a directory"
assert_exists "$T/other"

# The real directory was never touched.
[ "$(ls -ld -- "$conf" 2>/dev/null)" = "$before" ] || fail "$conf changed outside the sandbox"
exit 0
