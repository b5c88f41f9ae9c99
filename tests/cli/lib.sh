# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# shellcheck shell=sh
# tests/cli/lib.sh - shared setup for the tests/cli/*.sh scripts.
#
# Sourced, never run:
#   . "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
#
# On source: `set -u`, LC_ALL=C, finds the binary ($SWRMTREE_BIN, else
# $SWRMTREE_BUILDDIR/src/sw-rmtree, else ../../src/sw-rmtree next to the
# script) or skips, creates a fresh scratch directory $T with mktemp -d and
# cd's into it.  An EXIT trap removes $T again with `rm -rf`, never with
# the tool under test, and keeps the test's exit status.
#
# Safety: the binary under test is only ever started by run, run_as_nobody
# or sandbox_exec, and those only start it inside a private mount namespace
# (unshare -m --propagation private) in which $T is bind-mounted onto itself
# and every other mount is remounted read-only; tests/cli/sandbox-exec then
# verifies that nothing outside $T can be written before it runs anything.
# As root that is a plain mount namespace; as an ordinary user it is one
# owned by a new user namespace (unshare -r -m), in which the caller is
# uid 0 with every capability, but only over its own files.  Where neither
# can be set up, the test skips instead of running the binary unprotected.
#
# "nobody", the user the permission tests run the binary as: as root, uid
# and gid 65534 without groups; as an ordinary user, that user itself (in
# the user namespace, uid 0 without any capability: it owns the caller's
# files and meets their permission bits as the caller does).  $NOBODY_UID
# and $NOBODY_GID are its ids as seen by the test, to chown what it must
# own; inside the sandbox, $SWRMTREE_AS_NOBODY is the command prefix that
# becomes it (see tests/cli/sandbox-exec).  What needs a second user (a
# foreign owner) or real root (chattr +i, device nodes) calls need_root.
#
# Helpers:
#   fail MSG...            "FAIL: MSG" on stderr, exit 1
#   skip MSG...            "SKIP: MSG" on stderr, exit 77
#   sanitized              true when the binary is an ASan build
#   no_leak_checks_under_ptrace  detect_leaks=0 for a sanitizer build (strace)
#   heavy WHAT             skip when SWRMTREE_HEAVY=0: for tests that measure
#                          memory, descriptors or syscalls, or run the binary
#                          hundreds of times, or build the tarball (CI's
#                          valgrind, musl, unprivileged and distcheck stages)
#   note MSG...            one line on stdout
#   sandbox_check          0 if the sandbox can be set up here, else 1
#   run ARG...             $SWRMTREE_BIN ARG... in the sandbox, in the current
#                          directory; stdout in $T/.out, stderr in $T/.err,
#                          stdin /dev/null, exit status in $rc
#   run_as_nobody ARG...   the same, as nobody (above)
#   sandbox_exec CMD...    any command in the sandbox (e.g. to mount below $T
#                          first), same conventions; run_raw is a synonym
#   sandbox_unshare CMD... CMD in a fresh mount namespace as the sandbox
#                          makes it (for tests that start sandbox-exec
#                          themselves); needs sandbox_check first
#   scratch_for_nobody     make $T reachable for nobody (or skip)
#   need_root WHY...       skip, saying WHY, unless running as real root
#   privileged CMD...      CMD past the permission bits of the test's own
#                          files, to look into what nobody locked itself
#                          out of: as root plainly, else as uid 0 of a user
#                          namespace of its own (unshare -r, no other
#                          namespace); never for the binary under test
#   expect_rc N, expect_err LINE, expect_err_count N, expect_no_err,
#   expect_out LINE..., expect_out_file FILE, assert_exists P, assert_gone P
#   mktree DIR             a standard tree with every kind of entry and name
#   real_binary            the real binary behind libtool's wrapper
#                          ($real_bin) and its library directory ($real_libdir)
#   direct_binary WHY...   skip, saying WHY, unless $SWRMTREE_BIN is the
#                          program, libtool's wrapper (which execs it) or a
#                          wrapper that says it does not hold the output
#                          (CI's valgrind stage): for tests whose
#                          background process outlives the command, which
#                          a wrapper that pipes its output would wait for
#   use_shim               find tests/fault's LD_PRELOAD shim ($shim), the
#                          real binary behind libtool's wrapper ($shim_bin)
#                          and its library directory ($shim_libdir), or skip
#
# The three set-ups the terminal, race and tmpfs tests share:
#   on_pty ANSWER WATCH CMD...  CMD in the sandbox on a pseudo-terminal
#                          (stdin, stderr; stdout too with PTY_STDOUT=tty),
#                          what it showed in $T/.pty.screen; types ANSWER
#                          at the "[y/N] " question ("-": none); need_pty
#                          skips where python3 or ptys are missing
#   in_tmpfs [-o OPTS] DIR CMD...  CMD in the sandbox on a fresh tmpfs
#                          mounted on DIR (below $T), or skip, saying why
#   use_swapper            tests/race/swapper, the race tests' competitor,
#                          in $swapper (built when missing), or skip
# and, in a script that sandbox_exec runs and that sources lib.sh there
# (`. "$SWRMTREE_SRCDIR/tests/cli/lib.sh"`: functions only, refused
# outside the sandbox; fail and skip work there too, a skip skipping the
# test):
#   mount_tmpfs [-o OPTS] DIR...  a fresh tmpfs on each DIR, or skip
#   try_tmpfs [-o OPTS] DIR   the same, but 1 and $tmpfs_why instead
#   competitor READY CMD...  CMD in the background, waited for until it has
#                          created READY (its handshake: never a sleep as
#                          synchronisation); 1 if it ended first
#   compete CMD...         CMD while the competitors run, then
#                          competitors_stop (SIGTERM, wait): no process is
#                          left, not even when the script exits early

