#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Symbolic links are never followed, even when a directory is swapped for
# one while the run is in progress (SPEC: Traversal), and a walk whose
# ancestors were moved stops instead of going up into the wrong directory.
#
# Each round copies a tree (about 2,400 entries, 10 levels) and starts
# attackers (tests/race/swapper) that exchange directories of it, as fast as
# they can, with symbolic links to sentinels outside it: a sentinel
# directory, a "/"-like fake root, the scratch directory holding everything;
# by absolute and relative targets; at several depths at once; or the
# PARENT of a deep part, moved out of the tree (or elsewhere in it) and
# back, with few descriptors (ulimit -n 24 or 64) so that the walk must
# re-open its ancestors through "..".  sw-rmtree runs on the tree with -j1
# and -j4 in turn.  After every round every sentinel still exists with its
# content (and nothing was added among them), the exit status is 0 (and the
# tree is gone) or 1 (with messages, all "cannot remove"), never a crash or
# a hang.  Everything runs in the sandbox.
#
# RACE_ROUNDS (default 32; `make check-races` runs thousands) and RACE_SEED
# (default: random, printed) choose the rounds; RACE_SEED=S RACE_ROUNDS=N
# repeats a run's choices (the timing of the races cannot be repeated).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "many timed rounds against a racing process"

rounds=${RACE_ROUNDS:-32}
seed=${RACE_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
case $rounds$seed in
*[!0-9]*) fail "RACE_ROUNDS and RACE_SEED must be numbers" ;;
esac

use_swapper

# ---- sentinels: everything below outside/, fakeroot/ and precious --------
mkdir -p outside/dir/sub outside/empty || fail "mkdir"
for d in bin etc home/user lib usr/bin usr/lib var/lib root tmp; do
	mkdir -p "fakeroot/$d" || fail "mkdir"
	for f in a b c; do
		printf '%s/%s %s\n' "$d" "$f" "$seed" >"fakeroot/$d/$f" || fail "write"
	done
done
head -c 5000 /dev/urandom >outside/dir/blob || fail "write"
printf 'precious\n' >outside/file || fail "write"
printf 'deeper\n' >outside/dir/sub/f || fail "write"
printf 'top\n' >precious || fail "write"

# ---- the tree: a spine d1/.../d10; every level has 60 files and three
# side directories sA sB sC (20 files, sub/ with 20, sub/deeper/ with 10).
level=template
k=0
while :; do
	mkdir -p "$level" || fail "mkdir"
	(cd "$level" && seq -f f%02g 0 59 | xargs touch) || fail "touch"
	for s in sA sB sC; do
		mkdir -p "$level/$s/sub/deeper" || fail "mkdir"
		(cd "$level/$s" && seq -f f%02g 0 19 | xargs touch &&
			cd sub && seq -f f%02g 0 19 | xargs touch &&
			cd deeper && seq -f f%02g 0 9 | xargs touch) || fail "touch"
	done
	[ "$k" -eq 10 ] && break
	k=$((k + 1))
	level=$level/d$k
done

# A mirror of the tree's names among the sentinels: a remover that acts on
# full paths resolves them through a planted link and hits these.
cp -a "$level" outside/mirror || fail "cp"
k=1
while [ "$k" -le 10 ]; do
	mkdir "outside/mirror/d$k" || fail "mkdir"
	(cd "outside/mirror/d$k" && seq -f f%02g 0 59 | xargs touch) || fail "touch"
	k=$((k + 1))
done

# The sentinels, as they must stay: names, types, sizes, modes, contents.
# What a swapper moves out of the tree lands in outside/moved.*, skipped.
cat >snapshot.sh <<'EOF'
find outside fakeroot precious -path 'outside/moved.*' -prune -o \
	-printf '%p %y %s %m %l\n' | LC_ALL=C sort
find outside fakeroot precious -path 'outside/moved.*' -prune -o \
	-type f -exec cksum {} + | LC_ALL=C sort
EOF
sh snapshot.sh >sentinels || fail "cannot list the sentinels"

# ---- the rounds, all in one sandbox ----------------------------------------
cat >rounds.sh <<'EOF'
. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
rounds=$1 seed=$2 swapper=$3 bin=$4
rng=$seed

# rand N: a number 0..N-1 in $R (a fixed LCG, so that a seed repeats).
rand()
{
	rng=$(( (rng * 1103515245 + 12345) % 2147483648 ))
	R=$(( (rng / 65536) % $1 ))
}

# spine K: tree/d1/.../dK;  ups K: "../" K times
spine()
{
	S=tree
	i=1
	while [ "$i" -le "$1" ]; do
		S=$S/d$i
		i=$((i + 1))
	done
}
ups()
{
	U=
	i=0
	while [ "$i" -lt "$1" ]; do
		U=../$U
		i=$((i + 1))
	done
}

nsw=0
desc=
# attack DIR LINK TARGET: one more swapper (start the deepest first).
attack()
{
	nsw=$((nsw + 1))
	rand 4
	case $R in
	2) pause=20 ;;
	3) pause=200 ;;
	*) pause=0 ;;
	esac
	rand 100000
	desc="$desc
  swapper -p $pause -s $R swap $1 $2 $3"
	competitor "ready.$nsw" "$swapper" -t 120 -p "$pause" -s "$R" \
		-r "ready.$nsw" swap "$1" "$2" "$3" 2>>swap.log || {
		echo "FAIL: swapper $nsw did not start:$desc"
		cat swap.log
		exit 1
	}
}

