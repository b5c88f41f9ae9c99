#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --keep=PATTERN and --keep-from=FILE: entries that match stay with
# everything below them, and so do their ancestors, without a message and
# with exit status 0 when everything else went.  A pattern without a slash
# matches a name at any depth, one with a slash the path relative to PATH,
# a trailing slash directories only.  The dry run lists exactly what the
# real run removes (-j1 and -j4, the latter on a tree wide enough to hand
# directories to other workers); --json marks kept entries "kept"; --stats
# counts them apart from failures; a kept directory is never entered, so
# nothing inside it is read, changed (--chmod) or reported; names with a
# newline or bytes that are not UTF-8; bad patterns and pattern files are
# usage errors that remove nothing, and so is --keep with --detach or
# --collect.  As uid 65534.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

nl='
'

# A tree with something of every kind to keep and to lose.
build()
{
	mkdir -p t/a/b t/config t/cache t/src/cache t/deep/x/y/z || fail "mkdir"
	for f in t/.gitignore t/a/.gitignore t/a/b/x.o t/a/b/y.c t/config/local.mk \
		t/config/other.mk t/cache/blob t/src/cache t/src/main.c \
		t/deep/x/y/z/.gitignore t/deep/x/y/z/core "t/new${nl}line" \
		"$(printf 't/l\351gacy.txt')"; do
		[ -d "$f" ] || printf 'data\n' >"$f" || fail "create $f"
	done
	rmdir t/src/cache && printf 'file\n' >t/src/cache || fail "t/src/cache"
	chown -R "$NOBODY_UID:$NOBODY_GID" t || fail "chown"
}

setup_w
for jobs in -j1 -j4; do
	CASE="names, anchored paths, directories only, $jobs"
	build
	want_err
	plan_then_remove "$jobs" --keep=.gitignore --keep=config/local.mk \
		--keep=cache/ --keep='new?line' "--keep=$(printf 'l\351*')" t
	expect_rc 0
	# src/cache is a file: "cache/" does not keep it.
	expect_left 't 755' 't/.gitignore 644' 't/a 755' 't/a/.gitignore 644' \
		't/config 755' 't/config/local.mk 644' 't/cache 755' \
		't/cache/blob 644' 't/deep 755' 't/deep/x 755' 't/deep/x/y 755' \
		't/deep/x/y/z 755' 't/deep/x/y/z/.gitignore 644' "t/new${nl}line 644" \
		"$(printf 't/l\351gacy.txt 644')"
	privileged rm -rf t

	CASE="a kept directory is not entered, $jobs"
	build
	mkdir -p t/cache/locked/in || fail "mkdir"
	: >t/cache/locked/in/f || fail "create"
	chown -R "$NOBODY_UID:$NOBODY_GID" t || fail "chown"
	chmod 0500 t/cache/locked/in && chmod 0 t/cache/locked || fail "chmod"
	want_err
	plan_then_remove "$jobs" --chmod --keep=cache t
	expect_rc 0
	[ "$(stat -c %a t/cache/locked)" = 0 ] || fail "$CASE: --chmod changed a kept directory"
	privileged chmod -R u+rwx t
	privileged rm -rf t
done

CASE="--keep-from, comments and CRLF"
build
printf '# what stays\n\n*.mk\r\n/deep/\n' >"$T/keep.list" || fail "keep.list"
want_err
plan_then_remove --keep-from="$T/keep.list" t
expect_rc 0
expect_left 't 755' 't/config 755' 't/config/local.mk 644' 't/config/other.mk 644' \
	't/deep 755' 't/deep/x 755' 't/deep/x/y 755' 't/deep/x/y/z 755' \
	't/deep/x/y/z/.gitignore 644' 't/deep/x/y/z/core 644'
privileged rm -rf t

CASE="--json and --stats"
build
run_as_nobody -n --json --stats --keep=config/local.mk --keep=.gitignore t
expect_rc 0
grep -aqxF '{"path": "t/config/local.mk", "type": "file", "size": 0, "kept": "pattern"}' "$T/.out" ||
	{ _swrmtree_show; fail "$CASE: kept entry not marked"; }
