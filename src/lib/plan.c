/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * plan.c - the dry-run client of the walk.
 *
 * It walks exactly as remove.c does (same engine, same options) and changes
 * nothing: instead of unlinking, it predicts from permissions, attributes
 * and ownership whether each unlink would succeed.  The kernel's own check
 * (faccessat with AT_EACCESS) is used for permissions, so capabilities and
 * ACLs count as they would in a real run.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "swrmtree.h"
#include "decide.h"
#include "plan.h"

/*
 * Bits of the walk's per-directory client word: what unlinking in it does.
 * The errno a permission check met sits above PLAN_ERRNO_SHIFT.
 */
enum plan_state {
	PLAN_KNOWN = 1u << 0, /* the bits below were computed */
	PLAN_ACCESS = 1u << 1, /* no write or search permission, --chmod cannot help */
	PLAN_EPERM = 1u << 2,  /* the directory is immutable or append-only */
	PLAN_STICKY = 1u << 3, /* sticky and not ours: only our own entries go */
	PLAN_REPORTED = 1u << 4, /* its directory-wide failure was reported */
};

#define PLAN_ERRNO_SHIFT 16

struct plan {
	struct report *rep;
	unsigned int flags;
	uid_t euid;
	bool fowner; /* CAP_FOWNER: the sticky rule does not apply */
};

static bool has_fowner(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return geteuid() == 0;
	return data[0].effective & (1u << CAP_FOWNER);
}

/*
 * What unlinking an entry of the directory FD (seen as INFO) would meet.
 * --chmod fixes permissions only inside the tree (IN_TREE).
 */
static uint32_t dir_bits(struct plan *pl, int fd, const struct util_info *info,
			 bool in_tree)
{
	uint32_t bits = PLAN_KNOWN;
	bool fixable = decide_chmod_may_help(pl->flags, in_tree, info, pl->euid);
	int r;

	/*
	 * In the kernel's order (may_delete()): the permission check, which
	 * answers EROFS, then EPERM for an immutable directory, then EACCES;
	 * only then EPERM for an append-only one.  So an append-only directory
	 * we cannot write to gives EACCES, as the real run meets it.
	 */
	if (!fixable && (r = util_access_fd(fd, W_OK | X_OK)) < 0)
		bits |= PLAN_ACCESS | (uint32_t)-r << PLAN_ERRNO_SHIFT;
	else if (util_is_immutable(info))
		bits |= PLAN_EPERM;
	if ((info->mode & S_ISVTX) && info->uid != pl->euid && !pl->fowner)
		bits |= PLAN_STICKY;
	return bits;
}

/*
 * Would unlinking the entry (seen as INFO, NULL when it could not be
 * examined) in the directory DIRFD succeed?  Returns 0 or the errno a real
 * run would meet.
 */
static int predict(struct plan *pl, const struct walk_ev *ev,
		   const struct util_info *info)
{
	uint32_t *bits = ev->parent_state;

	if (!(*bits & PLAN_KNOWN))
		*bits = dir_bits(pl, ev->dirfd, ev->parent, ev->depth > 0);
	if (*bits & PLAN_EPERM)
		return EPERM;
	if (*bits & PLAN_ACCESS)
		return (int)(*bits >> PLAN_ERRNO_SHIFT);
	if (!info)
		return 0;
	if (util_is_immutable(info))
		return EPERM;
	if ((*bits & PLAN_STICKY) && info->uid != pl->euid)
		return EPERM;
	return 0;
}

static int stop_or(int cb_result, int walk_answer)
{
	return cb_result == SWRMTREE_STOP ? WALK_STOP : walk_answer;
}

/*
 * Report the entry of EV (seen as INFO, or NULL): going (ERROR == 0) or
 * staying, with its predicted failure of OP (decide_report_failure()).
 */
static int report(struct plan *pl, const struct walk_ev *ev,
		  const struct util_info *info, int error, unsigned int op)
{
	bool wide = decide_dir_wide(op, error, ev->parent, ev->depth);
	bool first = false;
	int r = 0;

	if (op == SWRMTREE_OP_LOOKUP) {
		r = report_error(pl->rep, ev->path, op, error,
				 SWRMTREE_ERROR_PREDICTED);
		return stop_or(r, WALK_KEEP); /* nothing there to list */
	}
	if (error && wide) {
		first = !(*ev->parent_state & PLAN_REPORTED);
		*ev->parent_state |= PLAN_REPORTED;
	}
	if (error)
		r = decide_report_failure(pl->rep, ev, op, error,
					  SWRMTREE_ERROR_PREDICTED, wide, first);
	if (r == SWRMTREE_STOP)
		return WALK_STOP;
	r = decide_report_entry(pl->rep, ev, ev->depth, info, error);
	return stop_or(r, error ? WALK_KEEP : WALK_CONTINUE);
}

