/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * unit.h - what each Check program gives the one main (main.c): its
 * suite.  A program that cannot run here says why on stderr and returns
 * NULL: the test is then skipped (exit status 77).
 */
#ifndef SWRMTREE_TESTS_UNIT_H
#define SWRMTREE_TESTS_UNIT_H

#include <check.h>

Suite *unit_suite(void);

#endif /* SWRMTREE_TESTS_UNIT_H */
