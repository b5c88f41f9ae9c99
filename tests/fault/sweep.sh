#!/bin/bash
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# tests/fault/sweep.sh - the body of tests/cli/fault-sweep.sh.  Never run
# it by hand outside the sandbox: fault-sweep.sh starts it through
# lib.sh's sandbox_exec, where only the scratch directory is writable.
#
# Environment (set by fault-sweep.sh):
#   FS_DIR      the scratch directory ($T), also the working directory
#   FS_BIN      the real sw-rmtree binary (not libtool's wrapper script)
#   FS_LIBDIR   where its libswrmtree.so is (may be empty)
#   FS_SHIM     tests/fault/.libs/libfault.so
#   FS_FUNCS    functions to sweep ("fstatat" runs with statx failing ENOSYS)
#   FS_ERRNOS   errno names
#   FS_SAMPLES  calls tried per function, errno and mode (all when fewer)
#   FS_FULL     1: every call, no sampling
#   FS_EVERY    N: run the 1st, (N+1)th, (2N+1)th... case of the sample
#               only (default 1: all of them)
#   FS_WRAPPER  a command put before the binary (valgrind ...), may be empty
#   FS_VERBOSE  1: print every case
# Layout under FS_DIR: tpl/tree (the template tree), outside/ (targets of
# links from the tree), w/ (the run's parent: w/tree and w/sentinel; a
# tmpfs when one can be mounted, so that copying the tree is cheap).
#
# Each case copies the template to w/tree, runs
#   sw-rmtree -j1 [--dry-run] w/tree   (or, real runs, several PATHs: $multi_paths)
# with FAULT_CALL/FAULT_N/FAULT_ERRNO set for the shim, and checks: exit
# status 0, 1 or 2 (never a signal, never the timeout); the fault was
# injected; no path named twice in messages; nothing outside w/tree changed;
# the descriptors open at exit are those open at start; a dry run changed
# nothing and, when it exits 0, listed the whole tree; a real run that
# exits 0 removed the tree; a non-zero exit says why on stderr; with EINTR
# (failed once) the run succeeds as if nothing happened.  One FAIL line per
# failing case, with the settings that reproduce it.
set -u
export LC_ALL=C

cd "$FS_DIR" || exit 1
: "${FS_SAMPLES:=4}" "${FS_FULL:=0}" "${FS_WRAPPER:=}" "${FS_VERBOSE:=0}" "${FS_EVERY:=1}"

# We are in a private mount namespace: this tmpfs goes away with it.
mount -t tmpfs -o size=64m,mode=0755 swrmtree-fault w 2>/dev/null ||
	echo "note: no tmpfs for w/, copying the tree on $(stat -f -c %T .)"
printf 'next to the tree\n' >w/sentinel || exit 1
mkdir -p tmp || exit 1     # TMPDIR: valgrind writes there; /tmp is read-only

failures=0
cases=0
sampled=0       # cases of the sample, run or left out by FS_EVERY
shown=0

# Snapshots: what must never change, and the tree as the template has it.
snap_outside()
{
	find outside w -path w/tree -prune -o ! -path w \
		-printf '%p %y %s %m %n %i %T@ %l\n' | sort
}

snap_tree()
{
	(cd "$1" && find tree -type d -printf '%p d %m %n\n' -o \
		-printf '%p %y %s %m %n %l\n' | sort)
}

dirty=1         # w/tree is not known to be an intact copy
fresh_tree()
{
	rm -rf w/tree && cp -R --preserve=mode,links tpl/tree w/tree
	dirty=0
}

fresh_tree
outside_before=$(snap_outside)
tree_before=$(snap_tree w)
nentries=$(find tpl/tree -printf . | wc -c)

# The PATHs of a "multi" run: files in four directories, then the tree.
# Each PATH is resolved by the guards before the first removal; more
# parents than are held (three) means the last ones are opened again and
# identity-checked at their turn (SPEC: Guards 8): those paths get faults
# too.  Only real runs: a dry run would plan the files twice.
multi_paths="w/tree/a/b/c/d/x w/tree/a/b/c/x w/tree/a/b/x w/tree/g/h/x w/tree"

