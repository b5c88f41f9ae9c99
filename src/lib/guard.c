/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * guard.c - the root-path guards (SPEC: Guards 1-8).
 *
 * Order of the checks in guard_resolve(); the first that refuses gives the
 * reason, chosen so that the most helpful reason wins:
 *   1. the empty string (Guards 1)                        - string only
 *   2. last component "." or ".." after trailing slashes  - string only
 *      are stripped (Guards 2); "/./" and "/tmp/.." stop here
 *   3. look PATH up, once: its parent by ordinary lookup (following
 *      symbolic links, as rm does), held open; its last component without
 *      following.  A PATH that cannot be looked up (missing, parent not
 *      searchable, too many links...) is allowed: its removal reports the
 *      failure the lookup met, without looking again.
 *   4. the root (Guards 3): the identity PATH resolves to as written is
 *      that of "/".  For a symbolic link written with a trailing slash that
 *      is its target's: "it is the root directory" names the danger better
 *      than "is a symbolic link".
 *   5. protected (Guards 4): that identity, or the entry's own (a protected
 *      symbolic link), is a protected path or an ancestor of one.  Before
 *      rule 6 for the same reason: it says why the path matters.  Then a
 *      directory on a file system whose mounts could not be followed
 *      (protect.c) is refused: it might hold a protected path.
 *   6. a symbolic link written with a trailing slash (Guards 5).  Without
 *      the slash a link is allowed: it is removed as a link.
 *   7. a mount point (Guards 6): another device or mount id than its parent
 *      directory, or a mount root.  Not for "/" itself (rule 4 governs it,
 *      and "--no-preserve-root" changes nothing else) nor for links.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "guard.h"

struct guard_ctx {
	unsigned int flags; /* SWRMTREE_NO_PRESERVE_ROOT, SWRMTREE_CROSS_MOUNTS */
	struct protect_set *set;
};

/*
 * Lookup failures that mean "this path is not there for us": the PATH is
 * left to its removal, which reports the same failure.  Anything else
 * (ENOMEM, EMFILE, EIO...) is a failure of the check itself.
 */
static bool absent(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES ||
	       err == ELOOP || err == ENAMETOOLONG;
}

int guard_new(const struct guard_config *cfg, struct guard_ctx **ret,
	      struct protect_error *ret_err)
{
	struct protect_config pc = { NULL, NULL, 0 };
	struct guard_ctx *g;
	int r;

	*ret = NULL;
	/* Cleared before anything can fail: the caller clears it in any case. */
	if (ret_err)
		memset(ret_err, 0, sizeof(*ret_err));
	if (cfg) {
		pc.protect = cfg->protect;
		pc.system_file = cfg->system_file;
		pc.mounts = cfg->mounts;
	}
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->flags = cfg ? cfg->flags : 0;
	r = protect_new(&pc, &g->set, ret_err);
	if (r < 0) {
		free(g);
		return r;
	}
	*ret = g;
	return 0;
}

void guard_free(struct guard_ctx *g)
{
	if (!g)
		return;
	protect_free(g->set);
	free(g);
}

void guard_ids(const struct guard_ctx *g, const struct util_id **ret_ids,
	       size_t *ret_n)
{
	protect_ids(g->set, ret_ids, ret_n);
}

/*
 * Split PATH[0..LEN) (trailing slashes stripped; OFF is where its last
 * component starts) into T->buf: the parent's spelling, a NUL, the name.
 * Returns the parent's spelling, or NULL when out of memory.
 */
static const char *split(struct guard_target *t, const char *path, size_t off)
{
	t->buf = malloc(t->len + 2);
	if (!t->buf)
		return NULL;
	memcpy(t->buf, path, off);
	t->buf[off] = '\0';
	memcpy(t->buf + off + 1, path + off, t->len - off);
	t->buf[t->len + 1] = '\0';
	t->name = t->buf + off + 1;
	t->whole_root = t->name[0] == '\0';
	if (t->whole_root)
		t->name = "."; /* "/" itself, allowed by --no-preserve-root */
	return off ? t->buf : ".";
}

/*
 * Open the parent (symlinks followed), or share PREV's descriptor when it
 * is the same directory: T then owns it, PREV only uses it, so that it is
 * closed after the last PATH of a run in one directory.
 */
static int open_parent(struct guard_target *t, int dirfd, const char *parent,
		       struct guard_target *prev)
{
	int fd, r;

