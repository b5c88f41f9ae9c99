/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_walk.c - the engine, through its event interface and through the
 * removal client, on scratch trees.
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

#include "swrmtree.h"
#include "fixture.h"

#ifndef ck_assert_ptr_lt
#define ck_assert_ptr_lt(a, b) \
	ck_assert_msg((const void *)(a) < (const void *)(b), "%s before %s", \
		      #a, #b)
#endif
#include "remove.h"
#include "walk.h"
#include "unit.h"

static char *scratch;

static void setup(void)
{
	scratch = fixture_scratch();
}

static void teardown(void)
{
	fixture_cleanup(scratch);
	scratch = NULL;
}

/* Does REL exist below the scratch directory? */
static bool here(const char *rel)
{
	char *p = fixture_path(scratch, rel);
	bool r = fixture_exists(p);

	free(p);
	return r;
}

/* ---- a recording client ------------------------------------------------ */

struct rec {
	char log[64 * 1024]; /* "E:path\n" lines: E enter, F entry, L leave, X error */
	size_t len;
	int errors;
	int last_error;
	unsigned int max_depth;
	int max_fds;
	bool remove; /* act like a remover */
	int (*hook)(struct rec *r, struct walk_ev *ev);
	int hook_arg;
};

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the DIR's own descriptor */
}

static void rec_add(struct rec *r, char c, const char *path)
{
	int n = snprintf(r->log + r->len, sizeof(r->log) - r->len, "%c:%s\n", c,
			 path);

	ck_assert_int_gt(n, 0);
	if ((size_t)n < sizeof(r->log) - r->len)
		r->len += (size_t)n;
}

static int rec_cb(struct walk_ev *ev, void *ctx)
{
	struct rec *r = ctx;
	static const char tag[] = { 'E', 'F', 'L', 'X' };
	int fds, a;

	if (r->hook && (a = r->hook(r, ev)) >= 0)
		return a;
	rec_add(r, tag[ev->type], ev->path);
	if (ev->depth > r->max_depth)
		r->max_depth = ev->depth;
	fds = count_fds();
	if (fds > r->max_fds)
		r->max_fds = fds;
	switch (ev->type) {
	case WALK_ENTRY:
		if (!r->remove)
			return WALK_CONTINUE;
		if (unlinkat(ev->dirfd, ev->name, 0) == 0 || errno == ENOENT)
			return WALK_CONTINUE;
		return errno == EISDIR ? WALK_DESCEND : WALK_KEEP;
	case WALK_LEAVE:
		if (!r->remove || ev->leftover)
			return ev->leftover ? WALK_KEEP : WALK_CONTINUE;
		if (unlinkat(ev->dirfd, ev->name, AT_REMOVEDIR) == 0 ||
		    errno == ENOENT)
			return WALK_CONTINUE;
		if (errno == ENOTEMPTY && ev->pass < WALK_MAX_PASSES)
			return WALK_RETRY;
		r->errors++;
		r->last_error = errno;
		return WALK_KEEP;
	case WALK_ERROR:
		r->errors++;
		r->last_error = ev->error;
		return WALK_KEEP;
	default:
		return WALK_CONTINUE;
	}
}

static int rec_walk(struct rec *r, const char *dir, const char *name,
		    unsigned int budget)
{
	struct walk_opts o = {
		.fd_budget = budget,
		.cb = rec_cb,
		.ctx = r,
		.flags = r->remove ? 0 : WALK_READ_ONLY,
	};
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret;

	ck_assert_int_ge(dfd, 0);
	ret = walk_run(dfd, name, name, strlen(name), &o);
	close(dfd);
	return ret;
}

static const char *pos(const struct rec *r, const char *line)
{
	const char *p = strstr(r->log, line);

	ck_assert_msg(p != NULL, "missing event %s in:\n%s", line, r->log);
	return p;
}

/* ---- tests ---------------------------------------------------------------- */

