#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Traversal, depth is unbounded with a bounded number of descriptors:
# where an ancestor's descriptor was closed and is re-opened through "..",
# reading it goes on correctly on every file system.  On overlayfs the
# offsets of a merged directory (one in the lower layer that also has
# entries in the upper one) shift as entries are removed, so a re-opened
# directory that seeks back to where it was skips entries; after the three
# re-reads a directory gets when its removal fails, the run ends with
# "Directory not empty".
#
# A chain of 300 levels is built in the lower layer, each level with files
# before and after the next level, and every 30th level with a wide
# directory of 2,000 files.  After the overlay is mounted, 20 chains
# deeper than a walk's descriptors reach are added through the merged
# view at every 30th level (they land in the upper layer): each sends the
# walk down far enough that the directory holding it is closed and
# re-opened.  The merged tree goes with -j1 and -j4 under `ulimit -n 64`,
# and with -j1 under `ulimit -n 1024`: exit 0, no message, nothing left.
# With a tmpfs mounted on one of the chains, that mount point is reported
# once and stays with its parent; all else goes.  A dry run under
# `ulimit -n 64` lists every entry exactly once.  Each run gets a fresh
# upper layer; everything lives on a tmpfs mounted in the sandbox (not
# every file system can be an upper layer).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "300 levels on overlayfs under ulimit -n 64"

sandbox_check || skip "no mount namespace: $_swrmtree_why"

cat >inner.sh <<'EOS'
# inner.sh DEPTH TIMEOUT [OPTION]: runs as root in the sandbox, in $T, and
# mounts the overlay with OPTION too, on a tmpfs (lib.sh's mount_tmpfs, which
# skips without one).  Exit status 91: no overlayfs (skips); 92: the tree
# could not be built.
depth=$1 limit=$2 option=${3:+,$3}
m=$T/m

. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
mount_tmpfs -o mode=0755 "$m"
mkdir "$m/lower" "$m/merged" || exit 92

# The chain, in the lower layer; paths stay short by walking down with cd.
(
	cd "$m/lower" && mkdir t && cd t || exit 1
	i=0
	while [ "$i" -lt "$depth" ]; do
		for f in a b c e; do : >"$f$i" || exit 1; done
		mkdir d || exit 1
		for f in g h k n; do : >"$f$i" || exit 1; done
		if [ $((i % 30)) = 0 ]; then
			mkdir w || exit 1
			j=0
			while [ "$j" -lt 2000 ]; do
				: >"w/$j" || exit 1
				j=$((j + 1))
			done
		fi
		cd d || exit 1
		i=$((i + 1))
	done
	: >leaf
) || exit 92

# chain N NAME: NAME/z/.../z, N levels in all, a file at the bottom.
chain()
{
	p=$2 n=1
	while [ "$n" -lt "$1" ]; do
		p=$p/z n=$((n + 1))
	done
	mkdir -p "$p" && : >"$p/f"
}

# overlay: a fresh upper layer, mounted on merged.  At every 30th level,
# two files and 20 chains are added through the merged view, so they land
# in the upper layer: 30 levels deep, and at the top deeper than the 256
# descriptors a walk holds under `ulimit -n 1024`.
overlay()
{
	rm -rf "$m/upper" "$m/work" && mkdir "$m/upper" "$m/work" || exit 92
	mount -t overlay swrmtree-overlay \
		-o "lowerdir=$m/lower,upperdir=$m/upper,workdir=$m/work$option" \
		"$m/merged" || exit 91
	(
		cd "$m/merged/t" || exit 1
		i=0
		while [ "$i" -lt "$depth" ]; do
			if [ $((i % 30)) = 0 ]; then
				: >"u$i" && : >"u$i-b" || exit 1
				g=1
				while [ "$g" -le 20 ]; do
					chain $((i ? 30 : 280)) "z$g" || exit 1
					g=$((g + 1))
				done
			fi
			cd d || exit 1
			i=$((i + 1))
		done
	) || exit 92
}

