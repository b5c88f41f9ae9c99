#!/bin/bash
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# gen.sh -- build a deterministic benchmark tree for sw-rmtree.
#
#   bench/gen.sh SHAPE DIR     create DIR (must not exist) holding SHAPE
#   bench/gen.sh --helper      compile the helper if needed, print its path
#   bench/gen.sh --list        print the shape names
#
# Shapes: src nodemod wide1000x100 flat200k deep20k (see bench/README.md).
#
# The work is done by a small C program, bench/gen.c: creating 100,000+
# entries (and writing their data) one bash builtin at a time takes far too
# long when the runner rebuilds every tree before every timed removal.  The
# helper is compiled with ${CC:-cc} on first use into a cache directory
# (${BENCH_CACHE}, else bench/out/.cache, else ${TMPDIR:-/tmp}/...), keyed
# by a checksum of gen.c so that editing it triggers a rebuild.  No network.
set -u

SHAPES="src nodemod wide1000x100 flat200k deep20k"

here=$(cd "$(dirname "$0")" && pwd) || exit 1
src=$here/gen.c

usage() {
	echo "usage: $0 SHAPE DIR | --helper | --list" >&2
	echo "shapes: $SHAPES" >&2
	exit 2
}

# Print the path of a compiled helper, building it if needed.
helper() {
	local sum dir bin tmp
	[ -r "$src" ] || { echo "gen.sh: cannot read $src" >&2; return 1; }
	sum=$(cksum <"$src" | awk '{print $1 "-" $2}') || return 1
	for dir in ${BENCH_CACHE:+"$BENCH_CACHE"} "$here/out/.cache" \
		"${TMPDIR:-/tmp}/sw-rmtree-bench-cache-$(id -u)"; do
		bin=$dir/gen-$sum
		if [ -x "$bin" ]; then
			printf '%s\n' "$bin"
			return 0
		fi
		mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || continue
		tmp=$bin.tmp.$$
		if ${CC:-cc} -O2 -o "$tmp" "$src"; then
			mv -f "$tmp" "$bin" || { rm -f "$tmp"; return 1; }
			printf '%s\n' "$bin"
			return 0
		fi
		rm -f "$tmp"
		echo "gen.sh: cannot compile $src with ${CC:-cc}" >&2
		return 1
	done
	echo "gen.sh: no writable cache directory for the helper" >&2
	return 1
}

case ${1-} in
--helper) [ $# -eq 1 ] || usage; helper; exit ;;
--list) [ $# -eq 1 ] || usage; printf '%s\n' $SHAPES; exit 0 ;;
esac
[ $# -eq 2 ] || usage
case " $SHAPES " in
*" $1 "*) ;;
*) echo "gen.sh: unknown shape '$1'" >&2; usage ;;
esac
if [ -e "$2" ] || [ -L "$2" ]; then
	echo "gen.sh: '$2' already exists" >&2
	exit 1
fi
bin=$(helper) || exit 1
exec "$bin" "$1" "$2"
