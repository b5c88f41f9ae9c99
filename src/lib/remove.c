/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * remove.c - the removal client of the walk.
 *
 * Non-directories are unlinked as the walk meets them; a directory is
 * removed when the walk leaves it, unless something inside stayed (then the
 * failure was reported once, at its root cause, and the directory is only
 * counted as kept).  Every syscall is relative to a descriptor the walk
 * opened and identity-checked.  With -j, directories the walk has entered
 * may be handed to other workers (pool.c runs them); see "parallel
 * removal" below.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "decide.h"
#include "pool.h"
#include "remove.h"

/*
 * Bits of the walk's per-directory client word.  With RM_CHMODDED, the
 * directory's mode before we changed it sits above RM_MODE_SHIFT, so a
 * directory that stays gets it back.
 */
enum remove_state {
	RM_CHMODDED = 1u << 0, /* we added u+rwx to this directory */
	RM_DENIED = 1u << 1,   /* a directory-wide failure was reported */
};

#define RM_MODE_SHIFT 16

/*
 * Entries the first walk handles alone when the number of workers was not
 * asked for: a tiny tree never starts a thread.
 */
#define RM_WARMUP 128

struct group;
struct shared;

/* One walk's state: the whole PATH, or a directory handed to a worker. */
struct remove {
	struct shared *sh; /* what every walk of this PATH shares */
	struct report *rep;
	unsigned int flags;  /* SWRMTREE_* */
	uid_t euid;          /* with --chmod: what is ours may be changed */
	unsigned int base;   /* depth of this walk's root in the PATH's tree */
	unsigned int nest;   /* waits below this walk on this thread's stack */
	unsigned int budget; /* this walk's descriptor budget */
	bool stopped;
	bool root_kept;       /* the walk's root stayed for a failure */
	bool root_held;       /* ...or only for what the filter kept */
	uint64_t seen;        /* entries handled (the first walk's warm-up) */
	struct group *groups; /* directories with work handed over, innermost first */
	unsigned int ngroups; /* = frames the walk keeps pinned */
	struct group *up; /* a task's: the group of the directory holding its root */
	bool pending_chmod; /* a directory was made readable before entry: */
	struct util_id pending_id; /* this one, */
	mode_t pending_mode;       /* whose mode was this */
};

/* Remember in STATE that we changed the directory's mode from MODE. */
static void mark_chmodded(uint32_t *state, mode_t mode)
{
	*state |= RM_CHMODDED | (uint32_t)(mode & 07777) << RM_MODE_SHIFT;
}

/* The mode a directory had before we changed it (with RM_CHMODDED). */
static mode_t saved_mode(uint32_t state)
{
	return (mode_t)(state >> RM_MODE_SHIFT) & 07777;
}

/* A directory that stays gets back the mode we changed (fd: itself). */
static void restore_mode(int fd, uint32_t state)
{
	if (state & RM_CHMODDED)
		(void)fchmod(fd, saved_mode(state));
}

/* The depth of EV's entry in the PATH's tree (0: PATH). */
static unsigned int depth(const struct remove *rm, const struct walk_ev *ev)
{
	return rm->base + ev->depth;
}

static int answer(struct remove *rm, int cb_result, int walk_answer)
{
	if (cb_result == SWRMTREE_STOP) {
		rm->stopped = true;
		return WALK_STOP;
	}
	return walk_answer;
}

static bool first_denial(struct remove *rm, const struct walk_ev *ev);

/*
 * Report that the entry of EV (seen as INFO, or NULL) stays because of
 * ERROR (decide_report_failure()).
 */
static int fail(struct remove *rm, const struct walk_ev *ev, unsigned int op,
		int error, const struct util_info *info)
{
	bool wide = decide_dir_wide(op, error, ev->parent, depth(rm, ev));
	int r;

	r = decide_report_failure(rm->rep, ev, op, error, 0, wide,
				  wide && first_denial(rm, ev));
	if (r == SWRMTREE_STOP)
		return answer(rm, r, WALK_STOP);
	if (ev->depth == 0)
		rm->root_kept = true;
	if (op == SWRMTREE_OP_LOOKUP)
		return WALK_KEEP; /* nothing there to list */
	r = decide_report_entry(rm->rep, ev, depth(rm, ev), info, error);
	return answer(rm, r, WALK_KEEP);
}