set -u
LC_ALL=C
export LC_ALL

fail()
{
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# Inside the sandbox (lib.sh sourced there: see "Inside the sandbox"
# below), the reason goes to $T/.skip too, and the test that started the
# sandbox skips with it.
skip()
{
	if [ -n "${_swrmtree_inner:-}" ]; then
		printf '%s\n' "$*" >"$T/.skip"
	fi
	printf 'SKIP: %s\n' "$*" >&2
	exit 77
}

# True when the binary under test is built with AddressSanitizer.
sanitized()
{
	_swrmtree_d=$(dirname "$SWRMTREE_BIN")
	_swrmtree_b=$(basename "$SWRMTREE_BIN")
	for _swrmtree_f in "$SWRMTREE_BIN" "$_swrmtree_d/.libs/$_swrmtree_b" \
		"$_swrmtree_d/.libs/lt-$_swrmtree_b"; do
		if [ -f "$_swrmtree_f" ] && grep -aq __asan_init "$_swrmtree_f"; then
			return 0
		fi
	done
	return 1
}

# For tests that run the binary under strace: LeakSanitizer cannot work
# under ptrace, so a sanitizer build runs there without leak checks (ASan
# and UBSan still check everything else).
no_leak_checks_under_ptrace()
{
	if sanitized; then
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
		export ASAN_OPTIONS
	fi
}

heavy()
{
	[ "${SWRMTREE_HEAVY:-1}" != 0 ] ||
		skip "SWRMTREE_HEAVY=0: $* (runs in the plain make check)"
}

note()
{
	printf '%s\n' "$*"
}

# ---- inside the sandbox ----------------------------------------------------
#
# A script that sandbox_exec runs may source lib.sh too: there
# $SWRMTREE_IN_SANDBOX is the scratch directory, and lib.sh only defines
# its functions (no new scratch, no trap, no cd).  It refuses unless
# nothing outside $T can be written, which only holds in the sandbox.

# The pid of a process is that of a live one (not a zombie awaiting wait).
_swrmtree_alive()
{
	[ -r "/proc/$1/stat" ] || return 1
	case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in
	'' | Z* | X* | x*) return 1 ;;
	esac
	return 0
}

