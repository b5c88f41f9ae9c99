#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --collect DIR: a detached run whose background process was killed leaves
# its hidden tree, unlocked; --collect removes it, and so does the
# background process of a later --detach in the same directory.  Only
# DIR's direct entries named .sw-rmtree-trash.*, only directories, only
# the caller's unless --any-owner.  No timing: the background process
# waits on its --detach-log FIFO (see detach.sh) until it is killed.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

direct_binary "the background process outlives the command"

mkdir -p p/d/sub outside || fail "mkdir"
: >p/d/sub/f || fail "touch"
: >outside/precious || fail "touch"
mkfifo log1 || fail "mkfifo"
run --detach --detach-log="$T/log1" p/d
expect_rc 0
set -- p/.sw-rmtree-trash.d.*
[ -d "$1" ] || fail "no hidden tree: $*"
h=$1

# The background process: the one holding the hidden tree open (and not
# find itself, which may see its own descriptors).
pids=
for p in $(find -L /proc/[0-9]*/fd -maxdepth 1 -samefile "$h" 2>/dev/null |
	sed 's|^/proc/\([0-9]*\)/fd/.*|\1|' | sort -u); do
	{ tr '\0' '\n' <"/proc/$p/cmdline"; } 2>/dev/null |
		grep -qFx -- "--detach-log=$T/log1" && pids="$pids $p"
done
# shellcheck disable=SC2086  # a list of numbers
set -- $pids
[ $# -eq 1 ] || fail "cannot find the background process (found:$pids)"
kill -KILL "$1" || fail "kill"
# Its lock goes when it has died; wait for that, however long it takes.
i=0
until flock -n "$h" true; do
	i=$((i + 1))
	[ $i -lt 6000 ] || fail "the killed process still holds its lock"
	sleep 0.1
done
assert_exists "$h/sub/f"

# Entries that are not leftovers, whatever their names.
: >p/.sw-rmtree-trash.file.AAAAAA
ln -s "$T/outside" p/.sw-rmtree-trash.link.AAAAAA || fail "ln"
mkdir -p p/sub/.sw-rmtree-trash.deeper.AAAAAA || fail "mkdir"

run --collect -v p
expect_rc 0
expect_no_err
assert_gone "$h"
grep -qFx "$h" "$T/.out" || fail "--collect -v did not list $h"
assert_exists p/.sw-rmtree-trash.file.AAAAAA
assert_exists p/.sw-rmtree-trash.link.AAAAAA
assert_exists p/sub/.sw-rmtree-trash.deeper.AAAAAA
assert_exists outside/precious

# A directory that cannot be opened.
run --collect missing
expect_rc 1
expect_err "sw-rmtree: cannot collect leftovers in 'missing': No such file or directory"

# A later --detach collects in the background too.
mkdir -p p/.sw-rmtree-trash.e.BBBBBB/x p/f/y || fail "mkdir"
mkfifo log2 || fail "mkfifo"
run --detach --detach-log="$T/log2" p/f
expect_rc 0
timeout 600 cat log2 >log2.out || fail "the background process did not end"
[ ! -s log2.out ] || { cat log2.out >&2; fail "messages in the log"; }
assert_gone p/.sw-rmtree-trash.e.BBBBBB
[ -z "$(find p -maxdepth 1 -name '.sw-rmtree-trash.f.*')" ] || fail "p/f stays"

# Another user's leftover: only with --any-owner.
if [ "$(id -u)" = 0 ]; then
	mkdir -p p/.sw-rmtree-trash.o.CCCCCC/z || fail "mkdir"
	chown -R "$NOBODY_UID:$NOBODY_GID" p/.sw-rmtree-trash.o.CCCCCC || fail "chown"
	run --collect p
	expect_rc 0
	assert_exists p/.sw-rmtree-trash.o.CCCCCC/z
	run --collect --any-owner p
	expect_rc 0
	assert_gone p/.sw-rmtree-trash.o.CCCCCC
fi

# One leftover a guard refuses stays (reported), the others go: each is a
# run of its own, so that is exit status 1, not the all-or-nothing 2.
mkdir -p q/.sw-rmtree-trash.a.AAAAAA/s q/.sw-rmtree-trash.b.BBBBBB/t || fail "mkdir"
run --collect --protect=q/.sw-rmtree-trash.a.AAAAAA/s q
expect_rc 1
grep -q "^sw-rmtree: refusing to remove 'q/.sw-rmtree-trash.a.AAAAAA': contains protected path" "$T/.err" ||
	{ _swrmtree_show; fail "the refusal is not reported"; }
assert_exists q/.sw-rmtree-trash.a.AAAAAA/s
assert_gone q/.sw-rmtree-trash.b.BBBBBB
exit 0
