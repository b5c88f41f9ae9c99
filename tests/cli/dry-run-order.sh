#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: -n, Planner: a dry run lists every path a real run would remove, one
# per line, quoted like `ls --quoting-style=shell-escape` (raw and
# NUL-terminated with -0), entries before their directory and PATH last;
# stderr holds exactly `would remove F files, D directories, B bytes`
# (files: every non-directory, symlinks included; directories: PATH
# included; bytes: st_size of regular files; where stderr is not a
# terminal, exactly that form, "1 files" and no size in binary units: the
# terminal's singulars and units are check_human's and
# sizes-freed.sh's); nothing on disk changes and the exit status is 0.  Guards run exactly as in a real run.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is missing"
export XDG_CONFIG_HOME="$T/xdg"

# snapshot FILE: everything about every entry below $T/w that a change
# could touch (NUL-terminated records: names hold newlines).
snapshot()
{
	(cd "$T/w" && find . -printf '%p %y %i %m %s %n %U %G %T@ %C@ %l\0' |
		LC_ALL=C sort -z) >"$1" || fail "find $T/w"
}

# unchanged WHAT: nothing below $T/w differs from $T/before.
unchanged()
{
	snapshot "$T/after"
	cmp -s "$T/before" "$T/after" ||
		show_diff "$T/before" "$T/after" "$1 changed something on disk"
}

show_diff()
{
	diff -u "$1" "$2" | cat -A >&2
	fail "$3"
}

# ---- a tree with every kind of entry and awkward name ----------------------
mkdir -p w || fail "mkdir"
cd w || fail "cd"
mktree d
# More awkward names: quotes and newlines together, leading dashes on a
# directory, a control byte, shell characters, a leading tilde.
mkdir -p "d/-rf/--" "d/$(printf 'q\047uote\nand newline')" || fail "mkdir"
: >"d/-rf/--/-" || fail "touch"
: >"d/$(printf 'q\047uote\nand newline')/$(printf 'ctl\001x')" || fail "touch"
# shellcheck disable=SC2016  # a literal dollar sign in the name
: >'d/$HOME*?[x]' || fail "touch"
: >'d/~tilde' || fail "touch"
# A backslash; and enough entries without mktree's device node, which only
# root can make.
: >'d/back\slash' || fail "touch"
: >"d/$(printf 'lone\200cont')" || fail "touch"
# Bytes are st_size, not blocks: a sparse file larger than 4 GiB.
truncate -s 5000000001 d/sparse || fail "truncate"
printf '0123456789' >d/ten || fail "write"

nfiles=$(find d ! -type d -printf x\\n | wc -l)
ndirs=$(find d -type d -printf x\\n | wc -l)
nbytes=$(find d -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s }')
if [ "$nfiles" -lt 30 ] || [ "$ndirs" -lt 9 ]; then
	fail "the tree is too small ($nfiles files, $ndirs directories)"
fi
[ "$(find d -type l -printf x\\n | wc -l)" -ge 4 ] || fail "no symlinks in the tree"
# About 5000000000 bytes: 4.657 GiB.
summary="would remove $nfiles files, $ndirs directories, $nbytes bytes"
snapshot "$T/before"

# ---- -n: quoted list --------------------------------------------------------
LC_ALL=C.UTF-8
export LC_ALL
find d -exec ls -dU --color=never --quoting-style=shell-escape -- {} + |
	LC_ALL=C sort >"$T/expected.sorted" || fail "find | ls"
run -n d
expect_rc 0
expect_err "$summary"
expect_err_count 1
LC_ALL=C sort "$T/.out" >"$T/actual.sorted"
cmp -s "$T/expected.sorted" "$T/actual.sorted" ||
	show_diff "$T/expected.sorted" "$T/actual.sorted" \
		"-n does not list every entry exactly once, quoted as ls does"
[ "$(tail -n 1 "$T/.out")" = d ] || fail "-n does not list PATH last"
for w in "$(ls -dU --quoting-style=shell-escape -- "d/$(printf 'new\nline')")" \
	"$(ls -dU --quoting-style=shell-escape -- "d/$(printf 'bad\377\376name')")" \
	"$(ls -dU --quoting-style=shell-escape -- "d/$(printf 'lone\200cont')")" \
	"d/-dash" "d/-rf/--/-" '"d/it'\''s"' "d/café"; do
	grep -Fxq -e "$w" "$T/.out" || fail "-n does not list $w as ls quotes it"
