#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Shell completion (completion/sw-rmtree.bash, completion/_sw-rmtree):
# the bash function, called in a non-interactive bash with the COMP_*
# variables bash would set, offers every option of --help for "--" and
# "-", job counts for --jobs= and -j, only directories for --protect=,
# files and directories for PATHs (also after "--", even when they start
# with "-").  Once without the bash-completion package's helpers (the
# script's own fallback) and once with them, when that package is here.
# The zsh function is checked for syntax and for every option, when zsh is
# here.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v bash >/dev/null 2>&1 || skip "bash is missing"
bash_script=$SWRMTREE_SRCDIR/completion/sw-rmtree.bash
zsh_script=$SWRMTREE_SRCDIR/completion/_sw-rmtree
[ -f "$bash_script" ] || fail "no $bash_script"
[ -f "$zsh_script" ] || fail "no $zsh_script"

# The options, from --help.
run --help
expect_rc 0
sed -n 's/^ \{2,\}\(-[^ ,]*, \)\{0,1\}\(--[a-z][a-z-]*=\{0,1\}\).*/\2/p' "$T/.out" |
	sort >"$T/long" || fail "sed"
sed -n 's/^ \{2,\}\(-[a-zA-Z0-9]\), .*/\1/p' "$T/.out" | sort >"$T/short" || fail "sed"
[ "$(wc -l <"$T/long")" -ge 15 ] || { cat "$T/.out" >&2; fail "cannot read the options from --help"; }
grep -qx -- --jobs= "$T/long" || fail "--help: no --jobs="
grep -qx -- -j "$T/short" || fail "--help: no -j"

# A directory to complete in: directories, files, a name with a dash.
mkdir -p c/dira c/dirb || fail "mkdir"
: >c/file1 && : >c/-weird || fail "touch"

# The driver: "comp WORD... @@ LINE" calls the completion function as
# bash would for the words WORD... (split as COMP_WORDBREAKS splits them;
# the last one is being completed) typed as LINE, and prints COMPREPLY,
# one per line, sorted.
cat >"$T/drive.bash" <<'EOF'
cd "$T/c" || exit 1
if [ "$WITH_BASH_COMPLETION" = 1 ]; then
	# shellcheck disable=SC1091
	. /usr/share/bash-completion/bash_completion || exit 3
	declare -F _init_completion >/dev/null || exit 3
else
	declare -F _init_completion >/dev/null && exit 4
