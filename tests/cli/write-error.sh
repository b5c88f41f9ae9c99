#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# A listing that cannot be written (stdout on /dev/full): the run still
# goes to its end (the tree is gone with -v; nothing changes with -n),
# then "sw-rmtree: write error on standard output", exit status 1, after
# the usual summary (sw-rmtree(1), EXIT STATUS).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
[ -c /dev/full ] || skip "no /dev/full"

mkdir -p t/a || fail "mkdir"
# Enough names to fill more than one stdio buffer.
(cd t/a && seq -f 'file-with-a-long-name-%g' 1 3000 | xargs touch) || fail "touch"

for mode in -n -v --json; do
	opts=$mode
	[ "$mode" = --json ] && opts="-v --json"
	# shellcheck disable=SC2016,SC2086  # for the inner shell; $opts is words
	sandbox_exec /bin/sh -c '"$0" "$@" >/dev/full' "$SWRMTREE_BIN" $opts t
	expect_rc 1
	expect_err "sw-rmtree: write error on standard output"
	[ "$(tail -n 1 "$T/.err")" = "sw-rmtree: write error on standard output" ] ||
		{ _swrmtree_show; fail "$mode: the write error is not the last line"; }
	case $mode in
	-n) assert_exists t/a/file-with-a-long-name-3000 ;;
	*)
		assert_gone t
		mkdir -p t/a || fail "mkdir"
		(cd t/a && seq -f 'file-with-a-long-name-%g' 1 3000 | xargs touch) || fail "touch"
		;;
	esac
done
exit 0