done
cp "$T/.out" "$T/text.out"
unchanged "-n"

# ---- -n -0: raw list, same order ----------------------------------------------
run -n -0 d
LC_ALL=C
expect_rc 0
expect_err "$summary"
expect_err_count 1
find d -print0 | LC_ALL=C sort -z >"$T/expected0" || fail "find -print0"
LC_ALL=C sort -z "$T/.out" >"$T/actual0"
cmp -s "$T/expected0" "$T/actual0" ||
	show_diff "$T/expected0" "$T/actual0" "-n -0 does not list every entry once, raw"
[ "$(tail -c 2 "$T/.out" | od -An -tx1 | tr -d ' \n')" = 6400 ] ||
	fail "-n -0 does not end with the PATH and a NUL"
# Every entry before its directory (the raw names are unambiguous).
python3 -c '
import sys
paths = open(sys.argv[1], "rb").read().split(b"\0")
assert paths[-1] == b"", "missing final NUL"
paths = paths[:-1]
pos = {p: i for i, p in enumerate(paths)}
for i, p in enumerate(paths):
    if p == b"d":
        continue
    parent = p.rsplit(b"/", 1)[0]
    if pos.get(parent, -1) <= i:
        sys.exit("listed after (or without) its directory: %r" % p)
' "$T/.out" || fail "-n -0 lists a directory before its entries"
# The quoted list is the raw one, entry by entry, in the same order.
LC_ALL=C.UTF-8 xargs -0 ls -dU --color=never --quoting-style=shell-escape -- \
	<"$T/.out" >"$T/requoted" || fail "xargs ls"
cmp -s "$T/requoted" "$T/text.out" ||
	show_diff "$T/requoted" "$T/text.out" "-n and -n -0 differ in order or quoting"
unchanged "-n -0"

# --dry-run is -n.
LC_ALL=C.UTF-8
run --dry-run d
LC_ALL=C
expect_rc 0
expect_err "$summary"
expect_err_count 1
expect_out_file "$T/text.out"
# In the C locale, as ls quotes in the C locale (here 'café' is escaped).
run -n -0 d
cp "$T/.out" "$T/raw0"
xargs -0 ls -dU --color=never --quoting-style=shell-escape -- \
	<"$T/raw0" >"$T/requoted" || fail "xargs ls"
run -n d
expect_rc 0
expect_out_file "$T/requoted"
grep -Fxq -e "'d/caf'\$'\\303\\251'" "$T/.out" || fail "-n in the C locale does not escape 'café'"
unchanged "--dry-run"

# ---- spelling: trailing slashes dropped, PATH as given ---------------------------
mkdir -p e || fail "mkdir e"
: >e/f || fail "touch e/f"
run -n e//
expect_rc 0
expect_out e/f e
expect_err "would remove 1 files, 1 directories, 0 bytes"
expect_err_count 1
mkdir -p e2 || fail "mkdir e2"
: >e2/f || fail "touch e2/f"
run -n ./e/ "$T/w/e2"
expect_rc 0
expect_out ./e/f ./e "$T/w/e2/f" "$T/w/e2"
expect_err "would remove 2 files, 2 directories, 0 bytes"
expect_err_count 1
# The same directory twice: the second is missing by its turn, in the
# real run and so in the plan (tests/cli/dry-run-overlap.sh).
run -n ./e/ "$T/w/e"
expect_rc 1
expect_out ./e/f ./e
expect_err "sw-rmtree: cannot remove '$T/w/e': No such file or directory"
rm -r e2 || fail "rm e2"

# A PATH that is not a directory is listed alone; a symlink as a link.
ln -s d lnk || fail "ln"
mkdir -p m || fail "mkdir m"
snapshot "$T/before"
run -n d/ten lnk
expect_rc 0
expect_out d/ten lnk
expect_err "would remove 2 files, 0 directories, 10 bytes"
expect_err_count 1
unchanged "-n d/ten lnk"

