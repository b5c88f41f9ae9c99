#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# True sizes: the summaries of -n, --stats and --json
# give two figures, the bytes the files hold (st_size of every regular
# file, each link counted, as before) and the disk space the removal frees:
# st_blocks * 512 of every entry that goes, directories and symbolic links
# included, a hard-linked inode once and only when all of its links go.
# The tree has a file with ten links inside it, a pair of links in two
# directories, a file with a link outside the tree (which must not count
# as freed, and survives), a sparse file, a long symbolic link, a fifo.
# The expected figure is computed here from `stat -c '%i %h %b %B'` (and
# checked against `du -sB1` less the file linked from outside); on a
# terminal (lib.sh's on_pty gives one) it is in binary units (", freeing S" /
# ", freed S"), raw in --json --stats ("freed"); elsewhere the lines keep
# SPEC's form.  Dry run and real run, -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

export XDG_CONFIG_HOME="$T/xdg"
num='[0-9]+\.[0-9]{3} s \([0-9]+ entries/s\)'

mkt()
{
	rm -rf t out
	mkdir -p t/sub t/deep/er out || fail "mkdir"
	head -c 300000 /dev/zero >t/big || fail "write"
	for i in 1 2 3 4 5 6 7 8 9; do
		ln t/big "t/sub/big.$i" || fail "ln"
	done
	head -c 50000 /dev/zero >t/shared || fail "write"
	ln t/shared out/shared || fail "ln"
	head -c 20000 /dev/zero >t/pair || fail "write"
	ln t/pair t/deep/er/pair || fail "ln"
	printf 'hello' >t/small || fail "write"
	truncate -s 1000000 t/sparse || fail "truncate"
	ln -s "$(printf '%0200d' 0)" t/sub/long-link || fail "ln -s"
	mkfifo t/fifo || fail "mkfifo"
}

# The figures of t as sw-rmtree must count them: "FILES DIRS BYTES FREED".
# An inode frees its blocks when it is a directory, or when the tree holds
# as many of its links as it has.
figures()
{
	find t -exec stat -c '%i %h %b %B %s %F' {} + | awk '
		{
			ino = $1; n = $2; blk = $3 * $4
			type = $6
			for (i = 7; i <= NF; i++)
				type = type " " $i
			if (type == "directory") {
				dirs++
				freed += blk
				next
			}
			files++
			if (type == "regular file" || type == "regular empty file")
				bytes += $5
			if (n == 1) {
				freed += blk
				next
			}
			links[ino]++
			if (links[ino] == n)
				freed += blk
		}
		END { printf "%d %d %d %d\n", files, dirs, bytes, freed }'
}

# BYTES in binary units, as the man page says (Summaries): tenths below
# 10, whole numbers from 10 on, halves up, 1024 of a unit is 1.0 of the
# next.
human()
{
	awk -v b="$1" 'BEGIN {
		if (b < 1024) { printf "%d B\n", b; exit }
		split("K M G T P E", u, " ")
		k = 1
		while (k < 6 && b >= 1024 ^ (k + 1))
			k++
		for (;;) {
			unit = 1024 ^ k
			q = int(b / unit)
			r = b - q * unit
			tenths = q * 10 + int((r * 10 + unit / 2) / unit)
			if (tenths < 100) {
				printf "%d.%d %siB\n", int(tenths / 10), tenths % 10, u[k]
				exit
			}
			whole = q + (r >= unit / 2 ? 1 : 0)
			if (whole < 1024 || k == 6) {
				printf "%d %siB\n", whole, u[k]
				exit
			}
			k++
		}
	}'
}

# "F files, D directories, B bytes (H)" for the figures $1..$3, as a terminal gets them.
counts()
{
	_c="$1 files, $2 directories, $3 bytes"
	[ "$3" -lt 1024 ] || _c="$_c ($(human "$3"))"
	printf '%s\n' "$_c"
}

