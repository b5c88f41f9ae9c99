#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# When memory runs short, fewer workers (down to the calling thread), not
# an aborted run; and the summary and the JSON stream count exactly what
# stayed.  A tree of 10,001 entries (100 directories of 99 files, on the
# scratch directory's file system, where the default -j is 16 per CPU
# unless that is a tmpfs) is removed with --json -v under `ulimit -v L`
# (and `ulimit -s 8192`, so that every thread stack takes 8 MiB of address
# space), with -j64 and with the default -j, for L from 20,000 KiB to
# 600,000 KiB in steps of 20,000: from no room for a second thread to
# room for all 64 stacks.  Where -j1 removes the tree under L, both must:
# exit 0, tree gone.  Whatever happens, the output must agree with the
# tree: the entries with an "error" in the JSON stream are exactly those
# still there (find), the summary's files and directories are exactly the
# entries without one, "failed" is the number of "cannot remove" and
# "skipping" messages (SPEC: one message per root cause), it is 0 exactly
# when nothing stayed, and every message names its path.
#
# Today's code, at some of these limits (on a 2-CPU VM: 60,000, 200,000,
# 340,000, 380,000, 480,000 and 520,000 KiB with -j64; 60,000, 200,000 and
# 520,000 with the default -j; they come back about every 140,000 KiB, two
# malloc arenas and a stack), starts as many workers as fit and then fails
# to allocate: "sw-rmtree: Cannot allocate memory" (or "out of memory"),
# exit 1, thousands of entries left, "failed": 0 and only the top
# directory listed with an error.  -j1 removes the tree under any of them.
#
# Sanitizers and valgrind change how much memory a run maps: skipped there.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "removes a tree under ulimit -v at 30 limits"
! sanitized || skip "sanitizer build: address space use is not the program's"

limits=$(seq 20000 20000 600000)
ndirs=100
nfiles=99
entries=$((1 + ndirs * (1 + nfiles)))

# The real binary, not libtool's wrapper script (whose bash would have to
# start under the limit too).
real_binary
bin=$real_bin
libdir=$real_libdir

