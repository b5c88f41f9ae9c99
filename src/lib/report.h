/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * report.h - the one path from the walk clients (plan, remove) to api.c:
 * what they find, as the public structs the caller's callbacks get, and
 * the run's flags.  api.c fills it in and keeps the statistics.
 */
#ifndef SWRMTREE_REPORT_H
#define SWRMTREE_REPORT_H

#include "swrmtree.h"
#include "util.h"

/* Both functions return 0 to go on or SWRMTREE_STOP to end the run. */
struct report {
	/*
	 * The entry E went, or would go (e->error == 0), or stays
	 * (e->error > 0); e->name and e->rel_path are api.c's to fill in.
	 * INFO: what was seen of it just before (link count and blocks, for
	 * the space freed), or NULL when it was not examined.
	 */
	int (*entry)(struct report *rep, const struct swrmtree_entry *e,
		     const struct util_info *info);
	/* A failure: one call per root cause. */
	int (*error)(struct report *rep, const struct swrmtree_error *e);
	unsigned int flags; /* the run's SWRMTREE_* flags */
};

/* Report the failure of OP on PATH with ERROR (SWRMTREE_ERROR_* FLAGS). */
static inline int report_error(struct report *rep, const char *path,
			       unsigned int op, int error, unsigned int flags)
{
	struct swrmtree_error e = {
		.path = path,
		.op = op,
		.error = error,
		.flags = flags,
	};

	return rep->error(rep, &e);
}

#endif /* SWRMTREE_REPORT_H */
