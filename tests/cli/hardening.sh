#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# configure's hardening (a build without CFLAGS or LDFLAGS given) reaches
# the program and the shared library: for each flag configure added, its
# mark is in the ELF files (stack protector and _FORTIFY_SOURCE: the
# __stack_chk_fail and __*_chk imports; RELRO: a GNU_RELRO segment;
# BIND_NOW: the NOW flag), and the program is a PIE either way.  Where
# hardening-check (devscripts) is installed it must pass too, but for
# control flow protection, which also needs the C library's start files
# built with it (Debian 12's are not), and for what configure left out (no
# _FORTIFY_SOURCE in a sanitizer build; musl has no checking functions).
# Skips when configure added nothing (CFLAGS or LDFLAGS given,
# --disable-hardening).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

builddir=${SWRMTREE_BUILDDIR:-$SWRMTREE_SRCDIR}
[ -f "$builddir/Makefile" ] || skip "no configured build directory at '$builddir'"
command -v readelf >/dev/null 2>&1 || skip "readelf is missing"
flags=$(sed -n 's/^HARDEN_FLAGS = //p' "$builddir/Makefile")
[ -n "$flags" ] || skip "configure added no hardening flags (CFLAGS or LDFLAGS given, or --disable-hardening)"
real_binary
files=$real_bin
so=$(find "$builddir/.libs" -maxdepth 1 -name 'libswrmtree.so.*.*' -type f 2>/dev/null | head -n 1)
[ -z "$so" ] || files="$files $so"

# hardening-check requires all; what configure did not add is not required.
hc_opts=--nocfprotection
for need in -fstack-protector:--nostackprotector -D_FORTIFY_SOURCE:--nofortify \
	-Wl,-z,relro:--norelro -Wl,-z,now:--nobindnow; do
	case " $flags" in
	*" ${need%%:*}"*) ;;
	*) hc_opts="$hc_opts ${need#*:}" ;;
	esac
done
for f in $files; do
	readelf -hld --dyn-syms -W "$f" >"$T/elf" 2>"$T/elf.err" || fail "readelf $f: $(cat "$T/elf.err")"
	for flag in $flags; do
		case $flag in
		-fstack-protector*)
			grep -q ' __stack_chk_fail' "$T/elf" || fail "$f: no stack protector ($flag)" ;;
		-D_FORTIFY_SOURCE=*)
			# Only glibc has the checking functions (musl has none).
			if grep -q 'NEEDED.*\[libc\.so\.6\]' "$T/elf"; then
				grep -Eq ' __[a-z0-9_]+_chk(@|$)' "$T/elf" || fail "$f: no fortified calls ($flag)"
			else
				hc_opts="$hc_opts --nofortify"
			fi ;;
		-Wl,-z,relro)
			grep -q 'GNU_RELRO' "$T/elf" || fail "$f: no GNU_RELRO segment ($flag)" ;;
		-Wl,-z,now)
			grep -Eq '\((FLAGS|FLAGS_1|BIND_NOW)\).*(BIND_NOW|NOW)' "$T/elf" || fail "$f: not bound now ($flag)" ;;
		esac
	done
done
readelf -hd -W "$real_bin" >"$T/elf"
grep -Eq 'Type: +DYN' "$T/elf" && grep -Eq '\(FLAGS_1\).*PIE' "$T/elf" ||
	fail "$real_bin is not a position-independent executable"

if command -v hardening-check >/dev/null 2>&1; then
	# shellcheck disable=SC2086  # files is a list
	hardening-check $hc_opts $files >"$T/hc" 2>&1 ||
		fail "hardening-check $hc_opts fails: $(grep -v ': yes' "$T/hc")"
	cat "$T/hc"
else
	note "no hardening-check (devscripts): only the ELF marks were checked"
fi
note "checked for $flags: $files"
exit 0
