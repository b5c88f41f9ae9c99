#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Out of memory from the start: under a `ulimit -v` so small that the
# walk cannot even allocate its first directory buffer, the run ends with
# "cannot remove 'PATH': Cannot allocate memory".  What the summaries say
# must still agree with what stayed (SPEC: Details, Counting): when PATH
# stays, the exit status is 1, the JSON stream lists PATH with an "error",
# the JSON summary's "kept" and the --stats line's "; N entries could not
# be removed" count it, and "failed" is the number of messages.  A tree
# of 25 entries goes with -j1 and -j4 under limits from 2,000 to 12,000
# KiB (in steps of 50 up to 4,000, then 500); a limit under which the
# binary cannot even be loaded (exit status 127 from the dynamic loader)
# is passed over.  Whatever the limit, the
# output must agree with the tree; where even the guards cannot be set up
# (the message names no PATH), nothing may have gone.  Then the same
# out of memory in the middle of a walk, made deterministic with the fault
# shim (below).  Before the fix, a
# failed allocation there freed an uninitialised pointer (abort or crash).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
! sanitized || skip "sanitizer build: address space use is not the program's"

real_binary
# A coverage build (.ci/run's unprivileged stage) writes its counters at
# exit, and libgcov's writer crashes (SIGSEGV in gcov_do_dump) when the
# limit has left it no memory: not the program's doing.
! grep -aq __gcov_exit "$real_bin" ||
	skip "coverage build: libgcov's writing at exit needs the memory the limit takes"
sandbox_check || skip "no mount namespace: $_swrmtree_why"

mkdir tpl || fail "mkdir"
for d in a b c d; do
	mkdir "tpl/$d" || fail "mkdir"
	for f in 1 2 3 4 5; do
		printf '%s\n' "$d$f" >"tpl/$d/f$f" || fail "write"
	done
done

cat >inner.sh <<'EOS'
# SPDX-License-Identifier: MIT
# One line per run: "run JOBS LIMIT RC PROBLEMS..." ("-" when none), or
# "unloadable JOBS LIMIT".
bin=$1 libdir=$2
lim=2000
while [ "$lim" -le 12000 ]; do
	for jobs in -j1 -j4; do
		rm -rf t && cp -a tpl t || exit 98
		(
			[ -z "$libdir" ] || export LD_LIBRARY_PATH="$libdir"
			ulimit -v "$lim" || exit 97
			exec "$bin" "$jobs" --json -v --stats t
		) >out 2>err </dev/null
		rc=$?
		[ "$rc" != 97 ] || exit 97
		if [ "$rc" = 127 ] && ! grep -q "^sw-rmtree" err; then
			echo "unloadable $jobs $lim"
			continue
		fi
		find t 2>/dev/null >left
		why=
		if grep -qx -e 'sw-rmtree: Cannot allocate memory' \
			-e 'sw-rmtree: out of memory' err; then
			# Before the guards, or while the command line is read (the CLI says
			# "out of memory" then): nothing may have gone.
			[ "$rc" = 1 ] || why="$why exit-$rc-when-the-run-could-not-start"
			[ "$(wc -l <left)" = 25 ] || why="$why entries-went-before-the-guards"
			echo "run $jobs $lim $rc ${why:- -}"
			continue
		fi
		msgs=$(grep -c "^sw-rmtree: \(cannot remove\|skipping\) '" err)
		failed=$(sed -n 's/.*"failed": \([0-9]*\).*/\1/p' out)
		kept=$(sed -n 's/.*"kept": \([0-9]*\).*/\1/p' out)
		stayed=$(sed -n 's/.*; \([0-9]*\) entr[a-z]* could not be removed.*/\1/p' err)
		[ -n "$failed" ] || why="$why no-summary"
		[ "${failed:-x}" = "$msgs" ] || why="$why failed-${failed:-none}-but-$msgs-messages"
		if [ -s left ]; then
			[ "$rc" = 1 ] || why="$why exit-$rc-with-entries-left"
			grep -q '^{"path": "t", .*"error": ' out || why="$why t-stays-but-is-not-listed-with-an-error"
			[ "${kept:-0}" -ge 1 ] || why="$why t-stays-but-kept-is-${kept:-none}"
			[ "${stayed:-0}" -ge 1 ] || why="$why t-stays-but-stats-say-nothing-stayed"
		else
			[ "$rc" = 0 ] || why="$why exit-$rc-with-nothing-left"
			[ -z "$stayed" ] || why="$why nothing-left-but-$stayed-could-not-be-removed"
		fi
		echo "run $jobs $lim $rc ${why:- -}"
		if [ -n "$why" ]; then
			sed 's/^/    stderr: /' err | head -n 3
			grep -v '^{"path": "t/' out | sed 's/^/    stdout: /' | head -n 3
		fi
	done
	lim=$((lim + (lim < 4000 ? 50 : 500)))
