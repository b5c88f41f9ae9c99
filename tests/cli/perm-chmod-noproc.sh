#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --chmod on a directory that cannot be opened (mode 0000), with and
# without /proc.  Such a directory is pinned with O_PATH and changed through
# that descriptor: with fchmodat2 (Linux 6.6), else through /proc/self/fd
# once /proc is known to be procfs, never through a path that merely looks
# like it; where neither works, it stays with `Permission denied`, and the
# dry run predicts that.  As uid 65534, in the sandbox:
#   (a) as is: the tree goes (fchmodat2);
#   (d) /proc hidden under an empty tmpfs: the tree goes (fchmodat2);
#   (e) a fake /proc whose self/fd/N are symbolic links to a file of uid
#       65534: the tree goes, and that file is never changed;
# and with the fault shim's FAULT_NOFCHMODAT2=1 (a kernel before 6.6):
#   (b) /proc there: the tree goes (procfs);
#   (c) /proc hidden: the directory is reported with `Permission denied`
#       and stays, exit 1, and the dry run says exactly that; -j1 and -j4,
#       and a 0000 PATH with --contents;
#   (e) the fake /proc: as (c), and the file is never changed.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# shellcheck source=tests/cli/perm-lib.sh
. "$SWRMTREE_SRCDIR/tests/cli/perm-lib.sh"

# The runs with the fault shim preload it into the program alone, so they
# need the real binary behind libtool's wrapper script (tests/fault/README);
# the others run $SWRMTREE_BIN as it is.
builddir=${SWRMTREE_BUILDDIR:-$(dirname "$SWRMTREE_BIN")/..}
shim=$builddir/tests/fault/.libs/libfault.so
shim_why=
bin=$SWRMTREE_BIN
libdir=
if [ ! -f "$shim" ]; then
	shim_why="no fault shim at $shim (make check builds it)"
else
	shim=$(cd "$(dirname "$shim")" && pwd -P)/libfault.so
	if head -c 2 "$bin" | grep -q '^#!'; then
		bin=$(dirname "$bin")/.libs/$(basename "$bin")
		libdir=$(cd "$(dirname "$SWRMTREE_BIN")/../.libs" 2>/dev/null && pwd -P)
		if [ ! -x "$bin" ] || [ -z "$libdir" ]; then
			shim_why="cannot find the real binary behind $SWRMTREE_BIN"
		fi
	fi
fi

# ---- how the binary is run ----------------------------------------------------

# Run as root inside the sandbox (the sandbox's own mount namespace): hide
# /proc as $1 says ("": leave it; empty: an empty tmpfs over it; fake: a
# tmpfs holding self/fd/0..63, symbolic links to $2), check that it is no
# longer procfs, then become nobody ($SWRMTREE_AS_NOBODY) and run the rest.
# A failure to set this up is reported on stderr as "hide-proc: ..." with
# exit status 125.  As root, the tmpfs belongs to root, mode 0755: uid
# 65534 cannot change it.  (In a user namespace it belongs to the caller,
# who is nobody there; the binary never writes to /proc either way.)
# shellcheck disable=SC2016  # for the inner shell
hide_proc='
how=$1 target=$2
shift 2
die() { printf "hide-proc: %s\n" "$*" >&2; exit 125; }
case $how in
"") ;;
empty | fake)
	mount -t tmpfs -o mode=0755,size=64k swrmtree-noproc /proc ||
		die "cannot mount a tmpfs over /proc"
	if [ "$how" = fake ]; then
		mkdir -p /proc/self/fd || die "mkdir /proc/self/fd"
		i=0
		while [ $i -lt 64 ]; do
			ln -s "$target" /proc/self/fd/$i || die "ln -s"
			i=$((i + 1))
		done
	fi
	[ "$(stat -f -c %t /proc)" != 9fa0 ] || die "/proc is still procfs"
	[ ! -e /proc/self/mountinfo ] || die "/proc/self/mountinfo is still there"
	;;
*) die "unknown way to hide /proc: $how" ;;
esac
exec $SWRMTREE_AS_NOBODY "$@"
'

# NOPROC ("", empty, fake) and NOFCHMODAT2 (1: preload the shim with
# FAULT_NOFCHMODAT2=1) say how the next runs start the binary.  This
# replaces lib.sh's run_as_nobody, which perm-lib.sh's plan_then_remove
# calls: the same sandbox and user, with /proc hidden first where asked.
NOPROC=
NOFCHMODAT2=
run_as_nobody()
{
	if [ "$NOFCHMODAT2" = 1 ]; then
		set -- env ${libdir:+"LD_LIBRARY_PATH=$libdir"} \
			LD_PRELOAD="$shim" FAULT_NOFCHMODAT2=1 \
			ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			"$bin" "$@"
	else
		set -- "$SWRMTREE_BIN" "$@"
	fi
	sandbox_exec /bin/sh -c "$hide_proc" sh "$NOPROC" "$T/sentinel" \
		timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" "$@"
	if grep -aq '^hide-proc: ' "$T/.err"; then
		_swrmtree_show
		fail "$CASE: the sandbox could not hide /proc"
	fi
}

