/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_guard.c - the root-path guards: string rules, the root by identity,
 * protected paths and their ancestors by identity (other spellings,
 * symlinked parents, bind mounts), protected symlinks both ways, the
 * configuration files and mount points.
 *
 * Positive cases use --protect, $HOME and configuration files inside a
 * scratch directory, so no test depends on what the machine's system
 * directories look like.  Calling guard_check() on "/" or "/usr" is safe:
 * the guards never remove anything.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "swrmtree.h"
#include "guard.h"
#include "mounts.h"
#include "util.h"
#include "unit.h"

#define MSG_ROOT    "it is the root directory (use --no-preserve-root to override)"
#define MSG_MOUNT   "it is a mount point (use --cross-mounts to override)"
#define MSG_SYMLINK "is a symbolic link; not following it"

static char scratch[PATH_MAX];

/* Where new_guard()'s guards read the mount table from (enum mounts_source). */
static unsigned int mounts_source;

/* Scratch path S/REL (printf-style).  Eight rotating buffers. */
__attribute__((format(printf, 1, 2))) static const char *sp(const char *fmt, ...)
{
	static char bufs[8][2 * PATH_MAX + 2];
	static unsigned int next;
	char rel[PATH_MAX];
	char *buf = bufs[next++ % 8];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	(void)snprintf(buf, sizeof(bufs[0]), "%s/%s", scratch, rel);
	return buf;
}

/* mkdir -p of scratch/REL. */
static void mk_dir(const char *rel)
{
	char path[2 * PATH_MAX + 2], *p;

	(void)snprintf(path, sizeof(path), "%s/%s", scratch, rel);
	for (p = path + strlen(scratch) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ck_assert_msg(mkdir(path, 0755) == 0 || errno == EEXIST,
			      "mkdir %s: %m", path);
		*p = '/';
	}
	ck_assert_msg(mkdir(path, 0755) == 0 || errno == EEXIST, "mkdir %s: %m",
		      path);
}

/* Write TEXT to scratch/REL (its directory must exist). */
static void mk_file(const char *rel, const char *text)
{
	FILE *f = fopen(sp("%s", rel), "we");

	ck_assert_msg(f != NULL, "fopen %s: %m", rel);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void mk_link(const char *target, const char *rel)
{
	ck_assert_msg(symlink(target, sp("%s", rel)) == 0, "symlink %s: %m", rel);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");

	(void)snprintf(scratch, sizeof(scratch), "%s/check_guard.XXXXXX",
		       tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(scratch));
	/* Control every input of guard_new(): no real configuration counts. */
	mk_dir("home/alice");
	ck_assert_int_eq(setenv("HOME", sp("home/alice"), 1), 0);
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", sp("xdg"), 1), 0);
}

/*
 * The harness removes scratch trees with rm -rf, never with the tool.
 * Mounts a failed test left behind go first: "rootbind" is a bind mount of
 * "/", and rm -rf must never descend into it.
 */
static void teardown(void)
{
	static const char *const mounts[] = { "rootbind", "pbind", "bind", "m",
					      NULL };
	size_t i;
	pid_t pid;
	int status;

	for (i = 0; mounts[i]; i++)
		(void)umount2(sp("%s", mounts[i]), MNT_DETACH);
	pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", scratch, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

/* guard_new() with FLAGS, --protect list PROTECT and the system file in scratch. */
static struct guard_ctx *new_guard(unsigned int flags, const char *const *protect)
{
	struct guard_config cfg = { flags, protect, sp("etc/sw-rmtree/protected"),
				    mounts_source };
	struct protect_error err;
	struct guard_ctx *g = NULL;
	int r;

	r = guard_new(&cfg, &g, &err);
	ck_assert_msg(r == 0, "guard_new: %d (%s)", r, err.path ? err.path : "");
	ck_assert_ptr_nonnull(g);
	protect_error_clear(&err);
	return g;
}

/*
 * The verdict V on PATH in words, the way the CLI words it but without
 * quoting: the library gives data, the tests compare sentences.
 */
static void describe(const struct guard_verdict *v, const char *path, char *buf,
		     size_t size)
{
	const struct protect_entry *p = v->prot;
	char origin[PATH_MAX + 32];
	const char *s = path + strlen(path);

	while (s > path + 1 && s[-1] == '/')
		s--;
	if (p && p->file)
		(void)snprintf(origin, sizeof(origin), "%s:%zu", p->file,
			       p->line);
	else if (p)
		(void)snprintf(origin, sizeof(origin), "%s",
			       p->origin == SWRMTREE_ORIGIN_BUILTIN ?
				       "built-in list" :
			       p->origin == SWRMTREE_ORIGIN_HOME ?
				       "home directory" :
				       "--protect");
	switch (v->code) {
	case 0:
		(void)snprintf(buf, size, "%s", "");
		break;
	case SWRMTREE_E_ROOT:
		(void)snprintf(buf, size, "%s", MSG_ROOT);
		break;
	case SWRMTREE_E_MOUNT_POINT:
		(void)snprintf(buf, size, "%s", MSG_MOUNT);
		break;
	case SWRMTREE_E_SYMLINK_SLASH:
		(void)snprintf(buf, size, "%s", MSG_SYMLINK);
		break;
	case SWRMTREE_E_EMPTY_PATH:
		(void)snprintf(buf, size, "%s", "empty path");
		break;
	case SWRMTREE_E_DOT:
		(void)snprintf(buf, size, "last component is '%.*s'",
			       s[-1] == '.' && s - path >= 2 && s[-2] == '.' ? 2 :
									       1,
			       s[-1] == '.' && s - path >= 2 && s[-2] == '.' ?
				       s - 2 :
				       s - 1);
		break;
	case SWRMTREE_E_PROTECTED:
		(void)snprintf(buf, size, "protected path (%s)", origin);
		break;
	case SWRMTREE_E_CONTAINS_PROTECTED:
		(void)snprintf(buf, size, "contains protected path '%s' (%s)",
			       p->path, origin);
		break;
	default:
		(void)snprintf(buf, size, "code %d", v->code);
		break;
	}
}

/* Check PATH relative to DIRFD; expect CODE and, unless NULL, DETAIL. */
static void expect_at(const struct guard_ctx *g, int dirfd, const char *path,
		      int code, const char *detail)
{
	struct guard_verdict v;
	char words[2 * PATH_MAX + 64];
	int r;

	memset(&v, 'x', sizeof(v));
	r = guard_check(g, dirfd, path, &v);
	ck_assert_msg(r == 0, "guard_check(%s) = %d", path, r);
	describe(&v, path, words, sizeof(words));
	ck_assert_msg(v.code == code, "%s: code %d, expected %d (%s)", path,
		      v.code, code, words);
	if (code == 0)
		ck_assert_ptr_null(v.prot);
	if (detail)
		ck_assert_msg(strcmp(words, detail) == 0,
			      "%s: detail '%s', expected '%s'", path, words,
			      detail);
}

static void expect(const struct guard_ctx *g, const char *path, int code,
		   const char *detail)
{
	expect_at(g, AT_FDCWD, path, code, detail);
}

static char *dup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&s, fmt, ap), 0);
	va_end(ap);
	return s;
}

