/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * api.c - the public entry points: options, guards for every PATH before
 * the first removal, one walk per PATH, statistics and callbacks.
 */
#include "config.h"

/* The exported swrmtree_options_init(), not the header's inline one. */
#define SWRMTREE_EXPORT_OPTIONS_INIT 1

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "decide.h"
#include "guard.h"
#include "links.h"
#include "protect.h"
#include "plan.h"
#include "pool.h"
#include "remove.h"
#include "api.h"

/* The library writes exactly this much into a caller's stats (swrmtree.h). */
_Static_assert(sizeof(struct swrmtree_stats) == 16 * sizeof(uint64_t),
	       "struct swrmtree_stats has a fixed size");

/* One run: the report the walk clients send to, and what it adds up. */
struct run {
	struct report rep;
	const struct swrmtree_options *opts;
	struct swrmtree_stats stats;
	struct links links;   /* hard-linked inodes seen going (stats.freed) */
	pthread_mutex_t lock; /* callbacks are serialized (swrmtree.h) */
	bool stopped;
	size_t root_len; /* the display path of the PATH being walked */
	const struct api_hooks *hooks; /* detach.c's, or NULL */
	struct gone *gone; /* a dry run: the PATHs planned to go whole */
	size_t ngone, capgone;
};

/*
 * A PATH a dry run plans to remove with all it holds (or, with CONTENTS,
 * whose inside all goes): a later PATH at or below it will be missing
 * when its turn comes in the real run (SPEC: Details, "a a/b").
 */
struct gone {
	struct util_id id;
	bool contents; /* only what is below it goes */
};

static struct run *run_of(struct report *rep)
{
	return (struct run *)((char *)rep - offsetof(struct run, rep));
}

/*
 * Fill in E's name and rel_path from its display path: what follows the
 * last slash, and what follows the PATH's own display path (which never
 * ends in a slash, but for "/").
 */
static void entry_names(const struct run *run, struct swrmtree_entry *e)
{
	const char *slash = memrchr(e->path, '/', e->path_len);
	const char *rel = e->path + e->path_len;

	e->name = slash && slash + 1 < rel ? slash + 1 : e->path;
	if (e->depth > 0 && run->root_len < e->path_len) {
		rel = e->path + run->root_len;
		if (*rel == '/')
			rel++;
	}
	e->rel_path = rel;
}

/*
 * The space the entry seen as INFO frees as it goes, where sizes are
 * known (as for stats.bytes).  Under the run's lock: the link table is
 * shared by every worker.
 */
static void count_freed(struct run *run, const struct util_info *info)
{
	uint64_t bytes;

	if (!info || !(run->rep.flags & (SWRMTREE_SIZES | SWRMTREE_DRY_RUN)))
		return;
	/* Out of memory: that inode's space goes uncounted, not the run. */
	if (links_freed(&run->links, info, &bytes) == 0)
		run->stats.freed += bytes;
}

/* What a walk client reports of an entry (report.h): count it, pass it on. */
static int run_entry(struct report *rep, const struct swrmtree_entry *ent,
		     const struct util_info *info)
{
	struct run *run = run_of(rep);
	struct swrmtree_entry e = *ent;
	unsigned int type = e.type;
	int error = e.error;
	int r = 0;

	/* Only a caller that looks at entries needs their names. */
	if (run->opts->on_entry)
		entry_names(run, &e);
	(void)pthread_mutex_lock(&run->lock);
	if (error == SWRMTREE_E_KEPT || error == SWRMTREE_E_HOLDS_KEPT)
		run->stats.filtered++;
	else if (error)
		run->stats.kept++;
	else if (type == SWRMTREE_TYPE_DIR)
		run->stats.dirs++;
	else
		run->stats.files++;
	if (!error && type == SWRMTREE_TYPE_FILE)
		run->stats.bytes += e.size;
	if (!error)
		count_freed(run, info);
	/* After a stop, no further call, and every walk hears of it. */
	if (run->opts->on_entry && !run->stopped)
		r = run->opts->on_entry(&e, run->opts->userdata);
	if (r == SWRMTREE_STOP)
		run->stopped = true;
	r = run->stopped ? SWRMTREE_STOP : 0;
	(void)pthread_mutex_unlock(&run->lock);
	return r;
}

