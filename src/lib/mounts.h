/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * mounts.h - the mount table of the calling process, as the guards need
 * it: which mounts there are, the device each shows, which directory of
 * its file system it shows (its root) and where (its mount point, from the
 * process root).
 *
 * Two sources give the same table: listmount() and statmount() (Linux 6.8
 * and later), which let the strings be fetched only for the mounts that
 * matter, and /proc/self/mountinfo, which the kernel formats whole on
 * every read.  The system calls serve only where their answer is known to
 * be the file's: "/" must be the root of a mount, so that every mount they
 * list is reachable from it, as the file's are.  Anything else, and any
 * failure of theirs (old kernels, seccomp filters), falls back to the file.
 */
#ifndef SWRMTREE_MOUNTS_H
#define SWRMTREE_MOUNTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One mount. */
struct mounts_entry {
	uint64_t id;     /* the mount id statx() gives as STATX_MNT_ID */
	uint64_t unique; /* statmount()'s id of it; 0 when read from the file */
	uint64_t parent; /* statmount()'s id of its parent; 0 likewise */
	dev_t dev;       /* st_dev of what it shows */
	char *root; /* the directory of its file system it shows: see mounts_strings() */
	char *point; /* where it is mounted, from the process root: likewise */
};

/* Where mounts_load() reads the table from. */
enum mounts_source {
	MOUNTS_ANY = 0,  /* the system calls where they serve, else the file */
	MOUNTS_FILE,     /* /proc/self/mountinfo only */
	MOUNTS_SYSCALLS, /* listmount() and statmount() only */
	MOUNTS_SYSCALLS_EACH, /* the same, as a kernel that lists direct children only (tests) */
};

struct mounts {
	struct mounts_entry *v;
	size_t n, cap;
	int error; /* 0, or why the table could not be read (then n is 0) */
	unsigned int source; /* the source it was read from (not MOUNTS_ANY) */
	char *buf;           /* statmount()'s buffer */
	size_t buf_size;
};

/*
 * Read the table into T (zeroed by the caller) from HOW (enum
 * mounts_source).  Returns 0, with T->error set when the table could not
 * be read (ENODEV: the file is not procfs's; for MOUNTS_SYSCALLS, why they
 * cannot serve), or -ENOMEM.
 */
int mounts_load(struct mounts *t, unsigned int how);

/*
 * Make sure entry I has its root and point.  Returns 0; -ENOENT when the
 * mount is gone (nobody reaches anything through it then); -ENOMEM; or
 * another -errno of statmount().
 */
int mounts_strings(struct mounts *t, size_t i);

void mounts_free(struct mounts *t);

#endif /* SWRMTREE_MOUNTS_H */