# sw_run MODE [VAR=VALUE...]: run the binary on w/tree with the shim
# (MODE real, dry, or multi: a real run on $multi_paths);
# output in .c-out/.c-err, shim report in .c-rep, exit status in $rc.
sw_run()
{
	local mode=$1 dry='' paths=w/tree
	shift
	[ "$mode" = dry ] && dry=--dry-run
	[ "$mode" = multi ] && paths=$multi_paths
	rm -f .c-rep
	# shellcheck disable=SC2086  # FS_WRAPPER is a command line
	timeout -k 5 20 env \
		${FS_LIBDIR:+LD_LIBRARY_PATH=$FS_LIBDIR} \
		LD_PRELOAD="$FS_SHIM" FAULT_EXE=sw-rmtree FAULT_REPORT="$FS_DIR/.c-rep" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		HOME="$FS_DIR/home" XDG_CONFIG_HOME="$FS_DIR/xdg" TMPDIR="$FS_DIR/tmp" "$@" \
		$FS_WRAPPER "$FS_BIN" -j1 $dry $paths >.c-out 2>.c-err </dev/null
	rc=$?
	[ "$mode" = dry ] || dirty=1
}

# count TAG FUNC: calls of FUNC in the counting run TAG.
count()
{
	awk -v f="$2" '$1 == "call" && $2 == f { print $3 }' ".count-$1"
}

# The first lines of the case's output, for the first few failures.
show()
{
	local f
	[ "$shown" -lt 5 ] || return 0
	shown=$((shown + 1))
	for f in .c-out .c-err .c-rep; do
		[ -s "$f" ] || continue
		printf -- '--- %s:\n' "$f" >&2
		head -n 20 "$f" | cat -A >&2
	done
}

problems=
bad()
{
	problems="$problems${problems:+; }$*"
}

# ---- the counting runs -----------------------------------------------------

baseline()
{
	local mode=$1 tag=$2
	shift 2
	fresh_tree
	sw_run "$mode" "$@"
	if [ "$rc" != 0 ] || [ ! -s .c-rep ]; then
		echo "FAIL: counting run $tag: exit status $rc (or no shim report)" >&2
		show
		exit 1
	fi
	cp .c-rep ".count-$tag"
	if [ "$mode" = dry ]; then
		if [ "$(snap_tree w)" != "$tree_before" ]; then
			echo "FAIL: counting run $tag: the dry run changed the tree" >&2
			exit 1
		fi
		if [ "$(wc -l <.c-out)" -ne "$nentries" ]; then
			echo "FAIL: counting run $tag: $(wc -l <.c-out) of $nentries entries listed" >&2
			exit 1
		fi
		cp .c-out ".list-$tag"
	elif [ -e w/tree ]; then
		echo "FAIL: counting run $tag: w/tree is still there" >&2
		exit 1
	fi
}

baseline real real
baseline dry dry
baseline multi multi
baseline real real-nostatx FAULT_NOSTATX=1
baseline dry dry-nostatx FAULT_NOSTATX=1

# ---- one case ----------------------------------------------------------------

# What the report and the messages say, in one awk: the fault was hit, the
# same descriptors at start and exit, no sanitizer or valgrind report,
# every message names its path ("sw-rmtree: VERB 'PATH': REASON"; only
# running out of memory ends the run with a message of its own), and no
# path twice in such lines (the quoted path ends at the last "': " or
# "\": ").
check_files()
{
	awk '
	FILENAME ~ /rep$/ && $1 == "fault" { hit = ($NF == "hit") }
	FILENAME ~ /rep$/ && $1 == "fds_start" { $1 = ""; s = $0 }
	FILENAME ~ /rep$/ && $1 == "fds_end" { $1 = ""; e = $0 }
	FILENAME ~ /err$/ && /Sanitizer|runtime error:|^==[0-9]+==/ { san = 1 }
	FILENAME ~ /err$/ && /^sw-rmtree: (cannot remove|skipping|refusing to remove) [\047"$]/ {
		k = 0
		for (i = 1; i <= length($0) - 2; i++)
			if (substr($0, i, 3) == "\047: " || substr($0, i, 3) == "\": ")
				k = i
		key = substr($0, 1, k)
		if (seen[key]++ == 1)
			dup = dup " " substr(key, index(key, "\047"))
	}
	FILENAME ~ /err$/ && /^sw-rmtree: / && !/^sw-rmtree: Cannot allocate memory$/ &&
	    !/^sw-rmtree: (cannot remove|skipping|refusing to remove) [\047"$]/ {
		if (pathless == "") pathless = $0
	}
	END {
		if (pathless != "") print "a message names no path: " pathless
		if (!hit) print "the fault was not injected"
		if (s != e) print "descriptor leak: at start" s ", at exit" e
		if (san) print "sanitizer or valgrind report"
		if (dup != "") print "reported more than once:" dup
	}' .c-rep .c-err
}

