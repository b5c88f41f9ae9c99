/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_passwd.c - src/lib/passwd.c: the home from /etc/passwd where the
 * name service switch asks "files" first, and the C library's answer
 * everywhere else; the same home as getpwuid_r() for the caller.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "passwd.h"
#include "fixture.h"
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

/* Write TEXT to scratch/NAME and return its path (malloc'd). */
static char *put(const char *name, const char *text)
{
	char *path = fixture_path(scratch, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static const char passwd[] = "# a comment\n"
			     "\n"
			     "root:x:0:0:root:/root:/bin/bash\n"
			     "  daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
			     "alice:x:1234:1234:Alice:/home/alice:/bin/sh\n"
			     "alias:x:1234:1234:Alice again:/home/other:/bin/sh\n"
			     "rel:x:77:77::home/rel:/bin/sh\n";

/*
 * What passwd_home_files() answers for UID with the switch SWITCH and the
 * password file PW: R, and the home HOME (NULL: none).
 */
static void expect(const char *sw, const char *pw, uid_t uid, int r,
		   const char *home)
{
	char *ns = put("nsswitch.conf", sw), *pf = put("passwd", pw), *got;

	ck_assert_int_eq(passwd_home_files(uid, ns, pf, &got), r);
	if (home)
		ck_assert_str_eq(got ? got : "(none)", home);
	else
		ck_assert_ptr_null(got);
	free(got);
	free(ns);
	free(pf);
}

START_TEST(files_first_answers)
{
	expect("passwd: files systemd\ngroup: files\n", passwd, 1234, 1,
	       "/home/alice");
	expect("# passwd: ldap\n  passwd :\tfiles   # local first\n", passwd, 0,
	       1, "/root");
	expect("passwd: files\n", passwd, 1, 1, "/usr/sbin");
	/* A home that is not absolute is none, as the guards take it. */
	expect("passwd: files\n", passwd, 77, 1, NULL);
}
END_TEST

START_TEST(others_ask_the_library)
{
	/* Another source first, an action on files' answers, compat. */
	expect("passwd: ldap files\n", passwd, 1234, 0, NULL);
	expect("passwd: files [NOTFOUND=return] ldap\n", passwd, 1234, 0, NULL);
	expect("passwd: files[SUCCESS=continue] ldap\n", passwd, 1234, 0, NULL);
	expect("passwd: compat\n", passwd, 1234, 0, NULL);
	/* No passwd line, or two of them. */
	expect("group: files\n", passwd, 1234, 0, NULL);
	expect("passwd: files\npasswd: ldap\n", passwd, 1234, 0, NULL);
	/* Not in the file: the other sources may know the uid. */
	expect("passwd: files systemd\n", passwd, 4321, 0, NULL);
	/* Lines this does not read as glibc would, before the uid's. */
	expect("passwd: files\n", "+::::::\nalice:x:1234:1:A:/home/a:/bin/sh\n",
	       1234, 0, NULL);
	expect("passwd: files\n",
	       "bob:x:5:5:/home/bob:/bin/sh\n"
	       "alice:x:1234:1:A:/home/a:/bin/sh\n",
	       1234, 0, NULL);
	expect("passwd: files\n",
	       "bob:x:+5:5::/home/bob:/bin/sh\n"
	       "alice:x:1234:1:A:/home/a:/bin/sh\n",
	       1234, 0, NULL);
	expect("passwd: files\n",
	       "bob:x:5:5::/home/bob:/bin/sh:extra\n"
	       "alice:x:1234:1:A:/home/a:/bin/sh\n",
	       1234, 0, NULL);
}
END_TEST

START_TEST(missing_files_ask_the_library)
{
	char *pf = put("passwd", passwd),
	     *ns = put("nsswitch.conf", "passwd: files\n");
	char *none = fixture_path(scratch, "none"), *got = NULL;

	ck_assert_int_eq(passwd_home_files(1234, none, pf, &got), 0);
	ck_assert_ptr_null(got);
	ck_assert_int_eq(passwd_home_files(1234, ns, none, &got), 0);
	ck_assert_ptr_null(got);
	free(none);
	free(ns);
	free(pf);
}
END_TEST

/* For the caller, whichever way it takes: what getpwuid_r() says. */
START_TEST(same_as_getpwuid)
{
	struct passwd pw, *res = NULL;
	char buf[16384], *home = NULL;
	int r;

	ck_assert_int_eq(passwd_home(getuid(), &home), 0);
	r = getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res);
	if (r == 0 && res && res->pw_dir && res->pw_dir[0] == '/')
		ck_assert_str_eq(home ? home : "(none)", res->pw_dir);
	else
		ck_assert_ptr_null(home);
	free(home);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("passwd");
	TCase *tc = tcase_create("passwd");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, files_first_answers);
	tcase_add_test(tc, others_ask_the_library);
	tcase_add_test(tc, missing_files_ask_the_library);
	tcase_add_test(tc, same_as_getpwuid);
	suite_add_tcase(s, tc);
	return s;
}