# ---- the summary: SPEC's form whatever the numbers -----------------------
# plan_says SUMMARY PATH...: -n PATH... exits 0 with that one summary line.
plan_says()
{
	_sum=$1
	shift
	run -n "$@"
	expect_rc 0
	expect_err "$_sum"
	expect_err_count 1
}
mkdir -p s/empty s/empty2 s/one s/two/a s/two/b s/kib s/mib || fail "mkdir s"
printf x >s/one/f || fail "write"
printf x >s/two/a/f || fail "write"
printf x >s/two/b/g || fail "write"
head -c 1023 /dev/zero >s/kib/below || fail "write"
head -c 3500 /dev/zero >s/kib/f || fail "write"
truncate -s 128974848 s/mib/f || fail "truncate"
snapshot "$T/before"
plan_says "would remove 0 files, 1 directories, 0 bytes" s/empty
plan_says "would remove 1 files, 1 directories, 1 bytes" s/one
plan_says "would remove 2 files, 3 directories, 2 bytes" s/two
plan_says "would remove 1 files, 0 directories, 1023 bytes" s/kib/below
plan_says "would remove 1 files, 0 directories, 3500 bytes" s/kib/f
plan_says "would remove 2 files, 1 directories, 4523 bytes" s/kib
plan_says "would remove 0 files, 2 directories, 0 bytes" s/empty s/empty2
plan_says "would remove 1 files, 0 directories, 128974848 bytes" s/mib/f
unchanged "-n on s"

# ---- guards: exactly as in a real run -------------------------------------------
# guard_same EXPECTED-STDERR ARG...: the dry run and the real run of ARGS both
# exit 2 with that one message, and neither lists or changes anything.
guard_same()
{
	_msg=$1
	shift
	for _mode in -n ''; do
		run ${_mode:+"$_mode"} "$@"
		expect_rc 2
		expect_err "$_msg"
		expect_err_count 1
		# shellcheck disable=SC2119  # no arguments: stdout must be empty
		expect_out
		unchanged "'${_mode:-real run}' $*"
	done
}
guard_same "sw-rmtree: refusing to remove '.': last component is '.'" .
guard_same "sw-rmtree: refusing to remove '..': last component is '..'" ..
guard_same "sw-rmtree: refusing to remove 'd/.': last component is '.'" d/.
guard_same "sw-rmtree: refusing to remove 'd/sub/..//': last component is '..'" d/sub/..//
guard_same "sw-rmtree: refusing to remove '': empty path" ''
guard_same "sw-rmtree: refusing to remove 'lnk/': is a symbolic link; not following it" lnk/
guard_same "sw-rmtree: refusing to remove 'd': contains protected path '$T/w/d/sub/nested' (--protect)" \
	--protect="$T/w/d/sub/nested" d
# One refused PATH stops the whole dry run too.
guard_same "sw-rmtree: refusing to remove '.': last component is '.'" e d .
# The root: only as a dry run (a real run is never tried here).
SWRMTREE_TEST_TIMEOUT=60 run -n /
expect_rc 2
expect_err "sw-rmtree: refusing to remove '/': it is the root directory (use --no-preserve-root to override)"
expect_err_count 1
# shellcheck disable=SC2119
expect_out
# A PATH that is a mount point (mounted in the sandbox, gone with it).
# shellcheck disable=SC2016  # expanded by the inner shell
in_tmpfs m /bin/sh -c ': >m/inside || exit 91
"$SWRMTREE_BIN" -n m
echo $? >"$T/m.rc"
[ -e m/inside ] || echo "the tmpfs lost its contents"'
case $rc in
0) ;;
91) skip "cannot write on a tmpfs in the sandbox: $(cat "$T/.err")" ;;
*) fail "sandbox shell exit status $rc" ;;
esac
rc=$(cat "$T/m.rc")
expect_rc 2
expect_err "sw-rmtree: refusing to remove 'm': it is a mount point (use --cross-mounts to override)"
expect_err_count 1
# shellcheck disable=SC2119
expect_out

unchanged "-n m"
exit 0
