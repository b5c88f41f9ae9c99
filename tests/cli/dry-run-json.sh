#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: --json: with -n and with -v, one JSON object per line: per entry
# path, type (file dir symlink fifo socket chardev blockdev other) and size
# (st_size of a regular file, else 0), plus error exactly where the entry
# stays; a name that is not UTF-8 has U+FFFD per bad byte in path and its
# exact bytes in path_b64; the last line is the summary with the right
# counts and dry_run.  --json needs -n or -v, and does not go with -0.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is missing"
scratch_for_nobody
HOME=$T/home-of-nobody
XDG_CONFIG_HOME=$T/xdg-of-nobody
export HOME XDG_CONFIG_HOME

mkdir -p w || fail "mkdir"
cd w || fail "cd"
mktree d
# Names that are not UTF-8: bad bytes alone, two in a row, a lead byte
# without its continuation, a lone continuation byte, and one in a
# directory's name (so in the middle of its entries' paths).
mkdir -p "d/$(printf 'dir\377')/sub" || fail "mkdir"
: >"d/$(printf 'dir\377')/sub/$(printf 'x\303y')" || fail "touch"
: >"d/$(printf '\200')" || fail "touch"
printf 'abcdef' >"d/$(printf 'caf\377')" || fail "write"
# A control byte and a quote: valid UTF-8, so no path_b64.
: >"d/$(printf 'ctl\001"q')" || fail "touch"
# A device node needs real root (mknod), as in mktree.
if [ "$(id -u)" = 0 ]; then
	mknod d/blockdev b 7 0 || fail "mknod b"
fi
# Entries that stay: nobody's 0555 directory with entries, and an
# unreadable directory (root's, when running as root).
mkdir -p d/ro/a d/locked/hidden || fail "mkdir"
printf 1234567 >d/ro/x || fail "write"
: >d/ro/a/y || fail "touch"
chown -R "$NOBODY_UID:$NOBODY_GID" d || fail "chown"
if [ "$(id -u)" = 0 ]; then
	chown 0:0 d/locked || fail "chown"
fi
chmod 0555 d/ro || fail "chmod"
chmod 0000 d/locked || fail "chmod"

# Every path the JSON stream can show: all but what is in d/locked.
privileged find d -path d/locked/hidden -prune -o -print0 >"$T/all0" || fail "find"

cat >"$T/check.py" <<'EOF'
# check.py MODE OUT ERR ALL0 [LIST0]: validate one --json stream.
# MODE is "dry" (nothing changed yet) or "real" (the run is over).
import base64, json, os, stat, sys

mode, out, err, all0 = sys.argv[1:5]
list0 = sys.argv[5] if len(sys.argv) > 5 else None
TYPES = {"file", "dir", "symlink", "fifo", "socket", "chardev", "blockdev", "other"}
problems = []

def bad(msg):
    problems.append(msg)

def per_byte_replace(raw):
    """U+FFFD for every byte that is not part of a valid UTF-8 character."""
    s, i = [], 0
    while i < len(raw):
        for n in (1, 2, 3, 4):
            try:
                c = raw[i:i + n].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(c) == 1:
                s.append(c)
                i += n
                break
        else:
            s.append("\ufffd")
            i += 1
    return "".join(s)

def type_of(st):
    m = st.st_mode
    for test, name in ((stat.S_ISREG, "file"), (stat.S_ISDIR, "dir"),
                       (stat.S_ISLNK, "symlink"), (stat.S_ISFIFO, "fifo"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "chardev"),
                       (stat.S_ISBLK, "blockdev")):
        if test(m):
            return name
    return "other"

lines = open(out, "rb").read().split(b"\n")
if lines[-1] != b"":
    bad("stdout does not end with a newline")
