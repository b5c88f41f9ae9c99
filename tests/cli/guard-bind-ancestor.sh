#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 8, last sentence: an ancestor of a protected path through any
# mount by which that path is reachable counts as its ancestor.  home is a
# bind mount of fs/data/homes and home/alice is protected: ".." from home
# leads to $T, never to fs/data, so only the mount table shows that
# fs/data holds home/alice.  fs is a tmpfs, so that the file system is not
# the one the rest of the machine is on.  Where the mount table cannot be
# read (/proc hidden, and no listmount()/statmount() to read it with
# instead), a directory of that file system is refused with a message
# saying why.  With GUARD_NOSTATMOUNT="E..." (guard-bind-ancestor-
# procfs.sh), the same cases run with the fault shim making those two
# system calls fail with each E in turn, so the table comes from
# /proc/self/mountinfo.  The mounts are made in the sandbox and vanish with
# it.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export XDG_CONFIG_HOME="$T/xdg"
mkdir -p fs home other || fail "mkdir"

# shellcheck disable=SC2016  # expanded by the inner shell
mounts='mount -t tmpfs tmpfs "$T/fs" || exit 90
mkdir -p "$T/fs/data/homes/alice" "$T/fs/junk" || exit 91
echo precious >"$T/fs/data/homes/alice/thesis" || exit 91
echo junk >"$T/fs/junk/f" || exit 91
mount --bind "$T/fs/data/homes" "$T/home" || exit 92
'
# in_mounts [hide-proc] ARGS: the binary after the mounts, in one sandbox.
in_mounts()
{
	pre=$mounts
	if [ "$1" = hide-proc ]; then
		shift
		pre="$pre"'mount -t tmpfs tmpfs /proc || exit 93
'
	fi
	# shellcheck disable=SC2016
	sandbox_exec /bin/sh -c "$pre"'
if [ -n "${SHIM_E:-}" ]; then
	LD_LIBRARY_PATH=$SHIM_LIBDIR LD_PRELOAD=$SHIM_SO FAULT_NOSTATMOUNT=$SHIM_E \
		"$SHIM_BIN" "$@"
else
	"$SWRMTREE_BIN" "$@"
fi
echo $? >"$T/rc"
ls -A "$T/fs/data/homes/alice" >"$T/alice.list"
ls -A "$T/fs" >"$T/fs.list"
exit 0' sh "$@"
	case $rc in
	90 | 91 | 92 | 93) skip "cannot set up the mounts in the sandbox ($rc): $(cat "$T/.err")" ;;
	esac
	expect_rc 0
	rc=$(cat "$T/rc")
}

alive()
{
	grep -qx thesis "$T/alice.list" || fail "the protected file was removed"
}

prot="$T/home/alice"
contains="contains protected path '$prot' (--protect)"
unknown="cannot tell whether it contains protected path '$prot' (--protect) through another mount of its file system"

# The cases, each in a sandbox of its own with the mounts.
cases()
{
	# Through the bind mount, the real directories above alice are refused...
	for p in "$T/fs/data" "$T/fs/data/homes" "$T/fs/data/"; do
		in_mounts --protect="$prot" "$p"
		expect_rc 2
		expect_err "sw-rmtree: refusing to remove '$p': $contains"
		alive
	done
	# ... also with --cross-mounts, and in a dry run.
	in_mounts --cross-mounts --protect="$prot" -n "$T/fs/data"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$T/fs/data': $contains"
	alive
	# The protected path itself, by its other spelling.
	in_mounts --protect="$prot" "$T/fs/data/homes/alice"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$T/fs/data/homes/alice': protected path (--protect)"
	alive
	# What does not hold it still goes.
	in_mounts --protect="$prot" "$T/fs/junk" "$T/other"
	expect_rc 0
	expect_no_err
	grep -qx junk "$T/fs.list" && fail "$T/fs/junk was not removed"
	assert_gone "$T/other"
	mkdir -p "$T/other" || fail "mkdir"
}

SHIM_E=
if [ -n "${GUARD_NOSTATMOUNT:-}" ]; then
	use_shim
	export SHIM_E SHIM_SO="$shim" SHIM_BIN="$shim_bin" SHIM_LIBDIR="$shim_libdir"
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
	for SHIM_E in $GUARD_NOSTATMOUNT; do
		cases
	done
else
	cases
fi

# Without a mount table the relation cannot be established: refused, and
# the message says why.  (A sanitizer build or valgrind cannot run without
# /proc: their runtimes read it.)
# shellcheck disable=SC2016
sandbox_exec /bin/sh -c 'mount -t tmpfs tmpfs /proc && "$SWRMTREE_BIN" --version'
if [ "$rc" != 0 ]; then
	note "the binary does not run without /proc here: that case is not run"
	exit 0
fi
# Refused either way: where listmount() and statmount() read the table
# instead of /proc, for what it holds; else because it cannot be told.
# Without them (the shim's runs), only the second.
if [ -n "${GUARD_NOSTATMOUNT:-}" ]; then
	for SHIM_E in $GUARD_NOSTATMOUNT; do
		in_mounts hide-proc --protect="$prot" "$T/fs/data"
		expect_rc 2
		expect_err "sw-rmtree: refusing to remove '$T/fs/data': $unknown"
		alive
	done
	exit 0
fi
in_mounts hide-proc --protect="$prot" "$T/fs/data"
expect_rc 2
if grep -qF "$contains" "$T/.err"; then
	note "listmount() and statmount() read the mount table without /proc"
	expect_err "sw-rmtree: refusing to remove '$T/fs/data': $contains"
else
	expect_err "sw-rmtree: refusing to remove '$T/fs/data': $unknown"
fi
alive
exit 0
