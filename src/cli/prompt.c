/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * prompt.c - the -I question on the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "prompt.h"

/* True when standard input is a terminal. */
bool prompt_have_terminal(void)
{
	return isatty(STDIN_FILENO) == 1;
}

/* Ask once; see prompt.h.  Like GNU rm -I, only y/yes goes ahead. */
int prompt_yes_no(const char *question)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int yes = 0;

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	n = getline(&line, &cap, stdin);
	if (n > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		yes = strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
	}
	free(line);
	return yes;
}
