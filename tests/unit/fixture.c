/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * fixture.c - scratch trees for the Check unit suites: creation from a
 * compact spec, counting, removal with rm -rf, and a mount-namespace
 * sandbox in which only the scratch directory is writable.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

extern char **environ;

#define SCRATCH_PREFIX "swrmtree-unit."
#define SCRATCH_MAX    64
#define SLOT_LEN       512

/*
 * Scratch directories not yet cleaned up.  Check runs each test in a forked
 * process and ends it with _exit() when an assertion fails, so neither the
 * teardown nor atexit() run there: the table lives in memory shared with
 * the main process, which removes whatever is left when it exits.
 * state: 0 free, 1 being filled, 2 holds a path.
 */
struct slot {
	int state;
	char path[SLOT_LEN];
};
static struct slot *slots;
static pid_t main_pid;

/* The original mount namespace, kept by fixture_sandbox (-1: none). */
static int saved_ns = -1;

/* ---- small helpers ---------------------------------------------------- */

char *fixture_path(const char *dir, const char *rel)
{
	size_t a = strlen(dir), b = strlen(rel);
	char *p = malloc(a + b + 2);

	ck_assert_msg(p != NULL, "out of memory");
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, rel, b + 1);
	return p;
}

bool fixture_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static bool below(const char *path, const char *top)
{
	size_t n = strlen(top);

	return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Only a path shaped like one fixture_scratch returns is ever removed. */
static bool scratch_shaped(const char *path)
{
	const char *base = strrchr(path, '/');

	if (path[0] != '/' || !base || strcmp(path, "/") == 0)
		return false;
	if (strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../"))
		return false;
	base++;
	return strncmp(base, SCRATCH_PREFIX, strlen(SCRATCH_PREFIX)) == 0 &&
	       strlen(base) == strlen(SCRATCH_PREFIX) + 6;
}

/* Runs ARGV (no shell) with stdout and, when QUIET, stderr on /dev/null. */
static int spawn(const char *const argv[], bool quiet)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, r;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	(void)posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (quiet)
		(void)posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
						       O_WRONLY, 0);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* ---- /proc/self/mountinfo ------------------------------------------------ */

struct mnt {
	char *mp;   /* mount point, unescaped */
	char *opts; /* per-mount options */
	char *fstype;
	bool shared; /* has a shared: propagation tag */
};

static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static void free_mounts(struct mnt *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].mp);
		free(m[i].opts);
		free(m[i].fstype);
	}
	free(m);
}

/* Parses one mountinfo line into M; returns -1 if it is malformed. */
static int parse_mount(char *line, struct mnt *m)
{
	char *tok[64], *save = NULL, *t;
	int n = 0, i, dash = -1;

	for (t = strtok_r(line, " \n", &save); t && n < 64;
	     t = strtok_r(NULL, " \n", &save))
		tok[n++] = t;
	for (i = 6; i < n; i++) {
		if (strcmp(tok[i], "-") == 0) {
			dash = i;
			break;
		}
	}
	if (dash < 0 || dash + 1 >= n)
		return -1;
	memset(m, 0, sizeof(*m));
	for (i = 6; i < dash; i++)
		if (strncmp(tok[i], "shared:", 7) == 0)
			m->shared = true;
	m->mp = strdup(tok[4]);
	m->opts = strdup(tok[5]);
	m->fstype = strdup(tok[dash + 1]);
	if (!m->mp || !m->opts || !m->fstype) {
		free(m->mp);
		free(m->opts);
		free(m->fstype);
		return -1;
	}
	unescape(m->mp);
	return 0;
}

/* Reads the mount table in mount order; returns the count or -1. */
static long read_mounts(struct mnt **ret_mounts)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	struct mnt *m = NULL, *nm;
	char *line = NULL;
	size_t cap = 0, n = 0;
	long r = -1;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		nm = realloc(m, (n + 1) * sizeof(*m));
		if (!nm)
			goto out;
		m = nm;
		if (parse_mount(line, &m[n]) < 0)
			goto out;
		n++;
	}
	*ret_mounts = m;
	m = NULL;
	r = (long)n;
out:
	free(line);
	if (m)
		free_mounts(m, n);
	(void)fclose(f);
	return r;
}

