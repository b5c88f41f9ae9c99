/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * walk.c - the engine.
 *
 * An explicit stack of frames replaces recursion, so depth costs heap, not C
 * stack.  frames[0] is the caller's directory; frames[1] is the walk's
 * starting directory (PATH); deeper frames follow.  Every directory is
 * opened relative to its parent with O_NOFOLLOW, and its identity (device
 * and inode, from fstat on the new descriptor) must equal what statx saw
 * for the name just before: a symlink or another directory swapped in
 * between is never entered.
 *
 * Descriptors are bounded: past opts->fd_budget the shallowest open frame is
 * closed; it is re-opened through ".." from its child when the walk comes
 * back up, and its identity (and its parent's) is checked again.  Then it
 * is read again from its start, not from a saved offset, which some file
 * systems do not keep valid while entries go (restart()): what was handled
 * is gone, and what stayed is known, so it is neither tried nor reported
 * again.
 *
 * Memory does not grow with a directory's width: each frame reads its
 * directory in getdents64 batches, and of the entries it took it keeps
 * only those that stayed or were handed to someone else (struct stays),
 * so memory grows with the number of failures, not of entries.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "swrmtree.h"
#include "walk.h"

#define DENTS_SIZE  (32u * 1024u)
#define ENTER_TRIES 3

/* The kernel's getdents64 record. */
struct dirent64_rec {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* A getdents64 batch, held by at most one frame. */
struct dents {
	struct dents *next; /* free list link */
	size_t pos;
	size_t len;
	char mem[DENTS_SIZE];
};

/*
 * The entries of one directory that stayed (WALK_KEEP: a failure, a skipped
 * mount point, a protected entry, a subtree in which something stays), so
 * that a read from the start passes them by.  (Directories handed to
 * someone else need no record: their parent is pinned, never re-opened.)  They are known by a 64-bit hash of their name, not by
 * d_ino: hard links share an inode number, and overlayfs may list another
 * one for the same entry once it has been copied up.  Only directories
 * with such entries have one: memory grows with the failures, not with
 * the width of the directory.
 */
struct stays {
	uint64_t *hash;
	size_t n;      /* hashes in use */
	size_t sorted; /* hash[0..sorted) is sorted and looked up */
	size_t cap;
};

struct frame {
	int fd;         /* -1 while closed to stay within the budget */
	bool eof;       /* getdents64 returned 0 */
	bool seek;      /* lseek to resume before the next read */
	bool leftover;  /* some entry inside stays */
	bool failed;    /* ...for another reason than the filter */
	bool kept_self; /* the filter keeps this directory itself */
	bool pinned; /* never closed for the budget: the client shares its fd */
	unsigned int pass; /* times read again after gaining entries */
	uint32_t state;    /* the client's word */
	int64_t resume;    /* offset after the last entry taken (seek target) */
	struct stays *stays; /* entries that stayed or were handed over, or NULL */
	size_t path_len;     /* display path up to and including this name */
	size_t name_off; /* where the name starts in the path (depth >= 1) */
	struct dents *dents;   /* the current batch, or NULL */
	struct util_info info; /* identity and attributes when entered */
};

struct walk {
	const struct walk_opts *o;
	struct frame *frames;
	size_t n; /* frames in use (>= 1) */
	size_t cap;
	size_t lo; /* lowest open, unpinned frame index >= 1 (below: closed or pinned) */
	unsigned int open; /* descriptors the walk holds */
	const char *root_name;
	struct util_buf path;
	struct dents *pool;
	const char *cur; /* the entry of the top frame being visited, or NULL */
	bool self; /* the filter keeps that entry itself (WALK_FILTER_SELF) */
	bool oom;  /* an allocation failed (not the kernel's ENOMEM) */
};

static void pop(struct walk *w, int answer);

static struct frame *top(struct walk *w)
{
	return &w->frames[w->n - 1];
}

static void dents_release(struct walk *w, struct frame *f)
{
	if (!f->dents)
		return;
	f->dents->next = w->pool;
	w->pool = f->dents;
	f->dents = NULL;
}

/* FNV-1a, 64 bits: how an entry that stays is known (struct stays). */
static uint64_t name_hash(const char *name)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * UINT64_C(0x100000001b3);
	return h;
}

static int hash_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Remember that NAME, an entry of frame F, stays or was handed over.  Not
 * for frames[0], which is never read, nor with WALK_READ_ONLY, whose frames
 * resume at their offset.  Without the record the entry could be tried and
 * reported twice, so running out of memory here ends the walk (w->oom).
 */
static void remember(struct walk *w, struct frame *f, const char *name)
{
	struct stays *s = f->stays;
	uint64_t *h;

	if (f == w->frames || (w->o->flags & WALK_READ_ONLY))
		return;
	if (!s && !(s = f->stays = calloc(1, sizeof(*s)))) {
		w->oom = true;
		return;
	}
	h = util_grow(s->hash, &s->cap, s->n + 1, sizeof(*h));
	if (!h) {
		w->oom = true;
		return;
	}
	s->hash = h;
	s->hash[s->n++] = name_hash(name);
}

/* Did NAME, met again in frame F, stay (or go to someone else) before? */
static bool stayed(const struct frame *f, const char *name)
{
	uint64_t h;

	if (!f->stays || f->stays->sorted == 0)
		return false;
	h = name_hash(name);
	return bsearch(&h, f->stays->hash, f->stays->sorted, sizeof(h),
		       hash_cmp) != NULL;
}

static void stays_free(struct frame *f)
{
	if (!f->stays)
		return;
	free(f->stays->hash);
	free(f->stays);
	f->stays = NULL;
}

/* The name of frame I in its parent, NUL-terminated while it is on top. */
static const char *frame_name(struct walk *w, size_t i)
{
	return i == 1 ? w->root_name : w->path.data + w->frames[i].name_off;
}

/*
 * The one builder of events.  Fill EV for the entry NAME (its display path
 * is the walk's) of the directory of frame DIR.  SELF is the entry's own
 * frame when it is a directory entered (ENTER, LEAVE), else NULL.
 */
static void ev_make(struct walk *w, struct walk_ev *ev, unsigned int type,
		    struct frame *dir, struct frame *self, const char *name,
		    unsigned char d_type)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->dirfd = dir->fd;
	ev->name = name;
	ev->fd = self ? self->fd : -1;
	ev->path = w->path.data;
	ev->path_len = w->path.len;
	ev->d_type = self ? DT_DIR : d_type;
	ev->depth = (unsigned int)(dir - w->frames);
	ev->info = self ? &self->info : NULL;
	ev->parent = &dir->info;
	ev->state = self ? &self->state : &dir->state;
	ev->parent_state = &dir->state;
	ev->kept_self = self ? self->kept_self : w->self;
}

