#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: --stats (Command line, Details): after the run, one line on stderr,
#   removed F files, D directories, B bytes in T s (R entries/s)
# with "; N entries could not be removed" when some stay; nothing on stdout
# but the listing.  Files are all non-directories, directories include
# PATH, bytes are the sizes of regular files.  With --json (and -v or -n)
# the numbers go into the JSON summary object too (plus "kept", "freed"
# and "seconds"), and the line is on stderr all the same.  Without
# --stats: no such line.
# stderr is not a terminal here: the line is exactly SPEC's, whatever the
# numbers ("1 files", "1 entries could not be removed", no size in binary
# units after the bytes: those are for a terminal, check_human and
# sizes-freed.sh).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export XDG_CONFIG_HOME="$T/xdg"
num='[0-9]+\.[0-9]{3} s \([0-9]+ entries/s\)'

# d: 5 files (two regular with data, one empty, a symlink, a fifo) and 2
# directories; 5 + 70000 bytes.
mkd()
{
	mkdir -p d/sub || fail "mkdir"
	printf 'hello' >d/a || fail "write"
	: >d/b || fail "touch"
	head -c 70000 /dev/zero >d/sub/c || fail "write"
	ln -s a d/sub/link || fail "ln"
	mkfifo d/fifo || fail "mkfifo"
}

# expect_err_re ERE: stderr is exactly one line, matching ERE.
expect_err_re()
{
	expect_err_count 1
	if ! grep -qE -e "$1" "$T/.err"; then
		_swrmtree_show
		fail "stderr does not match: $1"
	fi
}

# A plain run.
mkd
run --stats d
expect_rc 0
expect_out
expect_err_re "^removed 5 files, 2 directories, 70005 bytes in $num\$"
assert_gone d

# Without --stats: silence.
mkd
run d
expect_rc 0
expect_no_err
assert_gone d

# Two PATHs add up; a file PATH counts as a file.
mkd
printf 'xyz' >single || fail "write"
run --stats d single
expect_rc 0
expect_err_re "^removed 6 files, 2 directories, 70008 bytes in $num\$"

# SPEC's nouns for 1 too; no binary units, up to GiB (sparse files).
for n in 0 1 2; do
	mkdir "p$n" || fail "mkdir"
	i=0
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		printf x >"p$n/f$i" || fail "write"
	done
done
mkdir p1/sub || fail "mkdir"
run --stats p0
expect_err_re "^removed 0 files, 1 directories, 0 bytes in $num\$"
run --stats p1/f1
expect_err_re "^removed 1 files, 0 directories, 1 bytes in $num\$"
run --stats p1
expect_err_re "^removed 0 files, 2 directories, 0 bytes in $num\$"
run --stats p2
expect_err_re "^removed 2 files, 1 directories, 2 bytes in $num\$"
truncate -s 1023 k || fail "truncate"
run --stats k
expect_err_re "^removed 1 files, 0 directories, 1023 bytes in $num\$"
truncate -s 1024 k || fail "truncate"
run --stats k
expect_err_re "^removed 1 files, 0 directories, 1024 bytes in $num\$"
mkdir g || fail "mkdir"
truncate -s 128974848 g/m || fail "truncate"
truncate -s 1501560832 g/g || fail "truncate"
run --stats g/m
expect_err_re "^removed 1 files, 0 directories, 128974848 bytes in $num\$"
run --stats g
expect_err_re "^removed 1 files, 1 directories, 1501560832 bytes in $num\$"

# -v: the listing on stdout, the line on stderr.
mkd
run -v --stats d
expect_rc 0
[ "$(awk 'END { print NR }' "$T/.out")" = 7 ] || { _swrmtree_show; fail "-v: 7 lines expected"; }
grep -q 'removed' "$T/.out" && fail "the --stats line went to stdout"
expect_err_re "^removed 5 files, 2 directories, 70005 bytes in $num\$"

# --contents keeps PATH: one directory less.
mkd
run --stats --contents d
expect_rc 0
expect_err_re "^removed 5 files, 1 directories, 70005 bytes in $num\$"
assert_exists d

# --json -v --stats: the summary object carries the numbers, and stderr
# the line, as without --json.
rm -rf d
mkd
run -v --json --stats d
expect_rc 0
expect_err_count 1
expect_err_re "^removed 5 files, 2 directories, 70005 bytes in $num\$"
tail -n 1 "$T/.out" | grep -qE '^\{"summary": \{"files": 5, "directories": 2, "bytes": 70005, "failed": 0, "dry_run": false, "kept": 0, "freed": [0-9]+, "seconds": [0-9]+\.[0-9]{3}\}\}$' ||
	{ _swrmtree_show; fail "--json --stats: unexpected summary object"; }
[ "$(grep -c '"summary"' "$T/.out")" = 1 ] || fail "--json --stats: one summary object expected"

# --json -v without --stats: the summary object as SPEC has it.
mkd
run -v --json d
expect_rc 0
expect_no_err
tail -n 1 "$T/.out" | grep -qxF '{"summary": {"files": 5, "directories": 2, "bytes": 70005, "failed": 0, "dry_run": false}}' ||
	{ _swrmtree_show; fail "--json: unexpected summary object"; }

# -n --stats: the plan's summary and a "planned" line; nothing removed.
mkd
run -n --stats d
expect_rc 0
expect_err "would remove 5 files, 2 directories, 70005 bytes"
expect_err_count 2
grep -qE "^planned 5 files, 2 directories, 70005 bytes in $num\$" "$T/.err" ||
	{ _swrmtree_show; fail "-n --stats: no planned line"; }
assert_exists d/sub/c

# Some entries stay: a directory uid 65534 cannot write to (one message,
# for it).  d/sub's two entries stay, and so do d/sub and d: 4 entries;
# d/a, d/b and d/fifo go.
rm -rf d
mkd
scratch_for_nobody
chown -R -h "$NOBODY_UID:$NOBODY_GID" d || fail "chown"
chmod 0555 d/sub || fail "chmod"
run_as_nobody --stats d
expect_rc 1
expect_err "sw-rmtree: cannot remove 'd/sub': Permission denied"
expect_err_count 2
grep -qE "^removed 3 files, 0 directories, 5 bytes in $num; 4 entries could not be removed\$" "$T/.err" ||
	{ _swrmtree_show; fail "no --stats line with the entries that stayed"; }
assert_exists d/sub/c

# One entry stays: a file in a directory uid 65534 cannot write to.
run_as_nobody --stats d/sub/c
expect_rc 1
expect_err "sw-rmtree: cannot remove 'd/sub/c': Permission denied"
expect_err_count 2
grep -qE "^removed 0 files, 0 directories, 0 bytes in $num; 1 entries could not be removed\$" "$T/.err" ||
	{ _swrmtree_show; fail "no --stats line with the one entry that stayed"; }
assert_exists d/sub/c