cat >wide.c <<'EOC'
/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* wide DIR D F: DIR holding D directories d0... of F empty files f0... */
int main(int argc, char **argv)
{
	char name[32];
	long i, k, nd, nf;
	int fd, dfd, f;

	if (argc != 4)
		return 2;
	nd = atol(argv[2]);
	nf = atol(argv[3]);
	if (mkdir(argv[1], 0755) < 0) {
		perror(argv[1]);
		return 1;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < nd; i++) {
		snprintf(name, sizeof(name), "d%ld", i);
		if (mkdirat(fd, name, 0755) < 0) {
			perror(name);
			return 1;
		}
		dfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd < 0) {
			perror(name);
			return 1;
		}
		for (k = 0; k < nf; k++) {
			snprintf(name, sizeof(name), "f%ld", k);
			f = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (f < 0) {
				perror(name);
				return 1;
			}
			close(f);
		}
		close(dfd);
	}
	close(fd);
	return 0;
}
EOC
cat >wide.py <<'EOP'
# SPDX-License-Identifier: MIT
import os, sys
top, nd, nf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.mkdir(top, 0o755)
for i in range(nd):
    d = os.path.join(top, "d%d" % i)
    os.mkdir(d, 0o755)
    for k in range(nf):
        os.close(os.open(os.path.join(d, "f%d" % k), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
EOP
if ${CC:-cc} -O2 -o wide wide.c 2>/dev/null; then
	wide="$T/wide"
elif command -v python3 >/dev/null 2>&1; then
	wide="python3 $T/wide.py"
else
	skip "neither a C compiler nor python3 to build the tree"
fi

mkdir w || fail "mkdir"
# On ext4, new trees in an inode group of their own: without a journal,
# re-creating entries where some were just removed is many times slower
# (bench/README.md, "Disk caveats").  Elsewhere this changes nothing.
chattr +T w 2>/dev/null || :
fstype=$(stat -f -c %T w)
# One tree is made; each run removes a copy of it made of hard links
# (cp -al): the same entries to unlink, but 101 inodes to allocate per
# copy instead of 10,001, which on a busy ext4 took seconds per tree.
$wide w/tpl "$ndirs" "$nfiles" || fail "cannot build the tree"
[ "$(find w/tpl | wc -l)" = "$entries" ] || fail "the tree is not $entries entries"
if cp -al w/tpl w/probe 2>/dev/null; then
	rm -rf w/probe
	copy="cp -al tpl"
else
	rm -rf w/probe
	copy="$wide"
fi

cat >inner.sh <<'EOS'
# SPDX-License-Identifier: MIT
# Inside the sandbox, in $T/w: for each run one line
#   run JOBS LIMIT RC LEFT FAILED MESSAGES SUMMARY_ENTRIES PROBLEMS...
# (PROBLEMS "-" when the output agrees with what stayed).
limits=$1 copy=$2 timeout=$3 nd=$4 nf=$5
cd "$T/w" || exit 98
n=0

# check NAME: compare the JSON stream in NAME.out, the messages in
# NAME.err and what is left of NAME.
check()
{
	find "$1" 2>/dev/null | sort >"$1.left"
	awk -v name="$1" -v left="$1.left" -v err="$1.err" '
	FILENAME == left { there[$0] = 1; nleft++; next }
	FILENAME == err {
		if (/^sw-rmtree: (cannot remove|skipping) \047/) msgs++
		else if (/^sw-rmtree: / && pathless == "") pathless = $0
		next
	}
	/^\{"summary": / {
		s = $0
		sub(/.*"files": /, "", s); files = s + 0
		s = $0
		sub(/.*"directories": /, "", s); dirs = s + 0
		s = $0
		sub(/.*"failed": /, "", s); failed = s + 0
		summary = 1
		next
	}
	/^\{"path": "/ {
		p = $0
		sub(/^\{"path": "/, "", p)
		sub(/", "type": .*/, "", p)
		if (/"error": /) {
			staying[p] = 1; nstay++
			if (!(p in there)) bad = bad " error-but-gone:" p
		} else {
			going++
			if (p in there) bad = bad " no-error-but-there:" p
		}
		next
	}
	END {
		for (p in there)
			if (!(p in staying) && missing++ < 1) bad = bad " there-but-no-error:" p
		if (!summary) bad = bad " no-summary"
		if (files + dirs != going) bad = bad " summary-" (files + dirs) "-of-" going "-listed-as-gone"
		if (failed != msgs) bad = bad " failed-" failed "-but-" msgs "-messages"
		if ((failed == 0) != (nleft == 0)) bad = bad " failed-" failed "-with-" nleft "-left"
		if (pathless != "") { gsub(/ /, "_", pathless); bad = bad " message-without-path:" pathless }
		printf "%d %d %d %d%s\n", nleft, failed, msgs, files + dirs, bad == "" ? " -" : bad
	}' "$1.left" "$1.err" "$1.out"
}

# one JOBS LIMIT: build a tree, remove it under the limit, check.
one()
{
	n=$((n + 1))
	t=tree$n
	# shellcheck disable=SC2086  # $copy is a command line
	case $copy in
	cp*) $copy "$t" || exit 98 ;;
	*) $copy "$t" "$nd" "$nf" || exit 98 ;;
	esac
	opt=
	[ "$1" = default ] || opt=$1
	(
		ulimit -s 8192 || exit 97
		ulimit -v "$2" || exit 97
		# shellcheck disable=SC2086  # $opt is empty or one word
		exec timeout -k 10 "$timeout" env ${BIN_LIBDIR:+LD_LIBRARY_PATH=$BIN_LIBDIR} \
			"$BIN" $opt --json -v "$t"
	) >"$t.out" 2>"$t.err" </dev/null
	rc=$?
	[ "$rc" != 97 ] || exit 97
	echo "run $1 $2 $rc $(check "$t")"
	rm -rf "$t"
	if [ "$rc" = 0 ]; then rm -f "$t.out" "$t.err" "$t.left"; fi
}

for lim in $limits; do
	one -j64 "$lim"
	one default "$lim"
done
# Where something failed, is the limit one -j1 copes with?
for lim in $(awk '$1 == "run" && ($4 != 0 || $5 != 0) { print $3 }' "$T/w/runs" 2>/dev/null | sort -nu); do
	one -j1 "$lim"
done
exit 0
EOS

sandbox_check || skip "no mount namespace: $_swrmtree_why"
start=$(date +%s)
# Two passes in one sandbox: the -j1 runs need the first pass's lines.
# shellcheck disable=SC2016  # for the inner shell
sandbox_exec env BIN="$bin" BIN_LIBDIR="$libdir" /bin/sh -c '
	inner=$1
	shift
	/bin/sh "$inner" "$@" >"$T/w/runs" || exit $?
	cat "$T/w/runs"' sh "$T/inner.sh" "$limits" "$copy" \
	"$SWRMTREE_TEST_TIMEOUT" "$ndirs" "$nfiles"
[ "$rc" != 97 ] && [ "$rc" != 98 ] || { _swrmtree_show; fail "could not set the limits or build the tree"; }
[ "$rc" = 0 ] || { _swrmtree_show; fail "the runs stopped (exit status $rc)"; }
cp "$T/.out" runs || fail "cp"
[ "$(find w/tpl | wc -l)" = "$entries" ] || fail "the template tree changed"
note "$(($(date +%s) - start)) s for $(grep -c '^run ' runs) runs on $fstype, $entries entries each"
note "failing runs (jobs, ulimit -v KiB, exit status, entries left, \"failed\", messages, summary entries, problems):"
awk '$1 == "run" && ($4 != 0 || $5 != 0 || $9 != "-") { $1 = " "; print }' runs
note "(end)"

problems=$(awk '
$1 == "run" && $2 == "-j1" { j1[$3] = ($4 == 0 && $5 == 0) }
$1 == "run" { r[NR] = $0 }
END {
	for (i = 1; i <= NR; i++) {
		if (!(i in r))
			continue
		nf = split(r[i], f, " ")
		if (f[2] == "-j1")
			continue
		# Not a promise where -j1 fails too.
		if ((f[4] != 0 || f[5] != 0) && !(f[3] in j1 && !j1[f[3]]))
			print "  " f[2] " under ulimit -v " f[3] ": exit status " f[4] ", " f[5] " entries left"
		if (f[9] != "-") {
			line = ""
			for (k = 9; k <= nf; k++) line = line " " f[k]
			print "  " f[2] " under ulimit -v " f[3] ": output does not match what stayed:" line
		}
	}
}' runs)
if [ -n "$problems" ]; then
	printf '%s\n' "$problems" >&2
	for f in w/*.err; do
		[ -s "$f" ] || continue
		printf -- '--- %s (first lines):\n' "$f" >&2
		head -n 2 "$f" >&2
	done 2>/dev/null | head -n 20 >&2
	fail "$(printf '%s\n' "$problems" | wc -l) problems under a memory limit"
fi
exit 0