grep -aqxF '{"path": "t/config", "type": "dir", "size": 0, "kept": "holds-kept"}' "$T/.out" ||
	{ _swrmtree_show; fail "$CASE: holding directory not marked"; }
grep -aq '"error"' "$T/.out" && { _swrmtree_show; fail "$CASE: an error in the listing"; }
# A kept file is not examined: its size is not known (0).
# Kept: config/local.mk, .gitignore, a/.gitignore, deep/x/y/z/.gitignore
# and their directories t, config, a, deep, x, y, z.
grep -aq '"failed": 0, "dry_run": true, "kept": 0, "kept_by_pattern": 11,' "$T/.out" ||
	{ _swrmtree_show; fail "$CASE: wrong counts in the JSON summary"; }
run_as_nobody --stats --keep=config/local.mk --keep=.gitignore t
expect_rc 0
grep -aq '^removed 9 files, 3 directories, 45 bytes in .*; 11 entries kept by --keep$' "$T/.err" ||
	{ _swrmtree_show; fail "$CASE: wrong --stats line"; }
privileged rm -rf t

CASE="kept entries beside a failure"
build
chmod 0555 t/a/b || fail "chmod"
want_err "sw-rmtree: cannot remove 't/a/b': Permission denied"
plan_then_remove --keep=.gitignore t
expect_rc 1
privileged chmod -R u+rwx t
privileged rm -rf t

CASE="--contents with --keep"
build
want_err
plan_then_remove --contents --keep=config t
expect_rc 0
expect_left 't 755' 't/config 755' 't/config/local.mk 644' 't/config/other.mk 644'
privileged rm -rf t

CASE="bad patterns remove nothing"
build
for bad in --keep= --keep=/ --keep=// --keep=. --keep=./ --keep=.. \
	--keep=a/../b; do
	run_as_nobody "$bad" t
	expect_rc 2
	grep -aq "^sw-rmtree: --keep needs a pattern" "$T/.err" ||
		{ _swrmtree_show; fail "$CASE: $bad: no message"; }
done
run_as_nobody --keep-from="$T/no-such-list" t
expect_rc 2
expect_err "sw-rmtree: cannot read keep file '$T/no-such-list': No such file or directory"
printf 'ok\n/\n' >"$T/bad.list" || fail "bad.list"
run_as_nobody --keep-from="$T/bad.list" t
expect_rc 2
expect_err "sw-rmtree: '$T/bad.list':2: a pattern that names no entry (empty, only '.' and '/', a '..', or a NUL byte)"
[ -f t/a/b/x.o ] || fail "$CASE: something was removed"
# A renamed tree would take the kept entries with it.
for other in --detach --collect; do
	run_as_nobody "$other" --keep=.gitignore t
	expect_rc 2
	expect_err "sw-rmtree: --keep cannot be combined with --detach or --collect"
done
[ -f t/a/b/x.o ] && [ -d t ] || fail "$CASE: --detach --keep removed something"
privileged rm -rf t

# Wide enough that -j4 hands directories over: kept files in some of 200.
CASE="many directories, -j4"
mkdir t || fail "mkdir"
i=0
while [ $i -lt 200 ]; do
	mkdir t/d$i && : >t/d$i/f && : >t/d$i/g || fail "mkdir"
	[ $((i % 7)) -eq 0 ] && { : >t/d$i/keep.me || fail "create"; }
	i=$((i + 1))
done
chown -R "$NOBODY_UID:$NOBODY_GID" t || fail "chown"
want_err
plan_then_remove -j4 --keep=keep.me t
expect_rc 0
[ "$(find t -name keep.me | wc -l)" = 29 ] || fail "$CASE: kept files missing"
[ "$(find t -mindepth 1 | wc -l)" = 58 ] || fail "$CASE: wrong entries left"
privileged rm -rf t
echo "keep patterns: ok"