static bool has_opt(const char *opts, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = opts;

	while ((p = strstr(p, opt))) {
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

/* Pseudo file systems in which nothing can be unlinked or rmdir'ed: a failed
 * read-only remount is fine there.  (cgroup, tracefs, bpf, mqueue, pstore,
 * efivarfs... are left out on purpose: removing there has effects.) */
static bool pseudo_fs(const char *type)
{
	static const char *const list[] = {
		"proc",      "sysfs",      "devpts",  "securityfs",
		"debugfs",   "nsfs",       "fusectl", "binfmt_misc",
		"selinuxfs", "rpc_pipefs", NULL,
	};
	int i;

	for (i = 0; list[i]; i++)
		if (strcmp(type, list[i]) == 0)
			return true;
	return false;
}

/* ---- removal ------------------------------------------------------------- */

/* Detaches everything mounted at or below TOP; returns -1 if some remains. */
static int unmount_below(const char *top)
{
	struct mnt *m;
	long n, i, last;
	int round;

	for (round = 0; round < 100; round++) {
		n = read_mounts(&m);
		if (n < 0)
			return -1;
		last = -1;
		for (i = 0; i < n; i++)
			if (below(m[i].mp, top))
				last = i;
		if (last >= 0 && umount2(m[last].mp, MNT_DETACH) < 0) {
			fprintf(stderr, "fixture: umount %s: %s\n", m[last].mp,
				strerror(errno));
			free_mounts(m, n);
			return -1;
		}
		free_mounts(m, n);
		if (last < 0)
			return 0;
	}
	return -1;
}

/* Back to the mount namespace fixture_sandbox left, if it did. */
static void leave_sandbox(void)
{
	if (saved_ns < 0)
		return;
	if (setns(saved_ns, CLONE_NEWNS) < 0)
		fprintf(stderr, "fixture: setns back: %s\n", strerror(errno));
	(void)close(saved_ns);
	saved_ns = -1;
}

/* rm -rf SCRATCH, then again after chattr -i -a and chmod u+rwx. */
static int remove_scratch(const char *scratch)
{
	const char *rm[] = { "rm", "-rf",   "--one-file-system",
			     "--", scratch, NULL };
	const char *chattr[] = { "chattr", "-R", "-i", "-a", scratch, NULL };
	const char *chmod_[] = { "chmod", "-R", "u+rwx", "--", scratch, NULL };

	if (!scratch_shaped(scratch)) {
		fprintf(stderr, "fixture: not removing suspicious path %s\n",
			scratch);
		return -1;
	}
	leave_sandbox();
	if (unmount_below(scratch) < 0) {
		fprintf(stderr, "fixture: %s still has mounts; left in place\n",
			scratch);
		return -1;
	}
	(void)spawn(rm, true);
	if (!fixture_exists(scratch))
		return 0;
	(void)spawn(chattr, true);
	(void)spawn(chmod_, true);
	(void)spawn(rm, false);
	if (!fixture_exists(scratch))
		return 0;
	fprintf(stderr, "fixture: could not remove %s\n", scratch);
	return -1;
}

/* In the main process only: whatever the tests left behind. */
static void cleanup_at_exit(void)
{
	int i;

	if (!slots || getpid() != main_pid)
		return;
	for (i = 0; i < SCRATCH_MAX; i++) {
		if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == 2) {
			if (fixture_exists(slots[i].path))
				(void)remove_scratch(slots[i].path);
			slots[i].state = 0;
		}
	}
}

/* Runs in the main process before main(), so before Check forks. */
__attribute__((constructor)) static void fixture_init(void)
{
	void *p = mmap(NULL, SCRATCH_MAX * sizeof(struct slot),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	slots = p;
	main_pid = getpid();
	(void)atexit(cleanup_at_exit);
}

static void track(const char *path)
{
	int i, expected;

	if (!slots || strlen(path) >= SLOT_LEN)
		return;
	for (i = 0; i < SCRATCH_MAX; i++) {
		expected = 0;
		if (__atomic_compare_exchange_n(&slots[i].state, &expected, 1,
						false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			strcpy(slots[i].path, path);
			__atomic_store_n(&slots[i].state, 2, __ATOMIC_RELEASE);
			return;
		}
	}
}

static void untrack(const char *path)
{
	int i;

	if (!slots)
		return;
	for (i = 0; i < SCRATCH_MAX; i++) {
		if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == 2 &&
		    strcmp(slots[i].path, path) == 0)
			__atomic_store_n(&slots[i].state, 0, __ATOMIC_RELEASE);
	}
}

char *fixture_scratch(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl, *real;

	if (!base || base[0] != '/')
		base = "/tmp";
	tmpl = fixture_path(base, SCRATCH_PREFIX "XXXXXX");
	ck_assert_msg(mkdtemp(tmpl) != NULL, "mkdtemp(%s): %s", tmpl,
		      strerror(errno));
	real = realpath(tmpl, NULL);
	ck_assert_msg(real != NULL, "realpath(%s): %s", tmpl, strerror(errno));
	free(tmpl);
	ck_assert_msg(scratch_shaped(real), "unexpected scratch path %s", real);
	track(real);
	return real;
}

char *fixture_enter(int *ret_oldcwd)
{
	char *scratch = fixture_scratch();

	*ret_oldcwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(*ret_oldcwd, 0);
	ck_assert_int_eq(chdir(scratch), 0);
	return scratch;
}

void fixture_leave(char *scratch, int oldcwd)
{
	ck_assert_int_eq(fchdir(oldcwd), 0);
	(void)close(oldcwd);
	fixture_cleanup(scratch);
}

void fixture_cleanup(char *scratch)
{
	int r;

	if (!scratch)
		return;
	r = remove_scratch(scratch);
	untrack(scratch);
	ck_assert_msg(r == 0, "could not remove the scratch directory %s",
		      scratch);
	free(scratch);
}

/* ---- building ------------------------------------------------------------ */

struct pending_mode {
	char *path;
	mode_t mode;
};

static void make_parents(const char *dir, const char *rel)
{
	char *p = fixture_path(dir, rel), *s;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		ck_assert_msg(mkdir(p, 0755) == 0 || errno == EEXIST,
			      "mkdir %s: %s", p, strerror(errno));
		*s = '/';
	}
	free(p);
}

static void make_file(const char *path, unsigned long size)
{
	char buf[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0644);
	size_t i, chunk;

	ck_assert_msg(fd >= 0, "create %s: %s", path, strerror(errno));
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	while (size > 0) {
		chunk = size < sizeof(buf) ? size : sizeof(buf);
		ck_assert_msg(write(fd, buf, chunk) == (ssize_t)chunk,
			      "write %s: %s", path, strerror(errno));
		size -= chunk;
	}
	ck_assert_int_eq(close(fd), 0);
}

/* Binds through /proc/self/fd/N/NAME: sun_path is too short for paths. */
static void make_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *dir = strdup(path), *slash;
	int dfd, sfd, n;

	ck_assert_msg(dir != NULL, "out of memory");
	slash = strrchr(dir, '/');
	*slash = '\0';
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_msg(dfd >= 0, "open %s: %s", dir, strerror(errno));
	n = snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d/%s",
		     dfd, slash + 1);
	ck_assert_msg(n > 0 && (size_t)n < sizeof(sa.sun_path),
		      "socket name too long: %s", path);
	sfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_msg(sfd >= 0, "socket: %s", strerror(errno));
	ck_assert_msg(bind(sfd, (struct sockaddr *)&sa, sizeof(sa)) == 0,
		      "bind %s: %s", path, strerror(errno));
	(void)close(sfd);
	(void)close(dfd);
	free(dir);
}

