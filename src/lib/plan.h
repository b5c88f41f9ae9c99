/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * plan.h - the dry-run client of the walk: lists what a removal would
 * remove and predicts each failure, changing nothing.
 */
#ifndef SWRMTREE_PLAN_H
#define SWRMTREE_PLAN_H

#include "report.h"
#include "util.h"
#include "walk.h"

/*
 * Plan the removal of NAME in DIRFD (display path DISPLAY[0..LEN)), walking
 * exactly as remove_run() would with the same WOPTS (cb and ctx ignored).
 * Entries that would go are reported with error 0, the others with the
 * predicted errno; predicted failures go to REP->error with
 * SWRMTREE_ERROR_PREDICTED.  DIRFD is not closed.  Returns walk_run()'s
 * result.
 */
int plan_run(int dirfd, const char *name, const char *display, size_t len,
	     const struct walk_opts *wopts, struct report *rep);

#endif /* SWRMTREE_PLAN_H */
