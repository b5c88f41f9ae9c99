/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * guard.h - the root-path guards (SPEC: Guards 1-8).
 *
 * Before anything is removed, every PATH is resolved once, here, to a held
 * descriptor of its parent directory, its last name and the identity of
 * what that name is (struct guard_target); every guard judges that
 * identity, and the removal starts from that descriptor and name, checking
 * that the identity is still the same.  Nothing after the guards looks a
 * PATH up by its spelling again, except guard_target_reopen(), which checks
 * the parent's identity.  The guards never remove anything and never walk a
 * tree.  A guard_ctx is read-only after guard_new().
 */
#ifndef SWRMTREE_GUARD_H
#define SWRMTREE_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "protect.h"
#include "util.h"

/* What guard_new() builds the context from. */
struct guard_config {
	unsigned int flags; /* SWRMTREE_NO_PRESERVE_ROOT, SWRMTREE_CROSS_MOUNTS; others ignored */
	const char *const *protect; /* --protect=PATH values, NULL-terminated; may be NULL */
	const char *system_file; /* NULL: SYSCONFDIR "/sw-rmtree/protected" */
	unsigned int mounts; /* enum mounts_source: where the mount table is read from */
};

/* Opaque: the protected set and the flags. */
struct guard_ctx;

/* The outcome of a check. */
struct guard_verdict {
	int code; /* 0: allowed; else SWRMTREE_E_* (positive) */
	const struct protect_entry *prot; /* the protected path concerned, or NULL */
};

/* A PATH, looked up once (SPEC: Guards 8). */
struct guard_target {
	int dirfd; /* its parent, O_PATH (owned unless shared); -1 when released */
	bool shared;      /* dirfd is owned by the next target (same parent) */
	const char *name; /* its last component: "." for the root itself */
	size_t len;       /* length of PATH without trailing slashes */
	char *buf;        /* owns the parent's spelling and NAME */
	struct util_info parent; /* the parent's identity */
	struct util_info self; /* what NAME is, not followed (valid when !error) */
	int error;  /* 0, or the errno the lookup met: the removal reports it */
	bool slash; /* written with a trailing slash */
	bool whole_root; /* spelled "/", "//"...: no last component */
};

/*
 * Build the context: the protected set (protect_new()) and the flags.
 * Returns 0 and sets *ret (freed with guard_free()), or what protect_new()
 * returns, with RET_ERR filled in as it says.
 */
int guard_new(const struct guard_config *cfg, struct guard_ctx **ret,
	      struct protect_error *ret_err);

/* Free a context.  Accepts NULL. */
void guard_free(struct guard_ctx *g);

/*
 * Resolve PATH relative to DIRFD (AT_FDCWD for plain paths; DIRFD is not
 * closed) into *RET and judge it against every guard into *RET_V.  When
 * the lookup fails (missing, a parent not searchable), RET->error says
 * how and the verdict allows it: its removal reports that failure.  PREV,
 * when not NULL, is the previous PATH's target: a PATH with the same
 * parent takes its descriptor over (PREV->shared is set; PREV must be
 * done with before RET is released).  Returns 0, or -errno (-ENOMEM, -EMFILE)
 * when the check itself failed; then PATH must be treated as refused.
 * *RET is to be freed with guard_target_free() in either case.
 */
int guard_resolve(const struct guard_ctx *g, int dirfd, const char *path,
		  struct guard_target *prev, struct guard_target *ret,
		  struct guard_verdict *ret_v);

/*
 * Close T's descriptor to stay within the descriptor budget, keeping its
 * identities for guard_target_reopen().  A shared one is only forgotten.
 */
void guard_target_release(struct guard_target *t);

/*
 * Open T's parent again from DIRFD (as given to guard_resolve()) and its
 * spelling, and check that it is the directory the guards saw.  Returns 0,
 * -ENOENT/-ENOTDIR when it is gone, -SWRMTREE_E_SWAPPED when another
 * directory is there now, or another -errno.
 */
int guard_target_reopen(struct guard_target *t, int dirfd);

/* Free T's memory and close its descriptor unless shared.  Accepts NULL. */
void guard_target_free(struct guard_target *t);

/*
 * The shell's spelling of emptying a protected directory: a glob of all
 * its entries, as in "rm -rf ~/STAR" or "$EMPTY/STAR" (STAR the "*" of the
 * shell).  Among the N targets T (resolved by guard_resolve() from
 * DIRFD), find two or more that are entries of one directory that is
 * protected itself (or the root, unless --no-preserve-root) and together
 * are every entry of it, or every entry whose name does not start with a
 * dot.  The directory is compared by identity; its entries by name, read
 * from the directory itself.  Returns 1 and sets *RET_INDEX (a target in
 * that directory: its parent is the one), *RET_V (SWRMTREE_E_ALL_ENTRIES
 * and the protected path, NULL for the root); 0 when there is none (or
 * the directory cannot be read); or -ENOMEM.
 */
int guard_all_entries(const struct guard_ctx *g, int dirfd,
		      const struct guard_target *t, size_t n, size_t *ret_index,
		      struct guard_verdict *ret_v);

/*
 * guard_resolve() and guard_target_free() in one: check PATH only.
 * Returns what guard_resolve() returns.
 */
int guard_check(const struct guard_ctx *g, int dirfd, const char *path,
		struct guard_verdict *ret);

/*
 * The identities of the protected paths themselves (protect_ids()): the
 * walk never enters or removes an entry with one of these.
 */
void guard_ids(const struct guard_ctx *g, const struct util_id **ret_ids,
	       size_t *ret_n);

#endif /* SWRMTREE_GUARD_H */
