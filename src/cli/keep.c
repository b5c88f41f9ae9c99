/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/* keep.c - keep patterns.  See keep.h. */
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keep.h"

/*
 * The components of PATTERN[0..LEN) joined by single slashes into GLOB
 * (room for LEN + 1 bytes): empty ones ("a//b") and "." ("./a", "a/./b")
 * are dropped, as in a path; ".." names nothing below PATH (-EINVAL).
 * Returns the number of components kept; LAST_DOT is set when the last
 * one was "." ("a/." names a directory, as "a/" does).
 */
static int components(const char *pattern, size_t len, char *glob,
		      bool *ret_last_dot)
{
	size_t i = 0, n, out = 0;
	int count = 0;

	*ret_last_dot = false;
	while (i < len) {
		for (n = 0; i + n < len && pattern[i + n] != '/'; n++)
			;
		*ret_last_dot = n == 1 && pattern[i] == '.';
		if (n == 2 && pattern[i] == '.' && pattern[i + 1] == '.')
			return -EINVAL;
		if (n > 0 && !*ret_last_dot) {
			if (out > 0)
				glob[out++] = '/';
			memcpy(glob + out, pattern + i, n);
			out += n;
			count++;
		}
		i += n + 1;
	}
	glob[out] = '\0';
	return count;
}

int keep_add(struct keep *k, const char *pattern)
{
	struct keep_pattern p = { 0 };
	size_t len = strlen(pattern);
	bool last_dot;
	int n;

	while (len > 0 && pattern[len - 1] == '/') {
		p.dir_only = true;
		len--;
	}
	p.glob = malloc(len + 1);
	if (!p.glob)
		return -ENOMEM;
	n = components(pattern, len, p.glob, &last_dot);
	if (n <= 0) {
		free(p.glob);
		return -EINVAL; /* nothing left, or ".." */
	}
	p.dir_only = p.dir_only || last_dot;
	/* "/x" and "./x" name x in PATH: anchored, as "a/x" is. */
	p.anchored = memchr(pattern, '/', len) != NULL;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 8;
		struct keep_pattern *np;

		np = cap > SIZE_MAX / sizeof(*np) ?
			     NULL :
			     realloc(k->p, cap * sizeof(*np));
		if (!np) {
			free(p.glob);
			return -ENOMEM;
		}
		k->p = np;
		k->cap = cap;
	}
	k->p[k->n++] = p;
	return 0;
}

int keep_add_file(struct keep *k, const char *file, size_t *ret_line)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int r = 0;

	*ret_line = 0;
	if (!f)
		return -errno;
	for (errno = 0; (len = getline(&line, &cap, f)) >= 0; errno = 0) {
		++*ret_line;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if ((size_t)len != strlen(line)) {
			r = -EINVAL; /* a NUL byte: no name holds one */
			break;
		}
		r = keep_add(k, line);
		if (r < 0)
			break;
	}
	/* getline() failing on a read error sets errno (EISDIR, EIO...). */
	if (r == 0 && ferror(f))
		r = errno ? -errno : -EIO;
	if (r == 0)
		*ret_line = 0;
	free(line);
	if (f != stdin)
		(void)fclose(f);
	return r;
}

bool keep_match(const struct keep *k, const char *rel, const char *name,
		bool is_dir)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		const struct keep_pattern *p = &k->p[i];

		if (p->dir_only && !is_dir)
			continue;
		if (fnmatch(p->glob, p->anchored ? rel : name, FNM_PATHNAME) == 0)
			return true;
	}
	return false;
}

void keep_free(struct keep *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->p[i].glob);
	free(k->p);
	k->p = NULL;
	k->n = k->cap = 0;
}