/* Fill EV for an entry NAME (already appended to the path) of the top frame. */
static void ev_child(struct walk *w, struct walk_ev *ev, unsigned int type,
		     const char *name, unsigned char d_type)
{
	ev_make(w, ev, type, top(w), NULL, name, d_type);
}

/* Apply the answer to an event about a child of the top frame. */
static int apply(struct walk *w, int answer)
{
	if (answer == WALK_STOP)
		return -SWRMTREE_E_STOPPED;
	if (answer == WALK_KEEP || answer == WALK_HELD) {
		top(w)->leftover = true;
		top(w)->failed |= answer == WALK_KEEP;
		if (w->cur)
			remember(w, top(w), w->cur);
	}
	return 0;
}

/* Report an error about a child of the top frame; returns apply()'s result. */
static int child_error(struct walk *w, const char *name, unsigned int op,
		       int error, const struct util_info *info, int *ret_answer)
{
	struct walk_ev ev;
	int a;

	ev_child(w, &ev, WALK_ERROR, name, DT_DIR);
	ev.op = op;
	ev.error = error;
	ev.info = info;
	a = w->o->cb(&ev, w->o->ctx);
	if (ret_answer)
		*ret_answer = a;
	return apply(w, a);
}

/* Move lo past pinned frames; the top frame is never evicted anyway. */
static void lo_skip_pinned(struct walk *w)
{
	while (w->lo < w->n - 1 && w->frames[w->lo].pinned)
		w->lo++;
}

