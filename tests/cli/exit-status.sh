#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Exit status: 0 when every PATH is gone, 1 when something stays (each
# reported), 2 for usage errors, which remove nothing.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# 0: a tree goes.
mkdir -p gone/sub || fail "mkdir"
: >gone/sub/f || fail "touch"
run gone
expect_rc 0
expect_no_err
expect_out_file /dev/null
assert_gone gone

# 1: a missing PATH, without -f, is reported and the others still go.
mkdir other || fail "mkdir"
run nope other
expect_rc 1
expect_err "sw-rmtree: cannot remove 'nope': No such file or directory"
expect_err_count 1
assert_gone other

# 2: usage errors; the PATH given with them stays.
mkdir keep || fail "mkdir"
: >keep/f || fail "touch"
for args in "--no-such-option" "-j 0" "-j 1025" "--jobs=0" "--jobs=1025" \
	"-j x" "-0" "--null" "--json" "-0 --json" "--protect=" "--protect= -n"; do
	# shellcheck disable=SC2086  # the words are separate arguments
	run $args keep
	[ "$rc" = 2 ] || { _swrmtree_show; fail "'$args keep': exit status $rc, expected 2"; }
	[ -s "$T/.err" ] || fail "'$args keep': a usage error must say something on stderr"
	assert_exists keep/f
done

# Each usage error says what is wrong, then where to look.
# usage_says MESSAGE ARG...: ARG... exits 2 with exactly these two lines.
usage_says()
{
	_msg=$1
	shift
	run "$@"
	expect_rc 2
	expect_err "sw-rmtree: $_msg"
	expect_err "Try 'sw-rmtree --help' for more information."
	expect_err_count 2
	assert_exists keep/f
}
usage_says "-0 needs -n or -v" -0 keep
usage_says "--json needs -n or -v" --json keep
usage_says "--json needs -n or -v" --stats --json keep
# An empty --protect (the value forgotten, or an unset variable) protects
# nothing: a usage error, not a silent no-op.
usage_says "--protect needs a non-empty PATH" --protect= keep
usage_says "--protect needs a non-empty PATH" --protect "" keep
usage_says "--protect needs a non-empty PATH" -n --protect="$T/keep" --protect= keep

# 2: no PATH at all.
run
expect_rc 2
[ -s "$T/.err" ] || fail "no PATH: nothing on stderr"

# The limits of -j themselves are fine.
for j in 1 1024; do
	mkdir "j$j" || fail "mkdir"
	run -j "$j" "j$j"
	expect_rc 0
	expect_no_err
	assert_gone "j$j"
done

# -0 and --json are fine together with -n; a dry run changes nothing.
run -n -0 keep
expect_rc 0
assert_exists keep/f
run -n --json keep
expect_rc 0
assert_exists keep/f
exit 0
