/*
 * remove.c - the removal client of the walk.
 *
 * Non-directories are unlinked as the walk meets them; a directory is
 * removed when the walk leaves it, unless something inside stayed (then the
 * failure was reported once, at its root cause, and the directory is only
 * counted as kept).  Every syscall is relative to a descriptor the walk
 * opened and identity-checked.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "remove.h"

/*
 * Bits of the walk's per-directory client word.  With RM_CHMODDED, the
 * directory's mode before we changed it sits above RM_MODE_SHIFT, so a
 * directory that stays gets it back.
 */
enum remove_state {
	RM_CHMODDED = 1u << 0, /* we added u+rwx to this directory */
	RM_DENIED   = 1u << 1, /* a directory-wide failure was reported */
};

#define RM_MODE_SHIFT 16

struct pool;
struct node;

/* One walk's state: the whole PATH, or a subtree handed to a worker. */
struct remove {
	struct util_report *rep;
	unsigned int flags;     /* SWRMTREE_* */
	unsigned int base;      /* depth of this walk's root in the PATH's tree */
	bool stopped;
	bool root_kept;         /* the walk's root stayed */
	unsigned int nest;      /* walks below this one on this thread's stack */
	struct pool *pool;      /* NULL when sequential */
	struct node *node;      /* what this walk handed over, to wait for */
	struct node *up;        /* the node of the directory holding our root */
	bool pending_chmod;     /* a directory was made readable before entry: */
	struct util_id pending_id;      /* this one, */
	mode_t pending_mode;            /* whose mode was this */
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

/*
 * Is ERROR, met unlinking an entry of EV's directory, a cause that belongs
 * to the directory (no write or search permission, immutable or append-only
 * directory) rather than to the entry?  Only inside the tree.
 */
static bool dir_wide(const struct remove *rm, const struct walk_ev *ev,
		     unsigned int op, int error)
{
	if (depth(rm, ev) == 0 ||
	    (op != SWRMTREE_OP_UNLINK && op != SWRMTREE_OP_RMDIR))
		return false;
	return error == EACCES || error == EROFS ||
	       (error == EPERM && util_is_immutable(ev->parent));
}

static bool first_denial(struct remove *rm, const struct walk_ev *ev);

/*
 * Report that the entry of EV stays because of ERROR.  A directory-wide
 * cause is reported once, naming the directory (one root cause, one
 * message); its other entries stay quietly (still listed as kept).
 */
static int fail(struct remove *rm, const struct walk_ev *ev, unsigned int op,
		int error, unsigned int type, uint64_t size)
{
	char *dir;
	int r = 0;

	if (!dir_wide(rm, ev, op, error)) {
		r = rm->rep->error(rm->rep, ev->path, op, error, 0, NULL);
	} else if (first_denial(rm, ev)) {
		dir = util_parent_path(ev->path, ev->path_len, ev->name);
		r = rm->rep->error(rm->rep, dir ? dir : ev->path, op, error, 0,
				   NULL);
		free(dir);
	}
	if (r == SWRMTREE_STOP)
		return answer(rm, r, WALK_STOP);
	if (ev->depth == 0)
		rm->root_kept = true;
	if (op == SWRMTREE_OP_LOOKUP)
		return WALK_KEEP;       /* nothing there to list */
	r = rm->rep->entry(rm->rep, ev->path, ev->path_len, type, size, error,
			   depth(rm, ev));
	return answer(rm, r, WALK_KEEP);
}

/* Add u+rwx to the directory open as FD, if the caller owns it. */
int remove_chmod_fd(int fd, const struct util_info *info)
{
	if (info->uid != geteuid())
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
int remove_chmod_at(int dirfd, const char *name, const struct util_info *info)
{
	struct stat st;
	int fd, r = 0;

	if (info->uid != geteuid())
		return -EPERM;
	fd = util_openat(dirfd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY);
	if (fd < 0)
		return fd;
	r = util_fstat(fd, &st);
	if (r == 0 && (st.st_dev != info->id.dev || st.st_ino != info->id.ino))
		r = -SWRMTREE_E_CHANGED;
	if (r == 0 && st.st_uid != geteuid())
		r = -EPERM;
	if (r == 0)
		r = util_chmod_pinned(fd, (st.st_mode & 07777) | S_IRWXU);
	util_close(fd);
	return r;
}

/*
 * With --chmod, make the directory holding EV's entry writable and
 * searchable, once.  The PATH's own parent is outside the tree and is
 * never changed.  Returns true when a retry may now succeed.
 */
static bool fix_parent(struct remove *rm, const struct walk_ev *ev)
{
	if (!(rm->flags & SWRMTREE_CHMOD) || depth(rm, ev) == 0)
		return false;
	if (*ev->parent_state & RM_CHMODDED)
		return false;
	if (remove_chmod_fd(ev->dirfd, ev->parent) < 0)
		return false;
	mark_chmodded(ev->parent_state, ev->parent->mode);
	return true;
}

/* The size of a regular file, when sizes were asked for. */
static uint64_t entry_size(struct remove *rm, const struct walk_ev *ev,
			   unsigned char *d_type)
{
	struct util_info info;

	if (ev->info) {
		*d_type = util_dtype_from_mode(ev->info->mode);
		return S_ISREG(ev->info->mode) ? ev->info->size : 0;
	}
	if (!(rm->flags & SWRMTREE_SIZES) ||
	    (*d_type != DT_REG && *d_type != DT_UNKNOWN))
		return 0;
	if (util_info_at(ev->dirfd, ev->name, AT_SYMLINK_NOFOLLOW, &info) < 0)
		return 0;
	*d_type = util_dtype_from_mode(info.mode);
	return S_ISREG(info.mode) ? info.size : 0;
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

	return util_info_at(ev->dirfd, ev->name, AT_SYMLINK_NOFOLLOW, &info) == 0 &&
	       util_is_mount_point(ev->parent, &info);
}

/*
 * A non-directory: unlink it.  With an unknown type, the unlink itself
 * tells a directory apart (EISDIR), which saves a stat per entry.
 */
static int on_entry(struct remove *rm, const struct walk_ev *ev)
{
	unsigned char d_type = ev->d_type;
	uint64_t size = entry_size(rm, ev, &d_type);
	int r, e;

	/* --contents of a non-directory: nothing inside, keep it. */
	if (depth(rm, ev) == 0 && (rm->flags & SWRMTREE_CONTENTS))
		return fail(rm, ev, SWRMTREE_OP_OPEN, ENOTDIR,
			    util_type_from_dtype(d_type), size);

	for (;;) {
		if (unlinkat(ev->dirfd, ev->name, 0) == 0)
			break;
		e = errno;
		if (e == EINTR)
			continue;
		if (e == ENOENT)
			return WALK_CONTINUE;   /* vanished: not an error */
		if (e == EISDIR)
			return WALK_DESCEND;
		if ((e == EACCES || e == EPERM) && fix_parent(rm, ev))
			continue;
		if (!dir_wide(rm, ev, SWRMTREE_OP_UNLINK, e) && mounted_over(ev))
			return (rm->flags & SWRMTREE_CROSS_MOUNTS) ?
			       fail(rm, ev, SWRMTREE_OP_UNLINK, EBUSY,
				    util_type_from_dtype(d_type), size) :
			       fail(rm, ev, SWRMTREE_OP_SKIP, SWRMTREE_E_MOUNT_POINT,
				    util_type_from_dtype(d_type), size);
		return fail(rm, ev, SWRMTREE_OP_UNLINK, e,
			    util_type_from_dtype(d_type), size);
	}
	r = rm->rep->entry(rm->rep, ev->path, ev->path_len,
			   util_type_from_dtype(d_type), size, 0, depth(rm, ev));
	return answer(rm, r, WALK_CONTINUE);
}

/* ---- parallel removal --------------------------------------------------
 *
 * With jobs > 1, a walk may hand the subdirectories of its root to other
 * workers instead of entering them itself, while some worker is idle.  The
 * task carries a duplicate of the parent's descriptor and the name; the
 * worker's own walk stats, opens and identity-checks the directory exactly
 * as a sequential walk would, so every safety property holds per task.  The
 * walk that handed tasks over waits for them before removing its root, and
 * runs queued tasks itself while it waits.  Those may split in turn, up to
 * REMOVE_MAX_NEST walks on one thread's C stack; deeper ones do not split.
 */

#define REMOVE_MAX_NEST 4

/*
 * A directory some of whose subdirectories were handed over: how many
 * tasks are out, whether one kept something, and whether a failure that
 * belongs to the directory itself was reported (by any of the walks that
 * unlink in it).  Guarded by the pool's lock.
 */
struct node {
	unsigned int pending;
	bool leftover;
	bool denied;
};

struct task {
	struct task *next;
	int dirfd;              /* duplicate of the parent's descriptor; ours */
	char *path;             /* display path; the name starts at name_off */
	size_t name_off;
	unsigned int depth;     /* depth of the task's root in the PATH's tree */
	struct node *parent;
	struct util_info info;  /* what the walk that handed it over entered */
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;    /* a task was queued or finished; or done */
	struct task *head, *tail;
	unsigned int queued;
	unsigned int idle;      /* workers waiting for a task */
	unsigned int nthreads;
	bool done;
	bool stopped;           /* a callback stopped the run */
	int error;              /* first fatal walk error (-ENOMEM) */
	struct walk_opts wopts;
	struct util_report *rep;
};

static int walk_task(struct pool *pool, struct task *t, unsigned int nest);

/* Take the next task, or NULL when none is queued.  Lock held. */
static struct task *dequeue(struct pool *pool)
{
	struct task *t = pool->head;

	if (t) {
		pool->head = t->next;
		if (!pool->head)
			pool->tail = NULL;
		pool->queued--;
	}
	return t;
}

/* Run (or, after a stop, drop) task T and tell its parent node. */
static void finish_task(struct pool *pool, struct task *t, unsigned int nest)
{
	int r = -SWRMTREE_E_STOPPED;
	bool stopped;

	(void)pthread_mutex_lock(&pool->lock);
	stopped = pool->stopped;
	(void)pthread_mutex_unlock(&pool->lock);
	if (!stopped)
		r = walk_task(pool, t, nest);
	(void)pthread_mutex_lock(&pool->lock);
	if (r < 0 || r == 1)
		t->parent->leftover = true;
	if (r == -SWRMTREE_E_STOPPED)
		pool->stopped = true;
	else if (r < 0 && r != -SWRMTREE_E_MOVED && !pool->error)
		pool->error = r;
	t->parent->pending--;
	(void)pthread_cond_broadcast(&pool->cond);
	(void)pthread_mutex_unlock(&pool->lock);
	util_close(t->dirfd);
	free(t->path);
	free(t);
}

static void *worker(void *arg)
{
	struct pool *pool = arg;
	struct task *t;

	for (;;) {
		(void)pthread_mutex_lock(&pool->lock);
		while (!pool->head && !pool->done) {
			pool->idle++;
			(void)pthread_cond_wait(&pool->cond, &pool->lock);
			pool->idle--;
		}
		t = dequeue(pool);
		(void)pthread_mutex_unlock(&pool->lock);
		if (!t)
			return NULL;
		finish_task(pool, t, 0);
	}
}

/*
 * Hand the directory of EV to another worker if one is idle, or if fewer
 * tasks are queued than there are other workers (one may be about to come
 * back for work; a task nobody took is run by the walk that queued it,
 * while it waits).  Returns true when handed over.
 */
static bool hand_over(struct remove *rm, const struct walk_ev *ev)
{
	struct pool *pool = rm->pool;
	struct task *t;
	bool room;

	(void)pthread_mutex_lock(&pool->lock);
	room = !pool->stopped && (pool->idle > pool->queued ||
				  pool->queued + 1 < pool->nthreads);
	(void)pthread_mutex_unlock(&pool->lock);
	if (!room || !(t = calloc(1, sizeof(*t))))
		return false;
	t->dirfd = fcntl(ev->dirfd, F_DUPFD_CLOEXEC, 0);
	t->path = strndup(ev->path, ev->path_len);
	if (t->dirfd < 0 || !t->path) {
		util_close(t->dirfd);
		free(t->path);
		free(t);
		return false;
	}
	t->name_off = ev->path_len - strlen(ev->name);
	t->depth = depth(rm, ev);
	t->info = *ev->info;
	t->parent = rm->node;
	(void)pthread_mutex_lock(&pool->lock);
	if (pool->tail)
		pool->tail->next = t;
	else
		pool->head = t;
	pool->tail = t;
	pool->queued++;
	rm->node->pending++;
	(void)pthread_cond_signal(&pool->cond);
	(void)pthread_mutex_unlock(&pool->lock);
	return true;
}

/* Before removing its root, wait for what this walk handed over. */
static bool wait_handed_over(struct remove *rm)
{
	struct pool *pool = rm->pool;
	struct task *t;
	bool leftover;

	(void)pthread_mutex_lock(&pool->lock);
	while (rm->node->pending > 0) {
		t = dequeue(pool);
		if (t) {
			(void)pthread_mutex_unlock(&pool->lock);
			finish_task(pool, t, rm->nest + 1);
			(void)pthread_mutex_lock(&pool->lock);
			continue;
		}
		/* Waiting, this thread takes queued tasks: count it as idle,
		 * so that walks still running keep handing work over. */
		pool->idle++;
		(void)pthread_cond_wait(&pool->cond, &pool->lock);
		pool->idle--;
	}
	leftover = rm->node->leftover;
	(void)pthread_mutex_unlock(&pool->lock);
	return leftover;
}

/*
 * Is this the first directory-wide failure in the directory holding EV's
 * entry?  When that directory is shared with other workers (the root of
 * a walk that handed tasks over, seen from that walk or from a task), ask
 * its node, so the failure is reported once for all of them.
 */
static bool first_denial(struct remove *rm, const struct walk_ev *ev)
{
	struct node *shared = NULL;
	bool first;

	if (ev->depth == 0)
		shared = rm->up;
	else if (ev->depth == 1 && rm->pool)
		shared = rm->node;
	if (!shared) {
		first = !(*ev->parent_state & RM_DENIED);
		*ev->parent_state |= RM_DENIED;
		return first;
	}
	(void)pthread_mutex_lock(&rm->pool->lock);
	first = !shared->denied;
	shared->denied = true;
	(void)pthread_mutex_unlock(&rm->pool->lock);
	return first;
}

/* ---- the walk's events ------------------------------------------------- */

/*
 * A directory is entered.  A child of the walk's root may go to an idle
 * worker.  With --chmod, make it writable and searchable.
 */
static int on_enter(struct remove *rm, const struct walk_ev *ev)
{
	mode_t need = S_IWUSR | S_IXUSR | S_IRUSR;

	if (rm->pending_chmod && util_id_eq(&rm->pending_id, &ev->info->id)) {
		/* on_error() made it readable so that it could be opened. */
		rm->pending_chmod = false;
		mark_chmodded(ev->state, rm->pending_mode);
	}
	if (rm->pool && rm->nest < REMOVE_MAX_NEST && ev->depth == 1) {
		/*
		 * The task must see the directory as it was, and it may start
		 * at once: give the mode back before handing it over, never
		 * after (a worker that had opened it up again would meet it
		 * shut).  Kept here after all: open it up again.
		 */
		restore_mode(ev->fd, *ev->state);
		if (hand_over(rm, ev))
			return WALK_SKIP;
		if (*ev->state & RM_CHMODDED)
			(void)fchmod(ev->fd, saved_mode(*ev->state) | S_IRWXU);
	}
	if (!(rm->flags & SWRMTREE_CHMOD) || (ev->info->mode & need) == need)
		return WALK_CONTINUE;
	if (remove_chmod_fd(ev->fd, ev->info) == 0)
		mark_chmodded(ev->state, ev->info->mode);
	return WALK_CONTINUE;
}

/* A directory's entries are done: remove it, unless something stayed. */
static int on_leave(struct remove *rm, const struct walk_ev *ev)
{
	bool leftover = ev->leftover;
	int r, e;

	if (ev->depth == 0 && rm->pool)
		leftover |= wait_handed_over(rm);
	if (depth(rm, ev) == 0 && (rm->flags & SWRMTREE_CONTENTS)) {
		/* --contents keeps PATH as it was, mode included. */
		restore_mode(ev->fd, *ev->state);
		return leftover ? WALK_KEEP : WALK_CONTINUE;
	}
	if (leftover) {
		restore_mode(ev->fd, *ev->state);
		if (ev->depth == 0)
			rm->root_kept = true;
		r = rm->rep->entry(rm->rep, ev->path, ev->path_len,
				   SWRMTREE_TYPE_DIR, 0, ENOTEMPTY,
				   depth(rm, ev));
		return answer(rm, r, WALK_KEEP);
	}
	for (;;) {
		if (unlinkat(ev->dirfd, ev->name, AT_REMOVEDIR) == 0)
			break;
		e = errno;
		if (e == EINTR)
			continue;
		if (e == ENOENT)
			return WALK_CONTINUE;
		if ((e == ENOTEMPTY || e == EEXIST) && ev->pass < WALK_MAX_PASSES)
			return WALK_RETRY;      /* entries appeared: read again */
		if ((e == EACCES || e == EPERM) && fix_parent(rm, ev))
			continue;
		restore_mode(ev->fd, *ev->state);
		return fail(rm, ev, SWRMTREE_OP_RMDIR, e, SWRMTREE_TYPE_DIR, 0);
	}
	r = rm->rep->entry(rm->rep, ev->path, ev->path_len, SWRMTREE_TYPE_DIR,
			   0, 0, depth(rm, ev));
	return answer(rm, r, WALK_CONTINUE);
}

/* The walk could not do something. */
static int on_error(struct remove *rm, const struct walk_ev *ev)
{
	if (ev->op == SWRMTREE_OP_LOOKUP && ev->error == ENOENT &&
	    (rm->flags & SWRMTREE_FORCE))
		return WALK_CONTINUE;
	if (ev->op == SWRMTREE_OP_OPEN && ev->error == EACCES &&
	    (rm->flags & SWRMTREE_CHMOD) && ev->info &&
	    remove_chmod_at(ev->dirfd, ev->name, ev->info) == 0) {
		rm->pending_chmod = true;
		rm->pending_id = ev->info->id;
		rm->pending_mode = ev->info->mode;
		return WALK_RETRY;
	}
	if (ev->op == SWRMTREE_OP_OPEN && ev->error == EACCES &&
	    fix_parent(rm, ev))
		return WALK_RETRY;
	return fail(rm, ev, ev->op, ev->error, ev->info ?
		    util_type_from_mode(ev->info->mode) : SWRMTREE_TYPE_DIR, 0);
}

static int on_event(struct walk_ev *ev, void *ctx)
{
	struct remove *rm = ctx;

	switch (ev->type) {
	case WALK_ENTER:
		return on_enter(rm, ev);
	case WALK_ENTRY:
		return on_entry(rm, ev);
	case WALK_LEAVE:
		return on_leave(rm, ev);
	default:
		return on_error(rm, ev);
	}
}

/*
 * One walk: the PATH (sequential or the first of several workers) or a
 * task.  Returns walk_run()'s result, or 1 when the walk's root stayed.
 * Anything handed over is waited for before returning.
 */
static int walk_one(struct pool *pool, struct node *up,
		    const struct walk_opts *wopts, int dirfd, const char *name,
		    const char *display, size_t len, unsigned int base,
		    unsigned int nest, struct util_report *rep)
{
	struct walk_opts o = *wopts;
	struct node node = { 0 };
	struct remove rm = {
		.rep = rep,
		.flags = rep->flags,
		.base = base,
		.nest = nest,
		.pool = pool,
		.node = &node,
		.up = up,
	};
	int r;

	o.cb = on_event;
	o.ctx = &rm;
	r = walk_run(dirfd, name, display, len, &o);
	/* A stop or an error can end the walk before its root's leave. */
	if (pool)
		rm.root_kept |= wait_handed_over(&rm);
	if (r < 0)
		return r;
	return rm.root_kept ? 1 : 0;
}

static int walk_task(struct pool *pool, struct task *t, unsigned int nest)
{
	struct walk_opts o = pool->wopts;

	/* The task's root must be the directory that was entered and
	 * identity-checked before it was handed over, not just any directory
	 * that has its name by now. */
	o.expect = &t->info;
	o.expect_code = SWRMTREE_E_CHANGED;
	return walk_one(pool, t->parent, &o, t->dirfd,
			t->path + t->name_off, t->path, strlen(t->path),
			t->depth, nest, pool->rep);
}

static void pool_stop(struct pool *pool, pthread_t *threads, unsigned int n)
{
	unsigned int i;

	(void)pthread_mutex_lock(&pool->lock);
	pool->done = true;
	(void)pthread_cond_broadcast(&pool->cond);
	(void)pthread_mutex_unlock(&pool->lock);
	for (i = 0; i < n; i++)
		(void)pthread_join(threads[i], NULL);
}

/*
 * Remove NAME in DIRFD with everything beneath it, with JOBS workers in
 * all (this thread is one).  See remove.h.
 */
int remove_run(int dirfd, const char *name, const char *display, size_t len,
	       const struct walk_opts *wopts, unsigned int jobs,
	       struct util_report *rep)
{
	struct pool pool = { .wopts = *wopts, .rep = rep };
	pthread_t *threads = NULL;
	unsigned int n = 0;
	int r;

	if (jobs <= 1)
		goto sequential;
	threads = calloc(jobs - 1, sizeof(*threads));
	if (!threads || pthread_mutex_init(&pool.lock, NULL) != 0)
		goto sequential;
	if (pthread_cond_init(&pool.cond, NULL) != 0) {
		(void)pthread_mutex_destroy(&pool.lock);
		goto sequential;
	}
	while (n < jobs - 1 &&
	       pthread_create(&threads[n], NULL, worker, &pool) == 0)
		n++;
	pool.nthreads = n + 1;  /* no lock needed: no task exists yet */
	r = walk_one(&pool, NULL, wopts, dirfd, name, display, len, 0, 0,
		     rep);
	pool_stop(&pool, threads, n);
	(void)pthread_cond_destroy(&pool.cond);
	(void)pthread_mutex_destroy(&pool.lock);
	free(threads);
	if (r >= 0 && pool.stopped)
		r = -SWRMTREE_E_STOPPED;
	else if (r >= 0 && pool.error)
		r = pool.error;
	return r < 0 ? r : 0;
sequential:
	free(threads);
	r = walk_one(NULL, NULL, wopts, dirfd, name, display, len, 0, 0,
		     rep);
	return r < 0 ? r : 0;
}