static bool has_id(const struct guard_ctx *g, const char *path, int flags)
{
	const struct util_id *ids;
	struct util_info info;
	size_t n, i;

	ck_assert_int_eq(util_info_at(AT_FDCWD, path, flags, &info), 0);
	guard_ids(g, &ids, &n);
	for (i = 0; i < n; i++)
		if (util_id_eq(&ids[i], &info.id))
			return true;
	return false;
}

START_TEST(empty_and_dots)
{
	struct guard_ctx *g = new_guard(0, NULL);

	expect(g, "", SWRMTREE_E_EMPTY_PATH, "empty path");
	expect(g, ".", SWRMTREE_E_DOT, "last component is '.'");
	expect(g, "..", SWRMTREE_E_DOT, "last component is '..'");
	expect(g, "./", SWRMTREE_E_DOT, "last component is '.'");
	expect(g, "..//", SWRMTREE_E_DOT, "last component is '..'");
	expect(g, "a/.", SWRMTREE_E_DOT, "last component is '.'");
	expect(g, "no/such/..", SWRMTREE_E_DOT, "last component is '..'");
	expect(g, "/./", SWRMTREE_E_DOT, "last component is '.'");
	expect(g, "/tmp/..", SWRMTREE_E_DOT, "last component is '..'");
	/* Dots are only dots when they are the whole component. */
	expect(g, sp("..."), 0, NULL);
	expect(g, sp(".hidden"), 0, NULL);
	/* Even NO_PRESERVE_ROOT does not lift the string rules. */
	guard_free(g);
	g = new_guard(SWRMTREE_NO_PRESERVE_ROOT, NULL);
	expect(g, "/tmp/..", SWRMTREE_E_DOT, NULL);
	expect(g, "", SWRMTREE_E_EMPTY_PATH, NULL);
	guard_free(g);
}
END_TEST

START_TEST(missing_paths_go_ahead)
{
	struct guard_ctx *g = new_guard(0, NULL);

	mk_file("file", "x");
	expect(g, sp("none"), 0, NULL);
	expect(g, sp("none/deeper/"), 0, NULL);
	expect(g, sp("file/x"), 0, NULL); /* ENOTDIR: the removal reports it */
	expect(g, sp("file"), 0, NULL);
	guard_free(g);
}
END_TEST