static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* "-> TARGET" after a path; returns TARGET. */
static char *arrow_target(char *rest, const char *entry)
{
	ck_assert_msg(strncmp(rest, "->", 2) == 0,
		      "fixture_build: expected '->' in '%s'", entry);
	rest = skip_blanks(rest + 2);
	ck_assert_msg(*rest != '\0', "fixture_build: no target in '%s'", entry);
	return rest;
}

static void build_one(const char *dir, char *entry, struct pending_mode **modes,
		      size_t *nmodes)
{
	char type, *rel, *rest, *path, *end;
	unsigned long num = 0;
	struct stat st;

	type = entry[0];
	ck_assert_msg(entry[1] == ' ' || entry[1] == '\t',
		      "fixture_build: bad entry '%s'", entry);
	rel = skip_blanks(entry + 1);
	rest = rel + strcspn(rel, " \t");
	if (*rest)
		*rest++ = '\0';
	rest = skip_blanks(rest);
	ck_assert_msg(*rel && rel[0] != '/', "fixture_build: bad path in '%s'",
		      entry);
	make_parents(dir, rel);
	path = fixture_path(dir, rel);
	if (type == 'f' || type == 'm') {
		if (*rest || type == 'm') {
			errno = 0;
			num = strtoul(rest, &end, type == 'm' ? 8 : 10);
			ck_assert_msg(errno == 0 && end != rest && *end == '\0',
				      "fixture_build: bad number in '%s'", entry);
		}
	} else if (type != 'l' && type != 'h') {
		ck_assert_msg(*rest == '\0',
			      "fixture_build: trailing text in '%s'", entry);
	}
	switch (type) {
	case 'd':
		ck_assert_msg(mkdir(path, 0755) == 0 || (errno == EEXIST &&
							 lstat(path, &st) == 0 &&
							 S_ISDIR(st.st_mode)),
			      "mkdir %s: %s", path, strerror(errno));
		break;
	case 'f':
		make_file(path, num);
		break;
	case 'l':
		ck_assert_msg(symlink(arrow_target(rest, rel), path) == 0,
			      "symlink %s: %s", path, strerror(errno));
		break;
	case 'h': {
		char *old = fixture_path(dir, arrow_target(rest, rel));

		ck_assert_msg(link(old, path) == 0, "link %s: %s", path,
			      strerror(errno));
		free(old);
		break;
	}
	case 'p':
		ck_assert_msg(mkfifo(path, 0644) == 0, "mkfifo %s: %s", path,
			      strerror(errno));
		break;
	case 's':
		make_socket(path);
		break;
	case 'c':
		ck_assert_msg(geteuid() == 0,
			      "fixture_build: 'c %s' needs root", rel);
		ck_assert_msg(mknod(path, S_IFCHR | 0644, makedev(1, 3)) == 0,
			      "mknod %s: %s", path, strerror(errno));
		break;
	case 'm': {
		struct pending_mode *nm = realloc(*modes, (*nmodes +
							   1) * sizeof(**modes));

		ck_assert_msg(nm != NULL, "out of memory");
		*modes = nm;
		nm[*nmodes].path = path;
		nm[*nmodes].mode = (mode_t)num;
		(*nmodes)++;
		return;
	}
	default:
		ck_abort_msg("fixture_build: unknown entry type in '%s'", entry);
	}
	free(path);
}