/* Add u+rwx to the directory open as FD, if EUID owns it. */
int remove_chmod_fd(int fd, const struct util_info *info, uid_t euid)
{
	if (info->uid != euid)
		return -EPERM;
	if (fchmod(fd, (info->mode & 07777) | S_IRWXU) < 0)
		return -errno;
	return 0;
}

/*
 * Add u+rwx to NAME in DIRFD.  fchmod() needs a descriptor that can be
 * opened without read permission, and fchmodat() follows symbolic links:
 * pin the inode with O_PATH|O_NOFOLLOW, check it is the directory we saw,
 * then change that descriptor's inode and nothing else (fchmodat2 on it,
 * or its magic link in a verified procfs: util_chmod_pinned).  Where
 * neither exists this fails with -EOPNOTSUPP, and the caller reports the
 * original EACCES; the planner predicts that through
 * util_chmod_pinned_supported().
 */
int remove_chmod_at(int dirfd, const char *name, const struct util_info *info,
		    uid_t euid)
{
	struct stat st;
	int fd, r = 0;

	if (info->uid != euid)
		return -EPERM;
	fd = util_openat(dirfd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY);
	if (fd < 0)
		return fd;
	r = util_fd_is(fd, &info->id, &st);
	if (r == 0 && st.st_uid != euid)
		r = -EPERM;
	if (r == 0)
		r = util_chmod_pinned(fd, (st.st_mode & 07777) | S_IRWXU);
	util_close(fd);
	return r;
}

/*
 * With --chmod, make the directory holding EV's entry writable and
 * searchable, once.  The PATH's own parent is outside the tree and is
 * never changed, and neither is the parent of a task's root: it belongs to
 * the walk that handed the task over, which made it writable on entry if
 * it could.  Returns true when a retry may now succeed.
 */
static bool fix_parent(struct remove *rm, const struct walk_ev *ev)
{
	if (!decide_chmod_may_help(rm->flags, ev->depth > 0, ev->parent, rm->euid))
		return false;
	if (*ev->parent_state & RM_CHMODDED)
		return false;
	if (remove_chmod_fd(ev->dirfd, ev->parent, rm->euid) < 0)
		return false;
	mark_chmodded(ev->parent_state, ev->parent->mode);
	return true;
}

/*
 * What is known of EV's entry for its type, its size and the space it
 * frees: the walk's statx, or when sizes were asked for, one of ours into
 * *BUF (of every type: a symbolic link may occupy a block); NULL when it
 * was not examined.
 */
static const struct util_info *
entry_info(struct remove *rm, const struct walk_ev *ev, struct util_info *buf)
{
	const struct util_info *info = ev->info;

	if (!info && (rm->flags & SWRMTREE_SIZES) &&
	    util_info_at(ev->dirfd, ev->name, AT_SYMLINK_NOFOLLOW, buf) == 0)
		info = buf;
	return info;
}

/*
 * Did the unlink of EV's entry fail because a file is mounted on it?  The
 * kernel says EBUSY, or first EPERM when the file under the mount is not
 * ours in a sticky directory; either way it is a mount point, skipped (or
 * busy with --cross-mounts), as the plan predicts.  Failures are rare:
 * the statx costs nothing on ordinary trees.
 */
static bool mounted_over(const struct walk_ev *ev)
{
	struct util_info info;

	return util_info_at(ev->dirfd, ev->name, AT_SYMLINK_NOFOLLOW, &info) ==
		       0 &&
	       util_is_mount_point(ev->parent, &info);
}

/*
 * A non-directory: unlink it.  With an unknown type, the unlink itself
 * tells a directory apart (EISDIR), which saves a stat per entry.
 */
