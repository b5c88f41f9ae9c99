#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: -I, --confirm: plan first, show the plan's summary and ask on the
# terminal; only `y` or `yes` removes, any other answer (or none) removes
# nothing and exits 0.  Without a terminal on stdin: exit 2, nothing removed.
# A missing PATH is reported once, by the plan, not again by the removal;
# the plan shows a "planning: ..." progress line, erased before the summary.
# The terminal is a real pseudo-terminal, driven from python3 inside the
# sandbox (lib.sh's on_pty): it waits for the question, checks that nothing was removed yet,
# then types the answer.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

need_pty
export XDG_CONFIG_HOME="$T/xdg"

question="sw-rmtree: remove these entries? [y/N] "
SLOW=

# snapshot FILE: the tree and everything about it.
snapshot()
{
	(cd "$T" && find d -printf '%p %y %i %m %s %n %T@ %C@\0' |
		LC_ALL=C sort -z) >"$1" || fail "find"
}

mk()
{
	rm -rf d
	mkdir -p d/sub d/-dash || fail "mkdir"
	printf abc >d/sub/f || fail "write"
	: >d/g || fail "touch"
	ln -s sub d/link || fail "ln"
	snapshot "$T/before"
}

# on_terminal ANSWER ARG...: sw-rmtree ARGs on a pseudo-terminal (lib.sh's
# on_pty, watching d/sub/f); sets rc, $T/.pty.screen holds what the
# terminal showed (CR LF line ends).
on_terminal()
{
	_answer=$1
	shift
	# shellcheck disable=SC2086  # $SLOW is a command line or nothing
	on_pty "$_answer" "$T/d/sub/f" \
		timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" $SLOW "$SWRMTREE_BIN" "$@"
	case $rc in
	100) cat -A "$T/.pty.screen" >&2; fail "-I did not ask" ;;
	101) fail "-I removed something before the answer" ;;
	esac
	tr -d '\r' <"$T/.pty.screen" >"$T/screen"
	[ -s "$T/.pty.stdout" ] && fail "-I wrote to stdout: $(cat -A "$T/.pty.stdout")"
	return 0
}

# The plan's summary comes before the question, then the answer decides.
expect_asked()
{
	# On a terminal the summary ends with the space freed (sizes-freed.sh).
	_sum="would remove 3 files, 3 directories, 3 bytes"
	grep -Exq "$_sum, freeing [0-9]+(\.[0-9])? ([KMGTPE]i)?B" "$T/screen" || {
		cat -A "$T/screen" >&2
		fail "-I did not show the plan's summary"
	}
	awk -v s="$_sum, freeing " -v q="$question" '
		index($0, s) == 1 { seen = NR }
		index($0, q) == 1 { if (seen && !asked) asked = NR }
		END { exit !(seen && asked > seen) }' "$T/screen" ||
		{ cat -A "$T/screen" >&2; fail "the summary does not come before the question"; }
	[ "$(grep -Fc "$question" "$T/screen")" = 1 ] ||
		{ cat -A "$T/screen" >&2; fail "-I did not ask exactly once"; }
}

unchanged()
{
	snapshot "$T/after"
	cmp -s "$T/before" "$T/after" || fail "$1 changed the tree"
}

for yes in 'y\r' 'yes\r'; do
	mk
	on_terminal "$yes" -I d
	expect_rc 0
	expect_asked
	assert_gone d
done
# Long option, and an answer typed with a newline instead of Enter.
mk
on_terminal 'yes\n' --confirm d
expect_rc 0
expect_asked
assert_gone d

for no in 'n\r' '\r' 'no\r' 'x\r' 'yesss\r' ' n\r' '\004'; do
	mk
	on_terminal "$no" -I d
	expect_rc 0
	expect_asked
	unchanged "-I answered '$no'"
done

# A guard refuses before any question: exit 2, nothing asked or removed.
mk
on_terminal - -I d .
expect_rc 2
grep -Fq "$question" "$T/screen" && fail "-I asked although a guard refused a PATH"
grep -Fxq "sw-rmtree: refusing to remove '.': last component is '.'" "$T/screen" ||
	fail "no refusal message"
unchanged "-I d ."

# No terminal: refuse, exit 2, even with a yes waiting on stdin.
mk
run -I d
expect_rc 2
expect_err "sw-rmtree: --confirm needs a terminal on standard input"
# shellcheck disable=SC2119  # no arguments: stdout must be empty
expect_out
unchanged "-I with stdin /dev/null"
# shellcheck disable=SC2016  # expanded by the inner shell
sandbox_exec /bin/sh -c 'printf "y\nyes\n" | "$SWRMTREE_BIN" -I d'
expect_rc 2
expect_err "sw-rmtree: --confirm needs a terminal on standard input"
unchanged "-I with stdin a pipe"

# A later -f cancels -I (never prompt), as in GNU rm.
mk
run -I -f d
expect_rc 0
expect_no_err
assert_gone d

# line_of TEXT: the number of the first line of the screen that is TEXT
# (or starts with it), 0 if none.
line_of()
{
	awk -v t="$1" 'index($0, t) == 1 { print NR; found = 1; exit }
		END { if (!found) print 0 }' "$T/screen"
}

# once LINE WHAT: LINE is on the screen exactly once.
once()
{
	[ "$(grep -Fxc -e "$1" "$T/screen")" = 1 ] ||
		{ cat -A "$T/screen" >&2; fail "$2: not reported exactly once: $1"; }
}

