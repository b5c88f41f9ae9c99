#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 6 and Traversal, mount points, on kernels whose statx gives
# no mount id (before Linux 5.8).  The fault shim (tests/fault/README)
# hides the answers level by level:
#   statx       FAULT_STATX_NOMNT=1: no STATX_MNT_ID, no STATX_ATTR_MOUNT_ROOT;
#               the mount id comes from name_to_handle_at
#   handles     ... and FAULT_NOHANDLE=1: it comes from /proc/self/fdinfo
#   fdinfo      ... and FAULT_NOFDINFO=1: st_dev alone
# At the first two levels, and to pin each source down with only the
# handles or only fdinfo left, and with no statx at all (before Linux
# 4.11), in a real run and a dry run: a PATH that is a bind mount from the
# same file system is refused (exit 2, nothing removed), and such a bind
# mount inside a tree is skipped, its source's content left alone.  At the
# last level a tmpfs (another st_dev) is still refused as a PATH and
# skipped inside a tree, but a same-device bind mount cannot be told from
# a plain directory (the limit documented in sw-rmtree(1), TRAVERSAL): a
# dry run lists what it shows, which also proves that the shim hid every
# answer.
# The mounts are made inside the sandbox and vanish with it.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

sandbox_check || skip "no mount namespace: $_swrmtree_why"

# The real binary, not libtool's wrapper script (tests/fault/README).
use_shim
bin=$shim_bin
libdir=$shim_libdir
# A sanitizer build accepts a preloaded library only with this.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

export XDG_CONFIG_HOME="$T/xdg"
refused="it is a mount point (use --cross-mounts to override)"
skipped="mount point not crossed (use --cross-mounts to enter it)"

# shellcheck disable=SC2016  # expanded by the inner shell
setup='. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
mount_tmpfs tm
printf 4444 >tm/x || exit 91
mount --bind src bm || exit 92
mount --bind src t/bm || exit 93
mount_tmpfs t/a/tm
printf 55555 >t/a/tm/x || exit 95
'
# with_shim KNOBS ARG...: build bm and tm (a bind mount of src and a
# tmpfs, as PATHs) and t/ holding t/bm and t/a/tm (the same, inside a
# tree) in one sandbox, run the real binary with the shim and the knobs
# (VAR=1 words), and record what is left of t, src and tm.
with_shim()
{
	knobs=$1
	shift
	rm -rf t src bm tm || fail "rm"
	mkdir -p t/a/tm t/bm t/c src/inner bm tm || fail "mkdir"
	{ printf 1 >t/a/f && printf 22 >t/c/g && printf 333 >src/inner/y; } ||
		fail "cannot write files"
	# shellcheck disable=SC2016  # expanded by the inner shell
	sandbox_exec /bin/sh -c "$setup"'
knobs=$1 libdir=$2 shim=$3 bin=$4 secs=$5
shift 5
timeout -k 10 "$secs" env LD_LIBRARY_PATH="$libdir" LD_PRELOAD="$shim" \
	FAULT_EXE=sw-rmtree $knobs "$bin" "$@"
echo $? >"$T/rc"
find t src tm | LC_ALL=C sort >"$T/left"
exit 0' sh "$knobs" "$libdir" "$shim" "$bin" "$SWRMTREE_TEST_TIMEOUT" "$@"
	case $rc in
	0) ;;
	9[1-5]) skip "cannot set up the mounts in the sandbox ($rc): $(cat "$T/.err")" ;;
	*) fail "sandbox shell: exit status $rc" ;;
	esac
	rc=$(cat "$T/rc")
}

all='src src/inner src/inner/y t t/a t/a/f t/a/tm t/a/tm/x t/bm t/bm/inner t/bm/inner/y t/c t/c/g tm tm/x'
expect_left()
{
	printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/want" "$T/left" ||
		fail "$CASE: left on disk: $(tr '\n' ' ' <"$T/left"); expected: $*"
}

