/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_plan.c - the planner's predictions, as an unprivileged user (root
 * bypasses permission checks), each compared with what a real run then
 * does on the same tree: the plan is the truth.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <swrmtree.h>

#include "fixture.h"
#include "unit.h"

#define NOBODY 65534

static char *scratch;

struct seen {
	char gone[4096]; /* entries that go, one per line */
	size_t len;
	char errors[4096]; /* "path: errno" per reported failure */
	size_t elen;
	unsigned int nerrors;
};

static void add(char *buf, size_t *len, size_t cap, const char *s)
{
	size_t n = strlen(s);

	ck_assert_uint_lt(*len + n, cap);
	memcpy(buf + *len, s, n + 1);
	*len += n;
}

static int on_entry(const struct swrmtree_entry *e, void *userdata)
{
	struct seen *s = userdata;

	if (!e->error) {
		add(s->gone, &s->len, sizeof(s->gone), e->path);
		add(s->gone, &s->len, sizeof(s->gone), "\n");
	}
	return 0;
}

static int on_error(const struct swrmtree_error *e, void *userdata)
{
	struct seen *s = userdata;
	char line[512];

	(void)snprintf(line, sizeof(line), "%s: %d\n", e->path, e->error);
	add(s->errors, &s->elen, sizeof(s->errors), line);
	s->nerrors++;
	return 0;
}

/* Plan, then remove for real, both with FLAGS, in the forked test process. */
static void plan_then_remove(const char *path, unsigned int flags,
			     struct seen *plan, struct seen *real,
			     int *ret_plan, int *ret_real)
{
	struct swrmtree_options o;

	(void)swrmtree_options_init(&o);
	o.flags = flags;
	o.jobs = 1;
	o.on_entry = on_entry;
	o.on_error = on_error;
	memset(plan, 0, sizeof(*plan));
	memset(real, 0, sizeof(*real));
	o.userdata = plan;
	*ret_plan = swrmtree_plan(path, &o, NULL);
	o.userdata = real;
	*ret_real = swrmtree_remove(path, &o, NULL);
	/* SPEC: Planner.  The list equals what a real run removes. */
	ck_assert_str_eq(plan->gone, real->gone);
	ck_assert_str_eq(plan->errors, real->errors);
	ck_assert_int_eq(*ret_plan, *ret_real);
}

/*
 * Act as nobody, keeping root as the saved id so teardown can clean up:
 * the effective capabilities are cleared with the effective uid, so the
 * kernel checks permissions exactly as for nobody.
 */
static void become_nobody(void)
{
	ck_assert_int_eq(setgroups(0, NULL), 0);
	ck_assert_int_eq(setresgid(NOBODY, NOBODY, 0), 0);
	ck_assert_int_eq(setresuid(NOBODY, NOBODY, 0), 0);
	/* Root's HOME is not ours to read: look for config in scratch. */
	ck_assert_int_eq(setenv("HOME", scratch, 1), 0);
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", scratch, 1), 0);
}

