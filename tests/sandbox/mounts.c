/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * mounts.c - the mount changes of the test sandbox (tests/cli/sandbox-exec)
 * in one process, with one recursive read-only change.  Not a test itself
 * and never installed; only sandbox-exec runs it, in the mount namespace of
 * its own that it has checked it is in.
 *
 *   mounts HOSTNS SCRATCH [HOLE]
 *
 * HOSTNS is the caller's mount namespace (readlink /proc/self/ns/mnt, as
 * sandbox-exec got it): if this process is in it, nothing is touched.
 * Otherwise, in this order:
 *   1. every mount becomes private (mount --make-rprivate /);
 *   2. every mount becomes read-only at once: mount_setattr(2) on / with
 *      AT_RECURSIVE (Linux 5.12), all or nothing;
 *   3. SCRATCH, then HOLE (the gcov hole), is bind-mounted onto itself,
 *      writable: a copy of the mount that holds it (open_tree(2)), made
 *      writable while it is still detached, so that the change can reach
 *      no other mount, then attached (move_mount(2)).
 * Exit status 0: all done.  3: step 1 done, step 2 refused and so not
 * done at all (an old kernel, a mount busy with a writer, one that a user
 * namespace may not change): sandbox-exec then binds and remounts mount by
 * mount, as it does without this program.  125, with a message on stderr:
 * anything else; sandbox-exec refuses.  Either way sandbox-exec then
 * checks every mount and probes for writes: this program is its fast
 * path, never what it trusts.
 *
 * It ends with _exit(): a coverage build would write its counters at
 * exit, onto file systems that are read-only by then.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#define SB_ATTR_RDONLY 0x00000001ULL /* MOUNT_ATTR_RDONLY */

enum {
	DONE = 0,
	NOT_RECURSIVE = 3,
	FAILED = 125
};

/* struct mount_attr of <linux/mount.h>, which not every libc's headers
 * let one include beside <sys/mount.h>. */
struct sb_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};

static void die(const char *what, const char *path)
{
	fprintf(stderr, "sandbox mounts: %s%s%s: %s\n", what, path ? " " : "",
		path ? path : "", strerror(errno));
	_exit(FAILED);
}

#if defined(SYS_mount_setattr) && defined(SYS_open_tree) && \
	defined(SYS_move_mount)
static int setattr(int dirfd, const char *path, unsigned flags, uint64_t set,
		   uint64_t clr)
{
	struct sb_mount_attr attr = { set, clr, 0, 0 };

	return (int)syscall(SYS_mount_setattr, dirfd, path, flags, &attr,
			    sizeof(attr));
}

/* Step 3 for PATH. */
static void writable_bind(const char *path)
{
	int fd = (int)syscall(SYS_open_tree, AT_FDCWD, path,
			      OPEN_TREE_CLONE | O_CLOEXEC | AT_SYMLINK_NOFOLLOW);

	if (fd < 0)
		die("cannot copy the mount of", path);
	if (setattr(fd, "", AT_EMPTY_PATH, 0, SB_ATTR_RDONLY) != 0)
		die("cannot make writable the copied mount of", path);
	if (syscall(SYS_move_mount, fd, "", AT_FDCWD, path,
		    MOVE_MOUNT_F_EMPTY_PATH) != 0)
		die("cannot bind-mount onto itself:", path);
	close(fd);
}
#else
static int setattr(int dirfd, const char *path, unsigned flags, uint64_t set,
		   uint64_t clr)
{
	(void)dirfd, (void)path, (void)flags, (void)set, (void)clr;
	errno = ENOSYS;
	return -1;
}

static void writable_bind(const char *path)
{
	errno = ENOSYS;
	die("cannot bind-mount onto itself:", path);
}
#endif

int main(int argc, char **argv)
{
	char ns[64];
	ssize_t n;

	if (argc < 3 || argc > 4 || argv[2][0] != '/' ||
	    (argc == 4 && argv[3][0] != '/')) {
		fprintf(stderr, "usage: mounts HOSTNS SCRATCH [HOLE]\n");
		_exit(FAILED);
	}
	n = readlink("/proc/self/ns/mnt", ns, sizeof(ns) - 1);
	if (n <= 0)
		die("cannot read", "/proc/self/ns/mnt");
	ns[n] = '\0';
	if (strncmp(argv[1], "mnt:", 4) != 0 || strcmp(ns, argv[1]) == 0) {
		errno = EPERM;
		die("in the caller's mount namespace (or a bad id); not touching mounts",
		    NULL);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		die("cannot make every mount private", NULL);
	if (setattr(AT_FDCWD, "/", AT_RECURSIVE, SB_ATTR_RDONLY, 0) != 0)
		_exit(NOT_RECURSIVE);
	for (int i = 2; i < argc; i++)
		writable_bind(argv[i]);
	_exit(DONE);
}