expect_listed()
{
	LC_ALL=C sort "$T/.out" >"$T/out-sorted"
	printf '%s\n' "$@" | cmp -s - "$T/out-sorted" ||
		fail "$CASE: listed: $(tr '\n' ' ' <"$T/.out"); expected: $*"
}

# A bind mount from the same file system, as a PATH and inside a tree.
bind_mounts()
{
	level=$1 knobs=$2
	for dry in '' -n; do
		CASE="$level: PATH is a bind mount${dry:+, dry run}"
		with_shim "$knobs" $dry bm
		expect_rc 2
		expect_err "sw-rmtree: refusing to remove 'bm': $refused"
		expect_err_count 1
		# shellcheck disable=SC2086
		expect_left $all
		[ -s "$T/.out" ] && fail "$CASE: listed: $(cat "$T/.out")"

		CASE="$level: bind mount inside the tree${dry:+, dry run}"
		with_shim "$knobs" $dry -j1 t
		expect_rc 1
		expect_err "sw-rmtree: skipping 't/bm': $skipped"
		expect_err "sw-rmtree: skipping 't/a/tm': $skipped"
		if [ -n "$dry" ]; then
			expect_err "would remove 2 files, 1 directories, 3 bytes"
			expect_err_count 3
			# shellcheck disable=SC2086
			expect_left $all
			expect_listed t/a/f t/c t/c/g
		else
			expect_err_count 2
			expect_left src src/inner src/inner/y t t/a t/a/tm t/a/tm/x \
				t/bm t/bm/inner t/bm/inner/y tm tm/x
		fi
	done
}

bind_mounts "statx hidden" "FAULT_STATX_NOMNT=1"
bind_mounts "statx and fdinfo hidden" "FAULT_STATX_NOMNT=1 FAULT_NOFDINFO=1"
bind_mounts "statx and handles hidden" "FAULT_STATX_NOMNT=1 FAULT_NOHANDLE=1"
# Before Linux 4.11 there is no statx at all: fstatat, then the handles.
bind_mounts "no statx" "FAULT_NOSTATX=1"

# Nothing left but st_dev: a tmpfs is still a mount point...
none="FAULT_STATX_NOMNT=1 FAULT_NOHANDLE=1 FAULT_NOFDINFO=1"
for dry in '' -n; do
	CASE="all hidden: PATH is a tmpfs${dry:+, dry run}"
	with_shim "$none" $dry tm
	expect_rc 2
	expect_err "sw-rmtree: refusing to remove 'tm': $refused"
	expect_err_count 1
	# shellcheck disable=SC2086
	expect_left $all

	CASE="all hidden: tmpfs inside the tree${dry:+, dry run}"
	with_shim "$none" $dry -j1 t/a
	expect_rc 1
	expect_err "sw-rmtree: skipping 't/a/tm': $skipped"
	if [ -n "$dry" ]; then
		# shellcheck disable=SC2086
		expect_left $all
		expect_listed t/a/f
	else
		expect_err_count 1
		expect_left src src/inner src/inner/y t t/a t/a/tm t/a/tm/x t/bm \
			t/bm/inner t/bm/inner/y t/c t/c/g tm tm/x
	fi
done
# ...but a bind mount from the same file system is not recognised then
# (man/sw-rmtree.1, TRAVERSAL): the plan lists its content as if it were a
# plain directory.  Only a dry run: a real run would empty src.
CASE="all hidden: tree with a tmpfs and a bind mount, dry run"
with_shim "$none" -n -j1 t
expect_rc 1
expect_err "sw-rmtree: skipping 't/a/tm': $skipped"
expect_err "would remove 3 files, 3 directories, 6 bytes"
expect_err_count 2
# shellcheck disable=SC2086
expect_left $all
expect_listed t/a/f t/bm t/bm/inner t/bm/inner/y t/c t/c/g
exit 0
