/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * detach.h - renaming trees out of the way (swrmtree_detach()) and
 * collecting the leftovers of removers that died; the public half is in
 * swrmtree.h.
 */
#ifndef SWRMTREE_DETACH_H
#define SWRMTREE_DETACH_H

#include <stdint.h>

/*
 * Rename NAME in DIRFD (not closed) to a hidden name beside it,
 * SWRMTREE_TRASH_PREFIX + NAME (its first 200 bytes) + "." + six letters
 * and digits drawn from SEED: candidate after candidate with
 * RENAME_NOREPLACE, so that an existing entry is never replaced, until one
 * is free (at most 64).  Returns 0 and the new name in *RET_HIDDEN
 * (malloc'd), -EEXIST when every candidate was taken, or the rename's
 * -errno (-EBUSY for a mount point, -EROFS, -EACCES, -EINVAL where the
 * file system has no RENAME_NOREPLACE), or -ENOMEM.
 */
int detach_rename(int dirfd, const char *name, uint64_t seed, char **ret_hidden);

#endif /* SWRMTREE_DETACH_H */