# try_tmpfs [-o OPTIONS] DIR: mount a fresh tmpfs on DIR (below $T; made
# when missing); 1 with the reason in $tmpfs_why when it cannot.
try_tmpfs()
{
	[ -n "${_swrmtree_inner:-}" ] || fail "try_tmpfs: only inside the sandbox"
	_swrmtree_o=
	if [ "$1" = -o ]; then
		_swrmtree_o=$2
		shift 2
	fi
	[ $# = 1 ] || fail "usage: try_tmpfs [-o OPTIONS] DIR"
	case $1 in
	/*) _swrmtree_p=$1 ;;
	*) _swrmtree_p=$(pwd -P)/$1 ;;
	esac
	case $_swrmtree_p in
	*/../* | */.. | */./* | */.) fail "try_tmpfs: '$1' has . or .. in it" ;;
	"$T"/?*) ;;
	*) fail "try_tmpfs: '$1' is not below $T" ;;
	esac
	tmpfs_why=
	[ -d "$1" ] || mkdir -p -- "$1" || fail "mkdir $1"
	tmpfs_why=$(mount -t tmpfs ${_swrmtree_o:+-o "$_swrmtree_o"} \
		swrmtree-tmpfs "$1" 2>&1) && return 0
	tmpfs_why=${tmpfs_why:-mount -t tmpfs failed}
	return 1
}

# mount_tmpfs [-o OPTIONS] DIR...: the same on each DIR, or skip, saying why.
mount_tmpfs()
{
	_swrmtree_opt=
	if [ "$1" = -o ]; then
		_swrmtree_opt=$2
		shift 2
	fi
	for _swrmtree_dir in "$@"; do
		try_tmpfs ${_swrmtree_opt:+-o "$_swrmtree_opt"} "$_swrmtree_dir" ||
			skip "cannot mount a tmpfs in the sandbox: $tmpfs_why"
	done
}

# competitor READY CMD...: CMD in the background, racing what comes next;
# it creates the file READY once it is under way (tests/race/swapper -r).
# Waits for READY as long as CMD lives: 1 when CMD ended without it.
_swrmtree_rivals=
competitor()
{
	[ -n "${_swrmtree_inner:-}" ] || fail "competitor: only inside the sandbox"
	_swrmtree_ready=$1
	shift
	[ -n "$_swrmtree_rivals" ] || trap competitors_stop EXIT
	"$@" &
	_swrmtree_rival=$!
	_swrmtree_rivals="$_swrmtree_rivals $_swrmtree_rival"
	while [ ! -e "$_swrmtree_ready" ]; do
		_swrmtree_alive "$_swrmtree_rival" || return 1
		sleep 0.01
	done
}

# competitors_stop: SIGTERM to every competitor, and wait for each.
competitors_stop()
{
	[ -n "$_swrmtree_rivals" ] || return 0
	# shellcheck disable=SC2086  # a list of pids
	kill -TERM $_swrmtree_rivals 2>/dev/null
	# shellcheck disable=SC2086
	wait $_swrmtree_rivals
	_swrmtree_rivals=
}

# compete CMD...: CMD while the competitors run, then stop them; CMD's
# exit status.
compete()
{
	"$@"
	_swrmtree_status=$?
	competitors_stop
	return "$_swrmtree_status"
}

