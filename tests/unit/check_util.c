/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_util.c - path-component rules, buffers, type mapping, identity,
 * mount ids and the descriptor budget.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "pool.h"
#include "fixture.h"
#include "util.h"
#include "unit.h"

static size_t strip(const char *s)
{
	return util_strip_slashes(s, strlen(s));
}

START_TEST(strip_slashes)
{
	ck_assert_uint_eq(strip("d"), 1);
	ck_assert_uint_eq(strip("d//"), 1);
	ck_assert_uint_eq(strip("a/b/"), 3);
	ck_assert_uint_eq(strip("/"), 1);
	ck_assert_uint_eq(strip("///"), 1);
	ck_assert_uint_eq(strip("/x/"), 2);
	ck_assert_uint_eq(strip(""), 0);
}
END_TEST

static const char *last(const char *s)
{
	size_t len = strip(s);

	return s + util_last_component(s, len);
}

START_TEST(last_component)
{
	ck_assert_str_eq(last("a/b/c"), "c");
	ck_assert(strncmp(last("a/b/"), "b", 1) == 0);
	ck_assert_str_eq(last("name"), "name");
	ck_assert_str_eq(last("/x"), "x");
	ck_assert_str_eq(last("a//b"), "b");
}
END_TEST

START_TEST(dot_rules)
{
	ck_assert(util_is_dot_or_dotdot(".", 1));
	ck_assert(util_is_dot_or_dotdot("..", 2));
	ck_assert(!util_is_dot_or_dotdot("...", 3));
	ck_assert(!util_is_dot_or_dotdot(".a", 2));
	ck_assert(!util_is_dot_or_dotdot("a.", 2));
	ck_assert(!util_is_dot_or_dotdot("", 0));
}
END_TEST

START_TEST(buffer_grows_and_truncates)
{
	struct util_buf b = { 0 };
	char chunk[1000];
	int i;

	memset(chunk, 'x', sizeof(chunk));
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(util_buf_append(&b, chunk, sizeof(chunk)), 0);
	ck_assert_uint_eq(b.len, 100000);
	ck_assert_int_eq(b.data[b.len], '\0');
	util_buf_truncate(&b, 3);
	ck_assert_str_eq(b.data, "xxx");
	ck_assert_int_eq(util_buf_reserve(&b, SIZE_MAX), -ENOMEM);
	util_buf_free(&b);
	ck_assert_ptr_null(b.data);
	util_buf_free(NULL);
}
END_TEST

START_TEST(type_mapping)
{
	ck_assert_uint_eq(util_type_from_dtype(DT_REG), SWRMTREE_TYPE_FILE);
	ck_assert_uint_eq(util_type_from_dtype(DT_DIR), SWRMTREE_TYPE_DIR);
	ck_assert_uint_eq(util_type_from_dtype(DT_LNK), SWRMTREE_TYPE_SYMLINK);
	ck_assert_uint_eq(util_type_from_dtype(DT_UNKNOWN), SWRMTREE_TYPE_OTHER);
	ck_assert_uint_eq(util_type_from_mode(S_IFIFO | 0600),
			  SWRMTREE_TYPE_FIFO);
	ck_assert_uint_eq(util_type_from_mode(S_IFSOCK), SWRMTREE_TYPE_SOCKET);
	ck_assert_uint_eq(util_type_from_mode(S_IFCHR), SWRMTREE_TYPE_CHARDEV);
	ck_assert_uint_eq(util_type_from_mode(S_IFBLK), SWRMTREE_TYPE_BLOCKDEV);
	ck_assert_str_eq(swrmtree_type_name(SWRMTREE_TYPE_SYMLINK), "symlink");
	ck_assert_str_eq(swrmtree_type_name(999), "other");
}
END_TEST