# A parent (depth 1-4) goes back and forth to LINKDIR, and a part 3 or
# more levels below it is swapped as well.
parent()
{
	rand 4
	k=$((R + 1))
	rand $((8 - k))
	deep=$((k + 3 + R))
	spine "$deep"
	attack "$S" "$S.lnk" "$T/outside/mirror"
	spine "$k"
	attack "$S" "$1/moved.$r" "$T/fakeroot"
}

# limited: the binary on the tree, under ulimit -n $limit if set.
limited()
{
	(
		[ -z "$limit" ] || ulimit -n "$limit" || exit 99
		exec timeout -k 5 60 "$bin" -j"$jobs" tree
	)
}

r=0
exit0=0
exit1=0
while [ "$r" -lt "$rounds" ]; do
	rm -rf tree outside/moved.* ready.* swap.log err
	cp -al template tree || { echo "FAIL: cp"; exit 1; }
	nsw=0 desc=''
	rand 3
	case $R in
	0) limit= ;;
	1) limit=64 ;;
	*) limit=24 ;;
	esac
	jobs=$((r % 2 * 3 + 1))
	rand 5
	variant=$R
	case $variant in
	0)	# three spine directories, deepest first, to sentinel dirs
		rand 3; a=$((8 + R))
		rand 3; b=$((4 + R))
		rand 3; c=$((1 + R))
		for k in $a $b $c; do
			spine "$k"
			rand 2
			attack "$S" "$S.lnk" "$T/outside/$(echo mirror dir |
				cut -d' ' -f$((R + 1)))"
		done
		;;
	1)	# relative links climbing out of the tree
		rand 10; l=$R
		rand 3
		side=$(echo A B C | cut -d' ' -f$((R + 1)))
		spine "$l"
		ups $((l + 1))
		attack "$S/s$side" "$S/s$side.lnk" "${U}outside/mirror"
		rand 3; k=$((R + 1))
		spine "$k"
		ups "$k"
		attack "$S" "$S.lnk" "${U}outside"
		;;
	2)	# the fake root, and the scratch directory itself
		rand 4; a=$((6 + R))
		rand 4; b=$((1 + R))
		spine "$a"
		attack "$S" "$S.lnk" "$T/fakeroot"
		spine "$b"
		ups "$b"
		attack "$S" "$S.lnk" "$U"
		;;
	3)	# a parent moved out of the tree and back
		parent "$T/outside"
		;;
	*)	# a parent moved elsewhere inside the tree and back
		parent tree/sA
		;;
	esac
	if [ "$variant" -ge 3 ]; then
		limit=$((jobs == 1 ? 24 : 64))
	fi
	compete limited >out 2>err
	rc=$?
	swaps=$(sed -n 's/.*: \([0-9]*\) exchanges.*/\1/p' swap.log |
		awk '{ n += $1 } END { print n + 0 }')
	msgs=$(awk 'END { print NR }' err)
	echo "round $r: variant $variant -j$jobs ulimit ${limit:-default}:" \
		"exit $rc, $msgs messages, $swaps exchanges"
	sed 's/^/    /' err | head -n 3
	why=
	case $rc in
	0) [ ! -e tree ] && [ ! -L tree ] || why="exit 0 but the tree is still there" ;;
	1) [ "$msgs" -gt 0 ] || why="exit 1 without a message" ;;
	*) why="exit status $rc (crash, hang or usage error)" ;;
	esac
	if grep -v "^sw-rmtree: cannot remove '.*': ." err >/dev/null; then
		why="$why${why:+; }unexpected lines on stderr"
	fi
	[ -s out ] && why="$why${why:+; }output on stdout"
	if ! sh snapshot.sh >now || ! cmp -s sentinels now; then
		why="$why${why:+; }SENTINELS CHANGED"
		diff sentinels now
	fi
	[ "$swaps" -gt 0 ] || why="$why${why:+; }no exchange was made"
	if [ -n "$why" ]; then
		echo "FAIL: round $r (RACE_SEED=$seed RACE_ROUNDS=$((r + 1))):" \
			"variant $variant, $bin -j$jobs tree," \
			"ulimit -n ${limit:-unchanged}: $why;$desc"
		sed 's/^/  stderr: /' err | head -n 20
		sed 's/^/  /' swap.log
		exit 1
	fi
	[ "$rc" = 0 ] && exit0=$((exit0 + 1)) || exit1=$((exit1 + 1))
	r=$((r + 1))
done
echo "$rounds rounds: $exit0 removed everything, $exit1 reported leftovers"
EOF

note "RACE_SEED=$seed RACE_ROUNDS=$rounds"
sandbox_exec /bin/sh rounds.sh "$rounds" "$seed" "$swapper" "$SWRMTREE_BIN"
cat "$T/.out"
if [ "$rc" != 0 ] || [ -s "$T/.err" ]; then
	cat "$T/.err" >&2
	fail "a round failed (exit status $rc); repeat with RACE_SEED=$seed"
fi
grep -q "^$rounds rounds: " "$T/.out" || fail "the rounds did not all run"
exit 0