# The JSON summary on stdout has "bytes" $1 and "freed" $2.
expect_json_figures()
{
	_s=$(tail -n 1 "$T/.out")
	case $_s in
	'{"summary": '*) ;;
	*) _swrmtree_show; fail "$CASE: no JSON summary last" ;;
	esac
	printf '%s\n' "$_s" | grep -qF "\"bytes\": $1," ||
		{ _swrmtree_show; fail "$CASE: JSON summary without bytes $1"; }
	printf '%s\n' "$_s" | grep -qF "\"freed\": $2," ||
		{ _swrmtree_show; fail "$CASE: JSON summary without freed $2"; }
}

# on_tty ARG...: the binary on a terminal (lib.sh's on_pty, stdout on it
# too), its output (stdout and stderr together, CR dropped) in $T/.out.
on_tty()
{
	PTY_STDOUT="tty"
	export PTY_STDOUT
	on_pty - - "$SWRMTREE_BIN" "$@"
	unset PTY_STDOUT
	tr -d '\r' <"$T/.pty.screen" >"$T/.out" || fail "tr"
}

need_pty


mkt
read -r files dirs bytes freed <<EOF
$(figures)
EOF
# The premises: ten links of one file are counted ten times in the bytes,
# and the space freed is du's, less the file linked from outside.
[ "$bytes" = $((10 * 300000 + 50000 + 2 * 20000 + 5 + 1000000)) ] ||
	fail "figures: bytes $bytes"
du_t=$(du -sB1 t | cut -f1) || fail "du"
shared=$(($(stat -c '%b * %B' t/shared))) || fail "stat"
[ "$freed" = $((du_t - shared)) ] ||
	fail "figures: freed $freed, du -sB1 says $du_t less $shared"
[ "$freed" -lt "$bytes" ] || fail "figures: $freed freed, $bytes bytes"
note "t: $files files, $dirs directories, $bytes bytes, frees $freed (du: $du_t)"
sum=$(counts "$files" "$dirs" "$bytes")
# Where stderr is not a terminal, SPEC's form: no binary units.
plain="$files files, $dirs directories, $bytes bytes"
h=$(human "$freed")

CASE="-n"
run -n t
expect_rc 0
expect_err_count 1
expect_err "would remove $plain"

CASE="-n on a terminal"
on_tty -n t
grep -qxF "would remove $sum, freeing $h" "$T/.out" ||
	{ _swrmtree_show; fail "$CASE: no summary with freeing $h"; }

CASE="-n --json --stats"
run -n --json --stats t
expect_rc 0
expect_err "would remove $plain"
expect_json_figures "$bytes" "$freed"

CASE="-n --stats"
run -n --stats t
expect_rc 0
expect_err "would remove $plain"
grep "^planned " "$T/.err" | grep -qxE "planned [^;]* in $num" ||
	{ _swrmtree_show; fail "$CASE: no planned line"; }
grep -qF "planned $plain in " "$T/.err" ||
	{ _swrmtree_show; fail "$CASE: planned line with other counts"; }
on_tty -n --stats t
grep -qF "planned $sum, freeing $h in " "$T/.out" ||
	{ _swrmtree_show; fail "$CASE: no planned line with freeing $h on a terminal"; }
assert_exists t/big

for jobs in -j1 -j4; do
	CASE="--stats $jobs"
	mkt
	[ "$(figures)" = "$files $dirs $bytes $freed" ] ||
		fail "$CASE: tree differs: $(figures)"
	on_tty --stats "$jobs" t
	grep -qF "removed $sum, freed $h in " "$T/.out" ||
		{ _swrmtree_show; fail "$CASE: no removed line with freed $h"; }
	assert_gone t
	# The link from outside is untouched, and so is its content.
	[ "$(stat -c '%h %s' out/shared)" = "1 50000" ] ||
		fail "$CASE: out/shared changed"

	CASE="-v --json --stats $jobs"
	mkt
	run -v --json --stats "$jobs" t
	expect_rc 0
	expect_err_count 1      # the --stats line, without the freed figure
	expect_json_figures "$bytes" "$freed"
	assert_gone t
done

# Nothing hard-linked: the space freed is what du counts.
CASE="no hard links"
rm -rf t out
mkdir -p t/a || fail "mkdir"
head -c 10000 /dev/zero >t/a/f || fail "write"
du_t=$(du -sB1 t | cut -f1) || fail "du"
run -n --json --stats t
expect_rc 0
expect_json_figures 10000 "$du_t"
exit 0
