#!/bin/bash
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# run.sh -- time sw-rmtree against rm -rf, find -delete and shutil.rmtree.
#
#   bench/run.sh [BIN]        BIN defaults to src/sw-rmtree next to bench/
#
# Environment:
#   BENCH_ROUNDS=5            rounds per shape on tmpfs (and on disk, if set)
#   BENCH_DISK_ROUNDS=3       rounds per shape on disk (default: BENCH_ROUNDS
#                             when that is set, else 3; see README)
#   BENCH_BUDGET=600          seconds; once the run has taken this long, no
#                             new round starts, except the first round of each
#                             shape still to come (0: no limit)
#   BENCH_SHAPES="src nodemod wide1000x100 flat200k deep20k linux nodejs tiny"
#                             (space- or comma-separated subset; linux and
#                             nodejs are real trees, bench/real.sh)
#   BENCH_CACHE=bench/out/cache  where real.sh keeps the fetched trees
#   BENCH_FS=both             tmpfs, disk or both
#   BENCH_TMPFS_DIR=/dev/shm  where the tmpfs scratch directory goes
#   BENCH_DISK_DIR=bench/out  where the disk scratch directory goes
#   BENCH_DRYRUN=1            0: skip the --dry-run comparison on src
#                             and linux; only: run nothing else
#   BENCH_TINY_COUNT=2000     removals per contender and round in the
#                             "tiny" shape (a 10-entry tree each)
#
# Every timed run gets a freshly generated (bench/gen.sh) or copied
# (bench/real.sh) tree, a `sync`,
# then one removal under GNU time.  Results: markdown tables on stdout and
# in bench/out/last.md.  Exit status: 0, or 1 if any sw-rmtree run failed
# (tree left behind, non-zero exit, or a dry run that changed the tree), or
# 2 on a setup error.  Failures of the reference tools are reported loudly
# and marked in the tables but do not change the exit status.
# See bench/README.md.

# `make bench` runs this with $(SHELL), usually a POSIX sh: switch to bash.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u
set -o pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd) || exit 2
GEN=$here/gen.sh

die() { echo "run.sh: $*" >&2; exit 2; }
warn() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- settings

