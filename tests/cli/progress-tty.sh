#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: --progress (Command line, Details), as seen on a real terminal:
# the binary runs in a tmux pane (a pseudo-terminal, 100x30), in the
# sandbox, and the pane is captured ten times a second while it runs.
#  A. --progress: a well-formed status line shows while the run goes; two
#     messages (mount points skipped) come out whole, on lines of their
#     own; the pane is narrowed to 40 columns and widened again meanwhile;
#     at the end no progress text is left anywhere, history included.
#  B. -I (auto progress after the plan and the answer): the line shows
#     the percentage of the planned entries and an ETA; it is gone at the
#     end.
#  C. Auto, with --stats: nothing during the first second, then a line
#     that shows bytes too; gone at the end, before the --stats line.
# Without --stats (A, B) the sizes are not known: the lines show no bytes.
#  D. --no-progress, and auto on a run far shorter than a second: not a
#     single escape code reaches the terminal.
# The runs are made slow on purpose: strace delays every unlinkat by 3 ms
# (-j1: over 2 s for this tree, whatever the machine).  Without
# strace, a tree of 300,000 files stands in for it.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
no_leak_checks_under_ptrace

command -v tmux >/dev/null 2>&1 || skip "tmux is missing"
command -v seq >/dev/null 2>&1 || skip "seq is missing"
sandbox_check || skip "no mount namespace: $_swrmtree_why"
case $(date +%N) in
*[!0-9]*) skip "date +%N is not supported" ;;
esac
export XDG_CONFIG_HOME="$T/xdg"
ESC=$(printf '\033')
msg="mount point not crossed (use --cross-mounts to enter it)"

if command -v strace >/dev/null 2>&1 &&
	strace -qq -o /dev/null -e trace=unlinkat \
		-e inject=unlinkat:delay_exit=1 true 2>/dev/null; then
	SLOW="strace -f -qq -o /dev/null -e trace=unlinkat -e inject=unlinkat:delay_exit=3000"
	ndirs=15
	nfiles=50
else
	note "no strace with syscall delay injection: using a large tree"
	SLOW=
	ndirs=300
	nfiles=1000
fi
# The 10 bytes of data in each directory, as the summaries give them: with
# their size in binary units from 1 KiB on.
case $ndirs in
15) tree_bytes="150 bytes" ;;
300) tree_bytes="3000 bytes (2.9 KiB)" ;;
*) fail "no summary bytes for $ndirs directories" ;;
esac
HOSTNS=$(readlink /proc/self/ns/mnt) || fail "cannot read /proc/self/ns/mnt"
MOUNT=0
export HOSTNS SWRMTREE_TEST_TIMEOUT

# mktree_wide DIR: NDIRS directories of NFILES empty files and one with
# data, and empty directories d3/mnt and d7/mnt for mount points.
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
	mkdir -- "$1/d3/mnt" "$1/d7/mnt" || fail "mkdir"
}

# ---- tmux ---------------------------------------------------------------

sock=$T/tmux.sock
unset TMUX
tmx()
{
	tmux -S "$sock" -f /dev/null "$@"
}
# The tmux server goes before lib.sh's cleanup removes $T.
tty_status=0
trap 'tty_status=$?; tmx kill-server >/dev/null 2>&1; (exit "$tty_status"); _swrmtree_cleanup' EXIT

