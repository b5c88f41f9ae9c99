#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Details (descriptors): "whatever -j is, the process never holds
# more than half of its RLIMIT_NOFILE soft limit; workers share that
# budget."  For -j1 -j2 -j3 -j4 -j16 -j64 and `ulimit -n` 16 32 64 128
# 1024, on (a) a tree branching 3 ways, 9 levels deep (the root is the
# first level: 9,841 directories) with 2 files in each directory, and (b) a
# chain 2,000 directories deep with a wide subtree at the bottom (16
# directories of 8 files, each with a subdirectory of 8 more), the real
# binary runs with the fault shim preloaded (tests/fault/README), whose
# report says how many descriptors the process held at most ("fds_peak",
# counted on every open and close).  The binary starts with stdin, stdout
# and stderr open and nothing else, and those 3 count.  Each run must exit
# 0, remove the tree, and peak at no more than limit/2.  A table of the
# peaks goes to the log.
#
# Everything runs inside one sandbox, on a tmpfs mounted there.  Every run
# gets its tree built anew by a small helper that works relative to
# directory descriptors: that takes a fraction of the time cp -a needs to
# copy a template (here 0.4 s against 2.5 s for the branching tree), and
# cp -a, which names every entry by its full path, needs seconds of
# kernel time for one copy of a chain 2,000 deep.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "measures the descriptors held under 60 combinations of -j and ulimit -n"

use_shim
command -v bash >/dev/null 2>&1 || skip "bash is missing"
jobs_list="1 2 3 4 16 64"
limits="16 32 64 128 1024"
branches=3
levels=9
files=2
depth=2000
bottom_dirs=16
bottom_files=8
# A 30,000-entry tree goes in well under a second: a run that takes
# longer than this is hung.
per_run=120

# ---- the trees ------------------------------------------------------------

cat >gen.c <<'EOC'
/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_open(int fd, const char *name)
{
	if (mkdirat(fd, name, 0755) < 0) {
		perror(name);
		exit(1);
	}
	fd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		perror(name);
		exit(1);
	}
	return fd;
}

static void touch_n(int fd, long n)
{
	char name[32];
	long i;
	int f;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%ld", i);
		f = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (f < 0) {
			perror(name);
			exit(1);
		}
		close(f);
	}
}

/* FILES files in FD, and below it directories d0, d1... WAYS of them per
 * directory, LEVELS levels in all counting FD's. */
static void branch(int fd, long ways, long levels, long files)
{
	char name[32];
	long i;
	int nfd;

	touch_n(fd, files);
	if (levels <= 1)
		return;
	for (i = 0; i < ways; i++) {
		snprintf(name, sizeof(name), "d%ld", i);
		nfd = mkdir_open(fd, name);
		branch(nfd, ways, levels - 1, files);
		close(nfd);
	}
}

/* gen branch DIR WAYS LEVELS FILES: the tree above, rooted at DIR.
 * gen chain DIR DEPTH DIRS FILES: DIR/d/d/.../d (DEPTH levels) holding
 * DIRS directories of FILES files, each with a subdirectory "s" of FILES
 * more. */
int main(int argc, char **argv)
{
	char name[32];
	long i, a, b, c;
	int fd, nfd, sfd;

	if (argc != 6)
		return 2;
	a = atol(argv[3]);
	b = atol(argv[4]);
	c = atol(argv[5]);
	fd = mkdir_open(AT_FDCWD, argv[2]);
	if (strcmp(argv[1], "branch") == 0) {
		branch(fd, a, b, c);
		return 0;
	}
	for (i = 0; i < a; i++) {
		nfd = mkdir_open(fd, "d");
		close(fd);
		fd = nfd;
	}
	for (i = 0; i < b; i++) {
		snprintf(name, sizeof(name), "w%ld", i);
		nfd = mkdir_open(fd, name);
		touch_n(nfd, c);
		sfd = mkdir_open(nfd, "s");
		touch_n(sfd, c);
		close(sfd);
		close(nfd);
	}
	close(fd);
	return 0;
}
EOC
cat >gen.py <<'EOP'
# SPDX-License-Identifier: MIT
import os, sys

