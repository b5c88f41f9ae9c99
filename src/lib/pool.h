/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * pool.h - parallel work for the walk clients: workers, the queue of
 * handed-over work, waiting for it, how many workers, and the descriptor
 * budget they share.  It knows nothing of removing: a task is an opaque
 * piece of work that the client runs through one callback, the way a
 * thread pool knows nothing of its jobs.
 *
 * Workers start lazily: none exists until a task is offered and no worker
 * is idle, and a worker that cannot be created (no memory, a thread limit)
 * just means fewer workers: every queued task is run by the thread that
 * waits for it, if by nobody else.  A task is accepted only when its
 * descriptors fit in what is left of the budget, so the process stays
 * within half of RLIMIT_NOFILE by construction (SPEC: Details), whatever
 * the number of workers, the shape of the tree or the nesting of waits.
 */
#ifndef SWRMTREE_POOL_H
#define SWRMTREE_POOL_H

#include <stdbool.h>
#include <stddef.h>

/* How many waits (each running queued work) may nest on one thread. */
#define POOL_MAX_NEST 4

/* A set of tasks to wait for together.  Zero it before the first offer. */
struct pool_group {
	unsigned int pending; /* offered and not yet finished (the pool's lock) */
};

/* One piece of work; embed it in the client's own task structure. */
struct pool_task {
	struct pool_task *next;
	struct pool_group *group;
	unsigned int nest; /* set by the pool: waits below the run on its thread */
};

/* How the descriptors of a run are shared (pool_plan()). */
struct pool_fds {
	unsigned int held; /* PATH parents the guards may hold besides the current one */
	unsigned int walk; /* descriptors the first walk may hold (walk_opts.fd_budget) */
	unsigned int task; /* descriptors a task's walk may hold */
	unsigned int tasks; /* tasks that may exist at once (queued or running) */
};

/*
 * Share half of the soft RLIMIT_NOFILE among JOBS workers (1 to 1024):
 * stdio and the PATH's parent, the parents the guards hold, the first
 * walk, and the tasks (each its walk's budget plus one for the moment a
 * walk re-opens a directory).  With JOBS 1, TASKS is 0.  Limits below 16
 * leave too little to stay within half; the minimum walk is used then.
 */
void pool_plan(unsigned int jobs, struct pool_fds *ret);

/*
 * The default number of workers for the file system holding DIRFD: on
 * memory file systems removal is CPU-bound (one per CPU); elsewhere it
 * waits on I/O, and more workers overlap the waits.
 */
unsigned int pool_auto_jobs(int dirfd);

struct pool;

/*
 * A pool of up to JOBS threads in all (the caller's included), whose
 * tasks are run by RUN(task, CTX).  No thread is created yet.  Returns 0,
 * or -ENOMEM.  RUN owns the task it is given (it frees it, or not).
 */
int pool_new(unsigned int jobs, void (*run)(struct pool_task *t, void *ctx),
	     void *ctx, struct pool **ret);

/*
 * Offer T as a member of group G, from a walk running NEST waits deep
 * (below POOL_MAX_NEST - 1).  Accepted (true) when the run's descriptors
 * leave room for one more task and some thread will run it: an idle
 * worker, a new one, or at the latest the one that waits for G.  When
 * refused, the caller does the work itself.
 */
bool pool_offer(struct pool *s, struct pool_group *g, struct pool_task *t,
		unsigned int nest);

/*
 * Wait until every task of G has finished, running queued tasks on this
 * thread meanwhile (NEST waits deep already, as offered).
 */
void pool_wait(struct pool *s, struct pool_group *g, unsigned int nest);

/* Threads created so far (for tests and statistics). */
unsigned int pool_threads(const struct pool *s);

/* End the workers and free S.  No task may be pending.  Accepts NULL. */
void pool_free(struct pool *s);

#endif /* SWRMTREE_POOL_H */
