#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: --progress, --no-progress (Command line, Details).  With stderr not
# a terminal (a file here), a run that lasts well over a second shows no
# progress by default; --progress forces plain lines, at most one a
# second, with no escape codes and no carriage returns, and a message in
# between stays a whole line of its own; --no-progress shows nothing.
# Bytes are shown where sizes are known (with --stats here), not otherwise.
#
# The runs are made slow on purpose: strace delays every unlinkat by 3 ms
# (-j1: over 2 s for this tree, whatever the machine).  Without strace,
# a tree of 300,000 files stands in for it.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
no_leak_checks_under_ptrace

command -v seq >/dev/null 2>&1 || skip "seq is missing"
export XDG_CONFIG_HOME="$T/xdg"
ESC=$(printf '\033')
CR=$(printf '\r')
msg="mount point not crossed (use --cross-mounts to enter it)"

if command -v strace >/dev/null 2>&1 &&
	strace -qq -o /dev/null -e trace=unlinkat \
		-e inject=unlinkat:delay_exit=1 true 2>/dev/null; then
	slow="strace -f -qq -o /dev/null -e trace=unlinkat -e inject=unlinkat:delay_exit=3000"
	ndirs=15
	nfiles=50
else
	note "no strace with syscall delay injection: using a large tree"
	slow=
	ndirs=300
	nfiles=1000
fi
# The 10 bytes of data in each directory, as the summaries give them: with
# their size in binary units from 1 KiB on.
case $ndirs in
15) tree_bytes="150 bytes" ;;
300) tree_bytes="3000 bytes" ;;
*) fail "no summary bytes for $ndirs directories" ;;
esac

# mktree_wide DIR: NDIRS directories of NFILES files (a few with data),
# and an empty directory mnt in d3 for a mount point.
mktree_wide()
{
	mkdir -- "$1" || fail "mkdir $1"
	i=0
	while [ "$i" -lt "$ndirs" ]; do
		mkdir -- "$1/d$i" || fail "mkdir $1/d$i"
		(cd "$1/d$i" && seq -f f%g "$nfiles" | xargs touch) ||
			fail "cannot fill $1/d$i"
		printf 'some data\n' >"$1/d$i/data" || fail "write"
		i=$((i + 1))
	done
	mkdir -- "$1/d3/mnt" || fail "mkdir"
}

# slow_run ARGS...: the binary, slowed down, in the sandbox, after a tmpfs
# was mounted on tree/d3/mnt ($MOUNT = 1) or not.  Sets rc, and secs to
# the wall time of the run in whole seconds (rounded down, sandbox set-up
# included): the most plain lines it may have shown.
slow_run()
{
	t0=$(date +%s%N)
	# shellcheck disable=SC2016  # expanded by the inner shell
	sandbox_exec /bin/sh -c '
if [ "$MOUNT" = 1 ]; then
	. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
	mount_tmpfs tree/d3/mnt
fi
exec timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" $SLOW "$SWRMTREE_BIN" "$@"' sh "$@"
	secs=$((($(date +%s%N) - t0) / 1000000000))
}
MOUNT=0
export SLOW="$slow" MOUNT SWRMTREE_TEST_TIMEOUT
case $(date +%N) in
*[!0-9]*) skip "date +%N is not supported" ;;
esac

# No escape codes and no carriage returns on stderr.
expect_plain()
{
	if grep -q -e "$ESC" -e "$CR" "$T/.err"; then
		_swrmtree_show
		fail "escape codes or carriage returns on stderr ($1)"
	fi
}

# 1. Default, stderr a file: nothing at all, though the run lasts long.
mktree_wide tree
slow_run -j1 tree
expect_rc 0
expect_no_err
assert_gone tree
[ "$secs" -ge 2 ] || note "the default run took only about $secs s"

# 2. --progress --stats: plain lines with bytes, at most one a second; the
# message about the mount point is a line of its own, exactly once; the
# --stats line comes last.
mktree_wide tree
MOUNT=1
slow_run -j1 --progress --stats tree
expect_rc 1
expect_plain "--progress"
expect_err "sw-rmtree: skipping 'tree/d3/mnt': $msg"
line_re='^[0-9]+ entries, [0-9]+(\.[0-9])? (B|KiB|MiB|GiB), [0-9]+/s, [0-9]+:[0-9][0-9], in tree(/d[0-9]+)?$'
stats_re="^removed $((ndirs * (nfiles + 1))) files, $((ndirs - 1)) directories, $(printf '%s' "$tree_bytes" | sed 's/[().]/\\&/g') in [0-9.]+ s \\([0-9]+ entries/s\\); 3 entries could not be removed\$"
tail -n 1 "$T/.err" | grep -qE -e "$stats_re" ||
	{ _swrmtree_show; fail "the --stats line does not come last"; }
nlines=$(sed '$d' "$T/.err" | grep -vE -e "$line_re" |
	grep -cvxF -e "sw-rmtree: skipping 'tree/d3/mnt': $msg")
if [ "$nlines" != 0 ]; then
	_swrmtree_show
	fail "$nlines stderr lines are neither progress lines nor the message"
fi
[ "$(grep -c "^sw-rmtree: " "$T/.err")" = 1 ] || { _swrmtree_show; fail "one message expected"; }
nprog=$(grep -cE -e "$line_re" "$T/.err")
[ "$nprog" -ge 1 ] || { _swrmtree_show; fail "no progress line in a run of about $secs s"; }
[ "$nprog" -le "$secs" ] ||
	{ _swrmtree_show; fail "$nprog progress lines in a run of at most $secs s"; }
# Counters only grow, and the last line counts no more than the tree had.
awk -v max=$((ndirs * (nfiles + 2) + 1)) '
/ entries, / { n = $1 + 0
	if (n < last) { print "count went down: " $0; bad = 1 }
	if (n > max) { print "more than the tree had: " $0; bad = 1 }
	last = n }
END { exit bad }' "$T/.err" || fail "progress counts are wrong"
assert_exists tree/d3/mnt
assert_gone tree/d0

# 3. --progress alone: the sizes are not known, the lines have no bytes.
rm -rf tree
mktree_wide tree
MOUNT=0
slow_run -j1 --progress tree
expect_rc 0
expect_plain "--progress alone"
nlines=$(grep -cvE -e '^[0-9]+ entries, [0-9]+/s, [0-9]+:[0-9][0-9], in tree(/d[0-9]+)?$' "$T/.err")
[ "$nlines" = 0 ] || { _swrmtree_show; fail "--progress alone: $nlines unexpected lines"; }
grep -q . "$T/.err" || fail "--progress alone: no line in a run of about $secs s"

# 4. --no-progress, even after --progress (the last one wins): nothing.
mktree_wide tree
slow_run -j1 --progress --no-progress tree
expect_rc 0
expect_no_err
assert_gone tree
