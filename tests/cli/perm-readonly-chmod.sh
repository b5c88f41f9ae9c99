#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Read-only directories with --chmod: a directory the
# caller owns that lacks write, search or read permission gets u+rwx and
# its entries go; regular files are never chmod'ed (they need nothing).
# The directory that contains a PATH is never changed: a PATH in a 0555
# directory is emptied but stays, with one `Permission denied` naming it,
# and keeps the permissions it was given.  With --contents, each PATH gets
# its own mode back.  The dry run predicts all of it.  As uid 65534, -j1/-j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# ---- the trees ----------------------------------------------------------------

# As in perm-readonly.sh: ro holds a 0555 subtree and a 0644 directory
# (readable, not searchable); gomod is 0555 throughout but for its download
# cache.  lock (0555) holds the PATH lock/p, itself 0555 with a 0555 and a
# 0444 (read-only file) inside.
mk_trees()
{
	mkdir -p ro/rw ro/a/b ro/a/c ro/a/e ro/ns gomod/m/pkg gomod/cache/dl \
		lock/p/d || fail "mkdir"
	for f in ro/f ro/rw/x ro/a/g1 ro/a/g2 ro/a/g3 ro/a/b/h1 ro/a/b/h2 \
		ro/a/c/k ro/ns/j gomod/go.sum gomod/m/go.mod gomod/m/pkg/x.go \
		gomod/cache/dl/v1.zip lock/p/f lock/p/d/g; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" ro gomod lock || fail "chown"
	chmod 0555 ro/a ro/a/b gomod gomod/m gomod/m/pkg lock lock/p lock/p/d ||
		fail "chmod"
	chmod 0644 ro/ns || fail "chmod"
	chmod 0444 lock/p/f || fail "chmod"
}

setup_w
for jobs in -j1 -j4; do
	# Everything goes but lock/p itself, which cannot leave lock; it
	# was made 0755 to be emptied and gets its 0555 back.  lock is not
	# touched.
	CASE="--chmod, $jobs"
	mk_trees
	want_err "sw-rmtree: cannot remove 'lock/p': Permission denied"
	plan_then_remove "$jobs" --chmod ro gomod lock/p
	expect_rc 1
	expect_left 'lock 555' 'lock/p 555'
	chmod -R u+rwx lock && rm -rf lock || fail "cleanup"

	# Without the PATH that cannot go: exit status 0, no message.
	CASE="--chmod, all goes, $jobs"
	mk_trees
	chmod -R u+rwx lock && rm -rf lock || fail "cleanup"
	want_err
	plan_then_remove "$jobs" --chmod ro gomod
	expect_rc 0
	expect_left

	# --contents: emptied, and each PATH keeps its mode (0755, 0555,
	# 0555 in a 0555 directory), owner and identity.
	CASE="--chmod --contents, $jobs"
	mk_trees
	id_ro=$(identity ro) && id_gomod=$(identity gomod) &&
		id_p=$(identity lock/p) || fail "stat"
	want_err
	plan_then_remove "$jobs" --chmod --contents ro gomod lock/p
	expect_rc 0
	expect_left 'ro 755' 'gomod 555' 'lock 555' 'lock/p 555'
	expect_identity ro "$id_ro"
	expect_identity gomod "$id_gomod"
	expect_identity lock/p "$id_p"
	chmod -R u+rwx ro gomod lock && rm -rf ro gomod lock || fail "cleanup"
done
exit 0