def mkdir_open(fd, name):
    os.mkdir(name, 0o755, dir_fd=fd)
    return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)

def touch_n(fd, n):
    for i in range(n):
        os.close(os.open("f%d" % i, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd))

def branch(fd, ways, levels, files):
    touch_n(fd, files)
    if levels <= 1:
        return
    for i in range(ways):
        nfd = mkdir_open(fd, "d%d" % i)
        branch(nfd, ways, levels - 1, files)
        os.close(nfd)

shape, top = sys.argv[1], sys.argv[2]
a, b, c = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
fd = mkdir_open(None, top)
if shape == "branch":
    branch(fd, a, b, c)
    sys.exit(0)
for _ in range(a):
    nfd = mkdir_open(fd, "d")
    os.close(fd)
    fd = nfd
for i in range(b):
    nfd = mkdir_open(fd, "w%d" % i)
    touch_n(nfd, c)
    sfd = mkdir_open(nfd, "s")
    touch_n(sfd, c)
    os.close(sfd)
    os.close(nfd)
EOP
if ${CC:-cc} -O2 -o gen gen.c 2>/dev/null; then
	gen="$T/gen"
elif command -v python3 >/dev/null 2>&1; then
	gen="python3 $T/gen.py"
else
	skip "neither a C compiler nor python3 to build the trees"
fi
# Directories: (3^9 - 1) / 2 in the branching tree, each with its files.
ndirs=0
p=1
i=0
while [ $i -lt $levels ]; do
	ndirs=$((ndirs + p))
	p=$((p * branches))
	i=$((i + 1))
done
branch_entries=$((ndirs * (1 + files)))
chain_entries=$((depth + 1 + bottom_dirs * (2 + 2 * bottom_files)))

# ---- the runs, all in one sandbox -------------------------------------------

cat >inner.sh <<'EOS'
# SPDX-License-Identifier: MIT
# (bash: it can close descriptors above 9 by number)
# Inside the sandbox: one line per run, "run SHAPE JOBS LIMIT RC GONE
# PEAK THREADS"; the run's stderr is kept in err.SHAPE.JOBS.LIMIT.
jobs_list=$1 limits=$2 per_run=$3 gen=$4
shift 4
. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 98
mount_tmpfs -o mode=0755 "$T/m"
for shape in branch chain; do
	if [ "$shape" = branch ]; then args=$BRANCH_ARGS; else args=$CHAIN_ARGS; fi
	for j in $jobs_list; do
		for lim in $limits; do
			# shellcheck disable=SC2086  # $gen and $args are word lists
			$gen "$shape" "$T/m/tree" $args || exit 98
			rm -f "$T/rep"
			(
				# Only stdin, stdout and stderr: descriptors the
				# caller leaked (a make jobserver, a terminal
				# multiplexer...) would count against the limit too.
				for fd in /proc/self/fd/*; do
					fd=${fd##*/}
					[ "$fd" -gt 2 ] && eval "exec $fd>&-"
				done
				ulimit -n "$lim" || exit 97
				exec timeout -k 10 "$per_run" env \
					${SHIM_LIBDIR:+LD_LIBRARY_PATH=$SHIM_LIBDIR} \
					LD_PRELOAD="$SHIM" FAULT_EXE=sw-rmtree ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
					FAULT_REPORT="$T/rep" \
					"$SHIM_BIN" -j"$j" "$T/m/tree"
			) >/dev/null 2>"$T/err.$shape.$j.$lim" </dev/null
			rc=$?
			gone=yes
			if [ -e "$T/m/tree" ] || [ -L "$T/m/tree" ]; then
				gone=no
				rm -rf "$T/m/tree"
			fi
			peak=$(awk '$1 == "fds_peak" { print $2 }' "$T/rep" 2>/dev/null)
			threads=$(awk '$1 == "threads" { print $2 }' "$T/rep" 2>/dev/null)
			opens=$(awk '$1 == "call" && $2 == "openat" { print $3 }' "$T/rep" 2>/dev/null)
			start=$(awk '$1 == "fds_start" { $1 = ""; print }' "$T/rep" 2>/dev/null)
			[ "$start" = " 0 1 2" ] || echo "note: $shape -j$j: descriptors at start:$start"
			echo "run $shape $j $lim $rc $gone ${peak:-?} ${threads:-?} ${opens:-0}"
		done
	done
