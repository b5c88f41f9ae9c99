/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_progress.c - src/cli/progress.c: the formatting of the status line
 * (fields, units, durations, quoting, shortening to a width, rows after a
 * resize) and the rate smoothing.  Drawing on a terminal is covered by
 * tests/cli/progress-tty.sh and tests/cli/progress-plain.sh.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "progress.h"
#include "quote.h"
#include "unit.h"

/* A UTF-8 locale that setlocale() accepted, or NULL. */
static const char *utf8_locale;

/* Run the rest of a test in the UTF-8 locale; false when there is none. */
static bool use_utf8(void)
{
	if (!utf8_locale) {
		fprintf(stderr,
			"check_progress: no UTF-8 locale, case skipped\n");
		return false;
	}
	ck_assert_ptr_nonnull(setlocale(LC_ALL, utf8_locale));
	return true;
}

static void use_c(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
}

/* The line for V at WIDTH, as a C string in the static buffer. */
static const char *line(const struct progress_view *v, size_t width,
			size_t *ret_cols)
{
	static struct qbuf b;
	size_t cols;

	cols = progress_format(&b, v, width);
	if (ret_cols)
		*ret_cols = cols;
	return b.data ? b.data : "";
}

/* The line holds only printable ASCII, or printable characters of the
 * locale: no control byte, no escape sequence, one line. */
static void assert_printable(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		ck_assert_msg(*p >= 0x20 && *p != 0x7f,
			      "control byte 0x%02x in '%s'", *p, s);
}

static bool near(double a, double b, double eps)
{
	return a - b < eps && b - a < eps;
}

/* ---- units ------------------------------------------------------------- */

/* The sizes are human_size()'s: tests/unit/check_human.c. */

/* clang-format off */
static const struct {
	double secs;
	const char *text;
} duration_cases[] = {
	{ 0, "0:00" },
	{ 0.999, "0:00" },
	{ 59.9, "0:59" },
	{ 61, "1:01" },
	{ 600, "10:00" },
	{ 3599, "59:59" },
	{ 3600, "1:00:00" },
	{ 36061, "10:01:01" },
	{ 359999, "99:59:59" },
	{ 360000, ">99:59:59" },
	{ 1e300, ">99:59:59" },
	{ -5, "0:00" },
};
/* clang-format on */

START_TEST(durations)
{
	char buf[32];

	progress_duration(buf, sizeof(buf), duration_cases[_i].secs);
	ck_assert_str_eq(buf, duration_cases[_i].text);
}
END_TEST

START_TEST(duration_nan)
{
	char buf[32];

	progress_duration(buf, sizeof(buf), NAN);
	ck_assert_str_eq(buf, "0:00");
}
END_TEST

START_TEST(smoothing)
{
	double r = 100;
	int i;

	ck_assert(progress_smooth(100, 500, 0) == 100); /* no time: no change */
	ck_assert(progress_smooth(100, 500, -1) == 100);
	/* dt equal to the time constant: half way. */
	ck_assert(near(progress_smooth(100, 200, 2.0), 150, 1e-9));
	/* A short sample moves it less than a long one. */
	ck_assert(progress_smooth(100, 200, 0.1) < progress_smooth(100, 200, 1));
	/* A steady new rate is reached. */
	for (i = 0; i < 200; i++)
		r = progress_smooth(r, 1000, 0.1);
	ck_assert(near(r, 1000, 1));
}
END_TEST

START_TEST(rows)
{
	ck_assert_uint_eq(progress_rows(0, 80), 1);
	ck_assert_uint_eq(progress_rows(1, 80), 1);
	ck_assert_uint_eq(progress_rows(79, 80), 1);
	ck_assert_uint_eq(progress_rows(80, 80), 1);
	ck_assert_uint_eq(progress_rows(81, 80), 2);
	ck_assert_uint_eq(progress_rows(160, 80), 2);
	ck_assert_uint_eq(progress_rows(161, 80), 3);
	ck_assert_uint_eq(progress_rows(99, 40), 3);
	ck_assert_uint_eq(progress_rows(5, 0), 1);
}
END_TEST

