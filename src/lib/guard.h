/*
 * guard.h - the root-path guards (SPEC: Guards 1-6).
 *
 * Before anything is removed, every PATH is checked here: the empty string,
 * a last component "." or "..", the root directory, protected paths and
 * their ancestors, a symbolic link written with a trailing slash, and mount
 * points.  Identities (device and inode) are compared, never spellings.
 * The guards never remove anything and never walk a tree.  A guard_ctx is
 * read-only after guard_new(): several threads may call guard_check() on
 * the same one.  There is no global state.
 */
#ifndef SWRMTREE_GUARD_H
#define SWRMTREE_GUARD_H

#include <stddef.h>

#include "util.h"

/* What guard_new() builds the protected set from. */
struct guard_config {
	unsigned int flags;            /* SWRMTREE_NO_PRESERVE_ROOT, SWRMTREE_CROSS_MOUNTS; others ignored */
	const char *const *protect;    /* --protect=PATH values, NULL-terminated; may be NULL */
	const char *system_file;       /* NULL: SYSCONFDIR "/sw-rmtree/protected" */
};

/* Opaque: the protected set resolved to identities, plus the flags. */
struct guard_ctx;

/* The outcome of a check, or the reason guard_new() failed. */
struct guard_verdict {
	int code;                      /* 0: allowed; else SWRMTREE_E_* (positive) */
	char detail[512];              /* the reason, as printed after "refusing to remove 'P': "; "" when allowed */
};

/*
 * Build the protected set (SPEC: Guards 4): the built-in list, $HOME, the
 * real user's home from the password database, the system configuration
 * file, ${XDG_CONFIG_HOME:-~/.config}/sw-rmtree/protected, and
 * cfg->protect.  Every path is resolved now to the identities of itself
 * (for a symbolic link: of the link and of its target) and of all its
 * ancestors below "/".  Paths that do not exist protect nothing.
 *
 * Returns 0 and sets *ret (freed with guard_free()), -ENOMEM, another -errno
 * when a protected path (or "/") could not be looked up for another reason
 * than its absence (then ret_err->code is that errno and ret_err->detail
 * "cannot check the protected path P: REASON"), or -SWRMTREE_E_CONFIG when
 * a configuration file is malformed or unreadable; then ret_err->code is
 * SWRMTREE_E_CONFIG and ret_err->detail says "FILE:LINE: protected path is
 * not absolute" or "FILE: REASON".  RET_ERR may be NULL.
 */
int guard_new(const struct guard_config *cfg, struct guard_ctx **ret,
	      struct guard_verdict *ret_err);

/* Free a context.  Accepts NULL. */
void guard_free(struct guard_ctx *g);

/*
 * Check PATH, relative to DIRFD (AT_FDCWD for plain paths; DIRFD is not
 * closed), against every guard.  Returns 0 with ret->code set: 0 means go
 * ahead, also when PATH cannot be looked up (it does not exist, or a parent
 * cannot be searched): its removal meets and reports the same condition.
 * Returns -errno (-ENOMEM, -EMFILE, ...) when the check itself failed; then
 * PATH must be treated as refused.
 */
int guard_check(const struct guard_ctx *g, int dirfd, const char *path,
		struct guard_verdict *ret);

/*
 * The identities of the protected paths themselves (directories, files, and
 * both the link and the target of protected symbolic links), without
 * duplicates and without the root: the walk never enters or removes an
 * entry with one of these identities (SPEC: Guards 4, last sentence).  The
 * array belongs to G and lives as long as it.
 */
void guard_ids(const struct guard_ctx *g, const struct util_id **ret_ids,
	       size_t *ret_n);

#endif /* SWRMTREE_GUARD_H */