void fixture_build(const char *dir, const char *spec)
{
	struct pending_mode *modes = NULL;
	size_t nmodes = 0, i;
	char *copy = strdup(spec), *save = NULL, *entry;
	struct stat st;

	ck_assert_msg(copy != NULL, "out of memory");
	for (entry = strtok_r(copy, ";\n", &save); entry;
	     entry = strtok_r(NULL, ";\n", &save)) {
		entry = skip_blanks(entry);
		trim_end(entry);
		if (*entry)
			build_one(dir, entry, &modes, &nmodes);
	}
	for (i = 0; i < nmodes; i++) {
		ck_assert_msg(lstat(modes[i].path, &st) == 0, "lstat %s: %s",
			      modes[i].path, strerror(errno));
		ck_assert_msg(!S_ISLNK(st.st_mode),
			      "fixture_build: 'm' on symlink %s", modes[i].path);
		ck_assert_msg(chmod(modes[i].path, modes[i].mode) == 0,
			      "chmod %s: %s", modes[i].path, strerror(errno));
		free(modes[i].path);
	}
	free(modes);
	free(copy);
}

/* ---- counting -------------------------------------------------------------- */

static int counted;

static int count_one(const char *path, const struct stat *st, int flag,
		     struct FTW *ftw)
{
	(void)path;
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		counted++;
	return 0;
}

int fixture_count(const char *dir)
{
	if (!fixture_exists(dir))
		return -1;
	counted = 0;
	if (nftw(dir, count_one, 16, FTW_PHYS) != 0)
		return -1;
	return counted;
}

/* ---- the sandbox ------------------------------------------------------------ */

