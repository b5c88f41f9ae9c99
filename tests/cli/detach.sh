#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --detach: the guards first (a refusal renames nothing), then each
# directory PATH is renamed to .sw-rmtree-trash.NAME.XXXXXX beside it and
# the command exits while a background process removes it; files go at
# once.  No timing: the background process opens its --detach-log FILE
# before anything else, and here that is a FIFO, so it waits until the
# test opens the FIFO for reading; reading to the end of it waits until
# the process exits (it holds the FIFO open until then).  In between the
# test looks at the hidden tree, swaps it, or protects part of it: the
# background removal runs every guard again and removes only the
# directory that was renamed.  A directory that cannot be renamed is
# removed in the foreground.  Usage errors.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

direct_binary "the background process outlives the command"

mkdir -p xdg/sw-rmtree || fail "mkdir"
XDG_CONFIG_HOME=$T/xdg
export XDG_CONFIG_HOME

# The one hidden name for NAME in the current directory, or fail.
hidden_of()
{
	_name=$1
	set -- .sw-rmtree-trash."$_name".*
	[ $# -eq 1 ] || fail "not one hidden name for $_name: $*"
	[ -d "$1" ] || fail "no hidden tree for $_name"
	case $1 in
	.sw-rmtree-trash."$_name".[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]) ;;
	*) fail "unexpected hidden name '$1'" ;;
	esac
	printf '%s\n' "$1"
}

# Let the background process run to its end: its messages into FILE.
finish()
{
	timeout 600 cat -- "$1" >"$2" || fail "the background process did not end"
}

# 1. Usage errors: nothing is renamed.
mkdir -p u/sub || fail "mkdir"
for o in -n -I -v --contents --stats --collect --any-owner; do
	run --detach "$o" u
	expect_rc 2
done
run --detach-log="$T/x" u
expect_rc 2
expect_err "sw-rmtree: --detach-log needs --detach"
run --any-owner u
expect_rc 2
assert_exists u/sub
[ -z "$(find . -maxdepth 1 -name '.sw-rmtree-*')" ] || fail "renamed on a usage error"

# 2. A big tree: the command is back while all of it is still there.
n=1000
[ "${SWRMTREE_HEAVY:-1}" = 0 ] || n=100000
mkdir big || fail "mkdir"
seq -f 'big/%g' 1 100 | xargs mkdir || fail "mkdir big/*"
for d in big/*; do
	(cd "$d" && seq 2 $((n / 100)) | xargs touch) || fail "touch in $d"
done
[ "$(find big | wc -l)" -eq $((n + 1)) ] || fail "the tree is not $n entries"
: >file
mkfifo log1 || fail "mkfifo"
run --detach --detach-log="$T/log1" big file
expect_rc 0
expect_no_err
assert_gone big
assert_gone file
h=$(hidden_of big) || exit 1
[ "$(find "$h" | wc -l)" -eq $((n + 1)) ] ||
	fail "the command did not return before the tree went"
# A live remover holds it: --collect leaves it alone.
run --collect .
expect_rc 0
assert_exists "$h/1"
finish log1 log1.out
assert_gone "$h"
[ ! -s log1.out ] || { cat log1.out >&2; fail "messages from the background"; }
note "returned before $n entries went; gone afterwards"

# 3. The guards, in the foreground: nothing is renamed.
mkdir -p g/keep a || fail "mkdir"
run --detach --protect="$T/g/keep" a g
expect_rc 2
assert_exists a
assert_exists g/keep
[ -z "$(find . -maxdepth 1 -name '.sw-rmtree-*')" ] || fail "renamed although refused"

# 4. The guards, in the background: a path protected since the rename.
mkfifo log2 || fail "mkfifo"
run --detach --detach-log="$T/log2" g
expect_rc 0
h=$(hidden_of g) || exit 1
printf '%s\n' "$T/$h/keep" >xdg/sw-rmtree/protected || fail "write"
finish log2 log2.out
grep -qF "sw-rmtree: refusing to remove '$h': contains protected path '$T/$h/keep'" log2.out ||
	{ cat log2.out >&2; fail "no refusal in the log"; }
assert_exists "$h/keep"
: >xdg/sw-rmtree/protected

# 5. Only what was renamed: another directory put under the hidden name
# in the meantime stays.
mkdir -p s/sub || fail "mkdir"
: >s/sub/f || fail "touch"
mkfifo log3 || fail "mkfifo"
run --detach --detach-log="$T/log3" s
expect_rc 0
h=$(hidden_of s) || exit 1
mv -- "$h" moved || fail "mv"
mkdir -- "$h" || fail "mkdir"
: >"$h/precious" || fail "touch"
finish log3 log3.out
grep -qFx "sw-rmtree: cannot remove '$h': changed after the guards checked it; left alone" log3.out ||
	{ cat log3.out >&2; fail "no message about the swap"; }
assert_exists "$h/precious"
assert_exists moved/sub/f
rm -rf -- "$h" moved

# 6. The hidden name never collides: the same name twice, both waiting.
mkfifo log4 log5 || fail "mkfifo"
for i in 4 5; do
	mkdir -p c/$i || fail "mkdir"
	run --detach --detach-log="$T/log$i" c
	expect_rc 0
done
set -- .sw-rmtree-trash.c.*
[ $# -eq 2 ] || fail "not two hidden names: $*"
{ [ -d "$1/4" ] && [ -d "$2/5" ]; } || { [ -d "$1/5" ] && [ -d "$2/4" ]; } ||
	fail "a tree was replaced"
finish log4 log4.out
finish log5 log5.out
assert_gone "$1"
assert_gone "$2"

# 7. Cannot be renamed (its parent is not writable by the caller): removed
# in the foreground, its failures on stderr, as without --detach.
scratch_for_nobody
mkdir -p ro/d/sub || fail "mkdir"
: >ro/d/sub/f || fail "touch"
chown -R "$NOBODY_UID:$NOBODY_GID" ro/d || fail "chown"
if [ "$(id -u)" = 0 ]; then
	run_as_nobody --detach ro/d
	expect_rc 1
	expect_err "sw-rmtree: cannot remove 'ro/d': Permission denied"
	assert_gone ro/d/sub
	[ -z "$(find ro -name '.sw-rmtree-*')" ] || fail "renamed"
fi
exit 0