/*
 * The walk asks about an entry before anything is done to it: ask
 * opts->filter (serialized with the other callbacks).  Its depth follows
 * from its path: names hold no slash.  An answer the library does not know
 * keeps the entry: nothing goes that the filter did not let go.
 */
static int run_filter(const struct walk_ev *ev, void *ctx)
{
	struct run *run = ctx;
	struct swrmtree_entry e = {
		.path = ev->path,
		.path_len = ev->path_len,
		.type = ev->info ? util_type_from_mode(ev->info->mode) :
				   util_type_from_dtype(ev->d_type),
		.depth = 1,
	};
	const char *p;
	int a;

	entry_names(run, &e);
	for (p = e.rel_path; *p; p++)
		e.depth += *p == '/';
	(void)pthread_mutex_lock(&run->lock);
	a = run->stopped ? SWRMTREE_STOP :
			   run->opts->filter(&e, run->opts->userdata);
	if (a == SWRMTREE_STOP)
		run->stopped = true;
	(void)pthread_mutex_unlock(&run->lock);
	switch (a) {
	case SWRMTREE_FILTER_REMOVE:
		return WALK_FILTER_GO;
	case SWRMTREE_FILTER_SKIP:
		return WALK_FILTER_SELF;
	case SWRMTREE_STOP:
		return WALK_FILTER_STOP;
	default:
		return WALK_FILTER_KEEP;
	}
}

/* Count the failure E and hand it to on_error. */
static int deliver_error(struct run *run, const struct swrmtree_error *e)
{
	int r = 0;

	(void)pthread_mutex_lock(&run->lock);
	run->stats.failed++;
	if (run->opts->on_error && !run->stopped)
		r = run->opts->on_error(e, run->opts->userdata);
	if (r == SWRMTREE_STOP)
		run->stopped = true;
	r = run->stopped ? SWRMTREE_STOP : 0;
	(void)pthread_mutex_unlock(&run->lock);
	return r;
}

/* What a walk client reports of a failure (report.h). */
static int run_error(struct report *rep, const struct swrmtree_error *e)
{
	return deliver_error(run_of(rep), e);
}

/* A failure about protected path P (may be NULL), on PATH. */
static int report_prot(struct run *run, const char *path, unsigned int op,
		       int error, const struct protect_entry *p)
{
	struct swrmtree_error e = { .path = path, .op = op, .error = error };

	if (p) {
		e.protected_path = p->path;
		e.origin = p->origin;
		e.file = p->file;
		e.line = p->line;
	}
	return deliver_error(run, &e);
}

/*
 * Fill in the defaults, for programs built before 0.2.0 (the header now
 * inlines this with the caller's size).  They declared the first layout:
 * write that much and never more, however the struct grows.
 */
int swrmtree_options_init(struct swrmtree_options *opts)
{
	memset(opts, 0, SWRMTREE_OPTIONS_SIZE_VER0);
	opts->size = SWRMTREE_OPTIONS_SIZE_VER0;
	return 0;
}

/* Every flag this library knows. */
#define KNOWN_FLAGS \
	(SWRMTREE_FORCE | SWRMTREE_DRY_RUN | SWRMTREE_CONTENTS | \
	 SWRMTREE_CHMOD | SWRMTREE_CROSS_MOUNTS | SWRMTREE_NO_PRESERVE_ROOT | \
	 SWRMTREE_SIZES | SWRMTREE_ANY_OWNER)

/*
 * Copy the caller's OPTS into *RET, in this library's layout: the caller's
 * size wins, fields it lacks keep their defaults (all zero), and fields
 * this library lacks must be zero (swrmtree.h).  Returns 0, -EINVAL or
 * -E2BIG.
 */
