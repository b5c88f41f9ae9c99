#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Sticky directories: in a 1777 directory of root's,
# uid 65534 can remove only what it owns.  A file and a directory of
# root's there are reported (`Operation not permitted`), once each; what
# belongs to uid 65534, including the contents of root's 0777 directory,
# goes.  In a sticky directory it owns itself, everything goes.  --chmod
# changes nothing of that.  With --contents (on the sticky directory
# itself), that PATH stays as it was.  The dry run predicts each case.
# -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# ---- the tree -----------------------------------------------------------------

# s belongs to uid 65534.  s/tmp is root's, 1777, with: foreign (root's
# file), mine (65534's), mydir (65534's, with content) and rootdir (root's,
# 0777, with 65534's content).  s/mytmp is 65534's, 1777, with a file of
# root's.
mk_tree()
{
	mkdir -p s/tmp/mydir/sub s/tmp/rootdir/in s/mytmp || fail "mkdir"
	for f in s/tmp/foreign s/tmp/mine s/tmp/mydir/sub/f s/tmp/rootdir/f2 \
		s/tmp/rootdir/in/f s/mytmp/roots; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" s || fail "chown"
	chown 0:0 s/tmp s/tmp/foreign s/tmp/rootdir s/mytmp/roots || fail "chown"
	chmod 1777 s/tmp s/mytmp || fail "chmod"
	chmod 0777 s/tmp/rootdir || fail "chmod"
}

need_root "entries of another owner (root) in a sticky directory"
setup_w
for jobs in -j1 -j4; do
	for chmod in "" --chmod; do
		CASE="sticky, $chmod $jobs"
		mk_tree
		want_err "sw-rmtree: cannot remove 's/tmp/foreign': Operation not permitted" \
			"sw-rmtree: cannot remove 's/tmp/rootdir': Operation not permitted"
		# shellcheck disable=SC2086  # $chmod: no word, or one
		plan_then_remove "$jobs" $chmod s
		expect_rc 1
		expect_left 's 755' 's/tmp 1777' 's/tmp/foreign 644' 's/tmp/rootdir 777'
		rm -rf s || fail "cleanup"

		CASE="sticky, --contents $chmod $jobs"
		mk_tree
		id_tmp=$(identity s/tmp) && id_mytmp=$(identity s/mytmp) || fail "stat"
		# shellcheck disable=SC2086
		plan_then_remove "$jobs" --contents $chmod s/tmp s/mytmp
		expect_rc 1
		expect_left 's 755' 's/tmp 1777' 's/tmp/foreign 644' 's/tmp/rootdir 777' \
			's/mytmp 1777'
		expect_identity s/tmp "$id_tmp"
		expect_identity s/mytmp "$id_mytmp"
		rm -rf s || fail "cleanup"
	done
done
exit 0
