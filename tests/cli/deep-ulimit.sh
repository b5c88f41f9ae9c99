#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Depth is unbounded: a chain of 100,000 nested directories goes with
# `ulimit -n 64` (no recursion, a bounded number of descriptors), exit 0,
# and nothing next to it is touched.
#
# The chain lives on a tmpfs mounted inside the sandbox.  On the scratch
# directory itself, a bind mount of a subdirectory, every `..` lookup costs
# the kernel a walk up to the mount root (is_subdir), which made a walk that
# goes back up through `..` quadratic: minutes instead of seconds.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "100,000 levels under ulimit -n 64"

depth=100000

# The chain is built and measured relative to directory descriptors, so no
# path ever gets longer than one component.
cat >chain.c <<'EOC'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* chain build DIR N: DIR/d/d/.../d (N levels) with a file "leaf" at the bottom.
 * chain count DIR: how many levels of "d" there are below DIR. */
int main(int argc, char **argv)
{
	long i, n = 0;
	int fd, nfd;

	if (argc < 3 || (strcmp(argv[1], "build") == 0 && argc < 4))
		return 2;
	fd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	if (strcmp(argv[1], "build") == 0) {
		n = atol(argv[3]);
		for (i = 0; i < n; i++) {
			if (mkdirat(fd, "d", 0755) < 0) {
				perror("mkdirat");
				return 1;
			}
			nfd = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (nfd < 0) {
				perror("openat");
				return 1;
			}
			close(fd);
			fd = nfd;
		}
		nfd = openat(fd, "leaf", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (nfd < 0) {
			perror("leaf");
			return 1;
		}
		close(nfd);
		return 0;
	}
	for (;;) {
		nfd = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0)
			break;
		close(fd);
		fd = nfd;
		n++;
	}
	printf("%ld\n", n);
	return 0;
}
EOC
cat >chain.py <<'EOP'
import os, sys
fd = os.open(sys.argv[2], os.O_RDONLY | os.O_DIRECTORY)
n = 0
if sys.argv[1] == "build":
    for i in range(int(sys.argv[3])):
        os.mkdir("d", 0o755, dir_fd=fd)
        nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
        os.close(fd)
        fd = nfd
    os.close(os.open("leaf", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd))
else:
    while True:
        try:
            nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
        except OSError:
            break
        os.close(fd)
        fd = nfd
        n += 1
    print(n)
EOP
# $T/chain: the compiled helper or a wrapper around the python one.
if ! ${CC:-cc} -O2 -o chain chain.c 2>/dev/null; then
	command -v python3 >/dev/null 2>&1 ||
		skip "neither a C compiler nor python3 to build the chain"
	printf '#!/bin/sh\nexec python3 "%s/chain.py" "$@"\n' "$T" >chain ||
		fail "cannot write the python wrapper"
	chmod +x chain || fail "chmod"
fi
sandbox_check || skip "no mount namespace: $_swrmtree_why"

# Build, measure, remove and look, all inside one sandbox (the tmpfs goes
# with it); the shell's exit status is the binary's.
# shellcheck disable=SC2016  # expanded by the inner shell
sandbox_exec /bin/sh -c '
	depth=$1 limit=$2
	. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 98
	mount_tmpfs -o mode=0755 "$T/m"
	cd "$T/m" || exit 98
	mkdir deep && : >sibling || exit 98
	"$T/chain" build deep "$depth" || exit 98
	echo "levels $("$T/chain" count deep)"
	ulimit -n 64 || exit 98
	echo "limit $(ulimit -n)"
	timeout -k 10 "$limit" "$SWRMTREE_BIN" deep
	rc=$?
	if [ -e deep ] || [ -L deep ]; then echo "deep is still there"; else echo "deep is gone"; fi
	[ -e sibling ] && echo "sibling is there"
	exit $rc' sh "$depth" "$SWRMTREE_TEST_TIMEOUT"
[ "$rc" != 98 ] || { _swrmtree_show; fail "could not set up the chain on a tmpfs"; }
expect_no_err
expect_out "levels $depth" "limit 64" "deep is gone" "sibling is there"
expect_rc 0
exit 0
