/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_detach.c - swrmtree_detach(), swrmtree_trash_remove() and
 * swrmtree_collect(): renames bound to what the guards judged, removal
 * bound to what was renamed, locks that tell live removers from dead ones,
 * hidden names that never replace anything.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <swrmtree.h>

#include "detach.h"
#include "fixture.h"
#include "unit.h"

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
	unsigned int errors;
	int last_error;
	char last_path[4096];
};

static int on_error(const struct swrmtree_error *e, void *userdata)
{
	struct seen *s = userdata;

	s->errors++;
	s->last_error = e->error;
	(void)snprintf(s->last_path, sizeof(s->last_path), "%s", e->path);
	return 0;
}

static void opts_for(struct swrmtree_options *o, struct seen *s)
{
	ck_assert_int_eq(swrmtree_options_init(o), 0);
	memset(s, 0, sizeof(*s));
	o->on_error = on_error;
	o->userdata = s;
	o->jobs = 1;
}

/* The number of entries of "." whose name starts with the hidden prefix. */
static int hidden_count(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, SWRMTREE_TRASH_PREFIX,
			     strlen(SWRMTREE_TRASH_PREFIX)) == 0;
	closedir(d);
	return n;
}

/* Detach "d" (one tree) into *RET. */
static void detach_d(const struct swrmtree_options *o, struct swrmtree_trash **ret)
{
	const char *p = "d";

	ck_assert_int_eq(swrmtree_detach(&p, 1, o, ret, NULL), 0);
	ck_assert_uint_eq(swrmtree_trash_count(*ret), 1);
}

START_TEST(detach_renames_then_removes)
{
	const char *paths[] = { "d", "file" };
	struct swrmtree_options o;
	struct swrmtree_trash *trash;
	struct swrmtree_stats st;
	struct seen s;
	const char *h;

	opts_for(&o, &s);
	fixture_build(scratch, "f d/sub/f 10; f d/g; f file 3");
	ck_assert_int_eq(swrmtree_detach(paths, 2, &o, &trash, &st), 0);
	/* The directory is renamed, the file goes at once. */
	ck_assert_uint_eq(swrmtree_trash_count(trash), 1);
	h = swrmtree_trash_path(trash, 0);
	ck_assert_ptr_nonnull(h);
	ck_assert_ptr_null(swrmtree_trash_path(trash, 1));
	ck_assert_int_eq(strncmp(h, ".sw-rmtree-trash.d.", 19), 0);
	ck_assert_uint_eq(strlen(h), 19 + 6);
	ck_assert(!fixture_exists("d"));
	ck_assert(!fixture_exists("file"));
	ck_assert_int_eq(fixture_count(h), 3);
	ck_assert_uint_eq(st.files, 1);
	ck_assert_uint_eq(st.dirs, 0);
	ck_assert_int_eq(swrmtree_trash_remove(trash, &o, &st), 0);
	ck_assert_uint_eq(st.files, 2);
	ck_assert_uint_eq(st.dirs, 2);
	ck_assert(!fixture_exists(h));
	ck_assert_uint_eq(s.errors, 0);
	swrmtree_trash_free(trash);
	swrmtree_trash_free(NULL);
	ck_assert_uint_eq(swrmtree_trash_count(NULL), 0);
}
END_TEST

START_TEST(detach_display_keeps_the_parent)
{
	const char *p = "a/b/d/";
	struct swrmtree_options o;
	struct swrmtree_trash *trash;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f a/b/d/f");
	ck_assert_int_eq(swrmtree_detach(&p, 1, &o, &trash, NULL), 0);
	ck_assert_int_eq(strncmp(swrmtree_trash_path(trash, 0),
				 "a/b/.sw-rmtree-trash.d.", 23),
			 0);
	ck_assert(fixture_exists(swrmtree_trash_path(trash, 0)));
	ck_assert_int_eq(swrmtree_trash_remove(trash, &o, NULL), 0);
	swrmtree_trash_free(trash);
	ck_assert_int_eq(fixture_count("a"), 1);
}
END_TEST

START_TEST(detach_guards_first)
{
	const char *paths[] = { "e", "d" };
	const char *protect[] = { NULL, NULL };
	struct swrmtree_options o;
	struct swrmtree_trash *trash = (struct swrmtree_trash *)&o;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f d/keep/f; f e/f");
	protect[0] = fixture_path(scratch, "d/keep");
	o.protect = protect;
	ck_assert_int_eq(swrmtree_detach(paths, 2, &o, &trash, NULL),
			 -SWRMTREE_E_REFUSED);
	ck_assert_ptr_null(trash);
	/* Nothing renamed, not even the PATH before the refused one. */
	ck_assert(fixture_exists("e/f"));
	ck_assert(fixture_exists("d/keep/f"));
	ck_assert_int_eq(hidden_count(), 0);
	free((char *)protect[0]);
}
END_TEST

