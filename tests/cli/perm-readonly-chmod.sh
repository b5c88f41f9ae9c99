#!/bin/sh
# Read-only directories with --chmod (issue 5, point 1): a directory the
# caller owns that lacks write, search or read permission gets u+rwx and
# its entries go; regular files are never chmod'ed (they need nothing).
# The directory that contains a PATH is never changed: a PATH in a 0555
# directory is emptied but stays, with one `Permission denied` naming it,
# and keeps the permissions it was given.  With --contents, each PATH gets
# its own mode back.  The dry run predicts all of it.  As uid 65534, -j1/-j4.
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

# As in perm-readonly.sh: ro holds a 0555 subtree and a 0644 directory
# (readable, not searchable); gomod is 0555 throughout but for its download
# cache.  lock (0555) holds the PATH lock/p, itself 0555 with a 0555 and a
# 0444 (read-only file) inside.
mk_trees()
{
	mkdir -p ro/rw ro/a/b ro/a/c ro/a/e ro/ns gomod/m/pkg gomod/cache/dl \
		lock/p/d || fail "mkdir"
	for f in ro/f ro/rw/x ro/a/g1 ro/a/g2 ro/a/g3 ro/a/b/h1 ro/a/b/h2 \
		ro/a/c/k ro/ns/j gomod/go.sum gomod/m/go.mod gomod/m/pkg/x.go \
		gomod/cache/dl/v1.zip lock/p/f lock/p/d/g; do
		printf 'data\n' >"$f" || fail "cannot create $f"
	done
	chown -R 65534:65534 ro gomod lock || fail "chown"
	chmod 0555 ro/a ro/a/b gomod gomod/m gomod/m/pkg lock lock/p lock/p/d ||
		fail "chmod"
	chmod 0644 ro/ns || fail "chmod"
	chmod 0444 lock/p/f || fail "chmod"
}

setup_w
for jobs in -j1 -j4; do
	# Everything goes but lock/p itself, which cannot leave lock; it
	# was made 0755 to be emptied and gets its 0555 back.  lock is not
	# touched.
	CASE="--chmod, $jobs"
	mk_trees
	want_err "sw-rmtree: cannot remove 'lock/p': Permission denied"
	plan_then_remove "$jobs" --chmod ro gomod lock/p
	expect_rc 1
	expect_left 'lock 555' 'lock/p 555'
	chmod -R u+rwx lock && rm -rf lock || fail "cleanup"

	# Without the PATH that cannot go: exit status 0, no message.
	CASE="--chmod, all goes, $jobs"
	mk_trees
	chmod -R u+rwx lock && rm -rf lock || fail "cleanup"
	want_err
	plan_then_remove "$jobs" --chmod ro gomod
	expect_rc 0
	expect_left

	# --contents: emptied, and each PATH keeps its mode (0755, 0555,
	# 0555 in a 0555 directory), owner and identity.
	CASE="--chmod --contents, $jobs"
	mk_trees
	id_ro=$(identity ro) && id_gomod=$(identity gomod) &&
		id_p=$(identity lock/p) || fail "stat"
	want_err
	plan_then_remove "$jobs" --chmod --contents ro gomod lock/p
	expect_rc 0
	expect_left 'ro 755' 'gomod 555' 'lock 555' 'lock/p 555'
	expect_identity ro "$id_ro"
	expect_identity gomod "$id_gomod"
	expect_identity lock/p "$id_p"
	chmod -R u+rwx ro gomod lock && rm -rf ro gomod lock || fail "cleanup"
done
exit 0
