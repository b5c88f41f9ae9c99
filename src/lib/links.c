/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * links.c - counting the space a removal frees, each inode once.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "links.h"

/* One hard-linked inode.  NLINK 0: a free slot (only nlink > 1 is kept). */
struct links_slot {
	struct util_id id;
	uint64_t nlink; /* the most links it was seen with */
	uint64_t seen;  /* its links seen going */
	bool freed;     /* its blocks were counted */
};

/* The first table's slots; it doubles when half full. */
#define LINKS_MIN_CAP 64

/* An empty table.  See links.h. */
void links_init(struct links *t)
{
	t->slots = NULL;
	t->cap = 0;
	t->used = 0;
}

/* Free the table.  See links.h. */
void links_free(struct links *t)
{
	if (!t)
		return;
	free(t->slots);
	links_init(t);
}

/* Mix an identity into a slot index (splitmix64's finalizer). */
static size_t slot_of(const struct links *t, const struct util_id *id)
{
	uint64_t h = (uint64_t)id->ino ^
		     ((uint64_t)id->dev * UINT64_C(0x9e3779b97f4a7c15));

	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	return (size_t)h & (t->cap - 1);
}

/* The slot of ID: its own, or the free one where it goes. */
static struct links_slot *find(const struct links *t, const struct util_id *id)
{
	size_t i = slot_of(t, id);

	while (t->slots[i].nlink && !util_id_eq(&t->slots[i].id, id))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

/* Double the table (or make the first one).  Returns 0 or -ENOMEM. */
static int grow(struct links *t)
{
	struct links old = *t;
	size_t cap = old.cap ? old.cap * 2 : LINKS_MIN_CAP, i;

	if (cap < old.cap || cap > SIZE_MAX / sizeof(*t->slots))
		return -ENOMEM;
	t->slots = calloc(cap, sizeof(*t->slots));
	if (!t->slots) {
		*t = old;
		return -ENOMEM;
	}
	t->cap = cap;
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].nlink)
			*find(t, &old.slots[i].id) = old.slots[i];
	free(old.slots);
	return 0;
}

/* What the entry seen as INFO frees.  See links.h. */
int links_freed(struct links *t, const struct util_info *info, uint64_t *ret_bytes)
{
	uint64_t bytes = info->blocks * 512;
	struct links_slot *s;

	*ret_bytes = 0;
	/* A directory's link count is its subdirectories', not hard links. */
	if (S_ISDIR(info->mode) || info->nlink <= 1) {
		*ret_bytes = bytes;
		return 0;
	}
	if (t->used >= t->cap / 2 && grow(t) < 0)
		return -ENOMEM;
	s = find(t, &info->id);
	if (!s->nlink) {
		s->id = info->id;
		t->used++;
	}
	if (info->nlink > s->nlink)
		s->nlink = info->nlink;
	/* Once: links made while we remove do not count it again. */
	if (++s->seen >= s->nlink && !s->freed) {
		s->freed = true;
		*ret_bytes = bytes;
	}
	return 0;
}