if [ -n "${SWRMTREE_IN_SANDBOX:-}" ]; then
	case ${T:-} in
	/?*/swrmtree-test.????????) ;;
	*) fail "lib.sh: no scratch directory in the sandbox (T='${T:-}')" ;;
	esac
	[ "$T" = "$SWRMTREE_IN_SANDBOX" ] || fail "lib.sh: \$T is not the sandbox's scratch"
	_swrmtree_probe=${T%/*}/.swrmtree-inner-probe.$$
	if mkdir -- "$_swrmtree_probe" 2>/dev/null; then
		rmdir -- "$_swrmtree_probe"
		fail "lib.sh: SWRMTREE_IN_SANDBOX is set, but ${T%/*} is writable: not in the sandbox"
	fi
	_swrmtree_inner=1
	return 0
fi

# ---- the binary and the source tree ---------------------------------------

_swrmtree_here=$(dirname "$0")
SWRMTREE_SRCDIR=$(cd "${SWRMTREE_SRCDIR:-$_swrmtree_here/../..}" && pwd -P) ||
	fail "cannot find the source directory"
[ -f "$SWRMTREE_SRCDIR/tests/cli/sandbox-exec" ] ||
	fail "no tests/cli/sandbox-exec under '$SWRMTREE_SRCDIR'"
if [ -z "${SWRMTREE_BIN:-}" ]; then
	if [ -n "${SWRMTREE_BUILDDIR:-}" ]; then
		SWRMTREE_BIN=$SWRMTREE_BUILDDIR/src/sw-rmtree
	else
		SWRMTREE_BIN=$_swrmtree_here/../../src/sw-rmtree
	fi
fi
if [ ! -f "$SWRMTREE_BIN" ] || [ ! -x "$SWRMTREE_BIN" ]; then
	skip "no executable sw-rmtree at '$SWRMTREE_BIN' (build it first)"
fi
# Absolute, since the tests run from inside $T.
SWRMTREE_BIN=$(cd "$(dirname "$SWRMTREE_BIN")" && pwd -P)/$(basename "$SWRMTREE_BIN") ||
	fail "cannot resolve the binary's directory"
export SWRMTREE_BIN SWRMTREE_SRCDIR

# Seconds before a hanging binary is killed (exit status 124).
SWRMTREE_TEST_TIMEOUT=${SWRMTREE_TEST_TIMEOUT:-900}

# ---- the scratch directory -----------------------------------------------

# Succeeds only for a path that looks exactly like what we created:
# absolute, not "/", last component swrmtree-test.XXXXXXXX.
_swrmtree_scratch_ok()
{
	case $1 in
	/*/swrmtree-test.????????) ;;
	*) return 1 ;;
	esac
	case $1 in
	*/../* | */./* | *//*) return 1 ;;
	esac
	[ "$1" != / ] && [ -d "$1" ] && [ ! -L "$1" ]
}

# mountinfo escapes blanks, newline and backslash as \ooo.
_swrmtree_unescape()
{
	case $1 in
	*\\*)
		printf '%b' "$(printf '%s' "$1" |
			sed 's/\\\([0-7][0-7][0-7]\)/\\0\1/g')"
		;;
	*) printf '%s' "$1" ;;
	esac
}

# The last mount point (in mount order) at or below $T in this namespace,
# empty when there is none.  Mounts stacked later are listed later, so
# unmounting in this order peels them off from the top.
_swrmtree_last_mount_below()
{
	_swrmtree_found=
	while IFS= read -r _swrmtree_line; do
		set -f
		# shellcheck disable=SC2086  # splitting on blanks is the point
		set -- $_swrmtree_line
		set +f
		[ $# -ge 5 ] || continue
		_swrmtree_mp=$(_swrmtree_unescape "$5")
		case $_swrmtree_mp in
		"$_swrmtree_T" | "$_swrmtree_T"/*) _swrmtree_found=$_swrmtree_mp ;;
		esac
	done </proc/self/mountinfo
	printf '%s' "$_swrmtree_found"
}

_swrmtree_cleanup()
{
	_swrmtree_status=$?
	trap - EXIT HUP INT TERM
	cd / || :
	if ! _swrmtree_scratch_ok "$_swrmtree_T"; then
		printf 'lib.sh: not removing suspicious scratch path %s\n' \
			"$_swrmtree_T" >&2
		exit "$_swrmtree_status"
	fi
	# Unmount first: rm, chmod and chattr must never reach into a mount
	# that might be a bind mount of something outside the scratch tree.
	_swrmtree_n=0
	while [ $_swrmtree_n -lt 100 ]; do
		_swrmtree_mp=$(_swrmtree_last_mount_below)
		[ -n "$_swrmtree_mp" ] || break
		umount -l -- "$_swrmtree_mp" 2>/dev/null || break
		_swrmtree_n=$((_swrmtree_n + 1))
	done
	if [ -n "$(_swrmtree_last_mount_below)" ]; then
		printf 'lib.sh: something is still mounted below %s; left in place\n' \
			"$_swrmtree_T" >&2
		exit "$_swrmtree_status"
	fi
	rm -rf --one-file-system -- "$_swrmtree_T" 2>/dev/null
	if [ -e "$_swrmtree_T" ]; then
		# Immutable/append-only entries or unreadable directories.
		chattr -R -i -a "$_swrmtree_T" >/dev/null 2>&1
		chmod -R u+rwx -- "$_swrmtree_T" >/dev/null 2>&1
		rm -rf --one-file-system -- "$_swrmtree_T" ||
			printf 'lib.sh: could not remove %s\n' "$_swrmtree_T" >&2
	fi
	exit "$_swrmtree_status"
}

_swrmtree_T=$(mktemp -d "${TMPDIR:-/tmp}/swrmtree-test.XXXXXXXX") ||
	fail "mktemp -d failed"
[ -n "$_swrmtree_T" ] || fail "mktemp -d returned nothing"
# Canonical, so it can be compared with /proc/self/mountinfo.
_swrmtree_T=$(cd "$_swrmtree_T" && pwd -P) || fail "cannot enter the scratch directory"
_swrmtree_scratch_ok "$_swrmtree_T" || fail "unexpected scratch path '$_swrmtree_T'"
readonly _swrmtree_T
T=$_swrmtree_T
export T
# SWRMTREE_TMP_IN_SCRATCH=1 (CI's valgrind stage): a TMPDIR inside $T that
# everyone may write, since in the sandbox nothing else is writable and
# valgrind makes a temporary file as it starts.
if [ "${SWRMTREE_TMP_IN_SCRATCH:-0}" = 1 ]; then
	mkdir -m 1777 "$T/.tmp" || fail "mkdir $T/.tmp"
	TMPDIR=$T/.tmp
	export TMPDIR
fi
trap _swrmtree_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$T" || fail "cannot cd to $T"
rc=

# ---- the sandbox -----------------------------------------------------------

_swrmtree_why=
_swrmtree_sandbox_state=
# -r when the sandbox needs a user namespace of its own (not root).
_swrmtree_userns=

# Real root: nobody is uid 65534.  An ordinary user: that user itself.
if [ "$(id -u)" = 0 ]; then
	NOBODY_UID=65534
	NOBODY_GID=65534
else
	NOBODY_UID=$(id -u)
	NOBODY_GID=$(id -g)
fi
export NOBODY_UID NOBODY_GID

need_root()
{
	[ "$(id -u)" = 0 ] || skip "needs real root: $*"
}

privileged()
{
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		sandbox_check || skip "no mount namespace: $_swrmtree_why"
		unshare -r -- "$@"
	fi
}

sandbox_check()
{
	if [ -n "$_swrmtree_sandbox_state" ]; then
		return "$_swrmtree_sandbox_state"
	fi
	_swrmtree_sandbox_state=1
	for _swrmtree_cmd in unshare mount umount timeout; do
		if ! command -v "$_swrmtree_cmd" >/dev/null 2>&1; then
			_swrmtree_why="$_swrmtree_cmd is missing"
			return 1
		fi
	done
	if [ ! -r /proc/self/mountinfo ] || [ ! -r /proc/self/ns/mnt ]; then
		_swrmtree_why="no /proc/self/mountinfo or /proc/self/ns/mnt"
		return 1
	fi
	[ "$(id -u)" = 0 ] || _swrmtree_userns=-r
	if ! _swrmtree_msg=$(sandbox_unshare true 2>&1); then
		if [ -n "$_swrmtree_userns" ]; then
			_swrmtree_why="not root, and no user namespace (unshare -r -m failed: $_swrmtree_msg)"
		else
			_swrmtree_why="unshare -m failed: $_swrmtree_msg"
		fi
		return 1
	fi
	_swrmtree_sandbox_state=0
	return 0
}

sandbox_unshare()
{
	unshare ${_swrmtree_userns:+"$_swrmtree_userns"} -m --propagation private -- "$@"
}

_swrmtree_show()
{
	for _swrmtree_f in out err; do
		if [ -s "$T/.$_swrmtree_f" ]; then
			printf -- '--- %s:\n' "$_swrmtree_f" >&2
			cat -A -- "$T/.$_swrmtree_f" >&2
		fi
	done
}

# _swrmtree_sandbox root|nobody CMD...: CMD in the sandbox; sets rc.
_swrmtree_sandbox()
{
	_swrmtree_mode=$1
	shift
	sandbox_check || skip "no mount namespace: $_swrmtree_why"
	# This shell's namespace, read once: a process cannot change its own.
	if [ -z "${_swrmtree_hostns:-}" ]; then
		_swrmtree_hostns=$(readlink /proc/self/ns/mnt) ||
			fail "cannot read /proc/self/ns/mnt"
	fi
	rm -f -- "$T/.out" "$T/.err" "$T/.sandbox" "$T/.skip"
	# sandbox_unshare's namespace, without a process for env.
	SWRMTREE_IN_SANDBOX=$T \
		unshare ${_swrmtree_userns:+"$_swrmtree_userns"} -m --propagation private -- \
		/bin/sh "$SWRMTREE_SRCDIR/tests/cli/sandbox-exec" \
		"$_swrmtree_mode" "$T" "$_swrmtree_hostns" "$@" \
		3>"$T/.sandbox" >"$T/.out" 2>"$T/.err" </dev/null
	rc=$?
	# Exactly the line "ready", read without a process for cat.
	_swrmtree_ready=
	{ IFS= read -r _swrmtree_ready && ! IFS= read -r _swrmtree_more; } \
		2>/dev/null <"$T/.sandbox" || _swrmtree_ready=
	if [ "$_swrmtree_ready" != ready ]; then
		_swrmtree_show
		fail "the sandbox could not be set up (exit status $rc); nothing was run"
	fi
	# A skip inside (lib.sh's skip, say from mount_tmpfs) skips the test.
	if [ -s "$T/.skip" ]; then
		skip "$(cat -- "$T/.skip")"
	fi
	return 0
}

sandbox_exec()
{
	_swrmtree_sandbox root "$@"
}

run_raw()
{
	_swrmtree_sandbox root "$@"
}

run()
{
	_swrmtree_sandbox root timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" \
		"$SWRMTREE_BIN" "$@"
}

run_as_nobody()
{
	command -v setpriv >/dev/null 2>&1 || skip "setpriv is missing"
	_swrmtree_sandbox nobody timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" \
		"$SWRMTREE_BIN" "$@"
}

# in_tmpfs [-o OPTIONS] DIR CMD...: CMD in the sandbox as sandbox_exec
# runs it, after a fresh tmpfs was mounted on DIR there (mount_tmpfs).
in_tmpfs()
{
	# shellcheck disable=SC2016  # for the inner shell
	sandbox_exec /bin/sh -c '. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 125
if [ "$1" = -o ]; then
	mount_tmpfs -o "$2" "$3"
	shift 3
else
	mount_tmpfs "$1"
	shift
fi
exec "$@"' sh "$@"
}

# use_swapper: tests/race/swapper, the race tests' competitor ($swapper),
# built into $T when the build tree has none, or skip.
use_swapper()
{
	swapper=${SWRMTREE_BUILDDIR:-$SWRMTREE_SRCDIR}/tests/race/swapper
	if [ ! -x "$swapper" ]; then
		swapper=$T/swapper
		${CC:-cc} -O2 -o "$swapper" "$SWRMTREE_SRCDIR/tests/race/swapper.c" ||
			skip "no tests/race/swapper and it cannot be built here"
	fi
}

# $T becomes 0755; everything above it must already be searchable by
# others (a 1777 /tmp is): we never change anything outside $T.  An
# ordinary user is nobody already.
scratch_for_nobody()
{
	command -v setpriv >/dev/null 2>&1 || skip "setpriv is missing"
	chmod 0755 -- "$T" || fail "chmod $T"
	[ "$(id -u)" = 0 ] || return 0
	# shellcheck disable=SC2016  # $1 is for the inner shell
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		/bin/sh -c 'cd -- "$1"' sh "$T" 2>/dev/null; then
		skip "uid 65534 cannot reach $T (an ancestor lacks o+x)"
	fi
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		test -x "$SWRMTREE_BIN"; then
		skip "uid 65534 cannot execute $SWRMTREE_BIN"
	fi
}

# The real binary behind libtool's wrapper script ($real_bin) and its
# library directory ($real_libdir, empty for an installed binary), for
# tests that must not run the wrapper's shell (a shim, a limit), or skip.
real_binary()
{
	real_bin=$SWRMTREE_BIN
	real_libdir=
	if head -c 2 "$real_bin" | grep -q '^#!'; then
		real_libdir=$(cd "$(dirname "$real_bin")/../.libs" && pwd -P) ||
			skip "cannot find the library behind $SWRMTREE_BIN"
		real_bin=$(dirname "$real_bin")/.libs/$(basename "$real_bin")
		[ -x "$real_bin" ] || skip "cannot find the real binary behind $SWRMTREE_BIN"
	fi
	[ "$(basename "$real_bin")" = sw-rmtree ] || skip "the binary is not called sw-rmtree"
}

# An ELF file, or libtool's wrapper script, which execs one.  Any other
# script may wait for the program's output to end, and with valgrind the
# program's children keep a copy of its stderr.
direct_binary()
{
	case $(head -c 4 "$SWRMTREE_BIN" | od -An -c | tr -d ' ') in
	177ELF) return 0 ;;
	esac
	# libtool's wrapper execs the program; CI's valgrind wrapper says
	# that it neither pipes nor holds its output.
	grep -q -e 'temporary wrapper script for \.libs/' \
		-e '^# sw-rmtree test wrapper: it neither pipes nor holds' "$SWRMTREE_BIN" ||
		skip "$SWRMTREE_BIN is a wrapper script: $*"
}

# The fault shim (tests/fault/README) and the real binary it must be
# preloaded into: not libtool's wrapper script, whose shell would load it too.
use_shim()
{
	_swrmtree_bd=${SWRMTREE_BUILDDIR:-$(dirname "$SWRMTREE_BIN")/..}
	shim=$_swrmtree_bd/tests/fault/.libs/libfault.so
	[ -f "$shim" ] || skip "no $shim (make check builds it)"
	shim=$(cd "$(dirname "$shim")" && pwd -P)/libfault.so
	real_binary
	# shellcheck disable=SC2034  # for the scripts that source this file
	shim_bin=$real_bin
	# shellcheck disable=SC2034
	shim_libdir=$real_libdir
}

# ---- a pseudo-terminal -------------------------------------------------------

# need_pty: python3 and pseudo-terminals, or skip.
need_pty()
{
	command -v python3 >/dev/null 2>&1 || skip "python3 is missing"
	python3 -c 'import os; os.close(os.openpty()[0])' 2>/dev/null ||
		skip "no pseudo-terminals here"
}

# on_pty ANSWER WATCH CMD...: CMD in the sandbox with a pseudo-terminal as
# its stdin and stderr (and stdout with PTY_STDOUT=tty; else stdout goes to
# $T/.pty.stdout).  ANSWER "-" types nothing and only reads to the end;
# otherwise, once "[y/N] " shows, it checks that WATCH still exists
# (nothing removed before the answer), types ANSWER (Python escapes: 'y\r')
# and reads on.  What the terminal got is in $T/.pty.screen (CR LF line
# ends); rc is CMD's exit status, 100 when the question never came, 101
# when WATCH was gone.  PTY_COLS sets the terminal's width; PTY_VANISH
# names a file removed just before the answer is typed.
on_pty()
{
	need_pty
	[ -f "$T/.pty.py" ] || cat >"$T/.pty.py" <<'EOPY' || fail "cannot write $T/.pty.py"
import fcntl, os, select, struct, subprocess, sys, termios, time

answer, watch, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
T = os.environ["T"]
master, slave = os.openpty()
if os.environ.get("PTY_COLS"):
    fcntl.ioctl(slave, termios.TIOCSWINSZ,
                struct.pack("HHHH", 24, int(os.environ["PTY_COLS"]), 0, 0))
with open(T + "/.pty.stdout", "wb") as out:
    tty_out = os.environ.get("PTY_STDOUT") == "tty"
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave if tty_out else out,
                         stderr=slave, start_new_session=True)
os.close(slave)
screen = b""
status = None

def read_some(deadline):
    global screen
    left = deadline - time.monotonic()
    if left <= 0:
        return False
    r, _, _ = select.select([master], [], [], left)
    if not r:
        return False
    try:
        data = os.read(master, 4096)
    except OSError:             # EIO: the other side is closed
        return False
    if not data:
        return False
    screen += data
    return True

deadline = time.monotonic() + 120
if answer != "-":
    while b"[y/N] " not in screen and read_some(deadline):
        pass
    if b"[y/N] " not in screen:
        status = 100
    elif not os.path.lexists(watch):
        status = 101
    else:
        if os.environ.get("PTY_VANISH"):
            os.unlink(os.environ["PTY_VANISH"])
        os.write(master, answer.encode().decode("unicode_escape").encode("latin-1"))
while read_some(deadline):
    pass
try:
    rc = p.wait(timeout=max(1, deadline - time.monotonic()))
except subprocess.TimeoutExpired:
    p.kill()
    rc = p.wait()
with open(T + "/.pty.screen", "wb") as f:
    f.write(screen)
sys.exit(status if status is not None else rc)
EOPY
	rm -f -- "$T/.pty.screen" "$T/.pty.stdout"
	sandbox_exec python3 "$T/.pty.py" "$@"
}

# ---- assertions --------------------------------------------------------------

expect_rc()
{
	if [ "$rc" != "$1" ]; then
		_swrmtree_show
		fail "exit status $rc, expected $1"
	fi
}

expect_err()
{
	if ! grep -aFxq -e "$1" -- "$T/.err"; then
		_swrmtree_show
		fail "no stderr line: $1"
	fi
}

expect_err_count()
{
	_swrmtree_n=$(awk 'END { print NR }' "$T/.err")
	if [ "$_swrmtree_n" != "$1" ]; then
		_swrmtree_show
		fail "$_swrmtree_n stderr lines, expected $1"
	fi
}

expect_no_err()
{
	if [ -s "$T/.err" ]; then
		_swrmtree_show
		fail "unexpected output on stderr"
	fi
}

expect_out_file()
{
	if ! cmp -s -- "$1" "$T/.out"; then
		printf -- '--- expected stdout:\n' >&2
		cat -A -- "$1" >&2
		_swrmtree_show
		fail "stdout differs from $1"
	fi
}

expect_out()
{
	if [ $# -eq 0 ]; then
		: >"$T/.expected"
	else
		printf '%s\n' "$@" >"$T/.expected"
	fi
	expect_out_file "$T/.expected"
}

assert_exists()
{
	[ -e "$1" ] || [ -L "$1" ] || fail "'$1' should exist"
}

assert_gone()
{
	if [ -e "$1" ] || [ -L "$1" ]; then
		fail "'$1' should be gone"
	fi
}

# ---- a standard tree ---------------------------------------------------------

# The plain part of mktree; fails at the first error.
_swrmtree_mk()
{
	printf 'hello\n' >"$1/file.txt" || return 1
	: >"$1/empty" || return 1
	printf 'deep data\n' >"$1/sub/nested/deep/file" || return 1
	head -c 70000 /dev/zero >"$1/sub/big" || return 1
	: >"$1/with space dir/inner" || return 1
	: >"$1/with space" || return 1
	: >"$1/$(printf 'new\nline')" || return 1
	: >"$1/$(printf 'tab\there')" || return 1
	: >"$1/-dash" || return 1
	: >"$1/it's" || return 1
	: >"$1/$(printf '%0255d' 0 | tr 0 n)" || return 1
	: >"$1/$(printf 'bad\377\376name')" || return 1
	: >"$1/$(printf 'caf\303\251')" || return 1
	ln -s file.txt "$1/link-file" || return 1
	ln -s sub "$1/link-dir" || return 1
	ln -s "$T/outside/dir" "$1/link-out-dir" || return 1
	ln -s "$T/outside/file" "$1/link-out-file" || return 1
	ln -s does-not-exist "$1/dangling" || return 1
	ln -- "$1/file.txt" "$1/hardlink" || return 1
	ln -- "$1/sub/nested/deep/file" "$1/sub/hard-too" || return 1
	mkfifo -- "$1/fifo" || return 1
}

# mktree DIR: every kind of entry and awkward name, plus symbolic links to
# $T/outside (created here when missing), which must survive any removal.
mktree()
{
	_swrmtree_d=$1
	mkdir -p -- "$T/outside/dir/sub" || fail "mkdir $T/outside"
	[ -e "$T/outside/file" ] || printf 'precious\n' >"$T/outside/file"
	[ -e "$T/outside/dir/sub/f" ] || printf 'also precious\n' >"$T/outside/dir/sub/f"

	mkdir -p -- "$_swrmtree_d/sub/nested/deep" "$_swrmtree_d/sub/nested/empty-dir" \
		"$_swrmtree_d/emptydir" "$_swrmtree_d/with space dir" ||
		fail "mkdir $_swrmtree_d"
	_swrmtree_mk "$_swrmtree_d" ||
		fail "cannot build the tree in $_swrmtree_d"
	if command -v python3 >/dev/null 2>&1; then
		# Bound relative to the directory: sun_path is short.
		python3 -c 'import os, socket, sys
os.chdir(sys.argv[1])
socket.socket(socket.AF_UNIX).bind("sock")' "$_swrmtree_d" ||
			fail "cannot create a socket in $_swrmtree_d"
	fi
	if [ "$(id -u)" = 0 ]; then
		mknod -- "$_swrmtree_d/chardev" c 1 3 || fail "mknod in $_swrmtree_d"
	fi
}
