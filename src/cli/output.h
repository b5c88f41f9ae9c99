/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * output.h - everything sw-rmtree prints: listings (text, -0, --json),
 * messages and summaries.  Messages are built here only.
 */
#ifndef SWRMTREE_CLI_OUTPUT_H
#define SWRMTREE_CLI_OUTPUT_H

#include <stdbool.h>

#include <swrmtree.h>

#include "progress.h"
#include "quote.h"

enum output_mode {
	OUTPUT_NONE = 0, /* no listing */
	OUTPUT_TEXT,     /* one shell-escaped path per line */
	OUTPUT_NUL,      /* raw paths, NUL-terminated */
	OUTPUT_JSON,     /* one JSON object per entry, then a summary object */
};

struct output {
	unsigned int mode; /* enum output_mode */
	bool stats;        /* --stats */
	bool keep;         /* --keep: the summaries count what it kept */
	bool to_syslog; /* messages to syslog(3), not stderr (--detach's remover) */
	struct qbuf buf;
	struct progress progress;
};

void output_init(struct output *out, unsigned int mode, bool stats);
void output_free(struct output *out);
/* An entry went (or would go) or stays: list it as the mode says. */
void output_entry(struct output *out, const struct swrmtree_entry *e);
/* One failure: one line on stderr. */
void output_error(struct output *out, const struct swrmtree_error *e);
/* --collect could not look into DIR: one line, CODE as in swrmtree.h. */
void output_collect_error(struct output *out, const char *dir, int code);
/* The summary: "would remove ..." for a plan, --stats line, JSON object. */
void output_summary(struct output *out, const struct swrmtree_stats *st,
		    bool dry_run);

#endif /* SWRMTREE_CLI_OUTPUT_H */