START_TEST(info_and_mount_point)
{
	char *scratch = fixture_scratch();
	struct util_info a, b;
	int fd, r;

	fixture_build(scratch, "d sub; l link -> sub");
	fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_eq(util_info_at(fd, "sub", AT_SYMLINK_NOFOLLOW, &a), 0);
	ck_assert(S_ISDIR(a.mode));
	ck_assert_int_eq(util_info_at(fd, "link", AT_SYMLINK_NOFOLLOW, &b), 0);
	ck_assert(S_ISLNK(b.mode));
	ck_assert(!util_id_eq(&a.id, &b.id));
	ck_assert_int_eq(util_info_at(fd, "", AT_EMPTY_PATH, &b), 0);
	/* A plain subdirectory is not a mount point... */
	ck_assert(!util_is_mount_point(&b, &a));
	/*
	 * Another device on the same mount, not a mount root, is a btrfs
	 * subvolume: part of the tree where the kernel reports mount ids and
	 * the mount-root attribute...
	 */
	a.id.dev++;
	ck_assert(util_is_mount_point(&b, &a) ==
		  !(a.mnt_id && b.mnt_id && util_mount_root_known(&a)));
	/* ...a mount root is a mount point whatever its device... */
	a.attrs |= a.attrs_mask & STATX_ATTR_MOUNT_ROOT;
	ck_assert(util_is_mount_point(&b, &a) || !util_mount_root_known(&a));
	/* ...and without mount ids, another device is a mount point. */
	a.attrs &= ~(uint64_t)STATX_ATTR_MOUNT_ROOT;
	a.mnt_id = 0;
	ck_assert(util_is_mount_point(&b, &a));
	ck_assert_int_eq(util_info_at(fd, "nope", AT_SYMLINK_NOFOLLOW, &a),
			 -ENOENT);
	/* util_open_dir never follows a symlink (ELOOP, or ENOTDIR when
	 * O_DIRECTORY is checked first). */
	r = util_open_dir(fd, "link");
	ck_assert(r == -ELOOP || r == -ENOTDIR);
	close(fd);
	fixture_cleanup(scratch);
}
END_TEST

/*
 * Before Linux 5.8 the mount id comes from name_to_handle_at() or from
 * /proc/self/fdinfo: both must be the number statx gives where it has one,
 * so that mount ids from any source compare.  A source that cannot answer
 * here (a file system without handles, no /proc) returns 0.
 */