START_TEST(events_in_order)
{
	struct rec r = { .len = 0 };

	fixture_build(scratch, "d t/a; f t/a/x 10; d t/a/b; f t/a/b/y; "
			       "l t/l -> a; f t/z 3");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	/* Directory before children, children before the directory's end. */
	ck_assert_ptr_lt(pos(&r, "E:t\n"), pos(&r, "E:t/a\n"));
	ck_assert_ptr_lt(pos(&r, "E:t/a\n"), pos(&r, "F:t/a/x\n"));
	ck_assert_ptr_lt(pos(&r, "F:t/a/b/y\n"), pos(&r, "L:t/a/b\n"));
	ck_assert_ptr_lt(pos(&r, "L:t/a/b\n"), pos(&r, "L:t/a\n"));
	ck_assert_ptr_lt(pos(&r, "L:t/a\n"), pos(&r, "L:t\n"));
	(void)pos(&r, "F:t/l\n"); /* the symlink is an entry, not entered */
	ck_assert_ptr_null(strstr(r.log, "E:t/l"));
	ck_assert_int_eq(r.errors, 0);
	/* Walking alone changes nothing. */
	ck_assert_int_eq(fixture_count(scratch), 7);
}
END_TEST

START_TEST(removes_mixed_tree)
{
	struct rec r = { .remove = true };

	fixture_build(scratch, "d t/e; f t/a/x 100; f t/a/b/c/d/y 1; "
			       "l t/dangling -> nowhere; l t/out -> ..; p t/fifo; "
			       "s t/sock; h t/hard -> t/a/x; f t/a/b/z; d keep");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	ck_assert_int_eq(r.errors, 0);
	ck_assert(!here("t"));
	ck_assert(here("keep"));
}
END_TEST

START_TEST(deep_chain_bounded_fds)
{
	struct rec r = { .remove = true };
	char *top = fixture_path(scratch, "t");
	int dfd, i, base;

	/* 300 levels, built relative so no path grows long. */
	ck_assert_int_eq(mkdir(top, 0755), 0);
	dfd = open(top, O_RDONLY | O_DIRECTORY);
	for (i = 0; i < 300; i++) {
		int nfd;

		ck_assert_int_eq(mkdirat(dfd, "d", 0755), 0);
		close(openat(dfd, "f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
		nfd = openat(dfd, "d", O_RDONLY | O_DIRECTORY);
		close(dfd);
		dfd = nfd;
	}
	close(dfd);
	free(top);
	base = count_fds();
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 5), 0);
	ck_assert_int_eq(r.errors, 0);
	ck_assert_uint_eq(r.max_depth, 300);
	/* base + the walk's parent dirfd + the budget (+1 while re-opening) */
	ck_assert_int_le(r.max_fds, base + 1 + 5 + 1);
	ck_assert_int_eq(fixture_count(scratch), 0);
	ck_assert_int_eq(count_fds(), base);
}
END_TEST

START_TEST(wide_directory_with_subdirs)
{
	struct rec r = { .remove = true };
	char name[64];
	char *top = fixture_path(scratch, "t");
	int dfd, i;

	/* Several getdents batches, with directories among the files. */
	ck_assert_int_eq(mkdir(top, 0755), 0);
	dfd = open(top, O_RDONLY | O_DIRECTORY);
	for (i = 0; i < 6000; i++) {
		(void)snprintf(name, sizeof(name),
			       "entry-with-a-longish-name-%05d", i);
		if (i % 50 == 0) {
			ck_assert_int_eq(mkdirat(dfd, name, 0755), 0);
			strcat(name, "/inner");
			close(openat(dfd, name, O_CREAT | O_WRONLY, 0644));
		} else {
			close(openat(dfd, name, O_CREAT | O_WRONLY, 0644));
		}
	}
	close(dfd);
	free(top);
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 4), 0);
	ck_assert_int_eq(r.errors, 0);
	ck_assert_int_eq(fixture_count(scratch), 0);
}
END_TEST

