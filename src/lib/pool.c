/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * pool.c - workers, the queue of handed-over work, waiting, the number of
 * workers and the descriptor budget (see pool.h).
 *
 * One mutex guards everything; tasks are coarse (a directory and all that
 * lies below it), so it is taken a few times per task, not per entry.
 * Threads get small stacks: the walk keeps its state on the heap, and a
 * run with many workers must not need gigabytes of address space (a run
 * under `ulimit -v` gets fewer workers, never an error).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "pool.h"

#define FD_FIXED         4u /* stdio, and the PATH's parent in use */
#define FD_HELD          3u /* more PATH parents the guards may hold */
#define FD_WALK_MIN      3u /* smallest walk: a directory, its parent, one more */
#define FD_WALK_MAX      256u /* more buys nothing but memory */
#define FD_TASK_MAX      16u  /* a task's walk: deep enough for most trees */
#define AUTO_IO_FACTOR   16u  /* workers per CPU where removal waits on I/O */
#define QUEUE_PER_WORKER 2u   /* queued tasks per busy worker, at most */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define STACK_SIZE (4u << 20) /* the sanitizers' bookkeeping lives there too */
#else
#define STACK_SIZE (256u << 10)
#endif

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* a task was queued or finished, or done */
	void (*run)(struct pool_task *t, void *ctx);
	void *ctx;
	struct pool_task *head, *tail;
	unsigned int queued;
	unsigned int idle;  /* workers waiting for a task */
	unsigned int slots; /* tasks that may still be accepted */
	unsigned int max_threads;
	unsigned int nthreads;
	pthread_t *threads;
	bool done;
};

/* Half of the soft descriptor limit (SPEC: Details). */
static unsigned int fd_half(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		rl.rlim_cur = 1024;
	if (rl.rlim_cur / 2 > UINT_MAX)
		return UINT_MAX;
	return (unsigned int)(rl.rlim_cur / 2);
}

static unsigned int clamp(unsigned int v, unsigned int lo, unsigned int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Each walk holds at most its budget, plus one while it re-opens a
 * directory through "..", plus none else at the same time (a --chmod pin
 * or an fdinfo lookup happen outside re-opening).
 */
void pool_plan(unsigned int jobs, struct pool_fds *ret)
{
	unsigned int half = fd_half(), room, pool;

	ret->held = half >= FD_FIXED + FD_HELD + 4 * (FD_WALK_MIN + 1) ? FD_HELD :
									 0;
	room = half > FD_FIXED + ret->held ? half - FD_FIXED - ret->held : 0;
	if (jobs <= 1) {
		ret->walk = clamp(room > 0 ? room - 1 : 0, FD_WALK_MIN,
				  FD_WALK_MAX);
		ret->task = ret->tasks = 0;
		return;
	}
	ret->walk = clamp(room / 2 > 0 ? room / 2 - 1 : 0, FD_WALK_MIN,
			  FD_WALK_MAX);
	pool = room > ret->walk + 1 ? room - ret->walk - 1 : 0;
	ret->task = clamp(pool / (jobs - 1) > 0 ? pool / (jobs - 1) - 1 : 0,
			  FD_WALK_MIN, FD_TASK_MAX);
	ret->tasks = pool / (ret->task + 1);
}

/*
 * The CPUs to count on: at least the online CPUs (SPEC: -j), or those of
 * the affinity mask where it holds more (CPUs taken offline since).
 */
static unsigned int cpus(void)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int online = n > 0 ? (unsigned int)n : 1;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    (unsigned int)CPU_COUNT(&set) > online)
		return (unsigned int)CPU_COUNT(&set);
	return online;
}

unsigned int pool_auto_jobs(int dirfd)
{
	struct statfs sf;
	unsigned int n = cpus();

	if (fstatfs(dirfd == AT_FDCWD ? -1 : dirfd, &sf) < 0 &&
	    statfs(".", &sf) < 0)
		return n;
	if (sf.f_type == TMPFS_MAGIC || sf.f_type == RAMFS_MAGIC)
		return n;
	return n > 1024 / AUTO_IO_FACTOR ? 1024 : n * AUTO_IO_FACTOR;
}

/*
 * Under an address-space limit (ulimit -v), thread stacks may take a
 * quarter of it at most: the walks need the rest for their buffers, and a
 * run with fewer threads beats one that runs out of memory.
 */
static unsigned int stack_room(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_AS, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return UINT_MAX;
	n = rl.rlim_cur / 4 / STACK_SIZE;
	return n > UINT_MAX ? UINT_MAX : (unsigned int)n;
}

int pool_new(unsigned int jobs, void (*run)(struct pool_task *t, void *ctx),
	     void *ctx, struct pool **ret)
{
	struct pool_fds fds;
	struct pool *s;

	*ret = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	pool_plan(jobs, &fds);
	s->run = run;
	s->ctx = ctx;
	s->slots = fds.tasks;
	/* More threads than tasks that fit in the descriptors would idle. */
	s->max_threads = jobs > 1 ? jobs - 1 : 0;
	if (s->max_threads > fds.tasks)
		s->max_threads = fds.tasks;
	if (s->max_threads > stack_room())
		s->max_threads = stack_room();
	s->threads = s->max_threads ?
			     calloc(s->max_threads, sizeof(*s->threads)) :
			     NULL;
	if ((s->max_threads && !s->threads) ||
	    pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s->threads);
		free(s);
		return -ENOMEM;
	}
	if (pthread_cond_init(&s->cond, NULL) != 0) {
		(void)pthread_mutex_destroy(&s->lock);
		free(s->threads);
		free(s);
		return -ENOMEM;
	}
	*ret = s;
	return 0;
}

