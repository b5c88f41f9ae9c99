/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * fuzz_guard_config.c - libFuzzer target for the protected-paths
 * configuration parser of src/lib/guard.c.
 *
 * The parser has no entry point that takes a buffer (parse_file() and
 * parse_line() are static and read a FILE), so each input is written to
 * $XDG_CONFIG_HOME/sw-rmtree/protected in a scratch directory and read by
 * guard_new(), with the system file pointed at a name that does not exist
 * and $HOME at the scratch directory.  guard_new() only looks the listed
 * paths up (stat, O_PATH opens); it never changes anything.
 *
 * Property: guard_new() fails with SWRMTREE_E_CONFIG naming FILE:LINE
 * exactly when a line is, after its comment and surrounding white space
 * are dropped (see the top of guard.c), neither empty nor "~" nor "~/..."
 * nor absolute, and LINE is the first such line; otherwise it succeeds.
 * Lines are read with getline(): a NUL ends what the parser sees of a line.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "guard.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_guard_config: %s\n", what); \
			abort(); \
		} \
	} while (0)

static char scratch[4096];
static char file[sizeof(scratch) + 64];
static char nofile[sizeof(scratch) + 64];

static void cleanup(void)
{
	char p[sizeof(scratch) + 64];

	(void)unlink(file);
	(void)snprintf(p, sizeof(p), "%s/xdg/sw-rmtree", scratch);
	(void)rmdir(p);
	(void)snprintf(p, sizeof(p), "%s/xdg", scratch);
	(void)rmdir(p);
	(void)snprintf(p, sizeof(p), "%s/home", scratch);
	(void)rmdir(p);
	(void)rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char p[sizeof(scratch) + 64];

	(void)argc;
	(void)argv;
	/* Under $TMPDIR: run.sh points it into its build directory, so a
	 * crash (which skips the atexit cleanup) leaves nothing in /tmp. */
	(void)snprintf(scratch, sizeof(scratch), "%s/fuzz_guard_config.XXXXXX",
		       getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(scratch)) {
		perror("mkdtemp");
		exit(1);
	}
	atexit(cleanup);
	(void)snprintf(p, sizeof(p), "%s/home", scratch);
	if (mkdir(p, 0755) < 0 || setenv("HOME", p, 1) < 0)
		exit(1);
	(void)snprintf(p, sizeof(p), "%s/xdg", scratch);
	if (mkdir(p, 0755) < 0 || setenv("XDG_CONFIG_HOME", p, 1) < 0)
		exit(1);
	(void)snprintf(p, sizeof(p), "%s/xdg/sw-rmtree", scratch);
	if (mkdir(p, 0755) < 0)
		exit(1);
	(void)snprintf(file, sizeof(file), "%s/xdg/sw-rmtree/protected", scratch);
	(void)snprintf(nofile, sizeof(nofile), "%s/no-system-file", scratch);
	return 0;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/*
 * Is the line S[0..N) (no newline, no NUL) an error by the documented
 * rules?  Comment: '#' at the start of the text or after white space.
 */
static bool bad_line(const char *s, size_t n)
{
	size_t b = 0, e, i;

	while (b < n && space(s[b]))
		b++;
	e = n;
	for (i = b; i < n; i++) {
		if (s[i] == '#' && (i == b || space(s[i - 1]))) {
			e = i;
			break;
		}
	}
	while (e > b && space(s[e - 1]))
		e--;
	if (e == b)
		return false;
	if (s[b] == '~' && (e - b == 1 || s[b + 1] == '/'))
		return false;
	return s[b] != '/';
}

/* The first bad line (from 1), or 0 when every line is fine. */
static size_t first_bad(const char *data, size_t size)
{
	size_t i = 0, lineno = 0, end, vis;
	const char *nl, *nul;

	while (i < size) {
		nl = memchr(data + i, '\n', size - i);
		end = nl ? (size_t)(nl - data) : size;
		lineno++;
		nul = memchr(data + i, '\0', end - i);
		vis = nul ? (size_t)(nul - (data + i)) : end - i;
		if (bad_line(data + i, vis))
			return lineno;
		i = end + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guard_config cfg = { 0, NULL, nofile, 0 };
	struct protect_error v;
	struct guard_ctx *g = NULL;
	size_t bad;
	FILE *f;
	int r;

	if (size > 4096)
		return 0;
	f = fopen(file, "we");
	CHECK(f != NULL, "cannot write the configuration file");
	CHECK(fwrite(data, 1, size, f) == size && fclose(f) == 0,
	      "cannot write the configuration file");
	bad = first_bad((const char *)data, size);
	r = guard_new(&cfg, &g, &v);
	if (bad == 0) {
		if (r != 0)
			fprintf(stderr, "guard_new: %d %s:%zu\n", r,
				v.file ? v.file : "", v.line);
		CHECK(r == 0, "a valid configuration was refused");
		CHECK(g != NULL, "guard_new succeeded without a context");
	} else {
		CHECK(r == -SWRMTREE_E_CONFIG, "a bad line was accepted");
		CHECK(g == NULL, "a context after a failure");
		CHECK(v.code == SWRMTREE_E_CONFIG, "no error code");
		if (!v.file || strcmp(v.file, file) != 0 || v.line != bad)
			fprintf(stderr, "error at %s:%zu, expected %s:%zu\n",
				v.file ? v.file : "(none)", v.line, file, bad);
		CHECK(v.file && strcmp(v.file, file) == 0 && v.line == bad,
		      "the error names the wrong file or line");
	}
	protect_error_clear(&v);
	guard_free(g);
	return 0;
}
