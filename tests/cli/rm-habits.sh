#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# rm's habits: -r, -R and --recursive are accepted and change nothing (so
# "sw-rmtree -rf build" works); --one-file-system and --preserve-root[=all]
# are accepted (they are the defaults), and each undoes --cross-mounts or
# --no-preserve-root given before it; -i, --interactive and -d, --dir are
# usage errors that say why, and nothing is removed.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

for opts in -rf -Rf -r -R --recursive "-r -v" "-fr --one-file-system" \
	"--preserve-root -R" --preserve-root=all; do
	CASE="$opts"
	mkdir -p build/a build/b/c && : >build/a/f && : >build/b/c/g || fail "mkdir"
	# shellcheck disable=SC2086  # $opts is a list of words
	run $opts build
	expect_rc 0
	expect_no_err
	assert_gone build
done

for opts in -i --interactive --interactive=never -ri -d --dir -rd; do
	CASE="$opts"
	mkdir -p keep && : >keep/f || fail "mkdir"
	# shellcheck disable=SC2086
	run $opts keep
	expect_rc 2
	case $opts in
	-i | -ri | --interactive*) expect_err "sw-rmtree: -i (--interactive) is not supported: sw-rmtree always recurses and does not ask per file; -I (--confirm) asks once" ;;
	*) expect_err "sw-rmtree: -d (--dir) is not supported: sw-rmtree always recurses (directories go with what they hold); -I (--confirm) asks once before removing" ;;
	esac
	assert_exists keep/f
done

CASE="--preserve-root=yes"
run --preserve-root=yes keep
expect_rc 2
expect_err "sw-rmtree: invalid argument for --preserve-root: 'yes'"
assert_exists keep/f

# The later of --no-preserve-root and --preserve-root wins: "/" is refused
# (a dry run, in the sandbox, where nothing outside the scratch directory
# can be written; the refusal comes before anything is looked at).
CASE="--no-preserve-root --preserve-root"
run -n --no-preserve-root --preserve-root /
expect_rc 2
expect_err "sw-rmtree: refusing to remove '/': it is the root directory (use --no-preserve-root to override)"

# --one-file-system after --cross-mounts: a mount inside is skipped again.
if sandbox_check; then
	CASE="--cross-mounts --one-file-system"
	mkdir -p t/m || fail "mkdir"
	# shellcheck disable=SC2016  # expanded by the inner shell
	in_tmpfs t/m /bin/sh -c ': >t/m/x && "$SWRMTREE_BIN" --cross-mounts --one-file-system t
echo $? >"$T/rc"; [ -e t/m/x ] && echo kept >"$T/kept"; exit 0'
	[ "$(cat "$T/rc")" = 1 ] || fail "$CASE: exit status $(cat "$T/rc"), expected 1"
	[ -e "$T/kept" ] || fail "$CASE: the tmpfs was emptied"
	expect_err "sw-rmtree: skipping 't/m': mount point not crossed (use --cross-mounts to enter it)"
else
	note "no mount namespace ($_swrmtree_why): --one-file-system after --cross-mounts not tried"
fi
exit 0
