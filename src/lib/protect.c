/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * protect.c - the protected-paths configuration (SPEC: Guards 4).
 *
 * protect_new() resolves every protected path once, to identities: the
 * path itself (for a symbolic link, the link and its target) and every
 * ancestor directory below "/", found by walking ".." from the resolved
 * directory.  Queries then compare identities only, so another spelling, a
 * symlinked parent or a bind mount of a protected directory is caught.
 *
 * Mounts (SPEC: Guards 8, last sentence).  ".." from the root of a mount
 * leads to the directory it is mounted on, not to the directory above it
 * in its own file system: with home a bind mount of data/homes, the ".."
 * walk from home/alice never meets data.  So wherever the walk leaves a
 * mount, the mount table (mounts.h) is asked which other
 * mounts of the same file system show the same directories:
 *   - a mount whose root (within the file system) is the root of the mount
 *     left, or above it, shows that root again below its mount point: the
 *     walk goes on from there (data/homes, then data...);
 *   - a mount whose root is one of the directories just walked (its mount
 *     point has that identity): the walk goes on above its mount point.
 * Each mount is followed once per protected path.  Where the table cannot
 * be read, or an alias cannot be looked at for another reason than its
 * absence, the file system is marked: a directory on it may contain the
 * protected path without our knowing, and the guards refuse it, saying so.
 * The root file system is not marked when the table is missing (a chroot
 * without /proc would refuse everything): the walk never removes a
 * protected entry either way (SPEC: Guards 8).
 *
 * Configuration files: one path per line.  Leading and trailing white space
 * is dropped.  '#' starts a comment at the start of a line or after white
 * space, so "/srv/data  # our data" protects "/srv/data" (a comment that
 * silently became part of a path would protect nothing); a '#' inside a
 * word ("/srv/a#b") is part of the path.  "~" and a "~/" prefix stand for
 * the home directory ($HOME if absolute, else the password database's).
 * Anything else must be absolute.  --protect values get the same "~"
 * expansion but may be relative (to the working directory at protect_new()).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "swrmtree.h"
#include "mounts.h"
#include "passwd.h"
#include "protect.h"

#ifndef SYSCONFDIR
#error "SYSCONFDIR must be defined by the build"
#endif

/* Far deeper than any real protected path; only guarantees termination. */
#define MAX_ANCESTORS 65536

/* Components of a path whose ancestors add_spelled_chain() may trust. */
#define SPELLED_MAX 8

/* A set of identities, each remembering which protected path added it. */
struct idset {
	struct util_id *ids; /* contiguous: protect_ids() hands them out */
	size_t *src;         /* index into protect_set.prots, per identity */
	size_t n, cap_ids, cap_src;
};

/* What the search for aliases notes of each mount of the table. */
struct mnt_note {
	bool seen; /* followed for the protected path being resolved */
	int looked; /* 0: mount point not looked at yet; 1: PID is its identity; -1: failed */
	struct util_id pid; /* the identity of its mount point (the mount's root) */
};

struct protect_set {
	struct util_id root; /* identity of "/" when protect_new() ran */
	struct util_info root_info;
	char *home;    /* what "~" means; NULL when no home is known */
	char *pw_home; /* the real user's home in the password database, or NULL */
	struct protect_entry *prots;
	size_t nprots, cap_prots;
	struct idset self; /* the protected paths themselves (never the root) */
	struct idset anc;  /* their ancestors below the root */
	struct idset unknown; /* devices whose aliases could not be established (ino 0) */
	struct mounts mnt; /* read when first needed; freed after protect_new() */
	struct mnt_note *notes; /* one per mount of MNT */
	bool mnt_loaded;
	unsigned int mnt_source; /* enum mounts_source */
	struct protect_error *err;
};

/* clang-format off */
static const char *const builtin[] = {
	"/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64",
	"/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/usr", "/var",
	NULL
};
/* clang-format on */

static int add_ancestors(struct protect_set *s, int fd, bool with_self,
			 size_t src, unsigned int nest);

/*
 * Lookup failures that mean "this path is not there for us": a protected
 * path protects nothing then.  Anything else (ENOMEM, EMFILE, EIO...) is a
 * failure of the check itself.
 */
static bool absent(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES ||
	       err == ELOOP || err == ENAMETOOLONG;
}

static bool idset_find(const struct idset *s, const struct util_id *id,
		       size_t *ret_src)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (util_id_eq(&s->ids[i], id)) {
			*ret_src = s->src[i];
			return true;
		}
	}
	return false;
}

