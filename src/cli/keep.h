/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * keep.h - --keep and --keep-from: patterns of entries that stay.
 *
 * A pattern is matched with fnmatch(3) and FNM_PATHNAME.  One that holds a
 * slash (after a trailing slash is dropped, and a leading "/" or "./")
 * matches the path relative to PATH; one without matches the name at any
 * depth.  A trailing slash matches directories only.
 */
#ifndef SWRMTREE_CLI_KEEP_H
#define SWRMTREE_CLI_KEEP_H

#include <stdbool.h>
#include <stddef.h>

struct keep_pattern {
	char *glob;    /* the pattern, without its decorations */
	bool anchored; /* matches the relative path, not the name */
	bool dir_only; /* had a trailing slash */
};

struct keep {
	struct keep_pattern *p;
	size_t n, cap;
};

/*
 * Add PATTERN.  Repeated slashes count as one and "." components are
 * dropped ("./a//b" is "a/b", anchored; "a/." is "a/").  Returns 0,
 * -EINVAL for a pattern that names no entry below PATH (nothing left, or a
 * ".." component), or -ENOMEM.
 */
int keep_add(struct keep *k, const char *pattern);

/*
 * Add the patterns of FILE ("-": standard input), one a line; empty lines
 * and lines starting with '#' are skipped, and a '\r' before the newline
 * is dropped.  Returns 0, -errno (the file could not be read), or -EINVAL
 * with the line at fault in *RET_LINE.
 */
int keep_add_file(struct keep *k, const char *file, size_t *ret_line);

/* Does an entry (relative path REL, name NAME, IS_DIR) match a pattern? */
bool keep_match(const struct keep *k, const char *rel, const char *name,
		bool is_dir);

void keep_free(struct keep *k);

#endif /* SWRMTREE_CLI_KEEP_H */
