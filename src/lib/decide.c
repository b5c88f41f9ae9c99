/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/* decide.c - decisions shared by the walk clients.  See decide.h. */
#include "config.h"

#include <errno.h>

#include "swrmtree.h"
#include "decide.h"

int decide_stay_code(bool kept_self, bool failed)
{
	if (kept_self)
		return SWRMTREE_E_KEPT;
	return failed ? ENOTEMPTY : SWRMTREE_E_HOLDS_KEPT;
}

int decide_report_kept(struct util_report *rep, const struct walk_ev *ev,
		       unsigned int depth)
{
	unsigned int type = ev->info ? util_type_from_mode(ev->info->mode) :
				       util_type_from_dtype(ev->d_type);
	uint64_t size = 0;

	if (ev->info && type == SWRMTREE_TYPE_FILE)
		size = ev->info->size;
	return rep->entry(rep, ev->path, ev->path_len, type, size,
			  SWRMTREE_E_KEPT, depth, NULL);
}
