#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Syscall fault injection: with tests/fault/libfault.so preloaded,
# openat, open, getdents64, statx, fstatat (statx failing with ENOSYS),
# fstat, unlinkat, close and faccessat fail with EIO, EMFILE, ENFILE,
# ENOMEM, EACCES, EPERM, EBUSY, ELOOP, ENOTEMPTY or EINTR at their Nth
# call, for a sample of N over every call a fault-free run makes (a
# counting run says how many), in a real run (-j1) and a dry run, on a
# mixed tree of about 60 entries, 4 levels deep.  Each case must: exit 0,
# 1 or 2 (no crash, no hang), name no path twice in its messages, leave
# everything outside the tree alone, close every descriptor it opened, and
# with EINTR (failed once) succeed as if nothing happened.  The checks are
# in tests/fault/sweep.sh, which runs inside one sandbox_exec.
#   FAULT_FULL=1           every call instead of a sample (slow)
#   FAULT_SAMPLES=N        calls per function, errno and mode (default 4)
#   FAULT_EVERY=N          only every Nth case of that sample, from the first
#                          (default 1: all); CI's ASan stage takes a quarter,
#                          since its plain make check ran them all
#   FAULT_FUNCS, FAULT_ERRNOS   narrow the sweep
#   FAULT_WRAPPER='valgrind -q --error-exitcode=99'   see tests/fault/README
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "hundreds of runs with an LD_PRELOAD shim"

use_shim
bin=$shim_bin
libdir=$shim_libdir
command -v bash >/dev/null 2>&1 || skip "bash is missing"

# ---- the tree: 60 entries, 4 levels below it ---------------------------------
mkdir -p outside/dir w home xdg tpl || fail "mkdir"
printf 'precious\n' >outside/file || fail "outside/file"
printf 'also precious\n' >outside/dir/f || fail "outside/dir/f"
r=tpl/tree
mkdir -p "$r/a/b/c/d" "$r/a/b/c/empty" "$r/e" "$r/g/h" "$r/with space" ||
	fail "mkdir tree"
for f in f1 f2 f3 "it's" "$(printf 'new\nline')" -dash; do
	printf 'data %s\n' "$f" >"$r/$f" || fail "file $f"
done
for d in a a/b a/b/c a/b/c/d e g g/h "with space"; do
	for f in x y z; do
		printf '%s/%s\n' "$d" "$f" >"$r/$d/$f" || fail "file $d/$f"
	done
done
for i in 1 2 3 4 5 6 7 8; do
	: >"$r/e/n$i" || fail "file e/n$i"
done
head -c 70000 /dev/zero >"$r/a/big" || fail "big"
ln -s "$T/outside/file" "$r/link-out-file" || fail "ln"
ln -s "$T/outside/dir" "$r/link-out-dir" || fail "ln"
ln -s "$T/outside/dir" "$r/a/b/c/d/link-out-deep" || fail "ln"
ln -s ../.. "$r/a/b/up" || fail "ln"
ln -s a "$r/link-in" || fail "ln"
ln -s nowhere "$r/dangling" || fail "ln"
ln "$r/f1" "$r/a/hard" || fail "ln (hard)"
mkfifo "$r/fifo" "$r/a/b/fifo" || fail "mkfifo"
n=$(find "$r" | wc -l)
if [ "$n" -lt 55 ] || [ "$n" -gt 70 ]; then
	fail "the tree has $n entries"
fi
[ -d "$r/a/b/c/d" ] || fail "the tree is not 4 levels deep"

# ---- the sweep ------------------------------------------------------------------
funcs=${FAULT_FUNCS:-openat open getdents64 statx fstatat fstat unlinkat close faccessat}
errnos=${FAULT_ERRNOS:-EIO EMFILE ENFILE ENOMEM EACCES EPERM EBUSY ELOOP ENOTEMPTY EINTR}
every=${FAULT_EVERY:-1}
case $every in
'' | *[!0-9]* | 0*) fail "FAULT_EVERY must be a positive number" ;;
esac
start=$(date +%s)
sandbox_exec env FS_DIR="$T" FS_BIN="$bin" FS_LIBDIR="$libdir" FS_SHIM="$shim" \
	FS_FUNCS="$funcs" FS_ERRNOS="$errnos" FS_SAMPLES="${FAULT_SAMPLES:-4}" \
	FS_FULL="${FAULT_FULL:-0}" FS_EVERY="$every" FS_WRAPPER="${FAULT_WRAPPER:-}" \
	FS_VERBOSE="${FAULT_VERBOSE:-0}" \
	bash "$SWRMTREE_SRCDIR/tests/fault/sweep.sh"
cat "$T/.out"
note "fault sweep: $(($(date +%s) - start)) s"
if [ "$rc" != 0 ]; then
	cat "$T/.err" >&2
	fail "the fault sweep failed (exit status $rc)"
fi
exit 0