done
EOS

sandbox_exec /bin/sh "$T/inner.sh" "$real_bin" "$real_libdir"
[ "$rc" != 97 ] && [ "$rc" != 98 ] || { _swrmtree_show; fail "could not set the limit or copy the tree"; }
[ "$rc" = 0 ] || { _swrmtree_show; fail "the runs stopped (exit status $rc)"; }
cp "$T/.out" runs || fail "cp"
grep -q '^run ' runs || skip "the binary cannot be loaded under any of these limits"
note "runs that failed (jobs, ulimit -v KiB, exit status):"
awk '$1 == "run" && $4 != 0 { print "  " $2, $3, $4 }' runs
if awk '$1 == "run" && $5 != "-" { bad = 1 } END { exit !bad }' runs; then
	awk '$1 == "run" && $5 != "-" { p = 5 } p && p-- { print }' runs >&2
	fail "the output does not agree with what stayed"
fi

# Out of memory in the middle of the walk, at the same point every time:
# at the 20th getdents64 (20 levels down), the fault shim's hook lowers the process's
# RLIMIT_AS to what it maps already, and a chain 300 deep, with files
# beside each level (names that differ from level to level, so that the
# next level is rarely the last entry read), needs a directory buffer
# (32 KiB) per level whose reading is not over.  The walk ends; t stays, and must be
# counted and listed as an entry that stays.
command -v prlimit >/dev/null 2>&1 || skip "no prlimit(1)"
use_shim
chain=$(seq 300 | sed 's/.*/d/' | paste -sd/ -)
for jobs in -j1 -j4; do
	rm -rf t && mkdir -p "t/$chain" || fail "mkdir"
	p=t
	for d in $(seq 300); do
		(cd "$p" && : >"a$d" && : >"b$d" && : >"c$d" && : >"e$d") || fail "touch"
		p=$p/d
	done
	# shellcheck disable=SC2016  # for the hook's shell
	sandbox_exec env LD_LIBRARY_PATH="$shim_libdir" LD_PRELOAD="$shim" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		FAULT_EXE=sw-rmtree FAULT_HOOK_CALL=getdents64 FAULT_HOOK_N=20 \
		FAULT_HOOK_CMD='prlimit --pid $PPID --as=$(awk "/^VmSize:/ { print \$2 * 1024 }" /proc/$PPID/status)' \
		"$shim_bin" "$jobs" --json -v --stats t
	expect_rc 1
	grep -q "^sw-rmtree: cannot remove 't': Cannot allocate memory\$" "$T/.err" ||
		{ _swrmtree_show; fail "$jobs: no out-of-memory message for t"; }
	expect_err_count 2 # the message and the --stats line
	grep -q '^{"path": "t", .*"error": "Cannot allocate memory"}$' "$T/.out" ||
		{ _swrmtree_show; fail "$jobs: t stays but is not listed with an error"; }
	grep -q '"failed": 1, .*"kept": [1-9]' "$T/.out" ||
		{ _swrmtree_show; fail "$jobs: the JSON summary does not count t as kept"; }
	grep -q '; [1-9][0-9]* entr[a-z]* could not be removed$' "$T/.err" ||
		{ _swrmtree_show; fail "$jobs: --stats says that nothing stayed"; }
	assert_exists "$T/t/$chain"
done
exit 0
