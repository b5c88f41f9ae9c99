#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Immutable and append-only entries, set as root with
# chattr: an immutable or append-only file, an immutable empty directory,
# and immutable and append-only directories with content.  As uid 65534,
# each is reported once with `Operation not permitted` (a directory whose
# entries cannot go is named once, not each entry); what lies in a plain
# subdirectory of them goes, as does everything else.  --chmod changes
# nothing of that; --contents keeps the PATH as it was.  The dry run
# predicts each case.  -j1 and -j4.  lib.sh's exit trap clears the
# attributes again (chattr -R -i -a) whatever happens.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# Can we set (and see) both attributes on this file system?
attrs_work()
{
	mkdir -- "$T/probe" || fail "mkdir probe"
	: >"$T/probe/f" || fail "touch probe"
	chattr +i "$T/probe/f" >/dev/null 2>&1 || return 1
	chattr +a "$T/probe" >/dev/null 2>&1 || return 1
	case $(lsattr -d "$T/probe/f" 2>/dev/null) in
	*i*) ;;
	*) return 1 ;;
	esac
	case $(lsattr -d "$T/probe" 2>/dev/null) in
	*a*) ;;
	*) return 1 ;;
	esac
	chattr -R -i -a "$T/probe" && rm -rf -- "$T/probe"
}

# ---- the tree -----------------------------------------------------------------

# i belongs to uid 65534.  imm (+i) and app (+a) are files; empty-i is an
# empty +i directory; idir (+i) and adir (+a) hold a file and a plain
# subdirectory with a file; ok and plain have no attributes.
mk_tree()
{
	mkdir -p i/idir/sub i/adir/sub i/empty-i i/ok/sub || fail "mkdir"
	for f in i/imm i/app i/idir/f i/idir/sub/g i/adir/f i/adir/sub/g \
		i/ok/sub/f i/plain; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" i || fail "chown"
	chattr +i i/imm i/idir i/empty-i || fail "chattr +i"
	chattr +a i/app i/adir || fail "chattr +a"
}

drop_tree()
{
	chattr -R -i -a i && rm -rf i || fail "cleanup"
}

LEFT='i 755
i/adir 755
i/adir/f 644
i/adir/sub 755
i/app 644
i/empty-i 755
i/idir 755
i/idir/f 644
i/idir/sub 755
i/imm 644'

need_root "chattr +i and +a (CAP_LINUX_IMMUTABLE)"
command -v chattr >/dev/null 2>&1 || skip "chattr is missing"
command -v lsattr >/dev/null 2>&1 || skip "lsattr is missing"
attrs_work || skip "chattr +i/+a does not work on the file system of $T"

setup_w
for jobs in -j1 -j4; do
	for opt in "" --chmod --contents "--contents --chmod"; do
		CASE="immutable, $opt $jobs"
		mk_tree
		id_i=$(identity i) || fail "stat"
		want_err "sw-rmtree: cannot remove 'i/imm': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/app': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/empty-i': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/idir': Operation not permitted" \
			"sw-rmtree: cannot remove 'i/adir': Operation not permitted"
		# shellcheck disable=SC2086  # $opt: zero, one or two words
		plan_then_remove "$jobs" $opt i
		expect_rc 1
		expect_left "$LEFT"
		expect_identity i "$id_i"
		for f in i/imm i/idir i/empty-i; do
			case $(lsattr -d "$f") in
			*i*) ;;
			*) fail "$CASE: $f lost its immutable attribute" ;;
			esac
		done
		for f in i/app i/adir; do
			case $(lsattr -d "$f") in
			*a*) ;;
			*) fail "$CASE: $f lost its append-only attribute" ;;
			esac
		done
		drop_tree
	done
done
exit 0