static int options_get(const struct swrmtree_options *opts,
		       struct swrmtree_options *ret)
{
	int r;

	if (!opts || opts->size < SWRMTREE_OPTIONS_SIZE_VER0)
		return -EINVAL;
	memset(ret, 0, sizeof(*ret));
	r = util_copy_sized(ret, sizeof(*ret), opts, opts->size);
	if (r < 0)
		return r;
	ret->size = sizeof(*ret);
	if ((ret->flags & ~(unsigned int)KNOWN_FLAGS) || ret->jobs > 1024)
		return -EINVAL;
	return 0;
}

/* Check OPTS as every run takes them.  See api.h. */
int api_options_check(const struct swrmtree_options *opts)
{
	struct swrmtree_options o;

	return options_get(opts, &o);
}

/*
 * Resolve every PATH into T[0..NPATHS), with its guards' verdict in V and
 * guard_resolve()'s result in RES.  At most pool_plan()'s "held" parents
 * stay open (PATHs in one directory share one).  Returns 1 when a PATH is
 * refused, 0, or -ENOMEM.
 */
static int resolve_all(const struct guard_ctx *g, int dirfd,
		       const char *const *paths, size_t npaths,
		       struct guard_target *t, struct guard_verdict *v, int *res)
{
	struct pool_fds fds;
	unsigned int held = 0;
	bool refused = false;
	size_t i;

	pool_plan(1, &fds);
	for (i = 0; i < npaths; i++) {
		res[i] = guard_resolve(g, dirfd, paths[i], i ? &t[i - 1] : NULL,
				       &t[i], &v[i]);
		if (res[i] == -ENOMEM)
			return -ENOMEM;
		/* A descriptor taken over from the previous PATH is not new. */
		if (t[i].dirfd >= 0 && !(i && t[i - 1].shared) &&
		    (res[i] < 0 || v[i].code || held++ >= fds.held))
			guard_target_release(&t[i]);
		refused |= res[i] < 0 || v[i].code;
	}
	return refused;
}

/* A glob of a protected directory (ALL, about T): one message for all. */
static void report_glob(struct run *run, const struct guard_target *t,
			const struct guard_verdict *all)
{
	/* The parent's spelling, as guard_resolve() split it off. */
	const char *sp = t->buf && t->buf[0] ? t->buf : ".";
	char *dir = strndup(sp, util_strip_slashes(sp, strlen(sp)));

	(void)report_prot(run, dir ? dir : sp, SWRMTREE_OP_GUARD, all->code,
			  all->prot);
	free(dir);
}

/*
 * Resolve and check every PATH against every guard, into T[0..NPATHS);
 * report each refusal.  The parents not held open are re-opened and
 * identity-checked when their turn comes.
 */
static int check_all(struct run *run, const struct guard_ctx *g, int dirfd,
		     const char *const *paths, size_t npaths,
		     struct guard_target *t)
{
	const char *const *shown = run->hooks && run->hooks->display ?
					   run->hooks->display :
					   paths;
	struct guard_verdict *v = calloc(npaths ? npaths : 1, sizeof(*v)), all;
	int *res = calloc(npaths ? npaths : 1, sizeof(*res));
	int refused, r = -ENOMEM;
	size_t i;

	if (!v || !res)
		goto out;
	r = refused = resolve_all(g, dirfd, paths, npaths, t, v, res);
	if (r < 0)
		goto out;
	r = guard_all_entries(g, dirfd, t, npaths, &i, &all);
	if (r < 0)
		goto out;
	if (r > 0) {
		report_glob(run, &t[i], &all);
		r = -SWRMTREE_E_REFUSED;
		goto out;
	}
	for (i = 0; i < npaths && r != SWRMTREE_STOP; i++) {
		/* A PATH whose guards cannot be checked is refused too. */
		if (res[i] < 0)
			r = report_error(&run->rep, shown[i],
					 SWRMTREE_OP_LOOKUP, -res[i], 0);
		else if (v[i].code)
			r = report_prot(run, shown[i], SWRMTREE_OP_GUARD,
					v[i].code, v[i].prot);
	}
	r = refused ? -SWRMTREE_E_REFUSED : 0;
out:
	free(v);
	free(res);
	return r;
}

