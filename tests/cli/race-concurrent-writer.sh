#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Entries appearing during the run: a writer (tests/race/swapper grow) keeps
# creating files, directories and symbolic links to sentinels all over the
# tree (a quarter of them in its top directory, which goes last) while
# sw-rmtree removes it, with -j1 and -j4 in turn, on the scratch file
# system and on a tmpfs (where creating is about as fast as removing).
# SPEC: a directory that gains entries is re-read a bounded number of
# times, then reported as failed (`Directory not empty`).  So sw-rmtree
# ends within 60 s (a hang is a failure) with
#   - exit 0 and the tree gone, or
#   - exit 1, stderr only `cannot remove 'P': Directory not empty` lines,
#     every P still there, and every entry of the original tree that stays
#     named or an ancestor of a named one (one root cause, one message;
#     nothing left silently); what the writer made late may stay;
# and the sentinels the links point to are untouched.  All in the sandbox.
#
# The writer stops creating after 200,000 entries, so that a binary that
# never ends leaves a mess that can still be cleaned up.
# RACE_WRITER_ROUNDS (default 8; `make check-races` runs hundreds),
# RACE_SEED (default: random, printed) and RACE_WRITERS (writer processes,
# default 1; more writers than CPUs can outrun any remover, so a hang then
# proves nothing).
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "many timed rounds against a racing process"

rounds=${RACE_WRITER_ROUNDS:-8}
seed=${RACE_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
case $rounds$seed in
*[!0-9]*) fail "RACE_WRITER_ROUNDS and RACE_SEED must be numbers" ;;
esac

use_swapper

# Sentinels the writer's links point to.
mkdir -p outside/dir/sub || fail "mkdir"
printf 'precious\n' >outside/dir/file || fail "write"
printf 'deeper\n' >outside/dir/sub/f || fail "write"

# The tree: 6 levels d1/.../d6 of 100 files and four side directories of
# 40 files and a subdirectory of 40 (about 2,600 entries; no name starts
# with "g", the writer's prefix).
level=template
k=0
while :; do
	mkdir -p "$level" || fail "mkdir"
	(cd "$level" && seq -f f%03g 0 99 | xargs touch) || fail "touch"
	for s in sA sB sC sD; do
		mkdir -p "$level/$s/sub" || fail "mkdir"
		(cd "$level/$s" && seq -f f%02g 0 39 | xargs touch &&
			cd sub && seq -f f%02g 0 39 | xargs touch) || fail "touch"
	done
	[ "$k" -eq 6 ] && break
	k=$((k + 1))
	level=$level/d$k
done

cat >snapshot.sh <<'EOF'
find outside -printf '%p %y %s %m\n' | LC_ALL=C sort
find outside -type f -exec cksum {} + | LC_ALL=C sort
EOF
sh snapshot.sh >sentinels || fail "cannot list the sentinels"

# Every path still there must be accounted for by the messages (see top).
cat >account.awk <<'EOF'
FILENAME == ARGV[1] {
	named[$0] = 1
	for (p = $0; sub(/\/[^\/]*$/, "", p); )
		above[p] = 1
	next
}
/(^|\/)g[0-9]/ { next }         # made by the writer
!($0 in named) && !($0 in above) { print "unaccounted: " $0 }
EOF

cat >rounds.sh <<'EOF'
. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
rounds=$1 seed=$2 swapper=$3 bin=$4 nwriters=$5
# Creating files can be much slower than removing them on a disk: half the
# rounds run on a tmpfs, where the writer keeps up with the removal.
if try_tmpfs -o size=512m,nr_inodes=300k,mode=0755 fs && cp -a template fs/template; then
	places="tree fs/tree"
else
	echo "no tmpfs (${tmpfs_why:-cp -a failed}); every round on the scratch file system"
	places=tree
fi
r=0
while [ "$r" -lt "$rounds" ]; do
	set -- $places
	shift $(( (r / 2) % $# ))
	tree=$1
	rm -rf "$tree" ready.* err unaccounted grow.log
	cp -al "${tree%tree}template" "$tree" || { echo "FAIL: cp"; exit 1; }
	jobs=$((r % 2 * 3 + 1))
	pause=$(( (r / 4) % 2 * 50 ))
	for w in $(seq "$nwriters"); do
		competitor "ready.$w" "$swapper" -t 120 -n 200000 -p "$pause" \
			-s "$((seed + r * 2 + w))" -r "ready.$w" \
			grow "$tree" "$T/outside/dir" 2>>grow.log || {
			echo "FAIL: the writers did not start"
			cat grow.log
			exit 1
		}
	done
	start=$(date +%s)
	compete timeout -k 5 60 "$bin" -j"$jobs" "$tree" >out 2>err
	rc=$?
	took=$(( $(date +%s) - start ))
	sed -n "s/^sw-rmtree: cannot remove '\(.*\)': .*/\1/p" err >named
	msgs=$(awk 'END { print NR }' err)
	echo "round $r: $tree -j$jobs, writer pausing up to ${pause}us:" \
		"exit $rc in ${took}s, $msgs messages"
	sed 's/^/    /' grow.log
	sed 's/^/    /' err | head -n 3
	why=
	case $rc in
	0) [ ! -e "$tree" ] && [ ! -L "$tree" ] || why="exit 0 but the tree is still there" ;;
	1) [ "$msgs" -gt 0 ] || why="exit 1 without a message" ;;
	124 | 137) why="HANG: still running after 60 s" ;;
	*) why="exit status $rc" ;;
	esac
	if grep -v "^sw-rmtree: cannot remove '.*': Directory not empty\$" err >/dev/null; then
		why="$why${why:+; }unexpected lines on stderr"
	fi
	[ -s out ] && why="$why${why:+; }output on stdout"
	while IFS= read -r p; do
		[ -e "$p" ] || [ -L "$p" ] || why="$why${why:+; }'$p' is named but gone"
	done <named
	if [ -e "$tree" ]; then
		find "$tree" | awk -f account.awk named - >unaccounted
		[ -s unaccounted ] &&
			why="$why${why:+; }$(awk 'END { print NR }' unaccounted) entries left silently"
	fi
	if ! sh snapshot.sh >now || ! cmp -s sentinels now; then
		why="$why${why:+; }SENTINELS CHANGED"
		diff sentinels now
	fi
	if [ -n "$why" ]; then
		echo "FAIL: round $r (RACE_SEED=$seed): $bin -j$jobs $tree" \
			"with $nwriters x swapper -p $pause grow $tree $T/outside/dir: $why"
		sed 's/^/  stderr: /' err | head -n 20
		[ -s unaccounted ] && head -n 20 unaccounted
		exit 1
	fi
	r=$((r + 1))
done
echo "$rounds rounds passed"
EOF

note "RACE_SEED=$seed RACE_WRITER_ROUNDS=$rounds"
sandbox_exec /bin/sh rounds.sh "$rounds" "$seed" "$swapper" "$SWRMTREE_BIN" \
	"${RACE_WRITERS:-1}"
cat "$T/.out"
if [ "$rc" != 0 ] || [ -s "$T/.err" ]; then
	cat "$T/.err" >&2
	fail "a round failed (exit status $rc); repeat with RACE_SEED=$seed"
fi
grep -q "^$rounds rounds passed" "$T/.out" || fail "the rounds did not all run"
exit 0