static int on_entry(struct remove *rm, const struct walk_ev *ev)
{
	struct util_info buf;
	const struct util_info *info = entry_info(rm, ev, &buf);
	unsigned int op = SWRMTREE_OP_UNLINK;
	int r, e;

	/* --contents of a non-directory: nothing inside, keep it. */
	if (decide_contents_keeps(rm->flags, depth(rm, ev)))
		return fail(rm, ev, SWRMTREE_OP_OPEN, ENOTDIR, info);
	for (;;) {
		e = -util_unlinkat(ev->dirfd, ev->name, 0);
		if (e == 0)
			break;
		if (e == ENOENT)
			return WALK_CONTINUE; /* vanished: not an error */
		if (e == EISDIR)
			return WALK_DESCEND;
		if ((e == EACCES || e == EPERM) && fix_parent(rm, ev))
			continue;
		if (!decide_dir_wide(op, e, ev->parent, depth(rm, ev)) &&
		    mounted_over(ev))
			decide_mounted(rm->flags, &op, &e);
		return fail(rm, ev, op, e, info);
	}
	r = decide_report_entry(rm->rep, ev, depth(rm, ev), info, 0);
	return answer(rm, r, WALK_CONTINUE);
}

/* ---- parallel removal --------------------------------------------------
 *
 * With jobs > 1, a walk may hand a directory it has just entered (opened
 * and identity-checked) to the pool instead of reading it itself: the task
 * takes the open descriptor, the identity and the client word along, and
 * its walk (walk_run_from()) goes on exactly where this one would have, so
 * a handed-over directory costs no system call more than one walked in
 * place.  The directory holding it (its "group") keeps its descriptor open
 * (the walk pins the frame) and is left, mode restored and removed, only
 * after every task below it has ended: by construction, nothing below a
 * directory still runs when its original mode comes back.  The first walk
 * hands nothing over before RM_WARMUP entries, so small trees stay on the
 * calling thread (unless a number of workers was asked for).
 */

/*
 * A directory some of whose subdirectories were handed over: the tasks
 * out (counted by the pool), whether one kept something, and whether a
 * failure that belongs to the directory itself was reported (by any of the
 * walks that remove in it).  The flags are set from other threads.
 */
struct group {
	struct pool_group g;
	unsigned int depth; /* the directory's depth in its walk */
	bool leftover;      /* atomic: a task's root stayed for a failure */
	bool held;        /* atomic: one stayed only for what the filter kept */
	bool denied;      /* atomic */
	struct group *up; /* the next group toward the walk's root */
};

/* What every walk of one PATH shares. */
struct shared {
	struct pool *pool; /* NULL when sequential */
	struct report *rep;
	struct walk_opts wopts; /* the tasks' walk options */
	uid_t euid;             /* struct remove's */
	unsigned int warmup; /* entries the first walk handles before sharing */
	bool stopped;        /* atomic: a callback stopped the run */
	bool oom;  /* atomic: a task ran out of memory: no more hand-overs */
	int error; /* atomic: the first fatal error of a task */
};

struct task {
	struct pool_task pt; /* first: the pool hands this back */
	struct group *group; /* of the directory holding it */
	int dirfd;           /* that directory (pinned by the handing walk) */
	struct util_info pinfo; /* its identity */
	int fd; /* the directory itself, entered and checked; ours */
	struct util_info info;
	uint32_t state; /* its client word (--chmod's saved mode) */
	char *path;     /* display path; the name starts at name_off */
	size_t name_off;
	unsigned int depth; /* in the PATH's tree */
};

static int on_event(struct walk_ev *ev, void *ctx);
static void drain(void *ctx);

/* Is this a moment to hand EV's directory over? */
static bool may_hand_over(const struct remove *rm, const struct walk_ev *ev)
{
	if (!rm->sh->pool || ev->depth == 0 || rm->nest + 1 >= POOL_MAX_NEST ||
	    __atomic_load_n(&rm->sh->stopped, __ATOMIC_RELAXED) ||
	    __atomic_load_n(&rm->sh->oom, __ATOMIC_RELAXED))
		return false;
	/* Each group pins a frame: leave the walk room to evict. */
	if (rm->ngroups + 3 >= rm->budget)
		return false;
	return rm->up || rm->seen >= rm->sh->warmup;
}

/* The group of the directory holding EV's directory, made if need be. */
static struct group *parent_group(struct remove *rm, const struct walk_ev *ev)
{
	struct group *g = rm->groups;

	if (g && g->depth == ev->depth - 1)
		return g;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->depth = ev->depth - 1;
	/* A failure of its own reported before it had tasks counts. */
	g->denied = (*ev->parent_state & RM_DENIED) != 0;
	g->up = rm->groups;
	rm->groups = g;
	rm->ngroups++;
	return g;
}

