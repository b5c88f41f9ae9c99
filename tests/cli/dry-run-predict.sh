#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Planner: run as an unprivileged user, the dry run predicts each
# failure without trying it and names its entry and reason on stderr: a
# directory the caller cannot read, a directory whose entries the caller
# cannot unlink (one message, naming that directory), an entry in someone
# else's sticky directory, immutable and append-only entries, a mount point
# that would be skipped.  Entries that stay, and the directories above them,
# are not listed; the exit status is 1; nothing changes.  A real run then
# removes exactly what was listed and reports exactly what was predicted.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

need_root "a sticky directory of root's with entries of root's and of uid 65534's"
scratch_for_nobody
# Nobody's configuration: none (uid 65534 cannot read root's ~/.config).
HOME=$T/home-of-nobody
XDG_CONFIG_HOME=$T/xdg-of-nobody
export HOME XDG_CONFIG_HOME SWRMTREE_TEST_TIMEOUT

NOBODY=65534:65534
mkdir -p w || fail "mkdir"
cd w || fail "cd"

# Each obstacle in a tree of its own, next to an entry that goes.

# A directory of root's, mode 0000: nobody cannot read it.
mkdir -p p-locked/locked/inner || fail "mkdir"
: >p-locked/locked/inner/f || fail "touch"
printf 0123456789 >p-locked/go || fail "write"

# Nobody's own directory, mode 0555, with entries: none of them can go, and
# that is one failure, reported once, naming the directory.
mkdir -p p-ro/ro/a p-ro/ro/z || fail "mkdir"
printf 12345 >p-ro/ro/x || fail "write"
printf 1234567 >p-ro/ro/a/y || fail "write"

# A sticky directory of root's: only nobody's own entries go.
mkdir -p p-sticky/sticky/minedir p-sticky/sticky/rootdir || fail "mkdir"
printf 'root file!\n' >p-sticky/sticky/foreign || fail "write"
printf abc >p-sticky/sticky/mine || fail "write"
: >p-sticky/sticky/minedir/f || fail "touch"
: >p-sticky/sticky/rootdir/nobodys || fail "touch"

# Immutable and append-only (set by root; skipped where unsupported).
mkdir -p p-imm/imm p-app/app || fail "mkdir"
printf 1234 >p-imm/imm/file || fail "write"
printf 12 >p-imm/imm/other || fail "write"
: >p-app/app/f || fail "touch"
: >p-app/go || fail "touch"

# A mount point, mounted in the sandbox (see plan_as_nobody).
mkdir -p p-mnt/mnt/under || fail "mkdir"
: >p-mnt/mnt/under/f || fail "touch"
printf 123 >p-mnt/go || fail "write"

chown -R "$NOBODY" . || fail "chown"
chown 0:0 p-locked/locked p-sticky/sticky p-sticky/sticky/foreign \
	p-sticky/sticky/rootdir || fail "chown"
chmod 0000 p-locked/locked || fail "chmod"
chmod 0555 p-ro/ro || fail "chmod"
chmod 1777 p-sticky/sticky || fail "chmod"
chmod 0777 p-sticky/sticky/rootdir || fail "chmod"
attrs=yes
if ! chattr +i p-imm/imm/file 2>/dev/null || ! chattr +a p-app/app 2>/dev/null; then
	chattr -i p-imm/imm/file 2>/dev/null
	note "SKIP (part): chattr +i/+a is not supported here; no immutable or append-only cases"
	attrs=
fi

# snapshot FILE: everything below $T/w that a change could touch.
snapshot()
{
	(cd "$T/w" && find . -printf '%p %y %i %m %s %n %U %G %T@ %C@\0' |
		LC_ALL=C sort -z) >"$1" || fail "find"
}
snapshot "$T/before"

# as_nobody ARG...: the binary as uid 65534 in one sandbox, with a tmpfs
# mounted on p-mnt/mnt first (it vanishes with the sandbox).
as_nobody()
{
	# shellcheck disable=SC2016  # expanded by the inner shell
	in_tmpfs -o mode=0777 p-mnt/mnt /bin/sh -c ': >p-mnt/mnt/on-tmpfs || exit 91
setpriv --reuid=65534 --regid=65534 --clear-groups -- \
	timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" "$SWRMTREE_BIN" "$@"
echo $? >"$T/rc"
[ -e p-mnt/mnt/on-tmpfs ] || echo "the mounted tmpfs was changed" >&2
exit 0' sh "$@"
	case $rc in
	0) ;;
	91) skip "cannot write on a tmpfs in the sandbox: $(cat "$T/.err")" ;;
	*) fail "sandbox shell: exit status $rc" ;;
	esac
	rc=$(cat "$T/rc")
}

unchanged()
{
	snapshot "$T/after"
	cmp -s "$T/before" "$T/after" || fail "$1 changed something on disk"
}