fi
# shellcheck disable=SC1090
. "$1" || exit 1
complete -p sw-rmtree | grep -q -- '-F _sw_rmtree' || exit 5
comp()
{
	local -a w=()
	while [ "$1" != @@ ]; do
		w+=("$1")
		shift
	done
	COMP_WORDS=("${w[@]}")
	COMP_CWORD=$((${#w[@]} - 1))
	COMP_LINE=$2
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_sw_rmtree sw-rmtree "${w[COMP_CWORD]}" "${w[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}
shift
comp "$@"
EOF

# complete_as MODE WORD... @@ LINE: the sorted answers, in $T/got.
complete_as()
{
	_mode=$1
	shift
	WITH_BASH_COMPLETION=$_mode bash --norc --noprofile "$T/drive.bash" \
		"$bash_script" "$@" >"$T/got" 2>"$T/got.err"
	_rc=$?
	[ "$_rc" != 3 ] || fail "cannot load bash-completion"
	[ "$_rc" = 0 ] || { cat "$T/got.err" >&2; fail "completion failed ($_rc) for: $*"; }
	[ ! -s "$T/got.err" ] || { cat "$T/got.err" >&2; fail "errors from completion for: $*"; }
}

# expect_got WORD...: the answers are exactly these.
expect_got()
{
	printf '%s\n' "$@" | sort >"$T/want"
	if ! cmp -s "$T/want" "$T/got"; then
		printf -- '--- want:\n' >&2
		cat "$T/want" >&2
		printf -- '--- got:\n' >&2
		cat "$T/got" >&2
		fail "completion ($mode): unexpected answers for '$line'"
	fi
}

# expect_jobs: job counts, including 1 2 4 8, each a valid -j value.
expect_jobs()
{
	for n in 1 2 4 8; do
		grep -qx -- "$1$n" "$T/got" || { cat "$T/got" >&2; fail "($mode) '$line': no $n"; }
	done
	if grep -v -- "^$1\([1-9][0-9]\{0,2\}\|10[01][0-9]\|102[0-4]\)\$" "$T/got" | grep -q .; then
		cat "$T/got" >&2
		fail "($mode) '$line': something that is not a job count"
	fi
}

modes=0
if [ -f /usr/share/bash-completion/bash_completion ]; then
	modes="0 1"
else
	note "bash-completion is not installed: only the script's own fallback is checked"
fi

for mode in $modes; do
	line="sw-rmtree --"
	complete_as "$mode" sw-rmtree -- @@ "$line"
	cmp -s "$T/long" "$T/got" ||
		{ diff "$T/long" "$T/got" >&2; fail "($mode) '--': not the options of --help"; }

	line="sw-rmtree -"
	complete_as "$mode" sw-rmtree - @@ "$line"
	sort "$T/long" "$T/short" >"$T/all"
	cmp -s "$T/all" "$T/got" ||
		{ diff "$T/all" "$T/got" >&2; fail "($mode) '-': not the options of --help"; }

	line="sw-rmtree --no"
	complete_as "$mode" sw-rmtree --no @@ "$line"
	expect_got --no-preserve-root --no-progress

	line="sw-rmtree --jobs="
	complete_as "$mode" sw-rmtree --jobs = @@ "$line"
	expect_jobs ""

	line="sw-rmtree --jobs=1"
	complete_as "$mode" sw-rmtree --jobs = 1 @@ "$line"
	grep -qx 1 "$T/got" && grep -qx 16 "$T/got" && ! grep -qv '^1' "$T/got" ||
		{ cat "$T/got" >&2; fail "($mode) '$line': not the counts starting with 1"; }

	line="sw-rmtree -j "
	complete_as "$mode" sw-rmtree -j "" @@ "$line"
	expect_jobs ""

	line="sw-rmtree --protect="
	complete_as "$mode" sw-rmtree --protect = @@ "$line"
	expect_got dira dirb

	line="sw-rmtree --protect=d"
	complete_as "$mode" sw-rmtree --protect = d @@ "$line"
	expect_got dira dirb

	line="sw-rmtree -v "
	complete_as "$mode" sw-rmtree -v "" @@ "$line"
	expect_got -weird dira dirb file1

	line="sw-rmtree -- -"
	complete_as "$mode" sw-rmtree -- - @@ "$line"
	expect_got -weird

	line="sw-rmtree --stats f"
	complete_as "$mode" sw-rmtree --stats f @@ "$line"
	expect_got file1
done

# Without "=" among the word breaks, the word is "--jobs=" whole and the
# answers keep their "--jobs=" (the fallback's case; bash-completion
# splits such words itself).
mode=0
line="sw-rmtree --jobs="
complete_as 0 sw-rmtree --jobs= @@ "$line"
expect_jobs --jobs=
line="sw-rmtree --protect="
complete_as 0 sw-rmtree --protect= @@ "$line"
expect_got --protect=dira --protect=dirb

# zsh: syntax, and every option of --help named in the function.
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$zsh_script" || fail "zsh: syntax error in $zsh_script"
	head -n 1 "$zsh_script" | grep -qx '#compdef sw-rmtree' || fail "zsh: no #compdef line"
	while IFS= read -r opt; do
		grep -qF -e "$opt" "$zsh_script" || fail "zsh: $opt is missing"
	done <"$T/long"
else
	note "zsh is not installed: the zsh function is not checked"
fi
