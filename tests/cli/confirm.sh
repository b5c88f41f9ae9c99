#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: -I, --confirm: plan first, show the plan's summary and ask on the
# terminal; only `y` or `yes` removes, any other answer (or none) removes
# nothing and exits 0.  Without a terminal on stdin: exit 2, nothing removed.
# The terminal is a real pseudo-terminal, driven from python3 inside the
# sandbox: it waits for the question, checks that nothing was removed yet,
# then types the answer.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is missing"
python3 -c 'import os; os.close(os.openpty()[0])' 2>/dev/null ||
	skip "no pseudo-terminals here"
export XDG_CONFIG_HOME="$T/xdg"
export SWRMTREE_TEST_TIMEOUT

cat >"$T/pty.py" <<'EOF'
# pty.py ANSWER WATCH CMD...: run CMD with a pseudo-terminal as stdin and
# stderr (stdout goes to $T/pty.stdout).  ANSWER "-" types nothing and only
# waits for the end; otherwise, once "[y/N] " shows, check that WATCH still
# exists (nothing removed before the answer), type ANSWER (Python escapes)
# and read on.  The terminal's output goes to $T/pty.screen; the exit status
# is CMD's, or 100 when the question did not come, 101 when WATCH was gone.
import os, select, subprocess, sys, time

answer, watch, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
T = os.environ["T"]
master, slave = os.openpty()
with open(T + "/pty.stdout", "wb") as out:
    p = subprocess.Popen(cmd, stdin=slave, stdout=out, stderr=slave,
                         start_new_session=True)
os.close(slave)
screen = b""
status = None

def read_some(deadline):
    global screen
    left = deadline - time.monotonic()
    if left <= 0:
        return False
    r, _, _ = select.select([master], [], [], left)
    if not r:
        return False
    try:
        data = os.read(master, 4096)
    except OSError:             # EIO: the other side is closed
        return False
    if not data:
        return False
    screen += data
    return True

deadline = time.monotonic() + 120
if answer != "-":
    while b"[y/N] " not in screen and read_some(deadline):
        pass
    if b"[y/N] " not in screen:
        status = 100
    elif not os.path.lexists(watch):
        status = 101
    else:
        os.write(master, answer.encode().decode("unicode_escape").encode("latin-1"))
while read_some(deadline):
    pass
try:
    rc = p.wait(timeout=max(1, deadline - time.monotonic()))
except subprocess.TimeoutExpired:
    p.kill()
    rc = p.wait()
with open(T + "/pty.screen", "wb") as f:
    f.write(screen)
sys.exit(status if status is not None else rc)
EOF

question="sw-rmtree: remove these entries? [y/N] "

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

# on_terminal ANSWER ARG...: sw-rmtree ARGs on a pseudo-terminal; sets rc,
# $T/pty.screen holds what the terminal showed (CR LF line ends).
on_terminal()
{
	_answer=$1
	shift
	sandbox_exec python3 "$T/pty.py" "$_answer" "$T/d/sub/f" \
		timeout -k 10 "$SWRMTREE_TEST_TIMEOUT" "$SWRMTREE_BIN" "$@"
	case $rc in
	100) cat -A "$T/pty.screen" >&2; fail "-I did not ask" ;;
	101) fail "-I removed something before the answer" ;;
	esac
	tr -d '\r' <"$T/pty.screen" >"$T/screen"
	[ -s "$T/pty.stdout" ] && fail "-I wrote to stdout: $(cat -A "$T/pty.stdout")"
	return 0
}

# The plan's summary comes before the question, then the answer decides.
expect_asked()
{
	_sum="would remove 3 files, 3 directories, 3 bytes"
	grep -Fxq "$_sum" "$T/screen" || {
		cat -A "$T/screen" >&2
		fail "-I did not show the plan's summary"
	}
	awk -v s="$_sum" -v q="$question" '
		$0 == s { seen = NR }
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
exit 0
