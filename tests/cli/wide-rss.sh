#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# Width is unbounded and memory does not grow with it: 1,000,000 empty files
# in one directory go with exit 0 and a peak RSS under 16 MiB.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
heavy "measures peak RSS over 1,000,000 entries"

count=1000000
limit_kib=16384

[ -x /usr/bin/time ] || skip "/usr/bin/time is missing (apt-get install time)"
/usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
	skip "/usr/bin/time is not GNU time (no -f %M)"
# Sanitizer builds use far more memory by design.
! sanitized || skip "sanitizer build: RSS is not meaningful"
# Files are created relative to a directory descriptor.
cat >wide.c <<'EOC'
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* wide build DIR N: N empty files DIR/f0000000...; wide count DIR: entries. */
int main(int argc, char **argv)
{
	char name[32];
	long i, n = 0;
	int fd, f;
	DIR *d;

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
			snprintf(name, sizeof(name), "f%07ld", i);
			f = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (f < 0) {
				perror(name);
				return 1;
			}
			close(f);
		}
		return 0;
	}
	d = fdopendir(fd);
	if (!d) {
		perror("fdopendir");
		return 1;
	}
	while (readdir(d))
		n++;
	printf("%ld\n", n - 2);
	return 0;
}
EOC
cat >wide.py <<'EOP'
import os, sys
fd = os.open(sys.argv[2], os.O_RDONLY | os.O_DIRECTORY)
if sys.argv[1] == "build":
    for i in range(int(sys.argv[3])):
        os.close(os.open("f%07d" % i, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd))
else:
    print(sum(1 for _ in os.scandir(fd)))
EOP
if ${CC:-cc} -O2 -o wide wide.c 2>/dev/null; then
	wide="$T/wide"
elif command -v python3 >/dev/null 2>&1; then
	wide="python3 $T/wide.py"
else
	skip "neither a C compiler nor python3 to build the directory"
fi

sandbox_check || skip "no mount namespace: $_swrmtree_why"

# Build, measure, remove and look, all inside one sandbox, on a tmpfs
# mounted there (it goes with the sandbox): a million files on a disk take
# minutes to make, and the peak RSS does not depend on the file system.
# shellcheck disable=SC2016  # expanded by the inner shell
sandbox_exec /bin/sh -c '
	count=$1 limit=$2 wide=$3
	. "$SWRMTREE_SRCDIR/tests/cli/lib.sh" || exit 98
	mount_tmpfs -o mode=0755 "$T/m"
	cd "$T/m" && mkdir big && : >sibling || exit 98
	$wide build big "$count" || exit 98
	echo "entries $($wide count big)"
	timeout -k 10 "$limit" /usr/bin/time -f %M -o "$T/.rss" "$SWRMTREE_BIN" big
	rc=$?
	if [ -e big ]; then echo "big is still there"; else echo "big is gone"; fi
	[ -e sibling ] && echo "sibling is there"
	exit $rc' sh "$count" "$SWRMTREE_TEST_TIMEOUT" "$wide"
[ "$rc" != 98 ] || { _swrmtree_show; fail "could not set up the directory on a tmpfs"; }
expect_no_err
expect_out "entries $count" "big is gone" "sibling is there"
expect_rc 0
rss=$(tail -n 1 "$T/.rss")
case $rss in
'' | *[!0-9]*) fail "no peak RSS from /usr/bin/time: '$rss'" ;;
esac
note "peak RSS: $rss KiB for $count entries"
[ "$rss" -lt "$limit_kib" ] || fail "peak RSS $rss KiB, limit $limit_kib KiB"
exit 0