/*
 * The guards could not be set up: without them no PATH may go.  A broken
 * configuration file is reported once, naming it; a protected path that
 * could not be looked up is reported for every PATH.
 */
static int refuse_all(struct run *run, const char *const *paths, size_t npaths,
		      const struct protect_error *err)
{
	struct protect_entry p = {
		.path = err->path,
		.origin = err->origin,
		.file = err->file,
		.line = err->line,
	};
	struct swrmtree_error e = {
		.path = err->file ? err->file : "",
		.op = SWRMTREE_OP_CONFIG,
		.error = err->code,
		.origin = err->origin,
		.file = err->file,
		.line = err->line,
	};
	size_t i;

	if (!err->path) {
		(void)deliver_error(run, &e);
		return -SWRMTREE_E_CONFIG;
	}
	for (i = 0; i < npaths; i++)
		if (report_prot(run, paths[i], SWRMTREE_OP_GUARD, err->code,
				&p) == SWRMTREE_STOP)
			break;
	return -SWRMTREE_E_REFUSED;
}

/*
 * Walk NAME in DIRFD, removing or planning.  The plan is always one walk:
 * it lists in the order a sequential run removes.  pool_plan() shares the
 * descriptors between the walks.
 */
static int walk_one(struct run *run, int dirfd, const char *name,
		    const char *display, size_t len, const struct walk_opts *wo)
{
	struct walk_opts o = *wo;
	unsigned int jobs = run->opts->jobs;
	struct pool_fds fds;

	if (run->rep.flags & SWRMTREE_DRY_RUN)
		jobs = 1;
	else if (!jobs)
		jobs = pool_auto_jobs(dirfd);
	pool_plan(jobs, &fds);
	o.fd_budget = fds.walk;
	if (run->rep.flags & SWRMTREE_DRY_RUN)
		return plan_run(dirfd, name, display, len, &o, &run->rep);
	/* -j given: share work from the start; by default, only past a
	 * small tree. */
	return remove_run(dirfd, name, display, len, &o, jobs,
			  run->opts->jobs > 1, &run->rep);
}

/* Is ID one of the PATHs planned to go (BELOW: or to have its inside go)? */
static bool planned_gone(const struct run *run, const struct util_id *id,
			 bool below)
{
	size_t i;

	for (i = 0; i < run->ngone; i++)
		if (util_id_eq(&run->gone[i].id, id) &&
		    (below || !run->gone[i].contents))
			return true;
	return false;
}

/*
 * Will the PATH resolved into T be gone when its turn comes, taken by an
 * earlier PATH of this dry run?  It, its parent, or a directory above
 * that (".." after "..", as far as the root) was planned to go.
 */
static bool taken_earlier(const struct run *run, const struct guard_target *t)
{
	struct stat st;
	int fd, up;
	unsigned int depth;
	bool found;

	if (run->ngone == 0)
		return false;
	if (planned_gone(run, &t->self.id, false) ||
	    planned_gone(run, &t->parent.id, true))
		return true;
	fd = util_openat(t->dirfd, "..", O_PATH | O_DIRECTORY);
	for (depth = 0, found = false; fd >= 0 && !found && depth < 4096;
	     depth++) {
		if (util_fstat(fd, &st) < 0)
			break;
		found = planned_gone(run,
				     &(struct util_id){ .dev = st.st_dev,
							.ino = st.st_ino },
				     true);
		up = util_openat(fd, "..", O_PATH | O_DIRECTORY);
		util_close(fd);
		fd = up;
		/* The root is its own parent: stop there. */
		if (fd >= 0 && util_fd_is(fd,
					  &(struct util_id){ .dev = st.st_dev,
							     .ino = st.st_ino },
					  NULL))
			break;
	}
	util_close(fd);
	return found;
}

