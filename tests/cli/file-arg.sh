#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# A PATH that is not a directory is simply unlinked: a plain file, an empty
# file, a fifo (never opened), a dangling symlink, a symlink to a file (the
# file stays), a socket.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir outside || fail "mkdir"
printf 'keep me\n' >outside/target || fail "write"
printf 'data\n' >plain || fail "write"
: >empty || fail "touch"
mkfifo fifo || fail "mkfifo"
ln -s nowhere dangling || fail "ln"
ln -s outside/target to-file || fail "ln"

for p in plain empty fifo dangling to-file; do
	run "$p"
	expect_rc 0
	expect_no_err
	expect_out_file /dev/null
	assert_gone "$p"
done
[ "$(cat outside/target)" = "keep me" ] || fail "the symlink's target changed"

# All at once, and a socket when python3 can make one.
printf 'data\n' >plain || fail "write"
mkfifo fifo || fail "mkfifo"
ln -s nowhere dangling || fail "ln"
set -- plain fifo dangling
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("sock")' ||
		fail "cannot create a socket"
	set -- "$@" sock
fi
run "$@"
expect_rc 0
expect_no_err
for p do
	assert_gone "$p"
done
assert_exists outside/target
exit 0
