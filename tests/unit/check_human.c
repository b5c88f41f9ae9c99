/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_human.c - src/cli/human.c: sizes in binary units (each unit's
 * first value, the rounding edges, the largest count), plural forms, and
 * the counts of the summary lines.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "human.h"
#include "unit.h"

/* ---- sizes ------------------------------------------------------------- */

static const struct {
	uint64_t bytes;
	const char *text;
} size_cases[] = {
	{ 0, "0 B" },
	{ 1, "1 B" },
	{ 1023, "1023 B" },
	{ 1024, "1.0 KiB" },
	{ 1075, "1.0 KiB" }, /* 1.0498 */
	{ 1076, "1.1 KiB" }, /* 1.0508 */
	{ 1536, "1.5 KiB" },
	{ 3500, "3.4 KiB" },  /* 3.418 */
	{ 10188, "9.9 KiB" }, /* 9.9492 */
	{ 10189, "10 KiB" },  /* 9.9502: not "10.0 KiB" */
	{ 10239, "10 KiB" },
	{ 11263, "11 KiB" },     /* 10.999 */
	{ 70005, "68 KiB" },     /* 68.36 */
	{ 1048063, "1023 KiB" }, /* 1023.4990 */
	{ 1048064, "1.0 MiB" },  /* 1023.5: not "1024 KiB" */
	{ 1048576, "1.0 MiB" },
	{ 12582912, "12 MiB" },
	{ 128974848, "123 MiB" },
	{ 1630217216, "1.5 GiB" }, /* 1.518 */
	{ 1073741824, "1.0 GiB" },
	{ 1099511627776ull, "1.0 TiB" },
	{ 1125899906842624ull, "1.0 PiB" },
	{ 1152921504606846975ull, "1.0 EiB" }, /* 2^60 - 1: 1024 PiB */
	{ 1152921504606846976ull, "1.0 EiB" },
	{ 11471568970838127411ull, "9.9 EiB" }, /* just below 9.95 */
	{ 11471568970838127412ull, "10 EiB" },  /* just above 9.95 */
	{ UINT64_MAX, "16 EiB" },
};

START_TEST(sizes)
{
	char buf[16];

	human_size(buf, sizeof(buf), size_cases[_i].bytes);
	ck_assert_str_eq(buf, size_cases[_i].text);
}
END_TEST

/* A short buffer gets a cut but terminated string. */
START_TEST(size_short_buffer)
{
	char buf[4];

	memset(buf, 'x', sizeof(buf));
	human_size(buf, sizeof(buf), 128974848);
	ck_assert_str_eq(buf, "123");
}
END_TEST

/* ---- plurals and counts ------------------------------------------------ */

START_TEST(plurals)
{
	ck_assert_str_eq(human_plural(0, "file", "files"), "files");
	ck_assert_str_eq(human_plural(1, "file", "files"), "file");
	ck_assert_str_eq(human_plural(2, "file", "files"), "files");
	ck_assert_str_eq(human_plural(UINT64_MAX, "file", "files"), "files");
}
END_TEST

/* For people (TEXT) and for programs (SPEC's form, PLAIN). */
static const struct {
	uint64_t files, dirs, bytes;
	const char *text, *plain;
} count_cases[] = {
	{ 0, 0, 0, "0 files, 0 directories, 0 bytes",
	  "0 files, 0 directories, 0 bytes" },
	{ 1, 1, 1, "1 file, 1 directory, 1 byte",
	  "1 files, 1 directories, 1 bytes" },
	{ 2, 2, 2, "2 files, 2 directories, 2 bytes",
	  "2 files, 2 directories, 2 bytes" },
	{ 1, 0, 1023, "1 file, 0 directories, 1023 bytes",
	  "1 files, 0 directories, 1023 bytes" },
	{ 1, 1, 1024, "1 file, 1 directory, 1024 bytes (1.0 KiB)",
	  "1 files, 1 directories, 1024 bytes" },
	{ 2, 2, 3500, "2 files, 2 directories, 3500 bytes (3.4 KiB)",
	  "2 files, 2 directories, 3500 bytes" },
	{ 48113, 5120, 1630217216,
	  "48113 files, 5120 directories, 1630217216 bytes (1.5 GiB)",
	  "48113 files, 5120 directories, 1630217216 bytes" },
	{ UINT64_MAX, UINT64_MAX, UINT64_MAX,
	  "18446744073709551615 files, 18446744073709551615 directories, "
	  "18446744073709551615 bytes (16 EiB)",
	  "18446744073709551615 files, 18446744073709551615 directories, "
	  "18446744073709551615 bytes" },
};

START_TEST(counts)
{
	char buf[HUMAN_COUNTS_SIZE];

	human_counts(buf, sizeof(buf), count_cases[_i].files,
		     count_cases[_i].dirs, count_cases[_i].bytes, true);
	ck_assert_str_eq(buf, count_cases[_i].text);
	human_counts(buf, sizeof(buf), count_cases[_i].files,
		     count_cases[_i].dirs, count_cases[_i].bytes, false);
	ck_assert_str_eq(buf, count_cases[_i].plain);
}
END_TEST

/* Cut short, the line is still terminated and nothing is appended past
 * the end. */
START_TEST(counts_short_buffer)
{
	char buf[24];

	human_counts(buf, sizeof(buf), 2, 2, 3500, true);
	ck_assert_str_eq(buf, "2 files, 2 directories,");
}
END_TEST

static Suite *human_suite(void)
{
	Suite *s = suite_create("human");
	TCase *tc;

	tc = tcase_create("sizes");
	tcase_add_loop_test(tc, sizes, 0,
			    (int)(sizeof(size_cases) / sizeof(size_cases[0])));
	tcase_add_test(tc, size_short_buffer);
	suite_add_tcase(s, tc);
	tc = tcase_create("counts");
	tcase_add_test(tc, plurals);
	tcase_add_loop_test(tc, counts, 0,
			    (int)(sizeof(count_cases) / sizeof(count_cases[0])));
	tcase_add_test(tc, counts_short_buffer);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return human_suite();
}