START_TEST(columns)
{
	use_c();
	ck_assert_uint_eq(progress_columns("", 0), 0);
	ck_assert_uint_eq(progress_columns("abc", 3), 3);
	ck_assert_uint_eq(progress_columns("a\377b", 3), 3);
	if (!use_utf8())
		return;
	ck_assert_uint_eq(progress_columns("caf\303\251", 5), 4); /* é */
	ck_assert_uint_eq(progress_columns("\346\227\245\346\234\254", 6),
			  4); /* 日本 */
	ck_assert_uint_eq(progress_columns("a\377b", 3), 3);
	ck_assert_uint_eq(progress_columns("\303", 1), 1); /* cut short */
	use_c();
}
END_TEST

/* ---- the line ------------------------------------------------------------ */

START_TEST(format_fields)
{
	struct progress_view v = {
		.entries = 12345,
		.bytes = 1536,
		.sizes = true,
		.elapsed = 75.4,
		.rate = 1234.4,
		.where = "dir/sub",
		.where_len = 7,
	};

	use_c();
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "12345 entries, 1.5 KiB, 1234/s, 1:15, in dir/sub");
	/* Sizes unknown: no bytes at all, rather than a wrong 0 B. */
	v.sizes = false;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "12345 entries, 1234/s, 1:15, in dir/sub");
	v.sizes = true;
	v.where = NULL;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "12345 entries, 1.5 KiB, 1234/s, 1:15");
	v.entries = 0;
	v.bytes = 0;
	v.rate = 0;
	v.elapsed = 0;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL), "0 entries, 0 B, 0/s, 0:00");
	/* One entry, singular; the sizes in binary units, whole from 10 on. */
	v.entries = 1;
	v.bytes = 12582912;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL), "1 entry, 12 MiB, 0/s, 0:00");
	v.entries = 2;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "2 entries, 12 MiB, 0/s, 0:00");
}
END_TEST

START_TEST(format_plan)
{
	struct progress_view v = {
		.entries = 12345,
		.bytes = 1536,
		.sizes = true,
		.total = 100000,
		.elapsed = 75.4,
		.rate = 1234.4,
		.where = "d",
		.where_len = 1,
	};

	use_c();
	/* 87655 entries to go at 1234.4/s: 71 s. */
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "12% 12345/100000 entries, 1.5 KiB, 1234/s, 1:15, "
			 "ETA 1:11, in d");
	v.rate = 0;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "12% 12345/100000 entries, 1.5 KiB, 0/s, 1:15, "
			 "ETA --:--, in d");
	/* More than planned (the tree grew): 100%, nothing left. */
	v.entries = 100001;
	v.rate = 10;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "100% 100001/100000 entries, 1.5 KiB, 10/s, 1:15, "
			 "ETA 0:00, in d");
	v.sizes = false;
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "100% 100001/100000 entries, 10/s, 1:15, ETA 0:00, in d");
	/* Never 100% before the end. */
	v.entries = 99999;
	ck_assert_str_eq(line(&v, 4, NULL), "99% ");
	/* The noun goes with the total: "0/1 entry", "1/2 entries". */
	v.total = 1;
	v.entries = 0;
	ck_assert_str_eq(line(&v, 12, NULL), "0% 0/1 entry");
	v.total = 2;
	v.entries = 1;
	ck_assert_str_eq(line(&v, 15, NULL), "50% 1/2 entries");
}
END_TEST

