/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/* main.c - the main of every Check program: run unit_suite(). */
#include <check.h>
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	Suite *s = unit_suite();
	SRunner *sr;
	int failed;

	if (!s)
		return 77; /* skipped: unit_suite() said why */
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