/* One identity check for every descriptor, O_PATH ones too. */
START_TEST(fd_is_checks_identity)
{
	char *scratch = fixture_scratch();
	struct util_info a, b;
	struct stat st;
	int fd, pin;

	fixture_build(scratch, "d sub; f file");
	fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(util_info_at(fd, "sub", AT_SYMLINK_NOFOLLOW, &a), 0);
	ck_assert_int_eq(util_info_at(fd, "file", AT_SYMLINK_NOFOLLOW, &b), 0);
	pin = openat(fd, "sub", O_PATH | O_CLOEXEC);
	ck_assert_int_ge(pin, 0);
	ck_assert_int_eq(util_fd_is(pin, &a.id, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(util_fd_is(pin, &b.id, NULL), -SWRMTREE_E_CHANGED);
	a.id.dev++;
	ck_assert_int_eq(util_fd_is(pin, &a.id, NULL), -SWRMTREE_E_CHANGED);
	close(pin);
	ck_assert_int_eq(util_fd_is(pin, &b.id, NULL), -EBADF);
	close(fd);
	fixture_cleanup(scratch);
}
END_TEST

/* util_unlinkat() answers like unlinkat(), as 0 or -errno. */
START_TEST(unlinkat_answers)
{
	char *scratch = fixture_scratch();
	int fd;

	fixture_build(scratch, "d sub; f sub/x; f file");
	fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(util_unlinkat(fd, "file", 0), 0);
	ck_assert_int_eq(util_unlinkat(fd, "file", 0), -ENOENT);
	ck_assert_int_eq(util_unlinkat(fd, "sub", AT_REMOVEDIR), -ENOTEMPTY);
	ck_assert_int_eq(util_unlinkat(fd, "sub/x", 0), 0);
	ck_assert_int_eq(util_unlinkat(fd, "sub", AT_REMOVEDIR), 0);
	ck_assert_int_eq(fixture_count(scratch), 0);
	close(fd);
	fixture_cleanup(scratch);
}
END_TEST

START_TEST(mount_id_sources_agree)
{
	const int nof = AT_SYMLINK_NOFOLLOW;
	char *scratch = fixture_scratch();
	struct util_info dir, sub;
	uint64_t h, f;
	int fd;

	fixture_build(scratch, "d sub; l link -> sub; f file");
	fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(util_info_at(fd, "", AT_EMPTY_PATH, &dir), 0);
	ck_assert_int_eq(util_info_at(fd, "sub", nof, &sub), 0);
	h = util_mnt_id_at(fd, "sub", nof, &sub.id, UTIL_MNT_HANDLE);
	f = util_mnt_id_at(fd, "sub", nof, &sub.id, UTIL_MNT_FDINFO);
	if (access("/proc/self/fdinfo", F_OK) == 0)
		ck_assert(f != 0);
	if (sub.mnt_id) {
		ck_assert(h == 0 || h == sub.mnt_id);
		ck_assert(f == 0 || f == sub.mnt_id);
		ck_assert(dir.mnt_id == sub.mnt_id);
	}
	ck_assert(h == 0 || f == 0 || h == f);
	/* Same device, another mount id: a bind mount. */
	ck_assert(!util_is_mount_point(&dir, &sub));
	sub.mnt_id = dir.mnt_id + 1;
	ck_assert(util_is_mount_point(&dir, &sub) == (dir.mnt_id != 0));
	sub.mnt_id = dir.mnt_id;
	/* The descriptor itself, for the name "". */
	ck_assert(util_mnt_id_at(fd, "", AT_EMPTY_PATH, &dir.id,
				 UTIL_MNT_FDINFO) == f);
	ck_assert(util_mnt_id_at(fd, "", AT_EMPTY_PATH, &dir.id,
				 UTIL_MNT_HANDLE) == h);
	/* Symbolic links are followed only when the flags say so... */
	ck_assert(util_mnt_id_at(fd, "link", 0, &sub.id, UTIL_MNT_HANDLE) == h);
	ck_assert(util_mnt_id_at(fd, "link", 0, &sub.id, UTIL_MNT_FDINFO) == f);
	/* ...and fdinfo answers only for the identity the caller saw. */
	ck_assert(util_mnt_id_at(fd, "link", nof, &sub.id, UTIL_MNT_FDINFO) == 0);
	ck_assert(util_mnt_id_at(fd, "nope", nof, &sub.id,
				 UTIL_MNT_HANDLE | UTIL_MNT_FDINFO) == 0);
	ck_assert(util_mnt_id_at(fd, "sub", nof, &sub.id, 0) == 0);
	close(fd);
	fixture_cleanup(scratch);
}
END_TEST

START_TEST(chmod_pinned)
{
	char *scratch = fixture_scratch();
	struct stat st;
	int dfd, fd;

	fixture_build(scratch, "d locked; f target; l link -> target; "
			       "m locked 0; m target 600");
	dfd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dfd, 0);
	/* Linux 6.6 has fchmodat2; older kernels here have a procfs. */
	ck_assert_int_eq(util_chmod_pinned_supported(), 0);
	fd = util_openat(dfd, "locked", O_PATH | O_NOFOLLOW | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(util_chmod_pinned(fd, 0700), 0);
	ck_assert_int_eq(fstatat(dfd, "locked", &st, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0700);
	close(fd);
	/* A pinned symbolic link is never followed to its target. */
	fd = util_openat(dfd, "link", O_PATH | O_NOFOLLOW);
	ck_assert_int_ge(fd, 0);
	(void)util_chmod_pinned(fd, 0755);
	ck_assert_int_eq(fstatat(dfd, "target", &st, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	close(fd);
	close(dfd);
	fixture_cleanup(scratch);
}
END_TEST

/* What pool_plan() hands out, added up as the walks may use it. */
static unsigned int planned_peak(unsigned int jobs)
{
	struct pool_fds f;

	pool_plan(jobs, &f);
	/* stdio, the PATH's parent, the held parents, the first walk and
	 * each task, every walk with one more while it re-opens. */
	return 4 + f.held + f.walk + 1 + f.tasks * (f.task + 1);
}

START_TEST(fd_budget_is_half_the_limit)
{
	static const unsigned int limits[] = { 16, 32, 64, 128, 1024, 4096 };
	static const unsigned int jobs[] = { 1, 2, 3, 4, 16, 64, 1024 };
	struct rlimit rl;
	struct pool_fds f;
	size_t i, j;

	/* valgrind keeps descriptors of its own and refuses a new limit. */
	if (getenv("SWRMTREE_UNDER_VALGRIND")) {
		fprintf(stderr,
			"fd_budget_is_half_the_limit: skipped under valgrind\n");
		return;
	}
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		if (rl.rlim_max != RLIM_INFINITY && limits[i] > rl.rlim_max)
			break;
		rl.rlim_cur = limits[i]; /* the soft limit only: it can go up again */
		ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
		for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
			pool_plan(jobs[j], &f);
			ck_assert_uint_ge(f.walk, 3);
			ck_assert_msg(planned_peak(jobs[j]) <= limits[i] / 2,
				      "-j%u, limit %u: %u descriptors planned",
				      jobs[j], limits[i], planned_peak(jobs[j]));
			if (jobs[j] == 1)
				ck_assert_uint_eq(f.tasks, 0);
		}
	}
	/* Room for parallel work where the limit allows it. */
	rl.rlim_cur = 1024 < rl.rlim_max ? 1024 : rl.rlim_max;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	pool_plan(4, &f);
	ck_assert_uint_gt(f.tasks, 0);
	rl.rlim_cur = 10;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	pool_plan(1, &f);
	ck_assert_uint_eq(f.walk, 3);
}
END_TEST

/* A task of pool_queues_ahead: the first one blocks until released. */
struct qtask {
	struct pool_task pt;
	bool blocks;
};

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static bool q_started, q_released;
static unsigned int q_ran;

static void q_run(struct pool_task *t, void *ctx)
{
	struct qtask *q = (struct qtask *)t;

	(void)ctx;
	(void)pthread_mutex_lock(&q_lock);
	if (q->blocks) {
		q_started = true;
		(void)pthread_cond_broadcast(&q_cond);
		while (!q_released)
			(void)pthread_cond_wait(&q_cond, &q_lock);
	}
	q_ran++;
	(void)pthread_mutex_unlock(&q_lock);
}

/*
 * While its one worker is busy, the pool queues two tasks, not one: a
 * worker ending a small task must find another while the offering walk
 * is still in a directory of files.  The third is refused (the offering
 * walk does it itself).
 */
START_TEST(pool_queues_ahead)
{
	struct qtask t[4];
	struct pool_group g = { 0 };
	struct pool *p;

	memset(t, 0, sizeof(t));
	t[0].blocks = true;
	q_started = q_released = false;
	q_ran = 0;
	ck_assert_int_eq(pool_new(2, q_run, NULL, &p), 0);
	ck_assert(pool_offer(p, &g, &t[0].pt, 0));
	(void)pthread_mutex_lock(&q_lock);
	while (!q_started)
		(void)pthread_cond_wait(&q_cond, &q_lock);
	(void)pthread_mutex_unlock(&q_lock);
	ck_assert_uint_eq(pool_threads(p), 1);
	ck_assert(pool_offer(p, &g, &t[1].pt, 0));
	ck_assert(pool_offer(p, &g, &t[2].pt, 0));
	ck_assert(!pool_offer(p, &g, &t[3].pt, 0));
	(void)pthread_mutex_lock(&q_lock);
	q_released = true;
	(void)pthread_cond_broadcast(&q_cond);
	(void)pthread_mutex_unlock(&q_lock);
	pool_wait(p, &g, 0);
	ck_assert_uint_eq(q_ran, 3);
	ck_assert_uint_eq(g.pending, 0);
	pool_free(p);
}
END_TEST

START_TEST(strerror_names_own_codes)
{
	ck_assert_str_eq(swrmtree_strerror(-ENOENT), strerror(ENOENT));
	ck_assert_str_eq(swrmtree_strerror(SWRMTREE_E_EMPTY_PATH), "empty path");
	ck_assert_ptr_nonnull(
		strstr(swrmtree_strerror(-SWRMTREE_E_MOVED), "moved"));
	ck_assert_ptr_nonnull(swrmtree_strerror(SWRMTREE_E_LAST - 1));
}
END_TEST

/* Two layouts of one versioned struct: v2 appended a field to v1. */
struct sized_v1 {
	size_t size;
	unsigned int a, b;
};

struct sized_v2 {
	size_t size;
	unsigned int a, b;
	uint64_t c;
};

START_TEST(copy_sized_older_caller)
{
	struct sized_v1 old = { sizeof(old), 1, 2 };
	struct sized_v2 lib = { 0, 0, 0, 42 }; /* 42: the default of c */

	/* The caller's struct is shorter: what it has is taken, C keeps its
	 * default, and nothing past the caller's struct is read (ASan). */
	ck_assert_int_eq(util_copy_sized(&lib, sizeof(lib), &old, old.size), 0);
	ck_assert_uint_eq(lib.a, 1);
	ck_assert_uint_eq(lib.b, 2);
	ck_assert_uint_eq(lib.c, 42);
}
END_TEST

START_TEST(copy_sized_newer_caller)
{
	struct sized_v2 caller = { sizeof(caller), 3, 4, 0 };
	struct sized_v1 lib = { 0, 9, 9 };

	/* A longer struct whose unknown part is zero is taken... */
	ck_assert_int_eq(util_copy_sized(&lib, sizeof(lib), &caller, caller.size),
			 0);
	ck_assert_uint_eq(lib.a, 3);
	ck_assert_uint_eq(lib.b, 4);
	/* ...and one that sets what the library cannot honour is refused,
	 * whichever byte of it is set, and changes nothing. */
	lib.a = lib.b = 9;
	caller.c = 1;
	ck_assert_int_eq(util_copy_sized(&lib, sizeof(lib), &caller, caller.size),
			 -E2BIG);
	caller.c = (uint64_t)1 << 63;
	ck_assert_int_eq(util_copy_sized(&lib, sizeof(lib), &caller, caller.size),
			 -E2BIG);
	ck_assert_uint_eq(lib.a, 9);
	ck_assert_uint_eq(lib.b, 9);
	/* Same sizes: a plain copy. */
	caller.c = 7;
	ck_assert_int_eq(util_copy_sized(&caller, sizeof(caller), &caller,
					 sizeof(caller)),
			 0);
}
END_TEST

/* swrmtree_strerror(CODE) reads as strerror(ERR).  glibc's text for an
 * unknown code lasts until the thread's next strerror(): copy it first. */
static void strerror_is(int code, int err)
{
	char *got = strdup(swrmtree_strerror(code));

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, strerror(err));
	free(got);
}

START_TEST(strerror_any_int)
{
	/* -INT_MIN overflows: the sanitizer build aborts if it is computed. */
	strerror_is(INT_MIN, INT_MIN);
	strerror_is(INT_MAX, INT_MAX);
	strerror_is(-INT_MAX, INT_MAX);
	strerror_is(SWRMTREE_E_BASE - 1, SWRMTREE_E_BASE - 1);
	strerror_is(-SWRMTREE_E_LAST, SWRMTREE_E_LAST);
	strerror_is(0, 0);
}
END_TEST

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, strip_slashes);
	tcase_add_test(tc, last_component);
	tcase_add_test(tc, dot_rules);
	tcase_add_test(tc, buffer_grows_and_truncates);
	tcase_add_test(tc, type_mapping);
	tcase_add_test(tc, info_and_mount_point);
	tcase_add_test(tc, fd_is_checks_identity);
	tcase_add_test(tc, unlinkat_answers);
	tcase_add_test(tc, mount_id_sources_agree);
	tcase_add_test(tc, chmod_pinned);
	tcase_add_test(tc, fd_budget_is_half_the_limit);
	tcase_add_test(tc, pool_queues_ahead);
	tcase_add_test(tc, strerror_names_own_codes);
	tcase_add_test(tc, strerror_any_int);
	tcase_add_test(tc, copy_sized_older_caller);
	tcase_add_test(tc, copy_sized_newer_caller);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return util_suite();
}