BIN=${1:-$here/../src/sw-rmtree}
[ $# -le 1 ] || die "usage: $0 [BIN]"
case $BIN in
*/*) BIN=$(cd "$(dirname "$BIN")" 2>/dev/null && pwd)/$(basename "$BIN") ||
	die "no such directory for BIN: $BIN" ;;
*) BIN=$(command -v "$BIN") || die "not found in PATH: ${1-}" ;;
esac
[ -f "$BIN" ] && [ -x "$BIN" ] || die "not an executable: $BIN (build it first: make)"

# In a build tree, src/sw-rmtree is libtool's wrapper script: a bash start
# before every run.  Time the real program in .libs/ instead, with the
# library path the wrapper would have set (falling back to the wrapper).
BIN_NOTE=
if head -n 5 "$BIN" 2>/dev/null | grep -q 'temporary wrapper script for \.libs/'; then
	real=$(dirname "$BIN")/.libs/$(basename "$BIN")
	libpath=$(sed -n 's/^ *LD_LIBRARY_PATH="\(.*\):\$LD_LIBRARY_PATH"$/\1/p' "$BIN" | head -n 1)
	if [ -x "$real" ] && [ -n "$libpath" ] &&
		LD_LIBRARY_PATH=$libpath${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$real" --version >/dev/null 2>&1; then
		export LD_LIBRARY_PATH=$libpath${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
		BIN_NOTE=", bypassing the libtool wrapper $BIN"
		BIN=$real
	else
		BIN_NOTE=" (libtool wrapper: its bash start-up is included in the times)"
	fi
fi

posint() { case $1 in '' | *[!0-9]* | 0*) return 1 ;; esac; }
ROUNDS=${BENCH_ROUNDS:-5}
posint "$ROUNDS" || die "BENCH_ROUNDS must be a positive integer"
DISK_ROUNDS=${BENCH_DISK_ROUNDS:-${BENCH_ROUNDS:-3}}
posint "$DISK_ROUNDS" || die "BENCH_DISK_ROUNDS must be a positive integer"
BUDGET=${BENCH_BUDGET:-600}
[ "$BUDGET" = 0 ] || posint "$BUDGET" || die "BENCH_BUDGET must be a number of seconds (0: none)"

ALL_SHAPES=$("$GEN" --list | tr '\n' ' ') || die "$GEN --list failed"
# Real trees (bench/real.sh): fetched from Debian's archive once, copied
# fresh for each run.
REAL=$here/real.sh
REAL_SHAPES=$("$REAL" --list | tr '\n' ' ') || die "$REAL --list failed"
# "tiny" is not a tree of gen.sh: many removals of a 10-entry tree, one
# process each (bench_tiny below).
ALL_SHAPES="${ALL_SHAPES% } ${REAL_SHAPES% } tiny"
SHAPES=${BENCH_SHAPES:-$ALL_SHAPES}
SHAPES=$(echo ${SHAPES//,/ })
for s in $SHAPES; do
	case " $ALL_SHAPES " in *" $s "*) ;; *) die "unknown shape '$s' (have: $ALL_SHAPES)" ;; esac
done
[ -n "${SHAPES// /}" ] || die "BENCH_SHAPES selects no shape"

case ${BENCH_FS:-both} in
tmpfs) FSES="tmpfs" ;;
disk) FSES="disk" ;;
both) FSES="tmpfs disk" ;;
*) die "BENCH_FS must be tmpfs, disk or both" ;;
esac

DRYRUN=${BENCH_DRYRUN:-1}
case $DRYRUN in
0 | 1 | only) ;;
*) die "BENCH_DRYRUN must be 0, 1 or only" ;;
esac
TINY_COUNT=${BENCH_TINY_COUNT:-2000}
posint "$TINY_COUNT" || die "BENCH_TINY_COUNT must be a positive integer"
TMPFS_PARENT=${BENCH_TMPFS_DIR:-/dev/shm}
DISK_PARENT=${BENCH_DISK_DIR:-$here/out}
OUTDIR=$here/out
LAST=$OUTDIR/last.md
TIME=/usr/bin/time

[ -x "$TIME" ] || die "$TIME not found (install the 'time' package)"
command -v python3 >/dev/null || die "python3 not found"
mkdir -p "$OUTDIR" || die "cannot create $OUTDIR"

# ---------------------------------------------------------------- scratch

# Only directories this script created with mktemp are ever removed.
SCRATCH=()
cleanup() {
	local d
	for d in "${SCRATCH[@]}"; do
		case $d in
		*/sw-rmtree-bench.??????*) [ -d "$d" ] && rm -rf -- "$d" ;;
		esac
	done
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM HUP

mkscratch() { # PARENT -> prints the new directory
	local d
	mkdir -p -- "$1" || return 1
	d=$(mktemp -d -- "$1/sw-rmtree-bench.XXXXXX") || return 1
	printf '%s\n' "$d"
}

