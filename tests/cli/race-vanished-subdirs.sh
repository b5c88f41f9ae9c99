#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Traversal: an entry that vanishes between being read and being
# removed is not an error -- also a directory handed to another worker
# with -j.  While the run is going (the fault shim's hook, at the 20th
# unlinkat, so no timing is involved), another process removes every
# subdirectory that is left.  Whatever had been handed over by then must
# go quietly: exit 0, no message, the tree gone.  Ten rounds, -j4 and -j16.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

use_shim

build()
{
	rm -rf t || fail "rm"
	seq -f 't/d%g/sub' 1 60 | xargs mkdir -p || fail "mkdir"
	for d in t/d*; do
		: >"$d/a" && : >"$d/b" && : >"$d/sub/c" || fail "touch"
	done
}

round=0
while [ $round -lt 10 ]; do
	for jobs in -j4 -j16; do
		build
		sandbox_exec env LD_LIBRARY_PATH="$shim_libdir" LD_PRELOAD="$shim" \
			ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			FAULT_EXE=sw-rmtree FAULT_HOOK_CALL=unlinkat FAULT_HOOK_N=20 \
			FAULT_HOOK_CMD="rm -rf '$T'/t/d*" "$shim_bin" "$jobs" t
		expect_no_err
		expect_rc 0
		assert_gone "$T/t"
	done
	round=$((round + 1))
done
exit 0