/*
 * A dry run: is the PATH resolved into T dealt with by an earlier PATH?
 * Gone by its turn: reported as the real run's lookup will find it
 * (SPEC: Details); emptied already (--contents twice): nothing to plan.
 */
static bool overlapped(struct run *run, const struct guard_target *t,
		       const char *display)
{
	if (planned_gone(run, &t->self.id, true) &&
	    !planned_gone(run, &t->self.id, false))
		return true;
	if (!taken_earlier(run, t))
		return false;
	if (!decide_missing(run->rep.flags, SWRMTREE_OP_LOOKUP, ENOENT))
		(void)report_error(&run->rep, display, SWRMTREE_OP_LOOKUP,
				   ENOENT, SWRMTREE_ERROR_PREDICTED);
	return true;
}

/* After a dry run of the PATH T: note it when nothing of it stays. */
static void note_gone(struct run *run, const struct guard_target *t,
		      const struct swrmtree_stats *before)
{
	struct gone *g;

	if (run->stats.kept != before->kept ||
	    run->stats.failed != before->failed ||
	    run->stats.filtered != before->filtered)
		return;
	g = util_grow(run->gone, &run->capgone, run->ngone + 1, sizeof(*g));
	if (!g)
		return; /* then the later PATH is planned as usual */
	run->gone = g;
	run->gone[run->ngone].id = t->self.id;
	run->gone[run->ngone++].contents = (run->rep.flags &
					    SWRMTREE_CONTENTS) != 0;
}

/* Report that PATH's lookup failed with ERROR, unless -f makes it missing. */
static void report_lookup(struct run *run, const char *path, int error)
{
	if (decide_missing(run->rep.flags, SWRMTREE_OP_LOOKUP, error))
		return;
	(void)report_error(&run->rep, path, SWRMTREE_OP_LOOKUP, error, 0);
}

/*
 * What detach.c asks of PATH number I, resolved into T (its parent held):
 * that it still be what was recorded (SPEC: Guards 8, across processes),
 * and, for a detaching run, to be taken instead of walked.  Returns 0 for
 * the walk to go on, 1 when the PATH is dealt with (a failure reported),
 * or -ENOMEM.
 */
static int hooked_target(struct run *run, size_t i, struct guard_target *t,
			 const char *display)
{
	const struct api_hooks *h = run->hooks;
	struct api_target at = {
		.dirfd = t->dirfd,
		.name = t->name,
		.self = &t->self,
		.display = display,
		.index = i,
	};
	int r;

	if (!h)
		return 0;
	if (h->expect && !util_info_same(&h->expect[i], &t->self)) {
		(void)report_error(&run->rep, display, SWRMTREE_OP_LOOKUP,
				   SWRMTREE_E_SWAPPED, 0);
		return 1;
	}
	if (!h->take || (run->rep.flags & SWRMTREE_DRY_RUN))
		return 0;
	r = h->take(&at, h->data);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		(void)report_error(&run->rep, display, SWRMTREE_OP_LOOKUP, -r, 0);
	return r != 0;
}

/*
 * Remove (or plan) the PATH the guards resolved into T, from the parent
 * they held (or re-opened and identity-checked from DIRFD) and the name
 * they judged; the walk checks that the name is still what they judged
 * (SPEC: Guards 8).  The display path is PATH without trailing slashes
 * (SPEC: Messages).
 */
static int remove_target(struct run *run, int dirfd, const char *path, size_t i,
			 struct guard_target *t, const struct walk_opts *wo)
{
	const struct api_hooks *h = run->hooks;
	struct walk_opts o = *wo;
	char *display = h && h->display ? strdup(h->display[i]) :
					  strndup(path, t->len);
	bool dry = (run->rep.flags & SWRMTREE_DRY_RUN) != 0;
	struct swrmtree_stats before;
	int r = 0;

