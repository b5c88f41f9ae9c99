/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * detach.c - instant removal: rename each PATH to a hidden name beside it,
 * remove it later (swrmtree_trash_remove()), and collect what removers that
 * died left behind (swrmtree_collect()).
 *
 * Liveness is a lock, not a name: the renamed directory is opened before
 * the rename and flock()ed on that descriptor, which the remover keeps
 * until the tree is gone.  The lock goes with the last descriptor of its
 * open file description, so a remover that dies, however, frees it, and a
 * collector that gets the lock knows nobody is working on the tree.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "swrmtree.h"
#include "api.h"
#include "detach.h"
#include "util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1u << 0)
#endif

/* How much of NAME the hidden name keeps: it must fit NAME_MAX. */
#define KEEP_NAME 200
/* Candidates tried before giving up on a name (each EEXIST). */
#define TRIES 64

/* One renamed tree. */
struct trash_item {
	int dirfd;           /* its parent, O_PATH, owned */
	int lockfd;          /* the tree itself, O_RDONLY, flock()ed, owned */
	char *name;          /* its hidden name in DIRFD */
	char *path;          /* display path: the parent's spelling + name */
	struct util_info id; /* what was renamed */
	struct util_info parent; /* DIRFD's identity: each parent collected once */
};

struct swrmtree_trash {
	struct trash_item *items;
	size_t n, cap;
};

