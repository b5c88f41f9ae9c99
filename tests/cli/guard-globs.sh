#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# The shell's spelling of emptying a protected directory is refused as
# --contents of it is: when two or more PATHs of one command are entries of
# one protected directory (the home, a --protect one, the root) and
# together are all of its entries, or all those whose names do not start
# with a dot, the whole command is refused before anything goes (exit 2),
# with one message naming the directory.  The directory is compared by
# identity (a symlinked parent is the same directory); a part of it, or a
# glob of an unprotected directory, goes ahead.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mkdir -p home/.ssh home/Documents keep/a keep/b other plain/x plain/y || fail "mkdir"
echo key >home/.ssh/id_ed25519 && echo tex >home/Documents/thesis.tex &&
	echo rc >home/.bashrc && echo n >home/notes.txt && echo o >other/f ||
	fail "write"
ln -s home hl || fail "ln -s"
HOME=$T/home
XDG_CONFIG_HOME=$T/xdg
export HOME XDG_CONFIG_HOME
home_msg="sw-rmtree: refusing to remove every entry of '$T/home': it is a protected directory (home directory)"

intact()
{
	for p in home/.ssh/id_ed25519 home/Documents/thesis.tex home/.bashrc \
		home/notes.txt other/f keep/a keep/b; do
		assert_exists "$p"
	done
}

tilde="~"  # as the user types it, for the messages
for n in -n ""; do
	CASE="${tilde}/* $n"
	# shellcheck disable=SC2086  # $n is empty or one word
	run $n "$HOME"/*
	expect_rc 2
	expect_err_count 1
	expect_err "$home_msg"
	intact

	CASE="${tilde}/.[!.]* ${tilde}/* $n"
	# shellcheck disable=SC2086
	run $n "$HOME"/.[!.]* "$HOME"/*
	expect_rc 2
	expect_err_count 1
	expect_err "$home_msg"
	intact

	# All or nothing: another PATH in the same command stays too.
	CASE="${tilde}/* and another PATH $n"
	# shellcheck disable=SC2086
	run $n other "$HOME"/*
	expect_rc 2
	expect_err_count 1
	expect_err "$home_msg"
	intact
done

CASE="through a symlinked parent"
run hl/*
expect_rc 2
expect_err_count 1
expect_err "sw-rmtree: refusing to remove every entry of 'hl': it is protected path '$T/home' (home directory)"
intact

CASE="a --protect directory"
run --protect="$T/keep" keep/*
expect_rc 2
expect_err_count 1
expect_err "sw-rmtree: refusing to remove every entry of 'keep': it is protected path '$T/keep' (--protect)"
intact

CASE="the root, \$EMPTY/*"
# Expanded by this shell: every entry of the real root.  A dry run, in the
# sandbox, where nothing outside the scratch directory can be written.
EMPTY=
run -n "$EMPTY"/*
expect_rc 2
expect_err_count 1
expect_err "sw-rmtree: refusing to remove every entry of '/': it is the root directory (use --no-preserve-root to override)"

CASE="the root, --no-preserve-root"
run -n --no-preserve-root "$EMPTY"/*
expect_rc 2
grep -q 'every entry of' "$T/.err" && fail "$CASE: $(cat "$T/.err")"

# A part of the home, one entry of it, a glob of a plain directory: go.
CASE="part of the home"
run -n "$HOME"/Documents "$HOME"/.bashrc
expect_rc 0
CASE="one entry"
run --protect="$T/keep" keep/a
expect_rc 0
assert_gone keep/a
CASE="a glob of an unprotected directory"
run plain/*
expect_rc 0
expect_no_err
assert_gone plain/x
assert_gone plain/y
exit 0