/* Add ID (from protected path SRC) unless present: the first source wins. */
static int idset_add(struct idset *s, const struct util_id *id, size_t src)
{
	struct util_id *ids;
	size_t dummy, *srcs;

	if (idset_find(s, id, &dummy))
		return 0;
	ids = util_grow(s->ids, &s->cap_ids, s->n + 1, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	s->ids = ids;
	srcs = util_grow(s->src, &s->cap_src, s->n + 1, sizeof(*srcs));
	if (!srcs)
		return -ENOMEM;
	s->src = srcs;
	s->ids[s->n] = *id;
	s->src[s->n] = src;
	s->n++;
	return 0;
}

/* SPEC: Guards 4: the root itself is governed by rule 3 alone. */
static int add_self(struct protect_set *s, const struct util_info *info,
		    size_t src)
{
	if (util_id_eq(&info->id, &s->root))
		return 0;
	return idset_add(&s->self, &info->id, src);
}

/* Mark DEV: its directories may hold protected path SRC unseen. */
static int mark_unknown(struct protect_set *s, dev_t dev, size_t src)
{
	struct util_id id = { .dev = dev, .ino = 0 };

	if (dev == s->root.dev && s->mnt.error)
		return 0; /* see the top: not for a missing table */
	return idset_add(&s->unknown, &id, src);
}

/* ---- the mount table ---------------------------------------------------- */

/* Read the table once, when first needed (see mounts.h). */
static int mnt_load(struct protect_set *s)
{
	int r;

	if (s->mnt_loaded)
		return 0;
	s->mnt_loaded = true;
	r = mounts_load(&s->mnt, s->mnt_source);
	if (r < 0)
		return r;
	if (s->mnt.error || s->mnt.n == 0)
		return 0;
	s->notes = calloc(s->mnt.n, sizeof(*s->notes));
	return s->notes ? 0 : -ENOMEM;
}

static void mnt_free(struct protect_set *s)
{
	mounts_free(&s->mnt);
	free(s->notes);
	s->notes = NULL;
	s->mnt_loaded = false;
}

/* Is the path ROOT, a directory of a file system, PATH or above it? */
static bool path_within(const char *root, const char *path, size_t *ret_rest)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/') {
		*ret_rest = 0;
		return true;
	}
	if (strncmp(root, path, n) != 0 || (path[n] != '\0' && path[n] != '/'))
		return false;
	*ret_rest = n;
	return true;
}

/*
 * Follow mount M: open PATH (its mount point, or a directory below it)
 * and, when it is the directory WANT (or any directory when WANT is NULL),
 * walk the ancestors from there.  Absence means the alias is hidden (over-
 * mounted) or gone: nobody reaches the protected path that way.
 */