# ---- the tree -----------------------------------------------------------------

# u: a 0000 directory with a file and a subdirectory, between siblings that
# go.  All of it belongs to uid 65534.
mk_tree()
{
	mkdir -p u/sib u/locked/in || fail "mkdir"
	for f in u/z u/sib/f u/locked/x u/locked/in/y; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R "$NOBODY_UID:$NOBODY_GID" u || fail "chown"
	chmod 0000 u/locked || fail "chmod"
}

# What --chmod lets the real run see and the dry run cannot.
BLIND='u/locked/x u/locked/in u/locked/in/y'

# goes ARG...: with --chmod, all of u goes, as planned.
goes()
{
	mk_tree
	want_err
	PLAN_BLIND=$BLIND
	plan_then_remove --chmod "$@" u
	PLAN_BLIND=
	expect_rc 0
	expect_left
}

# stays ARG...: with --chmod, u/locked cannot be changed: it is reported and
# stays with what it holds, and so does u; the rest goes.  The dry run
# predicts the same message and exit status, and lists the same entries.
stays()
{
	mk_tree
	want_err "sw-rmtree: cannot remove 'u/locked': Permission denied"
	plan_then_remove --chmod "$@" u
	expect_rc 1
	expect_left 'u 755' 'u/locked 0' 'u/locked/in 755' 'u/locked/in/y 644' \
		'u/locked/x 644'
	chmod -R u+rwx u && rm -rf u || fail "rm -rf u"

	# A 0000 PATH with --contents: nothing inside can be seen or go.
	CASE="$CASE, 0000 PATH --contents"
	mk_tree
	chmod 0000 u || fail "chmod"
	want_err "sw-rmtree: cannot remove 'u': Permission denied"
	plan_then_remove --chmod --contents "$@" u
	expect_rc 1
	expect_left 'u 0' 'u/locked 0' 'u/locked/in 755' 'u/locked/in/y 644' \
		'u/locked/x 644' 'u/sib 755' 'u/sib/f 644' 'u/z 644'
	chmod -R u+rwx u && rm -rf u || fail "rm -rf u"
}

# The file the fake /proc points at: uid 65534 could change its mode.
sentinel_ok()
{
	_m=$(stat -c '%u %a' -- "$T/sentinel") || fail "stat $T/sentinel"
	[ "$_m" = "$NOBODY_UID 600" ] ||
		fail "$CASE: the fake /proc/self/fd/N was followed: $T/sentinel is now $_m"
}

# ---- the cases ------------------------------------------------------------------

setup_w
printf 'sentinel\n' >"$T/sentinel" || fail "sentinel"
chown "$NOBODY_UID:$NOBODY_GID" "$T/sentinel" || fail "chown sentinel"
chmod 0600 "$T/sentinel" || fail "chmod sentinel"

# Can /proc be hidden here, and does the binary start without it?  (An
# AddressSanitizer build or valgrind cannot.)
hide_why=
sandbox_exec /bin/sh -c "$hide_proc" sh empty "$T/sentinel" \
	"$SWRMTREE_BIN" --version
[ "$rc" = 0 ] ||
	hide_why="cannot run without /proc (exit status $rc): $(tr '\n' ' ' <"$T/.err" | cut -c 1-160)"
skipped=

# The cases where the tree goes run with -j1: what they test is how one
# directory is changed.  (With -j4, on_enter() in remove.c hands a directory
# it opened up to a worker before giving it its mode back, and the worker
# may then find it shut again: perm-unreadable.sh fails now and then the
# same way.)
CASE="(a) fchmodat2"
goes -j1

if [ -z "$hide_why" ]; then
	CASE="(d) fchmodat2, no /proc"
	NOPROC=empty
	goes -j1
	CASE="(e) fchmodat2, a fake /proc"
	NOPROC=fake
	goes -j1
	sentinel_ok
	NOPROC=
else
	skipped="$skipped (d), (e): $hide_why;"
fi

if [ -z "$shim_why" ]; then
	NOFCHMODAT2=1
	CASE="(b) no fchmodat2, /proc"
	goes -j1
	if [ -z "$hide_why" ]; then
		for jobs in -j1 -j4; do
			CASE="(c) no fchmodat2, no /proc, $jobs"
			NOPROC=empty
			stays "$jobs"
		done
		# Safety: only a verified procfs is used.  Were /proc/self/fd/N
		# resolved as an ordinary path, the links would lead to the
		# sentinel, and its mode would change.
		CASE="(e) no fchmodat2, a fake /proc"
		NOPROC=fake
		stays -j1
		sentinel_ok
		NOPROC=
	else
		skipped="$skipped (c), (e) without fchmodat2: $hide_why;"
	fi
	NOFCHMODAT2=
else
	skipped="$skipped (b), (c), (e) without fchmodat2: $shim_why;"
fi

[ -z "$skipped" ] || skip "not run:$skipped"
exit 0
