/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * protect.h - the protected-paths configuration (SPEC: Guards 4): the
 * built-in list, the homes, the configuration files and --protect values,
 * resolved once to identities.
 *
 * A protect_set answers one question, by identity and never by spelling:
 * is this directory or entry a protected path, or an ancestor of one?  It
 * never walks a tree and never removes.  Read-only after protect_new():
 * several threads may query one set.  There is no global state.
 */
#ifndef SWRMTREE_PROTECT_H
#define SWRMTREE_PROTECT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* What protect_new() builds the set from. */
struct protect_config {
	const char *const *protect; /* --protect=PATH values, NULL-terminated; may be NULL */
	const char *system_file; /* NULL: SYSCONFDIR "/sw-rmtree/protected" */
	unsigned int mounts; /* enum mounts_source: where the mount table is read from */
};

/* One protected path as configured. */
struct protect_entry {
	char *path; /* spelling: "~" expanded, trailing slashes dropped */
	unsigned int origin; /* SWRMTREE_ORIGIN_* */
	char *file;          /* the configuration file naming it, or NULL */
	size_t line;         /* its line in FILE (from 1); 0 without a file */
};

/*
 * Why protect_new() failed.  CODE is SWRMTREE_E_CONFIG (a relative path in
 * FILE at LINE), SWRMTREE_E_NO_HOME ("~" in FILE at LINE and no home is
 * known), or an errno: FILE could not be read (LINE 0), or the protected
 * path PATH (or "/") could not be looked up.  Strings are owned by the
 * error and freed by protect_error_clear().
 */
struct protect_error {
	int code;
	char *file; /* the configuration file concerned, or NULL */
	size_t line;
	char *path; /* the protected path that could not be checked, or NULL */
	unsigned int origin; /* where PATH came from */
};

struct protect_set;

/*
 * Build the set: the built-in list, $HOME, the real user's home from the
 * password database, the system configuration file,
 * ${XDG_CONFIG_HOME:-~/.config}/sw-rmtree/protected, and cfg->protect.
 * Every path is resolved now to the identities of itself (for a symbolic
 * link: of the link and of its target) and of all its ancestors below
 * "/", through every mount by which it is reachable (see protect.c).
 * Paths that do not exist protect nothing.
 *
 * Returns 0 and sets *ret (freed with protect_free()), -ENOMEM, or -CODE
 * with *ret_err filled in (see struct protect_error).  RET_ERR may be NULL.
 */
int protect_new(const struct protect_config *cfg, struct protect_set **ret,
		struct protect_error *ret_err);

/* Free a set.  Accepts NULL. */
void protect_free(struct protect_set *s);

/* Free the strings of an error filled in by protect_new().  Accepts NULL. */
void protect_error_clear(struct protect_error *e);

/* The identity of "/" when the set was built. */
const struct util_id *protect_root(const struct protect_set *s);

/*
 * The protected path whose identity ID is (*ret_ancestor false), or that
 * ID is an ancestor of (*ret_ancestor true), or NULL.  The root itself is
 * never in the set: rule 3 alone governs it.
 */
const struct protect_entry *protect_find(const struct protect_set *s,
					 const struct util_id *id,
					 bool *ret_ancestor);

/*
 * A protected path below a mount root on device DEV whose ancestors
 * through other mounts of that file system could not be established (no
 * readable mount table, an alias that could not be opened), or NULL.  A
 * directory on DEV may hold it without the set knowing.
 */
const struct protect_entry *protect_unknown_dev(const struct protect_set *s,
						dev_t dev);

/*
 * The identities of the protected paths themselves (directories, files,
 * and both the link and the target of protected symbolic links), without
 * duplicates and without the root: the walk never enters or removes an
 * entry with one of these.  The array belongs to S and lives as long as it.
 */
void protect_ids(const struct protect_set *s, const struct util_id **ret_ids,
		 size_t *ret_n);

#endif /* SWRMTREE_PROTECT_H */