static int follow(struct protect_set *s, const char *path,
		  const struct util_id *want, bool with_self, size_t src,
		  unsigned int nest)
{
	struct util_info info;
	int fd, r;

	fd = util_openat(AT_FDCWD, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd == -ENOENT || fd == -ENOTDIR ? 0 : fd;
	r = util_info_at(fd, "", AT_EMPTY_PATH, &info);
	if (r == 0 && (!want || util_id_eq(&info.id, want)))
		r = add_ancestors(s, fd, with_self, src, nest + 1);
	util_close(fd);
	return r;
}

/*
 * The strings of mount I: 1 when there, 0 when the mount is gone (so
 * nothing is reached through it), < 0 when they cannot be had.
 */
static int mnt_strings(struct protect_set *s, size_t i)
{
	int r = mounts_strings(&s->mnt, i);

	if (r == -ENOENT)
		return 0;
	return r < 0 ? r : 1;
}

/* The identity of mount I's mount point, looked up once; NULL when it cannot be. */
static const struct util_id *mnt_point_id(struct protect_set *s, size_t i)
{
	struct mnt_note *x = &s->notes[i];
	struct util_info info;

	if (x->looked == 0) {
		x->looked = -1;
		if (mnt_strings(s, i) > 0 &&
		    util_info_at(AT_FDCWD, s->mnt.v[i].point, 0, &info) == 0) {
			x->looked = 1;
			x->pid = info.id;
		}
	}
	return x->looked > 0 ? &x->pid : NULL;
}

/* The mount showing TOP (a mount root): its index, or -1. */
static ssize_t mnt_of(struct protect_set *s, const struct util_info *top)
{
	const struct util_id *pid;
	size_t i;

	/*
	 * By mount id where it is known: the table's device is the file
	 * system's, and a btrfs subvolume shows another one in st_dev (the
	 * top-level subvolume too), so devices need not match.
	 */
	for (i = 0; i < s->mnt.n; i++) {
		const struct mounts_entry *m = &s->mnt.v[i];

		if (top->mnt_id) {
			if (m->id == top->mnt_id)
				return (ssize_t)i;
			continue;
		}
		if (m->dev == top->id.dev && (pid = mnt_point_id(s, i)) &&
		    util_id_eq(pid, &top->id))
			return (ssize_t)i;
	}
	return -1;
}

/*
 * Mount I, of the file system of the mount LEFT the walk just left (TOP is
 * LEFT's root; CHAIN[0..N) the directories walked in it): follow it where
 * it shows the same directories (see the top comment).
 */
static int alias(struct protect_set *s, size_t i, const struct mounts_entry *left,
		 const struct util_info *top, const struct util_id *chain,
		 size_t n, size_t src, unsigned int nest)
{
	const struct mounts_entry *m = &s->mnt.v[i];
	const struct util_id *pid;
	size_t j, rest;
	char *path;
	int r;

	/* Strings that cannot be had: as a table that cannot be read. */
	if ((r = mnt_strings(s, i)) < 0)
		return r == -ENOMEM ? r : mark_unknown(s, top->id.dev, src);
	if (r == 0)
		return 0;
	if (path_within(m->root, left->root, &rest)) {
		s->notes[i].seen = true;
		if (asprintf(&path, "%s%s", m->point, left->root + rest) < 0)
			return -ENOMEM;
		r = follow(s, path, &top->id, false, src, nest);
		free(path);
		return r;
	}
	if (!(pid = mnt_point_id(s, i)))
		return 0;
	for (j = 0; j < n; j++) {
		if (util_id_eq(pid, &chain[j])) {
			s->notes[i].seen = true;
			return follow(s, m->point, pid, false, src, nest);
		}
	}
	return 0;
}

/*
 * The walk leaves the mount whose root is TOP; CHAIN[0..N) are the
 * directories it walked in that mount (TOP last).  See the top comment.
 */
static int aliases(struct protect_set *s, const struct util_info *top,
		   const struct util_id *chain, size_t n, size_t src,
		   unsigned int nest)
{
	const struct mounts_entry *left;
	ssize_t k;
	size_t i;
	int r;

	if ((r = mnt_load(s)) < 0)
		return r;
	k = s->mnt.error ? -1 : mnt_of(s, top);
	if (k < 0)
		return mark_unknown(s, top->id.dev, src);
	for (i = 0, r = 0; i < s->mnt.n && r >= 0; i++) {
		if (i == (size_t)k || s->notes[i].seen ||
		    s->mnt.v[i].dev != s->mnt.v[k].dev)
			continue;
		/* The strings of the mount left, once another shows its
		 * file system (most file systems are mounted once). */
		if ((r = mnt_strings(s, (size_t)k)) <= 0)
			return r == -ENOMEM ? r :
					      mark_unknown(s, top->id.dev, src);
		left = &s->mnt.v[k];
		r = alias(s, i, left, top, chain, n, src, nest);
	}
	if (r < 0 && absent(-r))
		r = mark_unknown(s, top->id.dev, src);
	return r;
}

/* Forget which mounts were followed: a new protected path starts. */
static void mnt_unsee(struct protect_set *s)
{
	size_t i;

	for (i = 0; s->notes && i < s->mnt.n; i++)
		s->notes[i].seen = false;
}

/* Does the ".." step from CUR to UP leave CUR's mount? */
static bool leaves_mount(const struct util_info *cur, const struct util_info *up)
{
	return util_is_mount_point(up, cur);
}

/* ---- ancestors ------------------------------------------------------------ */

/* Walk state: the directories walked since the last mount was left. */
struct chain {
	struct util_id *ids;
	size_t n, cap;
};

static int chain_push(struct chain *c, const struct util_id *id)
{
	struct util_id *ids = util_grow(c->ids, &c->cap, c->n + 1, sizeof(*ids));

	if (!ids)
		return -ENOMEM;
	c->ids = ids;
	c->ids[c->n++] = *id;
	return 0;
}

/*
 * Add the identities of the ancestors of the directory FD (and of FD
 * itself when WITH_SELF) below the root, walking ".." from the resolved
 * directory: identity, not spelling (SPEC: Guards 4), so "/data" is caught
 * when "/data/alice" is protected whatever the spelling or symlinks used.
 * Where the walk leaves a mount, its aliases are followed (see the top).
 * FD is an O_PATH directory descriptor; the caller keeps and closes it.
 */
/*
 * UP, the directory above CUR on the way up from a protected path, was
 * seen: a mount left behind gets its aliases (the chain C so far), and UP
 * is an ancestor.  Returns 1 at the top (".." of the process root is
 * itself), 0 to go on up, or < 0.
 */
static int note_parent(struct protect_set *s, const struct util_info *cur,
		       const struct util_info *up, struct chain *c, size_t src,
		       unsigned int nest)
{
	int r;

	if (util_id_eq(&up->id, &cur->id))
		return 1;
	if (leaves_mount(cur, up)) {
		r = aliases(s, cur, c->ids, c->n, src, nest);
		c->n = 0;
		if (r < 0)
			return r;
	}
	if (util_id_eq(&up->id, &s->root))
		return 0;
	r = idset_add(&s->anc, &up->id, src);
	return r < 0 ? r : 0;
}

static int add_ancestors(struct protect_set *s, int fd, bool with_self,
			 size_t src, unsigned int nest)
{
	struct util_info cur, up;
	struct chain c = { 0 };
	unsigned int depth;
	int dfd = -1, nfd, r;

	r = util_info_at(fd, "", AT_EMPTY_PATH, &cur);
	if (r < 0 || nest > 64)
		goto out;
	if (with_self && !util_id_eq(&cur.id, &s->root) &&
	    (r = idset_add(&s->anc, &cur.id, src)) < 0)
		goto out;
	for (depth = 0; depth < MAX_ANCESTORS; depth++) {
		if ((r = chain_push(&c, &cur.id)) < 0)
			goto out;
		if (util_id_eq(&cur.id, &s->root))
			break;
		nfd = util_openat(dfd >= 0 ? dfd : fd, "..",
				  O_PATH | O_DIRECTORY);
		if (nfd < 0) {
			/* Unsearchable: what lies above cannot be emptied by us either. */
			r = absent(-nfd) ? 0 : nfd;
			goto out;
		}
		util_close(dfd);
		dfd = nfd;
		if ((r = util_info_at(dfd, "", AT_EMPTY_PATH, &up)) < 0)
			goto out;
		r = note_parent(s, &cur, &up, &c, src, nest);
		if (r < 0)
			goto out;
		if (r > 0)
			break;
		cur = up;
	}
	/* The mount at the top: the root's own, or the process root's. */
	r = depth < MAX_ANCESTORS ? aliases(s, &cur, c.ids, c.n, src, nest) :
				    -ELOOP;
out:
	free(c.ids);
	util_close(dfd);
	return r;
}

/*
 * Is PATH "/NAME", an entry of the root by its spelling?  Its only
 * ancestor is the root then, and ".." need not be walked (most protected
 * paths are such, and every run resolves them).
 */
static bool in_root(const char *path)
{
	return path[0] == '/' && path[1] && path[1] != '/' &&
	       !strchr(path + 1, '/') && strcmp(path, "/.") != 0 &&
	       strcmp(path, "/..") != 0;
}

/* The directory INFO, an entry of the root: the mounts of it and of "/". */
static int add_root_child(struct protect_set *s, const struct util_info *info,
			  size_t src)
{
	struct util_id chain[2] = { info->id, s->root };
	int r;

	mnt_unsee(s);
	if (!leaves_mount(info, &s->root_info))
		return aliases(s, &s->root_info, chain, 2, src, 0);
	r = aliases(s, info, chain, 1, src, 0);
	return r < 0 ? r : aliases(s, &s->root_info, chain + 1, 1, src, 0);
}

/* Is the name PATH[0..LEN) "." or ".."? */
static bool dot_name(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/*
 * Is INFO a directory on the root's own mount, and not the root of a mount
 * (which statx must be able to say)?
 */
static bool plain_dir_of_root(const struct protect_set *s,
			      const struct util_info *info)
{
	return S_ISDIR(info->mode) && util_mount_root_known(info) &&
	       !util_is_mount_root(info) && info->mnt_id == s->root_info.mnt_id &&
	       info->id.dev == s->root.dev;
}

/*
 * Record the N identities at the end of CHAIN[0..SPELLED_MAX) that
 * add_spelled_chain() found (bottom first), with the root above them, as
 * ancestors (the bottom one only WITH_SELF), and the aliases of the root's
 * mount.  Returns 1, 0 when the bottom one is not WANT, or -errno.
 */
static int add_spelled_ids(struct protect_set *s, struct util_id *chain,
			   size_t n, const struct util_id *want, bool with_self,
			   size_t src)
{
	size_t k = SPELLED_MAX - n, i;
	int r;

	/* Bottom first, the root last, as add_ancestors() builds it. */
	chain[SPELLED_MAX] = s->root;
	if (want && !util_id_eq(&chain[k], want))
		return 0;
	for (i = with_self ? k : k + 1; i < SPELLED_MAX; i++)
		if ((r = idset_add(&s->anc, &chain[i], src)) < 0)
			return r;
	mnt_unsee(s);
	r = aliases(s, &s->root_info, chain + k, n + 1, src, 0);
	return r < 0 ? r : 1;
}

/*
 * The ancestors of the directory PATH from its spelling, without walking
 * "..": when PATH is absolute and canonical and each of its first
 * SPELLED_MAX components is a directory (not a symbolic link) on the
 * root's mount and not a mount root, the parent of each is the one before
 * it, as the kernel's lookup went.  Identity is still what is recorded;
 * only the ".." steps are saved (most protected paths, homes included,
 * are such, and every run resolves them).  Returns 1 when done, 0 when
 * the spelling cannot be trusted (the caller walks ".."), or -errno.
 * WANT, when not NULL, must be the identity PATH leads to.
 */
static int add_spelled_chain(struct protect_set *s, const char *path,
			     const struct util_id *want, bool with_self,
			     size_t src)
{
	struct util_id chain[SPELLED_MAX + 1];
	struct util_info info;
	char buf[PATH_MAX];
	size_t len = strlen(path), i = 1, end, n = 0;
	int r;

	if (path[0] != '/' || len < 2 || len >= sizeof(buf) ||
	    !s->root_info.mnt_id)
		return 0;
	memcpy(buf, path, len + 1);
	for (;;) {
		for (end = i; buf[end] && buf[end] != '/'; end++)
			;
		if (end == i || dot_name(buf + i, end - i) || n == SPELLED_MAX)
			return 0;
		buf[end] = '\0';
		r = util_info_at(AT_FDCWD, buf, AT_SYMLINK_NOFOLLOW, &info);
		if (r < 0)
			return absent(-r) ? 0 : r;
		if (!plain_dir_of_root(s, &info))
			return 0;
		chain[SPELLED_MAX - 1 - n++] = info.id;
		if (end == len)
			break;
		buf[end] = '/';
		i = end + 1;
	}
	return add_spelled_ids(s, chain, n, want, with_self, src);
}

/*
 * The target of the symbolic link PATH, as an absolute path when the link
 * is an entry of the root or the target is absolute; NULL otherwise (or
 * when it cannot be read: the caller walks "..").
 */
static char *link_target(const char *path)
{
	char buf[PATH_MAX], *ret;
	ssize_t n = readlinkat(AT_FDCWD, path, buf, sizeof(buf) - 1);

	if (n <= 0 || (size_t)n >= sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	if (buf[0] == '/')
		return strdup(buf);
	if (!in_root(path) || asprintf(&ret, "/%s", buf) < 0)
		return NULL;
	return ret;
}

/* Open PATH (a directory, symlinks followed) and add its ancestors (and it). */
static int add_dir_chain(struct protect_set *s, const char *path,
			 bool with_self, size_t src)
{
	int fd, r;

	r = add_spelled_chain(s, path, NULL, with_self, src);
	if (r != 0)
		return r < 0 ? r : 0;
	fd = util_openat(AT_FDCWD, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return absent(-fd) ? 0 : fd;
	r = add_ancestors(s, fd, with_self, src, 0);
	util_close(fd);
	return r;
}

/* Add the directory holding the last component of PATH, and its ancestors. */
static int add_parent_chain(struct protect_set *s, const char *path, size_t src)
{
	size_t off = util_last_component(path, strlen(path));
	char *parent;
	int r;

	if (off == 0)
		return add_dir_chain(s, ".", true, src);
	parent = strndup(path, off);
	if (!parent)
		return -ENOMEM;
	r = add_dir_chain(s, parent, true, src);
	free(parent);
	return r;
}

/* A protected symlink's target that is not a directory: its parent chain. */
static int add_target_parent_chain(struct protect_set *s, const char *path,
				   size_t src)
{
	char *real;
	int r;

	real = realpath(path, NULL);
	if (!real)
		return absent(errno) ? 0 : -errno;
	r = add_parent_chain(s, real, src);
	free(real);
	return r;
}

/*
 * Resolve protected path number SRC to identities.  SPEC: Guards 4: a
 * protected symlink protects its own identity and its target's (and the
 * ancestors of both); a missing path protects nothing.
 */
static int resolve_prot(struct protect_set *s, size_t src)
{
	const char *path = s->prots[src].path;
	struct util_info lst, st;
	char *target;
	int r;

	mnt_unsee(s);
	r = util_info_at(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &lst);
	if (r < 0)
		return absent(-r) ? 0 : r;
	if ((r = add_self(s, &lst, src)) < 0)
		return r;
	if (S_ISDIR(lst.mode) && in_root(path))
		return add_root_child(s, &lst, src);
	if (S_ISDIR(lst.mode))
		return add_dir_chain(s, path, false, src);
	if (in_root(path))
		r = aliases(s, &s->root_info, &s->root, 1, src, 0);
	else
		r = add_parent_chain(s, path, src);
	if (r < 0 || !S_ISLNK(lst.mode))
		return r;
	r = util_info_at(AT_FDCWD, path, 0, &st);
	if (r < 0)
		return absent(-r) ? 0 : r;
	if ((r = add_self(s, &st, src)) < 0)
		return r;
	if (!S_ISDIR(st.mode))
		return add_target_parent_chain(s, path, src);
	target = link_target(path);
	r = target ? add_spelled_chain(s, target, &st.id, false, src) : 0;
	free(target);
	if (r != 0)
		return r < 0 ? r : 0;
	return add_dir_chain(s, path, false, src);
}

/*
 * Note in the error what could not be checked.  Without the memory to name
 * it, the error is ENOMEM: an error that names nothing reaches no caller.
 */
static void set_error(struct protect_error *e, int code, const char *file,
		      size_t line, const char *path, unsigned int origin)
{
	protect_error_clear(e);
	e->code = code;
	e->file = file ? strdup(file) : NULL;
	e->line = line;
	e->path = path ? strdup(path) : NULL;
	e->origin = origin;
	if ((file && !e->file) || (path && !e->path)) {
		protect_error_clear(e);
		e->code = ENOMEM;
	}
}

/* Is PATH[0..LEN) spelled exactly as an earlier protected path? */
static bool known(const struct protect_set *s, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < s->nprots; i++)
		if (strlen(s->prots[i].path) == len &&
		    memcmp(s->prots[i].path, path, len) == 0)
			return true;
	return false;
}

/*
 * Record PATH (trailing slashes dropped) as protected, from ORIGIN (and
 * FILE at LINE), and resolve it.  The same spelling twice ($HOME and the
 * password database's home, usually) is resolved once: the first origin
 * names it.
 */
static int add_prot(struct protect_set *s, const char *path,
		    unsigned int origin, const char *file, size_t line)
{
	size_t len = util_strip_slashes(path, strlen(path));
	struct protect_entry *p;
	int r;

	if (len == 0 || known(s, path, len))
		return 0;
	p = util_grow(s->prots, &s->cap_prots, s->nprots + 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	s->prots = p;
	p = &s->prots[s->nprots];
	memset(p, 0, sizeof(*p));
	p->path = strndup(path, len);
	p->file = file ? strdup(file) : NULL;
	p->origin = origin;
	p->line = line;
	if (!p->path || (file && !p->file)) {
		free(p->path);
		free(p->file);
		return -ENOMEM;
	}
	s->nprots++;
	r = resolve_prot(s, s->nprots - 1);
	if (r < 0 && r != -ENOMEM)
		set_error(s->err, -r, file, line, p->path, origin);
	return r;
}

/*
 * "~" and "~/..." in S become the home directory.  Returns 0 with *ret a
 * new string, -ENOENT when S needs a home and none is known, or -ENOMEM.
 */
static int expand_home(const struct protect_set *s, const char *str, char **ret)
{
	*ret = NULL;
	if (str[0] == '~' && (str[1] == '\0' || str[1] == '/')) {
		if (!s->home)
			return -ENOENT;
		if (asprintf(ret, "%s%s", s->home, str + 1) < 0) {
			*ret = NULL;
			return -ENOMEM;
		}
		return 0;
	}
	*ret = strdup(str);
	return *ret ? 0 : -ENOMEM;
}

/* The real user's home directory from the password database (thread-safe). */
static int real_user_home(char **ret)
{
	return passwd_home(getuid(), ret);
}

/* Identity of "/", and the homes: $HOME when absolute, the database's. */
static int init_root_and_home(struct protect_set *s)
{
	const char *env = getenv("HOME");
	struct util_info info;
	int r;

	r = util_info_at(AT_FDCWD, "/", 0, &info);
	if (r < 0) {
		set_error(s->err, -r, NULL, 0, "/", SWRMTREE_ORIGIN_BUILTIN);
		return r;
	}
	s->root = info.id;
	s->root_info = info;
	r = real_user_home(&s->pw_home);
	if (r < 0)
		return r;
	if (env && env[0] == '/')
		s->home = strdup(env);
	else if (s->pw_home)
		s->home = strdup(s->pw_home);
	else
		return 0; /* no home known: "~" in a file is an error */
	return s->home ? 0 : -ENOMEM;
}

/* SPEC: Guards 4: the built-in list, $HOME and the real user's home. */
static int add_builtin_and_home(struct protect_set *s)
{
	const char *env = getenv("HOME");
	size_t i;
	int r;

	for (i = 0; builtin[i]; i++) {
		r = add_prot(s, builtin[i], SWRMTREE_ORIGIN_BUILTIN, NULL, 0);
		if (r < 0)
			return r;
	}
	if (env && env[0] == '/') {
		r = add_prot(s, env, SWRMTREE_ORIGIN_HOME, NULL, 0);
		if (r < 0)
			return r;
	}
	if (s->pw_home)
		return add_prot(s, s->pw_home, SWRMTREE_ORIGIN_HOME, NULL, 0);
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* Strip LINE of its comment and surrounding white space (see the top). */
static char *trim_line(char *line)
{
	char *s = line, *e;

	while (is_space(*s))
		s++;
	for (e = s; *e; e++) {
		if (*e == '#' && (e == s || is_space(e[-1]))) {
			*e = '\0';
			break;
		}
	}
	while (e > s && is_space(e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* One line of the configuration file FILE (from ORIGIN). */
static int parse_line(struct protect_set *s, const char *file,
		      unsigned int origin, size_t lineno, char *line)
{
	char *str = trim_line(line), *path = NULL;
	int r;

	if (!*str)
		return 0;
	r = expand_home(s, str, &path);
	if (r == -ENOENT) {
		set_error(s->err, SWRMTREE_E_NO_HOME, file, lineno, NULL, origin);
		return -SWRMTREE_E_NO_HOME;
	}
	if (r < 0)
		return r;
	if (path[0] != '/') {
		set_error(s->err, SWRMTREE_E_CONFIG, file, lineno, NULL, origin);
		r = -SWRMTREE_E_CONFIG;
	} else {
		r = add_prot(s, path, origin, file, lineno);
	}
	free(path);
	return r;
}

/* Read FILE; a missing one is fine, an unreadable one an error naming it. */
static int parse_file(struct protect_set *s, const char *file, unsigned int origin)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int r = 0, err = 0;
	FILE *f;

	f = fopen(file, "re");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (errno == ENOMEM)
			return -ENOMEM;
		set_error(s->err, errno, file, 0, NULL, origin);
		return -s->err->code;
	}
	for (;;) {
		errno = 0;
		if (getline(&line, &cap, f) < 0) {
			err = errno;
			break;
		}
		r = parse_line(s, file, origin, ++lineno, line);
		if (r < 0)
			goto out;
	}
	if (ferror(f)) {
		r = err == ENOMEM ? -ENOMEM : -(err ? err : EIO);
		if (r != -ENOMEM)
			set_error(s->err, -r, file, 0, NULL, origin);
	}
out:
	free(line);
	(void)fclose(f);
	return r;
}

/*
 * Does HOME's configuration directory (HOME/.config, or HOME itself where
 * that cannot be looked at) belong to another user?  Runners that switch users but
 * keep HOME (sudo without -H, some CI and make setups) leave HOME naming
 * the first user's home.
 */
static bool foreign_home(const char *home)
{
	struct util_info info;
	char *cfg;
	int r;

	if (asprintf(&cfg, "%s/.config", home) < 0)
		return false;
	r = util_info_at(AT_FDCWD, cfg, 0, &info);
	free(cfg);
	if (r < 0) /* missing, or HOME itself not searchable for us */
		r = util_info_at(AT_FDCWD, home, 0, &info);
	return r == 0 && info.uid != getuid();
}

/*
 * The system file, then ${XDG_CONFIG_HOME:-~/.config}/sw-rmtree/protected;
 * "~" there is the real user's home in the password database where HOME's
 * belongs to someone else.
 */
static int add_config_files(struct protect_set *s,
			    const struct protect_config *cfg)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	char *user = NULL;
	int r;

	r = parse_file(s,
		       cfg->system_file ? cfg->system_file :
					  SYSCONFDIR "/sw-rmtree/protected",
		       SWRMTREE_ORIGIN_SYSTEM_FILE);
	if (r < 0)
		return r;
	/* XDG base directories: a relative $XDG_CONFIG_HOME is to be ignored. */
	if (xdg && xdg[0] == '/')
		r = asprintf(&user, "%s/sw-rmtree/protected", xdg);
	else if (s->home && s->pw_home && strcmp(s->home, s->pw_home) != 0 &&
		 foreign_home(s->home))
		r = asprintf(&user, "%s/.config/sw-rmtree/protected", s->pw_home);
	else if (s->home)
		r = asprintf(&user, "%s/.config/sw-rmtree/protected", s->home);
	else
		return 0;
	if (r < 0)
		return -ENOMEM;
	r = parse_file(s, user, SWRMTREE_ORIGIN_USER_FILE);
	free(user);
	return r;
}

/* --protect=PATH values: "~" expanded; relative ones against the cwd. */
static int add_protect_list(struct protect_set *s, const char *const *list)
{
	char *path;
	int r;

	for (; list && *list; list++) {
		r = expand_home(s, *list, &path);
		if (r == -ENOENT) {
			/* No home known: take "~..." literally, as a relative path. */
			path = strdup(*list);
			r = path ? 0 : -ENOMEM;
		}
		if (r < 0)
			return r;
		r = add_prot(s, path, SWRMTREE_ORIGIN_OPTION, NULL, 0);
		free(path);
		if (r < 0)
			return r;
	}
	return 0;
}

int protect_new(const struct protect_config *cfg, struct protect_set **ret,
		struct protect_error *ret_err)
{
	struct protect_config none = { NULL, NULL, 0 };
	struct protect_error dummy = { 0 };
	struct protect_set *s;
	int r;

	if (!ret_err)
		ret_err = &dummy;
	memset(ret_err, 0, sizeof(*ret_err));
	*ret = NULL;
	if (!cfg)
		cfg = &none;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->err = ret_err;
	s->mnt_source = cfg->mounts;
	r = init_root_and_home(s);
	if (r == 0)
		r = add_builtin_and_home(s);
	if (r == 0)
		r = add_config_files(s, cfg);
	if (r == 0)
		r = add_protect_list(s, cfg->protect);
	mnt_free(s);
	s->err = NULL;
	if (r == 0) {
		*ret = s;
		s = NULL;
	}
	protect_free(s);
	protect_error_clear(&dummy);
	return r;
}

void protect_free(struct protect_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nprots; i++) {
		free(s->prots[i].path);
		free(s->prots[i].file);
	}
	free(s->prots);
	free(s->self.ids);
	free(s->self.src);
	free(s->anc.ids);
	free(s->anc.src);
	free(s->unknown.ids);
	free(s->unknown.src);
	mnt_free(s);
	free(s->home);
	free(s->pw_home);
	free(s);
}

void protect_error_clear(struct protect_error *e)
{
	if (!e)
		return;
	free(e->file);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

const struct util_id *protect_root(const struct protect_set *s)
{
	return &s->root;
}

const struct protect_entry *protect_find(const struct protect_set *s,
					 const struct util_id *id,
					 bool *ret_ancestor)
{
	size_t src;

	*ret_ancestor = false;
	if (idset_find(&s->self, id, &src))
		return &s->prots[src];
	*ret_ancestor = true;
	if (idset_find(&s->anc, id, &src))
		return &s->prots[src];
	return NULL;
}

const struct protect_entry *protect_unknown_dev(const struct protect_set *s,
						dev_t dev)
{
	struct util_id id = { .dev = dev, .ino = 0 };
	size_t src;

	return idset_find(&s->unknown, &id, &src) ? &s->prots[src] : NULL;
}

void protect_ids(const struct protect_set *s, const struct util_id **ret_ids,
		 size_t *ret_n)
{
	*ret_ids = s->self.ids;
	*ret_n = s->self.n;
}