/* A 64-bit mix (splitmix64's finalizer) of X. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Write candidate number TRY of the hidden name for NAME into OUT. */
static void hidden_name(const char *name, uint64_t seed, unsigned int try,
			char out[NAME_MAX + 1])
{
	static const char alnum[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	uint64_t x = mix(seed + try);
	size_t len = strlen(name), o;
	int k;

	if (len > KEEP_NAME)
		len = KEEP_NAME;
	o = strlen(SWRMTREE_TRASH_PREFIX);
	memcpy(out, SWRMTREE_TRASH_PREFIX, o);
	memcpy(out + o, name, len);
	o += len;
	out[o++] = '.';
	for (k = 0; k < 6; k++, x /= sizeof(alnum) - 1)
		out[o++] = alnum[x % (sizeof(alnum) - 1)];
	out[o] = '\0';
}

/* Rename NAME in DIRFD to a hidden name.  See detach.h. */
int detach_rename(int dirfd, const char *name, uint64_t seed, char **ret_hidden)
{
	char buf[NAME_MAX + 1];
	unsigned int try;

	for (try = 0; try < TRIES; try++) {
		hidden_name(name, seed, try, buf);
		/* RENAME_NOREPLACE: an existing entry (a collision, or
		 * anything planted there) is never replaced. */
		if (syscall(SYS_renameat2, dirfd, name, dirfd, buf,
			    RENAME_NOREPLACE) == 0) {
			*ret_hidden = strdup(buf);
			return *ret_hidden ? 0 : -ENOMEM;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

static uint64_t random_seed(void)
{
	uint64_t seed;
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed))
		return seed;
	/* Only the first candidate is then predictable; NOREPLACE still
	 * makes a planted name harmless. */
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return mix((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
		   (uint64_t)getpid());
}

static void item_free(struct trash_item *it)
{
	util_close(it->lockfd);
	util_close(it->dirfd);
	free(it->name);
	free(it->path);
}

/* Append IT to TRASH (which takes it over), or free it: 0 or -ENOMEM. */
static int trash_add(struct swrmtree_trash *trash, struct trash_item *it)
{
	struct trash_item *items = util_grow(trash->items, &trash->cap,
					     trash->n + 1, sizeof(*items));

	if (!items) {
		item_free(it);
		return -ENOMEM;
	}
	trash->items = items;
	trash->items[trash->n++] = *it;
	return 0;
}

/* DISPLAY's parent spelling (with its slash) followed by NAME, or NULL. */
static char *sibling_path(const char *display, const char *name)
{
	size_t len = strlen(display);
	size_t off = util_last_component(display, len);
	size_t n = strlen(name);
	char *p = malloc(off + n + 1);

	if (!p)
		return NULL;
	memcpy(p, display, off);
	memcpy(p + off, name, n + 1);
	return p;
}

/*
 * Lock the directory the guards judged (T->self) on a descriptor of its
 * own, into IT.  Returns 1 when locked, 0 when it cannot be (the PATH then
 * goes in the foreground), or -SWRMTREE_E_SWAPPED.
 */
static int lock_target(const struct api_target *t, struct trash_item *it)
{
	it->lockfd = util_open_dir(t->dirfd, t->name);
	if (it->lockfd < 0)
		return 0;
	/* SPEC: Guards 8: the name may have changed since the guards. */
	if (util_info_at(it->lockfd, "", AT_EMPTY_PATH, &it->id) < 0)
		return 0;
	if (!util_info_same(&it->id, t->self))
		return -SWRMTREE_E_SWAPPED;
	if (flock(it->lockfd, LOCK_EX | LOCK_NB) < 0)
		return 0;
	it->dirfd = fcntl(t->dirfd, F_DUPFD_CLOEXEC, 3);
	return it->dirfd >= 0 &&
	       util_info_at(it->dirfd, "", AT_EMPTY_PATH, &it->parent) == 0;
}

/*
 * api_hooks.take for swrmtree_detach(): rename a directory PATH out of the
 * way.  Returns 1 (renamed, in the set), 0 (for the foreground) or -code.
 */
static int take(const struct api_target *t, void *data)
{
	struct swrmtree_trash *trash = data;
	struct trash_item it = { .dirfd = -1, .lockfd = -1 };
	struct util_info moved;
	int r;

	if (!S_ISDIR(t->self->mode))
		return 0; /* a file goes at once, as fast as a rename */
	r = lock_target(t, &it);
	if (r <= 0)
		goto fail;
	r = detach_rename(it.dirfd, t->name, random_seed(), &it.name);
	if (r < 0) {
		r = r == -ENOMEM ? r : 0;
		goto fail;
	}
	/*
	 * Between the open and the rename, NAME may have been replaced: then
	 * the rename moved something the guards never judged.  Put it back
	 * (never over whatever is at NAME now) and leave it alone.
	 */
	r = util_info_at(it.dirfd, it.name, AT_SYMLINK_NOFOLLOW, &moved);
	if (r < 0 || !util_info_same(&moved, &it.id)) {
		if (syscall(SYS_renameat2, it.dirfd, it.name, it.dirfd, t->name,
			    RENAME_NOREPLACE) != 0)
			r = -errno; /* reported on PATH: it is still hidden */
		else
			r = -SWRMTREE_E_SWAPPED;
		goto fail;
	}
	it.path = sibling_path(t->display, it.name);
	if (!it.path) {
		r = -ENOMEM;
		goto fail;
	}
	r = trash_add(trash, &it);
	return r < 0 ? r : 1;
fail:
	item_free(&it);
	return r;
}

/* Rename every PATH out of the way.  See swrmtree.h. */
int swrmtree_detach(const char *const *paths, size_t npaths,
		    const struct swrmtree_options *opts,
		    struct swrmtree_trash **ret_trash,
		    struct swrmtree_stats *ret_stats)
{
	struct api_hooks h = { .take = take };
	struct swrmtree_trash *trash;
	int r;

	/* Without a place for the set, the renamed trees would be lost. */
	if (!ret_trash)
		return -EINVAL;
	*ret_trash = NULL;
	trash = calloc(1, sizeof(*trash));
	if (!trash)
		return -ENOMEM;
	h.data = trash;
	r = api_run_all(AT_FDCWD, paths, npaths, opts, 0, &h, ret_stats);
	if (trash->n)
		*ret_trash = trash;
	else
		swrmtree_trash_free(trash);
	return r;
}

size_t swrmtree_trash_count(const struct swrmtree_trash *trash)
{
	return trash ? trash->n : 0;
}

const char *swrmtree_trash_path(const struct swrmtree_trash *trash, size_t i)
{
	return trash && i < trash->n ? trash->items[i].path : NULL;
}

void swrmtree_trash_free(struct swrmtree_trash *trash)
{
	size_t i;

	if (!trash)
		return;
	for (i = 0; i < trash->n; i++)
		item_free(&trash->items[i]);
	free(trash->items);
	free(trash);
}

/* Add B's counters to A's (elapsed time included). */
static void stats_add(struct swrmtree_stats *a, const struct swrmtree_stats *b)
{
	size_t i, n = sizeof(*a) / sizeof(uint64_t);
	uint64_t *pa = (uint64_t *)a;
	const uint64_t *pb = (const uint64_t *)b;

	for (i = 0; i < n; i++)
		pa[i] += pb[i];
}

/* The first failure wins; a refusal or a stop is worse than a failure. */
static int worse(int acc, int r)
{
	if (r == 0)
		return acc;
	if (acc == 0 || (acc == -SWRMTREE_E_FAILED && r != -SWRMTREE_E_FAILED))
		return r;
	return acc;
}

/*
 * Remove IT's tree from its parent: every guard again, and only while its
 * hidden name is still what was renamed (or locked).  Its lock is held
 * throughout.  Returns what api_run_all() returns.
 */
static int remove_item(const struct trash_item *it,
		       const struct swrmtree_options *opts,
		       struct swrmtree_stats *acc)
{
	const char *name = it->name, *display = it->path;
	struct api_hooks h = { .expect = &it->id, .display = &display };
	struct swrmtree_stats st = { 0 };
	int r;

	/* Gone already (removed by hand): nothing is missing. */
	r = api_run_all(it->dirfd, &name, 1, opts, SWRMTREE_FORCE, &h, &st);
	stats_add(acc, &st);
	return r;
}

/* DIR "/" NAME ("" and "/" take no slash more), malloc'd, or NULL. */
static char *join(const char *dir, const char *name)
{
	size_t d = strlen(dir), size = d + strlen(name) + 2;
	char *p = malloc(size);

	if (p)
		(void)snprintf(p, size, "%s%s%s", dir,
			       d && dir[d - 1] != '/' ? "/" : "", name);
	return p;
}

/*
 * Lock the leftover NAME in DIRFD into IT, if it is one to collect: a
 * directory, the caller's (unless SWRMTREE_ANY_OWNER), its lock free.
 * Returns 1, 0 (not ours to collect) or -ENOMEM.
 */
static int lock_leftover(int dirfd, const char *name, const char *prefix,
			 unsigned int flags, struct trash_item *it)
{
	it->lockfd = util_open_dir(dirfd, name);
	if (it->lockfd < 0)
		return 0; /* not a directory, or not ours to open */
	if (util_info_at(it->lockfd, "", AT_EMPTY_PATH, &it->id) < 0)
		return 0;
	if (it->id.uid != geteuid() && !(flags & SWRMTREE_ANY_OWNER))
		return 0;
	/* A live remover holds it: not a leftover. */
	if (flock(it->lockfd, LOCK_EX | LOCK_NB) < 0)
		return 0;
	it->name = strdup(name);
	it->path = join(prefix, name);
	return it->name && it->path ? 1 : -ENOMEM;
}

/* Is NAME the hidden name of one of TRASH's own trees (NULL: none)? */
static bool own_name(const struct swrmtree_trash *trash, const char *name)
{
	size_t i;

	for (i = 0; trash && i < trash->n; i++)
		if (strcmp(trash->items[i].name, name) == 0)
			return true;
	return false;
}

/*
 * Collect in DIRFD (shown as PREFIX), but never the names of OWN's trees:
 * those go only by the identity they were renamed with, and whatever took
 * a name that was reported swapped stays.  Returns as api_run_all(), or
 * -errno.
 */
static int collect_at(int dirfd, const char *prefix,
		      const struct swrmtree_trash *own,
		      const struct swrmtree_options *opts,
		      struct swrmtree_stats *acc)
{
	size_t plen = strlen(SWRMTREE_TRASH_PREFIX);
	int fd = util_openat(dirfd, ".", O_RDONLY | O_DIRECTORY);
	struct dirent *d;
	DIR *dir;
	int r = 0, one;

	if (fd < 0)
		return fd;
	dir = fdopendir(fd);
	if (!dir) {
		r = -errno;
		util_close(fd);
		return r;
	}
	while ((d = readdir(dir)) != NULL) {
		struct trash_item it = { .dirfd = dirfd, .lockfd = -1 };

		if (strncmp(d->d_name, SWRMTREE_TRASH_PREFIX, plen) != 0 ||
		    own_name(own, d->d_name))
			continue;
		one = lock_leftover(dirfd, d->d_name, prefix, opts->flags, &it);
		if (one > 0)
			one = remove_item(&it, opts, acc);
		it.dirfd = -1; /* DIRFD is the caller's */
		item_free(&it);
		if (one < 0)
			r = worse(r, one);
		if (one == -ENOMEM || one == -SWRMTREE_E_STOPPED)
			break;
	}
	(void)closedir(dir);
	return r;
}

/* Remove TRASH's trees, then leftovers beside them.  See swrmtree.h. */
int swrmtree_trash_remove(struct swrmtree_trash *trash,
			  const struct swrmtree_options *opts,
			  struct swrmtree_stats *ret_stats)
{
	struct swrmtree_stats acc = { 0 };
	size_t i, j;
	int r;
	char *prefix;

	/* Refused options are refused with no set, or no tree left, too. */
	r = api_options_check(opts);
	if (r < 0)
		return r;
	for (i = 0; trash && i < trash->n; i++)
		r = worse(r, remove_item(&trash->items[i], opts, &acc));
	for (i = 0; trash && i < trash->n && r != -ENOMEM; i++) {
		/* Each parent once. */
		for (j = 0; j < i; j++)
			if (util_info_same(&trash->items[j].parent,
					   &trash->items[i].parent))
				break;
		prefix = util_parent_path(trash->items[i].path,
					  strlen(trash->items[i].path),
					  trash->items[i].name);
		if (!prefix)
			r = worse(r, -ENOMEM);
		else if (j == i)
			r = worse(r, collect_at(trash->items[i].dirfd, prefix,
						trash, opts, &acc));
		free(prefix);
	}
	if (ret_stats)
		*ret_stats = acc;
	return r;
}

/* Collect the leftovers in DIR.  See swrmtree.h. */
int swrmtree_collect(const char *dir, const struct swrmtree_options *opts,
		     struct swrmtree_stats *ret_stats)
{
	struct swrmtree_stats acc = { 0 };
	size_t len;
	char *prefix;
	int fd, r;

	if (!dir)
		return -EINVAL;
	r = api_options_check(opts);
	if (r < 0)
		return r;
	fd = util_openat(AT_FDCWD, dir, O_PATH | O_DIRECTORY);
	if (fd < 0) {
		/* A result, not refused arguments: the stats say nothing went. */
		if (ret_stats)
			*ret_stats = acc;
		return fd;
	}
	len = util_strip_slashes(dir, strlen(dir));
	prefix = strndup(dir, len);
	r = prefix ? collect_at(fd, prefix, NULL, opts, &acc) : -ENOMEM;
	free(prefix);
	util_close(fd);
	if (ret_stats)
		*ret_stats = acc;
	return r;
}
