#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: --stats (Command line, Details): after the run, one line on stderr,
#   removed F files, D directories, B bytes in T s (R entries/s)
# with "; N entries could not be removed" when some stay; nothing on stdout
# but the listing.  Files are all non-directories, directories include
# PATH, bytes are the sizes of regular files.  With --json (and -v or -n)
# the numbers go into the JSON summary object instead (plus "kept" and
# "seconds"), and stderr stays empty.  Without --stats: no such line.
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

# --json -v --stats: the summary object carries the numbers, stderr is empty.
rm -rf d
mkd
run -v --json --stats d
expect_rc 0
expect_no_err
tail -n 1 "$T/.out" | grep -qE '^\{"summary": \{"files": 5, "directories": 2, "bytes": 70005, "failed": 0, "dry_run": false, "kept": 0, "seconds": [0-9]+\.[0-9]{3}\}\}$' ||
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
chown -R -h 65534:65534 d || fail "chown"
chmod 0555 d/sub || fail "chmod"
run_as_nobody --stats d
expect_rc 1
expect_err "sw-rmtree: cannot remove 'd/sub': Permission denied"
expect_err_count 2
grep -qE "^removed 3 files, 0 directories, 5 bytes in $num; 4 entries could not be removed\$" "$T/.err" ||
	{ _swrmtree_show; fail "no --stats line with the entries that stayed"; }
assert_exists d/sub/c