/* Close the shallowest open, unpinned frame, keeping its read offset. */
static void evict(struct walk *w)
{
	struct frame *f = &w->frames[w->lo];

	dents_release(w, f);
	util_close(f->fd);
	f->fd = -1;
	f->seek = true;
	w->open--;
	w->lo++;
	lo_skip_pinned(w);
}

/*
 * Read the re-opened frame F again from its start.  Its saved offset cannot
 * be trusted once entries were removed: on overlayfs (a merged directory)
 * and on tmpfs before Linux 6.6 an offset is a position in a list, and
 * removing entries before it moves the rest closer to the start, so seeking
 * back to it skips entries never read.  From the start, what was handled is
 * gone, what stayed or was handed over is in F->stays and is passed by, and
 * what another process is removing is met again and goes, or vanishes
 * first (ENOENT is not an error).  A client that removes nothing
 * (WALK_READ_ONLY) leaves the offsets valid: seek back, and the dry run
 * lists nothing twice.
 */
static void restart(struct walk *w, struct frame *f)
{
	f->seek = true;
	if (!(w->o->flags & WALK_READ_ONLY))
		f->resume = 0;
}

/*
 * A read of frame F starts again: look up, from now on, everything that
 * stayed so far, including the child whose leave made F current again.
 */
static void stays_sort(struct frame *f)
{
	if (!f->stays || f->stays->sorted == f->stays->n)
		return;
	qsort(f->stays->hash, f->stays->n, sizeof(*f->stays->hash), hash_cmp);
	f->stays->sorted = f->stays->n;
}

/*
 * Re-open frame I through ".." of frame I + 1 (which is open) and check that
 * it is the directory we left, and that its parent is too: a matching inode
 * alone could be a reused number after the tree was moved.  It is then read
 * from its start (restart()).
 */
static int reopen(struct walk *w, size_t i)
{
	struct frame *f = &w->frames[i];
	struct util_info up;
	int fd, r;

	fd = util_open_dir(w->frames[i + 1].fd, "..");
	if (fd < 0)
		return fd;
	r = util_fd_is(fd, &f->info.id, NULL);
	if (r == -SWRMTREE_E_CHANGED)
		r = -SWRMTREE_E_MOVED;
	if (r == 0)
		r = util_info_at(fd, "..", AT_SYMLINK_NOFOLLOW, &up);
	if (r == 0 && !util_id_eq(&up.id, &w->frames[i - 1].info.id))
		r = -SWRMTREE_E_MOVED;
	if (r < 0) {
		util_close(fd);
		return r;
	}
	f->fd = fd;
	restart(w, f);
	w->open++;
	w->lo = i;
	return 0;
}

/* Append "/NAME" (or "NAME" after a trailing slash) to the display path. */
static int path_push(struct walk *w, const char *name, size_t len, size_t *ret_off)
{
	int r = 0;

	if (w->path.len > 0 && w->path.data[w->path.len - 1] != '/')
		r = util_buf_append(&w->path, "/", 1);
	if (r == 0) {
		*ret_off = w->path.len;
		r = util_buf_append(&w->path, name, len);
	}
	return r;
}