	if (!display)
		return -ENOMEM;
	if (t->error) {
		/* "file/" is named as written, as rm does. */
		report_lookup(run,
			      t->slash && t->error == ENOTDIR ? path : display,
			      t->error);
		goto out;
	}
	if (t->dirfd < 0 && (r = guard_target_reopen(t, dirfd)) < 0) {
		if (r != -ENOMEM)
			report_lookup(run, display, -r);
		r = r == -ENOMEM ? r : 0;
		goto out;
	}
	r = hooked_target(run, i, t, display);
	if (r != 0) {
		r = r < 0 ? r : 0;
		goto out;
	}
	if (dry && overlapped(run, t, display))
		goto out;
	before = run->stats;
	o.expect = &t->self;
	run->root_len = strlen(display);
	r = walk_one(run, t->dirfd, t->name, display, run->root_len, &o);
	if (dry && r >= 0)
		note_gone(run, t, &before);
	if (r == -SWRMTREE_E_MOVED)
		r = 0; /* reported; the other PATHs still go */
out:
	free(display);
	return r;
}

/* OPTS as options_get() made it, and lives as long as RUN. */
static int run_init(struct run *run, const struct swrmtree_options *opts,
		    struct walk_opts *wo)
{
	memset(run, 0, sizeof(*run));
	run->opts = opts;
	run->rep.entry = run_entry;
	run->rep.error = run_error;
	run->rep.flags = opts->flags;
	links_init(&run->links);
	if (pthread_mutex_init(&run->lock, NULL) != 0)
		return -ENOMEM;
	memset(wo, 0, sizeof(*wo));
	wo->flags = (opts->flags & SWRMTREE_CROSS_MOUNTS) ? WALK_CROSS_MOUNTS : 0;
	if (opts->filter) {
		wo->filter = run_filter;
		wo->filter_ctx = run;
	}
	return 0;
}

/* Set up the guards; a failure is reported (refuse_all()) or -ENOMEM. */
static int guards_new(struct run *run, const char *const *paths, size_t npaths,
		      struct guard_ctx **ret)
{
	struct guard_config gc = { 0 };
	struct protect_error err;
	int r;

	gc.flags = run->opts->flags;
	gc.protect = run->opts->protect;
	r = guard_new(&gc, ret, &err);
	/* Out of memory while noting the error: no name to report it by. */
	if (r < 0 && r != -ENOMEM)
		r = err.code == ENOMEM ? -ENOMEM :
					 refuse_all(run, paths, npaths, &err);
	protect_error_clear(&err);
	return r;
}

/*
 * Guards for all, then one walk per PATH, each from what its guards
 * resolved.  See api.h.
 */
/* PATHS[0..NPATHS) holds no NULL (and PATHS is NULL only when empty). */
static bool paths_valid(const char *const *paths, size_t npaths)
{
	size_t i;

	if (!paths && npaths)
		return false;
	for (i = 0; i < npaths; i++)
		if (!paths[i])
			return false;
	return true;
}

/*
 * Memory ran out while PATH (DISPLAY, resolved into T) was walked: report
 * the failure, and PATH as an entry that stays (unless --contents keeps it
 * anyway), so that the counts of what stayed (SPEC: Details) and the JSON
 * stream include it.  What stayed below it was not walked and is not
 * counted.
 */
static void report_oom(struct run *run, const char *shown, const char *path,
		       const struct guard_target *t)
{
	char *own = shown ? NULL : strndup(path, t->len);
	const char *display = shown ? shown : own ? own : path;
	struct swrmtree_entry e = {
		.path = display,
		.path_len = strlen(display),
		.type = util_type_from_mode(t->self.mode),
		.error = ENOMEM,
	};

	(void)report_error(&run->rep, display, SWRMTREE_OP_READ, ENOMEM, 0);
	if (!t->error && !(run->rep.flags & SWRMTREE_CONTENTS))
		(void)run->rep.entry(&run->rep, &e, NULL);
	free(own);
}

/*
 * Remove (or plan) every PATH the guards let go, resolved into T, in
 * order, until one callback stops the run.  Returns 0,
 * -SWRMTREE_E_STOPPED, -SWRMTREE_E_FAILED or -ENOMEM.
 */
