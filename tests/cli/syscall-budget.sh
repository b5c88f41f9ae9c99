#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# The engine's syscall budget: removing a fixed tree with -j1
# makes one unlinkat per entry, opens and stats each directory a bounded
# number of times, and never stats a file whose d_type is known.  Counted
# with strace -c against a baseline run on an empty directory, so the
# dynamic loader and the guards' lookups cancel out.  Counts, not times:
# this cannot flake on a busy machine.
#
# And a tiny tree (10 entries: 2 directories below the root, 7 files)
# removed with the default -j costs no more than rm -rf's work plus the
# guards' fixed cost: workers start only when there is work to share, so
# the count must not depend on how many the default -j would allow.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "counts syscalls with strace"
no_leak_checks_under_ptrace

command -v strace >/dev/null 2>&1 || skip "strace is missing"
dirs=20
files=50

mkdir -p "$T/empty" || fail "mkdir"
d=0
while [ $d -lt $dirs ]; do
	mkdir -p "$T/tree/d$d" || fail "mkdir"
	(cd "$T/tree/d$d" && seq 1 $files | xargs touch) || fail "touch"
	d=$((d + 1))
done
nfiles=$((dirs * files))
ndirs=$((dirs + 1))

# The real binary, not libtool's wrapper script (whose shell would count).
bin=$SWRMTREE_BIN
libdir=
if head -c 2 "$bin" | grep -q '^#!'; then
	libdir=$(dirname "$bin")/../.libs
	bin=$(dirname "$bin")/.libs/$(basename "$bin")
	[ -x "$bin" ] || skip "cannot find the real binary behind $SWRMTREE_BIN"
fi

