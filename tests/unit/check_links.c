/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_links.c - src/lib/links.c: the space a removal frees.  Files with
 * one link and directories free their blocks; a hard-linked inode frees
 * them once, when its last link goes (its count seen as fixed, as a plan
 * sees it, or falling, as a real run sees it); an inode with a link that
 * does not go frees nothing; inodes are told apart by device and inode;
 * the table grows past its first size and keeps what it held.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "links.h"
#include "unit.h"

/* An entry of MODE with identity (DEV, INO), NLINK links, BLOCKS blocks. */
static struct util_info entry(mode_t mode, dev_t dev, ino_t ino, uint64_t nlink,
			      uint64_t blocks)
{
	struct util_info info;

	memset(&info, 0, sizeof(info));
	info.mode = mode;
	info.id.dev = dev;
	info.id.ino = ino;
	info.nlink = nlink;
	info.blocks = blocks;
	return info;
}

/* What INFO going frees, asserting that the table had the memory. */
static uint64_t freed(struct links *t, struct util_info info)
{
	uint64_t bytes = UINT64_MAX;

	ck_assert_int_eq(links_freed(t, &info, &bytes), 0);
	return bytes;
}

START_TEST(single_links)
{
	struct links t;

	links_init(&t);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG | 0644, 1, 10, 1, 8)), 4096);
	ck_assert_uint_eq(freed(&t, entry(S_IFLNK | 0777, 1, 11, 1, 0)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFLNK | 0777, 1, 12, 1, 8)), 4096);
	/* A directory's link count is no hard link: it frees at once. */
	ck_assert_uint_eq(freed(&t, entry(S_IFDIR | 0755, 1, 13, 5, 8)), 4096);
	/* None of them took memory. */
	ck_assert_ptr_null(t.slots);
	ck_assert_uint_eq(t.used, 0);
	links_free(&t);
}
END_TEST

/* A plan: every link of the inode shows the same count. */
START_TEST(all_links_fixed_count)
{
	struct links t;

	links_init(&t);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 20, 3, 16)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 20, 3, 16)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 20, 3, 16)), 8192);
	ck_assert_uint_eq(t.used, 1);
	/* A link made meanwhile does not count it twice. */
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 20, 4, 16)), 0);
	links_free(&t);
	ck_assert_ptr_null(t.slots);
}
END_TEST

/* A real run: each unlink leaves one link fewer for the next one seen. */
START_TEST(all_links_falling_count)
{
	struct links t;

	links_init(&t);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 30, 3, 8)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 30, 2, 8)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 30, 1, 8)), 4096);
	/* Parallel workers may both see 2 before either unlinks. */
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 31, 2, 8)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 31, 2, 8)), 4096);
	links_free(&t);
}
END_TEST

/* A link outside the tree (or one that stays): nothing is freed. */
START_TEST(link_outside)
{
	struct links t;

	links_init(&t);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 40, 3, 8)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 1, 40, 3, 8)), 0);
	/* Same inode number, another device: another file. */
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 2, 40, 2, 8)), 0);
	ck_assert_uint_eq(freed(&t, entry(S_IFREG, 2, 40, 2, 8)), 4096);
	ck_assert_uint_eq(t.used, 2);
	links_free(&t);
}
END_TEST

/* Thousands of inodes, each with two links: one pass of first links,
 * one of second links, and every inode frees exactly once. */
START_TEST(grows)
{
	struct links t;
	uint64_t total = 0;
	ino_t i, n = 5000;

	links_init(&t);
	for (i = 1; i <= n; i++)
		total += freed(&t, entry(S_IFREG, 7, i * 4096, 2, 1));
	ck_assert_uint_eq(total, 0);
	ck_assert_uint_eq(t.used, n);
	ck_assert_uint_ge(t.cap, 2 * n);
	for (i = n; i >= 1; i--)
		total += freed(&t, entry(S_IFREG, 7, i * 4096, 2, 1));
	ck_assert_uint_eq(total, (uint64_t)n * 512);
	ck_assert_uint_eq(t.used, n);
	links_free(&t);
	links_free(NULL);
}
END_TEST

static Suite *links_suite(void)
{
	Suite *s = suite_create("links");
	TCase *tc = tcase_create("freed");

	tcase_add_test(tc, single_links);
	tcase_add_test(tc, all_links_fixed_count);
	tcase_add_test(tc, all_links_falling_count);
	tcase_add_test(tc, link_outside);
	tcase_add_test(tc, grows);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return links_suite();
}