static int remove_all(struct run *run, int dirfd, const char *const *paths,
		      size_t npaths, struct guard_target *t,
		      const struct walk_opts *wo)
{
	const struct api_hooks *hooks = run->hooks;
	size_t i;
	int r = 0;

	for (i = 0; i < npaths && r >= 0 && !run->stopped; i++) {
		r = remove_target(run, dirfd, paths[i], i, &t[i], wo);
		/* The run ends here; what stays of PATH is one failure more,
		 * so that the statistics do not say that nothing failed. */
		if (r == -ENOMEM)
			report_oom(run,
				   hooks && hooks->display ? hooks->display[i] :
							     NULL,
				   paths[i], &t[i]);
		guard_target_release(&t[i]);
	}
	if (r >= 0 && run->stopped)
		r = -SWRMTREE_E_STOPPED;
	else if (r >= 0 && run->stats.failed)
		r = -SWRMTREE_E_FAILED;
	return r;
}

int api_run_all(int dirfd, const char *const *paths, size_t npaths,
		const struct swrmtree_options *opts, unsigned int add_flags,
		const struct api_hooks *hooks, struct swrmtree_stats *ret_stats)
{
	struct guard_target *t = NULL;
	struct guard_ctx *g = NULL;
	struct swrmtree_options o;
	struct walk_opts wo;
	struct run run;
	uint64_t t0 = util_now_ns();
	size_t i;
	int r;

	if (!paths_valid(paths, npaths))
		return -EINVAL;
	r = options_get(opts, &o);
	if (r < 0)
		return r;
	/* Renaming a PATH away would take what the filter keeps with it. */
	if (hooks && hooks->take && o.filter)
		return -EINVAL;
	o.flags |= add_flags;
	r = run_init(&run, &o, &wo);
	if (r < 0)
		return r;
	run.hooks = hooks;
	r = guards_new(&run, paths, npaths, &g);
	if (r < 0)
		goto out;
	t = calloc(npaths ? npaths : 1, sizeof(*t));
	for (i = 0; t && i < npaths; i++)
		t[i].dirfd = -1; /* not resolved (yet): nothing to close */
	r = t ? check_all(&run, g, dirfd, paths, npaths, t) : -ENOMEM;
	if (r < 0)
		goto out;
	guard_ids(g, &wo.avoid, &wo.navoid);
	r = remove_all(&run, dirfd, paths, npaths, t, &wo);
out:
	for (i = 0; t && i < npaths; i++)
		guard_target_free(&t[i]);
	free(t);
	guard_free(g);
	run.stats.elapsed_ns = util_now_ns() - t0;
	if (ret_stats)
		*ret_stats = run.stats;
	(void)pthread_mutex_destroy(&run.lock);
	links_free(&run.links);
	free(run.gone);
	return r;
}

/* Remove every PATH.  See swrmtree.h. */
int swrmtree_removev(const char *const *paths, size_t npaths,
		     const struct swrmtree_options *opts,
		     struct swrmtree_stats *ret_stats)
{
	return api_run_all(AT_FDCWD, paths, npaths, opts, 0, NULL, ret_stats);
}

/* Remove one PATH.  See swrmtree.h. */
int swrmtree_remove(const char *path, const struct swrmtree_options *opts,
		    struct swrmtree_stats *ret_stats)
{
	return api_run_all(AT_FDCWD, &path, 1, opts, 0, NULL, ret_stats);
}

/* Remove NAME in DIRFD.  See swrmtree.h. */
int swrmtree_remove_at(int dirfd, const char *name,
		       const struct swrmtree_options *opts,
		       struct swrmtree_stats *ret_stats)
{
	struct stat st;
	int r;

	if (!name || strchr(name, '/'))
		return -EINVAL;
	/* A bad DIRFD is the caller's error, not a PATH to report (or, under
	 * SWRMTREE_FORCE, to count as missing). */
	if (dirfd != AT_FDCWD) {
		r = util_fstat(dirfd, &st);
		if (r < 0)
			return r;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
	}
	return api_run_all(dirfd, &name, 1, opts, 0, NULL, ret_stats);
}