__attribute__((format(printf, 1, 2))) static int why(const char *fmt, ...)
{
	va_list ap;

	fputs("fixture_sandbox: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static unsigned long kept_flags(const char *opts)
{
	unsigned long f = 0;

	if (has_opt(opts, "nosuid"))
		f |= MS_NOSUID;
	if (has_opt(opts, "nodev"))
		f |= MS_NODEV;
	if (has_opt(opts, "noexec"))
		f |= MS_NOEXEC;
	return f;
}

static void remount_all_ro(const char *scratch)
{
	struct mnt *m;
	long n, i;

	n = read_mounts(&m);
	if (n < 0)
		return;
	/* Per mount (MS_BIND): the file systems themselves stay writable for
	 * everyone else.  Failures are judged by check_all_ro. */
	for (i = 0; i < n; i++)
		if (!below(m[i].mp, scratch))
			(void)mount(NULL, m[i].mp, NULL,
				    MS_REMOUNT | MS_BIND | MS_RDONLY |
					    kept_flags(m[i].opts),
				    NULL);
	free_mounts(m, n);
}

/* Every reachable mount outside SCRATCH must be read-only: judge each
 * mount point by its topmost mount (the last listed); the ones below are
 * covered.  Nothing may propagate back to the original namespace. */
static int check_all_ro(const char *scratch)
{
	struct mnt *m;
	long n, i, j;
	int r = 0;

	n = read_mounts(&m);
	if (n < 0)
		return why("cannot read /proc/self/mountinfo");
	for (i = n - 1; i >= 0 && r == 0; i--) {
		for (j = i + 1; j < n; j++)
			if (strcmp(m[i].mp, m[j].mp) == 0)
				break;
		if (m[i].shared)
			r = why("%s has shared propagation", m[i].mp);
		else if (j < n || below(m[i].mp, scratch) ||
			 has_opt(m[i].opts, "ro") || pseudo_fs(m[i].fstype))
			continue;
		else
			r = why("%s (%s) is still writable", m[i].mp,
				m[i].fstype);
	}
	free_mounts(m, n);
	return r;
}

/* Returns 0 if DIR/probe can be neither created nor made. */
static int probe_ro(const char *dir)
{
	char *p = fixture_path(dir, ".fixture-sandbox-probe");
	int fd, r = 0;

	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		(void)close(fd);
		(void)unlink(p);
		r = why("%s is writable inside the sandbox", dir);
	} else if (mkdir(p, 0700) == 0) {
		(void)rmdir(p);
		r = why("%s is writable inside the sandbox", dir);
	}
	free(p);
	return r;
}

static int probe_all(const char *scratch)
{
	const char *dirs[] = { "/",        "/tmp",           "/var/tmp",
			       "/dev/shm", getenv("TMPDIR"), getenv("HOME"),
			       NULL };
	char *parent = strdup(scratch), *real, *p;
	int i, fd, r = 0;

	if (!parent)
		return why("out of memory");
	*strrchr(parent, '/') = '\0';
	if (*parent && probe_ro(parent) < 0)
		r = -1;
	free(parent);
	for (i = 0; r == 0 && i < (int)(sizeof(dirs) / sizeof(dirs[0])); i++) {
		if (!dirs[i] || !(real = realpath(dirs[i], NULL)))
			continue;
		if (!below(real, scratch) && probe_ro(real) < 0)
			r = -1;
		free(real);
	}
	if (r < 0)
		return r;
	p = fixture_path(scratch, ".fixture-sandbox-probe");
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		r = why("%s is not writable inside the sandbox: %s", scratch,
			strerror(errno));
	else
		(void)close(fd);
	(void)unlink(p);
	free(p);
	return r;
}

int fixture_sandbox(const char *scratch)
{
	const char *fork_env = getenv("CK_FORK");
	char cwd[PATH_MAX];
	bool recwd;

	if (fork_env && strcmp(fork_env, "no") == 0)
		return why("CK_FORK=no: the namespace would outlive this test");
	if (!scratch_shaped(scratch))
		return why("unexpected scratch path %s", scratch);
	if (saved_ns >= 0)
		return why("already in a sandbox");
	if (geteuid() != 0)
		return why("not running as root");
	saved_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (saved_ns < 0)
		return why("open /proc/self/ns/mnt: %s", strerror(errno));
	recwd = getcwd(cwd, sizeof(cwd)) && below(cwd, scratch);
	if (unshare(CLONE_NEWNS) < 0) {
		int e = errno;

		(void)close(saved_ns);
		saved_ns = -1;
		return why("unshare(CLONE_NEWNS): %s", strerror(e));
	}
	/* From here on we are in a namespace of our own: a failure leaves us
	 * there (fixture_cleanup goes back), and the test skips. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return why("making / private: %s", strerror(errno));
	if (mount(scratch, scratch, NULL, MS_BIND, NULL) < 0)
		return why("bind-mounting %s: %s", scratch, strerror(errno));
	remount_all_ro(scratch);
	if (check_all_ro(scratch) < 0 || probe_all(scratch) < 0)
		return -1;
	/* The old working directory is on the read-only mount underneath. */
	if (recwd && chdir(cwd) < 0)
		return why("chdir %s: %s", cwd, strerror(errno));
	return 0;
}