# A missing PATH (ENOENT, or ENOTDIR as in file/x) is reported once, by
# the plan, before its summary; the removal counts it again without a word:
# exit 1, as without -I.  With -f first (-I still asks), no word and exit 0.
nofile="sw-rmtree: cannot remove 'missing': No such file or directory"
notdir="sw-rmtree: cannot remove 'plainfile/x': Not a directory"
mk
: >plainfile || fail "touch"
on_terminal 'y\r' -I d missing plainfile/x
expect_rc 1
assert_gone d
once "$nofile" "-I d missing"
once "$notdir" "-I d plainfile/x"
sum=$(line_of "would remove ")
if [ "$sum" -le "$(line_of "$nofile")" ] || [ "$sum" -le "$(line_of "$notdir")" ]; then
	cat -A "$T/screen" >&2
	fail "the missing PATHs were not reported by the plan"
fi
mk
on_terminal 'y\r' -f -I d missing plainfile/x
expect_rc 0
assert_gone d
grep -F "cannot remove" "$T/screen" >&2 && fail "-f -I reported a missing PATH"
# A PATH the plan saw, gone before the answer: the removal reports it,
# once, after the question.
mk
: >e || fail "touch"
PTY_VANISH=$T/e
export PTY_VANISH
on_terminal 'y\r' -I d e
unset PTY_VANISH
expect_rc 1
assert_gone d
once "sw-rmtree: cannot remove 'e': No such file or directory" "-I d e, e gone"
[ "$(line_of "sw-rmtree: cannot remove 'e'")" -gt "$(line_of "$question")" ] ||
	{ cat -A "$T/screen" >&2; fail "-I d e: e reported before the answer"; }

# The plan's progress line, on a 72-column terminal: auto progress, as for
# the removal, so only after a second, which strace guarantees whatever
# the machine: every statx (one per entry in the plan) is delayed by 3 ms,
# over 2 s for these 700 entries, most of them in a directory whose name
# holds a newline.  Each line is "planning: ..." and fits, no line is left
# (or drawn) once the summary comes, which starts a row of its own.
if command -v strace >/dev/null 2>&1 && command -v seq >/dev/null 2>&1 &&
	strace -qq -o /dev/null -e trace=statx \
		-e inject=statx:delay_exit=1 true 2>/dev/null; then
	no_leak_checks_under_ptrace
	SLOW="strace -f -qq -o /dev/null -e trace=statx -e inject=statx:delay_exit=3000"
	ESC=$(printf '\033')
	nl='x
y'
	PTY_COLS=72
	export PTY_COLS
	mk
	mkdir -- "d/$nl" || fail "mkdir"
	(cd "d/$nl" && seq -f f%g 700 | xargs touch) || fail "touch"
	on_terminal 'y\r' -I d
	expect_rc 0
	assert_gone d
	# One row per line drawn or printed, escape codes that begin it off.
	tr '\r' '\n' <"$T/.pty.screen" | sed "s/^\(${ESC}\[[KA]\)*//" >"$T/rows"
	grep -q '^planning: ' "$T/rows" ||
		{ cat -A "$T/.pty.screen" >&2; fail "-I showed no progress while planning"; }
	q="'"
	quoted="${q}d/x${q}\\\$${q}\\\\n${q}${q}y${q}"   # 'd/x'$'\n''y'
	if grep '^planning: ' "$T/rows" | grep -Ev \
		"^planning: [0-9]+ entries, [0-9]+ B, [0-9]+/s, [0-9]+:[0-9][0-9](, in (d|$quoted))?\$" >&2; then
		fail "-I: a malformed planning line"
	fi
	grep -Eq "^planning: .*, in $quoted\$" "$T/rows" ||
		{ cat -A "$T/.pty.screen" >&2; fail "-I: no planning line names the directory, quoted"; }
	if grep '^planning: ' "$T/rows" | awk 'length($0) > 71' | grep . >&2; then
		fail "-I: a planning line wider than the terminal"
	fi
	grep -Exq "would remove 703 files, 4 directories, 3 bytes, freeing [0-9.]+ ([KMGTPE]i)?B" "$T/rows" ||
		{ cat -A "$T/.pty.screen" >&2; fail "-I: the summary shares its row"; }
	awk '/^would remove / { s = 1 } s && /planning/ { bad = 1 }
		END { exit !bad }' "$T/rows" &&
		{ cat -A "$T/.pty.screen" >&2; fail "-I: planning text after the summary"; }
	grep -q "^sw-rmtree: remove these entries? \[y/N\] y\$" "$T/rows" ||
		{ cat -A "$T/.pty.screen" >&2; fail "-I: the question shares its row"; }
	# --no-progress: not a word of it, not an escape code.
	mk
	mkdir -- "d/$nl" || fail "mkdir"
	(cd "d/$nl" && seq -f f%g 700 | xargs touch) || fail "touch"
	on_terminal 'y\r' -I --no-progress d
	expect_rc 0
	grep -q "planning\|$ESC" "$T/.pty.screen" &&
		{ cat -A "$T/.pty.screen" >&2; fail "-I --no-progress showed progress"; }
	unset PTY_COLS
	SLOW=
else
	note "no strace with syscall delay injection: the plan's progress is not tested"
fi
exit 0
