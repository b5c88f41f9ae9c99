#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# The sandbox every other test relies on: inside it nothing outside $T can
# be written, $T can, the command starts in the caller's directory, mounts
# made inside stay inside, and the nobody mode really loses root's powers:
# uid 65534 as root, no capability at all in a user namespace (not root).
# Both ways of setting it up (every mount read-only at once by the build's
# tests/sandbox/mounts, or one by one with mount(8)), and a writable mount
# outside $T that neither can make read-only makes it refuse to run.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

sandbox_check || skip "no mount namespace: $_swrmtree_why"

parent=${T%/*}
probe=swrmtree-selftest-probe.$$
for d in / "${parent:-/}" /tmp "$SWRMTREE_SRCDIR"; do
	[ -e "$d/$probe" ] && fail "'$d/$probe' exists already"
done

# Per-mount options of the root mount in our namespace, to compare later.
root_opts() { awk '$5 == "/" { o = $6 } END { print o }' /proc/self/mountinfo; }
before=$(root_opts)

mkdir -p sub/deeper || fail "mkdir"
cd sub/deeper || fail "cd"

# The probe script: every write outside $T must fail, inside must work.
# It cleans up after itself if a write outside unexpectedly succeeds.
cat >"$T/probe.sh" <<'EOF'
probe=$1
shift
for d do
	if (: >"$d/$probe") 2>/dev/null; then
		rm -f -- "$d/$probe"
		echo "wrote $d"
	else
		echo "cannot write $d"
	fi
	if mkdir -- "$d/$probe.d" 2>/dev/null; then
		rmdir -- "$d/$probe.d"
		echo "made a directory in $d"
	fi
done
pwd -P
: >here && echo "wrote here"
EOF
# shellcheck disable=SC2016  # expanded by the probe
printf '%s\n' 'printf "%s\n" "$SWRMTREE_SANDBOX_MOUNTED" >"$T/mounted"' >>"$T/probe.sh"
# The way the sandbox was set up: the helper's or mount(8)'s (empty
# SWRMTREE_SANDBOX_MOUNTS: no helper).
for way in tests/sandbox/mounts "mount(8)"; do
	if [ "$way" = "mount(8)" ]; then
		SWRMTREE_SANDBOX_MOUNTS=
		export SWRMTREE_SANDBOX_MOUNTS
	fi
	rm -f "$T/sub/deeper/here"
	sandbox_exec /bin/sh "$T/probe.sh" "$probe" / "${parent:-/}" /tmp "$SWRMTREE_SRCDIR" "$T"
	expect_rc 0
	expect_no_err
	expect_out "cannot write /" "cannot write ${parent:-/}" "cannot write /tmp" \
		"cannot write $SWRMTREE_SRCDIR" "wrote $T" "made a directory in $T" \
		"$T/sub/deeper" "wrote here"
	# The file written in the sandbox is the one we see: same directory.
	assert_exists "$T/sub/deeper/here"
	for d in / "${parent:-/}" /tmp "$SWRMTREE_SRCDIR"; do
		assert_gone "$d/$probe"
	done
	mounted=$(cat "$T/mounted")
	note "with $way: the mounts made read-only $mounted"
	if [ "$way" = "mount(8)" ]; then
		[ "$mounted" = "one by one" ] || fail "no helper, yet the mounts made read-only '$mounted'"
	fi
done
unset SWRMTREE_SANDBOX_MOUNTS

# A tmpfs mounted inside the sandbox does not show up outside.
mkdir -p "$T/m" || fail "mkdir m"
# shellcheck disable=SC2016  # expanded by the inner shell
sandbox_exec /bin/sh -c 'mount -t tmpfs none "$T/m" && echo inside >"$T/m/x" && cat "$T/m/x"'
expect_rc 0
expect_out inside
assert_gone "$T/m/x"
if grep -F " $T/m " /proc/self/mountinfo >/dev/null; then
	fail "a mount made inside the sandbox leaked out"
fi

# The nobody mode: no capability, so the mode bits of a 0555 directory of
# the test's hold (the root mode passes them: uid 0 with its capabilities,
# in a user namespace too); as root it is uid/gid 65534 without groups, in
# a user namespace the caller itself (uid 0 there).
scratch_for_nobody
mkdir -m 0555 "$T/ro" || fail "mkdir ro"
# shellcheck disable=SC2016  # expanded by the inner shell
probe_ro='if (: >"$T/ro/x") 2>/dev/null; then echo "wrote ro"; rm -f "$T/ro/x"; else echo "cannot write ro"; fi
grep "^CapEff:" /proc/self/status | cut -f 2 | tr -d 0; id -u; id -g'
sandbox_exec /bin/sh -c "$probe_ro"
expect_rc 0
[ "$(head -n 1 "$T/.out")" = "wrote ro" ] || fail "the root mode cannot write a 0555 directory"
_swrmtree_sandbox nobody /bin/sh -c "$probe_ro"
expect_rc 0
if [ "$(id -u)" = 0 ]; then
	expect_out "cannot write ro" "" 65534 65534
	_swrmtree_sandbox nobody id -G
	expect_out 65534
else
	expect_out "cannot write ro" "" 0 0
fi

# A writable mount outside $T makes the sandbox refuse, whichever way it
# is set up: a tmpfs mounted on a directory outside $T (in the namespace
# the sandbox then runs in: nothing is written outside $T), with a file
# open for writing on it, cannot be made read-only (EBUSY), neither with
# the others at once nor by itself.  The directory must hide nothing the
# sandbox needs: not $T, the sources, the build tree or their ancestors.
busy=
for d in /mnt /media /srv /opt /dev/shm; do
	if [ ! -d "$d" ] || [ -L "$d" ]; then
		continue
	fi
	for p in "$T" "$SWRMTREE_SRCDIR" "${SWRMTREE_BUILDDIR:-$SWRMTREE_SRCDIR}" \
		"$(cd "$(dirname "$SWRMTREE_BIN")" && pwd -P)"; do
		case $p/ in
		"$d"/*) continue 2 ;;
		esac
	done
	busy=$d
	break
done
hostns=$(readlink /proc/self/ns/mnt) || fail "readlink /proc/self/ns/mnt"
if [ -z "$busy" ]; then
	note "no directory to mount a busy tmpfs on: the refusal is not tried"
else
	for way in tests/sandbox/mounts "mount(8)"; do
		if [ "$way" = "mount(8)" ]; then
			SWRMTREE_SANDBOX_MOUNTS=
			export SWRMTREE_SANDBOX_MOUNTS
		fi
		rm -f "$T/.out" "$T/.err" "$T/.sandbox"
		# shellcheck disable=SC2016  # expanded by the inner shell
		sandbox_unshare env SWRMTREE_IN_SANDBOX="$T" /bin/sh -c '
			mount -t tmpfs swrmtree-busy "$1" || exit 99
			exec 4>"$1/open-for-writing" || exit 99
			shift
			exec "$@"' sh "$busy" \
			/bin/sh "$SWRMTREE_SRCDIR/tests/cli/sandbox-exec" root "$T" "$hostns" \
			/bin/sh -c 'echo ran' 3>"$T/.sandbox" >"$T/.out" 2>"$T/.err" </dev/null
		rc=$?
		what="with $way, a busy tmpfs on $busy"
		if [ "$rc" != 125 ] || ! grep -qF "still writable: $busy (tmpfs)" "$T/.err"; then
			_swrmtree_show
			fail "$what: exit status $rc, expected 125 and a refusal for it"
		fi
		[ ! -s "$T/.sandbox" ] || fail "$what: the sandbox said ready"
		[ ! -s "$T/.out" ] || fail "$what: the command ran"
		note "$what: refused"
	done
	unset SWRMTREE_SANDBOX_MOUNTS
fi

# The caller's namespace still has a writable $T and its root mount kept
# its options: the read-only remounts stayed in the sandbox.
: >"$T/after" || fail "\$T is not writable after the sandbox ran"
after=$(root_opts)
[ "$before" = "$after" ] || fail "root mount options changed: '$before' -> '$after'"
exit 0
