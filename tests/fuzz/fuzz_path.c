/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * fuzz_path.c - libFuzzer target for the path-string rules: util.c's
 * util_strip_slashes, util_last_component, util_is_dot_or_dotdot and
 * util_parent_path, and guard.c's string rules (SPEC: Guards 1 and 2) with
 * guard_check on paths relative to a scratch directory.  guard_check only
 * looks paths up; nothing here creates, changes or removes anything
 * outside the scratch directory made at start.
 *
 * The scratch directory D holds d/ (with sub/), a file f, and symbolic
 * links l -> d, ld -> (missing), lr -> /, lp -> /usr.  Properties:
 *   - the util functions agree with their definitions (below);
 *   - guard_check returns 0 (lookup failures mean "allowed");
 *   - "" is refused as empty, and a last component "." or ".." (after
 *     trailing slashes are stripped) as such, whatever else the path is;
 *   - a relative path that uses no ".." and no lr or lp component stays
 *     inside D, so it is allowed, or refused as "symbolic link with a
 *     trailing slash" when written with one; nothing else;
 *   - only a path written with a trailing slash can get that verdict.
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
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_path: %s\n", what); \
			abort(); \
		} \
	} while (0)

static char scratch[4096];
static struct guard_ctx *guard;
static int dfd = -1;

static void cleanup(void)
{
	static const char *const names[] = { "l", "ld", "lr", "lp", "f" };
	size_t i;

	guard_free(guard);
	if (dfd < 0)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)unlinkat(dfd, names[i], 0);
	(void)unlinkat(dfd, "d/sub", AT_REMOVEDIR);
	(void)unlinkat(dfd, "d", AT_REMOVEDIR);
	(void)unlinkat(dfd, "xdg", AT_REMOVEDIR);
	(void)close(dfd);
	(void)rmdir(scratch);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char xdg[sizeof(scratch) + 8];
	int fd;

	(void)argc;
	(void)argv;
	/* Under $TMPDIR: run.sh points it into its build directory, so a
	 * crash (which skips the atexit cleanup) leaves nothing in /tmp. */
	(void)snprintf(scratch, sizeof(scratch), "%s/fuzz_path.XXXXXX",
		       getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(scratch))
		die("mkdtemp");
	dfd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		die("open scratch");
	atexit(cleanup);
	if (mkdirat(dfd, "d", 0755) < 0 || mkdirat(dfd, "d/sub", 0755) < 0 ||
	    mkdirat(dfd, "xdg", 0755) < 0)
		die("mkdirat");
	fd = openat(dfd, "f", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		die("create f");
	(void)close(fd);
	if (symlinkat("d", dfd, "l") < 0 || symlinkat("missing", dfd, "ld") < 0 ||
	    symlinkat("/", dfd, "lr") < 0 || symlinkat("/usr", dfd, "lp") < 0)
		die("symlinkat");
	/* No $HOME and no user configuration: only the built-in list and the
	 * password database's home, none of them inside the scratch dir. */
	(void)unsetenv("HOME");
	(void)snprintf(xdg, sizeof(xdg), "%s/xdg", scratch);
	(void)setenv("XDG_CONFIG_HOME", xdg, 1);
	if (guard_new(NULL, &guard, NULL) < 0)
		die("guard_new");
	return 0;
}

/* The util functions against their definitions, on raw bytes. */
static void check_util(const char *p, size_t len)
{
	size_t s = util_strip_slashes(p, len), off, i;

	CHECK(s <= len, "strip_slashes: longer than the input");
	CHECK(len == 0 || s >= 1, "strip_slashes: emptied a non-empty path");
	for (i = s; i < len; i++)
		CHECK(p[i] == '/', "strip_slashes: dropped something but '/'");
	CHECK(s <= 1 || p[s - 1] != '/', "strip_slashes: a trailing '/' is left");
	off = util_last_component(p, s);
	CHECK(off <= s, "last_component: past the end");
	CHECK(off == 0 || p[off - 1] == '/', "last_component: not after a '/'");
	CHECK(!memchr(p + off, '/', s - off), "last_component: contains a '/'");
	CHECK(util_is_dot_or_dotdot(p + off, s - off) ==
		      ((s - off == 1 && p[off] == '.') ||
		       (s - off == 2 && p[off] == '.' && p[off + 1] == '.')),
	      "is_dot_or_dotdot: wrong answer");
}

/* util_parent_path on a NUL-free path: a prefix, without the name. */
static void check_parent(const char *path)
{
	size_t len = util_strip_slashes(path, strlen(path));
	size_t off = util_last_component(path, len);
	char *name = strndup(path + off, len - off), *parent;

	CHECK(name != NULL, "out of memory");
	parent = util_parent_path(path, len, name);
	CHECK(parent != NULL, "parent_path: NULL");
	CHECK(strlen(parent) <= off,
	      "parent_path: longer than the directory part");
	CHECK(strncmp(parent, path, strlen(parent)) == 0,
	      "parent_path: not a prefix");
	free(parent);
	free(name);
}

/* Does PATH stay inside the scratch dir whatever the files there are? */
static bool stays_inside(const char *path, size_t len)
{
	size_t i = 0, j;

	if (len == 0 || path[0] == '/')
		return false;
	while (i < len) {
		for (j = i; j < len && path[j] != '/'; j++)
			;
		if ((j - i == 2 && !memcmp(path + i, "..", 2)) ||
		    (j - i == 2 && !memcmp(path + i, "lr", 2)) ||
		    (j - i == 2 && !memcmp(path + i, "lp", 2)))
			return false;
		i = j + 1;
	}
	return true;
}

static void check_guard(const char *path)
{
	struct guard_verdict v;
	size_t n = strlen(path);
	size_t len = util_strip_slashes(path, n);
	size_t off = util_last_component(path, len);
	bool dot = util_is_dot_or_dotdot(path + off, len - off);
	int r;

	r = guard_check(guard, dfd, path, &v);
	CHECK(r == 0, "guard_check failed");
	if (n == 0) {
		CHECK(v.code == SWRMTREE_E_EMPTY_PATH,
		      "empty path not refused as such");
		return;
	}
	CHECK(v.code != SWRMTREE_E_EMPTY_PATH, "non-empty path refused as empty");
	CHECK(dot == (v.code == SWRMTREE_E_DOT), "'.'/'..' rule broken");
	CHECK(v.code != SWRMTREE_E_SYMLINK_SLASH || path[n - 1] == '/',
	      "symbolic-link-with-slash verdict without a slash");
	if (!dot && stays_inside(path, len))
		CHECK(v.code == 0 || v.code == SWRMTREE_E_SYMLINK_SLASH,
		      "a path inside the scratch directory refused");
	CHECK((v.code != SWRMTREE_E_PROTECTED &&
	       v.code != SWRMTREE_E_CONTAINS_PROTECTED) ||
		      v.prot != NULL,
	      "a protected-path refusal without its protected path");
	CHECK(v.code != 0 || v.prot == NULL,
	      "an allowed path with a protected path");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path;

	if (size > 8192)
		return 0;
	check_util((const char *)data, size);
	/* As a C string, as PATH arguments are: up to the first NUL. */
	path = strndup((const char *)data, size);
	CHECK(path != NULL, "out of memory");
	check_parent(path);
	check_guard(path);
	free(path);
	return 0;
}