static int keep_all(const struct swrmtree_entry *e, void *userdata)
{
	(void)e;
	(void)userdata;
	return SWRMTREE_FILTER_KEEP;
}

/* A renamed tree would take what the filter keeps along, and one with no
 * set to go to would be lost: both refused. */
START_TEST(detach_refuses_bad_arguments)
{
	const char *p = "d";
	struct swrmtree_options o;
	struct swrmtree_trash *trash = (struct swrmtree_trash *)&o;
	struct seen s;

	opts_for(&o, &s);
	o.filter = keep_all;
	fixture_build(scratch, "f d/f");
	ck_assert_int_eq(swrmtree_detach(&p, 1, &o, &trash, NULL), -EINVAL);
	ck_assert_ptr_null(trash);
	/* Nowhere to hand the renamed trees: refused too, and no crash. */
	o.filter = NULL;
	ck_assert_int_eq(swrmtree_detach(&p, 1, &o, NULL, NULL), -EINVAL);
	ck_assert(fixture_exists("d/f"));
	ck_assert_int_eq(hidden_count(), 0);
	ck_assert_uint_eq(s.errors, 0);
}
END_TEST

START_TEST(hidden_name_never_collides)
{
	char *h1 = NULL, *h2 = NULL, *f1, *f2, longname[251];
	int dfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(dfd, 0);
	fixture_build(scratch, "f d/first");
	ck_assert_int_eq(detach_rename(dfd, "d", 42, &h1), 0);
	/* The same seed: the first candidate is taken now. */
	fixture_build(scratch, "f d/second");
	ck_assert_int_eq(detach_rename(dfd, "d", 42, &h2), 0);
	ck_assert_str_ne(h1, h2);
	f1 = fixture_path(h1, "first");
	f2 = fixture_path(h2, "second");
	ck_assert(fixture_exists(f1));
	ck_assert(fixture_exists(f2));
	ck_assert_int_eq(fixture_count(h1), 1);
	ck_assert_int_eq(fixture_count(h2), 1);
	/* A long name is cut so that the hidden one fits NAME_MAX. */
	free(h2);
	memset(longname, 'd', 250);
	longname[250] = '\0';
	ck_assert_int_eq(mkdir(longname, 0755), 0);
	ck_assert_int_eq(detach_rename(dfd, longname, 1, &h2), 0);
	ck_assert_uint_eq(strlen(h2), 17 + 200 + 7);
	free(f1);
	free(f2);
	free(h1);
	free(h2);
	close(dfd);
}
END_TEST

START_TEST(removal_bound_to_what_was_renamed)
{
	struct swrmtree_options o;
	struct swrmtree_trash *trash;
	struct seen s;
	char *h, *planted;

	opts_for(&o, &s);
	fixture_build(scratch, "f d/f");
	detach_d(&o, &trash);
	h = strdup(swrmtree_trash_path(trash, 0));
	/* Another directory takes the hidden name before the removal. */
	ck_assert_int_eq(rename(h, "moved"), 0);
	fixture_build(scratch, "d planted; f planted/precious");
	ck_assert_int_eq(rename("planted", h), 0);
	ck_assert_int_eq(swrmtree_trash_remove(trash, &o, NULL),
			 -SWRMTREE_E_FAILED);
	ck_assert_int_eq(s.last_error, SWRMTREE_E_SWAPPED);
	ck_assert_str_eq(s.last_path, h);
	planted = fixture_path(h, "precious");
	ck_assert(fixture_exists(planted));
	ck_assert(fixture_exists("moved/f"));
	swrmtree_trash_free(trash);
	free(planted);
	free(h);
}
END_TEST

START_TEST(removal_runs_the_guards_again)
{
	const char *protect[] = { NULL, NULL };
	struct swrmtree_options o;
	struct swrmtree_trash *trash;
	struct seen s;
	char *rel;

	opts_for(&o, &s);
	fixture_build(scratch, "f d/keep/f");
	detach_d(&o, &trash);
	rel = fixture_path(swrmtree_trash_path(trash, 0), "keep");
	protect[0] = fixture_path(scratch, rel);
	o.protect = protect;
	ck_assert_int_eq(swrmtree_trash_remove(trash, &o, NULL),
			 -SWRMTREE_E_REFUSED);
	ck_assert_int_eq(s.last_error, SWRMTREE_E_CONTAINS_PROTECTED);
	ck_assert(fixture_exists(rel));
	swrmtree_trash_free(trash);
	free((char *)protect[0]);
	free(rel);
}
END_TEST

