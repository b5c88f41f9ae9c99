/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * remove.h - the removal client of the walk: unlinks entries bottom-up.
 */
#ifndef SWRMTREE_REMOVE_H
#define SWRMTREE_REMOVE_H

#include <stdbool.h>
#include <sys/types.h>

#include "report.h"
#include "util.h"
#include "walk.h"

/*
 * Remove NAME in DIRFD (display path DISPLAY[0..LEN)) with everything
 * beneath it, with up to JOBS workers in all (1: strictly sequential, in
 * this thread; threads start only when there is work to share, and with
 * EAGER false only after the first walk has handled a few entries, so
 * that a small tree stays on this thread).  WOPTS gives the first walk's
 * flags, descriptor budget (pool_plan()'s "walk") and avoided identities
 * (its cb and ctx are ignored).  Every entry and failure goes to REP,
 * which must be safe to call from several threads.  DIRFD is not closed.
 * Returns 0 (failures were reported), -SWRMTREE_E_STOPPED,
 * -SWRMTREE_E_MOVED or -ENOMEM.
 */
int remove_run(int dirfd, const char *name, const char *display, size_t len,
	       const struct walk_opts *wopts, unsigned int jobs, bool eager,
	       struct report *rep);

/*
 * Add u+rwx to the directory open as FD (seen as INFO) when EUID (the
 * caller's effective user) owns it.  Returns 0, or -EPERM when it belongs
 * to someone else, or -errno.
 */
int remove_chmod_fd(int fd, const struct util_info *info, uid_t euid);

/*
 * Add u+rwx to the directory NAME in DIRFD, seen as INFO, when EUID owns
 * it.  The name is pinned with O_PATH|O_NOFOLLOW and its identity
 * checked first, so a symlink swapped in is never followed.  Returns 0,
 * -EPERM (someone else's), -SWRMTREE_E_CHANGED, -EOPNOTSUPP when the
 * mode of a pinned descriptor cannot be changed here (no fchmodat2 and no
 * procfs: util_chmod_pinned()), or -errno.
 */
int remove_chmod_at(int dirfd, const char *name, const struct util_info *info,
		    uid_t euid);

#endif /* SWRMTREE_REMOVE_H */
