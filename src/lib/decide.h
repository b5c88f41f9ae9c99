/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * decide.h - what both walk clients (plan.c, remove.c) decide alike, so
 * that a dry run and a real run cannot disagree on it: each client keeps
 * only "predict it" (plan) or "try it" (remove).  It knows the walk's
 * events and the report, and nothing of how an entry is removed.
 */
#ifndef SWRMTREE_DECIDE_H
#define SWRMTREE_DECIDE_H

#include <stdbool.h>
#include <sys/types.h>

#include "report.h"
#include "util.h"
#include "walk.h"

/* Does --contents keep the entry at DEPTH in the PATH's tree (PATH)? */
bool decide_contents_keeps(unsigned int flags, unsigned int depth);

/*
 * Is the failure of OP with ERROR a PATH that -f treats as missing, so
 * that nothing is reported?  ENOENT, and ENOTDIR ("file/x"), of a lookup.
 */
bool decide_missing(unsigned int flags, unsigned int op, int error);

/*
 * May --chmod help with the directory (or entry) seen as INFO (NULL: not
 * examined), for the effective user EUID?  Only inside the tree (IN_TREE:
 * the directory holding a PATH is never changed), only what is ours, and
 * never what is immutable or append-only (the kernel refuses to change its
 * mode: EPERM).
 */
bool decide_chmod_may_help(unsigned int flags, bool in_tree,
			   const struct util_info *info, uid_t euid);

/*
 * Is ERROR, met by OP on an entry of the directory seen as DIR (the entry
 * at DEPTH in the PATH's tree), a cause that belongs to the directory (no
 * write or search permission, a read-only file system, an immutable or
 * append-only directory) rather than to the entry?  Only inside the tree.
 * Looking an entry up needs nothing of the entry, so EACCES there is
 * always the directory's (readable, not searchable: every entry would say
 * so).
 */
bool decide_dir_wide(unsigned int op, int error, const struct util_info *dir,
		     unsigned int depth);

/*
 * What becomes of an entry a file is mounted on (SPEC: Traversal): with
 * --cross-mounts the unlink is busy, else the entry is skipped.
 */
void decide_mounted(unsigned int flags, unsigned int *ret_op, int *ret_error);

/*
 * The code a directory that stays is reported with: SWRMTREE_E_KEPT when
 * the filter keeps it (KEPT_SELF), else ENOTEMPTY when something inside
 * stays for a failure (FAILED), else SWRMTREE_E_HOLDS_KEPT (only what the
 * filter kept stays inside).
 */
int decide_stay_code(bool kept_self, bool failed);

/*
 * Report EV's entry, at DEPTH in the PATH's tree and seen as INFO (NULL:
 * not examined), as gone (ERROR 0) or staying with ERROR.  Its type is
 * what was seen, else what its directory listed; its size that of a
 * regular file seen, but for the walk's failures (WALK_ERROR), which
 * report none.  Returns the report's answer (SWRMTREE_STOP or 0).
 */
int decide_report_entry(struct report *rep, const struct walk_ev *ev,
			unsigned int depth, const struct util_info *info,
			int error);

/*
 * Report the failure of OP with ERROR on EV's entry (SWRMTREE_ERROR_*
 * FLAGS).  A directory-wide cause (WIDE, decide_dir_wide()) is reported
 * once, naming the directory, when FIRST; else nothing (the entry stays
 * quietly).  One root cause, one message.  Returns the report's answer.
 */
int decide_report_failure(struct report *rep, const struct walk_ev *ev,
			  unsigned int op, int error, unsigned int flags,
			  bool wide, bool first);

/*
 * Report the entry of a WALK_KEPT event (at DEPTH in the PATH's tree) as
 * kept by the filter.  Returns the report's answer (SWRMTREE_STOP or 0).
 */
int decide_report_kept(struct report *rep, const struct walk_ev *ev,
		       unsigned int depth);

#endif /* SWRMTREE_DECIDE_H */
