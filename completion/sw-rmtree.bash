# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# bash completion for sw-rmtree(1)                        -*- shell-script -*-
#
# Installed into bash-completion's completions directory, where it is
# loaded on first use; it can also be sourced directly.  It uses the
# bash-completion package's helpers when they are there and falls back
# to plain compgen otherwise.

# The long options, with "=" where they take a value.
_sw_rmtree_long='--dry-run --force --confirm --verbose --null --json
	--contents --chmod --cross-mounts --protect= --keep= --keep-from=
	--no-preserve-root --jobs= --progress --no-progress --stats --detach
	--detach-log= --collect --any-owner --recursive --one-file-system
	--preserve-root --help --version'
_sw_rmtree_short='-n -f -I -v -0 -j -r -h'

# Job counts worth offering: powers of two and the online CPUs.
_sw_rmtree_jobs()
{
	local n
	n=$(getconf _NPROCESSORS_ONLN 2>/dev/null)
	printf '%s\n' 1 2 4 8 16
	case $n in
	'' | *[!0-9]* | 1 | 2 | 4 | 8 | 16) ;;
	*) printf '%s\n' "$n" ;;
	esac
}

# Directories ($2 = 1) or files and directories ($2 = 0) that complete $1,
# into COMPREPLY, each with the prefix $3.
_sw_rmtree_paths()
{
	local cur=$1 dirsonly=$2 prefix=$3
	if [[ -z $prefix ]] && declare -F _filedir >/dev/null; then
		if [[ $dirsonly == 1 ]]; then
			_filedir -d
		else
			_filedir
		fi
		return
	fi
	compopt -o filenames 2>/dev/null
	if [[ $dirsonly == 1 ]]; then
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -d -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -f -- "$cur")
	fi
}

_sw_rmtree()
{
	local cur prev words cword split=false opt="" prefix="" i
	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
		[[ $split == true ]] && opt=$prev
	else
		# Without bash-completion: bash splits "--jobs=4" into
		# "--jobs" "=" "4" (COMP_WORDBREAKS); put it back together.
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
		prev=
		((cword > 0)) && prev=${words[cword - 1]}
		if [[ $cur == = && $prev == --* ]]; then
			opt=$prev
			cur=
		elif [[ $prev == = ]] && ((cword > 1)) &&
			[[ ${words[cword - 2]} == --* ]]; then
			opt=${words[cword - 2]}
		elif [[ $cur == --*=* ]]; then
			# "=" is not a word break here: answers keep "--opt=".
			opt=${cur%%=*}
			prefix=${cur%%=*}=
			cur=${cur#*=}
		fi
	fi
	[[ -z $opt && ($prev == -j || $prev == --jobs || $prev == --protect ||
		$prev == --keep || $prev == --keep-from || $prev == --detach-log) ]] &&
		opt=$prev

	case $opt in
	-j | --jobs)
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$(_sw_rmtree_jobs)" -- "$cur")
		return
		;;
	--protect)
		_sw_rmtree_paths "$cur" 1 "$prefix"
		return
		;;
	--keep-from | --detach-log)
		_sw_rmtree_paths "$cur" 0 "$prefix"
		return
		;;
	--*)
		return          # no other option takes a value
		;;
	esac

	# After "--" everything is a PATH.
	for ((i = 1; i < cword; i++)); do
		[[ ${words[i]} == -- ]] && break
	done
	if ((i == cword)) && [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_sw_rmtree_long $_sw_rmtree_short" -- "$cur")
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	_sw_rmtree_paths "$cur" 0 ""
}

complete -F _sw_rmtree sw-rmtree
