# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# shellcheck shell=sh
# tests/cli/perm-lib.sh - helpers shared by perm-*.sh and contents.sh:
# sourced after lib.sh, never run.  A scratch tree that uid 65534 owns,
# runs as that user, the plan-then-remove comparison and its checks.

# uid 65534 works in $T/w, a directory it owns (so that it may remove what
# it puts at the top).  HOME and XDG_CONFIG_HOME point into $T: it could
# not read root's configuration, and that would be a different error.
setup_w()
{
	case ${T:-} in
	/?*) ;;
	*) echo "ERROR: lib.sh did not set up \$T" >&2; exit 99 ;;
	esac
	scratch_for_nobody
	umask 022
	HOME=$T/home
	XDG_CONFIG_HOME=$T/xdg
	export HOME XDG_CONFIG_HOME
	mkdir -- "$T/w" || fail "mkdir $T/w"
	chown "$NOBODY_UID:$NOBODY_GID" -- "$T/w" || fail "chown $T/w"
	cd -- "$T/w" || fail "cd $T/w"
}

# listing: "path mode" for everything in $T/w, sorted, the insides of
# directories nobody cannot read included.
listing()
{
	privileged find "$T/w" -mindepth 1 -printf '%P %m\n' | sort
}

show_diff()
{
	diff -u "$1" "$2" | cat -A >&2
	fail "$3"
}

# expect_left LINE...: exactly these "path mode" lines are left in $T/w.
expect_left()
{
	if [ $# -eq 0 ]; then : >"$T/.want-left"; else printf '%s\n' "$@" | sort >"$T/.want-left"; fi
	listing >"$T/.left"
	cmp -s "$T/.want-left" "$T/.left" ||
		show_diff "$T/.want-left" "$T/.left" "$CASE: wrong entries left on disk"
}

# want_err LINE...: the messages (in any order, each exactly once) that the
# next plan_then_remove must see, from its dry run and its real run alike.
want_err()
{
	if [ $# -eq 0 ]; then : >"$T/.want-err"; else printf '%s\n' "$@" | sort >"$T/.want-err"; fi
}

# check_messages WHAT N: stderr holds exactly the wanted messages, N
# "would remove" summaries, and otherwise only --stats lines.
check_messages()
{
	grep -a '^sw-rmtree: ' "$T/.err" | sort >"$T/.msgs"
	cmp -s "$T/.want-err" "$T/.msgs" ||
		show_diff "$T/.want-err" "$T/.msgs" "$CASE: $1: messages differ"
	_n=$(grep -acE '^would remove [0-9]+ files?, [0-9]+ director(y|ies), [0-9]+ bytes?( \([0-9.]+ [KMGTPE]iB\))?$' "$T/.err")
	[ "$_n" = "$2" ] || fail "$CASE: $1: $_n 'would remove' lines, expected $2"
	if grep -avE -e '^sw-rmtree: ' -e '^would remove ' \
		-e '^(removed|planned) [0-9]+ files?, [0-9]+ director(y|ies), [0-9]+ bytes?( \([0-9.]+ [KMGTPE]iB\))? in [0-9.]+ s \([0-9]+ entries/s\)(; [0-9]+ entr(y|ies) could not be removed)?(; [0-9]+ entr(y|ies) kept by --keep)?$' \
		"$T/.err" >&2; then
		fail "$CASE: $1: unexpected lines on stderr (above)"
	fi
}

# plan_then_remove ARG...: as uid 65534, a dry run `-n -0 ARG...`, which
# must change nothing, then the real run `-v -0 ARG...` (its exit status
# stays in $rc, its stderr in $T/.err).  The dry run must list exactly the
# entries that the real run removes (compared as sets; $PLAN_BLIND names
# the entries it cannot see: those inside a directory only --chmod makes
# readable), predict the same exit status, and both must print exactly the
# messages given to want_err.
plan_then_remove()
{
	listing >"$T/.before"
	run_as_nobody -n -0 "$@"
	# shellcheck disable=SC2154  # rc is set by lib.sh's run_as_nobody
	_plan_rc=$rc
	listing >"$T/.after-plan"
	cmp -s "$T/.before" "$T/.after-plan" ||
		show_diff "$T/.before" "$T/.after-plan" "$CASE: the dry run changed the tree"
	check_messages "dry run" 1
	# One line per entry, a newline in a name shown as ^A.
	{
		tr '\n\0' '\001\n' <"$T/.out"
		for _p in ${PLAN_BLIND:-}; do printf '%s\n' "$_p"; done
	} | sort >"$T/.planned"
	run_as_nobody -v -0 "$@"
	check_messages "real run" 0
	tr '\n\0' '\001\n' <"$T/.out" | sort >"$T/.removed"
	cmp -s "$T/.planned" "$T/.removed" ||
		show_diff "$T/.planned" "$T/.removed" \
			"$CASE: the dry run's list (-) differs from what the real run removed (+)"
	[ "$_plan_rc" = "$rc" ] ||
		fail "$CASE: the dry run exits with $_plan_rc, the real run with $rc"
}

# identity PATH: what --contents must keep of PATH.
identity()
{
	stat -c '%d:%i %u:%g %a' -- "$1"
}

# expect_identity PATH WAS: PATH is still what `identity PATH` said before.
expect_identity()
{
	_now=$(identity "$1")
	[ "$_now" = "$2" ] || fail "$CASE: $1 changed: $_now, was $2"
}