/* What the tasks of a group left: bits of enum remove_left. */
enum remove_left {
	RM_LEFT_FAILED = 1u << 0, /* something stays for a failure */
	RM_LEFT_HELD = 1u << 1,   /* something stays for what the filter kept */
};

/* Forget the innermost group (its tasks have ended); what they left. */
static unsigned int pop_group(struct remove *rm)
{
	struct group *g = rm->groups;
	unsigned int left = 0;

	if (__atomic_load_n(&g->leftover, __ATOMIC_ACQUIRE))
		left |= RM_LEFT_FAILED;
	if (__atomic_load_n(&g->held, __ATOMIC_ACQUIRE))
		left |= RM_LEFT_HELD;
	rm->groups = g->up;
	rm->ngroups--;
	free(g);
	return left;
}

/*
 * Hand EV's directory (just entered) over to the pool.  True when handed
 * over: the walk must answer WALK_SKIP, and the task owns ev->fd.
 */
static bool hand_over(struct remove *rm, const struct walk_ev *ev)
{
	bool fresh = !rm->groups || rm->groups->depth != ev->depth - 1;
	struct group *g = parent_group(rm, ev);
	struct task *t = g ? calloc(1, sizeof(*t)) : NULL;

	if (t)
		t->path = strndup(ev->path, ev->path_len);
	if (t && t->path) {
		t->group = g;
		t->dirfd = ev->dirfd;
		t->pinfo = *ev->parent;
		t->fd = ev->fd;
		t->info = *ev->info;
		t->state = *ev->state;
		t->name_off = ev->path_len - strlen(ev->name);
		t->depth = depth(rm, ev);
		if (pool_offer(rm->sh->pool, &g->g, &t->pt, rm->nest))
			return true;
	}
	if (t)
		free(t->path);
	free(t);
	if (g && fresh)
		(void)pop_group(rm);
	return false;
}

/* Wait for what was handed over from the directory at DEPTH, if anything. */
static unsigned int wait_group(struct remove *rm, unsigned int depth)
{
	if (!rm->groups || rm->groups->depth != depth)
		return 0;
	pool_wait(rm->sh->pool, &rm->groups->g, rm->nest);
	return pop_group(rm);
}

/* The walk ends early (a stop, an error): wait for everything it handed over. */
static void drain(void *ctx)
{
	struct remove *rm = ctx;

	while (rm->groups) {
		pool_wait(rm->sh->pool, &rm->groups->g, rm->nest);
		(void)pop_group(rm);
	}
}

/*
 * Is this the first directory-wide failure in the directory holding EV's
 * entry?  When that directory has work handed over (it is a group: seen
 * from the walk that handed it over, or from a task's root), the group
 * answers for all walks at once, so the failure is reported once.
 */
static bool first_denial(struct remove *rm, const struct walk_ev *ev)
{
	struct group *shared = NULL;
	bool first;

	if (ev->depth == 0)
		shared = rm->up;
	else if (rm->groups && rm->groups->depth == ev->depth - 1)
		shared = rm->groups;
	if (shared)
		return !__atomic_exchange_n(&shared->denied, true,
					    __ATOMIC_ACQ_REL);
	first = !(*ev->parent_state & RM_DENIED);
	*ev->parent_state |= RM_DENIED;
	return first;
}

/*
 * A task's walk: 1 when its root stayed for a failure, 2 when only for what
 * the filter kept, else walk_run_from()'s result.
 */
static int walk_task(struct shared *sh, struct task *t)
{
	struct remove rm = {
		.sh = sh,
		.rep = sh->rep,
		.flags = sh->rep->flags,
		.euid = sh->euid,
		.base = t->depth,
		.nest = t->pt.nest,
		.budget = sh->wopts.fd_budget,
		.up = t->group,
	};
	struct walk_opts o = sh->wopts;
	int r;

	o.cb = on_event;
	o.drain = drain;
	o.ctx = &rm;
	r = walk_run_from(t->dirfd, &t->pinfo, t->fd, &t->info, t->state,
			  t->path + t->name_off, t->path, strlen(t->path), &o);
	if (r < 0)
		return r;
	return rm.root_kept ? 1 : rm.root_held ? 2 : 0;
}