START_TEST(collect_only_dead_and_own)
{
	struct swrmtree_options o;
	struct swrmtree_trash *trash;
	struct swrmtree_stats st;
	struct seen s;
	char *h;

	opts_for(&o, &s);
	fixture_build(scratch, "f d/f; f .sw-rmtree-trash.file.AAAAAA;"
			       "l .sw-rmtree-trash.link.AAAAAA -> d");
	detach_d(&o, &trash);
	h = strdup(swrmtree_trash_path(trash, 0));
	/* A live remover (this set) holds the lock: not a leftover. */
	ck_assert_int_eq(swrmtree_collect(".", &o, &st), 0);
	ck_assert(fixture_exists(h));
	ck_assert_uint_eq(st.dirs, 0);
	/* Its remover died: the lock is free. */
	swrmtree_trash_free(trash);
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(h, 65534, 65534), 0);
		ck_assert_int_eq(swrmtree_collect(".", &o, &st), 0);
		ck_assert(fixture_exists(h)); /* another user's */
		o.flags |= SWRMTREE_ANY_OWNER;
	}
	ck_assert_int_eq(swrmtree_collect(".", &o, &st), 0);
	ck_assert(!fixture_exists(h));
	ck_assert_uint_eq(st.dirs, 1);
	ck_assert_uint_eq(st.files, 1);
	/* Not directories: not ours, whatever their names. */
	ck_assert(fixture_exists(".sw-rmtree-trash.file.AAAAAA"));
	ck_assert(fixture_exists(".sw-rmtree-trash.link.AAAAAA"));
	ck_assert_uint_eq(s.errors, 0);
	ck_assert_int_eq(swrmtree_collect("missing", &o, NULL), -ENOENT);
	ck_assert_int_eq(swrmtree_collect(NULL, &o, NULL), -EINVAL);
	free(h);
}
END_TEST

START_TEST(trash_remove_collects_beside)
{
	struct swrmtree_options o;
	struct swrmtree_trash *trash;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f d/f; f .sw-rmtree-trash.old.AAAAAA/x/y");
	detach_d(&o, &trash);
	ck_assert_int_eq(swrmtree_trash_remove(trash, &o, NULL), 0);
	swrmtree_trash_free(trash);
	ck_assert_int_eq(hidden_count(), 0);
	ck_assert_int_eq(swrmtree_trash_remove(NULL, &o, NULL), 0);
}
END_TEST

/* swrmtree(3): refused arguments leave *ret_stats alone, and every other
 * result fills it in; options are checked before anything else, also
 * where there is nothing to collect or no set to remove. */
START_TEST(collect_and_trash_remove_check_options)
{
	struct swrmtree_options o;
	struct swrmtree_stats st;
	struct {
		struct swrmtree_options o;
		unsigned char more[8];
	} big;
	struct seen s;

	opts_for(&o, &s);
	fixture_build(scratch, "f .sw-rmtree-trash.old.AAAAAA/x");
	o.flags = 1u << 30; /* a flag from a newer header */
	memset(&st, 0x5a, sizeof(st));
	ck_assert_int_eq(swrmtree_collect(".", &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_collect("missing", &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_trash_remove(NULL, &o, &st), -EINVAL);
	o.flags = 0;
	o.jobs = 1025;
	ck_assert_int_eq(swrmtree_collect(".", &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_trash_remove(NULL, &o, &st), -EINVAL);
	ck_assert_int_eq(swrmtree_trash_remove(NULL, NULL, &st), -EINVAL);
	o.jobs = 1;
	memset(&big, 0, sizeof(big));
	big.o = o;
	big.o.size = sizeof(big);
	big.more[7] = 1; /* a field this library does not know, set */
	ck_assert_int_eq(swrmtree_collect(".", &big.o, &st), -E2BIG);
	ck_assert_int_eq(swrmtree_trash_remove(NULL, &big.o, &st), -E2BIG);
	ck_assert_uint_eq(st.files, 0x5a5a5a5a5a5a5a5aULL);
	ck_assert(fixture_exists(".sw-rmtree-trash.old.AAAAAA/x"));
	/* A DIR that cannot be opened is a result, not refused arguments. */
	ck_assert_int_eq(swrmtree_collect("missing", &o, &st), -ENOENT);
	ck_assert_uint_eq(st.files, 0);
	ck_assert_uint_eq(st.dirs, 0);
	ck_assert_uint_eq(s.errors, 0);
}
END_TEST

static Suite *detach_suite(void)
{
	Suite *s = suite_create("detach");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, detach_renames_then_removes);
	tcase_add_test(tc, detach_display_keeps_the_parent);
	tcase_add_test(tc, detach_guards_first);
	tcase_add_test(tc, detach_refuses_bad_arguments);
	tcase_add_test(tc, hidden_name_never_collides);
	tcase_add_test(tc, removal_bound_to_what_was_renamed);
	tcase_add_test(tc, removal_runs_the_guards_again);
	tcase_add_test(tc, collect_only_dead_and_own);
	tcase_add_test(tc, trash_remove_collects_beside);
	tcase_add_test(tc, collect_and_trash_remove_check_options);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return detach_suite();
}
