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

int keep_add(struct keep *k, const char *pattern)
{
	struct keep_pattern p = { 0 };
	size_t len = strlen(pattern);

	while (len > 0 && pattern[len - 1] == '/') {
		p.dir_only = true;
		len--;
	}
	/* "/x" and "./x" name x in PATH: anchored, as "a/x" is. */
	for (;;) {
		if (len > 0 && pattern[0] == '/') {
			pattern++;
			len--;
			p.anchored = true;
		} else if (len > 2 && pattern[0] == '.' && pattern[1] == '/') {
			pattern += 2;
			len -= 2;
			p.anchored = true;
		} else {
			break;
		}
	}
	if (len == 0)
		return -EINVAL;
	if (memchr(pattern, '/', len))
		p.anchored = true;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 8;
		struct keep_pattern *np;

		if (cap > SIZE_MAX / sizeof(*np))
			return -ENOMEM;
		np = realloc(k->p, cap * sizeof(*np));
		if (!np)
			return -ENOMEM;
		k->p = np;
		k->cap = cap;
	}
	p.glob = strndup(pattern, len);
	if (!p.glob)
		return -ENOMEM;
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