WORK=$(mkscratch "${TMPDIR:-/tmp}") || die "cannot create a work directory"
SCRATCH+=("$WORK")
declare -A FSDIR FSDESC
for fs in $FSES; do
	case $fs in
	tmpfs) parent=$TMPFS_PARENT ;;
	disk) parent=$DISK_PARENT ;;
	esac
	for old in "$parent"/sw-rmtree-bench.??????; do
		[ -d "$old" ] && warn "note: $old is left over from an earlier run that was killed; remove it by hand"
	done
	d=$(mkscratch "$parent") || die "cannot create a scratch directory under $parent"
	SCRATCH+=("$d")
	FSDIR[$fs]=$d
	type=$(stat -f -c %T -- "$d") || type=unknown
	FSDESC[$fs]="$parent ($type)"
	# ext4: mark the scratch directory as a top of hierarchy (chattr +T), so
	# that each tree made in it is placed by the Orlov allocator like a new
	# top-level directory, in a group of its own.  Without it every tree
	# lands in the inode group its predecessor has just freed, and on an
	# ext4 without a journal creating inodes there is very slow (the
	# allocator skips inodes deleted in the last minute, one by one).
	# This affects only the generation, not what is timed.
	if [ "$fs" = disk ] && [ "$type" = ext2/ext3 ] &&
		chattr +T -- "$d" 2>/dev/null; then
		FSDESC[$fs]="$parent ($type, TOPDIR)"
	fi
	case $fs/$type in
	tmpfs/tmpfs | disk/ext2/ext3 | disk/xfs | disk/btrfs) ;;
	tmpfs/*) warn "warning: $parent is $type, not tmpfs" ;;
	disk/tmpfs | disk/ramfs) warn "warning: $parent is $type, not a disk" ;;
	esac
done

# Make sure the generator builds before anything is timed.
"$GEN" --helper >/dev/null || die "cannot build the tree generator"

# ---------------------------------------------------------------- contenders

# ids, in the order of the table; labels for humans
CONTENDERS="sw swj1 rm find py"
declare -A LABEL=(
	[sw]="sw-rmtree"
	[swj1]="sw-rmtree -j1"
	[rm]="rm -rf"
	[find]="find -delete"
	[py]="shutil.rmtree"
	[swn]="sw-rmtree --dry-run"
	[findp]="find -printf"
)
PYCODE='import shutil,sys; shutil.rmtree(sys.argv[1])'

# contender_cmd ID DIR: sets CMD to the argument vector
contender_cmd() {
	case $1 in
	sw) CMD=("$BIN" "$2") ;;
	swj1) CMD=("$BIN" -j1 "$2") ;;
	rm) CMD=(rm -rf "$2") ;;
	find) CMD=(find "$2" -delete) ;;
	py) CMD=(python3 -c "$PYCODE" "$2") ;;
	swn) CMD=("$BIN" --dry-run "$2") ;;
	findp) CMD=(find "$2" -printf '%s %p\n') ;;
	esac
}

is_ours() { case $1 in sw | swj1 | swn) return 0 ;; esac; return 1; }

# ---------------------------------------------------------------- helpers

START=$EPOCHSECONDS
TRIMMED=0
# rounds_for FS: set NROUNDS to how many rounds the next block asks for
rounds_for() {
	NROUNDS=$ROUNDS
	[ "$1" = disk ] && NROUNDS=$DISK_ROUNDS
}

# over_budget ROUND: true (and say so once) when round number ROUND (from 0)
# should not start because the time budget is used up
over_budget() {
	[ "$BUDGET" != 0 ] && [ "$1" -gt 0 ] && [ $((EPOCHSECONDS - START)) -ge "$BUDGET" ] || return 1
	if [ "$TRIMMED" = 0 ]; then
		warn "BENCH_BUDGET of $BUDGET s used up: one round only from now on"
	fi
	TRIMMED=1
}

FAILED_OURS=0
CONT=0 # 1: the progress line was broken by a failure report
FAILED_REF=0

now_us() { local t=$EPOCHREALTIME; printf '%s\n' "${t//[!0-9]/}"; }

# us_to_s MICROSECONDS -> seconds with 3 decimals
us_to_s() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'; }

is_real() { case " $REAL_SHAPES " in *" $1 "*) return 0 ;; esac; return 1; }

# gen SHAPE DIR -> sets GEN_SUMMARY, GEN_US; dies on failure, but returns
# 3 when a real tree cannot be fetched (no network, say)
gen() {
	local t0 t1 out rc=0
	t0=$(now_us)
	if is_real "$1"; then
		out=$("$REAL" "$1" "$2") || rc=$?
		[ "$rc" = 3 ] && return 3
		[ "$rc" = 0 ] || die "copying the real tree $1 to $2 failed"
	else
		out=$("$GEN" "$1" "$2") || die "generating $1 in $2 failed"
	fi
	t1=$(now_us)
	GEN_SUMMARY=${out#*: }
	GEN_US=$((t1 - t0))
}

# timed ID DIR RESULTFILE: run contender ID on DIR under GNU time, append
# "wall user sys rss rc" to RESULTFILE.  wall is measured here with
# EPOCHREALTIME (microseconds), the rest comes from GNU time.  Sets RC.
timed() {
	local id=$1 dir=$2 res=$3 t0 t1 line
	contender_cmd "$id" "$dir"
	: >"$WORK/time.out"
	t0=$(now_us)
	"$TIME" -f '%e %U %S %M' -o "$WORK/time.out" "${CMD[@]}" \
		>"$WORK/cmd.out" 2>"$WORK/cmd.err" </dev/null
	RC=$?
	t1=$(now_us)
	line=$(tail -n 1 "$WORK/time.out")
	set -- $line
	if [ $# -ne 4 ]; then
		set -- nan nan nan 0
	fi
	echo "$(us_to_s $((t1 - t0))) $2 $3 $4 $RC" >>"$res"
	LAST_WALL=$(us_to_s $((t1 - t0)))
}

# failed ID MESSAGE: report a failed run loudly
failed() {
	local id=$1
	shift
	{
		echo
		echo "run.sh: *** FAIL: ${LABEL[$id]}: $*"
		echo "run.sh: ***   command: ${CMD[*]}"
		if [ -s "$WORK/cmd.err" ]; then
			echo "run.sh: ***   its stderr (last lines):"
			tail -n 5 "$WORK/cmd.err" | sed 's/^/run.sh: ***     /'
		fi
	} >&2
	CONT=1
	if is_ours "$id"; then
		FAILED_OURS=$((FAILED_OURS + 1))
	else
		FAILED_REF=$((FAILED_REF + 1))
	fi
	NOTES+=("${LABEL[$id]}: $*")
}

# mark the last line of RESULTFILE as failed (rc field := "F")
mark_failed() { sed -i '$ s/[^ ]*$/F/' "$1"; }

count_entries() { find "$1" 2>/dev/null | wc -l; }

# ---------------------------------------------------------------- tables

# stats RESULTFILE -> "ok total med_wall med_user med_sys max_rss_kib"
# (failed runs, rc field "F", are left out of the statistics)
stats() {
	awk '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) {      # insertion sort, n is small
			t = a[i]
			for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
			a[j + 1] = t
		}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ total++ }
	$5 != "F" {
		ok++; w[ok] = $1; u[ok] = $2; s[ok] = $3
		if ($4 + 0 > rss) rss = $4 + 0
	}
	END {
		if (ok == 0) { printf "0 %d - - - -\n", total; exit }
		printf "%d %d %.3f %.2f %.2f %d\n", ok, total, median(w, ok), median(u, ok), median(s, ok), rss
	}' "$1"
}

# table TITLE INFO BASE_ID ID... : print a markdown table (results in
# $RES/ID), ratio against BASE_ID
table() {
	local title=$1 info=$2 base=$3 id st basewall ratio rss
	shift 3
	st=$(stats "$RES/$base")
	basewall=$(echo "$st" | awk '{print $3}')
	{
		echo
		echo "### $title"
		echo
		echo "$info"
		echo
		echo "| contender | ok | wall s (median) | user s (median) | sys s (median) | peak RSS MiB (max) | wall / ${LABEL[$base]} |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
		for id; do
			# shellcheck disable=SC2046 # split the fields on purpose
			set -- $(stats "$RES/$id")
			if [ "$1" -eq 0 ]; then
				echo "| ${LABEL[$id]} | 0/$2 | FAIL | - | - | - | - |"
				continue
			fi
			rss=$(awk -v k="$6" 'BEGIN { printf "%.1f", k / 1024 }')
			ratio=$(awk -v a="$3" -v b="$basewall" \
				'BEGIN { if (b == "-" || b + 0 <= 0) print "-"; else printf "%.2f", a / b }')
			echo "| ${LABEL[$id]} | $1/$2 | $3 | $4 | $5 | $rss | $ratio |"
		done
		if [ ${#NOTES[@]} -gt 0 ]; then
			echo
			printf -- '- failure: %s\n' "${NOTES[@]}" | sort | uniq -c |
				sed 's/^ *\([0-9]*\) - failure: \(.*\)/- FAILED \1x: \2/'
		fi
	} | tee -a "$LAST"
}

# ---------------------------------------------------------------- benches

# bench_remove FS SHAPE
bench_remove() {
	local fs=$1 shape=$2 dir=${FSDIR[$1]} tree r k n id left rounds gens=()
	# shellcheck disable=SC2206 # a fixed list of words
	local ids=($CONTENDERS)
	RES=$WORK/res.$fs.$shape
	mkdir -p "$RES" && rm -f "$RES"/*
	NOTES=()
	n=${#ids[@]}
	rounds_for "$fs"
	rounds=$NROUNDS
	echo "run.sh: $shape on $fs: $rounds rounds x $n contenders" >&2
	for ((r = 0; r < rounds; r++)); do
		if over_budget "$r"; then
			rounds=$r
			break
		fi
		printf 'run.sh:   round %d:' $((r + 1)) >&2
		CONT=0
		# rotate the order each round so that no contender always goes first
		for ((k = 0; k < n; k++)); do
			id=${ids[$(((r + k) % n))]}
			# a new name each time (see chattr +T above)
			tree=$dir/$shape.$r.$id
			if ! gen "$shape" "$tree"; then
				warn "$shape is not available here: skipped (see above)"
				return 0
			fi
			gens+=("$GEN_US")
			sync
			[ "$CONT" = 1 ] && printf 'run.sh:     ...' >&2
			timed "$id" "$tree" "$RES/$id"
			printf ' %s %ss' "${LABEL[$id]}" "$LAST_WALL" >&2
			CONT=0
			if [ -e "$tree" ] || [ -L "$tree" ]; then
				left=$(count_entries "$tree")
				failed "$id" "left $left entries of $shape on $fs behind (exit $RC)"
				mark_failed "$RES/$id"
				rm -rf -- "$tree"
				if [ -e "$tree" ] || [ -L "$tree" ]; then
					die "cannot clean up $tree"
				fi
			elif [ "$RC" -ne 0 ]; then
				failed "$id" "exit status $RC on $shape on $fs (tree is gone)"
				mark_failed "$RES/$id"
			fi
			sync
		done
		[ "$CONT" = 1 ] || echo >&2
	done
	gmed=$(printf '%s\n' "${gens[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)] / 1e6}')
	table "$shape on $fs" \
		"Tree: $GEN_SUMMARY. Scratch: ${FSDESC[$fs]}. Rounds: $rounds. Generating a tree took ${gmed} s (median)." \
		rm $CONTENDERS
}

# bench_dryrun FS [SHAPE]: sw-rmtree --dry-run vs find -printf on one tree
# of SHAPE (default src)
bench_dryrun() {
	local fs=$1 shape=${2:-src} dir=${FSDIR[$1]} tree r k id want got rounds ids=(swn findp)
	tree=$dir/$shape.dryrun
	RES=$WORK/res.$fs.dryrun.$shape
	mkdir -p "$RES" && rm -f "$RES"/*
	NOTES=()
	if ! gen "$shape" "$tree"; then
		warn "$shape is not available here: no dry-run comparison on it"
		return 0
	fi
	want=$(count_entries "$tree")
	rounds_for "$fs"
	rounds=$NROUNDS
	echo "run.sh: $shape (dry run) on $fs: $rounds rounds x 2 contenders" >&2
	for ((r = 0; r < rounds; r++)); do
		if over_budget "$r"; then
			rounds=$r
			break
		fi
		printf 'run.sh:   round %d:' $((r + 1)) >&2
		CONT=0
		for ((k = 0; k < 2; k++)); do
			id=${ids[$(((r + k) % 2))]}
			sync
			[ "$CONT" = 1 ] && printf 'run.sh:     ...' >&2
			timed "$id" "$tree" "$RES/$id"
			printf ' %s %ss' "${LABEL[$id]}" "$LAST_WALL" >&2
			CONT=0
			got=$(count_entries "$tree")
			if [ "$got" != "$want" ]; then
				failed "$id" "the tree changed during a dry run: $want entries before, $got after"
				mark_failed "$RES/$id"
				rm -rf -- "$tree"
				gen "$shape" "$tree" || return 0
			elif [ "$RC" -ne 0 ]; then
				failed "$id" "exit status $RC on $shape on $fs"
				mark_failed "$RES/$id"
			fi
		done
		[ "$CONT" = 1 ] || echo >&2
	done
	rm -rf -- "$tree"
	sync
	table "$shape on $fs: listing without removing" \
		"Tree: $GEN_SUMMARY. Scratch: ${FSDESC[$fs]}. Rounds: $rounds, on one tree (warm cache); both write their listing to one file in ${TMPDIR:-/tmp}." \
		findp swn findp
}

# tiny_build DIR N: N trees DIR/t0 ... DIR/tN-1, each of 10 entries (the
# tree, directories a and b in it, files f1 f2 f3 in the tree and f1 f2 in
# a and in b), made by a few processes for all N
tiny_build() {
	local dir=$1 n=$2
	mkdir -p -- "$dir" || return 1
	awk -v d="$dir" -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "%s/t%d\n%s/t%d/a\n%s/t%d/b\n", d, i, d, i, d, i
	}' | xargs -d '\n' mkdir -- || return 1
	awk -v d="$dir" -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "%s/t%d/f1\n%s/t%d/f2\n%s/t%d/f3\n%s/t%d/a/f1\n%s/t%d/a/f2\n%s/t%d/b/f1\n%s/t%d/b/f2\n",
				d, i, d, i, d, i, d, i, d, i, d, i, d, i
	}' | xargs -d '\n' touch -- || return 1
}

# tiny_timed ID DIR N RESULTFILE: remove DIR/t0 ... DIR/tN-1 with contender
# ID, one process each, in one bash loop under GNU time; append "wall user
# sys rss rc" (rc: how many removals failed) to RESULTFILE.  Sets RC.
tiny_timed() {
	local id=$1 dir=$2 n=$3 res=$4 t0 t1 line
	contender_cmd "$id" ""
	CMD=("${CMD[@]:0:${#CMD[@]}-1}")   # without the (empty) DIR at the end
	: >"$WORK/time.out"
	t0=$(now_us)
	# shellcheck disable=SC2016 # for the inner bash
	"$TIME" -f '%e %U %S %M' -o "$WORK/time.out" bash -c '
		d=$1 n=$2 f=0
		shift 2
		for ((i = 0; i < n; i++)); do
			"$@" "$d/t$i" || f=$((f + 1))
		done
		exit $((f > 125 ? 125 : f))' tiny "$dir" "$n" "${CMD[@]}" \
		>"$WORK/cmd.out" 2>"$WORK/cmd.err" </dev/null
	RC=$?
	t1=$(now_us)
	line=$(tail -n 1 "$WORK/time.out")
	set -- $line
	if [ $# -ne 4 ]; then
		set -- nan nan nan 0
	fi
	echo "$(us_to_s $((t1 - t0))) $2 $3 $4 $RC" >>"$res"
	LAST_WALL=$(us_to_s $((t1 - t0)))
}

# tiny_table TITLE INFO N ID...: the tiny trees' table, ratios of wall and
# of system time against rm -rf (results in $RES/ID)
tiny_table() {
	local title=$1 info=$2 n=$3 id base
	shift 3
	base=$(stats "$RES/rm")
	{
		echo
		echo "### $title"
		echo
		echo "$info"
		echo
		echo "| contender | ok | wall s, $n removals (median) | ms per removal | user s (median) | sys s (median) | wall / rm -rf | sys / rm -rf |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
		for id; do
			# shellcheck disable=SC2046 # split the fields on purpose
			set -- $(stats "$RES/$id") $base
			if [ "$1" -eq 0 ]; then
				echo "| ${LABEL[$id]} | 0/$2 | FAIL | - | - | - | - | - |"
				continue
			fi
			awk -v l="${LABEL[$id]}" -v ok="$1/$2" -v w="$3" -v u="$4" -v s="$5" \
				-v n="$n" -v bw="$9" -v bs="${11}" 'BEGIN {
				rw = (bw == "-" || bw + 0 <= 0) ? "-" : sprintf("%.2f", w / bw)
				rs = (bs == "-" || bs + 0 <= 0) ? "-" : sprintf("%.2f", s / bs)
				printf "| %s | %s | %.3f | %.2f | %.2f | %.2f | %s | %s |\n",
					l, ok, w, w * 1000 / n, u, s, rw, rs
			}'
		done
		if [ ${#NOTES[@]} -gt 0 ]; then
			echo
			printf -- '- failure: %s\n' "${NOTES[@]}" | sort | uniq -c |
				sed 's/^ *\([0-9]*\) - failure: \(.*\)/- FAILED \1x: \2/'
		fi
	} | tee -a "$LAST"
}

# bench_tiny FS: TINY_COUNT removals of a 10-entry tree per contender and
# round, each by a process of its own, as a build system's clean step or a
# test suite makes them: what costs here is start-up and fixed work.
bench_tiny() {
	local fs=$1 dir=${FSDIR[$1]} trees r k n id left rounds t0 gens=()
	local ids=(sw swj1 rm)
	RES=$WORK/res.$fs.tiny
	mkdir -p "$RES" && rm -f "$RES"/*
	NOTES=()
	n=${#ids[@]}
	rounds_for "$fs"
	rounds=$NROUNDS
	echo "run.sh: tiny on $fs: $rounds rounds x $n contenders x $TINY_COUNT removals" >&2
	for ((r = 0; r < rounds; r++)); do
		if over_budget "$r"; then
			rounds=$r
			break
		fi
		printf 'run.sh:   round %d:' $((r + 1)) >&2
		CONT=0
		for ((k = 0; k < n; k++)); do
			id=${ids[$(((r + k) % n))]}
			trees=$dir/tiny.$r.$id
			t0=$(now_us)
			tiny_build "$trees" "$TINY_COUNT" || die "cannot build the tiny trees in $trees"
			gens+=($(($(now_us) - t0)))
			sync
			[ "$CONT" = 1 ] && printf 'run.sh:     ...' >&2
			tiny_timed "$id" "$trees" "$TINY_COUNT" "$RES/$id"
			printf ' %s %ss' "${LABEL[$id]}" "$LAST_WALL" >&2
			CONT=0
			left=$(find "$trees" -mindepth 1 -maxdepth 1 | wc -l)
			if [ "$left" -ne 0 ]; then
				failed "$id" "left $left of $TINY_COUNT tiny trees on $fs behind ($RC removals failed)"
				mark_failed "$RES/$id"
			elif [ "$RC" -ne 0 ]; then
				failed "$id" "$RC removals of tiny trees on $fs exited non-zero (the trees are gone)"
				mark_failed "$RES/$id"
			fi
			rm -rf -- "$trees"
			[ -e "$trees" ] && die "cannot clean up $trees"
			sync
		done
		[ "$CONT" = 1 ] || echo >&2
	done
	gmed=$(printf '%s\n' "${gens[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)] / 1e6}')
	tiny_table "tiny trees on $fs" \
		"Trees: $TINY_COUNT per contender and round, 10 entries each (3 dirs, 7 empty files), removed one per process by a bash loop whose own fork and exec are in every row's times. Scratch: ${FSDESC[$fs]}. Rounds: $rounds. Building the $TINY_COUNT trees took ${gmed} s (median)." \
		"$TINY_COUNT" sw swj1 rm
}

# ---------------------------------------------------------------- main

start=$(now_us)
{
	echo "# sw-rmtree benchmark"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "- machine: $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM"
	echo "- sw-rmtree: $BIN ($("$BIN" --version 2>/dev/null | head -n 1 || true))$BIN_NOTE"
	echo "- reference: $(rm --version | head -n 1), $(find --version | head -n 1), $(python3 --version 2>&1)"
	echo "- rounds: $ROUNDS on tmpfs, $DISK_ROUNDS on disk; budget: $BUDGET s; shapes: $SHAPES; filesystems: $FSES"
	echo "- wall: median of the runs, timed by run.sh around the command (includes /usr/bin/time's own start, ~1 ms);"
	echo "  user/sys: median, from GNU time; peak RSS: maximum over the runs; ratio: median wall / the reference's median wall."
} | tee "$LAST"

for fs in $FSES; do
	for shape in $SHAPES; do
		case $DRYRUN:$shape in
		only:*) ;;
		*:tiny) bench_tiny "$fs" ;;
		*) bench_remove "$fs" "$shape" ;;
		esac
	done
	if [ "$DRYRUN" != 0 ]; then
		for shape in src linux; do
			case " $SHAPES " in
			*" $shape "*) bench_dryrun "$fs" "$shape" ;;
			esac
		done
	fi
done

{
	echo
	echo "Total benchmark time: $(us_to_s $(($(now_us) - start))) s." \
		"Failed runs: sw-rmtree $FAILED_OURS, reference tools $FAILED_REF."
	if [ "$TRIMMED" = 1 ]; then
		echo "The time budget (BENCH_BUDGET=$BUDGET s) ran out: later shapes got one round only."
	fi
} | tee -a "$LAST"
echo "run.sh: results written to $LAST" >&2

[ "$FAILED_OURS" -eq 0 ] || exit 1
exit 0
