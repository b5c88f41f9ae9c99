#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# tests/fuzz/run.sh - build the libFuzzer targets with clang, replay the
# stored corpus of each (seeds and regression inputs), then fuzz each one.
#
#   tests/fuzz/run.sh [TARGET...]     (default: all four)
#
# Environment:
#   FUZZ_SECONDS   seconds of fuzzing per target (default 60; 0: replay only)
#   FUZZ_BUILD     build and work directory (default: a new mktemp -d,
#                  kept afterwards: crash inputs are written there)
#   CC             a clang that supports -fsanitize=fuzzer (default clang)
#   FUZZ_JOBS      targets built and fuzzed at once (default: one per CPU)
#
# Not part of `make check`.  Needs clang and its runtime (Debian:
# apt-get install clang libclang-rt-14-dev).  Works from a plain checkout:
# it writes its own small config.h instead of needing ./configure.
# Exit status: 0 when no target found anything; 1 otherwise (the inputs
# that failed are named; copy each into tests/fuzz/corpus/TARGET/ once
# the bug is fixed, as a regression case).
set -eu

srcdir=$(cd "$(dirname "$0")/../.." && pwd -P)
fuzzdir=$srcdir/tests/fuzz
CC=${CC:-clang}
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD:-$(mktemp -d "${TMPDIR:-/tmp}/swrmtree-fuzz.XXXXXX")}
mkdir -p "$build"
build=$(cd "$build" && pwd -P)
targets=${*:-fuzz_quote fuzz_path fuzz_guard_config fuzz_options}

say()
{
	printf 'fuzz: %s\n' "$*"
}

# ---- the compiler -------------------------------------------------------------
cat >"$build/probe.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
EOF
if ! "$CC" -fsanitize=fuzzer,address,undefined "$build/probe.c" \
	-o "$build/probe" >"$build/probe.log" 2>&1; then
	cat "$build/probe.log" >&2
	say "'$CC -fsanitize=fuzzer' does not work here;" \
		"install clang and libclang-rt-dev (Debian: libclang-rt-14-dev)" >&2
	exit 1
fi

# config.h: what the library sources expect from configure.
{
	echo '#define _GNU_SOURCE 1'
	cat >"$build/statx.c" <<'EOF'
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <sys/stat.h>
int main(void)
{
	struct statx stx;
	return statx(AT_FDCWD, ".", 0, STATX_TYPE, &stx);
}
EOF
	if "$CC" "$build/statx.c" -o "$build/statx" >/dev/null 2>&1; then
		echo '#define HAVE_STATX 1'
	fi
} >"$build/config.h"

# Word-split on purpose below: no paths in here.
CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=all -Wall -Wextra"

build_one()
{
	t=$1
	say "building $t"
	case $t in
	fuzz_quote)
		# shellcheck disable=SC2086
		$CC $CFLAGS -I"$srcdir/src/cli" "$fuzzdir/fuzz_quote.c" \
			"$srcdir/src/cli/quote.c" -o "$build/$t"
		;;
	fuzz_path | fuzz_guard_config)
		# SYSCONFDIR: the system file is never read from there (the
		# targets name their own or none).
		# shellcheck disable=SC2086
		$CC $CFLAGS -DHAVE_CONFIG_H '-DSYSCONFDIR="/nonexistent"' \
			-I"$build" -I"$srcdir/src/include" -I"$srcdir/src/lib" \
			"$fuzzdir/$t.c" "$srcdir/src/lib/util.c" \
			"$srcdir/src/lib/mounts.c" "$srcdir/src/lib/passwd.c" \
			"$srcdir/src/lib/protect.c" "$srcdir/src/lib/guard.c" -o "$build/$t"
		;;
	fuzz_options)
		# The CLI as it is built, main() renamed; no library at all.
		# shellcheck disable=SC2086
		$CC $CFLAGS -I"$srcdir/src/include" -I"$srcdir/src/cli" \
			-Dmain=cli_main -Wno-missing-prototypes \
			-c "$srcdir/src/cli/main.c" -o "$build/cli_main.o"
		# shellcheck disable=SC2086
		$CC $CFLAGS -I"$srcdir/src/include" -I"$srcdir/src/cli" \
			"$fuzzdir/fuzz_options.c" "$build/cli_main.o" \
			"$srcdir/src/cli/output.c" "$srcdir/src/cli/quote.c" \
			"$srcdir/src/cli/progress.c" "$srcdir/src/cli/prompt.c" \
			"$srcdir/src/cli/human.c" "$srcdir/src/cli/keep.c" \
			-o "$build/$t"
		;;
	*)
		say "unknown target '$t'" >&2
		return 1
		;;
	esac
}

# Per target: extra libFuzzer options.
options()
{
	case $1 in
	fuzz_options) echo "-close_fd_mask=2 -dict=$fuzzdir/options.dict" ;;
	*) echo "" ;;
	esac
}

# The targets make their scratch directories under $TMPDIR.
TMPDIR=$build/tmp
export TMPDIR
mkdir -p "$TMPDIR"

# run_target T: build, replay and fuzz T; its messages on stdout and
# stderr; returns 1 when it failed.
run_target()
{
	t=$1
	build_one "$t" || return 1
	corpus=$fuzzdir/corpus/$t
	work=$build/corpus/$t
	mkdir -p "$work" "$build/artifacts"
	# shellcheck disable=SC2046
	set -- $(options "$t")

	# Replay: every stored input once; any failure is a regression.
	if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ]; then
		n=$(find "$corpus" -type f | wc -l)
		if find "$corpus" -type f -exec "$build/$t" "$@" {} + \
			>"$build/$t.replay.log" 2>&1; then
			say "$t: replayed $n stored inputs"
		else
			tail -n 40 "$build/$t.replay.log" >&2
			say "$t: FAILED on a stored input (log: $build/$t.replay.log)" >&2
			return 1
		fi
	fi

	[ "$seconds" -gt 0 ] || return 0
	# New inputs go to the work corpus; the stored one is only read.
	set -- "$@" "$work"
	if [ -d "$corpus" ]; then
		set -- "$@" "$corpus"
	fi
	say "$t: fuzzing for $seconds s"
	if "$build/$t" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$t-" "$@" >"$build/$t.log" 2>&1; then
		say "$t: $(grep -E '^stat::number_of_executed_units' "$build/$t.log" |
			awk '{ print $2 }') runs, nothing found"
	else
		tail -n 60 "$build/$t.log" >&2
		say "$t: FOUND a failure; inputs:" \
			"$(find "$build/artifacts" -name "$t-*" | tr '\n' ' ')" >&2
		return 1
	fi
}

# The targets run side by side, FUZZ_JOBS at a time (default: one per
# CPU), each into a log of its own, shown in order when its batch ends.
jobs_max=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
status=0
batch=
flush()
{
	wait
	for b in $batch; do
		cat "$build/$b.out"
		[ "$(cat "$build/$b.rc")" = 0 ] || status=1
	done
	batch=
}
n=0
for t in $targets; do
	(
		rc=0
		run_target "$t" || rc=1
		echo "$rc" >"$build/$t.rc"
	) >"$build/$t.out" 2>&1 &
	batch="$batch $t"
	n=$((n + 1))
	[ $((n % jobs_max)) != 0 ] || flush
done
flush
say "build and work directory: $build"
exit $status