START_TEST(root_by_identity)
{
	struct guard_ctx *g = new_guard(0, NULL);
	int fd;

	expect(g, "/", SWRMTREE_E_ROOT, MSG_ROOT);
	expect(g, "//", SWRMTREE_E_ROOT, MSG_ROOT);
	expect(g, "///", SWRMTREE_E_ROOT, MSG_ROOT);
	fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	expect_at(g, fd, "/", SWRMTREE_E_ROOT, MSG_ROOT);
	/* A symlinked chain that lands on "/", written so that it resolves there. */
	mk_link("/", "l");
	mk_link("l", "l2");
	expect(g, sp("l/"), SWRMTREE_E_ROOT, MSG_ROOT);
	expect(g, sp("l2//"), SWRMTREE_E_ROOT, MSG_ROOT);
	expect_at(g, fd, "l2/", SWRMTREE_E_ROOT, MSG_ROOT);
	expect(g, sp("l/tmp/.."), SWRMTREE_E_DOT, NULL);
	/* Without the slash it is a link, removed as a link (Guards 5). */
	expect(g, sp("l"), 0, NULL);
	expect_at(g, fd, "l2", 0, NULL);
	(void)close(fd);
	guard_free(g);

	/* --no-preserve-root: "/" goes ahead (not refused as a mount point). */
	g = new_guard(SWRMTREE_NO_PRESERVE_ROOT, NULL);
	expect(g, "/", 0, NULL);
	expect(g, "//", 0, NULL);
	expect(g, sp("l/"), SWRMTREE_E_SYMLINK_SLASH, MSG_SYMLINK);
	guard_free(g);
}
END_TEST

START_TEST(symlink_with_slash)
{
	struct guard_ctx *g;

	mk_dir("d/sub");
	mk_link("d", "ld");
	mk_link("nowhere", "dangling");
	mk_link("ld", "chain");
	g = new_guard(0, NULL);
	expect(g, sp("ld/"), SWRMTREE_E_SYMLINK_SLASH, MSG_SYMLINK);
	expect(g, sp("chain///"), SWRMTREE_E_SYMLINK_SLASH, MSG_SYMLINK);
	expect(g, sp("dangling/"), SWRMTREE_E_SYMLINK_SLASH, MSG_SYMLINK);
	expect(g, sp("ld"), 0, NULL);
	expect(g, sp("dangling"), 0, NULL);
	expect(g, sp("d/"), 0, NULL);
	/* A symlinked parent is fine: only the last component matters. */
	expect(g, sp("chain/sub/"), 0, NULL);
	guard_free(g);
}
END_TEST

