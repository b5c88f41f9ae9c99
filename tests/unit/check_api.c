/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_api.c - libswrmtree through its public header alone: callbacks,
 * stopping, the fd-relative entry point, statistics, guards before removal.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <swrmtree.h>

#include "fixture.h"
#include "unit.h"

#ifndef ck_assert_ptr_lt
#define ck_assert_ptr_lt(a, b) \
	ck_assert_msg((const void *)(a) < (const void *)(b), "%s before %s", \
		      #a, #b)
#endif

static char *scratch;
static int oldcwd;

static void setup(void)
{
	scratch = fixture_enter(&oldcwd);
}

static void teardown(void)
{
	fixture_leave(scratch, oldcwd);
}

struct seen {
	char list[8192];
	size_t len;
	unsigned int entries, errors, stop_after;
	int last_error;
	unsigned int last_op;
	char last_path[4096];
	char last_file[4096];
	size_t last_line;
};

static int on_entry(const struct swrmtree_entry *e, void *userdata)
{
	struct seen *s = userdata;
	int n = snprintf(s->list + s->len, sizeof(s->list) - s->len, "%s%s%s\n",
			 e->path, e->error ? " !" : "",
			 e->type == SWRMTREE_TYPE_DIR ? "/" : "");

	ck_assert_uint_eq(e->path_len, strlen(e->path));
	if (n > 0 && (size_t)n < sizeof(s->list) - s->len)
		s->len += (size_t)n;
	s->entries++;
	return s->stop_after && s->entries >= s->stop_after ? SWRMTREE_STOP : 0;
}

static int on_error(const struct swrmtree_error *e, void *userdata)
{
	struct seen *s = userdata;

	s->errors++;
	s->last_error = e->error;
	s->last_op = e->op;
	(void)snprintf(s->last_path, sizeof(s->last_path), "%s", e->path);
	(void)snprintf(s->last_file, sizeof(s->last_file), "%s",
		       e->file ? e->file : "(null)");
	s->last_line = e->line;
	return 0;
}

static void opts_for(struct swrmtree_options *o, struct seen *s)
{
	ck_assert_int_eq(swrmtree_options_init(o), 0);
	memset(s, 0, sizeof(*s));
	o->on_entry = on_entry;
	o->on_error = on_error;
	o->userdata = s;
	o->jobs = 1;
}

START_TEST(callbacks_once_per_entry_in_removal_order)
{
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct seen s;

	opts_for(&o, &s);
	o.flags = SWRMTREE_SIZES;
	fixture_build(scratch, "f t/a/x 10; f t/a/y 5; d t/e; l t/l -> a");
	ck_assert_int_eq(swrmtree_remove("t/", &o, &st), 0);
	ck_assert_uint_eq(s.entries, 6);
	ck_assert_uint_eq(s.errors, 0);
	/* Display paths drop the trailing slash; t comes last, a after x, y. */
	ck_assert_ptr_nonnull(strstr(s.list, "t/a/x\n"));
	ck_assert_ptr_lt(strstr(s.list, "t/a/x\n"), strstr(s.list, "t/a/\n"));
	ck_assert_ptr_lt(strstr(s.list, "t/a/y\n"), strstr(s.list, "t/a/\n"));
	ck_assert_str_eq(s.list + s.len - 3, "t/\n");
	/* Statistics are exact: symlinks count as files, PATH as a dir. */
	ck_assert_uint_eq(st.files, 3);
	ck_assert_uint_eq(st.dirs, 3);
	ck_assert_uint_eq(st.bytes, 15);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_uint_eq(st.kept, 0);
	ck_assert(!fixture_exists("t"));
}
END_TEST

START_TEST(stop_from_callback)
{
	struct swrmtree_options o;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f t/a; f t/b; f t/c; f t/d");
	s.stop_after = 2;
	ck_assert_int_eq(swrmtree_remove("t", &o, NULL), -SWRMTREE_E_STOPPED);
	ck_assert_uint_eq(s.entries, 2);
	ck_assert_int_eq(fixture_count("t"), 2);
}
END_TEST

/* A filter's log: what it was asked, and what it answers. */
struct filtered {
	struct seen s; /* first: on_entry and on_error take it too */
	char asked[4096];
	size_t len;
	int answer_all; /* when not 0: the answer to everything */
	unsigned int kept_seen, holds_seen;
};

static int count_kept(const struct swrmtree_entry *e, void *userdata)
{
	struct filtered *f = userdata;

	f->kept_seen += e->error == SWRMTREE_E_KEPT;
	f->holds_seen += e->error == SWRMTREE_E_HOLDS_KEPT;
	return on_entry(e, userdata);
}

/* keep.me and k stay with their subtrees; s stays, its entries go. */
static int filter(const struct swrmtree_entry *e, void *userdata)
{
	struct filtered *f = userdata;
	int n = snprintf(f->asked + f->len, sizeof(f->asked) - f->len,
			 "%s:%s:%u\n", e->rel_path, e->name, e->depth);

	if (n > 0 && (size_t)n < sizeof(f->asked) - f->len)
		f->len += (size_t)n;
	ck_assert_uint_eq(e->error, 0);
	ck_assert_uint_ge(e->depth, 1);
	ck_assert_ptr_eq(e->rel_path + strlen(e->rel_path),
			 e->path + e->path_len);
	if (f->answer_all)
		return f->answer_all;
	if (strcmp(e->name, "keep.me") == 0 || strcmp(e->rel_path, "k") == 0)
		return SWRMTREE_FILTER_KEEP;
	if (strcmp(e->rel_path, "s") == 0) {
		ck_assert_uint_eq(e->type, SWRMTREE_TYPE_DIR);
		return SWRMTREE_FILTER_SKIP;
	}
	return SWRMTREE_FILTER_REMOVE;
}

static void filter_opts(struct swrmtree_options *o, struct filtered *f,
			unsigned int jobs, unsigned int flags)
{
	opts_for(o, &f->s);
	memset(f, 0, sizeof(*f));
	o->on_entry = count_kept;
	o->userdata = f;
	o->filter = filter;
	o->jobs = jobs;
	o->flags = flags;
}

#define FILTER_TREE \
	"f t/keep.me; f t/a/x; f t/a/keep.me; f t/s/y; f t/s/z/w; " \
	"f t/k/deep/q"

START_TEST(filter_keeps_skips_and_is_asked_first)
{
	unsigned int jobs = _i ? 4 : 1;
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct filtered f;
	char plan_asked[4096];

	/* The plan asks the same questions and counts the same. */
	fixture_build(scratch, FILTER_TREE);
	filter_opts(&o, &f, jobs, SWRMTREE_DRY_RUN);
	ck_assert_int_eq(swrmtree_remove("t", &o, &st), 0);
	ck_assert_uint_eq(st.files, 3); /* a/x, s/y, s/z/w */
	ck_assert_uint_eq(st.dirs, 1);  /* s/z */
	ck_assert_uint_eq(st.filtered, 6);
	ck_assert_int_eq(fixture_count("t"), 11);
	memcpy(plan_asked, f.asked, sizeof(plan_asked));

	filter_opts(&o, &f, jobs, 0);
	ck_assert_int_eq(swrmtree_remove("t", &o, &st), 0);
	/* keep.me, a/keep.me, k (kept), s (itself), a and t (holding). */
	ck_assert_uint_eq(st.filtered, 6);
	ck_assert_uint_eq(f.kept_seen, 4);
	ck_assert_uint_eq(f.holds_seen, 2);
	ck_assert_uint_eq(st.kept, 0);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_uint_eq(f.s.errors, 0);
	ck_assert_uint_eq(st.files, 3);
	ck_assert_uint_eq(st.dirs, 1);
	ck_assert(fixture_exists("t/keep.me") && fixture_exists("t/a/keep.me"));
	ck_assert(fixture_exists("t/k/deep/q") && fixture_exists("t/s"));
	ck_assert(!fixture_exists("t/a/x") && !fixture_exists("t/s/y") &&
		  !fixture_exists("t/s/z"));
	/* Never asked about what a kept directory holds; names and depths. */
	ck_assert_ptr_null(strstr(f.asked, "k/deep"));
	ck_assert_ptr_nonnull(strstr(f.asked, "a/x:x:2\n"));
	ck_assert_ptr_nonnull(strstr(f.asked, "s/z/w:w:3\n"));
	ck_assert_ptr_nonnull(strstr(f.asked, "k:k:1\n"));
	if (jobs == 1)
		ck_assert_str_eq(plan_asked, f.asked);
}
END_TEST

START_TEST(filter_unknown_answer_keeps_and_stop_stops)
{
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct filtered f;

	fixture_build(scratch, FILTER_TREE);
	filter_opts(&o, &f, 1, 0);
	f.answer_all = 42;
	ck_assert_int_eq(swrmtree_remove("t", &o, &st), 0);
	ck_assert_int_eq(fixture_count("t"), 11);
	ck_assert_uint_eq(st.files + st.dirs + st.kept + st.failed, 0);
	filter_opts(&o, &f, 1, 0);
	f.answer_all = SWRMTREE_STOP;
	ck_assert_int_eq(swrmtree_remove("t", &o, &st), -SWRMTREE_E_STOPPED);
	ck_assert_int_eq(fixture_count("t"), 11);
	ck_assert_uint_eq(f.s.entries, 0);
}
END_TEST

static void remove_at_with(int flags)
{
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct seen s;
	int dfd;

	opts_for(&o, &s);
	fixture_build(scratch, "f sub/t/a; f sub/t/b/c; f sub/keep");
	dfd = open("sub", flags | O_CLOEXEC);
	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(swrmtree_remove_at(dfd, "t", &o, &st), 0);
	ck_assert_uint_eq(st.files, 2);
	ck_assert_uint_eq(st.dirs, 2);
	ck_assert_ptr_nonnull(strstr(s.list, "t/b/c\n"));
	ck_assert_int_eq(swrmtree_remove_at(dfd, "a/b", &o, NULL), -EINVAL);
	/* The descriptor stays open and usable. */
	ck_assert_int_eq(fcntl(dfd, F_GETFD), FD_CLOEXEC);
	close(dfd);
	ck_assert(!fixture_exists("sub/t"));
	ck_assert(fixture_exists("sub/keep"));
}

START_TEST(remove_at_o_directory)
{
	remove_at_with(O_RDONLY | O_DIRECTORY);
}
END_TEST

START_TEST(remove_at_o_path)
{
	remove_at_with(O_PATH | O_DIRECTORY);
}
END_TEST

START_TEST(guards_before_any_removal)
{
	const char *paths[] = { "good", "d/..", "" };
	struct swrmtree_options o;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f good/x; d d");
	ck_assert_int_eq(swrmtree_removev(paths, 3, &o, NULL),
			 -SWRMTREE_E_REFUSED);
	ck_assert_uint_eq(s.errors, 2);
	ck_assert_uint_eq(s.last_op, SWRMTREE_OP_GUARD);
	ck_assert_int_eq(s.last_error, SWRMTREE_E_EMPTY_PATH);
	ck_assert_uint_eq(s.entries, 0);
	ck_assert(fixture_exists("good/x"));
}
END_TEST

START_TEST(missing_path_and_force)
{
	struct swrmtree_options o;
	struct seen s;

	opts_for(&o, &s);
	ck_assert_int_eq(swrmtree_remove("nope", &o, NULL), -SWRMTREE_E_FAILED);
	ck_assert_uint_eq(s.errors, 1);
	ck_assert_int_eq(s.last_error, ENOENT);
	ck_assert_uint_eq(s.last_op, SWRMTREE_OP_LOOKUP);
	opts_for(&o, &s);
	o.flags = SWRMTREE_FORCE;
	ck_assert_int_eq(swrmtree_remove("nope", &o, NULL), 0);
	ck_assert_int_eq(swrmtree_remove("no/such/parent", &o, NULL), 0);
	ck_assert_uint_eq(s.errors, 0);
	/* "file/" names no directory: with -f it is missing and the file
	 * stays (as rm -f); without, it is reported (as rm). */
	fixture_build(scratch, "f file");
	ck_assert_int_eq(swrmtree_remove("file/", &o, NULL), 0);
	ck_assert(fixture_exists("file"));
	o.flags = 0;
	ck_assert_int_eq(swrmtree_remove("file/", &o, NULL), -SWRMTREE_E_FAILED);
	ck_assert_int_eq(s.last_error, ENOTDIR);
	ck_assert(fixture_exists("file"));
	o.flags = SWRMTREE_FORCE;
	ck_assert_int_eq(swrmtree_remove("file", &o, NULL), 0);
	ck_assert(!fixture_exists("file"));
}
END_TEST

START_TEST(plan_lists_and_changes_nothing)
{
	struct swrmtree_options o;
	struct swrmtree_stats st, st2;
	struct seen s, s2;

	opts_for(&o, &s);
	fixture_build(scratch, "f t/a/x 7; f t/y 1; l t/l -> /; d t/e");
	ck_assert_int_eq(swrmtree_plan("t", &o, &st), 0);
	ck_assert_int_eq(fixture_count("t"), 5);
	ck_assert_uint_eq(st.bytes, 8);
	opts_for(&o, &s2);
	ck_assert_int_eq(swrmtree_remove("t", &o, &st2), 0);
	/* Same entries in the same order (-j1), same counts. */
	ck_assert_str_eq(s.list, s2.list);
	ck_assert_uint_eq(st.files, st2.files);
	ck_assert_uint_eq(st.dirs, st2.dirs);
	ck_assert(!fixture_exists("t"));
}
END_TEST

/* st_blocks * 512 of PATH, not following a symbolic link. */
static uint64_t disk_bytes(const char *path)
{
	struct stat st;

	ck_assert_int_eq(lstat(path, &st), 0);
	return (uint64_t)st.st_blocks * 512;
}

/*
 * stats.freed: each inode once, when its last link goes; nothing for a
 * file with a link outside the tree; the directories' own blocks; the
 * same in the plan, in a sequential run and with workers.
 */
START_TEST(freed_counts_each_inode_once)
{
	static const unsigned int jobs[] = { 0, 1, 4 };
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct seen s;
	uint64_t want;
	unsigned int i;

	for (i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		fixture_build(scratch,
			      "f t/a 9000; f t/c 5000; d t/d; l t/s -> a");
		ck_assert_int_eq(link("t/a", "t/d/b"), 0);
		ck_assert_int_eq(link("t/a", "t/d/b2"), 0);
		ck_assert_int_eq(link("t/c", "out"), 0);
		want = disk_bytes("t") + disk_bytes("t/d") + disk_bytes("t/a") +
		       disk_bytes("t/s");
		opts_for(&o, &s);
		o.flags = SWRMTREE_SIZES;
		ck_assert_int_eq(swrmtree_plan("t", &o, &st), 0);
		ck_assert_uint_eq(st.bytes, 3 * 9000 + 5000);
		ck_assert_uint_eq(st.freed, want);
		o.jobs = jobs[i];
		ck_assert_int_eq(swrmtree_remove("t", &o, &st), 0);
		ck_assert_uint_eq(st.freed, want);
		ck_assert(!fixture_exists("t"));
		ck_assert_int_eq(unlink("out"), 0);
	}
	/* Without sizes, nothing is known of the files: nothing counts. */
	fixture_build(scratch, "f t/a 9000; d t/d");
	opts_for(&o, &s);
	ck_assert_int_eq(swrmtree_remove("t", &o, &st), 0);
	ck_assert_uint_eq(st.freed, 0);
}
END_TEST

START_TEST(contents_keeps_path)
{
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct seen s;
	struct stat before, after;

	opts_for(&o, &s);
	o.flags = SWRMTREE_CONTENTS;
	fixture_build(scratch, "f t/a; f t/b/c; m t 0710");
	ck_assert_int_eq(stat("t", &before), 0);
	ck_assert_int_eq(swrmtree_remove("t", &o, &st), 0);
	ck_assert_int_eq(stat("t", &after), 0);
	ck_assert_int_eq(fixture_count("t"), 0);
	ck_assert_uint_eq(after.st_ino, before.st_ino);
	ck_assert_uint_eq(after.st_mode, before.st_mode);
	ck_assert_uint_eq(st.dirs, 1); /* b, not t */
	ck_assert_ptr_null(strstr(s.list, "t/\n"));
}
END_TEST

START_TEST(bad_options)
{
	struct swrmtree_options o;

	ck_assert_int_eq(swrmtree_options_init(&o), 0);
	ck_assert_uint_eq(o.size, sizeof(o));
	o.jobs = 1025;
	ck_assert_int_eq(swrmtree_remove("x", &o, NULL), -EINVAL);
	o.jobs = 0;
	o.size = 4;
	ck_assert_int_eq(swrmtree_remove("x", &o, NULL), -EINVAL);
	ck_assert_int_eq(swrmtree_remove("x", NULL, NULL), -EINVAL);
}
END_TEST

/*
 * The exported swrmtree_options_init(), which programs built before 0.2.0
 * call; this header's inline one takes the caller's size.
 */
int exported_options_init(struct swrmtree_options *opts); /* exported.c */

START_TEST(options_init_writes_the_callers_size)
{
	unsigned char buf[sizeof(struct swrmtree_options) + 64];
	struct swrmtree_options *o = (struct swrmtree_options *)(void *)buf;
	size_t i;

	memset(buf, 0xa5, sizeof(buf));
	ck_assert_int_eq(swrmtree_options_init(o), 0);
	ck_assert_uint_eq(o->size, sizeof(*o));
	ck_assert_uint_eq(o->flags, 0);
	ck_assert_ptr_null(o->on_error);
	ck_assert_uint_eq(buf[sizeof(*o)], 0xa5);
	/* The exported one fills the first layout and never more. */
	memset(buf, 0xa5, sizeof(buf));
	ck_assert_int_eq(exported_options_init(o), 0);
	ck_assert_uint_eq(o->size, SWRMTREE_OPTIONS_SIZE_VER0);
	ck_assert_ptr_null(o->userdata);
	for (i = SWRMTREE_OPTIONS_SIZE_VER0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0xa5);
}
END_TEST

/* The options of a program built against a newer header. */
struct newer_options {
	struct swrmtree_options o;
	uint64_t future[3];
};

START_TEST(options_larger_struct)
{
	struct newer_options n;
	struct swrmtree_stats st;
	struct seen s;

	memset(&n, 0, sizeof(n));
	n.o.size = sizeof(n);
	n.o.on_entry = on_entry;
	n.o.userdata = &s;
	memset(&s, 0, sizeof(s));
	/* What the library does not know is zero: taken, fields read. */
	fixture_build(scratch, "f t/a; f u/b");
	ck_assert_int_eq(swrmtree_plan("t", &n.o, NULL), 0);
	ck_assert_uint_eq(s.entries, 2);
	ck_assert_int_eq(swrmtree_remove("t", &n.o, &st), 0);
	ck_assert_uint_eq(st.files, 1);
	ck_assert(!fixture_exists("t"));
	/* A field the library cannot honour is refused, not ignored, by
	 * every entry point, and the stats are left alone. */
	n.future[2] = 1;
	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(swrmtree_remove("u", &n.o, &st), -E2BIG);
	ck_assert_int_eq(swrmtree_plan("u", &n.o, NULL), -E2BIG);
	ck_assert_int_eq(swrmtree_remove_at(AT_FDCWD, "u", &n.o, NULL), -E2BIG);
	ck_assert_uint_eq(st.files, 0xa5a5a5a5a5a5a5a5u);
	ck_assert(fixture_exists("u/b"));
}
END_TEST

START_TEST(options_smaller_struct)
{
	struct swrmtree_options o;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f t/a");
	/* Smaller than the first layout: no layout ever had that size. */
	o.size = SWRMTREE_OPTIONS_SIZE_VER0 - 1;
	ck_assert_int_eq(swrmtree_remove("t", &o, NULL), -EINVAL);
	o.size = sizeof(size_t);
	ck_assert_int_eq(swrmtree_plan("t", &o, NULL), -EINVAL);
	o.size = 0;
	ck_assert_int_eq(swrmtree_remove_at(AT_FDCWD, "t", &o, NULL), -EINVAL);
	/* The first layout, as programs built before 0.2.0 declare it. */
	o.size = SWRMTREE_OPTIONS_SIZE_VER0;
	ck_assert_int_eq(swrmtree_remove("t", &o, NULL), 0);
	ck_assert_uint_eq(s.entries, 2);
	ck_assert(!fixture_exists("t"));
}
END_TEST

START_TEST(options_unknown_flag)
{
	struct swrmtree_options o;

	fixture_build(scratch, "f t/a");
	ck_assert_int_eq(swrmtree_options_init(&o), 0);
	o.flags = SWRMTREE_FORCE | 1u << 31;
	ck_assert_int_eq(swrmtree_remove("t", &o, NULL), -EINVAL);
	ck_assert(fixture_exists("t/a"));
}
END_TEST

START_TEST(null_paths)
{
	const char *two[] = { "t", NULL };
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f t/a");
	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(swrmtree_remove(NULL, &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_plan(NULL, &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_removev(two, 2, &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_removev(NULL, 1, &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_remove_at(AT_FDCWD, NULL, &o, &st), -EINVAL);
	ck_assert_uint_eq(st.dirs, 0xa5a5a5a5a5a5a5a5u);
	ck_assert_uint_eq(s.entries + s.errors, 0);
	/* Nothing of the good PATH beside the NULL went either. */
	ck_assert(fixture_exists("t/a"));
	ck_assert_int_eq(swrmtree_removev(NULL, 0, &o, NULL), 0);
}
END_TEST

/* DIRFD is refused with ERR, also under SWRMTREE_FORCE, and not reported. */
static void bad_dirfd_is(int dirfd, int err)
{
	struct swrmtree_options o;
	struct seen s;

	opts_for(&o, &s);
	ck_assert_int_eq(swrmtree_remove_at(dirfd, "t", &o, NULL), -err);
	o.flags = SWRMTREE_FORCE;
	ck_assert_int_eq(swrmtree_remove_at(dirfd, "t", &o, NULL), -err);
	o.flags = SWRMTREE_DRY_RUN;
	ck_assert_int_eq(swrmtree_remove_at(dirfd, "t", &o, NULL), -err);
	ck_assert_uint_eq(s.entries + s.errors, 0);
}

START_TEST(remove_at_bad_dirfd)
{
	int fd;

	fixture_build(scratch, "f t/a; f file");
	fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(close(fd), 0);
	bad_dirfd_is(fd, EBADF);
	bad_dirfd_is(-5, EBADF);
	fd = open("file", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	bad_dirfd_is(fd, ENOTDIR);
	close(fd);
	fd = open("file", O_PATH | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	bad_dirfd_is(fd, ENOTDIR);
	close(fd);
	ck_assert(fixture_exists("t/a"));
	ck_assert(fixture_exists("file"));
}
END_TEST

/*
 * A protected-paths file that cannot be read (a directory: read() gives
 * EISDIR, even to root) reaches on_error once, named in path and file.
 */
START_TEST(unreadable_config_file_is_named)
{
	struct swrmtree_options o;
	struct seen s;
	char *xdg = fixture_path(scratch, "xdg");
	char *file = fixture_path(scratch, "xdg/sw-rmtree/protected");

	fixture_build(scratch, "f t/a; d xdg/sw-rmtree/protected");
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", xdg, 1), 0);
	opts_for(&o, &s);
	ck_assert_int_eq(swrmtree_remove("t", &o, NULL), -SWRMTREE_E_CONFIG);
	ck_assert_uint_eq(s.errors, 1);
	ck_assert_uint_eq(s.last_op, SWRMTREE_OP_CONFIG);
	ck_assert_int_eq(s.last_error, EISDIR);
	ck_assert_str_eq(s.last_path, file);
	ck_assert_str_eq(s.last_file, file);
	ck_assert_uint_eq(s.last_line, 0);
	ck_assert(fixture_exists("t/a"));
	free(file);
	free(xdg);
}
END_TEST

struct job {
	const char *path;
	int ret;
};

static void *remove_thread(void *arg)
{
	struct job *j = arg;
	struct swrmtree_options o;

	(void)swrmtree_options_init(&o);
	j->ret = swrmtree_remove(j->path, &o, NULL);
	return NULL;
}

START_TEST(two_runs_in_two_threads)
{
	struct job a = { .path = "a" }, b = { .path = "b" };
	pthread_t ta, tb;
	char spec[4096] = "";
	int i;

	for (i = 0; i < 100; i++) {
		char e[64];

		(void)snprintf(e, sizeof(e), "f a/%d/x; f b/%d/y;", i, i);
		strcat(spec, e);
	}
	fixture_build(scratch, spec);
	ck_assert_int_eq(pthread_create(&ta, NULL, remove_thread, &a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, remove_thread, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	ck_assert_int_eq(a.ret, 0);
	ck_assert_int_eq(b.ret, 0);
	ck_assert(!fixture_exists("a"));
	ck_assert(!fixture_exists("b"));
}
END_TEST

static Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("public");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, callbacks_once_per_entry_in_removal_order);
	tcase_add_test(tc, stop_from_callback);
	tcase_add_loop_test(tc, filter_keeps_skips_and_is_asked_first, 0, 2);
	tcase_add_test(tc, filter_unknown_answer_keeps_and_stop_stops);
	tcase_add_test(tc, freed_counts_each_inode_once);
	tcase_add_test(tc, remove_at_o_directory);
	tcase_add_test(tc, remove_at_o_path);
	tcase_add_test(tc, guards_before_any_removal);
	tcase_add_test(tc, missing_path_and_force);
	tcase_add_test(tc, plan_lists_and_changes_nothing);
	tcase_add_test(tc, contents_keeps_path);
	tcase_add_test(tc, bad_options);
	tcase_add_test(tc, options_init_writes_the_callers_size);
	tcase_add_test(tc, options_larger_struct);
	tcase_add_test(tc, options_smaller_struct);
	tcase_add_test(tc, options_unknown_flag);
	tcase_add_test(tc, null_paths);
	tcase_add_test(tc, remove_at_bad_dirfd);
	tcase_add_test(tc, unreadable_config_file_is_named);
	tcase_add_test(tc, two_runs_in_two_threads);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return api_suite();
}