lines = lines[:-1]
objs = []
for n, line in enumerate(lines, 1):
    try:
        objs.append(json.loads(line.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as e:
        bad("line %d is not JSON (%s): %r" % (n, e, line))
if problems:
    print("\n".join(problems))
    sys.exit(1)
if not objs or set(objs[-1]) != {"summary"}:
    print("the last line is not a summary")
    sys.exit(1)
summary = objs[-1]["summary"]
entries = objs[:-1]

files = dirs = nbytes = 0
seen, going, staying = [], [], []
for e in entries:
    keys = set(e)
    if not {"path", "type", "size"} <= keys or keys - {"path", "path_b64", "type", "size", "error"}:
        bad("wrong members: %r" % e)
        continue
    if "summary" in e:
        bad("a summary before the end")
    if e["type"] not in TYPES:
        bad("unknown type: %r" % e)
    if not isinstance(e["size"], int) or isinstance(e["size"], bool) or e["size"] < 0:
        bad("size is not a count: %r" % e)
    if "path_b64" in e:
        raw = base64.b64decode(e["path_b64"], validate=True)
        try:
            raw.decode("utf-8")
            bad("path_b64 for a valid UTF-8 name: %r" % e)
        except UnicodeDecodeError:
            pass
        if e["path"] != per_byte_replace(raw):
            bad("path is not the name with U+FFFD per bad byte: %r" % e)
    else:
        raw = e["path"].encode("utf-8", "surrogatepass")
        if "\ufffd" in e["path"] and b"\xef\xbf\xbd" not in raw:
            bad("U+FFFD without path_b64: %r" % e)
    seen.append(raw)
    if "error" in e:
        if not isinstance(e["error"], str) or not e["error"]:
            bad("empty error: %r" % e)
        staying.append(raw)
    else:
        going.append(raw)
        if e["type"] == "dir":
            dirs += 1
        else:
            files += 1
        nbytes += e["size"]
    there = os.path.lexists(raw)
    if mode == "dry" and not there:
        bad("listed but not there: %r" % raw)
    if mode == "real" and "error" in e and not there:
        bad("has an error but is gone: %r" % raw)
    if mode == "real" and "error" not in e and there:
        bad("has no error but is still there: %r" % raw)
    if there:
        # Type and size of what is (still) there, going or staying.
        st = os.lstat(raw)
        if e["type"] != type_of(st):
            bad("type %s, but it is a %s: %r" % (e["type"], type_of(st), raw))
        want = st.st_size if stat.S_ISREG(st.st_mode) else 0
        if e["size"] != want:
            bad("size %d, but st_size says %d: %r%s" % (e["size"], want, raw,
                " (an entry that stays)" if "error" in e else ""))

all_paths = [p for p in open(all0, "rb").read().split(b"\0") if p]
if sorted(seen) != sorted(all_paths):
    bad("the stream does not hold every entry once: missing %r, extra %r" % (
        sorted(set(all_paths) - set(seen)), sorted(set(seen) - set(all_paths))))
if list0 is not None:
    plain = [p for p in open(list0, "rb").read().split(b"\0") if p]
    if plain != going:
        bad("the entries without error are not the -0 list, in order")
if not staying:
    bad("no entry with an error (the test expects some)")

messages = [l for l in open(err, "rb").read().split(b"\n")
            if l.startswith(b"sw-rmtree: cannot remove ") or l.startswith(b"sw-rmtree: skipping ")]
want = {"files": files, "directories": dirs, "bytes": nbytes,
        "failed": len(messages), "dry_run": mode == "dry"}
if summary != want:
    bad("summary %r, expected %r" % (summary, want))
for k in ("files", "directories", "bytes", "failed"):
    if isinstance(summary.get(k), bool):
        bad("summary %s is a boolean" % k)
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF

# The non-UTF-8 names by themselves (in case the general checks miss them).
expect_b64()
{
	_want_path=$1 _want_raw=$2
	python3 - "$T/.out" "$_want_path" "$_want_raw" <<'EOF' ||
import base64, json, sys
want_path = sys.argv[2].encode().decode("unicode_escape")
want_raw = sys.argv[3].encode().decode("unicode_escape").encode("latin-1")
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if e.get("path") == want_path:
        sys.exit(0 if base64.b64decode(e.get("path_b64", "")) == want_raw else 1)
sys.exit(1)
EOF
		fail "no entry with path $_want_path and path_b64 of $_want_raw"
}

# ---- -n --json --------------------------------------------------------------
run_as_nobody -n -0 -j1 d
cp "$T/.out" "$T/plan0"
run_as_nobody -n --json -j1 d
expect_rc 1
cp "$T/.out" "$T/plan.json"
# The text summary says what the JSON one does (stderr is not a terminal:
# SPEC's form, the same nouns for every number, no binary units).
expect_err "would remove $(python3 -c '
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])["summary"]
print("%d files, %d directories, %d bytes"
      % (s["files"], s["directories"], s["bytes"]))
