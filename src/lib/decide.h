/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * decide.h - what both walk clients (plan.c, remove.c) decide alike, so
 * that a dry run and a real run cannot disagree on it.  It knows the walk's
 * events and the report, and nothing of how an entry is removed.
 */
#ifndef SWRMTREE_DECIDE_H
#define SWRMTREE_DECIDE_H

#include <stdbool.h>

#include "util.h"
#include "walk.h"

/*
 * The code a directory that stays is reported with: SWRMTREE_E_KEPT when
 * the filter keeps it (KEPT_SELF), else ENOTEMPTY when something inside
 * stays for a failure (FAILED), else SWRMTREE_E_HOLDS_KEPT (only what the
 * filter kept stays inside).
 */
int decide_stay_code(bool kept_self, bool failed);

/*
 * Report the entry of a WALK_KEPT event (at DEPTH in the PATH's tree) as
 * kept by the filter.  Returns the report's answer (SWRMTREE_STOP or 0).
 */
int decide_report_kept(struct util_report *rep, const struct walk_ev *ev,
		       unsigned int depth);

#endif /* SWRMTREE_DECIDE_H */
