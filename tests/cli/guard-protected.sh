#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 4: a PATH that is, or is an ancestor of, a protected path is
# refused (exit 2, nothing removed), compared by identity: another spelling
# ("x/../p", "./a//p"), a symlinked parent, a symbolic link written with a
# trailing slash, and a bind mount of the protected directory are all
# caught.  The built-in list (/usr, /etc) is refused likewise.  What lies
# below or beside a protected path, and a link to it, still go.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export XDG_CONFIG_HOME="$T/xdg"   # no configuration file of the user's
mkdir -p a/p/inner a/x b other || fail "mkdir"
echo data >a/p/file || fail "write"
ln -s a la || fail "ln -s"
ln -s a/p lp || fail "ln -s"
prot="--protect=$T/a/p"
is_prot="protected path (--protect)"
contains="contains protected path '$T/a/p' (--protect)"

refused()   # refused PATH DETAIL [OPTION...]: refused with that message
{
	_p=$1
	_d=$2
	shift 2
	run "$prot" "$@" -- "$_p"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$_p': $_d"
	expect_err_count 1
	assert_exists "$T/a/p/file"
}

refused "$T/a/p" "$is_prot"
refused a/p/ "$is_prot"
refused "$T/a/x/../p" "$is_prot"
refused ./a//p "$is_prot"
refused "$T/la/p" "$is_prot"
refused lp/ "$is_prot"
refused "$T/a" "$contains"
refused la/ "$contains"
refused "$T/a" "$contains" -f
refused "$T/a" "$contains" --cross-mounts
refused "$T/a" "$contains" --no-preserve-root
# The same protected path given relative to the working directory.
run --protect=a/p "$T/a/p"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/a/p': $is_prot"

# A bind mount of the protected directory is still the protected directory.
# shellcheck disable=SC2016  # expanded by the inner shell
sandbox_exec /bin/sh -c 'mount --bind "$T/a/p" "$T/b" && exec "$SWRMTREE_BIN" "$1" "$T/b"' sh "$prot"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/b': $is_prot"
assert_exists "$T/a/p/file"

# A protected symbolic link is protected as a link (not "removed as a
# link"), its target too, and the directories holding either.
mkdir -p links real/sub || fail "mkdir"
ln -s ../real links/pl || fail "ln -s"
plink="--protect=$T/links/pl"
run "$plink" "$T/links/pl"
expect_rc 2
expect_err "sw-rmtree: refusing to remove '$T/links/pl': $is_prot"
run "$plink" real
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'real': $is_prot"
run "$plink" links
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'links': contains protected path '$T/links/pl' (--protect)"
assert_exists "$T/links/pl"

# The built-in list, /lib64 -> usr/lib64 on merged-/usr systems included.
for p in /usr /etc /usr/ //etc /lib64 /bin; do
	[ -e "$p" ] || [ -L "$p" ] || continue
	run "$p"
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove '$p': protected path (built-in list)"
done

# Below, beside, and links to it (removed as links) go.
run "$prot" "$T/a/p/inner" "$T/a/x" "$T/lp" "$T/other"
expect_rc 0
expect_no_err
assert_gone "$T/a/p/inner"
assert_gone "$T/a/x"
assert_gone "$T/lp"
assert_gone "$T/other"
assert_exists "$T/a/p/file"
exit 0
