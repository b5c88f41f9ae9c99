#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# --help: exit 0, usage on stdout naming every option of the contract,
# every description starting in one column, lines under 80 columns; it
# ends with where the full documentation is and, when configure was given
# a bug-report address (AC_INIT), where to report bugs;
# --version: exit 0, first line "sw-rmtree VERSION" (the configured one),
# then the copyright, license and authors lines of the GNU layout.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

for h in --help -h; do
	run "$h"
	expect_rc 0
	expect_no_err
	[ -s "$T/.out" ] || fail "$h printed nothing"
	for opt in -n --dry-run -f --force -I --confirm -v --verbose -0 --null \
		--json --contents --chmod --cross-mounts --protect \
		--no-preserve-root -j --jobs --progress --no-progress --stats \
		-h --help --version; do
		# The option as a word of its own: not a prefix of a longer one.
		grep -Eq -- "(^|[^-[:alnum:]])$opt([^-[:alnum:]]|\$)" "$T/.out" ||
			fail "$h does not mention $opt"
	done
	grep -q '^Usage: sw-rmtree ' "$T/.out" || fail "$h: no 'Usage: sw-rmtree' line"
done

# The option lines ("  -n, --dry-run   text", "      --json   text") and
# their continuation lines (only spaces before the text): the text starts
# in the same column on every one of them, after at least two spaces.
cols=$(awk '
	length($0) > 79 { print "long:" NR }
	/^  (-[^ -], |    )--?[^ ]/ {
		if (!match($0, /^ +-[^ ]+( -[^ ]+)* +/) || RLENGTH == length($0) ||
		    substr($0, RLENGTH - 1, 2) != "  ")
			print "bad:" NR
		else
			print RLENGTH + 1
		next
	}
	/^        +[^ ]/ { match($0, /^ +/); print RLENGTH + 1 }
' "$T/.out" | sort -u)
case $cols in
*:*) fail "--help: misshapen lines (line numbers): $(echo $cols)" ;;
[0-9]*[!0-9]*) fail "--help: descriptions start in several columns: $(echo $cols)" ;;
'') fail "--help: no option lines" ;;
esac
# One line for each of the 26 options (short and long spellings together;
# rm's -r/-R/--recursive, --one-file-system and --preserve-root included).
[ "$(grep -c '^  -\|^      --' "$T/.out")" = 26 ] ||
	fail "--help: not 26 option lines"

# The end: the manual, then (if there is one) the bug-report address.
bugs=
have_config=
if [ -n "${SWRMTREE_BUILDDIR:-}" ] && [ -f "$SWRMTREE_BUILDDIR/config.h" ]; then
	have_config=1
	bugs=$(sed -n 's/^#define PACKAGE_BUGREPORT "\(.*\)"$/\1/p' \
		"$SWRMTREE_BUILDDIR/config.h")
fi
doc="Full documentation: man sw-rmtree"
if [ -n "$bugs" ]; then
	[ "$(tail -n 1 "$T/.out")" = "Report bugs to: $bugs" ] ||
		fail "--help: the last line is not 'Report bugs to: $bugs'"
	[ "$(tail -n 2 "$T/.out" | head -n 1)" = "$doc" ] ||
		fail "--help: no '$doc' before the bug-report line"
elif [ -n "$have_config" ]; then
	[ "$(tail -n 1 "$T/.out")" = "$doc" ] ||
		fail "--help: the last line is not '$doc'"
	grep -q '^Report bugs' "$T/.out" &&
		fail "--help: a bug-report line without an address configured"
else
	grep -qxF "$doc" "$T/.out" || fail "--help: no '$doc' line"
fi

run --version
expect_rc 0
expect_no_err
first=$(head -n 1 "$T/.out")
version=
if [ -n "${SWRMTREE_BUILDDIR:-}" ] && [ -f "$SWRMTREE_BUILDDIR/config.h" ]; then
	version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
		"$SWRMTREE_BUILDDIR/config.h")
fi
if [ -n "$version" ]; then
	[ "$first" = "sw-rmtree $version" ] ||
		fail "--version says '$first', expected 'sw-rmtree $version'"
else
	printf '%s\n' "$first" | grep -Eq '^sw-rmtree [0-9]+(\.[0-9]+)+' ||
		fail "--version says '$first'"
fi

# The GNU layout: name and version; a copyright line; the license; the
# authors, after an empty line.
sed -n 2p "$T/.out" | grep -Eq '^Copyright \(C\) [0-9]{4}(-[0-9]{4})? ' ||
	fail "--version: line 2 is not a copyright line: $(sed -n 2p "$T/.out")"
grep -q '^License MIT: <https://' "$T/.out" || fail "--version: no 'License MIT' line"
grep -q '^There is NO WARRANTY' "$T/.out" || fail "--version: no warranty line"
grep -q '^Written by ' "$T/.out" || fail "--version: no 'Written by' line"
[ "$(tail -n 2 "$T/.out" | head -n 1)" = "" ] ||
	fail "--version: no empty line before 'Written by'"

# Neither removes anything given with it.
mkdir keep || fail "mkdir"
run --help keep
expect_rc 0
assert_exists keep
run --version keep
expect_rc 0
assert_exists keep

# getopt's own messages (an unknown or ambiguous option, a missing value)
# start with the program's name, not with the path it was run by, like
# every other message; then the line that points to --help.
for bad in --bogus --con -q --protect; do
	run "$bad"
	expect_rc 2
	head -n 1 "$T/.err" | grep -q '^sw-rmtree: ' ||
		{ _swrmtree_show; fail "$bad: the message does not start with 'sw-rmtree: '"; }
	expect_err "Try 'sw-rmtree --help' for more information."
done
exit 0
