/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/* decide.c - decisions shared by the walk clients.  See decide.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "swrmtree.h"
#include "decide.h"

bool decide_contents_keeps(unsigned int flags, unsigned int depth)
{
	return depth == 0 && (flags & SWRMTREE_CONTENTS);
}

bool decide_missing(unsigned int flags, unsigned int op, int error)
{
	/* SPEC: Details: under -f, ENOENT and ENOTDIR ("file/x") are missing. */
	return op == SWRMTREE_OP_LOOKUP &&
	       (error == ENOENT || error == ENOTDIR) && (flags & SWRMTREE_FORCE);
}

bool decide_chmod_may_help(unsigned int flags, bool in_tree,
			   const struct util_info *info, uid_t euid)
{
	return in_tree && (flags & SWRMTREE_CHMOD) && info &&
	       info->uid == euid && !util_is_immutable(info);
}

bool decide_dir_wide(unsigned int op, int error, const struct util_info *dir,
		     unsigned int depth)
{
	if (depth == 0)
		return false;
	if (op == SWRMTREE_OP_STAT)
		return error == EACCES;
	if (op != SWRMTREE_OP_UNLINK && op != SWRMTREE_OP_RMDIR)
		return false;
	return error == EACCES || error == EROFS ||
	       (error == EPERM && util_is_immutable(dir));
}

void decide_mounted(unsigned int flags, unsigned int *ret_op, int *ret_error)
{
	if (flags & SWRMTREE_CROSS_MOUNTS) {
		*ret_op = SWRMTREE_OP_UNLINK;
		*ret_error = EBUSY;
	} else {
		*ret_op = SWRMTREE_OP_SKIP;
		*ret_error = SWRMTREE_E_MOUNT_POINT;
	}
}

int decide_stay_code(bool kept_self, bool failed)
{
	if (kept_self)
		return SWRMTREE_E_KEPT;
	return failed ? ENOTEMPTY : SWRMTREE_E_HOLDS_KEPT;
}

int decide_report_entry(struct report *rep, const struct walk_ev *ev,
			unsigned int depth, const struct util_info *info,
			int error)
{
	struct swrmtree_entry e = {
		.path = ev->path,
		.path_len = ev->path_len,
		.type = info ? util_type_from_mode(info->mode) :
			       util_type_from_dtype(ev->d_type),
		.error = error,
		.depth = depth,
	};

	if (info && S_ISREG(info->mode) && ev->type != WALK_ERROR)
		e.size = info->size;
	return rep->entry(rep, &e, info);
}

int decide_report_failure(struct report *rep, const struct walk_ev *ev,
			  unsigned int op, int error, unsigned int flags,
			  bool wide, bool first)
{
	char *dir;
	int r;

	if (!wide)
		return report_error(rep, ev->path, op, error, flags);
	if (!first)
		return 0;
	dir = util_parent_path(ev->path, ev->path_len, ev->name);
	r = report_error(rep, dir ? dir : ev->path, op, error, flags);
	free(dir);
	return r;
}

int decide_report_kept(struct report *rep, const struct walk_ev *ev,
		       unsigned int depth)
{
	return decide_report_entry(rep, ev, depth, ev->info, SWRMTREE_E_KEPT);
}
