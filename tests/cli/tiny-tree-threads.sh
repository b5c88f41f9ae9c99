#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Workers start only when there is work to share: removing a tree of 10
# entries (the root, 2 directories below it, 7 files) with the default -j
# creates no thread at all; the calling thread does it alone.  With -j8
# given, work is shared from the start (sw-rmtree(1)), but no more threads
# start than there are directories to hand over (2; 3 under TSan, below).
# Each run happens twice, on the scratch directory's file system (where
# the default -j is 16 per CPU unless that is a tmpfs) and on a tmpfs
# mounted in the sandbox (one per CPU).  The threads are counted by the
# fault shim ("threads" in its report: successful pthread_create calls,
# tests/fault/README).  So that a count of 0 means something, a tree with
# work to share, 200 directories of 20 files, removed with -j4, must create
# threads.  Every run must exit 0 and remove its tree.  (Under
# ThreadSanitizer the count includes the runtime's own background thread,
# which it starts along with the program's first: a run that starts none
# still counts 0.)
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "counts the threads a run creates with an LD_PRELOAD shim"

use_shim
sandbox_check || skip "no mount namespace: $_swrmtree_why"
mkdir disk m || fail "mkdir"

cat >inner.sh <<'EOS'
# SPDX-License-Identifier: MIT
# Inside the sandbox: "run LABEL RC GONE THREADS FDS_PEAK" per run.
. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 98
mount_tmpfs -o mode=0755 "$T/m"

# tiny DIR: the 10-entry tree.
tiny()
{
	mkdir -p "$1/a" "$1/b" && : >"$1/f1" && : >"$1/f2" && : >"$1/f3" &&
		: >"$1/a/f1" && : >"$1/a/f2" && : >"$1/b/f1" && : >"$1/b/f2"
}

# many DIR: 200 directories of 20 files.
many()
{
	mkdir "$1" && (cd "$1" && seq -f d%g 1 200 | xargs mkdir &&
		for d in d*; do (cd "$d" && seq -f f%g 1 20 | xargs touch) || exit 1; done)
}

# one LABEL DIR ARG...: remove DIR with the shim.
one()
{
	label=$1 dir=$2
	shift 2
	rm -f "$T/rep"
	timeout -k 10 "$TIMEOUT" env \
		${SHIM_LIBDIR:+LD_LIBRARY_PATH=$SHIM_LIBDIR} \
		LD_PRELOAD="$SHIM" FAULT_EXE=sw-rmtree FAULT_REPORT="$T/rep" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$SHIM_BIN" "$@" "$dir" >/dev/null 2>"$T/err.$label" </dev/null
	rc=$?
	gone=yes
	if [ -e "$dir" ] || [ -L "$dir" ]; then gone=no; fi
	threads=$(awk '$1 == "threads" { print $2 }' "$T/rep" 2>/dev/null)
	peak=$(awk '$1 == "fds_peak" { print $2 }' "$T/rep" 2>/dev/null)
	echo "run $label $rc $gone ${threads:-?} ${peak:-?}"
}

for fs in disk m; do
	tiny "$T/$fs/tiny" || exit 98
	[ "$(find "$T/$fs/tiny" | wc -l)" = 10 ] || exit 98
	one "tiny-default-$fs" "$T/$fs/tiny"
	tiny "$T/$fs/tiny" || exit 98
	one "tiny-j8-$fs" "$T/$fs/tiny" -j8
done
many "$T/m/many" || exit 98
[ "$(find "$T/m/many" | wc -l)" = 4201 ] || exit 98
one many-j4-m "$T/m/many" -j4
exit 0
EOS

sandbox_exec env SHIM="$shim" SHIM_BIN="$shim_bin" SHIM_LIBDIR="$shim_libdir" \
	TIMEOUT="$SWRMTREE_TEST_TIMEOUT" \
	/bin/sh "$T/inner.sh"
[ "$rc" != 98 ] || { _swrmtree_show; fail "could not build the trees"; }
[ "$rc" = 0 ] || { _swrmtree_show; fail "the runs stopped (exit status $rc)"; }
cp "$T/.out" runs || fail "cp"
note "file systems: disk = $(stat -f -c %T "$T/disk"), m = tmpfs"
awk '$1 == "run" { printf "%-18s exit %s, tree gone: %s, threads %s, fds_peak %s\n",
	$2, $3, $4, $5, $6 }' runs

bad=$(awk '$1 == "run" {
	why = ""
	if ($3 != 0) why = why "; exit status " $3
	if ($4 != "yes") why = why "; the tree is left"
	if ($5 == "?") why = why "; no shim report"
	else if ($2 ~ /^tiny-default/ && $5 != 0) why = why "; " $5 " threads for 10 entries"
	else if ($2 ~ /^tiny-j8/ && $5 > 3) why = why "; " $5 " threads for 2 directories"
	else if ($2 ~ /^many/ && $5 == 0) why = why "; no thread for 4,201 entries with -j4 (does the counter work?)"
	if (why != "") print "  " $2 ": " substr(why, 3)
}
END { if (NR == 0) print "  no runs" }' runs)
if [ -n "$bad" ]; then
	printf '%s\n' "$bad" >&2
	for f in err.*; do
		[ -s "$f" ] || continue
		printf -- '--- %s:\n' "$f" >&2
		head -n 3 "$f" >&2
	done
	fail "$(printf '%s\n' "$bad" | wc -l) runs went wrong"
fi
[ "$(grep -c '^run ' runs)" = 5 ] || fail "expected 5 runs, got $(grep -c '^run ' runs)"
exit 0