	fd = util_openat(dirfd, parent, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd;
	r = util_info_at(fd, "", AT_EMPTY_PATH, &t->parent);
	if (r < 0) {
		util_close(fd);
		return r;
	}
	if (prev && prev->dirfd >= 0 &&
	    util_info_same(&prev->parent, &t->parent)) {
		util_close(fd);
		t->dirfd = prev->dirfd;
		prev->shared = true;
		return 0;
	}
	t->dirfd = fd;
	return 0;
}

/*
 * Look T's PATH up: the parent held open, the name examined without
 * following.  Returns 0 (with T->error set when the lookup failed for an
 * absent() reason) or -errno.
 */
static int lookup(struct guard_target *t, int dirfd, const char *path,
		  size_t off, struct guard_target *prev)
{
	const char *parent = split(t, path, off);
	int r;

	if (!parent)
		return -ENOMEM;
	r = open_parent(t, dirfd, parent, prev);
	if (r == 0)
		r = util_info_at(t->dirfd, t->name, AT_SYMLINK_NOFOLLOW,
				 &t->self);
	if (r == 0 && t->slash && !S_ISDIR(t->self.mode) && !S_ISLNK(t->self.mode))
		r = -ENOTDIR; /* "file/" names no directory, as for rm */
	if (r < 0 && absent(-r)) {
		t->error = -r;
		r = 0;
	}
	return r;
}

/* Rule 5 for identity ID: a protected path itself, or one of its ancestors. */
static bool check_protected(const struct guard_ctx *g, const struct util_id *id,
			    struct guard_verdict *ret)
{
	bool ancestor;

	ret->prot = protect_find(g->set, id, &ancestor);
	if (!ret->prot)
		return false;
	ret->code = ancestor ? SWRMTREE_E_CONTAINS_PROTECTED :
			       SWRMTREE_E_PROTECTED;
	return true;
}

/* "link/" resolves to the target: rules 4 and 5 look at it too. */
static bool link_target(const struct guard_target *t, struct util_info *ret)
{
	if (!t->slash || !S_ISLNK(t->self.mode))
		return false;
	return util_info_at(t->dirfd, t->name, 0, ret) == 0;
}

/* Rules 4 to 7 on a looked-up PATH, in the order documented at the top. */
static void judge(const struct guard_ctx *g, const struct guard_target *t,
		  struct guard_verdict *ret)
{
	struct util_info target;
	bool has_target = link_target(t, &target);
	const struct util_info *written = has_target ? &target : &t->self;
	bool link = S_ISLNK(t->self.mode);

	if (util_id_eq(&written->id, protect_root(g->set)) &&
	    !(g->flags & SWRMTREE_NO_PRESERVE_ROOT)) {
		ret->code = SWRMTREE_E_ROOT;
		return;
	}
	if (check_protected(g, &t->self.id, ret))
		return;
	if (has_target && check_protected(g, &target.id, ret))
		return;
	if (S_ISDIR(written->mode) && !t->whole_root &&
	    (ret->prot = protect_unknown_dev(g->set, written->id.dev))) {
		ret->code = SWRMTREE_E_UNKNOWN_MOUNTS;
		return;
	}
	if (link && t->slash) {
		ret->code = SWRMTREE_E_SYMLINK_SLASH;
		return;
	}
	if (link || t->whole_root || (g->flags & SWRMTREE_CROSS_MOUNTS))
		return;
	if (util_is_mount_point(&t->parent, &t->self))
		ret->code = SWRMTREE_E_MOUNT_POINT;
}

int guard_resolve(const struct guard_ctx *g, int dirfd, const char *path,
		  struct guard_target *prev, struct guard_target *ret,
		  struct guard_verdict *ret_v)
{
	size_t off;
	int r;

