/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * api.h - the run behind every public entry point, for detach.c: guards
 * for every PATH before anything is done, then one action per PATH.
 */
#ifndef SWRMTREE_API_H
#define SWRMTREE_API_H

#include <stddef.h>

#include "swrmtree.h"
#include "util.h"

/* A PATH as its guards resolved and allowed it, for api_hooks.take. */
struct api_target {
	int dirfd; /* its parent, O_PATH, held by the run (not to be closed) */
	const char *name;             /* the name the guards judged in DIRFD */
	const struct util_info *self; /* what NAME was when they judged it */
	const char *display;          /* PATH as shown in messages */
	size_t index;                 /* which PATH */
};

/* What detach.c changes in a run; every field may be NULL. */
struct api_hooks {
	/*
	 * expect[i]: the identity PATH i must still have, else it is reported
	 * (SWRMTREE_E_SWAPPED) and left alone: a verdict bound to an object
	 * across processes, not to a name.
	 */
	const struct util_info *expect;
	/* display[i]: how PATH i is shown in messages, instead of paths[i]. */
	const char *const *display;
	/*
	 * Called for each allowed PATH instead of its walk (not in a dry
	 * run): returns 1 when it took the PATH, 0 for the walk to remove it
	 * as usual, or -code, reported on PATH (SWRMTREE_OP_LOOKUP), which
	 * then stays (-ENOMEM ends the run).
	 */
	int (*take)(const struct api_target *t, void *data);
	void *data;
};

/*
 * Check every guard for every PATH (relative to DIRFD, not closed), then
 * act on each: HOOKS' take, or the walk.  ADD_FLAGS are added to OPTS'
 * flags.  Returns what swrmtree_removev() returns; refused arguments leave
 * RET_STATS alone.
 */
int api_run_all(int dirfd, const char *const *paths, size_t npaths,
		const struct swrmtree_options *opts, unsigned int add_flags,
		const struct api_hooks *hooks, struct swrmtree_stats *ret_stats);

/*
 * Check OPTS as api_run_all() does, for the calls that may have no PATH
 * to run (swrmtree_collect(), swrmtree_trash_remove()): refused options
 * are refused before anything is done.  Returns 0, -EINVAL or -E2BIG.
 */
int api_options_check(const struct swrmtree_options *opts);

#endif /* SWRMTREE_API_H */