/* Push a frame for the directory just opened as FD, with identity INFO. */
static int push(struct walk *w, int fd, const struct util_info *info,
		size_t name_off)
{
	struct frame *f;

	if (w->n == w->cap) {
		struct frame *nf = util_grow(w->frames, &w->cap, w->n + 1,
					     sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		w->frames = nf;
	}
	f = &w->frames[w->n++];
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->info = *info;
	f->path_len = w->path.len;
	f->name_off = name_off;
	w->open++;
	if (w->lo == 0 || w->lo >= w->n)
		w->lo = w->n - 1;
	return 0;
}

/* Is ID a protected identity (SPEC: Guards 8)? */
static bool avoided(const struct walk *w, const struct util_id *id)
{
	size_t i;

	for (i = 0; i < w->o->navoid; i++)
		if (util_id_eq(&w->o->avoid[i], id))
			return true;
	return false;
}

/* Report NAME as a protected entry left alone: 1, or < 0 to stop. */
static int skip_protected(struct walk *w, const char *name,
			  const struct util_info *info)
{
	int r = child_error(w, name, SWRMTREE_OP_SKIP, SWRMTREE_E_PROTECTED,
			    info, NULL);

	return r < 0 ? r : 1;
}

/*
 * Is the non-directory NAME, whose inode number the directory listed as
 * D_INO, protected?  A protected file or symbolic link is never removed
 * (SPEC: Guards 8).  Only an entry whose listed inode number is that of a
 * protected identity costs a statx, so ordinary trees pay a few compares
 * per entry.  Returns 1 when skipped, 0 to go on, < 0 to stop.
 */
static int skip_entry(struct walk *w, const char *name, uint64_t d_ino)
{
	struct util_info info;
	size_t i;

	for (i = 0; i < w->o->navoid; i++)
		if (w->o->avoid[i].ino == d_ino)
			break;
	if (i == w->o->navoid)
		return 0;
	if (util_info_at(top(w)->fd, name, AT_SYMLINK_NOFOLLOW, &info) < 0 ||
	    !avoided(w, &info.id))
		return 0; /* gone, or another file system's inode */
	return skip_protected(w, name, &info);
}

/*
 * Skip what must never be entered: an avoided identity (a protected path)
 * and, unless asked to cross, a mount point.  Returns 1 when skipped (the
 * callback was told), 0 to go on, or < 0 to stop.
 */
static int skip_dir(struct walk *w, const char *name, const struct util_info *info)
{
	int r;

	if (avoided(w, &info->id))
		return skip_protected(w, name, info);
	if (w->o->flags & WALK_CROSS_MOUNTS)
		return 0;
	if (!util_is_mount_point(&top(w)->info, info))
		return 0;
	r = child_error(w, name, SWRMTREE_OP_SKIP, SWRMTREE_E_MOUNT_POINT, info,
			NULL);
	return r < 0 ? r : 1;
}

/*
 * Open NAME, a directory seen as INFO, and check that what was opened is
 * what was seen.  Returns the descriptor, or -errno / -SWRMTREE_E_CHANGED.
 */
static int open_checked(struct walk *w, const char *name,
			const struct util_info *info)
{
	int fd, r;

	lo_skip_pinned(w);
	while (w->open >= w->o->fd_budget && w->lo < w->n - 1)
		evict(w);
	fd = util_open_dir(top(w)->fd, name);
	if (fd < 0)
		return fd;
	r = util_fd_is(fd, &info->id, NULL);
	if (r < 0) {
		util_close(fd);
		return r;
	}
	return fd;
}

/* Tell the client about a directory just entered. */
static int entered(struct walk *w, const char *name)
{
	struct frame *t = top(w);
	struct frame *p = t - 1;
	struct walk_ev ev;
	int a;

	t->kept_self = w->self;
	ev_make(w, &ev, WALK_ENTER, p, t, name, DT_DIR);
	a = w->o->cb(&ev, w->o->ctx);
	if (a == WALK_STOP)
		return -SWRMTREE_E_STOPPED;
	if (a == WALK_SKIP) {
		/*
		 * Handed over with its descriptor (ev.fd is the client's now):
		 * not ours, not a leftover.  Its parent keeps its descriptor
		 * from now on (whoever removes the directory needs it), so it
		 * is never re-opened and read again while the work is out.
		 */
		t->fd = -1;
		w->open--;
		pop(w, WALK_CONTINUE);
		top(w)->pinned = true;
		return 0;
	}
	if (a == WALK_KEEP) {
		/* Not read: it stays, and so does its parent. */
		t->eof = true;
		t->leftover = true;
		t->failed = true;
	}
	return 0;
}

/*
 * Tell the client that the filter kept NAME of the top frame (D_TYPE, INFO
 * when known): nothing else is done to it.  Returns 1, or < 0 to stop.
 */
static int kept(struct walk *w, const char *name, unsigned char d_type,
		const struct util_info *info)
{
	struct walk_ev ev;
	int r;

	ev_child(w, &ev, WALK_KEPT, name, d_type);
	ev.info = info;
	r = apply(w, w->o->cb(&ev, w->o->ctx));
	return r < 0 ? r : 1;
}

/* A non-directory: let the client act.  Returns the answer or < 0. */
static int entry(struct walk *w, const char *name, unsigned char d_type,
		 const struct util_info *info)
{
	struct walk_ev ev;
	int a;

	if (w->self) {
		/* Kept itself, and not a directory (any more): nothing below. */
		a = kept(w, name, d_type, info);
		return a < 0 ? a : 0;
	}
	ev_child(w, &ev, WALK_ENTRY, name, d_type);
	ev.info = info;
	a = w->o->cb(&ev, w->o->ctx);
	if (a == WALK_DESCEND)
		return a;
	return apply(w, a);
}

/* An entry being visited (visit()), and how far its tries went. */
struct visit {
	const char *name;
	size_t name_off;      /* of the name in the display path */
	unsigned char d_type; /* what it is believed to be */
	uint64_t d_ino;       /* as listed, or 0 */
	bool at_root;         /* the walk's starting entry */
	bool is_root;         /* ...not yet found to be another type */
	int r;                /* the result, once VISIT_DONE */
};

/* What one try at an entry came to. */
enum visit_step {
	VISIT_DONE,    /* v->r is the result */
	VISIT_AGAIN,   /* it changed type under us: try again */
	VISIT_SWAPPED, /* the starting entry is not what the guards judged */
};

/* V is done, with the result R of a helper that answers 1 for "skipped". */
static int visit_done(struct visit *v, int r)
{
	v->r = r < 0 ? r : 0;
	return VISIT_DONE;
}

/* A non-directory seen as INFO: skipped when protected, else the client's. */
static int visit_file(struct walk *w, struct visit *v,
		      const struct util_info *info)
{
	if (avoided(w, &info->id))
		return visit_done(v, skip_protected(w, v->name, info));
	v->d_type = util_dtype_from_mode(info->mode);
	v->r = entry(w, v->name, v->d_type, info);
	if (v->r != WALK_DESCEND)
		return VISIT_DONE;
	v->is_root = false;
	return VISIT_AGAIN;
}

/* A directory seen as INFO: skipped, or opened, checked and entered. */
static int visit_dir(struct walk *w, struct visit *v, const struct util_info *info)
{
	int r, a, fd;

	r = skip_dir(w, v->name, info);
	if (r != 0)
		return visit_done(v, r);
	fd = open_checked(w, v->name, info);
	if (fd == -ENOENT)
		return visit_done(v, 0);
	if ((fd == -ENOTDIR || fd == -ELOOP) && v->at_root && w->o->expect)
		return VISIT_SWAPPED; /* swapped since the guards looked */
	if (fd == -ENOTDIR || fd == -ELOOP) {
		v->d_type = DT_UNKNOWN; /* swapped for a non-directory */
		v->is_root = false;
		return VISIT_AGAIN;
	}
	if (fd < 0) {
		v->r = child_error(w, v->name, SWRMTREE_OP_OPEN, -fd, info, &a);
		if (v->r < 0 || a != WALK_RETRY)
			return VISIT_DONE;
		v->d_type = DT_DIR;
		return VISIT_AGAIN;
	}
	v->r = push(w, fd, info, v->name_off);
	if (v->r < 0) {
		util_close(fd);
		return VISIT_DONE;
	}
	v->r = entered(w, v->name);
	return VISIT_DONE;
}

/* One try at V: as listed, then as examined. */
static int visit_once(struct walk *w, struct visit *v)
{
	struct util_info info;
	int r;

	if (v->d_type != DT_DIR && !v->is_root) {
		r = v->d_ino ? skip_entry(w, v->name, v->d_ino) : 0;
		if (r != 0)
			return visit_done(v, r);
		v->r = entry(w, v->name, v->d_type, NULL);
		if (v->r != WALK_DESCEND)
			return VISIT_DONE;
	}
	r = util_info_at(top(w)->fd, v->name, AT_SYMLINK_NOFOLLOW, &info);
	if (r == -ENOENT && !v->is_root)
		return visit_done(v, 0); /* vanished: not an error (SPEC) */
	if (r < 0) {
		v->r = child_error(w, v->name,
				   v->is_root ? SWRMTREE_OP_LOOKUP :
						SWRMTREE_OP_STAT,
				   -r, NULL, NULL);
		return VISIT_DONE;
	}
	if (v->at_root && w->o->expect && !util_info_same(w->o->expect, &info))
		return VISIT_SWAPPED; /* not what the guards judged (SPEC: Guards 8) */
	if (!S_ISDIR(info.mode))
		return visit_file(w, v, &info);
	return visit_dir(w, v, &info);
}

/*
 * Visit NAME in the top frame: enter it if it is a directory (pushing a
 * frame), hand it to the client otherwise.  The entry may change type under
 * us; after ENTER_TRIES changes it is reported and left alone.
 */
static int visit(struct walk *w, const char *name, size_t name_off,
		 unsigned char d_type, uint64_t d_ino)
{
	struct visit v = {
		.name = name,
		.name_off = name_off,
		.d_type = d_type,
		.d_ino = d_ino,
		.at_root = w->n == 1,
		.is_root = w->n == 1,
	};
	unsigned int tries;
	int step = VISIT_AGAIN;

	for (tries = 0; tries < ENTER_TRIES && step == VISIT_AGAIN; tries++)
		step = visit_once(w, &v);
	if (step == VISIT_DONE)
		return v.r;
	if (v.at_root && w->o->expect)
		return child_error(w, name, SWRMTREE_OP_LOOKUP,
				   w->o->expect_code ? w->o->expect_code :
						       SWRMTREE_E_SWAPPED,
				   NULL, NULL);
	return child_error(w, name, SWRMTREE_OP_OPEN, SWRMTREE_E_CHANGED, NULL,
			   NULL);
}

/* Read the next batch of the top frame's directory. */
static int refill(struct walk *w, struct frame *f)
{
	long n;

	if (!f->dents) {
		f->dents = w->pool;
		if (f->dents)
			w->pool = f->dents->next;
		else if (!(f->dents = malloc(sizeof(*f->dents)))) {
			w->oom = true;
			return -ENOMEM;
		}
		f->dents->pos = f->dents->len = 0;
	}
	if (f->seek) {
		if (lseek(f->fd, (off_t)f->resume, SEEK_SET) < 0)
			return -errno;
		f->seek = false;
		stays_sort(f);
	}
	do
		n = syscall(SYS_getdents64, f->fd, f->dents->mem, DENTS_SIZE);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	f->dents->pos = 0;
	f->dents->len = (size_t)n;
	if (n == 0) {
		f->eof = true;
		dents_release(w, f);
	}
	return 0;
}

/*
 * Take the next entry of the top frame, append its name to the display
 * path and return 1 with *ret_off, *ret_type and *ret_ino set; 0 at the end of the
 * directory; < 0 on a read error.
 */
static int next_entry(struct walk *w, size_t *ret_off, unsigned char *ret_type,
		      uint64_t *ret_ino)
{
	struct frame *f = top(w);
	const struct dirent64_rec *d;
	int r;

	for (;;) {
		if (!f->dents || f->dents->pos >= f->dents->len) {
			if (f->eof)
				return 0;
			r = refill(w, f);
			if (r < 0)
				return r;
			continue;
		}
		d = (const void *)(f->dents->mem + f->dents->pos);
		f->dents->pos += d->d_reclen;
		f->resume = d->d_off;
		if (util_is_dot_or_dotdot(d->d_name, strlen(d->d_name)))
			continue;
		if (stayed(f, d->d_name))
			continue; /* reported already, or someone else's */
		r = path_push(w, d->d_name, strlen(d->d_name), ret_off);
		if (r < 0)
			w->oom = true;
		*ret_type = d->d_type;
		*ret_ino = d->d_ino;
		/* A spent batch goes back to the pool before we descend. */
		if (f->dents->pos >= f->dents->len && r == 0)
			dents_release(w, f);
		return r < 0 ? r : 1;
	}
}

/*
 * Pop the top frame; after the client's ANSWER WALK_KEEP or WALK_HELD (or a
 * stop), its parent keeps something too.
 */
static void pop(struct walk *w, int answer)
{
	struct frame *f = top(w);
	bool kept = answer != WALK_CONTINUE;

	if (kept)
		remember(w, f - 1, frame_name(w, w->n - 1));
	dents_release(w, f);
	stays_free(f);
	if (f->fd >= 0) {
		util_close(f->fd);
		w->open--;
	}
	w->n--;
	util_buf_truncate(&w->path, top(w)->path_len);
	if (kept) {
		top(w)->leftover = true;
		top(w)->failed |= answer != WALK_HELD;
	}
	if (w->lo >= w->n)
		w->lo = w->n - 1;
}

/*
 * The top directory is read to its end: make sure its parent is open, tell
 * the client (which removes it, or not), and pop it, or read it again when
 * the client saw it gain entries.
 */
static int finish(struct walk *w)
{
	struct frame *f = top(w), *p = f - 1;
	struct walk_ev ev;
	int r, a;

	util_buf_truncate(&w->path, f->path_len);
	if (p->fd < 0 && p != w->frames) {
		r = reopen(w, w->n - 2);
		if (r < 0) {
			ev_child(w, &ev, WALK_ERROR, frame_name(w, w->n - 1),
				 DT_DIR);
			ev.op = SWRMTREE_OP_REOPEN;
			ev.error = r == -SWRMTREE_E_MOVED ? SWRMTREE_E_MOVED : -r;
			(void)w->o->cb(&ev, w->o->ctx);
			return -SWRMTREE_E_MOVED;
		}
	}
	ev_make(w, &ev, WALK_LEAVE, p, f, frame_name(w, w->n - 1), DT_DIR);
	ev.leftover = f->leftover;
	ev.held = f->leftover && !f->failed;
	ev.pass = f->pass;
	a = w->o->cb(&ev, w->o->ctx);
	if (a == WALK_RETRY && f->pass < WALK_MAX_PASSES && !f->leftover) {
		/*
		 * Entries appeared: read it again from the start.  Nothing
		 * inside stayed, and what was handed over is settled before
		 * the client answers (walk.h): a new entry that took such a
		 * name is tried.
		 */
		stays_free(f);
		f->pass++;
		f->eof = false;
		f->seek = true;
		f->resume = 0;
		dents_release(w, f);
		return 0;
	}
	pop(w, a);
	return a == WALK_STOP ? -SWRMTREE_E_STOPPED : 0;
}

/*
 * Was the directory of F removed by someone else while we read it?  Some
 * file systems then fail getdents64 (ENOENT) or lseek instead of reading
 * nothing; a removed directory has no links left.
 */
static bool gone(struct frame *f)
{
	struct stat st;

	return util_fstat(f->fd, &st) == 0 && st.st_nlink == 0;
}

/*
 * Ask the filter about NAME, an entry of the top frame listed as *D_TYPE,
 * before anything is done to it.  Its type is all it may cost: an entry
 * of unknown type is examined first (and *D_TYPE updated).  Returns 0 to
 * visit it, 1 when it was kept (or vanished), < 0 to stop.
 */
static int filtered(struct walk *w, const char *name, unsigned char *d_type)
{
	struct util_info info;
	struct walk_ev ev;
	bool known = false;
	int r, a;

	if (*d_type == DT_UNKNOWN) {
		r = util_info_at(top(w)->fd, name, AT_SYMLINK_NOFOLLOW, &info);
		if (r == -ENOENT)
			return 1; /* vanished: not an error (SPEC) */
		if (r == 0) {
			*d_type = util_dtype_from_mode(info.mode);
			known = true;
		}
	}
	ev_child(w, &ev, WALK_ENTRY, name, *d_type);
	ev.info = known ? &info : NULL;
	a = w->o->filter(&ev, w->o->filter_ctx);
	if (a == WALK_FILTER_STOP)
		return -SWRMTREE_E_STOPPED;
	if (a == WALK_FILTER_KEEP || (a == WALK_FILTER_SELF && *d_type != DT_DIR))
		return kept(w, name, *d_type, ev.info);
	w->self = a == WALK_FILTER_SELF;
	return 0;
}

/* One step: the next entry of the top directory, or its end. */
static int step(struct walk *w)
{
	unsigned char d_type = DT_UNKNOWN;
	uint64_t d_ino = 0;
	size_t off = 0;
	int r;

	if (w->oom)
		return -ENOMEM; /* remember() could not keep a record */
	r = next_entry(w, &off, &d_type, &d_ino);
	if (r == 0)
		return finish(w);
	if (w->oom)
		return -ENOMEM;
	if (r < 0) {
		/* Unreadable: what was not read stays. */
		top(w)->eof = true;
		dents_release(w, top(w));
		util_buf_truncate(&w->path, top(w)->path_len);
		if (gone(top(w)))
			return 0; /* removed by someone else: nothing stays */
		return child_error(w, frame_name(w, w->n - 1), SWRMTREE_OP_READ,
				   -r, &top(w)->info, NULL);
	}
	w->cur = w->path.data + off;
	r = w->o->filter ? filtered(w, w->cur, &d_type) : 0;
	if (r == 0)
		r = visit(w, w->cur, off, d_type, d_ino);
	else if (r > 0)
		r = 0;
	w->cur = NULL;
	w->self = false;
	/* Drop the entry's name unless visit() pushed it as a frame. */
	util_buf_truncate(&w->path, top(w)->path_len);
	return r;
}

static void walk_free(struct walk *w)
{
	struct dents *d;

	/* Work handed over may still use our descriptors (pinned frames). */
	if (w->o->drain && w->n > 1)
		w->o->drain(w->o->ctx);
	while (w->n > 1)
		pop(w, WALK_CONTINUE);
	while ((d = w->pool)) {
		w->pool = d->next;
		free(d);
	}
	free(w->frames);
	util_buf_free(&w->path);
}

/* Set W up for a walk whose display path starts as DISPLAY; frame 0 is DIRFD. */
static int walk_init(struct walk *w, const struct walk_opts *opts, int dirfd,
		     const char *name, const char *display, size_t display_len)
{
	memset(w, 0, sizeof(*w));
	w->o = opts;
	w->root_name = name;
	w->cap = 64;
	w->frames = calloc(w->cap, sizeof(*w->frames));
	if (!w->frames || util_buf_append(&w->path, display, display_len) < 0)
		return -ENOMEM;
	w->n = 1;
	w->frames[0].fd = dirfd;
	return 0;
}

/*
 * Walk NAME in DIRFD.  See walk.h.  The loop holds no recursion: visit()
 * pushes a frame for a directory, finish() pops it.
 */
int walk_run(int dirfd, const char *name, const char *display,
	     size_t display_len, const struct walk_opts *opts)
{
	struct walk w;
	int r;

	r = walk_init(&w, opts, dirfd, name, display, display_len);
	if (r < 0)
		goto out;
	r = util_info_at(dirfd, "", AT_EMPTY_PATH, &w.frames[0].info);
	if (r < 0) {
		/* The PATH's directory cannot be examined: PATH stays. */
		r = child_error(&w, name, SWRMTREE_OP_LOOKUP, -r, NULL, NULL);
		goto out;
	}
	r = visit(&w, name, 0, DT_UNKNOWN, 0);
	while (r >= 0 && w.n > 1)
		r = step(&w);
out:
	walk_free(&w);
	return r < 0 ? r : 0;
}

/*
 * Walk the directory FD, already entered by another walk.  See walk.h.
 * It goes on exactly as that walk would have after its ENTER event.
 */
int walk_run_from(int dirfd, const struct util_info *parent, int fd,
		  const struct util_info *info, uint32_t state,
		  const char *name, const char *display, size_t display_len,
		  const struct walk_opts *opts)
{
	struct walk w;
	int r;

	r = walk_init(&w, opts, dirfd, name, display, display_len);
	if (r == 0) {
		w.frames[0].info = *parent;
		r = push(&w, fd, info, display_len - strlen(name));
	}
	if (r < 0) {
		util_close(fd);
		goto out;
	}
	top(&w)->state = state;
	while (r >= 0 && w.n > 1)
		r = step(&w);
out:
	walk_free(&w);
	return r < 0 ? r : 0;
}
