#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 3 and --no-preserve-root, for real, on a scratch root: in the
# sandbox, $T/root is bind-mounted onto itself and becomes "/" through
# chroot.  Without the option "/" is refused (exit 2) and the sentinel files
# stay, and so they do with an abbreviation of the option (a usage error,
# SPEC: Details); with it the tree under "/" is removed (removing "/"
# itself then fails, so the exit status may be 1).  The binary and the
# libraries ldd lists are copied into the chroot.  Skips when that cannot be
# set up.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

sandbox_check || skip "no mount namespace: $_swrmtree_why"
command -v chroot >/dev/null 2>&1 || skip "chroot is missing"
command -v ldd >/dev/null 2>&1 || skip "ldd is missing"

# A libtool wrapper script stands in for the real binary in the build tree:
# libtool --mode=execute hands the real program (and its library path) on.
real=$SWRMTREE_BIN
deps=$T/deps
if head -c 2 "$SWRMTREE_BIN" | grep -q '^#!'; then
	lt=$(dirname "$SWRMTREE_BIN")/../libtool
	[ -x "$lt" ] || skip "$SWRMTREE_BIN is a script, and no libtool next to it"
	# shellcheck disable=SC2016  # $0 is for the inner shell
	"$lt" --mode=execute /bin/sh -c 'echo "$0"; ldd "$0"' "$SWRMTREE_BIN" \
		>"$deps" 2>&1 || skip "libtool --mode=execute failed: $(cat "$deps")"
	real=$(head -n 1 "$deps")
	sed -i 1d "$deps"
else
	ldd "$SWRMTREE_BIN" >"$deps" 2>&1 || skip "ldd failed: $(cat "$deps")"
fi
grep -q 'not found' "$deps" && skip "ldd cannot resolve every library: $(cat "$deps")"

mkdir -p "$T/root/keep/sub" || fail "mkdir"
cp -- "$real" "$T/root/sw-rmtree" || skip "cannot copy $real"
libpath=
awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' "$deps" >"$T/libs" ||
	fail "awk"
while IFS= read -r lib; do
	mkdir -p "$T/root$(dirname "$lib")" || fail "mkdir"
	cp -L -- "$lib" "$T/root$lib" || skip "cannot copy $lib"
	libpath=$libpath${libpath:+:}$(dirname "$lib")
done <"$T/libs"
echo precious >"$T/root/keep/sentinel" || fail "write"
echo precious >"$T/root/keep/sub/sentinel" || fail "write"
echo precious >"$T/root/top-sentinel" || fail "write"
# SPEC: Guards 8: protected entries of every type stay during the walk: a
# protected file (--protect) and the symbolic links of a merged /usr.
echo precious >"$T/root/keep.txt" || fail "write"
mkdir -p "$T/root/usr/bin" "$T/root/usr/sbin" || fail "mkdir"
ln -s usr/bin "$T/root/bin" && ln -s usr/sbin "$T/root/sbin" || fail "ln"

# shellcheck disable=SC2016  # expanded by the inner shell
script='mount --bind "$T/root" "$T/root" || exit 90
LD_LIBRARY_PATH=$1 chroot "$T/root" /sw-rmtree --version >/dev/null 2>&1 || exit 91
LD_LIBRARY_PATH=$1 chroot "$T/root" /sw-rmtree / >"$T/plain.out" 2>"$T/plain.err"
echo $? >"$T/plain.rc"
LD_LIBRARY_PATH=$1 chroot "$T/root" /sw-rmtree -f "$2" >"$T/force.out" 2>"$T/force.err"
echo $? >"$T/force.rc"
i=0
for a in --no-preserve --no-pres --no-preserve-roo; do
	i=$((i + 1))
	LD_LIBRARY_PATH=$1 chroot "$T/root" /sw-rmtree "$a" / >"$T/abbr$i.out" 2>"$T/abbr$i.err"
	echo $? >"$T/abbr$i.rc"
	LD_LIBRARY_PATH=$1 chroot "$T/root" /sw-rmtree / "$a" >>"$T/abbr$i.out" 2>>"$T/abbr$i.err"
	echo $? >>"$T/abbr$i.rc"