# What runs in a pane: wait for the go, a marker line, the binary in the
# sandbox (as lib.sh's run does, but with the pane as its terminal), a
# marker line with the exit status; then stay until released (at most a
# minute, should the test have died).
cat >"$T/pane.sh" <<'EOF'
# pane.sh TAG MOUNT SLOW ARG...  (the tmux server keeps the environment
# it started with, so what changes from run to run comes as arguments)
tag=$1
mount=$2
slow=$3
shift 3
i=0
while [ ! -e "$T/go.$tag" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
printf 'before-%s\n' "$tag"
# As lib.sh's sandbox_unshare: a user namespace too when not root.
userns=
[ "$(id -u)" = 0 ] || userns=-r
# shellcheck disable=SC2016  # for the inner shell
unshare ${userns:+"$userns"} -m --propagation private -- env SWRMTREE_IN_SANDBOX="$T" \
	/bin/sh "$SWRMTREE_SRCDIR/tests/cli/sandbox-exec" \
	root "$T" "$HOSTNS" env MOUNT="$mount" SLOW="$slow" /bin/sh -c '
if [ "$MOUNT" = 1 ]; then
	. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 1
	mount_tmpfs tree/d3/mnt tree/d7/mnt
fi
exec timeout --foreground -k 10 "$SWRMTREE_TEST_TIMEOUT" $SLOW "$SWRMTREE_BIN" "$@"' \
	sh "$@" 3>"$T/.sandbox.$tag"
rc=$?
printf 'after-%s rc=%s\n' "$tag" "$rc"
echo "$rc" >"$T/rc.$tag"
i=0
while [ ! -e "$T/release.$tag" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
EOF

ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# start TAG ARGS...: a new session TAG, its output also recorded raw in
# $T/raw.TAG, running the binary with ARGS (after mounts when $MOUNT is 1,
# slowed down by $SLOW).
start()
{
	_tag=$1
	shift
	rm -f "$T/raw.$_tag" "$T/caps.$_tag" "$T/rc.$_tag"
	tmx new-session -d -s "$_tag" -x 100 -y 30 -c "$T" \
		/bin/sh "$T/pane.sh" "$_tag" "$MOUNT" "$SLOW" "$@" || fail "tmux new-session failed"
	tmx set-option -t "$_tag" history-limit 5000 >/dev/null
	tmx pipe-pane -t "$_tag" -o "cat >>'$T/raw.$_tag'" || fail "tmux pipe-pane failed"
	t_start=$(ms)
	: >"$T/go.$_tag"
}

# capture TAG: one snapshot of the visible pane, after a "@@ MS" line
# with the milliseconds since start.
capture()
{
	printf '@@ %s\n' $(($(ms) - t_start)) >>"$T/caps.$1"
	tmx capture-pane -p -t "$1" >>"$T/caps.$1" 2>/dev/null
}

# wait_done TAG [HOOK]: capture every 0.1 s until the run is over (HOOK is
# called with the milliseconds since start after each capture); then the
# final screen with its history, wrapped lines joined, in $T/final.TAG.
wait_done()
{
	_n=0
	while [ ! -e "$T/rc.$1" ]; do
		capture "$1"
		[ -z "${2:-}" ] || "$2" $(($(ms) - t_start))
		sleep 0.1
		_n=$((_n + 1))
		[ $_n -lt 3000 ] || fail "run $1 did not end"
	done
	sleep 0.2       # the last bytes to reach the pane
	tmx capture-pane -p -J -S - -t "$1" >"$T/final.$1" ||
		fail "tmux capture-pane failed"
	[ "$(cat "$T/.sandbox.$1" 2>/dev/null)" = ready ] ||
		fail "the sandbox could not be set up for run $1: $(cat "$T/final.$1")"
	# lib.sh's mount_tmpfs left its reason there.
	[ ! -s "$T/.skip" ] || skip "$(cat "$T/.skip")"
	: >"$T/release.$1"
	tmx kill-session -t "$1" >/dev/null 2>&1
}

show()
{
	for f in "$@"; do
		printf -- '--- %s:\n' "${f##*/}" >&2
		cat -A -- "$f" >&2
	done
}

# expect_final TAG LINE...: the non-blank lines of the final screen and
# history are these, in this order (times and rates of --stats lines as
# "T" and "R").
expect_final()
{
	_tag=$1
	shift
	printf '%s\n' "$@" >"$T/expected.$_tag"
	grep -v '^[[:space:]]*$' "$T/final.$_tag" |
		sed 's/ in [0-9]*\.[0-9]* s ([0-9]* entries\/s)$/ in T s (R entries\/s)/' |
		sed -E 's/, (freeing|freed) [0-9]+(\.[0-9])? ([KMGTPE]i)?B( in |$)/, \1 S\4/' \
		>"$T/got.$_tag"
	if ! cmp -s "$T/expected.$_tag" "$T/got.$_tag"; then
		show "$T/expected.$_tag" "$T/final.$_tag"
		fail "run $_tag: the terminal does not end as expected"
	fi
}

# seen TAG ERE: some captured row during the run matches ERE, whole.
seen()
{
	grep -qE -e "$2" "$T/caps.$1"
}

line_re='^[0-9]+ entries, [0-9]+/s, [0-9]+:[0-9][0-9](, in tree(/d[0-9]+)?)?$'
bytes_re='^[0-9]+ entries, [0-9]+(\.[0-9])? (B|KiB|MiB|GiB), [0-9]+/s, [0-9]+:[0-9][0-9](, in tree(/d[0-9]+)?)?$'

# ---- A. --progress, messages, resizing -----------------------------------

mktree_wide tree
MOUNT=1
resized=0
resize_hook()
{
	if [ "$resized" = 0 ] && seen A "$line_re"; then
		tmx resize-window -t A -x 40 -y 30 >/dev/null 2>&1
		resized=$1
	elif [ "$resized" -gt 0 ] && [ "$1" -gt $((resized + 700)) ]; then
		tmx resize-window -t A -x 100 -y 30 >/dev/null 2>&1
		resized=-1
	fi
}
start A -j1 --progress tree
wait_done A resize_hook
MOUNT=0
seen A "$line_re" || { show "$T/caps.A"; fail "run A: no well-formed progress line seen"; }
[ "$resized" != 0 ] || fail "run A: never resized"
if grep -q ' entries, ' "$T/final.A"; then
	show "$T/final.A"
	fail "run A: progress text left on the terminal"
fi
skip3="sw-rmtree: skipping 'tree/d3/mnt': $msg"
skip7="sw-rmtree: skipping 'tree/d7/mnt': $msg"
# The two messages come in the walk's order, which is the file system's.
if [ "$(grep -n -F -e "$skip3" "$T/final.A" | cut -d: -f1)" -lt \
	"$(grep -n -F -e "$skip7" "$T/final.A" | cut -d: -f1)" ] 2>/dev/null; then
	expect_final A "before-A" "$skip3" "$skip7" "after-A rc=1"
else
	expect_final A "before-A" "$skip7" "$skip3" "after-A rc=1"
fi
# In the raw stream, a message starts a row cleanly: on its line, after
# the last carriage return, come only erase-line and cursor-up sequences.
n=$(tr '\r' '\n' <"$T/raw.A" | grep -c "sw-rmtree: skipping")
[ "$n" = 2 ] || { show "$T/raw.A"; fail "run A: $n messages in the raw output"; }
if tr '\r' '\n' <"$T/raw.A" | grep "sw-rmtree: skipping" |
	grep -qv "^\(${ESC}\[K\|${ESC}\[A\)*sw-rmtree: skipping 'tree/d[37]/mnt': $msg\$"; then
	show "$T/raw.A"
	fail "run A: a message shares its row with something else"
fi
# The progress lines drawn fit the pane: 99 columns, or 39 while narrowed.
if tr '\r' '\n' <"$T/raw.A" | sed "s/^\(${ESC}\[[KA]\)*//" | grep ' entries, ' |
	awk 'length($0) > 99 { bad = 1; print } END { exit !bad }' >&2; then
	fail "run A: a progress line wider than the pane"
fi

# ---- B. -I: percentage and ETA -------------------------------------------

rm -rf tree
mktree_wide tree
files=$((ndirs * (nfiles + 1)))
dirs=$((ndirs + 3))
total=$((files + dirs))
answer_hook()
{
	if [ -z "${answered:-}" ] && grep -qF '[y/N]' "$T/caps.B"; then
		tmx send-keys -t B y Enter
		answered=1
	fi
}
start B -j1 -I tree
wait_done B answer_hook
plan_re="^[0-9]{1,3}% [0-9]+/$total entries, [0-9]+/s, [0-9]+:[0-9][0-9], ETA ([0-9]+:)?[0-9]+:[0-9][0-9](, in tree(/d[0-9]+)?)?\$"
seen B "$plan_re" || { show "$T/caps.B"; fail "run B: no line with a percentage and an ETA"; }
expect_final B "before-B" \
	"would remove $files files, $dirs directories, $tree_bytes, freeing S" \
	"sw-rmtree: remove these entries? [y/N] y" "after-B rc=0"
assert_gone tree

# ---- C. auto ---------------------------------------------------------------

mktree_wide tree
start C -j1 --stats tree
wait_done C
seen C "$bytes_re" || { show "$T/caps.C"; fail "run C: no progress line in a run over a second"; }
# Captures taken less than a second after the start show no line yet.
if awk '/^@@ / { t = $2 + 0; next } t < 1000 && / entries, / { bad = 1 }
	END { exit !bad }' "$T/caps.C"; then
	show "$T/caps.C"
	fail "run C: auto progress showed within the first second"
fi
expect_final C "before-C" \
	"removed $files files, $dirs directories, $tree_bytes, freed S in T s (R entries/s)" \
	"after-C rc=0"
assert_gone tree

# ---- D. --no-progress; a short run -----------------------------------------

mktree_wide tree
start D -j1 --no-progress tree
wait_done D
if grep -q "$ESC" "$T/raw.D" || grep -q ' entries, ' "$T/raw.D"; then
	show "$T/raw.D"
	fail "run D: --no-progress wrote progress to the terminal"
fi
expect_final D "before-D" "after-D rc=0"
mkdir -p short/a || fail "mkdir"
: >short/a/f || fail "touch"
: >short/g || fail "touch"
SLOW=
start E short
wait_done E
if grep -q "$ESC" "$T/raw.E"; then
	show "$T/raw.E"
	fail "run E: a short run wrote escape codes to the terminal"
fi
expect_final E "before-E" "after-E rc=0"
assert_gone short