static void setup(void)
{
	scratch = fixture_scratch();
	ck_assert_int_eq(chmod(scratch, 0755), 0);
	/* nobody may remove what it makes here, as in its own home. */
	ck_assert_int_eq(chown(scratch, NOBODY, NOBODY), 0);
	ck_assert_int_eq(chdir(scratch), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(setresuid(0, 0, 0), 0);
	ck_assert_int_eq(setresgid(0, 0, 0), 0);
	ck_assert_int_eq(chdir("/"), 0);
	fixture_cleanup(scratch);
}

static void chown_tree(const char *dir)
{
	char cmd[4096];

	(void)snprintf(cmd, sizeof(cmd), "chown -R -h %d:%d '%s/%s'", NOBODY,
		       NOBODY, scratch, dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(read_only_directory)
{
	struct seen p, r;
	int rp, rr;

	fixture_build(scratch, "f t/ok; f t/ro/a; f t/ro/b; d t/ro/sub");
	chown_tree("t");
	ck_assert_int_eq(chmod("t/ro", 0555), 0);
	become_nobody();
	plan_then_remove("t", 0, &p, &r, &rp, &rr);
	ck_assert_int_eq(rp, -SWRMTREE_E_FAILED);
	/* One root cause, one message: the directory, not each entry. */
	ck_assert_uint_eq(p.nerrors, 1);
	ck_assert_str_eq(p.errors, "t/ro: 13\n");
	ck_assert_str_eq(r.gone, "t/ok\n");
	ck_assert(fixture_exists("t/ro/a"));
}
END_TEST

START_TEST(read_only_directory_chmod)
{
	struct seen p, r;
	int rp, rr;

	fixture_build(scratch, "f t/ro/a; f t/ro/b; f t/ro/sub/c; f t/x/y");
	chown_tree("t");
	ck_assert_int_eq(chmod("t/ro/sub", 0555), 0);
	ck_assert_int_eq(chmod("t/ro", 0555), 0);
	ck_assert_int_eq(chmod("t/x", 0500), 0);
	become_nobody();
	plan_then_remove("t", SWRMTREE_CHMOD, &p, &r, &rp, &rr);
	ck_assert_int_eq(rr, 0);
	ck_assert_uint_eq(p.nerrors, 0);
	ck_assert(!fixture_exists("t"));
}
END_TEST

START_TEST(foreign_unreadable_directory)
{
	struct seen p, r;
	int rp, rr;

	/* t/locked belongs to root: --chmod never touches it. */
	fixture_build(scratch, "f t/a; f t/locked/secret; f t/z");
	chown_tree("t");
	ck_assert_int_eq(chown("t/locked", 0, 0), 0);
	ck_assert_int_eq(chmod("t/locked", 0000), 0);
	become_nobody();
	plan_then_remove("t", SWRMTREE_CHMOD, &p, &r, &rp, &rr);
	ck_assert_int_eq(rr, -SWRMTREE_E_FAILED);
	ck_assert_str_eq(p.errors, "t/locked: 13\n");
	ck_assert(strcmp(r.gone, "t/a\nt/z\n") == 0 ||
		  strcmp(r.gone, "t/z\nt/a\n") == 0);
	ck_assert(fixture_exists("t/locked"));
}
END_TEST

START_TEST(own_unreadable_directory_chmod)
{
	struct seen p, r;
	int rp, rr;

	/* Only --chmod makes it readable: planned as going, contents unknown. */
	fixture_build(scratch, "f t/closed/inside; f t/b");
	chown_tree("t");
	ck_assert_int_eq(chmod("t/closed", 0000), 0);
	become_nobody();
	memset(&p, 0, sizeof(p));
	{
		struct swrmtree_options o;

		(void)swrmtree_options_init(&o);
		o.flags = SWRMTREE_CHMOD;
		o.on_entry = on_entry;
		o.on_error = on_error;
		o.userdata = &p;
		rp = swrmtree_plan("t", &o, NULL);
		memset(&r, 0, sizeof(r));
		o.userdata = &r;
		rr = swrmtree_remove("t", &o, NULL);
	}
	ck_assert_msg(rp == 0, "plan: %d %s", rp, p.errors);
	ck_assert_msg(rr == 0, "real: %d %s", rr, r.errors);
	ck_assert_str_eq(p.gone, "t/b\nt/closed\nt\n");
	ck_assert_str_eq(r.gone, "t/b\nt/closed/inside\nt/closed\nt\n");
	ck_assert(!fixture_exists("t"));
}
END_TEST

START_TEST(sticky_directory)
{
	struct seen p, r;
	int rp, rr;

	fixture_build(scratch, "f t/tmp/mine; f t/tmp/theirs; f t/tmp/dir/x");
	chown_tree("t");
	ck_assert_int_eq(chown("t/tmp", 0, 0), 0);
	ck_assert_int_eq(chown("t/tmp/theirs", 0, 0), 0);
	ck_assert_int_eq(chmod("t/tmp", 01777), 0);
	become_nobody();
	plan_then_remove("t", 0, &p, &r, &rp, &rr);
	ck_assert_int_eq(rr, -SWRMTREE_E_FAILED);
	ck_assert_str_eq(p.errors, "t/tmp/theirs: 1\n");
	ck_assert(fixture_exists("t/tmp/theirs"));
	ck_assert(!fixture_exists("t/tmp/mine"));
	ck_assert(!fixture_exists("t/tmp/dir"));
}
END_TEST

START_TEST(immutable_file)
{
	struct seen p, r;
	/* The request number says long, the kernel reads an int: zero it all. */
	union {
		int flags;
		long whole;
	} attr = { .whole = 0 };
	int rp, rr, fd;

	fixture_build(scratch, "f t/a; f t/frozen 3; f t/z");
	fd = open("t/frozen", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	attr.flags = FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &attr) < 0) {
		close(fd);
		fprintf(stderr,
			"SKIP immutable_file: chattr +i unsupported here\n");
		return;
	}
	close(fd);
	/* As root: the attribute stops even root. */
	plan_then_remove("t", 0, &p, &r, &rp, &rr);
	ck_assert_int_eq(rr, -SWRMTREE_E_FAILED);
	ck_assert_str_eq(p.errors, "t/frozen: 1\n");
	ck_assert(strcmp(r.gone, "t/a\nt/z\n") == 0 ||
		  strcmp(r.gone, "t/z\nt/a\n") == 0);
	ck_assert(fixture_exists("t/frozen"));
}
END_TEST

START_TEST(mixed_obstacles_plan_equals_removal)
{
	struct seen p, r;
	int rp, rr;

	fixture_build(scratch, "f t/a/1; f t/a/2; f t/b/ro/x; f t/b/ok; "
			       "f t/c/d/e/f; l t/c/link -> /etc; f t/own0/q; "
			       "f t/sticky/foreign; f t/sticky/mine; d t/e");
	chown_tree("t");
	ck_assert_int_eq(chmod("t/b/ro", 0555), 0);
	ck_assert_int_eq(chmod("t/own0", 0000), 0);
	ck_assert_int_eq(chown("t/sticky", 0, 0), 0);
	ck_assert_int_eq(chown("t/sticky/foreign", 0, 0), 0);
	ck_assert_int_eq(chmod("t/sticky", 01777), 0);
	become_nobody();
	plan_then_remove("t", 0, &p, &r, &rp, &rr);
	ck_assert_int_eq(rr, -SWRMTREE_E_FAILED);
	ck_assert_uint_eq(p.nerrors, 3);
	ck_assert_str_eq(p.errors,
			 "t/b/ro: 13\nt/own0: 13\nt/sticky/foreign: 1\n");
}
END_TEST

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("predictions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_only_directory);
	tcase_add_test(tc, read_only_directory_chmod);
	tcase_add_test(tc, foreign_unreadable_directory);
	tcase_add_test(tc, own_unreadable_directory_chmod);
	tcase_add_test(tc, sticky_directory);
	tcase_add_test(tc, immutable_file);
	tcase_add_test(tc, mixed_obstacles_plan_equals_removal);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "SKIP: the planner tests need root to set up "
				"trees for another user\n");
		return NULL;
	}
	return plan_suite();
}
