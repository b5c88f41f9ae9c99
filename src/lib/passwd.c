/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * passwd.c - the home directory of a user (see passwd.h).
 *
 * The files are read the way glibc reads them, and wherever they say
 * something that way might read otherwise, this stands aside and the C
 * library answers: a second "passwd:" line, an action after "files", a
 * compat entry ("+" or "-"), a line of /etc/passwd that is not seven
 * fields or whose uid is not plain digits, a file too large.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "passwd.h"

#define FILE_MAX (1L << 20) /* bigger files: the C library reads them */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static char *skip_blanks(char *p)
{
	while (blank(*p))
		p++;
	return p;
}

/* The next word of *P (blank-separated), or NULL at the end. */
static char *word(char **p)
{
	char *w = skip_blanks(*p), *e = w;

	if (!*w)
		return NULL;
	while (*e && !blank(*e))
		e++;
	*p = *e ? e + 1 : e;
	*e = '\0';
	return w;
}

/*
 * Does the switch's configuration LINE (comment cut off) decide the
 * passwd lookups?  Returns 1 with *FILES_FIRST set, 0 for another line.
 */
static int passwd_line(char *line, bool *files_first)
{
	char *p = skip_blanks(line), *w;

	if (strncmp(p, "passwd", 6) != 0)
		return 0;
	p = skip_blanks(p + 6);
	if (*p != ':')
		return 0;
	p++;
	w = word(&p);
	*files_first = w && strcmp(w, "files") == 0;
	if (*files_first && (w = word(&p)) && w[0] == '[')
		*files_first = false; /* an action on files' answers */
	return 1;
}

/* Does the switch at PATH ask "files" first for passwd?  -ENOMEM too. */
static int files_first(const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	bool first = false, one;
	int seen = 0, r = 0;
	long total = 0;
	ssize_t n;
	FILE *f = fopen(path, "re");

	if (!f)
		return errno == ENOMEM ? -ENOMEM : 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		if ((total += n) > FILE_MAX) {
			seen = 2;
			break;
		}
		line[strcspn(line, "#\n")] = '\0';
		if (passwd_line(line, &one) && seen++ == 0)
			first = one;
	}
	if (ferror(f))
		r = errno == ENOMEM ? -ENOMEM : 0;
	else
		r = seen == 1 && first;
	free(line);
	(void)fclose(f);
	return r;
}

/*
 * One line of /etc/passwd: 1 when it is UID's (FIELDS[5] its home), 0
 * when it is another's or none (a comment, a blank line), -1 when this
 * cannot read it as glibc does.
 */
static int passwd_entry(char *line, uid_t uid, char **home)
{
	char *f[7], *p = skip_blanks(line);
	unsigned long long v = 0;
	size_t i;

	p[strcspn(p, "\n")] = '\0';
	if (!*p || *p == '#')
		return 0;
	if (*p == '+' || *p == '-')
		return -1; /* a compat entry: not for "files" to judge here */
	for (i = 0; i < 7; i++) {
		f[i] = p;
		p = strchr(p, ':');
		if (i < 6) {
			if (!p)
				return -1;
			*p++ = '\0';
		}
	}
	if (p || !*f[2] || strspn(f[2], "0123456789") != strlen(f[2]) ||
	    strlen(f[2]) > 10)
		return -1;
	for (p = f[2]; *p; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (v != (unsigned long long)uid)
		return 0;
	*home = f[5];
	return 1;
}

int passwd_home_files(uid_t uid, const char *nsswitch, const char *passwd,
		      char **ret)
{
	char *line = NULL, *home = NULL;
	size_t cap = 0;
	long total = 0;
	ssize_t n;
	FILE *f;
	int r;

	*ret = NULL;
	r = files_first(nsswitch);
	if (r <= 0)
		return r;
	f = fopen(passwd, "re");
	if (!f)
		return errno == ENOMEM ? -ENOMEM : 0;
	r = 0;
	while (r == 0 && (n = getline(&line, &cap, f)) >= 0)
		r = (total += n) > FILE_MAX ? -1 : passwd_entry(line, uid, &home);
	if (ferror(f))
		r = errno == ENOMEM ? -ENOMEM : -1;
	if (r == 1 && home[0] == '/' && !(*ret = strdup(home)))
		r = -ENOMEM;
	free(line);
	(void)fclose(f);
	return r == 1 || r == -ENOMEM ? r : 0;
}

int passwd_home(uid_t uid, char **ret)
{
	struct passwd pw, *res = NULL;
	long max;
	size_t size;
	char *buf = NULL, *tmp;
	int r;

	r = passwd_home_files(uid, "/etc/nsswitch.conf", "/etc/passwd", ret);
	if (r != 0)
		return r < 0 ? r : 0;
	max = sysconf(_SC_GETPW_R_SIZE_MAX);
	size = max > 0 ? (size_t)max : 1024;
	for (;;) {
		tmp = realloc(buf, size);
		if (!tmp) {
			r = -ENOMEM;
			goto out;
		}
		buf = tmp;
		r = getpwuid_r(uid, &pw, buf, size, &res);
		if (r != ERANGE || size >= (1u << 20))
			break;
		size *= 2;
	}
	if (r == ENOMEM) {
		r = -ENOMEM;
		goto out;
	}
	/* No entry, or no usable password database: $HOME still counts. */
	r = 0;
	if (res && res->pw_dir && res->pw_dir[0] == '/') {
		*ret = strdup(res->pw_dir);
		if (!*ret)
			r = -ENOMEM;
	}
out:
	free(buf);
	return r;
}