/* Take the next task, or NULL when none is queued.  Lock held. */
static struct pool_task *dequeue(struct pool *s)
{
	struct pool_task *t = s->head;

	if (t) {
		s->head = t->next;
		if (!s->head)
			s->tail = NULL;
		s->queued--;
	}
	return t;
}

/* Run T, NEST waits deep, and account for it.  Called without the lock. */
static void run_task(struct pool *s, struct pool_task *t, unsigned int nest)
{
	struct pool_group *g = t->group;

	t->nest = nest;
	s->run(t, s->ctx); /* T may be gone now */
	(void)pthread_mutex_lock(&s->lock);
	g->pending--;
	s->slots++;
	(void)pthread_cond_broadcast(&s->cond);
	(void)pthread_mutex_unlock(&s->lock);
}

static void *worker(void *arg)
{
	struct pool *s = arg;
	struct pool_task *t;

	for (;;) {
		(void)pthread_mutex_lock(&s->lock);
		while (!s->head && !s->done) {
			s->idle++;
			(void)pthread_cond_wait(&s->cond, &s->lock);
			s->idle--;
		}
		t = dequeue(s);
		(void)pthread_mutex_unlock(&s->lock);
		if (!t)
			return NULL;
		run_task(s, t, 0);
	}
}

/*
 * One more worker, if allowed and possible.  Lock held.  A thread that
 * cannot be created lowers the maximum for good: fewer workers, down to
 * the calling thread alone, rather than a failed run.
 */
static bool add_worker(struct pool *s)
{
	pthread_attr_t attr;
	bool ok;

	if (s->nthreads >= s->max_threads || pthread_attr_init(&attr) != 0)
		return false;
	(void)pthread_attr_setstacksize(&attr, STACK_SIZE);
	ok = pthread_create(&s->threads[s->nthreads], &attr, worker, s) == 0;
	(void)pthread_attr_destroy(&attr);
	if (ok)
		s->nthreads++;
	else
		s->max_threads = s->nthreads;
	return ok;
}

bool pool_offer(struct pool *s, struct pool_group *g, struct pool_task *t,
		unsigned int nest)
{
	bool take;

	if (nest + 1 >= POOL_MAX_NEST)
		return false; /* its waiter could not run queued tasks */
	(void)pthread_mutex_lock(&s->lock);
	/*
	 * An idle worker takes it, or a new one, or one that is about to
	 * come back, while fewer than QUEUE_PER_WORKER tasks per worker wait:
	 * with one, a worker that ends a small task takes the last queued one
	 * and then idles until the walk that offers enters another directory,
	 * which takes long in a directory of many files (with two threads on
	 * the Linux tree on tmpfs, the worker waited for a quarter of the run).
	 */
	take = s->slots > 0 && !s->done &&
	       (s->idle > s->queued || add_worker(s) ||
		s->queued < QUEUE_PER_WORKER * s->nthreads);
	if (take) {
		t->next = NULL;
		t->group = g;
		if (s->tail)
			s->tail->next = t;
		else
			s->head = t;
		s->tail = t;
		s->queued++;
		s->slots--;
		g->pending++;
		(void)pthread_cond_signal(&s->cond);
	}
	(void)pthread_mutex_unlock(&s->lock);
	return take;
}

/*
 * Waiting, this thread runs queued tasks itself (any group's: they all
 * have to be done), and counts as idle meanwhile, so that walks still
 * running keep handing work over.  Only a walk below POOL_MAX_NEST - 1
 * may offer work, so every waiter can run whatever is queued: the queue
 * drains as long as anybody waits, and the deepest tasks never wait.
 */
void pool_wait(struct pool *s, struct pool_group *g, unsigned int nest)
{
	struct pool_task *t;

	(void)pthread_mutex_lock(&s->lock);
	while (g->pending > 0) {
		t = dequeue(s);
		if (t) {
			(void)pthread_mutex_unlock(&s->lock);
			run_task(s, t, nest + 1);
			(void)pthread_mutex_lock(&s->lock);
			continue;
		}
		s->idle++;
		(void)pthread_cond_wait(&s->cond, &s->lock);
		s->idle--;
	}
	(void)pthread_mutex_unlock(&s->lock);
}

unsigned int pool_threads(const struct pool *s)
{
	return s->nthreads;
}

void pool_free(struct pool *s)
{
	unsigned int i;

	if (!s)
		return;
	(void)pthread_mutex_lock(&s->lock);
	s->done = true;
	(void)pthread_cond_broadcast(&s->cond);
	(void)pthread_mutex_unlock(&s->lock);
	for (i = 0; i < s->nthreads; i++)
		(void)pthread_join(s->threads[i], NULL);
	(void)pthread_cond_destroy(&s->cond);
	(void)pthread_mutex_destroy(&s->lock);
	free(s->threads);
	free(s);
}