done
exit 0'

# 1. Without the option: refused, everything stays.
sandbox_exec /bin/sh -c "$script" sh "$libpath" /
[ "$rc" = 90 ] && skip "cannot bind-mount $T/root in the sandbox"
[ "$rc" = 91 ] && skip "the copied binary does not run in the chroot: $(cat "$T/.err")"
expect_rc 0
[ "$(cat "$T/plain.rc")" = 2 ] || fail "'/' in a chroot: exit $(cat "$T/plain.rc"), expected 2"
grep -Fxq "sw-rmtree: refusing to remove '/': it is the root directory (use --no-preserve-root to override)" "$T/plain.err" ||
	fail "unexpected message: $(cat "$T/plain.err")"
[ "$(cat "$T/force.rc")" = 2 ] || fail "'-f /' in a chroot: exit $(cat "$T/force.rc"), expected 2"
# An abbreviation of --no-preserve-root (SPEC: Details), before or after
# the PATH, is a usage error: "/" is not even looked at.
for i in 1 2 3; do
	[ "$(cat "$T/abbr$i.rc")" = "$(printf '2\n2')" ] ||
		fail "abbreviation $i: exit $(cat "$T/abbr$i.rc"), expected 2 twice"
	[ "$(grep -Fxc "sw-rmtree: you may not abbreviate the --no-preserve-root option" "$T/abbr$i.err")" = 2 ] ||
		fail "abbreviation $i: unexpected messages: $(cat "$T/abbr$i.err")"
	[ -s "$T/abbr$i.out" ] && fail "abbreviation $i: output on stdout"
done
assert_exists "$T/root/keep/sentinel"
assert_exists "$T/root/keep/sub/sentinel"
assert_exists "$T/root/top-sentinel"
assert_exists "$T/root/sw-rmtree"

# 2. With --no-preserve-root: the scratch root's contents go.
# shellcheck disable=SC2016
script='mount --bind "$T/root" "$T/root" || exit 90
LD_LIBRARY_PATH=$1 chroot "$T/root" /sw-rmtree --no-preserve-root --protect=/keep.txt / >"$T/npr.out" 2>"$T/npr.err"
echo $? >"$T/npr.rc"
exit 0'
sandbox_exec /bin/sh -c "$script" sh "$libpath"
expect_rc 0
note "--no-preserve-root / in the chroot: exit status $(cat "$T/npr.rc")"
cat -- "$T/npr.err"
case $(cat "$T/npr.rc") in
0 | 1) ;;
*) fail "--no-preserve-root /: exit $(cat "$T/npr.rc"): $(cat "$T/npr.err")" ;;
esac
grep -q 'refusing' "$T/npr.err" && fail "--no-preserve-root still refused: $(cat "$T/npr.err")"
assert_gone "$T/root/keep/sentinel"
assert_gone "$T/root/keep/sub/sentinel"
assert_gone "$T/root/top-sentinel"
assert_gone "$T/root/keep"
assert_exists "$T/root"
# Each protected entry is reported once, as skipped, and stays; the root
# that therefore stays is not reported again.
assert_exists "$T/root/keep.txt"
[ -L "$T/root/bin" ] && [ -L "$T/root/sbin" ] || fail "a protected symlink was removed"
for p in /keep.txt /bin /sbin /usr; do
	[ "$(grep -cFx "sw-rmtree: skipping '$p': protected path" "$T/npr.err")" = 1 ] ||
		fail "'$p' not reported once as skipped: $(cat "$T/npr.err")"
done
grep -q "cannot remove '/'" "$T/npr.err" && fail "the root reported too: $(cat "$T/npr.err")"
exit 0