/* At the first leave of t, a new entry appears: the walk reads t again. */
static int add_on_leave(struct rec *r, struct walk_ev *ev)
{
	if (ev->type == WALK_LEAVE && ev->depth == 0 && r->hook_arg-- > 0)
		close(openat(ev->fd, "late", O_CREAT | O_WRONLY | O_CLOEXEC,
			     0644));
	return -1;
}

START_TEST(entries_appearing_are_reread)
{
	struct rec r = { .remove = true, .hook = add_on_leave, .hook_arg = 1 };

	fixture_build(scratch, "f t/a; f t/b");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	ck_assert_int_eq(r.errors, 0);
	(void)pos(&r, "F:t/late\n");
	ck_assert(!here("t"));
}
END_TEST

START_TEST(entries_appearing_forever_give_up)
{
	struct rec r = { .remove = true, .hook = add_on_leave, .hook_arg = 100 };

	fixture_build(scratch, "f t/a");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	/* Bounded: WALK_MAX_PASSES re-reads, then Directory not empty. */
	ck_assert_int_eq(r.errors, 1);
	ck_assert_int_eq(r.last_error, ENOTEMPTY);
	ck_assert_int_eq(r.hook_arg, 100 - (WALK_MAX_PASSES + 1));
	ck_assert(here("t"));
}
END_TEST

/* Swap t/b (a directory not yet visited) for a symlink to outside. */
static int swap_on_first_entry(struct rec *r, struct walk_ev *ev)
{
	if (ev->type == WALK_ENTER && ev->depth == 0 && r->hook_arg-- > 0) {
		char *b = fixture_path(scratch, "t/b");
		char *out = fixture_path(scratch, "outside");
		char *cmd;

		ck_assert_int_ne(asprintf(&cmd, "rm -rf '%s'", b), -1);
		ck_assert_int_eq(system(cmd), 0);
		ck_assert_int_eq(symlink(out, b), 0);
		free(cmd);
		free(b);
		free(out);
	}
	return -1;
}

START_TEST(symlink_swapped_in_is_not_followed)
{
	struct rec r = { .remove = true,
			 .hook = swap_on_first_entry,
			 .hook_arg = 1 };

	fixture_build(scratch, "f t/b/inner; f t/c; f outside/precious 5");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	ck_assert(!here("t"));
	ck_assert(here("outside/precious"));
}
END_TEST

/* Delete a sibling that was read but not yet visited: no error. */
static int vanish_sibling(struct rec *r, struct walk_ev *ev)
{
	if (ev->type == WALK_ENTER && ev->depth == 0 && r->hook_arg-- > 0) {
		ck_assert_int_eq(unlinkat(ev->fd, "x", 0), 0);
		ck_assert_int_eq(unlinkat(ev->fd, "y", 0), 0);
	}
	return -1;
}

START_TEST(vanished_entries_are_not_errors)
{
	struct rec r = { .remove = true, .hook = vanish_sibling, .hook_arg = 1 };

	fixture_build(scratch, "f t/x; f t/y; f t/z");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	ck_assert_int_eq(r.errors, 0);
	ck_assert(!here("t"));
}
END_TEST

/*
 * Someone else removes t/d with everything in it just after the walk
 * entered it: reading a removed directory fails (ENOENT) on Linux, and
 * that is not an error either.
 */
static int remove_entered(struct rec *r, struct walk_ev *ev)
{
	if (ev->type == WALK_ENTER && ev->depth == 1 && r->hook_arg-- > 0) {
		char *d = fixture_path(scratch, "t/d");
		char *cmd;

		ck_assert_int_ne(asprintf(&cmd, "rm -rf '%s'", d), -1);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
		free(d);
	}
	return -1;
}

START_TEST(directory_removed_meanwhile_is_not_an_error)
{
	struct rec r = { .remove = true, .hook = remove_entered, .hook_arg = 1 };

	fixture_build(scratch, "f t/d/x; f t/d/y; d t/d/sub; f t/z");
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 8), 0);
	ck_assert_msg(strstr(r.log, "X:") == NULL, "errors in:\n%s", r.log);
	ck_assert_int_eq(r.errors, 0);
	ck_assert(!here("t"));
}
END_TEST

