#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Details, --no-preserve-root works only spelled in full.  getopt_long
# takes any unique prefix of a long option, so every prefix it would read as
# --no-preserve-root (--no-pre up to --no-preserve-roo) must be a usage
# error (exit 2) that names the full option, before anything is removed;
# also after a PATH (getopt permutes the arguments), and with "=VALUE".
# The full spelling on an ordinary directory still removes it.  "/" itself
# is tried only in a chroot, by guard-no-preserve-root.sh.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

msg="sw-rmtree: you may not abbreviate the --no-preserve-root option"
try="Try 'sw-rmtree --help' for more information."

mktarget()
{
	mkdir -p d/sub || fail "mkdir"
	echo precious >d/sentinel || fail "write"
	echo precious >d/sub/sentinel || fail "write"
}

still_there()
{
	assert_exists d/sentinel
	assert_exists d/sub/sentinel
}

mktarget

# Every prefix getopt_long accepts as --no-preserve-root ("--no-p" and
# "--no-pr" also match --no-progress), before and after the PATH, and
# between two PATHs.
full=--no-preserve-root
n=8
while [ "$n" -lt ${#full} ]; do
	abbr=$(printf '%s' "$full" | cut -c "1-$n")
	for order in before after middle; do
		case $order in
		before) run "$abbr" d ;;
		after) run d "$abbr" ;;
		middle) run -f d "$abbr" d/sub ;;
		esac
		expect_rc 2
		expect_err "$msg"
		expect_err "$try"
		expect_err_count 2
		[ -s "$T/.out" ] && fail "$abbr ($order): output on stdout"
		still_there
	done
	n=$((n + 1))
done

# With -n as well: the check is made while parsing, so nothing is listed.
run -n d --no-pres
expect_rc 2
expect_err "$msg"
[ -s "$T/.out" ] && fail "--no-pres with -n: a listing on stdout"
still_there

# Ambiguous prefixes and "=VALUE": getopt's own usage errors, still exit 2.
for arg in --no-p --no-pr --no-pres=1 --no-preserve-root=1 --no-preserve-root=; do
	run "$arg" d
	expect_rc 2
	expect_err "$try"
	still_there
done

# After "--" it is a PATH, not an option: a missing file.
run -- --no-pres
expect_rc 1
expect_err "sw-rmtree: cannot remove '--no-pres': No such file or directory"

# The full spelling changes nothing for a PATH that is not "/".
run --no-preserve-root d
expect_rc 0
expect_no_err
assert_gone d
mktarget
run d --no-preserve-root
expect_rc 0
expect_no_err
assert_gone d
exit 0
