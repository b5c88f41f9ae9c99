#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --chmod never changes a directory the caller does not own:
# as uid 65534 with --chmod, a 0000 directory and a 0555
# directory that belong to root are reported once each with `Permission
# denied` and keep their mode (and ctime: not even a no-op chmod); the
# caller's own 0555 directories (the PATH among them) are opened up and
# emptied, and one inside a root-owned directory cannot leave it; a
# directory of ours that stays gets its mode back (0555).  Everything
# else goes.  The dry run predicts it.  With --contents the PATH stays as
# it was, mode 0555 included.  -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# ---- the tree -----------------------------------------------------------------

# t (0555) belongs to uid 65534; rootdir (0000), ro555 (0555) and rootro
# (0755) belong to root; rootro/own (0555) is 65534's again.
mk_tree()
{
	mkdir -p t/rootdir/in t/ro555 t/rootro/own t/mine || fail "mkdir"
	for f in t/f t/mine/f t/rootdir/x t/ro555/f t/rootro/own/f; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" t || fail "chown"
	chown 0:0 t/rootdir t/ro555 t/rootro || fail "chown"
	chmod 0000 t/rootdir || fail "chmod"
	chmod 0555 t t/ro555 t/rootro/own || fail "chmod"
}

# ctimes of the directories that must never be chmod'ed.
ctimes()
{
	stat -c '%n %z' t/rootdir t/ro555 t/rootro
}

LEFT='t/rootdir 0
t/rootdir/in 755
t/rootdir/x 644
t/ro555 555
t/ro555/f 644
t/rootro 755
t/rootro/own 555'

need_root "directories of another owner (root) next to the caller's"
setup_w
for jobs in -j1 -j4; do
	for contents in "" --contents; do
		CASE="foreign directories, --chmod $contents $jobs"
		mk_tree
		id_t=$(identity t) && before=$(ctimes) || fail "stat"
		want_err "sw-rmtree: cannot remove 't/rootdir': Permission denied" \
			"sw-rmtree: cannot remove 't/ro555': Permission denied" \
			"sw-rmtree: cannot remove 't/rootro': Permission denied"
		# shellcheck disable=SC2086  # $contents: no word, or one
		plan_then_remove "$jobs" --chmod $contents t
		expect_rc 1
		expect_left 't 555' "$LEFT"
		[ -z "$contents" ] || expect_identity t "$id_t"
		[ "$(ctimes)" = "$before" ] ||
			fail "$CASE: a directory of root's was changed: $(ctimes)"
		[ "$(stat -c '%u %a' t/rootdir)" = "0 0" ] ||
			fail "$CASE: t/rootdir is not root's 0000 any more"
		chmod -R u+rwx t && rm -rf t || fail "cleanup"
	done
done
exit 0
