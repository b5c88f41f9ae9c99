#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Every tests/cli/*.sh but lib.sh and perm-lib.sh must be listed in Makefile.am's CLI_TESTS,
# or make check would silently skip it.
srcdir=${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}
missing=
for t in "$srcdir"/tests/cli/*.sh; do
	name=tests/cli/${t##*/}
	[ "$name" = tests/cli/lib.sh ] && continue
	[ "$name" = tests/cli/perm-lib.sh ] && continue
	grep -q "^	$name" "$srcdir/Makefile.am" || missing="$missing $name"
done
if [ -n "$missing" ]; then
	echo "FAIL: not in CLI_TESTS of Makefile.am:$missing" >&2
	exit 1
fi
echo "all tests/cli scripts are listed"