/* Move an evicted ancestor away while the walk is below it. */
static int move_ancestor(struct rec *r, struct walk_ev *ev)
{
	if (ev->type == WALK_ENTER && ev->depth == 20 && r->hook_arg-- > 0) {
		char *from = fixture_path(scratch, "t/d/d/d/d/d/d/d/d/d/d");
		char *to = fixture_path(scratch, "moved");

		ck_assert_int_eq(rename(from, to), 0);
		free(from);
		free(to);
	}
	return -1;
}

START_TEST(moved_tree_stops_the_walk)
{
	struct rec r = { .remove = true, .hook = move_ancestor, .hook_arg = 1 };
	char spec[512] = "f sentinel; f t/";
	int i;

	for (i = 0; i < 25; i++)
		strcat(spec, "d/");
	strcat(spec, "leaf");
	fixture_build(scratch, spec);
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 4), -SWRMTREE_E_MOVED);
	ck_assert_int_eq(r.last_error, SWRMTREE_E_MOVED);
	ck_assert(here("sentinel"));
	ck_assert(here("moved"));
	ck_assert(here("t/d"));
}
END_TEST

START_TEST(missing_start_is_a_lookup_error)
{
	struct rec r = { .remove = true };

	ck_assert_int_eq(rec_walk(&r, scratch, "nope", 8), 0);
	ck_assert_int_eq(r.errors, 1);
	ck_assert_int_eq(r.last_error, ENOENT);
	(void)pos(&r, "X:nope\n");
}
END_TEST

START_TEST(avoided_identity_is_skipped)
{
	struct rec r = { .remove = true };
	struct walk_opts o = { .fd_budget = 8, .cb = rec_cb, .ctx = &r };
	struct util_id id;
	struct stat st;
	char *p;
	int dfd;

	fixture_build(scratch, "f t/a; f t/guarded/keep; f t/z");
	p = fixture_path(scratch, "t/guarded");
	ck_assert_int_eq(lstat(p, &st), 0);
	free(p);
	id.dev = st.st_dev;
	id.ino = st.st_ino;
	o.avoid = &id;
	o.navoid = 1;
	dfd = open(scratch, O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(walk_run(dfd, "t", "t", 1, &o), 0);
	close(dfd);
	ck_assert_int_eq(r.last_error, SWRMTREE_E_PROTECTED);
	ck_assert(here("t/guarded/keep"));
	ck_assert(!here("t/a"));
	ck_assert(!here("t/z"));
}
END_TEST

/* No line of the log twice: nothing was entered, visited or left twice. */
static void each_event_once(const struct rec *r)
{
	char needle[512];
	const char *line, *end;

	for (line = r->log; *line; line = end + 1) {
		end = strchr(line, '\n');
		ck_assert_ptr_nonnull(end);
		ck_assert_int_lt(end - line + 2, (long)sizeof(needle));
		(void)snprintf(needle, sizeof(needle), "\n%.*s\n",
			       (int)(end - line), line);
		ck_assert_msg(strstr(end, needle) == NULL,
			      "event %.*s twice in:\n%s", (int)(end - line),
			      line, r->log);
	}
}

/* Paths of t/k's entries that the hook below keeps or hands over. */
static char kept_dir[256], handed_dir[256], kept_file[256];

/*
 * In t/k: the first directory entered stays without being read (as one that
 * cannot be read would), the second is handed to "someone else", and the
 * first regular file stays (as one that cannot be unlinked would).
 */
static int keep_some(struct rec *r, struct walk_ev *ev)
{
	char *slot = NULL;
	int a = WALK_KEEP;

	if (ev->depth != 2)
		return -1;
	if (ev->type == WALK_ENTER && !kept_dir[0]) {
		slot = kept_dir;
	} else if (ev->type == WALK_ENTER && !handed_dir[0]) {
		slot = handed_dir;
		a = WALK_SKIP;
	} else if (ev->type == WALK_ENTRY && ev->d_type == DT_REG &&
		   !kept_file[0]) {
		slot = kept_file;
	}
	if (!slot)
		return -1;
	(void)snprintf(slot, sizeof(kept_dir), "%s", ev->path);
	rec_add(r, ev->type == WALK_ENTER ? 'E' : 'F', ev->path);
	if (a == WALK_SKIP)
		close(ev->fd); /* handed over: the descriptor is ours now */
	return a;
}

/*
 * fd_budget 3 and chains six levels deep: t/k is closed on the way down each
 * chain and re-opened on the way back, and then read again from its start.
 * What stayed or was handed over before is met again there: it is neither
 * tried nor reported a second time, and the rest is visited once.
 */
START_TEST(reopened_directory_passes_by_what_stayed)
{
	struct rec r = { .remove = true, .hook = keep_some };
	char spec[1024] = "";
	int i;

	kept_dir[0] = handed_dir[0] = kept_file[0] = '\0';
	for (i = 0; i < 6; i++)
		(void)snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec),
			       "f t/k/c%d/c/c/c/c/c/f; f t/k/f%d; ", i, i);
	fixture_build(scratch, spec);
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 3), 0);
	ck_assert_int_eq(r.errors, 0);
	ck_assert_msg(kept_dir[0] && handed_dir[0], "hook not reached:\n%s",
		      r.log);
	each_event_once(&r);
	(void)pos(&r, "L:t/k\n");
	/* The kept and the handed-over chains (7 entries each), the kept file,
	 * and t and t/k, which hold them; the rest went. */
	ck_assert_msg(here(kept_dir) && here(handed_dir), "%s %s gone:\n%s",
		      kept_dir, handed_dir, r.log);
	ck_assert(!kept_file[0] || here(kept_file));
	ck_assert_int_eq(fixture_count(scratch),
			 2 + 7 + 7 + (kept_file[0] ? 1 : 0));
}
END_TEST

