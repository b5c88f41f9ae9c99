/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * prompt.h - the -I question on the terminal.
 */
#ifndef SWRMTREE_CLI_PROMPT_H
#define SWRMTREE_CLI_PROMPT_H

#include <stdbool.h>

/* True when standard input is a terminal. */
bool prompt_have_terminal(void);

/*
 * Write QUESTION and " [y/N] " to stderr and read one line from stdin.
 * Returns 1 for "y" or "yes" (any case), 0 for anything else or end of file.
 */
int prompt_yes_no(const char *question);

#endif /* SWRMTREE_CLI_PROMPT_H */