/* A non-directory (or an entry of unknown type). */
static int on_entry(struct plan *pl, const struct walk_ev *ev)
{
	struct util_info local;
	const struct util_info *info = ev->info;
	unsigned int op;
	int e;

	if (!info &&
	    util_info_at(ev->dirfd, ev->name, AT_SYMLINK_NOFOLLOW, &local) == 0)
		info = &local;
	if (info && S_ISDIR(info->mode))
		return WALK_DESCEND;
	e = predict(pl, ev, info);
	if (decide_contents_keeps(pl->flags, ev->depth))
		return report(pl, ev, info, ENOTDIR, SWRMTREE_OP_OPEN);
	/*
	 * A file mounted over: skipped, or busy (SPEC: Traversal).  The
	 * directory's own permissions are checked first; what statx shows of
	 * the entry is the mounted file, not the one the kernel would check,
	 * so the mount decides otherwise (remove.c does the same).
	 */
	if (!decide_dir_wide(SWRMTREE_OP_UNLINK, e, ev->parent, ev->depth) &&
	    info && ev->depth > 0 && util_is_mount_point(ev->parent, info)) {
		decide_mounted(pl->flags, &op, &e);
		return report(pl, ev, info, e, op);
	}
	return report(pl, ev, info, e, SWRMTREE_OP_UNLINK);
}

/* A directory entered: compute what unlinking inside it would meet. */
static int on_enter(struct plan *pl, const struct walk_ev *ev)
{
	*ev->state = dir_bits(pl, ev->fd, ev->info, true);
	return WALK_CONTINUE;
}

/* A directory that stays: kept by the filter, or for what stays inside. */
static int stays(struct plan *pl, const struct walk_ev *ev, bool failed)
{
	int r = decide_report_entry(pl->rep, ev, ev->depth, ev->info,
				    decide_stay_code(ev->kept_self, failed));

	return stop_or(r, failed ? WALK_KEEP : WALK_HELD);
}

/* A directory left: it goes if nothing inside stays and its parent allows. */
static int on_leave(struct plan *pl, const struct walk_ev *ev)
{
	int e;

	if (decide_contents_keeps(pl->flags, ev->depth))
		return ev->leftover ? WALK_KEEP : WALK_CONTINUE;
	if (ev->leftover || ev->kept_self)
		return stays(pl, ev, ev->leftover && !ev->held);
	e = predict(pl, ev, ev->info);
	/* A mount point entered with --cross-mounts is emptied, but it cannot
	 * be removed: the kernel refuses (EBUSY), after its permission checks. */
	if (!e && util_is_mount_point(ev->parent, ev->info))
		e = EBUSY;
	return report(pl, ev, ev->info, e, SWRMTREE_OP_RMDIR);
}

/*
 * The walk could not do something.  A directory that only --chmod would
 * make readable is predicted to go, but its contents cannot be listed
 * without changing it (SPEC: Planner).  That needs a way to change the mode
 * of a directory that cannot be opened (util_chmod_pinned(), as the real
 * run's remove_chmod_at() uses); where there is none (no fchmodat2 and no
 * procfs), the real run reports the EACCES of the open, and so do we.
 */
static int on_error(struct plan *pl, const struct walk_ev *ev)
{
	if (decide_missing(pl->flags, ev->op, ev->error))
		return WALK_CONTINUE;
	if (ev->op == SWRMTREE_OP_OPEN && ev->error == EACCES &&
	    decide_chmod_may_help(pl->flags, true, ev->info, pl->euid) &&
	    util_chmod_pinned_supported() == 0) {
		if (decide_contents_keeps(pl->flags, ev->depth))
			return WALK_CONTINUE; /* PATH stays; its inside is unseen */
		if (ev->kept_self)
			return stays(pl, ev, false);
		return report(pl, ev, ev->info, predict(pl, ev, ev->info),
			      SWRMTREE_OP_RMDIR);
	}
	return report(pl, ev, ev->info, ev->error, ev->op);
}

static int on_event(struct walk_ev *ev, void *ctx)
{
	struct plan *pl = ctx;

	switch (ev->type) {
	case WALK_ENTER:
		return on_enter(pl, ev);
	case WALK_ENTRY:
		return on_entry(pl, ev);
	case WALK_LEAVE:
		return on_leave(pl, ev);
	case WALK_KEPT:
		return stop_or(decide_report_kept(pl->rep, ev, ev->depth),
			       WALK_HELD);
	default:
		return on_error(pl, ev);
	}
}

/* Plan the removal of NAME in DIRFD.  See plan.h. */
int plan_run(int dirfd, const char *name, const char *display, size_t len,
	     const struct walk_opts *wopts, struct report *rep)
{
	struct walk_opts o = *wopts;
	struct plan pl = {
		.rep = rep,
		.flags = rep->flags,
		.euid = geteuid(),
		.fowner = has_fowner(),
	};

	/* Nothing is removed: offsets stay valid, and a directory read again
	 * from its start would list everything a second time. */
	o.flags |= WALK_READ_ONLY;
	o.cb = on_event;
	o.ctx = &pl;
	return walk_run(dirfd, name, display, len, &o);
}