/* The pool runs (or, after a stop, drops) a task, and tells its group. */
static void run_task(struct pool_task *pt, void *ctx)
{
	struct task *t = (struct task *)pt;
	struct shared *sh = ctx;
	int r = -SWRMTREE_E_STOPPED, none = 0;

	if (!__atomic_load_n(&sh->stopped, __ATOMIC_ACQUIRE))
		r = walk_task(sh, t);
	else
		util_close(t->fd);
	if (r == -ENOMEM) {
		/*
		 * Memory ran short (many threads' heaps and stacks): no more
		 * hand-overs, and what the task left is not a failure.  Its
		 * directory is still there, so the walk that handed it over
		 * finds its own directory not empty, reads it again and does
		 * the rest itself.
		 */
		__atomic_store_n(&sh->oom, true, __ATOMIC_RELEASE);
		r = 0;
	}
	if (r == 2)
		__atomic_store_n(&t->group->held, true, __ATOMIC_RELEASE);
	else if (r != 0)
		__atomic_store_n(&t->group->leftover, true, __ATOMIC_RELEASE);
	if (r == -SWRMTREE_E_STOPPED)
		__atomic_store_n(&sh->stopped, true, __ATOMIC_RELEASE);
	else if (r < 0 && r != -SWRMTREE_E_MOVED)
		(void)__atomic_compare_exchange_n(&sh->error, &none, r, false,
						  __ATOMIC_ACQ_REL,
						  __ATOMIC_ACQUIRE);
	free(t->path);
	free(t);
}

/* ---- the walk's events ------------------------------------------------- */

/*
 * A directory is entered.  With --chmod, make it writable and searchable;
 * then it may go to the pool, client word (and so the mode to restore)
 * included.
 */
static int on_enter(struct remove *rm, const struct walk_ev *ev)
{
	mode_t need = S_IWUSR | S_IXUSR | S_IRUSR;

	if (rm->pending_chmod && util_id_eq(&rm->pending_id, &ev->info->id)) {
		/* on_error() made it readable so that it could be opened. */
		rm->pending_chmod = false;
		mark_chmodded(ev->state, rm->pending_mode);
	}
	if ((ev->info->mode & need) != need && !(*ev->state & RM_CHMODDED) &&
	    decide_chmod_may_help(rm->flags, true, ev->info, rm->euid) &&
	    remove_chmod_fd(ev->fd, ev->info, rm->euid) == 0)
		mark_chmodded(ev->state, ev->info->mode);
	/* A directory the filter keeps is left by this walk, which knows it. */
	if (!ev->kept_self && may_hand_over(rm, ev) && hand_over(rm, ev))
		return WALK_SKIP;
	return WALK_CONTINUE;
}

/*
 * A directory that stays: the filter kept it (KEPT_SELF), or something
 * inside stays, for a failure (FAILED) or only for what the filter kept.
 */
static int stays(struct remove *rm, const struct walk_ev *ev, bool failed)
{
	int r;

	restore_mode(ev->fd, *ev->state);
	if (ev->depth == 0) {
		rm->root_kept |= failed;
		rm->root_held = true;
	}
	r = decide_report_entry(rm->rep, ev, depth(rm, ev), ev->info,
				decide_stay_code(ev->kept_self, failed));
	return answer(rm, r, failed ? WALK_KEEP : WALK_HELD);
}

/* A directory's entries are done: remove it, unless something stayed. */
static int on_leave(struct remove *rm, const struct walk_ev *ev)
{
	unsigned int left = wait_group(rm, ev->depth);
	bool failed = (ev->leftover && !ev->held) || (left & RM_LEFT_FAILED);
	int r, e;

	rm->seen++;
	if (decide_contents_keeps(rm->flags, depth(rm, ev))) {
		/* --contents keeps PATH as it was, mode included. */
		restore_mode(ev->fd, *ev->state);
		return ev->leftover || left ? WALK_KEEP : WALK_CONTINUE;
	}
	if (ev->leftover || left || ev->kept_self)
		return stays(rm, ev, failed);
	for (;;) {
		e = -util_unlinkat(ev->dirfd, ev->name, AT_REMOVEDIR);
		if (e == 0)
			break;
		if (e == ENOENT)
			return WALK_CONTINUE;
		if ((e == ENOTEMPTY || e == EEXIST) && ev->pass < WALK_MAX_PASSES)
			return WALK_RETRY; /* entries appeared: read again */
		if ((e == EACCES || e == EPERM) && fix_parent(rm, ev))
			continue;
		restore_mode(ev->fd, *ev->state);
		return fail(rm, ev, SWRMTREE_OP_RMDIR, e, ev->info);
	}
	r = decide_report_entry(rm->rep, ev, depth(rm, ev), ev->info, 0);
	return answer(rm, r, WALK_CONTINUE);
}

