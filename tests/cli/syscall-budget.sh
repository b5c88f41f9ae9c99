#!/bin/sh
# The engine's syscall budget (issue 6): removing a fixed tree with -j1
# makes one unlinkat per entry, opens and stats each directory a bounded
# number of times, and never stats a file whose d_type is known.  Counted
# with strace -c against a baseline run on an empty directory, so the
# dynamic loader and the guards' lookups cancel out.  Counts, not times:
# this cannot flake on a busy machine.
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

count()
{
	sandbox_exec env ${libdir:+LD_LIBRARY_PATH=$libdir} \
		strace -f -qq -c -o "$T/$1.strace" "$bin" -j1 "$2"
	expect_rc 0
	assert_gone "$2"
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
exit 0
