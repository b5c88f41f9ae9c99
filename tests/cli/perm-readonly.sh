#!/bin/sh
# Read-only directories without --chmod (issue 5, point 1): an entry of a
# directory that lacks write or search permission cannot be removed.  Each
# such directory is reported once, naming the directory, with `Permission
# denied`; its entries stay quietly, the directories above it stay without
# a message of their own, everything else goes, and the exit status is 1.
# The dry run predicts exactly that.  The same with --contents, which also
# keeps each PATH as it was.  Runs as uid 65534, with -j1 and -j4.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh" || exit 99

# ---- helpers: the same block in every perm-*.sh and contents.sh -----------

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
	chown 65534:65534 -- "$T/w" || fail "chown $T/w"
	cd -- "$T/w" || fail "cd $T/w"
}

# listing: "path mode" for everything in $T/w, sorted.
listing()
{
	find "$T/w" -mindepth 1 -printf '%P %m\n' | sort
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
	_n=$(grep -ac '^would remove [0-9]* files, [0-9]* directories, [0-9]* bytes$' "$T/.err")
	[ "$_n" = "$2" ] || fail "$CASE: $1: $_n 'would remove' lines, expected $2"
	if grep -avE -e '^sw-rmtree: ' -e '^would remove ' \
		-e '^(removed|planned) [0-9]+ files, [0-9]+ directories, [0-9]+ bytes in [0-9.]+ s \([0-9]+ entries/s\)(; [0-9]+ entries could not be removed)?$' \
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

# ---- the trees ----------------------------------------------------------------

# ro: a writable PATH with a read-only (0555) subtree, a directory without
# search permission (0644) and a writable part.  gomod: 0555 from its top
# down, as Go's module cache is, but for its writable download cache.
mk_trees()
{
	mkdir -p ro/rw ro/a/b ro/a/c ro/a/e ro/ns gomod/m/pkg gomod/cache/dl || fail "mkdir"
	for f in ro/f ro/rw/x ro/a/g1 ro/a/g2 ro/a/g3 ro/a/b/h1 ro/a/b/h2 \
		ro/a/c/k ro/ns/j gomod/go.sum gomod/m/go.mod gomod/m/pkg/x.go \
		gomod/cache/dl/v1.zip; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R 65534:65534 ro gomod || fail "chown"
	chmod 0555 ro/a ro/a/b gomod gomod/m gomod/m/pkg || fail "chmod"
	chmod 0644 ro/ns || fail "chmod"
}

# What stays: the read-only directories with all they hold, and the
# directories above them.  ro/a/c and ro/a/e are writable themselves (k
# goes) but cannot be removed from ro/a; so for gomod/cache.
LEFT_RO='ro 755
ro/a 555
ro/a/b 555
ro/a/b/h1 644
ro/a/b/h2 644
ro/a/c 755
ro/a/e 755
ro/a/g1 644
ro/a/g2 644
ro/a/g3 644
ro/ns 644
ro/ns/j 644'
LEFT_GOMOD='gomod 555
gomod/cache 755
gomod/go.sum 644
gomod/m 555
gomod/m/go.mod 644
gomod/m/pkg 555
gomod/m/pkg/x.go 644'

setup_w
for jobs in -j1 -j4; do
	CASE="0555 tree, $jobs"
	mk_trees
	want_err "sw-rmtree: cannot remove 'ro/a': Permission denied" \
		"sw-rmtree: cannot remove 'ro/a/b': Permission denied" \
		"sw-rmtree: cannot remove 'ro/ns': Permission denied" \
		"sw-rmtree: cannot remove 'gomod': Permission denied" \
		"sw-rmtree: cannot remove 'gomod/m': Permission denied" \
		"sw-rmtree: cannot remove 'gomod/m/pkg': Permission denied"
	plan_then_remove "$jobs" ro gomod
	expect_rc 1
	expect_left "$LEFT_RO" "$LEFT_GOMOD"
	chmod -R u+rwx ro gomod && rm -rf ro gomod || fail "cleanup"

	# --contents: the same, and each PATH stays exactly as it was.
	CASE="0555 tree, --contents $jobs"
	mk_trees
	id_ro=$(identity ro) && id_gomod=$(identity gomod) || fail "stat"
	plan_then_remove "$jobs" --contents ro gomod
	expect_rc 1
	expect_left "$LEFT_RO" "$LEFT_GOMOD"
	expect_identity ro "$id_ro"
	expect_identity gomod "$id_gomod"
	chmod -R u+rwx ro gomod && rm -rf ro gomod || fail "cleanup"
done
exit 0
