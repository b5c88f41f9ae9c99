#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Traversal, width is unbounded: "a directory is read and emptied in
# batches; memory does not grow with the number of entries in one
# directory".  A dry run of one directory with 1,000,000 entries lists
# 1,000,001 lines and stays under 16 MiB peak RSS.  The entries live on a
# tmpfs mounted inside the sandbox (creating a million inodes on a disk file
# system takes minutes on slow machines); it vanishes with the sandbox.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "measures peak RSS of a large plan"

command -v python3 >/dev/null 2>&1 || skip "python3 is missing"
export XDG_CONFIG_HOME="$T/xdg"
export SWRMTREE_TEST_TIMEOUT
N=1000000
LIMIT_KIB=16384

# Peak RSS in KiB from GNU time.  (Measuring from python3 instead would
# count python's own pages, copied into the child before its exec.)
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	skip "GNU time (/usr/bin/time) is missing"
fi

# shellcheck disable=SC2016  # expanded by the inner shell
sandbox_exec /bin/sh -c '. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
mount_tmpfs -o nr_inodes=1100000,size=256m,mode=0755 m
mkdir m/wide || exit 91
python3 -c "
import os, stat, sys
fd = os.open(\"m/wide\", os.O_RDONLY | os.O_DIRECTORY)
mode = stat.S_IFREG | 0o644
for i in range(int(sys.argv[1])):
    os.mknod(\"%x\" % i, mode, dir_fd=fd)
" "$1" || exit 92
[ "$(ls -U m/wide | wc -l)" = "$1" ] || exit 93
/usr/bin/time -f %M -o "$T/rss" timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" "$SWRMTREE_BIN" -n m/wide >"$T/list" 2>"$T/err"
echo $? >"$T/rc"
[ -e m/wide/0 ] || echo "the dry run removed something" >&2
exit 0' sh "$N"
case $rc in
0) ;;
*) cat "$T/.err" >&2; fail "setting up $N entries failed (exit status $rc)" ;;
esac
[ -s "$T/.err" ] && fail "$(cat "$T/.err")"

rc=$(cat "$T/rc")
cp "$T/err" "$T/.err"
expect_rc 0
expect_err "would remove $N files, 1 directories, 0 bytes"
expect_err_count 1
lines=$(wc -l <"$T/list")
[ "$lines" -eq $((N + 1)) ] || fail "$lines lines listed, expected $((N + 1))"
[ "$(tail -n 1 "$T/list")" = m/wide ] || fail "the directory is not listed last"
[ "$(grep -cvx 'm/wide/[0-9a-f]*' "$T/list")" = 1 ] || fail "unexpected lines in the listing"
[ "$(sort -u "$T/list" | wc -l)" -eq $((N + 1)) ] || fail "some entries are listed twice"

rss=$(tail -n 1 "$T/rss")
case $rss in
'' | *[!0-9]*) fail "no peak RSS measured: $(cat "$T/rss")" ;;
esac
note "peak RSS of the dry run over $N entries: $rss KiB"
[ "$rss" -gt 0 ] || fail "peak RSS 0: the measurement did not work"
[ "$rss" -lt "$LIMIT_KIB" ] || fail "peak RSS $rss KiB, limit $LIMIT_KIB KiB"
exit 0
