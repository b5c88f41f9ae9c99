/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * links.h - the space a removal frees: st_blocks of the entries whose last
 * link goes, each inode counted once, however many of its hard links the
 * run removes.
 */
#ifndef SWRMTREE_LINKS_H
#define SWRMTREE_LINKS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct links_slot;

/*
 * Hard-linked inodes seen going, by identity: how many of their links went
 * and how many they have.  Only inodes with more than one link are kept, so
 * the memory grows with the hard-linked inodes of the tree, not with its
 * entries.  Not thread-safe: the caller serializes (api.c's run lock).
 */
struct links {
	struct links_slot *slots; /* open addressing; NULL until the first hard link */
	size_t cap;               /* slots: 0 or a power of two */
	size_t used;              /* slots taken, at most cap / 2 */
};

/* An empty table; it allocates nothing until a hard link comes. */
void links_init(struct links *t);

/* Release the memory; the table is empty again.  Accepts NULL. */
void links_free(struct links *t);

/*
 * The entry seen as INFO goes: the bytes that frees, into *RET_BYTES.  A
 * directory or a file with one link frees its blocks (st_blocks * 512).
 * A file with more links frees them, once, when as many of its links went
 * as it has (the most seen at any of them: a real run sees the count fall
 * as it unlinks, and the last link it sees then has one link left, which
 * frees).  A file with a link outside the tree never gets there and frees
 * nothing.  Returns 0, or -ENOMEM (*RET_BYTES is then 0: the space is not
 * counted).
 */
int links_freed(struct links *t, const struct util_info *info,
		uint64_t *ret_bytes);

#endif /* SWRMTREE_LINKS_H */