check_case()
{
	local mode=$1 errno=$2 msg

	case $rc in
	0 | 1 | 2) ;;
	124 | 137) bad "hung (killed by timeout, exit status $rc)"; return ;;
	*) bad "exit status $rc"; return ;;
	esac
	if [ ! -s .c-rep ]; then
		bad "no shim report (did the program exit normally?)"
		return
	fi
	while IFS= read -r msg; do
		bad "$msg"
	done <<EOF
$(check_files)
EOF
	[ "$(snap_outside)" = "$outside_before" ] ||
		bad "something outside w/tree changed"
	# Messages other than the dry run's summary line.
	msg=$(grep -v '^would remove ' .c-err | head -n 1)
	if [ "$mode" = dry ]; then
		[ "$(snap_tree w)" = "$tree_before" ] ||
			{ bad "the dry run changed the tree"; dirty=1; }
		[ "$rc" != 0 ] || cmp -s .c-out ".list-$tag" ||
			bad "exit status 0 but the listing is not the whole tree"
	elif [ "$rc" = 0 ] && [ -e w/tree ]; then
		bad "exit status 0 but w/tree is still there"
	fi
	[ "$rc" = 0 ] || [ -n "$msg" ] || bad "exit status $rc and no message"
	if [ "$errno" = EINTR ]; then
		[ "$rc" = 0 ] || bad "EINTR (once) was not retried: exit status $rc"
		[ "$mode" = dry ] || [ ! -e w/tree ] || bad "EINTR: w/tree is still there"
		[ -z "$msg" ] || bad "EINTR: message: $msg"
	fi
}

# samples C OFF: the calls to try among 1..C.
samples()
{
	local c=$1 off=$2 s=$FS_SAMPLES stride k n
	if [ "$FS_FULL" = 1 ] || [ "$c" -le "$s" ]; then
		seq 1 "$c"
		return
	fi
	# First and last call, and an even spread whose phase moves with
	# the errno, so that the errnos together try many different calls.
	stride=$((c / s))
	{
		echo 1
		echo "$c"
		k=0
		while [ $k -lt "$s" ]; do
			n=$((1 + k * stride + off % stride))
			[ "$n" -le "$c" ] && echo "$n"
			k=$((k + 1))
		done
	} | sort -n -u
}

for func in $FS_FUNCS; do
	for mode in real dry multi; do
		tag=$mode
		extra=
		if [ "$func" = fstatat ]; then
			[ "$mode" = multi ] && continue
			tag=$mode-nostatx
			extra=FAULT_NOSTATX=1
		fi
		c=$(count "$tag" "$func")
		if [ -z "$c" ] || [ "$c" = 0 ]; then
			echo "$func ($mode run): never called"
			continue
		fi
		eidx=0
		for errno in $FS_ERRNOS; do
			eidx=$((eidx + 1))
			for n in $(samples "$c" $((eidx * 3 + ${#mode}))); do
				sampled=$((sampled + 1))
				[ $(((sampled - 1) % FS_EVERY)) = 0 ] || continue
				case_name="FAULT_CALL=$func FAULT_N=$n FAULT_ERRNO=$errno${extra:+ $extra} ($mode run)"
				if [ "$mode" != dry ] || [ "$dirty" = 1 ]; then
					fresh_tree
				fi
				# shellcheck disable=SC2086
				sw_run "$mode" FAULT_CALL="$func" FAULT_N="$n" \
					FAULT_ERRNO="$errno" $extra
				cases=$((cases + 1))
				[ "$FS_VERBOSE" = 1 ] && echo "$case_name: exit $rc"
				problems=
				check_case "$mode" "$errno"
				if [ -n "$problems" ]; then
					failures=$((failures + 1))
					printf 'FAIL: %s: %s\n' "$case_name" "$problems" >&2
					show
				fi
			done
		done
		echo "$func ($mode run): $c calls"
	done
done
if [ "$FS_EVERY" != 1 ]; then
	echo "$cases of $sampled cases (FAULT_EVERY=$FS_EVERY), $failures failures"
else
	echo "$cases cases, $failures failures"
fi
[ "$failures" = 0 ]