# check_plan PATH SUMMARY [MESSAGE]... -- [LISTED]...: -n PATH as nobody
# predicts exactly the MESSAGEs (in any order), lists exactly the LISTED
# entries, and exits 1 (0 when no MESSAGE is expected).
check_plan()
{
	_p=$1 _sum=$2
	shift 2
	: >"$T/want.err"
	while [ "$1" != -- ]; do
		printf '%s\n' "$1" >>"$T/want.err"
		shift
	done
	shift
	printf '%s\n' "$_sum" >>"$T/want.err"
	if [ $# -eq 0 ]; then
		: >"$T/want"
	else
		printf '%s\n' "$@" | LC_ALL=C sort >"$T/want"
	fi
	as_nobody -n -j1 "$_p"
	if [ "$(wc -l <"$T/want.err")" -gt 1 ]; then
		expect_rc 1
	else
		expect_rc 0
	fi
	LC_ALL=C sort "$T/want.err" >"$T/want.err.sorted"
	LC_ALL=C sort "$T/.err" >"$T/got.err"
	cmp -s "$T/want.err.sorted" "$T/got.err" || {
		diff -u "$T/want.err.sorted" "$T/got.err" >&2
		fail "-n $_p: wrong messages on stderr"
	}
	[ "$(tail -n 1 "$T/.err")" = "$_sum" ] || fail "-n $_p: the summary is not last"
	LC_ALL=C sort "$T/.out" >"$T/got"
	cmp -s "$T/want" "$T/got" || {
		diff -u "$T/want" "$T/got" >&2
		fail "-n $_p lists the wrong entries"
	}
	unchanged "-n $_p"
}

check_plan p-locked "would remove 1 files, 0 directories, 10 bytes" \
	"sw-rmtree: cannot remove 'p-locked/locked': Permission denied" -- \
	p-locked/go
check_plan p-ro "would remove 1 files, 0 directories, 7 bytes" \
	"sw-rmtree: cannot remove 'p-ro/ro': Permission denied" -- \
	p-ro/ro/a/y
# Root's file and root's directory stay, nobody's entries go, even inside
# root's directory (mode 0777).
check_plan p-sticky "would remove 3 files, 1 directories, 3 bytes" \
	"sw-rmtree: cannot remove 'p-sticky/sticky/foreign': Operation not permitted" \
	"sw-rmtree: cannot remove 'p-sticky/sticky/rootdir': Operation not permitted" -- \
	p-sticky/sticky/mine p-sticky/sticky/minedir/f p-sticky/sticky/minedir \
	p-sticky/sticky/rootdir/nobodys
check_plan p-mnt "would remove 1 files, 0 directories, 3 bytes" \
	"sw-rmtree: skipping 'p-mnt/mnt': mount point not crossed (use --cross-mounts to enter it)" -- \
	p-mnt/go
if [ -n "$attrs" ]; then
	check_plan p-imm "would remove 1 files, 0 directories, 2 bytes" \
		"sw-rmtree: cannot remove 'p-imm/imm/file': Operation not permitted" -- \
		p-imm/imm/other
	check_plan p-app "would remove 1 files, 0 directories, 0 bytes" \
		"sw-rmtree: cannot remove 'p-app/app': Operation not permitted" -- \
		p-app/go
else
	check_plan p-imm "would remove 2 files, 2 directories, 6 bytes" -- \
		p-imm/imm/file p-imm/imm/other p-imm/imm p-imm
	check_plan p-app "would remove 2 files, 2 directories, 0 bytes" -- \
		p-app/app/f p-app/app p-app/go p-app
fi
# Nothing in the way: exit 0, everything listed, no message.
check_plan p-sticky/sticky/minedir "would remove 1 files, 1 directories, 0 bytes" -- \
	p-sticky/sticky/minedir/f p-sticky/sticky/minedir

# ---- all of them at once, then the real run ----------------------------------
set -- p-locked p-ro p-sticky p-mnt p-imm p-app
as_nobody -n -j1 "$@"
expect_rc 1
cp "$T/.out" "$T/plan.out"
cp "$T/.err" "$T/plan.err"
# PATHs are handled in order: the list is the lists above, one after another.
: >"$T/want"
for p do
	as_nobody -n -j1 "$p"
	cat "$T/.out" >>"$T/want"
done
cmp -s "$T/want" "$T/plan.out" || {
	diff -u "$T/want" "$T/plan.out" >&2
	fail "-n of all the trees does not list their lists in order"
}
if [ -n "$attrs" ]; then
	sum="would remove 8 files, 1 directories, 25 bytes"
	nmsg=8
else
	sum="would remove 10 files, 5 directories, 29 bytes"
	nmsg=6
fi
rc=1
cp "$T/plan.err" "$T/.err"
expect_err "$sum"
expect_err_count "$nmsg"
[ "$(tail -n 1 "$T/plan.err")" = "$sum" ] || fail "the summary is not the last line"
unchanged "-n"

as_nobody -v -j1 "$@"
expect_rc 1
expect_out_file "$T/plan.out"
grep -v '^would remove ' "$T/plan.err" >"$T/predicted"
cmp -s "$T/predicted" "$T/.err" || {
	diff -u "$T/predicted" "$T/.err" >&2
	fail "the real run did not fail as predicted"
}
# What was listed is gone, what was not is still there.
tr '\n' '\0' <"$T/plan.out" >"$T/plan.0"
python3 - "$T/before" "$T/plan.0" <<'EOF' || fail "the real run did not remove exactly the plan"
import os, sys
before = [r.split(b" ")[0][2:] for r in open(sys.argv[1], "rb").read().split(b"\0") if r]
listed = set(p for p in open(sys.argv[2], "rb").read().split(b"\0") if p)
bad = 0
for p in before:
    if not p:
        continue
    there = os.path.lexists(p)
    if (p in listed) == there:
        print("%s: %s" % ("listed but still there" if there else "not listed but gone", p))
        bad = 1
sys.exit(bad)
EOF
exit 0