/* Plan the removal of PATH.  See swrmtree.h. */
int swrmtree_plan(const char *path, const struct swrmtree_options *opts,
		  struct swrmtree_stats *ret_stats)
{
	return api_run_all(AT_FDCWD, &path, 1, opts, SWRMTREE_DRY_RUN, NULL,
			   ret_stats);
}

/* clang-format off */
static const char *const own_errors[] = {
	[SWRMTREE_E_EMPTY_PATH - SWRMTREE_E_BASE] = "empty path",
	[SWRMTREE_E_DOT - SWRMTREE_E_BASE] = "last component is '.' or '..'",
	[SWRMTREE_E_ROOT - SWRMTREE_E_BASE] = "it is the root directory",
	[SWRMTREE_E_PROTECTED - SWRMTREE_E_BASE] = "protected path",
	[SWRMTREE_E_SYMLINK_SLASH - SWRMTREE_E_BASE] =
		"is a symbolic link; not following it",
	[SWRMTREE_E_MOUNT_POINT - SWRMTREE_E_BASE] = "mount point",
	[SWRMTREE_E_CHANGED - SWRMTREE_E_BASE] =
		"directory changed while being removed; left alone",
	[SWRMTREE_E_MOVED - SWRMTREE_E_BASE] =
		"tree was moved while being removed; stopped",
	[SWRMTREE_E_STOPPED - SWRMTREE_E_BASE] = "stopped by a callback",
	[SWRMTREE_E_CONFIG - SWRMTREE_E_BASE] =
		"malformed protected-paths file",
	[SWRMTREE_E_REFUSED - SWRMTREE_E_BASE] =
		"a guard refused a path; nothing was removed",
	[SWRMTREE_E_FAILED - SWRMTREE_E_BASE] = "some entries could not be removed",
	[SWRMTREE_E_CONTAINS_PROTECTED - SWRMTREE_E_BASE] =
		"contains a protected path",
	[SWRMTREE_E_NO_HOME - SWRMTREE_E_BASE] =
		"'~' used but no home directory is known",
	[SWRMTREE_E_SWAPPED - SWRMTREE_E_BASE] =
		"changed after the guards checked it; left alone",
	[SWRMTREE_E_UNKNOWN_MOUNTS - SWRMTREE_E_BASE] =
		"cannot tell whether it contains a protected path through another mount",
	[SWRMTREE_E_ALL_ENTRIES - SWRMTREE_E_BASE] =
		"the PATHs are every entry of a protected directory",
	[SWRMTREE_E_KEPT - SWRMTREE_E_BASE] = "kept by the filter",
	[SWRMTREE_E_HOLDS_KEPT - SWRMTREE_E_BASE] =
		"holds entries kept by the filter",
};
/* clang-format on */

/* Describe CODE.  See swrmtree.h. */
const char *swrmtree_strerror(int code)
{
	/* -INT_MIN does not exist; it is no code of ours, and strerror()
	 * calls it an unknown error. */
	if (code < 0 && code != INT_MIN)
		code = -code;
	if (code >= SWRMTREE_E_BASE && code < SWRMTREE_E_LAST)
		return own_errors[code - SWRMTREE_E_BASE];
	return strerror(code);
}

/* Name an entry type.  See swrmtree.h. */
const char *swrmtree_type_name(unsigned int type)
{
	static const char *const names[] = {
		[SWRMTREE_TYPE_OTHER] = "other",
		[SWRMTREE_TYPE_FILE] = "file",
		[SWRMTREE_TYPE_DIR] = "dir",
		[SWRMTREE_TYPE_SYMLINK] = "symlink",
		[SWRMTREE_TYPE_FIFO] = "fifo",
		[SWRMTREE_TYPE_SOCKET] = "socket",
		[SWRMTREE_TYPE_CHARDEV] = "chardev",
		[SWRMTREE_TYPE_BLOCKDEV] = "blockdev",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "other";
}