# run_case NAME LIMIT ARG...: the binary on merged/t under ulimit -n LIMIT;
# its exit status, what it left (named when little is left) and what it
# said (long paths cut).
run_case()
{
	name=$1 fds=$2
	shift 2
	(
		cd "$m/merged" && ulimit -n "$fds" &&
			exec timeout -k 10 "$limit" "$SWRMTREE_BIN" "$@" t
	) >"$T/run.out" 2>"$T/run.err"
	echo "$name: exit $?"
	if [ ! -e "$m/merged/t" ]; then
		echo "$name: gone"
	elif [ "$(find "$m/merged/t" | wc -l)" -le 3 ]; then
		echo "$name: left $(cd "$m/merged" && find t | LC_ALL=C sort | paste -sd ' ' -)"
	else
		echo "$name: $(find "$m/merged/t" | wc -l) entries left"
	fi
	cut -c 1-120 "$T/run.err" | sed "s/^/$name: stderr: /"
}

# remove NAME LIMIT ARG...: run_case on a fresh overlay.
remove()
{
	overlay
	run_case "$@"
	umount "$m/merged" || exit 92
}

remove "-j1, ulimit -n 64" 64 -j1
remove "-j4, ulimit -n 64" 64 -j4
remove "-j1, ulimit -n 1024" 1024 -j1

# What stays is known: a tmpfs mounted on t/z10, in the middle of the
# chains, is skipped and reported once, although t is read again from its
# start after each chain; its ancestor t stays, and everything else goes.
for jobs in -j1 -j4; do
	overlay
	mount -t tmpfs -o mode=0755 swrmtree-inner "$m/merged/t/z10" &&
		: >"$m/merged/t/z10/sentinel" || exit 92
	run_case "mount point, $jobs" 64 "$jobs"
	umount "$m/merged/t/z10" && umount "$m/merged" || exit 92
done

# The dry run lists each entry once: what find sees, in some order.
overlay
(cd "$m/merged" && find t | LC_ALL=C sort -T "$T" >"$T/want") || exit 92
dirs=$(cd "$m/merged" && find t -type d | wc -l)
files=$(($(wc -l <"$T/want") - dirs))
(
	cd "$m/merged" && ulimit -n 64 &&
		exec timeout -k 10 "$limit" "$SWRMTREE_BIN" -n t
) >"$T/run.out" 2>"$T/run.err"
echo "dry run: exit $?"
LC_ALL=C sort -T "$T" "$T/run.out" >"$T/got"
if cmp -s "$T/want" "$T/got"; then
	echo "dry run: every entry listed once"
else
	echo "dry run: $(wc -l <"$T/got") lines for $(wc -l <"$T/want") entries;" \
		"$(uniq -d "$T/got" | wc -l) listed twice;" \
		"$(LC_ALL=C comm -23 "$T/want" "$T/got" | wc -l) missing"
fi
if [ "$(cat "$T/run.err")" = "would remove $files files, $dirs directories, 0 bytes" ]; then
	echo "dry run: summary"
else
	sed 's/^/dry run: stderr: /' "$T/run.err"
fi
[ -e "$m/merged/t/d" ] || echo "dry run: removed something"
umount "$m/merged" || exit 92
exit 0
EOS

# In a user namespace (not root) overlayfs keeps its whiteouts and opaque
# directories in user.* extended attributes, not trusted.* ones: without
# userxattr, removing a merged directory fails with EIO there.
option=
[ "$(id -u)" = 0 ] || option=userxattr
sandbox_exec /bin/sh "$T/inner.sh" 300 "$SWRMTREE_TEST_TIMEOUT" ${option:+"$option"}
case $rc in
0) ;;
91) skip "no overlayfs here (mount -t overlay failed): $(cat "$T/.err")" ;;
*)
	_swrmtree_show
	fail "the test's own shell failed (exit status $rc)"
	;;
esac
expect_no_err
skipped="skipping 't/z10': mount point not crossed (use --cross-mounts to enter it)"
expect_out "-j1, ulimit -n 64: exit 0" "-j1, ulimit -n 64: gone" \
	"-j4, ulimit -n 64: exit 0" "-j4, ulimit -n 64: gone" \
	"-j1, ulimit -n 1024: exit 0" "-j1, ulimit -n 1024: gone" \
	"mount point, -j1: exit 1" "mount point, -j1: left t t/z10 t/z10/sentinel" \
	"mount point, -j1: stderr: sw-rmtree: $skipped" \
	"mount point, -j4: exit 1" "mount point, -j4: left t t/z10 t/z10/sentinel" \
	"mount point, -j4: stderr: sw-rmtree: $skipped" \
	"dry run: exit 0" "dry run: every entry listed once" "dry run: summary"
exit 0