/*
 * A client that removes nothing (WALK_READ_ONLY, as the dry run): a
 * re-opened directory resumes where it was, and nothing is listed twice.
 */
START_TEST(read_only_walk_lists_once)
{
	struct rec r = { .remove = false };
	char spec[1024] = "";
	int i;

	for (i = 0; i < 6; i++)
		(void)snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec),
			       "f t/k/c%d/c/c/c/c/c/f; f t/k/f%d; ", i, i);
	fixture_build(scratch, spec);
	ck_assert_int_eq(rec_walk(&r, scratch, "t", 3), 0);
	ck_assert_int_eq(r.errors, 0);
	each_event_once(&r);
	for (i = 0; i < 6; i++) {
		char line[64];

		(void)snprintf(line, sizeof(line), "F:t/k/c%d/c/c/c/c/c/f\n", i);
		(void)pos(&r, line);
		(void)snprintf(line, sizeof(line), "F:t/k/f%d\n", i);
		(void)pos(&r, line);
	}
	ck_assert_int_eq(fixture_count(scratch), 2 + 6 * 7 + 6);
}
END_TEST

static Suite *walk_suite(void)
{
	Suite *s = suite_create("walk");
	TCase *tc = tcase_create("engine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, events_in_order);
	tcase_add_test(tc, removes_mixed_tree);
	tcase_add_test(tc, deep_chain_bounded_fds);
	tcase_add_test(tc, wide_directory_with_subdirs);
	tcase_add_test(tc, entries_appearing_are_reread);
	tcase_add_test(tc, entries_appearing_forever_give_up);
	tcase_add_test(tc, symlink_swapped_in_is_not_followed);
	tcase_add_test(tc, vanished_entries_are_not_errors);
	tcase_add_test(tc, directory_removed_meanwhile_is_not_an_error);
	tcase_add_test(tc, moved_tree_stops_the_walk);
	tcase_add_test(tc, missing_start_is_a_lookup_error);
	tcase_add_test(tc, avoided_identity_is_skipped);
	tcase_add_test(tc, reopened_directory_passes_by_what_stayed);
	tcase_add_test(tc, read_only_walk_lists_once);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return walk_suite();
}