/*
 * A directory that cannot be opened for reading (mode 0, 0100, 0300): if
 * it is empty, rmdir needs nothing of it, only of its parent, so it is
 * tried once, as GNU rm and Go's os.RemoveAll do.  When that fails, the
 * open's EACCES is what is reported: it is why the inside stays.
 */
static int unreadable(struct remove *rm, const struct walk_ev *ev)
{
	int r;

	if (!decide_contents_keeps(rm->flags, depth(rm, ev)) && !ev->kept_self) {
		r = util_unlinkat(ev->dirfd, ev->name, AT_REMOVEDIR);
		if (r == -ENOENT)
			return WALK_CONTINUE;
		if (r == 0) {
			r = decide_report_entry(rm->rep, ev, depth(rm, ev),
						ev->info, 0);
			return answer(rm, r, WALK_CONTINUE);
		}
	}
	return fail(rm, ev, ev->op, ev->error, ev->info);
}

/* The walk could not do something. */
static int on_error(struct remove *rm, const struct walk_ev *ev)
{
	if (decide_missing(rm->flags, ev->op, ev->error))
		return WALK_CONTINUE;
	if (ev->op == SWRMTREE_OP_OPEN && ev->error == EACCES &&
	    decide_chmod_may_help(rm->flags, true, ev->info, rm->euid) &&
	    remove_chmod_at(ev->dirfd, ev->name, ev->info, rm->euid) == 0) {
		rm->pending_chmod = true;
		rm->pending_id = ev->info->id;
		rm->pending_mode = ev->info->mode;
		return WALK_RETRY;
	}
	if (ev->op == SWRMTREE_OP_OPEN && ev->error == EACCES &&
	    fix_parent(rm, ev))
		return WALK_RETRY;
	if (ev->op == SWRMTREE_OP_OPEN && ev->error == EACCES)
		return unreadable(rm, ev);
	return fail(rm, ev, ev->op, ev->error, ev->info);
}

static int on_event(struct walk_ev *ev, void *ctx)
{
	struct remove *rm = ctx;

	switch (ev->type) {
	case WALK_ENTER:
		return on_enter(rm, ev);
	case WALK_ENTRY:
		rm->seen++;
		return on_entry(rm, ev);
	case WALK_KEPT:
		return answer(rm, decide_report_kept(rm->rep, ev, depth(rm, ev)),
			      WALK_HELD);
	case WALK_LEAVE:
		return on_leave(rm, ev);
	default:
		return on_error(rm, ev);
	}
}

/*
 * Remove NAME in DIRFD with everything beneath it, with up to JOBS workers
 * in all (this thread is one).  See remove.h.
 */
int remove_run(int dirfd, const char *name, const char *display, size_t len,
	       const struct walk_opts *wopts, unsigned int jobs, bool eager,
	       struct report *rep)
{
	struct shared sh = {
		.rep = rep,
		.wopts = *wopts,
		.warmup = eager ? 0 : RM_WARMUP,
		.euid = (rep->flags & SWRMTREE_CHMOD) ? geteuid() : 0,
	};
	struct remove rm = {
		.sh = &sh,
		.rep = rep,
		.flags = rep->flags,
		.euid = sh.euid,
		.budget = wopts->fd_budget,
	};
	struct walk_opts o = *wopts;
	struct pool_fds fds;
	int r;

	pool_plan(jobs, &fds);
	/* No pool is no error: the walk runs alone. */
	if (fds.tasks > 0 && pool_new(jobs, run_task, &sh, &sh.pool) == 0)
		sh.wopts.fd_budget = fds.task;
	o.cb = on_event;
	o.drain = drain;
	o.ctx = &rm;
	r = walk_run(dirfd, name, display, len, &o);
	pool_free(sh.pool);
	if (r >= 0 && sh.stopped)
		r = -SWRMTREE_E_STOPPED;
	else if (r >= 0 && sh.error)
		r = sh.error;
	return r < 0 ? r : 0;
}
