#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# The reason the dry run predicts for an append-only or immutable
# directory is the one the kernel gives, which checks in this order:
# immutable (EPERM), then write permission (EACCES), then append-only
# (EPERM).  So, as uid 65534, an append-only directory it cannot write to
# (root's, or its own 0555 one, also with --chmod: the kernel does not
# change the mode of an append-only or immutable directory, so --chmod
# cannot open it up) is "Permission denied" in the plan as in the real
# run, and an immutable one "Operation not permitted".  Entries of the
# tree and PATHs (whose parent is the append-only directory) alike.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

need_root "chattr +i and +a (CAP_LINUX_IMMUTABLE), a foreign owner"
command -v chattr >/dev/null 2>&1 || skip "chattr is missing"
mkdir -- "$T/probe" && chattr +a "$T/probe" >/dev/null 2>&1 ||
	skip "chattr +a does not work on the file system of $T"
chattr -a "$T/probe" && rmdir -- "$T/probe" || fail "cleanup of the probe"

# t/rootapp: root's 0755, +a.  t/ownapp, t/ownimm: nobody's 0555, +a / +i.
# t/nrapp: nobody's 0000, +a (only --chmod could make it readable).  Each
# holds a file.  t/ok goes.
mk_tree()
{
	mkdir -p t/rootapp t/ownapp t/ownimm t/nrapp t/ok || fail "mkdir"
	for f in t/rootapp/f t/ownapp/f t/ownimm/f t/nrapp/f t/ok/f; do
		: >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" t || fail "chown"
	chown 0:0 t/rootapp t/rootapp/f || fail "chown root"
	chmod 555 t/ownapp t/ownimm && chmod 000 t/nrapp || fail "chmod"
	chattr +a t/rootapp t/ownapp t/nrapp && chattr +i t/ownimm ||
		fail "chattr"
}

drop_tree()
{
	chattr -R -i -a t && rm -rf t || fail "cleanup"
}

LEFT='t 755
t/nrapp 0
t/nrapp/f 644
t/ownapp 555
t/ownapp/f 644
t/ownimm 555
t/ownimm/f 644
t/rootapp 755
t/rootapp/f 644'

setup_w
for opt in "" --chmod; do
	CASE="in the tree, $opt"
	mk_tree
	want_err "sw-rmtree: cannot remove 't/rootapp': Permission denied" \
		"sw-rmtree: cannot remove 't/ownapp': Permission denied" \
		"sw-rmtree: cannot remove 't/nrapp': Permission denied" \
		"sw-rmtree: cannot remove 't/ownimm': Operation not permitted"
	# shellcheck disable=SC2086  # $opt: zero or one word
	plan_then_remove -j1 $opt t
	expect_rc 1
	expect_left "$LEFT"
	drop_tree

	CASE="PATHs, $opt"
	mk_tree
	want_err "sw-rmtree: cannot remove 't/rootapp/f': Permission denied" \
		"sw-rmtree: cannot remove 't/ownimm/f': Operation not permitted"
	# shellcheck disable=SC2086
	plan_then_remove -j1 $opt t/rootapp/f t/ownimm/f t/ok
	expect_rc 1
	drop_tree
done
exit 0