/* -I's plan: the line says so; the label is part of the head, cut last. */
START_TEST(format_label)
{
	struct progress_view v = {
		.entries = 12345,
		.bytes = 1536,
		.sizes = true,
		.elapsed = 75.4,
		.rate = 1234.4,
		.where = "d",
		.where_len = 1,
		.label = "planning",
	};
	char label[120];
	size_t cols;

	use_c();
	ck_assert_str_eq(line(&v, SIZE_MAX, NULL),
			 "planning: 12345 entries, 1.5 KiB, 1234/s, 1:15, in d");
	ck_assert_str_eq(line(&v, 40, NULL),
			 "planning: 12345 entries, 1.5 KiB, 1234/s");
	ck_assert_str_eq(line(&v, 5, &cols), "plann");
	ck_assert_uint_eq(cols, 5);
	v.total = 100000;
	ck_assert_str_eq(line(&v, 38, NULL),
			 "planning: 12% 12345/100000 entries");
	/* A label longer than the head's buffer is cut, never overrun. */
	memset(label, 'x', sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';
	v.label = label;
	v.total = 0;
	(void)line(&v, SIZE_MAX, &cols);
	ck_assert_uint_eq(strspn(line(&v, SIZE_MAX, NULL), "x"), 79);
	ck_assert_uint_lt(cols, 79 + 40);
}
END_TEST

START_TEST(format_drops_fields)
{
	struct progress_view v = {
		.entries = 12345,
		.bytes = 1536,
		.sizes = true,
		.elapsed = 75.4,
		.rate = 1234.4,
		.where = "some/directory",
		.where_len = 14,
	};
	const char *full = "12345 entries, 1.5 KiB, 1234/s, 1:15";
	size_t cols;

	use_c();
	/* Exactly the fields: no room for ", in " and 8 columns of path. */
	ck_assert_str_eq(line(&v, strlen(full), &cols), full);
	ck_assert_uint_eq(cols, strlen(full));
	ck_assert_str_eq(line(&v, strlen(full) + 12, NULL), full);
	/* One column short of the last field: it is left off. */
	ck_assert_str_eq(line(&v, strlen(full) - 1, NULL),
			 "12345 entries, 1.5 KiB, 1234/s");
	ck_assert_str_eq(line(&v, 13, NULL), "12345 entries");
	/* Narrower than the count itself: cut. */
	ck_assert_str_eq(line(&v, 5, &cols), "12345");
	ck_assert_str_eq(line(&v, 0, &cols), "");
	ck_assert_uint_eq(cols, 0);
	/* The smallest width with a path: 8 columns of it. */
	ck_assert_str_eq(line(&v, strlen(full) + 5 + 8, NULL),
			 "12345 entries, 1.5 KiB, 1234/s, 1:15, in ...ctory");
}
END_TEST

START_TEST(format_quotes_path)
{
	static const char name[] = "a b\nc\033[2J";
	struct progress_view v = {
		.entries = 1,
		.sizes = true,
		.where = name,
		.where_len = sizeof(name) - 1,
	};
	struct qbuf q = { 0 };
	char want[256];
	const char *s;

	use_c();
	quote_shell(&q, name, sizeof(name) - 1, false);
	(void)snprintf(want, sizeof(want), "1 entry, 0 B, 0/s, 0:00, in %s",
		       q.data);
	s = line(&v, SIZE_MAX, NULL);
	ck_assert_str_eq(s, want);
	/* The escape sequence in the name is shown, never sent. */
	ck_assert_ptr_null(strchr(s, '\033'));
	ck_assert_ptr_null(strchr(s, '\n'));
	ck_assert_str_eq(q.data, "'a b'$'\\n''c'$'\\033''[2J'");
	qbuf_free(&q);
}
END_TEST

START_TEST(shorten)
{
	struct qbuf b = { 0 };
	size_t cols;

	use_c();
	cols = progress_shorten(&b, "abcdefghij", 10, 10);
	ck_assert_str_eq(b.data, "abcdefghij");
	ck_assert_uint_eq(cols, 10);
	qbuf_reset(&b);
	cols = progress_shorten(&b, "abcdefghij", 10, 8);
	ck_assert_str_eq(b.data, "...fghij");
	ck_assert_uint_eq(cols, 8);
	/* Quoted tails are quoted on their own: balanced quotes. */
	qbuf_reset(&b);
	cols = progress_shorten(&b, "dir with space/leaf name", 24, 15);
	ck_assert_str_eq(b.data, "...'/leaf name'");
	ck_assert_uint_eq(cols, 15);
	/* A tail that loses its need for quotes loses its quotes. */
	qbuf_reset(&b);
	(void)progress_shorten(&b, "a b/cdefgh", 10, 9);
	ck_assert_str_eq(b.data, "...cdefgh");
	/* Hardly any room. */
	qbuf_reset(&b);
	cols = progress_shorten(&b, "abcdefghij", 10, 2);
	ck_assert_str_eq(b.data, "..");
	ck_assert_uint_eq(cols, 2);
	qbuf_reset(&b);
	cols = progress_shorten(&b, "ab\ncd", 5, 4);
	ck_assert_uint_le(cols, 4);
	ck_assert_ptr_null(strchr(b.data, '\n'));
	qbuf_free(&b);
}
END_TEST

START_TEST(shorten_utf8)
{
	/* 30 times "é" then 20 times "日": never cut inside a character. */
	char name[200];
	struct qbuf b = { 0 };
	size_t i, n = 0, room, cols;

	if (!use_utf8())
		return;
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(name + n, sizeof(name) - n, "\303\251");
	for (i = 0; i < 20; i++)
		n += (size_t)snprintf(name + n, sizeof(name) - n, "\346\227\245");
	for (room = 4; room < 80; room++) {
		qbuf_reset(&b);
		cols = progress_shorten(&b, name, n, room);
		ck_assert_uint_le(cols, room);
		ck_assert_uint_eq(cols, progress_columns(b.data, b.len));
		/* Valid UTF-8 all through (mbstowcs stops at a bad byte). */
		ck_assert_uint_ne(mbstowcs(NULL, b.data, 0), (size_t)-1);
		/* Shortened only when needed (the whole is 70 columns); a
		 * double-width character may leave one column unused. */
		if (room >= 70)
			ck_assert_uint_eq(cols, 70);
		else
			ck_assert_uint_ge(cols + 1, room);
	}
	qbuf_free(&b);
	use_c();
}
END_TEST

/* Whatever the width, the line fits, is printable and ends with the
 * tail of the path when there is room for it. */
static void check_widths(const struct progress_view *v)
{
	size_t width, cols, flen;
	char full[4096];
	const char *s;

	(void)snprintf(full, sizeof(full), "%s", line(v, SIZE_MAX, &flen));
	for (width = 0; width < 260; width++) {
		s = line(v, width, &cols);
		ck_assert_uint_le(cols, width);
		ck_assert_uint_eq(cols, progress_columns(s, strlen(s)));
		assert_printable(s);
		if (width >= flen)
			ck_assert_str_eq(s, full);
		if (width >= 100) /* room for the fields and a path */
			ck_assert_msg(strstr(s, ", in ") != NULL,
				      "no path at width %zu: %s", width, s);
	}
}

START_TEST(widths)
{
	static const char long_path[] =
		"/srv/build/a rather long directory name/with many/levels/"
		"and\tcontrol\001bytes/and a \377 bad byte/node_modules/leaf";
	static const char utf8_path[] =
		"/home/\303\251t\303\251/\346\227\245\346\234\254\350\252\236/"
		"\346\226\207\346\233\270/caf\303\251 cr\303\250me/leaf";
	struct progress_view v = {
		.entries = 123456789,
		.bytes = 98765432101ull,
		.sizes = true,
		.total = 200000000,
		.elapsed = 4000,
		.rate = 30864.2,
		.where = long_path,
		.where_len = sizeof(long_path) - 1,
	};

	use_c();
	check_widths(&v);
	v.total = 0;
	check_widths(&v);
	v.sizes = false;
	check_widths(&v);
	if (!use_utf8())
		return;
	check_widths(&v);
	v.where = utf8_path;
	v.where_len = sizeof(utf8_path) - 1;
	check_widths(&v);
	use_c();
}
END_TEST

static Suite *progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc;

	tc = tcase_create("units");
	tcase_add_loop_test(tc, durations, 0,
			    (int)(sizeof(duration_cases) /
				  sizeof(duration_cases[0])));
	tcase_add_test(tc, duration_nan);
	tcase_add_test(tc, smoothing);
	tcase_add_test(tc, rows);
	tcase_add_test(tc, columns);
	suite_add_tcase(s, tc);
	tc = tcase_create("line");
	tcase_add_test(tc, format_fields);
	tcase_add_test(tc, format_plan);
	tcase_add_test(tc, format_label);
	tcase_add_test(tc, format_drops_fields);
	tcase_add_test(tc, format_quotes_path);
	tcase_add_test(tc, shorten);
	tcase_add_test(tc, shorten_utf8);
	tcase_add_test(tc, widths);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	if (setlocale(LC_ALL, "C.UTF-8"))
		utf8_locale = "C.UTF-8";
	else if (setlocale(LC_ALL, "C.utf8"))
		utf8_locale = "C.utf8";
	(void)setlocale(LC_ALL, "C");
	return progress_suite();
}
