#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Unreadable directories: a directory that cannot be
# opened or listed (0000, or 0300: write and search but no read) is
# reported once with `Permission denied`; the walk goes on with its
# siblings; the directories above it stay without a message of their own;
# --stats counts the entries that stayed.  With --chmod, the caller's own
# unreadable directories are opened up and go (the dry run then lists such
# a directory but, changing nothing, cannot list what is inside it).
# --contents keeps the PATH, even a 0000 one, with its mode.  The dry run
# predicts each case.  A readable directory that cannot be searched (0600)
# is reported once, not once per entry.  As uid 65534, with -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# stats_kept N: the --stats line of the last run says N entries stayed.
stats_kept()
{
	if [ "$1" = 0 ]; then
		grep -aEq '^(removed|planned) [0-9]+ files?, .* entries/s\)$' "$T/.err" ||
			{ _swrmtree_show; fail "$CASE: no --stats line without a kept count"; }
	else
		grep -aEq "^(removed|planned) [0-9]+ files?, .*; $1 entries could not be removed\$" \
			"$T/.err" || { _swrmtree_show; fail "$CASE: --stats does not say $1 entries stayed"; }
	fi
}

# ---- the tree -----------------------------------------------------------------

# u: two 0000 directories (one deep down) and a 0300 one, between
# siblings that go.  All of it belongs to uid 65534.
mk_tree()
{
	mkdir -p u/sib u/locked/in u/p/q/locked u/wx || fail "mkdir"
	for f in u/z u/sib/f u/locked/x u/locked/in/y u/p/q/other \
		u/p/q/locked/y u/wx/w1; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" u || fail "chown"
	chmod 0000 u/locked u/p/q/locked || fail "chmod"
	chmod 0300 u/wx || fail "chmod"
}

# What --chmod lets the real run see and the dry run cannot.
BLIND='u/locked/x u/locked/in u/locked/in/y u/p/q/locked/y u/wx/w1'

setup_w
for jobs in -j1 -j4; do
	CASE="unreadable, $jobs"
	mk_tree
	want_err "sw-rmtree: cannot remove 'u/locked': Permission denied" \
		"sw-rmtree: cannot remove 'u/p/q/locked': Permission denied" \
		"sw-rmtree: cannot remove 'u/wx': Permission denied"
	plan_then_remove "$jobs" --stats u
	expect_rc 1
	# u, u/locked, u/p, u/p/q, u/p/q/locked, u/wx (what is inside the
	# unreadable ones was never seen).
	stats_kept 6
	expect_left 'u 755' 'u/locked 0' 'u/locked/in 755' 'u/locked/in/y 644' \
		'u/locked/x 644' 'u/p 755' 'u/p/q 755' 'u/p/q/locked 0' \
		'u/p/q/locked/y 644' 'u/wx 300' 'u/wx/w1 644'

	# --contents: the same, and u stays as it was.
	CASE="unreadable, --contents $jobs"
	id_u=$(identity u) || fail "stat"
	plan_then_remove "$jobs" --contents --stats u
	expect_rc 1
	stats_kept 5
	expect_left 'u 755' 'u/locked 0' 'u/locked/in 755' 'u/locked/in/y 644' \
		'u/locked/x 644' 'u/p 755' 'u/p/q 755' 'u/p/q/locked 0' \
		'u/p/q/locked/y 644' 'u/wx 300' 'u/wx/w1 644'
	expect_identity u "$id_u"

	# --chmod: they are ours, so all of it goes.
	CASE="unreadable, --chmod $jobs"
	want_err
	PLAN_BLIND=$BLIND
	plan_then_remove "$jobs" --chmod --stats u
	PLAN_BLIND=
	expect_rc 0
	stats_kept 0
	expect_left

	# A 0000 PATH: without --chmod nothing inside can be seen; with
	# --chmod --contents it is emptied and gets its mode 0000 back.
	CASE="0000 PATH, --contents $jobs"
	mk_tree
	chmod 0000 u || fail "chmod"
	id_u=$(identity u) || fail "stat"
	want_err "sw-rmtree: cannot remove 'u': Permission denied"
	plan_then_remove "$jobs" --contents u
	expect_rc 1
	expect_identity u "$id_u"
	[ "$(privileged find u | wc -l)" = 15 ] || fail "$CASE: something inside u went"

	CASE="0000 PATH, --contents --chmod $jobs"
	want_err
	PLAN_BLIND="u/z u/sib u/sib/f u/locked u/locked/x u/locked/in u/locked/in/y
u/p u/p/q u/p/q/other u/p/q/locked u/p/q/locked/y u/wx u/wx/w1"
	plan_then_remove "$jobs" --contents --chmod u
	PLAN_BLIND=
	expect_rc 0
	expect_left 'u 0'
	expect_identity u "$id_u"
	rmdir u || fail "rmdir u"

	# Readable but not searchable (0600): every entry's lookup or unlink
	# is denied for the directory's sake; one root cause, one message.
	CASE="readable, unsearchable, $jobs"
	mkdir -p v/d/s1 v/d/s2 v/ok && : >v/d/f && : >v/ok/g || fail "mkdir"
	chown -R "$NOBODY_UID:$NOBODY_GID" v && chmod 0600 v/d || fail "chmod"
	want_err "sw-rmtree: cannot remove 'v/d': Permission denied"
	plan_then_remove "$jobs" v
	expect_rc 1
	expect_left 'v 755' 'v/d 600' 'v/d/f 644' 'v/d/s1 755' 'v/d/s2 755'
	chmod 0755 v/d && rm -r v || fail "cleanup"
done
exit 0
