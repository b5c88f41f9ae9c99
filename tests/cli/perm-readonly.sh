#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Read-only directories without --chmod: an entry of a
# directory that lacks write or search permission cannot be removed.  Each
# such directory is reported once, naming the directory, with `Permission
# denied`; its entries stay quietly, the directories above it stay without
# a message of their own, everything else goes, and the exit status is 1.
# The dry run predicts exactly that.  The same with --contents, which also
# keeps each PATH as it was.  Runs as uid 65534, with -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# ---- the trees ----------------------------------------------------------------

# ro: a writable PATH with a read-only (0555) subtree, a directory without
# search permission (0644) and a writable part.  gomod: 0555 from its top
# down, as Go's module cache is, but for its writable download cache.
mk_trees()
{
	mkdir -p ro/rw ro/a/b ro/a/c ro/a/e ro/ns gomod/m/pkg gomod/cache/dl || fail "mkdir"
	for f in ro/f ro/rw/x ro/a/g1 ro/a/g2 ro/a/g3 ro/a/b/h1 ro/a/b/h2 \
		ro/a/c/k ro/ns/j gomod/go.sum gomod/m/go.mod gomod/m/pkg/x.go \
		gomod/cache/dl/v1.zip; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" ro gomod || fail "chown"
	chmod 0555 ro/a ro/a/b gomod gomod/m gomod/m/pkg || fail "chmod"
	chmod 0644 ro/ns || fail "chmod"
}

# What stays: the read-only directories with all they hold, and the
# directories above them.  ro/a/c and ro/a/e are writable themselves (k
# goes) but cannot be removed from ro/a; so for gomod/cache.
LEFT_RO='ro 755
ro/a 555
ro/a/b 555
ro/a/b/h1 644
ro/a/b/h2 644
ro/a/c 755
ro/a/e 755
ro/a/g1 644
ro/a/g2 644
ro/a/g3 644
ro/ns 644
ro/ns/j 644'
LEFT_GOMOD='gomod 555
gomod/cache 755
gomod/go.sum 644
gomod/m 555
gomod/m/go.mod 644
gomod/m/pkg 555
gomod/m/pkg/x.go 644'

setup_w
for jobs in -j1 -j4; do
	CASE="0555 tree, $jobs"
	mk_trees
	want_err "sw-rmtree: cannot remove 'ro/a': Permission denied" \
		"sw-rmtree: cannot remove 'ro/a/b': Permission denied" \
		"sw-rmtree: cannot remove 'ro/ns': Permission denied" \
		"sw-rmtree: cannot remove 'gomod': Permission denied" \
		"sw-rmtree: cannot remove 'gomod/m': Permission denied" \
		"sw-rmtree: cannot remove 'gomod/m/pkg': Permission denied"
	plan_then_remove "$jobs" ro gomod
	expect_rc 1
	expect_left "$LEFT_RO" "$LEFT_GOMOD"
	chmod -R u+rwx ro gomod && rm -rf ro gomod || fail "cleanup"

	# --contents: the same, and each PATH stays exactly as it was.
	CASE="0555 tree, --contents $jobs"
	mk_trees
	id_ro=$(identity ro) && id_gomod=$(identity gomod) || fail "stat"
	plan_then_remove "$jobs" --contents ro gomod
	expect_rc 1
	expect_left "$LEFT_RO" "$LEFT_GOMOD"
	expect_identity ro "$id_ro"
	expect_identity gomod "$id_gomod"
	chmod -R u+rwx ro gomod && rm -rf ro gomod || fail "cleanup"
done
exit 0