done
exit 0
EOS

sandbox_check || skip "no mount namespace: $_swrmtree_why"
start=$(date +%s)
sandbox_exec env SHIM="$shim" SHIM_BIN="$shim_bin" SHIM_LIBDIR="$shim_libdir" \
	BRANCH_ARGS="$branches $levels $files" \
	CHAIN_ARGS="$depth $bottom_dirs $bottom_files" \
	bash "$T/inner.sh" "$jobs_list" "$limits" "$per_run" "$gen"
[ "$rc" != 98 ] || { _swrmtree_show; fail "could not set up the trees on a tmpfs"; }
[ "$rc" = 0 ] || { _swrmtree_show; fail "the runs stopped (exit status $rc)"; }
cp "$T/.out" runs || fail "cp"
grep '^note: ' runs | head -n 5
note "$(($(date +%s) - start)) s for $(grep -c '^run ' runs) runs"

# ---- the table and the verdict -----------------------------------------------

# table SHAPE TITLE: peaks by -j (rows) and ulimit -n (columns); "!" marks
# a peak over limit/2, "x" a run that failed or left the tree.
table()
{
	note ""
	note "fds_peak, $2 (allowed: limit/2; ! over it, x run failed):"
	awk -v shape="$1" -v jl="$jobs_list" -v ll="$limits" '
	$1 == "run" && $2 == shape {
		k = $3 " " $4
		mark = ($5 != 0 || $6 != "yes") ? "x" : \
			($7 == "?" || $7 > $4 / 2) ? "!" : ""
		v[k] = $7 mark
		t[k] = $8
	}
	END {
		nj = split(jl, js, " "); nl = split(ll, ls, " ")
		line = sprintf("%-16s", "  -j \\ ulimit -n")
		for (b = 1; b <= nl; b++) line = line sprintf("%7s", ls[b])
		line = line "   threads at " ls[nl]
		print line
		for (a = 1; a <= nj; a++) {
			line = sprintf("%-16s", "  -j" js[a])
			for (b = 1; b <= nl; b++) line = line sprintf("%7s", v[js[a] " " ls[b]])
			line = line sprintf("   %s", t[js[a] " " ls[nl]])
			print line
		}
		line = sprintf("%-16s", "  allowed")
		for (b = 1; b <= nl; b++) line = line sprintf("%7d", ls[b] / 2)
		print line
	}' runs
}
table branch "3-way tree, $levels levels, $branch_entries entries"
table chain "chain $depth deep, $chain_entries entries"
note ""

bad=$(awk '$1 == "run" && ($5 != 0 || $6 != "yes" || $7 == "?" || $7 > $4 / 2) {
	why = ""
	if ($5 != 0) why = why " exit status " $5
	if ($6 != "yes") why = why " tree left"
	if ($7 == "?") why = why " no shim report"
	else if ($7 > $4 / 2) why = why " " $7 " descriptors (limit/2 = " $4 / 2 ")"
	printf "  %s -j%s ulimit -n %s:%s\n", $2, $3, $4, why
}' runs)
# The peaks mean something only if the shim saw the opens: every directory
# is opened at least once (a fortified build calls __openat_2, say).
few=$(awk -v n="$ndirs" '$1 == "run" && $2 == "branch" && $5 == 0 && $9 < n {
	printf "  -j%s ulimit -n %s: %s openat calls seen\n", $3, $4, $9 }' runs)
[ -z "$few" ] || fail "the shim missed opens ($ndirs directories):
$few"
if [ -n "$bad" ]; then
	printf '%s\n' "$bad" >&2
	for f in err.*; do
		[ -s "$f" ] || continue
		printf -- '--- %s (first lines):\n' "$f" >&2
		head -n 3 "$f" >&2
	done | head -n 40 >&2
	fail "$(printf '%s\n' "$bad" | wc -l) of $(grep -c '^run ' runs) runs broke the descriptor budget or failed"
fi
exit 0
