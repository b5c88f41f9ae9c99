#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# The license is stated everywhere a packager looks: COPYING holds the MIT
# text, AUTHORS exists, and every source, script, build and manual file in
# the tree (a git checkout or the dist tarball) carries an
# "SPDX-License-Identifier: MIT" line within its first three lines and a
# copyright line within its first four.  Data files (the fuzz corpus) and
# the NEWS file are exempt.
srcdir=${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}
bad=
n=0
grep -q '^Permission is hereby granted, free of charge' "$srcdir/COPYING" 2>/dev/null ||
	bad="$bad COPYING(no MIT text)"
[ -s "$srcdir/AUTHORS" ] || bad="$bad AUTHORS(missing)"
for f in "$srcdir"/configure.ac "$srcdir"/Makefile.am "$srcdir"/quickstart.sh \
	"$srcdir"/README.md "$srcdir"/src/*/*.[ch] "$srcdir"/src/lib/*.sym \
	"$srcdir"/src/lib/*.pc.in "$srcdir"/man/* "$srcdir"/completion/* \
	"$srcdir"/tests/cli/* "$srcdir"/tests/unit/*.[ch] "$srcdir"/tests/fault/* \
	"$srcdir"/tests/fuzz/*.c "$srcdir"/tests/fuzz/*.sh "$srcdir"/tests/race/*.c \
	"$srcdir"/tests/sandbox/*.c \
	"$srcdir"/bench/*.c "$srcdir"/bench/*.sh "$srcdir"/bench/*.md \
	"$srcdir"/.ci/*; do
	[ -f "$f" ] || continue
	# Built or generated next to the sources in an in-tree build.
	case $f in *.o | *.lo | *.la | *.so | *.log | *.trs | */swrmtree.pc | */.dirstamp) continue ;; esac
	n=$((n + 1))
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: MIT' || bad="$bad ${f#"$srcdir"/}(SPDX)"
	head -n 4 "$f" | grep -q 'Copyright (C) [0-9]' || bad="$bad ${f#"$srcdir"/}(copyright)"
done
[ "$n" -gt 100 ] || bad="$bad (only $n files found under $srcdir)"
if [ -n "$bad" ]; then
	echo "FAIL: license lines missing:$bad" >&2
	exit 1
fi
echo "$n files carry the MIT SPDX line and a copyright line"