# count NAME DIR [OPTION...]: remove DIR with the binary (-j1 unless
# OPTIONs are given) under strace -f -c, into $T/NAME.strace.
count()
{
	_name=$1 _dir=$2
	shift 2
	[ $# -gt 0 ] || set -- -j1
	sandbox_exec env ${libdir:+LD_LIBRARY_PATH=$libdir} \
		strace -f -qq -c -o "$T/$_name.strace" "$bin" "$@" "$_dir"
	expect_rc 0
	assert_gone "$_dir"
}

# calls NAME FILE: how many times the syscall NAME was made (0 if never).
calls()
{
	awk -v n="$1" '$NF == n { print ($4 ~ /^[0-9]+$/) ? $4 : $3; f = 1 }
		END { if (!f) print 0 }' "$2"
}

count base "$T/empty"
count tree "$T/tree"

delta()
{
	echo $(( $(calls "$1" "$T/tree.strace") - $(calls "$1" "$T/base.strace") ))
}

unlinks=$(( $(delta unlinkat) + $(delta unlink) + $(delta rmdir) ))
opens=$(( $(delta openat) + $(delta open) ))
stats=$(( $(delta statx) + $(delta newfstatat) + $(delta fstat) + $(delta lstat) + $(delta stat) ))
reads=$(delta getdents64)
note "entries: $nfiles files, $ndirs dirs; unlinks $unlinks, opens $opens, stats $stats, getdents64 $reads"

# The base run removed one (empty) directory too.
[ "$unlinks" -eq $((nfiles + ndirs - 1)) ] ||
	fail "unlinkat: $unlinks calls for $((nfiles + ndirs - 1)) more entries"
[ "$opens" -le $((dirs + 2)) ] || fail "openat: $opens calls for $dirs more directories"
# statx before the open and fstat after it, per directory; none per file.
[ "$stats" -le $((2 * dirs + 2)) ] ||
	fail "stat family: $stats calls for $dirs more directories and $nfiles files"
[ "$reads" -le $((2 * dirs + 4)) ] || fail "getdents64: $reads calls for $dirs more directories"

# ---- a tiny tree with the default -j ----------------------------------------
#
# Measured here (Linux 6.18, glibc, a 2-CPU VM, the tree on ext4 where the
# default -j is 16 per CPU), total syscalls of the whole process, loader
# included.  Before the pool (lazy workers) and the cheaper guards:
# rm -rf 97; sw-rmtree -j1 319; the default -j 869 to 948 (31 workers
# started first).  After the pool: -j1 195, the default -j 200 (no
# thread).  With the protected paths' ancestors taken from their spelling
# where that is safe and the CPU count from the affinity mask: -j1 165,
# the default -j 169.  The ceiling is rm's count plus the guards' fixed
# cost (the protected paths, the mount table, the password database: some
# 60 calls), loading libswrmtree, and a little slack.  The second check uses the -j1 run of this same tree as its
# baseline, as the first part of this script uses the empty directory:
# the loader and the guards cancel out, so it holds on machines where
# they cost more or less than here.
tiny_ceiling=185
tiny_slack=30

tiny()
{
	mkdir -p "$1/a" "$1/b" && : >"$1/f1" && : >"$1/f2" && : >"$1/f3" &&
		: >"$1/a/f1" && : >"$1/a/f2" && : >"$1/b/f1" && : >"$1/b/f2" ||
		fail "cannot build the tiny tree"
	[ "$(find "$1" | wc -l)" = 10 ] || fail "the tiny tree is not 10 entries"
}

tiny "$T/tiny"
sandbox_exec strace -f -qq -c -o "$T/tiny-rm.strace" rm -rf "$T/tiny"
expect_rc 0
assert_gone "$T/tiny"
tiny "$T/tiny"
count tiny-j1 "$T/tiny"
tiny "$T/tiny"
count tiny-default "$T/tiny" --
rm_calls=$(calls total "$T/tiny-rm.strace")
j1_calls=$(calls total "$T/tiny-j1.strace")
def_calls=$(calls total "$T/tiny-default.strace")
threads=$(calls clone3 "$T/tiny-default.strace")
threads=$((threads + $(calls clone "$T/tiny-default.strace")))
note "tiny tree, 10 entries: rm -rf $rm_calls syscalls, sw-rmtree -j1 $j1_calls," \
	"default -j $def_calls ($threads clone calls); ceiling $tiny_ceiling"
# A sanitizer's runtime makes a few hundred calls of its own at start:
# there only the comparison with -j1 counts.
sanitized || [ "$def_calls" -le "$tiny_ceiling" ] ||
	fail "tiny tree, default -j: $def_calls syscalls, ceiling $tiny_ceiling (rm -rf: $rm_calls)"
[ "$def_calls" -le $((j1_calls + tiny_slack)) ] ||
	fail "tiny tree, default -j: $def_calls syscalls, -j1 $j1_calls (+$tiny_slack allowed)"

# ---- a handed-over directory costs what one walked in place costs ---------
#
# -j4 (which shares from the start) against -j1 on the same tree: the same
# opens, stats, reads and unlinks, give or take the threads' own start-up
# (the loader opens nothing more for them); a directory is handed over
# already opened and checked, with no second openat, fstat or statx and no
# duplicated descriptor.
for run in j1 j4; do
	d=0
	while [ $d -lt $dirs ]; do
		mkdir -p "$T/tree2/d$d/sub" || fail "mkdir"
		(cd "$T/tree2/d$d" && seq 1 10 | xargs touch && : >sub/f) || fail "touch"
		d=$((d + 1))
	done
	count "tree2-$run" "$T/tree2" "-$run"
done
for sc in openat statx newfstatat fstat getdents64 unlinkat fcntl; do
	a=$(calls "$sc" "$T/tree2-j1.strace")
	b=$(calls "$sc" "$T/tree2-j4.strace")
	# glibc may load libgcc_s when the first thread ends: one openat.
	slack=0
	[ "$sc" = openat ] && slack=2
	[ "$b" -le $((a + slack)) ] ||
		fail "$sc: $a calls with -j1, $b with -j4 (handing over costs more)"
done
note "hand-over: the same opens, stats, reads and unlinks with -j1 and -j4"
exit 0
