#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# libswrmtree as an installed library: `make install` into a staging
# DESTDIR installs the library, the header, swrmtree.pc, the man pages
# (an alias page for every exported function, which man(1) finds) and the
# example protected-paths file;
# only swrmtree_* symbols are exported; a program built with nothing but
# `pkg-config --cflags --libs swrmtree` removes a tree through the library
# and gets exact statistics back.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

builddir=${SWRMTREE_BUILDDIR:-$SWRMTREE_SRCDIR}
[ -f "$builddir/Makefile" ] || skip "no configured build directory at '$builddir'"
command -v pkg-config >/dev/null 2>&1 || skip "pkg-config is missing"
command -v cc >/dev/null 2>&1 || skip "no C compiler"
command -v nm >/dev/null 2>&1 || skip "nm is missing"
grep -q '^build_libtool_libs=yes' "$builddir/libtool" 2>/dev/null ||
	skip "configured with --disable-shared: no shared library to install and link"

stage=$T/stage
make -s -C "$builddir" install DESTDIR="$stage" >"$T/install.log" 2>&1 ||
	fail "make install failed: $(tail -n 20 "$T/install.log")"

pc=$(find "$stage" -name swrmtree.pc | head -n 1)
[ -n "$pc" ] || fail "swrmtree.pc was not installed"
hdr=$(find "$stage" -name swrmtree.h | head -n 1)
[ -n "$hdr" ] || fail "swrmtree.h was not installed"
find "$stage" -name 'sw-rmtree.1' | grep -q . || fail "sw-rmtree.1 was not installed"
man3=$(find "$stage" -name 'swrmtree.3' | head -n 1)
[ -n "$man3" ] || fail "swrmtree.3 was not installed"
man3=$(dirname "$man3")
find "$stage" -path '*/doc/*' -name protected.example | grep -q . ||
	fail "the example protected-paths file was not installed under docdir"
find "$stage" -name 'sw-rmtree' -type f | grep -q . || fail "the program was not installed"
so=$(find "$stage" -name 'libswrmtree.so.*.*' -type f | head -n 1)
[ -n "$so" ] || fail "libswrmtree.so was not installed"
# Nothing but the public header is installed.
extra=$(find "$stage" -name '*.h' ! -name swrmtree.h)
[ -z "$extra" ] || fail "private headers installed: $extra"

# Only swrmtree_* is exported (the version script).
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' |
	sed 's/@.*//' | sort -u >"$T/syms"
grep -v '^swrmtree_' "$T/syms" | grep -v '^LIBSWRMTREE' >"$T/bad" || true
[ ! -s "$T/bad" ] || fail "symbols exported beyond swrmtree_*: $(tr '\n' ' ' <"$T/bad")"
grep -qx swrmtree_removev "$T/syms" || fail "swrmtree_removev is not exported"

# Every exported function has its manual page: an alias of swrmtree.3
# (".so man3/swrmtree.3") that names it in NAME; man finds it by name.
grep '^swrmtree_' "$T/syms" >"$T/funcs"
[ "$(wc -l <"$T/funcs")" -ge 7 ] || fail "only $(wc -l <"$T/funcs") functions exported"
sed -n '/^\.SH NAME/,/^\.SH/p' "$man3/swrmtree.3" | tr ',' '\n' | sed 's/ *\\-.*//; s/^ *//' >"$T/names"
while read -r fn; do
	[ -f "$man3/$fn.3" ] || fail "no manual page $fn(3) installed"
	[ "$(head -n 1 "$man3/$fn.3")" = ".so man3/swrmtree.3" ] ||
		fail "$fn.3 is not an alias of swrmtree.3: $(head -n 1 "$man3/$fn.3")"
	grep -qx "$fn" "$T/names" || fail "swrmtree(3) does not name $fn in NAME"
done <"$T/funcs"
if command -v man >/dev/null 2>&1 && man -w man >/dev/null 2>&1; then
	mandir=$(dirname "$man3")
	MANPATH=$mandir MANWIDTH=80 man swrmtree_remove >"$T/man.out" 2>"$T/man.err" ||
		fail "man swrmtree_remove failed: $(cat "$T/man.err")"
	grep -q 'swrmtree_remove_at' "$T/man.out" ||
		fail "man swrmtree_remove does not show swrmtree(3): $(head -n 5 "$T/man.out")"
else
	note "no man(1): the alias pages are not rendered"
fi

# A program that sees only what pkg-config says.
cat >"$T/example.c" <<'EOC'
#include <stdio.h>
#include <swrmtree.h>

static int on_error(const struct swrmtree_error *e, void *userdata)
{
	(void)userdata;
	fprintf(stderr, "error %s: %s\n", e->path, swrmtree_strerror(e->error));
	return 0;
}

int main(int argc, char **argv)
{
	struct swrmtree_options o;
	struct swrmtree_stats st;
	int r;

	if (argc != 2)
		return 2;
	swrmtree_options_init(&o);
	o.flags = SWRMTREE_SIZES;
	o.on_error = on_error;
	r = swrmtree_remove(argv[1], &o, &st);
	printf("%d %llu %llu %llu\n", r, (unsigned long long)st.files,
	       (unsigned long long)st.dirs, (unsigned long long)st.bytes);
	return r < 0;
}
EOC
pcdir=$(dirname "$pc")
flags=$(PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_PATH=$pcdir \
	pkg-config --cflags --libs swrmtree) || fail "pkg-config cannot read swrmtree.pc"
# A sanitizer build of the library needs its runtime in the program too.
san=
! sanitized || san="-fsanitize=address,undefined"
# shellcheck disable=SC2086  # flags are words
cc -Wall -Werror $san -o "$T/example" "$T/example.c" $flags 2>"$T/cc.err" ||
	fail "the example does not build with pkg-config's flags ($flags): $(cat "$T/cc.err")"

mkdir -p "$T/tree/a/b" && printf 12345 >"$T/tree/a/f" && printf 67 >"$T/tree/a/b/g" &&
	ln -s /etc "$T/tree/link" || fail "cannot build the tree"
libdir=$(dirname "$so")
sandbox_exec env LD_LIBRARY_PATH="$libdir" "$T/example" "$T/tree"
expect_rc 0
[ "$(cat "$T/.out")" = "0 3 3 7" ] || fail "unexpected result: $(cat "$T/.out") $(cat "$T/.err")"
assert_gone "$T/tree"
exit 0