	memset(ret, 0, sizeof(*ret));
	memset(ret_v, 0, sizeof(*ret_v));
	ret->dirfd = -1;
	if (path[0] == '\0') {
		ret_v->code = SWRMTREE_E_EMPTY_PATH;
		return 0;
	}
	ret->len = util_strip_slashes(path, strlen(path));
	ret->slash = path[ret->len] == '/';
	off = util_last_component(path, ret->len);
	if (util_is_dot_or_dotdot(path + off, ret->len - off)) {
		ret_v->code = SWRMTREE_E_DOT;
		return 0;
	}
	r = lookup(ret, dirfd, path, off, prev);
	if (r == 0 && !ret->error)
		judge(g, ret, ret_v);
	return r;
}

void guard_target_release(struct guard_target *t)
{
	if (!t->shared)
		util_close(t->dirfd);
	t->dirfd = -1;
	t->shared = false;
}

/*
 * Open T's parent with FLAGS: through T's descriptor when it is held, else
 * by its spelling from DIRFD; it must be the directory the guards saw.
 * Returns the descriptor or -errno (-SWRMTREE_E_SWAPPED when it is not).
 */
static int open_parent_again(const struct guard_target *t, int dirfd, int flags)
{
	struct util_info now;
	int fd, r;

	if (t->dirfd >= 0)
		fd = util_openat(t->dirfd, ".", flags);
	else /* split() left the parent's spelling, "" for none, at the start. */
		fd = util_openat(dirfd, t->buf[0] ? t->buf : ".", flags);
	if (fd < 0)
		return fd;
	r = util_info_at(fd, "", AT_EMPTY_PATH, &now);
	if (r == 0 && !util_info_same(&now, &t->parent))
		r = -SWRMTREE_E_SWAPPED;
	if (r < 0) {
		util_close(fd);
		return r;
	}
	return fd;
}

int guard_target_reopen(struct guard_target *t, int dirfd)
{
	int fd;

	t->dirfd = -1;
	fd = open_parent_again(t, dirfd, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd;
	t->dirfd = fd;
	t->shared = false;
	return 0;
}

void guard_target_free(struct guard_target *t)
{
	if (!t)
		return;
	guard_target_release(t);
	free(t->buf);
	t->buf = NULL;
}

/* ---- every entry of a protected directory ------------------------------ */

/* A target, by its parent's identity. */
struct by_parent {
	dev_t dev;
	ino_t ino;
	size_t index;
};

static int cmp_parent(const void *a, const void *b)
{
	const struct by_parent *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Do the sorted NAMES[0..N) cover every entry of the directory FD, or
 * every entry not starting with a dot?  Takes FD over.  0 or 1; -ENOMEM.
 */
static int covers(int fd, const char *const *names, size_t n)
{
	size_t all = 0, hit = 0, plain = 0, plain_hit = 0;
	struct dirent *d;
	DIR *dir = fdopendir(fd);
	bool in;

	if (!dir) {
		util_close(fd);
		return errno == ENOMEM ? -ENOMEM : 0;
	}
	while ((d = readdir(dir))) {
		if (util_is_dot_or_dotdot(d->d_name, strlen(d->d_name)))
			continue;
		in = bsearch(&(const char *){ d->d_name }, names, n,
			     sizeof(*names), cmp_name) != NULL;
		all++;
		hit += in;
		if (d->d_name[0] != '.') {
			plain++;
			plain_hit += in;
		}
	}
	(void)closedir(dir);
	return (all > 0 && hit == all) || (plain > 0 && plain_hit == plain);
}

/* Is the directory of T protected itself, or the root?  Fills *RET. */
static bool protected_dir(const struct guard_ctx *g,
			  const struct guard_target *t, struct guard_verdict *ret)
{
	bool ancestor;

	ret->code = SWRMTREE_E_ALL_ENTRIES;
	ret->prot = NULL;
	if (util_id_eq(&t->parent.id, protect_root(g->set)))
		return !(g->flags & SWRMTREE_NO_PRESERVE_ROOT);
	ret->prot = protect_find(g->set, &t->parent.id, &ancestor);
	return ret->prot && !ancestor;
}

/* The group BY[0..N) of one parent: see guard_all_entries(). */
static int check_group(const struct guard_ctx *g, int dirfd,
		       const struct guard_target *t, const struct by_parent *by,
		       size_t n, struct guard_verdict *ret_v)
{
	const char **names;
	size_t i;
	int fd, r;

	if (!protected_dir(g, &t[by[0].index], ret_v))
		return 0;
	names = malloc(n * sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		names[i] = t[by[i].index].name;
	qsort(names, n, sizeof(*names), cmp_name);
	fd = open_parent_again(&t[by[0].index], dirfd, O_RDONLY | O_DIRECTORY);
	r = fd == -ENOMEM ? -ENOMEM : fd < 0 ? 0 : covers(fd, names, n);
	free(names);
	return r;
}

int guard_all_entries(const struct guard_ctx *g, int dirfd,
		      const struct guard_target *t, size_t n, size_t *ret_index,
		      struct guard_verdict *ret_v)
{
	struct by_parent *by;
	size_t i, j, m = 0;
	int r = 0;

	memset(ret_v, 0, sizeof(*ret_v));
	if (n < 2)
		return 0;
	by = malloc(n * sizeof(*by));
	if (!by)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (!t[i].buf || t[i].error || t[i].whole_root)
			continue; /* not looked up, or not there */
		by[m].dev = t[i].parent.id.dev;
		by[m].ino = t[i].parent.id.ino;
		by[m++].index = i;
	}
	if (m > 1)
		qsort(by, m, sizeof(*by), cmp_parent);
	for (i = 0; i < m && r == 0; i = j) {
		for (j = i + 1;
		     j < m && by[j].dev == by[i].dev && by[j].ino == by[i].ino;
		     j++)
			;
		if (j - i < 2)
			continue;
		r = check_group(g, dirfd, t, by + i, j - i, ret_v);
		if (r > 0)
			*ret_index = by[i].index;
	}
	free(by);
	if (r <= 0)
		memset(ret_v, 0, sizeof(*ret_v));
	return r;
}
int guard_check(const struct guard_ctx *g, int dirfd, const char *path,
		struct guard_verdict *ret)
{
	struct guard_target t;
	int r;

	r = guard_resolve(g, dirfd, path, NULL, &t, ret);
	guard_target_free(&t);
	return r;
}
