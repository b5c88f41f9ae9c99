#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 8: each PATH is resolved once, when the guards check it, and
# its removal starts from the parent the guards held.  The attack: uid
# 65534 owns shared/att inside a 1777 directory; while the first PATH is
# being removed (after the guards have judged every PATH), it replaces att
# with a symbolic link to a victim tree holding a protected file.  A second
# lookup by spelling would remove the victim's tree.  The fault shim runs
# the swap just before the first unlinkat, so the race is lost every time,
# without any timing.
#   1. the parent held from the guards: the attacker's own tree goes (it is
#      what was judged), the victim stays, exit 0;
#   2. more PATHs than held parents: the parent is re-opened by spelling,
#      its identity differs, nothing of that PATH is removed, exit 1.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

use_shim
scratch_for_nobody

build()
{
	rm -rf big shared victim p1 p2 p3 p4 || fail "rm"
	mkdir -p big shared/att/cache/sub victim/cache/keep p1/x p2/x p3/x p4/x ||
		fail "mkdir"
	for i in 1 2 3 4 5 6 7 8; do
		: >"big/f$i" || fail "touch"
	done
	echo mine >shared/att/cache/sub/file || fail "write"
	echo precious >victim/cache/keep/data || fail "write"
	echo also >victim/cache/other || fail "write"
	chmod 1777 shared || fail "chmod"
	chown -R "$NOBODY_UID:$NOBODY_GID" shared/att || fail "chown"
}

# The swap, as the owner of att (nobody): allowed in a sticky directory.
# shellcheck disable=SC2016  # $SWRMTREE_AS_NOBODY: set in the sandbox
swap="cd '$T/shared' && \$SWRMTREE_AS_NOBODY \
sh -c 'mv att att.old && ln -s \"$T/victim\" att'"

# in_race ARGS: the binary with the shim, swapping before the first unlinkat.
in_race()
{
	# ASan wants to come first; the shim is preloaded before it.
	sandbox_exec env LD_LIBRARY_PATH="$shim_libdir" LD_PRELOAD="$shim" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		FAULT_EXE=sw-rmtree FAULT_HOOK_CALL=unlinkat FAULT_HOOK_N=1 \
		FAULT_HOOK_CMD="$swap" "$shim_bin" -j1 \
		--protect="$T/victim/cache/keep/data" "$@"
}

check_victim()
{
	assert_exists "$T/victim/cache/keep/data"
	assert_exists "$T/victim/cache/other"
	[ -L "$T/shared/att" ] || fail "the swap did not happen: $(ls -l "$T/shared")"
}

# Named directly, the victim's tree is refused: it holds a protected file.
build
run --protect="$T/victim/cache/keep/data" "$T/victim/cache"
expect_rc 2
assert_exists "$T/victim/cache/keep/data"

# 1. Held parent: what the guards judged is what goes.
build
in_race big "$T/shared/att/cache"
check_victim
expect_rc 0
expect_no_err
assert_gone "$T/big"
assert_gone "$T/shared/att.old/cache"
assert_exists "$T/shared/att.old"

# 2. Re-opened parent: another directory by now, nothing of it goes.
build
in_race big p1/x p2/x p3/x p4/x "$T/shared/att/cache"
check_victim
expect_rc 1
expect_err "sw-rmtree: cannot remove '$T/shared/att/cache': changed after the guards checked it; left alone"
expect_err_count 1
assert_exists "$T/shared/att.old/cache/sub/file"
assert_gone "$T/p4/x"
exit 0
