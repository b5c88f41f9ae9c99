#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# make dist: run twice, a second apart, it gives the same .tar.gz and
# .tar.xz, byte for byte; the entries are sorted, owned by 0/0 and all
# carry SOURCE_DATE_EPOCH's time when it is set.  The tarball ships what
# its files use: .ci/run's helpers, and (in a git checkout) every tracked
# file but .gitignore and m4/.gitkeep.  Runs make dist in the build
# directory under a name of its own (the tarballs are moved to $T).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# The tarball does not depend on the compiler or on how the binary runs:
# once, in the plain make check, is enough.
heavy "runs make dist twice"

builddir=${SWRMTREE_BUILDDIR:-$SWRMTREE_SRCDIR}
[ -f "$builddir/Makefile" ] || skip "no configured build directory at '$builddir'"
grep -q '^DIST_TAR_FLAGS = .*--sort=name' "$builddir/Makefile" ||
	skip "configure found no tar that makes reproducible tarballs (GNU tar 1.28 or later)"
for tool in gzip xz; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool is missing"
done
name=sw-rmtree-dist-test-$$

# dist N [VAR=VALUE...]: make dist, the tarballs moved to $T/N.tar.{gz,xz}.
dist()
{
	_n=$1
	shift
	env "$@" make -s -C "$builddir" dist distdir="$name" >"$T/dist$_n.log" 2>&1 ||
		{ rm -rf "${builddir:?}/$name" "$builddir/$name".tar.*; fail "make dist failed: $(tail -n 20 "$T/dist$_n.log")"; }
	mv -- "$builddir/$name.tar.gz" "$T/$_n.tar.gz" && mv -- "$builddir/$name.tar.xz" "$T/$_n.tar.xz" ||
		fail "make dist made no .tar.gz and .tar.xz"
}

dist 1
sleep 1
dist 2
cmp -- "$T/1.tar.gz" "$T/2.tar.gz" || fail "two make dist runs give different .tar.gz files"
cmp -- "$T/1.tar.xz" "$T/2.tar.xz" || fail "two make dist runs give different .tar.xz files"
[ "$(gzip -dc "$T/1.tar.gz" | cksum)" = "$(xz -dc "$T/1.tar.xz" | cksum)" ] ||
	fail "the .tar.gz and the .tar.xz hold different tar archives"

# SOURCE_DATE_EPOCH sets every time; names sorted, owner and group 0.
dist 3 SOURCE_DATE_EPOCH=1000000000
tar --numeric-owner --utc -tvzf "$T/3.tar.gz" >"$T/list" || fail "cannot list the tarball"
bad=$(grep -v ' 0/0 .* 2001-09-09 01:46 ' "$T/list" | head -n 3)
[ -z "$bad" ] || fail "entries not owned by 0/0 or not at SOURCE_DATE_EPOCH: $bad"
tar -tzf "$T/3.tar.gz" >"$T/names" || fail "cannot list the tarball"
LC_ALL=C sort -c "$T/names" 2>/dev/null || fail "the tarball's names are not sorted"
sed -n "s|^$name/||p" "$T/names" | sed '/^$/d' | LC_ALL=C sort >"$T/shipped"

for f in .ci/run .ci/lint .ci/valgrind-log-compiler doc/protected.example \
	man/swrmtree_remove.3; do
	grep -qxF "$f" "$T/shipped" || fail "$f is not in the tarball"
done
# Whatever .ci/run runs from .ci/ is shipped with it.
for f in $(grep -o '\.ci/[A-Za-z0-9_.-]*' "$SWRMTREE_SRCDIR/.ci/run" | sort -u); do
	grep -qxF "$f" "$T/shipped" || fail ".ci/run uses $f, which is not in the tarball"
done
if [ -e "$SWRMTREE_SRCDIR/.git" ] && command -v git >/dev/null 2>&1 &&
	git -C "$SWRMTREE_SRCDIR" ls-files >"$T/tracked" 2>/dev/null && [ -s "$T/tracked" ]; then
	grep -vxF -e .gitignore -e m4/.gitkeep "$T/tracked" | LC_ALL=C sort >"$T/want"
	missing=$(LC_ALL=C comm -23 "$T/want" "$T/shipped" | head -n 10)
	[ -z "$missing" ] || fail "tracked files missing from the tarball: $missing"
else
	note "not a git checkout: the tracked files are not compared"
fi
exit 0
