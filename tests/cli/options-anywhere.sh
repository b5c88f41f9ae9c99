#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# sw-rmtree(1): options may appear anywhere, before or after the PATHs,
# unless `--` has been seen; also with POSIXLY_CORRECT in the environment,
# where getopt would otherwise take `build -n` for two PATHs and remove
# build for real.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p build/sub || fail "mkdir"
: >build/sub/f || fail "touch"

for posix in '' 1; do
	if [ -n "$posix" ]; then
		POSIXLY_CORRECT=1
		export POSIXLY_CORRECT
	fi
	run build -n
	expect_rc 0
	assert_exists build/sub/f
	grep -qx 'build/sub/f' "$T/.out" ||
		fail "POSIXLY_CORRECT='$posix': 'build -n' made no plan"
	# PATHs keep their order around the options.
	mkdir -p other || fail "mkdir other"
	run build -n other -v
	expect_rc 0
	assert_exists build/sub/f
	assert_exists other
	[ "$(tail -n 1 "$T/.out")" = other ] ||
		fail "POSIXLY_CORRECT='$posix': PATHs out of order"
	# After --, a word that looks like an option is a PATH.
	run -n build -- -v
	expect_rc 1
	grep -q "cannot remove '-v'" "$T/.err" ||
		fail "POSIXLY_CORRECT='$posix': -v after -- taken for an option"
done
exit 0