' "$T/.out")"
expect_err "sw-rmtree: cannot remove 'd/ro': Permission denied"
expect_err "sw-rmtree: cannot remove 'd/locked': Permission denied"
expect_err_count 3
python3 "$T/check.py" dry "$T/.out" "$T/.err" "$T/all0" "$T/plan0" >&2 ||
	fail "-n --json: wrong stream"
expect_b64 'd/caf\ufffd' 'd/caf\xff'
expect_b64 'd/bad\ufffd\ufffdname' 'd/bad\xff\xfename'
expect_b64 'd/\ufffd' 'd/\x80'
expect_b64 'd/dir\ufffd/sub/x\ufffdy' 'd/dir\xff/sub/x\xc3y'
expect_b64 'd/dir\ufffd' 'd/dir\xff'
grep -Fxq '{"path": "d/caf\u00e9", "type": "file", "size": 0}' "$T/.out" ||
	grep -Fxq '{"path": "d/café", "type": "file", "size": 0}' "$T/.out" ||
	fail "d/café is not listed as valid UTF-8 without path_b64"
grep -Fxq '{"path": "d/ro/x", "type": "file", "size": 7, "error": "Permission denied"}' "$T/.out" ||
	fail "d/ro/x is not in the stream with its error"
[ -e "$T/w/d/sub/big" ] || fail "-n --json removed something"

# ---- -v --json: the real run -------------------------------------------------
run_as_nobody -v --json -j1 d
expect_rc 1
python3 "$T/check.py" real "$T/.out" "$T/.err" "$T/all0" >&2 ||
	fail "-v --json: wrong stream"
expect_err "sw-rmtree: cannot remove 'd/ro': Permission denied"
expect_err "sw-rmtree: cannot remove 'd/locked': Permission denied"
expect_err_count 2
# Sequentially, the real run's entries are the plan's, in the same order.
head -n -1 "$T/plan.json" >"$T/plan.entries"
head -n -1 "$T/.out" >"$T/real.entries"
cmp -s "$T/plan.entries" "$T/real.entries" || {
	diff -u "$T/plan.entries" "$T/real.entries" >&2
	fail "-v --json and -n --json differ in their entries"
}
assert_gone "$T/w/d/sub"
assert_exists "$T/w/d/ro/x"

# Without any failure: exit 0 and failed 0, as root this time.
mkdir -p e/f || fail "mkdir e"
printf 'abc' >e/f/g || fail "write e/f/g"
ln -s g e/f/l || fail "ln e/f/l"
run -n --json e
expect_rc 0
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
want = [{"path": "e/f/g", "type": "file", "size": 3},
        {"path": "e/f/l", "type": "symlink", "size": 0}]
assert sorted(lines[:2], key=lambda e: e["path"]) == want, lines
assert lines[2:] == [{"path": "e/f", "type": "dir", "size": 0},
                     {"path": "e", "type": "dir", "size": 0},
                     {"summary": {"files": 2, "directories": 2, "bytes": 3,
                                  "failed": 0, "dry_run": True}}], lines
' "$T/.out" || fail "wrong -n --json stream for e"
run -v --json e
expect_rc 0
python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 5, lines
s = json.loads(lines[-1])
assert s == {"summary": {"files": 2, "directories": 2, "bytes": 3, "failed": 0, "dry_run": False}}, s
' "$T/.out" || fail "wrong -v --json stream for e"
assert_gone e

# ---- usage errors: nothing is removed ------------------------------------------
mkdir -p u/sub || fail "mkdir u"
for args in "--json" "-0 --json -n" "--json -n -0" "-v -0 --json" "-I --json"; do
	# shellcheck disable=SC2086  # one word per option
	run $args u
	expect_rc 2
	# shellcheck disable=SC2119  # no arguments: stdout must be empty
	expect_out
	assert_exists u/sub
done
# --json alone names itself only, not -0.
for args in "--json" "-I --json" "--json --stats"; do
	# shellcheck disable=SC2086  # one word per option
	run $args u
	expect_rc 2
	expect_err "sw-rmtree: --json needs -n or -v"
	expect_err "Try 'sw-rmtree --help' for more information."
	expect_err_count 2
done
exit 0
