/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_keep.c - src/cli/keep.c: how a keep pattern is read (trailing
 * slash, leading "/" and "./", a slash inside, "//" and "." components,
 * ".."), what it matches (name at any depth, relative path, directories
 * only, names with newlines and bytes that are not UTF-8), and pattern
 * files (comments, CRLF, NUL bytes).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keep.h"
#include "unit.h"

static const struct {
	const char *pattern;
	const char *rel; /* the entry's path relative to PATH */
	int is_dir;
	int match;
} cases[] = {
	{ ".gitignore", ".gitignore", 0, 1 },
	{ ".gitignore", "a/b/.gitignore", 0, 1 }, /* any depth */
	{ ".gitignore", "a/.gitignore.bak", 0, 0 },
	{ "*.o", "x.o", 0, 1 },
	{ "*.o", "deep/er/x.o", 0, 1 },
	{ "*.o", ".hidden.o", 0, 1 }, /* no FNM_PERIOD */
	{ "*", "a/b", 1, 1 },         /* every name */
	{ "config/local.mk", "config/local.mk", 0, 1 },
	{ "config/local.mk", "x/config/local.mk", 0, 0 }, /* anchored */
	{ "/local.mk", "local.mk", 0, 1 },
	{ "/local.mk", "config/local.mk", 0, 0 },
	{ "./local.mk", "local.mk", 0, 1 },
	{ "./local.mk", "a/local.mk", 0, 0 },
	{ "config/*", "config/a", 0, 1 },
	{ "config/*", "config/a/b", 0, 0 }, /* FNM_PATHNAME */
	{ "c?nfig/[a-c]*.mk", "config/b.mk", 0, 1 },
	{ "c?nfig/[a-c]*.mk", "config/d.mk", 0, 0 },
	{ "cache/", "cache", 1, 1 }, /* directories only */
	{ "cache/", "cache", 0, 0 },
	{ "cache/", "a/cache", 1, 1 }, /* no slash left: a name */
	{ "a/cache/", "a/cache", 1, 1 },
	{ "a/cache/", "a/cache", 0, 0 },
	{ "new*line", "new\nline", 0, 1 },
	{ "new?line", "d/new\nline", 0, 1 },
	{ "l\xe9*", "l\xe9gacy", 0, 1 }, /* Latin-1 byte */
	{ "\xff", "\xff", 0, 1 },
	{ "\xff", "\xfe", 0, 0 },
	/* Read as a path: "//" is "/", "." components go. */
	{ "config//local.mk", "config/local.mk", 0, 1 },
	{ "./config/./local.mk", "config/local.mk", 0, 1 },
	{ ".//local.mk", "a/local.mk", 0, 0 }, /* still anchored */
	{ "cache/.", "cache", 1, 1 },          /* "cache/." is "/cache/" */
	{ "cache/.", "cache", 0, 0 },
	{ "cache/.", "a/cache", 1, 0 },
	{ "...", "...", 0, 1 }, /* a name, not a dot */
	{ ".*", "a/.hidden", 0, 1 },
};

static const char *name_of(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? s + 1 : rel;
}

START_TEST(matches)
{
	struct keep k = { 0 };

	ck_assert_int_eq(keep_add(&k, cases[_i].pattern), 0);
	ck_assert_msg(keep_match(&k, cases[_i].rel, name_of(cases[_i].rel),
				 cases[_i].is_dir) == (cases[_i].match != 0),
		      "pattern '%s' on '%s' (dir %d): expected %d",
		      cases[_i].pattern, cases[_i].rel, cases[_i].is_dir,
		      cases[_i].match);
	keep_free(&k);
}
END_TEST

START_TEST(empty_patterns)
{
	struct keep k = { 0 };

	ck_assert_int_eq(keep_add(&k, ""), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "/"), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "///"), -EINVAL);
	/* Nothing but PATH itself, which is never matched. */
	ck_assert_int_eq(keep_add(&k, "."), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "./"), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "/./."), -EINVAL);
	/* ".." names nothing below PATH. */
	ck_assert_int_eq(keep_add(&k, ".."), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "../x"), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "a/../b"), -EINVAL);
	ck_assert_int_eq(keep_add(&k, "a/.."), -EINVAL);
	ck_assert_uint_eq(k.n, 0);
	ck_assert(!keep_match(&k, "a", "a", false));
	keep_free(&k);
}
END_TEST

START_TEST(several)
{
	struct keep k = { 0 };
	int i;

	/* More than the first allocation holds. */
	for (i = 0; i < 20; i++) {
		char p[16];

		(void)snprintf(p, sizeof(p), "n%d", i);
		ck_assert_int_eq(keep_add(&k, p), 0);
	}
	ck_assert_uint_eq(k.n, 20);
	ck_assert(keep_match(&k, "x/n19", "n19", false));
	ck_assert(keep_match(&k, "n0", "n0", true));
	ck_assert(!keep_match(&k, "n20", "n20", false));
	keep_free(&k);
}
END_TEST

/* Write TEXT (LEN bytes) to a temporary file; its name in NAME. */
static void temp_file(char *name, const char *text, size_t len)
{
	int fd;

	strcpy(name, "/tmp/check_keep.XXXXXX");
	fd = mkstemp(name);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

START_TEST(from_file)
{
	static const char text[] = "# build products stay\n\n*.keep\r\n"
				   "config/local.mk\ncache/\n#not/a/pattern\n";
	struct keep k = { 0 };
	char name[64];
	size_t line = 99;

	temp_file(name, text, sizeof(text) - 1);
	ck_assert_int_eq(keep_add_file(&k, name, &line), 0);
	ck_assert_uint_eq(line, 0);
	ck_assert_uint_eq(k.n, 3);
	ck_assert(keep_match(&k, "a/b.keep", "b.keep", false));
	ck_assert(keep_match(&k, "config/local.mk", "local.mk", false));
	ck_assert(keep_match(&k, "x/cache", "cache", true));
	ck_assert(!keep_match(&k, "x/cache", "cache", false));
	ck_assert(!keep_match(&k, "#not/a/pattern", "pattern", false));
	keep_free(&k);
	(void)unlink(name);
}
END_TEST

START_TEST(file_errors)
{
	static const char nul[] = "ok\nbad\0byte\n";
	static const char slash[] = "ok\n\n/\n";
	struct keep k = { 0 };
	char name[64];
	size_t line;

	ck_assert_int_eq(keep_add_file(&k, "/nonexistent/keep", &line), -ENOENT);
	ck_assert_int_eq(keep_add_file(&k, "/", &line), -EISDIR);
	temp_file(name, nul, sizeof(nul) - 1);
	ck_assert_int_eq(keep_add_file(&k, name, &line), -EINVAL);
	ck_assert_uint_eq(line, 2);
	(void)unlink(name);
	temp_file(name, slash, sizeof(slash) - 1);
	ck_assert_int_eq(keep_add_file(&k, name, &line), -EINVAL);
	ck_assert_uint_eq(line, 3);
	(void)unlink(name);
	keep_free(&k);
}
END_TEST

static Suite *keep_suite(void)
{
	Suite *s = suite_create("keep");
	TCase *tc = tcase_create("match");

	tcase_add_loop_test(tc, matches, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, empty_patterns);
	tcase_add_test(tc, several);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, from_file);
	tcase_add_test(tc, file_errors);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return keep_suite();
}