START_TEST(protect_by_identity)
{
	const char *protect[2];
	char *p, *contains;
	struct guard_ctx *g;
	int fd;

	mk_dir("a/b/p/inner");
	mk_dir("a/b/q");
	mk_dir("other");
	mk_link("a/b", "x");
	mk_link("x", "y");
	p = dup_printf("%s", sp("a/b/p"));
	protect[0] = p;
	protect[1] = NULL;
	contains = dup_printf("contains protected path '%s' (--protect)", p);
	g = new_guard(0, protect);

	expect(g, p, SWRMTREE_E_PROTECTED, "protected path (--protect)");
	expect(g, sp("a/b/p/"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	/* Other spellings: "..", ".", "//", a symlinked parent chain. */
	expect(g, sp("a/b/q/../p"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("a/./b//p"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("y/p"), SWRMTREE_E_PROTECTED, "protected path (--protect)");
	expect(g, sp("a/b/p/inner/../../p"), SWRMTREE_E_PROTECTED, NULL);
	/* Ancestors, by identity as well. */
	expect(g, sp("a/b"), SWRMTREE_E_CONTAINS_PROTECTED, contains);
	expect(g, sp("a"), SWRMTREE_E_CONTAINS_PROTECTED, contains);
	expect(g, sp("a/b/q/.."), SWRMTREE_E_DOT, NULL);
	expect(g, sp("x/"), SWRMTREE_E_CONTAINS_PROTECTED, contains);
	expect(g, scratch, SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	/* Relative to a directory descriptor. */
	fd = open(sp("a"), O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	expect_at(g, fd, "b", SWRMTREE_E_CONTAINS_PROTECTED, contains);
	expect_at(g, fd, "b/p", SWRMTREE_E_PROTECTED,
		  "protected path (--protect)");
	expect_at(g, fd, "b/q", 0, NULL);
	(void)close(fd);
	/* Below it, beside it, and links to it (removed as links) go ahead. */
	expect(g, sp("a/b/p/inner"), 0, NULL);
	expect(g, sp("a/b/q"), 0, NULL);
	expect(g, sp("other"), 0, NULL);
	expect(g, sp("x"), 0, NULL);
	ck_assert(has_id(g, p, 0));
	ck_assert(!has_id(g, sp("a/b"), 0));
	guard_free(g);
	free(contains);
	free(p);
}
END_TEST

START_TEST(protect_relative_and_tilde)
{
	const char *protect[] = { "~/proj", "rel", NULL };
	struct guard_ctx *g;

	mk_dir("home/alice/proj");
	mk_dir("cwd/rel");
	ck_assert_int_eq(chdir(sp("cwd")), 0);
	g = new_guard(0, protect);
	ck_assert_int_eq(chdir("/"), 0);
	expect(g, sp("home/alice/proj"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("cwd/rel"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("cwd"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	guard_free(g);
}
END_TEST

START_TEST(protected_symlink_both_ways)
{
	const char *protect[3];
	char *dlink, *flink, *contains;
	struct guard_ctx *g;

	mk_dir("real/sub");
	mk_dir("links");
	mk_dir("files");
	mk_file("files/f", "data");
	mk_link("../real", "links/dlink");
	mk_link("../files/f", "links/flink");
	dlink = dup_printf("%s", sp("links/dlink"));
	flink = dup_printf("%s", sp("links/flink"));
	protect[0] = dlink;
	protect[1] = flink;
	protect[2] = NULL;
	g = new_guard(0, protect);

	/* The link itself: refused, not "removed as a link". */
	expect(g, dlink, SWRMTREE_E_PROTECTED, "protected path (--protect)");
	expect(g, flink, SWRMTREE_E_PROTECTED, "protected path (--protect)");
	/* Its target, and the target written through the link with a slash. */
	expect(g, sp("real"), SWRMTREE_E_PROTECTED, "protected path (--protect)");
	expect(g, sp("real/"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("links/dlink/"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("files/f"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	/* The directories holding the link and the target. */
	contains = dup_printf("contains protected path '%s' (--protect)", dlink);
	expect(g, sp("links"), SWRMTREE_E_CONTAINS_PROTECTED, contains);
	free(contains);
	contains = dup_printf("contains protected path '%s' (--protect)", flink);
	expect(g, sp("files"), SWRMTREE_E_CONTAINS_PROTECTED, contains);
	free(contains);
	expect(g, sp("real/sub"), 0, NULL);
	/* Both identities are handed to the walk. */
	ck_assert(has_id(g, dlink, AT_SYMLINK_NOFOLLOW));
	ck_assert(has_id(g, dlink, 0));
	ck_assert(has_id(g, flink, AT_SYMLINK_NOFOLLOW));
	ck_assert(has_id(g, sp("files/f"), 0));
	guard_free(g);
	free(dlink);
	free(flink);
}
END_TEST

START_TEST(missing_protected_paths_protect_nothing)
{
	const char *protect[] = { "/nonexistent/sw-rmtree-test/x", NULL, NULL };
	struct guard_ctx *g;

	mk_dir("gone/soon");
	mk_link("nowhere", "dangling");
	protect[1] = sp("dangling");
	g = new_guard(0, protect);
	expect(g, sp("gone"), 0, NULL);
	/* A dangling protected link still protects itself and its directory. */
	expect(g, sp("dangling"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	guard_free(g);
}
END_TEST

START_TEST(home_directory)
{
	char *contains;
	struct guard_ctx *g;

	mk_dir("data/alice/src");
	ck_assert_int_eq(setenv("HOME", sp("data/alice/"), 1), 0);
	g = new_guard(0, NULL);
	contains = dup_printf("contains protected path '%s' (home directory)",
			      sp("data/alice"));
	expect(g, sp("data/alice"), SWRMTREE_E_PROTECTED,
	       "protected path (home directory)");
	expect(g, sp("data"), SWRMTREE_E_CONTAINS_PROTECTED, contains);
	expect(g, sp("data/alice/src"), 0, NULL);
	/* The setup's home is no longer $HOME: nothing special. */
	expect(g, sp("home/alice"), 0, NULL);
	guard_free(g);
	free(contains);
	/* A relative $HOME is ignored. */
	ck_assert_int_eq(setenv("HOME", "data", 1), 0);
	ck_assert_int_eq(chdir(scratch), 0);
	g = new_guard(0, NULL);
	expect(g, sp("data"), 0, NULL);
	ck_assert_int_eq(chdir("/"), 0);
	guard_free(g);
}
END_TEST

START_TEST(config_good)
{
	struct guard_ctx *g;
	char *text, *sys, *user, *want;

	mk_dir("etc/sw-rmtree");
	mk_dir("xdg/sw-rmtree");
	mk_dir("c1");
	mk_dir("c2");
	mk_dir("home/alice/c3");
	mk_dir("c#4");
	mk_dir("u1");
	mk_dir("c5");
	text = dup_printf("# protected here\n"
			  "\n"
			  "   %s   \n"
			  "%s/  # trailing comment\n"
			  "~/c3\n"
			  "%s\n"
			  "\t   # indented comment\r\n"
			  "%s",
			  sp("c1"), sp("c2"), sp("c#4"), sp("c5"));
	mk_file("etc/sw-rmtree/protected", text);
	free(text);
	text = dup_printf("%s\n", sp("u1"));
	mk_file("xdg/sw-rmtree/protected", text);
	free(text);
	sys = dup_printf("%s", sp("etc/sw-rmtree/protected"));
	user = dup_printf("%s", sp("xdg/sw-rmtree/protected"));
	g = new_guard(0, NULL);

	want = dup_printf("protected path (%s:3)", sys);
	expect(g, sp("c1"), SWRMTREE_E_PROTECTED, want);
	free(want);
	want = dup_printf("protected path (%s:4)", sys);
	expect(g, sp("c2"), SWRMTREE_E_PROTECTED, want);
	free(want);
	want = dup_printf("protected path (%s:5)", sys);
	expect(g, sp("home/alice/c3"), SWRMTREE_E_PROTECTED, want);
	free(want);
	want = dup_printf("protected path (%s:6)", sys);
	expect(g, sp("c#4"), SWRMTREE_E_PROTECTED, want);
	free(want);
	want = dup_printf("protected path (%s:8)", sys); /* no final newline */
	expect(g, sp("c5"), SWRMTREE_E_PROTECTED, want);
	free(want);
	want = dup_printf("protected path (%s:1)", user);
	expect(g, sp("u1"), SWRMTREE_E_PROTECTED, want);
	free(want);
	guard_free(g);
	free(sys);
	free(user);
}
END_TEST

START_TEST(config_default_user_file)
{
	struct guard_ctx *g;
	char *text, *want;

	/* Without XDG_CONFIG_HOME: ~/.config/sw-rmtree/protected. */
	ck_assert_int_eq(unsetenv("XDG_CONFIG_HOME"), 0);
	mk_dir("home/alice/.config/sw-rmtree");
	mk_dir("xdg/sw-rmtree");
	mk_dir("u1");
	mk_dir("u2");
	text = dup_printf("%s\n", sp("u1"));
	mk_file("xdg/sw-rmtree/protected", text);
	free(text);
	text = dup_printf("%s\n", sp("u2"));
	mk_file("home/alice/.config/sw-rmtree/protected", text);
	free(text);
	g = new_guard(0, NULL);
	want = dup_printf("protected path (%s:1)",
			  sp("home/alice/.config/sw-rmtree/protected"));
	expect(g, sp("u2"), SWRMTREE_E_PROTECTED, want);
	free(want);
	expect(g, sp("u1"), 0, NULL);
	guard_free(g);
	/* A relative XDG_CONFIG_HOME is ignored, as the XDG spec says. */
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", "xdg", 1), 0);
	ck_assert_int_eq(chdir(scratch), 0);
	g = new_guard(0, NULL);
	ck_assert_int_eq(chdir("/"), 0);
	expect(g, sp("u2"), SWRMTREE_E_PROTECTED, NULL);
	expect(g, sp("u1"), 0, NULL);
	guard_free(g);
}
END_TEST

START_TEST(config_missing_is_fine)
{
	struct guard_config cfg = { 0, NULL, NULL, 0 };
	struct protect_error err;
	struct guard_ctx *g = NULL;

	/* setup() points XDG_CONFIG_HOME at a directory that does not exist. */
	cfg.system_file = sp("no/such/file");
	ck_assert_int_eq(guard_new(&cfg, &g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	guard_free(g);
	mk_file("plainfile", "");
	cfg.system_file = sp("plainfile/protected"); /* ENOTDIR */
	ck_assert_int_eq(guard_new(&cfg, &g, NULL), 0);
	guard_free(g);
	/* A NULL config means all defaults. */
	ck_assert_int_eq(guard_new(NULL, &g, NULL), 0);
	guard_free(g);
	guard_free(NULL);
}
END_TEST

/* guard_new() must fail with CODE about FILE at LINE (0: the whole file). */
static void expect_config_error(int code, const char *file, size_t line)
{
	struct guard_config cfg = { 0, NULL, sp("etc/sw-rmtree/protected"), 0 };
	struct protect_error err;
	struct guard_ctx *g = (struct guard_ctx *)&cfg; /* must become NULL */

	ck_assert_int_eq(guard_new(&cfg, &g, &err), -code);
	ck_assert_ptr_null(g);
	ck_assert_int_eq(err.code, code);
	ck_assert_ptr_nonnull(err.file);
	ck_assert_str_eq(err.file, file);
	ck_assert_uint_eq(err.line, line);
	ck_assert_ptr_null(err.path);
	protect_error_clear(&err);
}

START_TEST(config_relative_path_is_an_error)
{
	char *text;

	mk_dir("etc/sw-rmtree");
	mk_dir("ok");
	text = dup_printf("# fine\n%s\n\nrelative/path\n", sp("ok"));
	mk_file("etc/sw-rmtree/protected", text);
	free(text);
	expect_config_error(SWRMTREE_E_CONFIG, sp("etc/sw-rmtree/protected"), 4);

	/* "~user/" is not supported: not absolute either. */
	mk_file("etc/sw-rmtree/protected", "~root/x\n");
	expect_config_error(SWRMTREE_E_CONFIG, sp("etc/sw-rmtree/protected"), 1);

	/* The same in the user's file. */
	mk_file("etc/sw-rmtree/protected", "");
	mk_dir("xdg/sw-rmtree");
	mk_file("xdg/sw-rmtree/protected", "\n\n  \n./here\n");
	expect_config_error(SWRMTREE_E_CONFIG, sp("xdg/sw-rmtree/protected"), 4);
}
END_TEST

START_TEST(config_unreadable_is_an_error)
{
	/* A directory opens but cannot be read: works as root too. */
	mk_dir("etc/sw-rmtree/protected");
	expect_config_error(EISDIR, sp("etc/sw-rmtree/protected"), 0);
}
END_TEST

START_TEST(builtin_system_paths)
{
	struct guard_ctx *g = new_guard(0, NULL);
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;

	if (lstat("/usr", &st) == 0 && S_ISDIR(st.st_mode)) {
		expect(g, "/usr", SWRMTREE_E_PROTECTED,
		       "protected path (built-in list)");
		expect(g, "/usr/", SWRMTREE_E_PROTECTED,
		       "protected path (built-in list)");
		expect(g, "//usr", SWRMTREE_E_PROTECTED,
		       "protected path (built-in list)");
	}
	if (lstat("/etc", &st) == 0)
		expect(g, "/etc", SWRMTREE_E_PROTECTED,
		       "protected path (built-in list)");
	/* Merged /usr: /lib -> usr/lib protects the link and /usr/lib. */
	n = readlink("/lib", target, sizeof(target) - 1);
	if (n > 0 && stat("/lib", &st) == 0) {
		target[n] = '\0';
		expect(g, "/lib", SWRMTREE_E_PROTECTED,
		       "protected path (built-in list)");
		expect(g, "/usr/lib", SWRMTREE_E_PROTECTED,
		       "protected path (built-in list)");
	}
	guard_free(g);
}
END_TEST

/*
 * Mount cases need a private mount namespace; in CK_FORK=no mode the
 * namespace would outlive the test, so they run in the forked test only.
 */
static bool private_mounts(void)
{
	const char *fork_mode = getenv("CK_FORK");

	if (fork_mode && strcmp(fork_mode, "no") == 0)
		return false;
	if (unshare(CLONE_NEWNS) < 0) {
		fprintf(stderr, "check_guard: mount tests skipped: unshare: %s\n",
			strerror(errno));
		return false;
	}
	ck_assert_int_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL),
			 0);
	return true;
}

/*
 * The mount cases run once with the mount table read from the file and
 * once from the system calls (which must give the same verdicts); where
 * the kernel has no system calls for it, that run has nothing to show.
 */
static bool use_source(int i)
{
	struct mounts t = { 0 };
	int e;

	mounts_source = i == 0 ? MOUNTS_FILE : MOUNTS_SYSCALLS;
	if (mounts_source == MOUNTS_FILE)
		return true;
	ck_assert_int_eq(mounts_load(&t, MOUNTS_SYSCALLS), 0);
	e = t.error;
	mounts_free(&t);
	if (e)
		fprintf(stderr,
			"check_guard: listmount/statmount cannot serve: %s\n",
			strerror(e));
	return e == 0;
}

START_TEST(mount_points)
{
	const char *protect[2] = { NULL, NULL };
	struct guard_ctx *g;
	char *prot;

	if (!private_mounts() || !use_source(_i))
		return;
	mk_dir("m");
	mk_dir("src/inner");
	mk_dir("bind");
	mk_dir("p");
	mk_dir("pbind");
	mk_dir("rootbind");
	ck_assert_int_eq(mount("tmpfs", sp("m"), "tmpfs", 0, "size=64k"), 0);
	ck_assert_int_eq(mount(sp("src"), sp("bind"), "none", MS_BIND, NULL), 0);
	ck_assert_int_eq(mount(sp("p"), sp("pbind"), "none", MS_BIND, NULL), 0);
	ck_assert_int_eq(mount("/", sp("rootbind"), "none", MS_BIND, NULL), 0);
	ck_assert_int_eq(mount("none", sp("rootbind"), "none",
			       MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
			 0);
	prot = dup_printf("%s", sp("p"));
	protect[0] = prot;
	g = new_guard(0, protect);
	expect(g, sp("m"), SWRMTREE_E_MOUNT_POINT, MSG_MOUNT);
	expect(g, sp("m/"), SWRMTREE_E_MOUNT_POINT, MSG_MOUNT);
	/* Same device, other mount: a bind mount is a mount point too. */
	expect(g, sp("bind"), SWRMTREE_E_MOUNT_POINT, MSG_MOUNT);
	expect(g, sp("bind/inner"), 0, NULL);
	expect(g, sp("src"), 0, NULL);
	/* More helpful reasons first: a bind mount of a protected dir, of "/". */
	expect(g, sp("pbind"), SWRMTREE_E_PROTECTED,
	       "protected path (--protect)");
	expect(g, sp("rootbind"), SWRMTREE_E_ROOT, MSG_ROOT);
	guard_free(g);
	g = new_guard(SWRMTREE_CROSS_MOUNTS, protect);
	expect(g, sp("m"), 0, NULL);
	expect(g, sp("bind"), 0, NULL);
	expect(g, sp("pbind"), SWRMTREE_E_PROTECTED, NULL);
	guard_free(g);
	free(prot);
	/*
	 * Ancestors through a mount (Guards 8): home shows m/data/homes, and
	 * ".." from home is the scratch directory, never m/data.
	 */
	mk_dir("home");
	ck_assert_int_eq(mkdir(sp("m/data"), 0755), 0);
	ck_assert_int_eq(mkdir(sp("m/data/homes"), 0755), 0);
	ck_assert_int_eq(mkdir(sp("m/data/homes/alice"), 0755), 0);
	ck_assert_int_eq(mount(sp("m/data/homes"), sp("home"), "none", MS_BIND,
			       NULL),
			 0);
	prot = dup_printf("%s", sp("home/alice"));
	protect[0] = prot;
	g = new_guard(0, protect);
	expect(g, sp("m/data"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("m/data/homes"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("m/data/homes/alice"), SWRMTREE_E_PROTECTED, NULL);
	expect(g, sp("m/d2"), 0, NULL);
	guard_free(g);
	free(prot);
	(void)umount2(sp("home"), MNT_DETACH);
	(void)umount2(sp("rootbind"), MNT_DETACH);
	(void)umount2(sp("pbind"), MNT_DETACH);
	(void)umount2(sp("bind"), MNT_DETACH);
	(void)umount2(sp("m"), MNT_DETACH);
}
END_TEST

/*
 * A protected path spelled plainly on the root's mount (its ancestors are
 * then taken from the spelling, without walking ".."), and an absolute
 * symlink to one: the ancestors are the same as a walk finds, and so are
 * those reached through another mount of the file system (outer/view
 * shows data).
 */
START_TEST(spelled_ancestors)
{
	const char *protect[3] = { NULL, NULL, NULL };
	struct guard_ctx *g;
	char *prot, *target;

	mk_dir("data/homes/bob");
	mk_dir("outer/view");
	mk_dir("links");
	mk_dir("far/away/target");
	prot = dup_printf("%s", sp("data/homes/bob"));
	target = dup_printf("%s", sp("far/away/target"));
	mk_link(target, "links/abs");
	protect[0] = prot;
	protect[1] = sp("links/abs");
	g = new_guard(0, protect);
	expect(g, prot, SWRMTREE_E_PROTECTED, NULL);
	expect(g, sp("data/homes"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("data"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, target, SWRMTREE_E_PROTECTED, NULL);
	expect(g, sp("far/away"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("far"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("links"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, scratch, SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("outer"), 0, NULL);
	expect(g, sp("data/homes/bob/x"), 0, NULL);
	guard_free(g);
	if (!private_mounts() || !use_source(_i)) {
		free(target);
		free(prot);
		return;
	}
	ck_assert_int_eq(mount(sp("data"), sp("outer/view"), "none", MS_BIND,
			       NULL),
			 0);
	protect[1] = NULL;
	g = new_guard(SWRMTREE_CROSS_MOUNTS, protect);
	expect(g, sp("outer"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("outer/view"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("outer/view/homes"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	expect(g, sp("data"), SWRMTREE_E_CONTAINS_PROTECTED, NULL);
	guard_free(g);
	(void)umount2(sp("outer/view"), MNT_DETACH);
	free(target);
	free(prot);
}
END_TEST

/* Entry I of T as one line, for comparing tables whatever their order. */
static char *mount_line(struct mounts *t, size_t i)
{
	const struct mounts_entry *m = &t->v[i];

	ck_assert_int_eq(mounts_strings(t, i), 0);
	return dup_printf("%llu %u:%u [%s] [%s]", (unsigned long long)m->id,
			  major(m->dev), minor(m->dev), m->root, m->point);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Both sources give the same mounts, ids, devices, roots and points; HOW
 * is MOUNTS_SYSCALLS or MOUNTS_SYSCALLS_EACH.
 */
static void same_tables(unsigned int how)
{
	struct mounts f = { 0 }, c = { 0 };
	char **lf, **lc;
	size_t i;

	ck_assert_int_eq(mounts_load(&f, MOUNTS_FILE), 0);
	ck_assert_int_eq(f.error, 0);
	ck_assert_uint_eq(f.source, MOUNTS_FILE);
	ck_assert_int_eq(mounts_load(&c, how), 0);
	if (c.error) {
		fprintf(stderr,
			"check_guard: listmount/statmount cannot serve: %s\n",
			strerror(c.error));
		ck_assert_uint_eq(c.n, 0);
		mounts_free(&c);
		mounts_free(&f);
		return;
	}
	ck_assert_uint_eq(c.source, MOUNTS_SYSCALLS);
	ck_assert_uint_eq(c.n, f.n);
	lf = calloc(f.n, sizeof(*lf));
	lc = calloc(c.n, sizeof(*lc));
	ck_assert(lf && lc);
	for (i = 0; i < f.n; i++) {
		lf[i] = mount_line(&f, i);
		lc[i] = mount_line(&c, i);
	}
	qsort(lf, f.n, sizeof(*lf), by_string);
	qsort(lc, c.n, sizeof(*lc), by_string);
	for (i = 0; i < f.n; i++) {
		ck_assert_str_eq(lc[i], lf[i]);
		free(lf[i]);
		free(lc[i]);
	}
	free(lf);
	free(lc);
	mounts_free(&c);
	mounts_free(&f);
}

/* The place of the Ith of many mounts: half of them below the first. */
static void many_rel(char *rel, size_t size, int i)
{
	if (i < 35)
		(void)snprintf(rel, size, "many/%d", i);
	else
		(void)snprintf(rel, size, "many/0/%d", i);
}

/*
 * The two sources of the mount table agree: here, and in a namespace with
 * bind mounts and a tmpfs whose names need mountinfo's escapes (blank,
 * tab, newline, backslash).  In a chroot into a plain directory the system
 * calls stand aside (they would list mounts the file does not).
 */
START_TEST(mount_table_sources)
{
	struct mounts t = { 0 };
	char rel[32];
	pid_t pid;
	int st, i;

	same_tables(MOUNTS_SYSCALLS);
	same_tables(MOUNTS_SYSCALLS_EACH);
	if (!private_mounts())
		return;
	mk_dir("src/a b");
	mk_dir("m");
	mk_dir("odd\tname\\x");
	mk_dir("line\nbreak");
	mk_dir("sub/dir");
	ck_assert_int_eq(mount("tmpfs", sp("m"), "tmpfs", 0, "size=64k"), 0);
	ck_assert_int_eq(mount(sp("src/a b"), sp("odd\tname\\x"), "none",
			       MS_BIND, NULL),
			 0);
	ck_assert_int_eq(mount(sp("src"), sp("line\nbreak"), "none", MS_BIND,
			       NULL),
			 0);
	same_tables(MOUNTS_SYSCALLS);
	same_tables(MOUNTS_SYSCALLS_EACH);
	/* More mounts than one listmount() call returns (64), some nested. */
	for (i = 0; i < 70; i++) {
		many_rel(rel, sizeof(rel), i);
		mk_dir(rel);
		ck_assert_int_eq(mount("tmpfs", sp("%s", rel), "tmpfs", 0,
				       "size=16k"),
				 0);
	}
	same_tables(MOUNTS_SYSCALLS);
	same_tables(MOUNTS_SYSCALLS_EACH);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (chroot(sp("sub")) < 0 || chdir("/") < 0)
			_exit(2);
		if (mounts_load(&t, MOUNTS_SYSCALLS) < 0 || !t.error)
			_exit(3);
		mounts_free(&t);
		if (mounts_load(&t, MOUNTS_ANY) < 0 || t.source != MOUNTS_FILE)
			_exit(4);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "in a chroot: child status %d", st);
	for (i = 69; i >= 0; i--) {
		many_rel(rel, sizeof(rel), i);
		(void)umount2(sp("%s", rel), MNT_DETACH);
	}
	(void)umount2(sp("line\nbreak"), MNT_DETACH);
	(void)umount2(sp("odd\tname\\x"), MNT_DETACH);
	(void)umount2(sp("m"), MNT_DETACH);
}
END_TEST

static Suite *guard_suite(void)
{
	Suite *s = suite_create("guard");
	TCase *tc = tcase_create("guard");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, empty_and_dots);
	tcase_add_test(tc, missing_paths_go_ahead);
	tcase_add_test(tc, root_by_identity);
	tcase_add_test(tc, symlink_with_slash);
	tcase_add_test(tc, protect_by_identity);
	tcase_add_test(tc, protect_relative_and_tilde);
	tcase_add_test(tc, protected_symlink_both_ways);
	tcase_add_test(tc, missing_protected_paths_protect_nothing);
	tcase_add_test(tc, home_directory);
	tcase_add_test(tc, config_good);
	tcase_add_test(tc, config_default_user_file);
	tcase_add_test(tc, config_missing_is_fine);
	tcase_add_test(tc, config_relative_path_is_an_error);
	tcase_add_test(tc, config_unreadable_is_an_error);
	tcase_add_test(tc, builtin_system_paths);
	tcase_add_loop_test(tc, mount_points, 0, 2);
	tcase_add_loop_test(tc, spelled_ancestors, 0, 2);
	tcase_add_test(tc, mount_table_sources);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	return guard_suite();
}
