#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Messages and Details (--json): names holding C1 control characters
# (U+0080 to U+009F as UTF-8; U+009B is a CSI on many terminals) never
# reach the terminal raw.  -n lists them quoted with $'\302\233' escapes, as
# ls --quoting-style=shell-escape does, in the C locale and in a UTF-8
# one; messages quote them the same way; --json writes them as \u0080 to
# \u009f, and U+2028 and U+2029 as \u2028 and \u2029.  -0 alone prints the
# raw bytes, as it should.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

csi=$(printf '\302\233')
utf8=
for l in C.UTF-8 C.utf8; do
	if [ "$(LC_ALL=$l locale charmap 2>/dev/null)" = UTF-8 ]; then
		utf8=$l
		break
	fi
done

mkdir d || fail "mkdir"
: >"d/a${csi}[31mb" || fail "touch"
: >"d/$csi" || fail "touch"
: >"d/$(printf 'nel\302\205')" || fail "touch"
: >"d/$(printf 'c1\302\200\302\237')" || fail "touch"
: >"d/$(printf 'ls\342\200\250ps\342\200\251')" || fail "touch"
mkdir "d/dir$csi" || fail "mkdir"
: >"d/dir$csi/f" || fail "touch"

# No byte pair C2 80 to C2 9F in FILE: od prints one byte per line.
no_raw_c1()
{
	od -An -v -tx1 -w1 <"$1" | awk -v what="$2" '
		prev == "c2" && $1 >= "80" && $1 <= "9f" {
			print "FAIL: a raw C1 control (c2 " $1 ") in " what > "/dev/stderr"
			bad = 1
		}
		{ prev = $1 }
		END { exit bad }' || fail "raw C1 control characters in $2"
}

# ---- -n, as ls quotes in each locale ------------------------------------------
for loc in C $utf8; do
	LC_ALL=$loc
	export LC_ALL
	find d -exec ls -dU --color=never --quoting-style=shell-escape -- {} + |
		LC_ALL=C sort >"$T/expected" || fail "find | ls"
	run -n d
	expect_rc 0
	no_raw_c1 "$T/.out" "the $loc listing"
	LC_ALL=C sort "$T/.out" >"$T/actual"
	if ! cmp -s "$T/expected" "$T/actual"; then
		cat -A "$T/expected" "$T/actual" >&2
		fail "$loc: -n does not quote as ls does"
	fi
	[ "$(LC_ALL=C grep -c "$csi" "$T/.out")" = 0 ] || fail "$loc: raw U+009B in -n"
	for w in "'d/a'\$'\\302\\233''[31mb'" "'d/'\$'\\302\\233'" \
		"'d/dir'\$'\\302\\233''/f'"; do
		grep -Fxq -e "$w" "$T/.out" || fail "$loc: -n does not list $w"
	done
	assert_exists "d/a${csi}[31mb"

	# A message names the path quoted the same way.
	run "d/gone$csi"
	expect_rc 1
	expect_err "sw-rmtree: cannot remove 'd/gone'\$'\\302\\233': No such file or directory"
	no_raw_c1 "$T/.err" "the $loc message"
done
LC_ALL=C
export LC_ALL

# ---- --json -------------------------------------------------------------------
run -n --json d
expect_rc 0
no_raw_c1 "$T/.out" "the JSON stream"
[ "$(LC_ALL=C grep -c "$csi" "$T/.out")" = 0 ] || fail "raw U+009B in --json"
for w in '{"path": "d/a\u009b[31mb", "type": "file", "size": 0}' \
	'{"path": "d/\u009b", "type": "file", "size": 0}' \
	'{"path": "d/nel\u0085", "type": "file", "size": 0}' \
	'{"path": "d/c1\u0080\u009f", "type": "file", "size": 0}' \
	'{"path": "d/ls\u2028ps\u2029", "type": "file", "size": 0}' \
	'{"path": "d/dir\u009b/f", "type": "file", "size": 0}' \
	'{"path": "d/dir\u009b", "type": "dir", "size": 0}'; do
	grep -Fxq -e "$w" "$T/.out" || fail "--json: no line $w"
done
grep -q path_b64 "$T/.out" && fail "--json: path_b64 for valid UTF-8"
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, os, sys
want = {os.fsencode(os.path.join(r, n))
        for r, ds, fs in os.walk(b"d") for n in ds + fs} | {b"d"}
got = set()
for line in open(sys.argv[1], "rb").read().decode().splitlines():
    o = json.loads(line)
    if "path" in o:
        got.add(o["path"].encode())
sys.exit(0 if got == want else "paths differ: %r / %r" % (got, want))
' "$T/.out" || fail "--json paths do not decode to the names"
fi

# ---- -0: raw bytes ------------------------------------------------------------
run -n -0 d
expect_rc 0
LC_ALL=C tr '\0' '\n' <"$T/.out" | grep -Fxq -e "d/$csi" ||
	fail "-0 does not print the raw name"

# ---- -v: the real run lists the same way and removes everything -----------------
run -v d
expect_rc 0
no_raw_c1 "$T/.out" "the -v listing"
grep -Fxq -e "'d/'\$'\\302\\233'" "$T/.out" || fail "-v does not list d/\$'\\302\\233'"
assert_gone d
exit 0
