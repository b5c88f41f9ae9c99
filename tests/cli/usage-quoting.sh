#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Messages: in messages a path is always quoted as GNU rm quotes it
# (shell-escape-always), so that a name with a newline or a control byte
# stays on one line.  That holds for the messages of usage errors too: the
# --keep-from file that cannot be read or holds a bad line, and the values
# of -j and --preserve-root that are refused.  Exit status 2 and nothing
# removed, as for every usage error.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

nl='
'
esc=$(printf '\033')
try="Try 'sw-rmtree --help' for more information."
mkdir d && : >d/f || fail "mkdir"

# refused WHAT LINE ARG...: sw-rmtree ARG... d is a usage error whose
# stderr is LINE, then the pointer to --help; nothing is removed.
refused()
{
	CASE=$1
	printf '%s\n%s\n' "$2" "$try" >"$T/want" || fail "printf"
	shift 2
	run "$@" d
	cmp -s "$T/want" "$T/.err" || {
		cat -A "$T/.err" >&2
		fail "$CASE: stderr is not: $(head -n 1 "$T/want")"
	}
	expect_rc 2
	assert_exists d/f
}

printf 'ok\n/\n' >"l${nl}ist" || fail "write"
refused "a --keep-from file that does not exist" \
	"sw-rmtree: cannot read keep file 'a'\$'\\n''b': No such file or directory" \
	--keep-from="a${nl}b"
refused "a --keep-from file named with an escape sequence" \
	"sw-rmtree: cannot read keep file 'x'\$'\\033''[31m': No such file or directory" \
	--keep-from="x${esc}[31m"
refused "a --keep-from file with a bad line" \
	"sw-rmtree: 'l'\$'\\n''ist':2: a pattern that names no entry (empty, only '.' and '/', a '..', or a NUL byte)" \
	--keep-from="l${nl}ist"
refused "a --keep-from file with a quote in its name" \
	"sw-rmtree: cannot read keep file \"it's\": No such file or directory" \
	--keep-from="it's"
refused "-j with a newline" \
	"sw-rmtree: invalid number of jobs (1 to 1024): '1'\$'\\n''2'" -j "1${nl}2"
# Plain values are quoted as before.
refused "-j 4x" "sw-rmtree: invalid number of jobs (1 to 1024): '4x'" -j 4x
refused "--jobs=" "sw-rmtree: invalid number of jobs (1 to 1024): ''" --jobs=
refused "--preserve-root with a control byte" \
	"sw-rmtree: invalid argument for --preserve-root: 'all'\$'\\001'" \
	--preserve-root="$(printf 'all\001')"
exit 0
