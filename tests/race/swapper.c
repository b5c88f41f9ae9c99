/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * swapper.c - an attacker for the race tests (tests/cli/race-*.sh).  Not a
 * test itself and never installed.
 *
 *   swapper [-t SECONDS] [-p USEC] [-s SEED] [-r READY] swap DIR LINK TARGET
 *
 * Creates the symbolic link LINK -> TARGET (LINK must not exist), then
 * exchanges the names DIR and LINK with renameat2(RENAME_EXCHANGE) in a
 * loop, as fast as it can: a walker reading DIR's parent sees, under the
 * same name, now the directory, now a link to TARGET.  LINK may sit next to
 * DIR or in another directory (even outside the tree): then the directory
 * itself is moved there and back, and whatever is walking inside it finds
 * a different "..".  Where the file system cannot exchange, the same is
 * done non-atomically with three plain renames through LINK.hold.
 * When the walker has unlinked one of the two names while the directory
 * still exists under the other, a new link to TARGET is planted there; once
 * neither name is a directory, it waits for the end.  The directories
 * holding DIR and LINK are opened once at the start, component by component
 * with O_NOFOLLOW, and every later call is relative to them: swappers
 * started deepest first keep working while their ancestors are swapped,
 * and never act through a planted link.
 *
 *   swapper [-t SECONDS] [-p USEC] [-s SEED] [-r READY] [-n MAX] grow DIR [TARGET]
 *
 * Keeps creating files, directories and (with TARGET) symbolic links to
 * TARGET inside DIR, at random places among the directories that were
 * there at the start and those it created, always relative to descriptors
 * it holds: it never creates anything outside DIR, not even DIR itself
 * once it is gone.  With -n, it stops creating after MAX entries (so that
 * a remover that never ends leaves a bounded mess).
 *
 * It never unlinks or overwrites anything.  It runs until -t SECONDS have
 * passed or SIGTERM/SIGINT arrives, then prints what it did on stderr and
 * exits 0 (1 when it could not start, 2 on a usage error).  -p pauses a
 * random 0..USEC microseconds after each step; -r creates the file READY
 * after the first step, so that a test knows the attack is under way.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

#define MAX_DIRS  512
#define MAX_DEPTH 40 /* keep grown paths well below PATH_MAX */

static volatile sig_atomic_t stop;
static struct timespec deadline;
static int have_deadline;
static long pause_us;
static const char *ready;
static unsigned long steps;
static unsigned long max_steps;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int over(void)
{
	struct timespec now;

	if (stop)
		return 1;
	if (!have_deadline)
		return 0;
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

static void nap(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	(void)nanosleep(&ts, NULL);
}

/* Count a step done; the first one announces readiness. */
static void stepped(void)
{
	int fd;

	if (steps++ == 0 && ready) {
		fd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0)
			(void)close(fd);
	}
	if (pause_us > 0)
		nap(random() % (pause_us + 1));
}

/*
 * Open the directory that holds PATH's last component without following
 * any symbolic link on the way (another swapper may have turned an
 * ancestor into a link already), and point *RET_BASE at that component.
 */
static int open_parent(const char *path, const char **ret_base)
{
	char *copy = strdup(path), *comp, *slash;
	int fd, nfd;

	if (!copy)
		return -1;
	fd = openat(AT_FDCWD, path[0] == '/' ? "/" : ".",
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	comp = copy + (path[0] == '/');
	while (fd >= 0 && (slash = strchr(comp, '/'))) {
		*slash = '\0';
		if (*comp) {
			nfd = openat(fd, comp,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_CLOEXEC);
			(void)close(fd);
			fd = nfd;
		}
		comp = slash + 1;
	}
	*ret_base = path + (comp - copy);
	free(copy);
	if (fd >= 0 && !**ret_base) {
		(void)close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* A name in a directory held open. */
struct slot {
	int fd;
	const char *name;
};

static int is_dir(const struct slot *s)
{
	struct stat st;

	return fstatat(s->fd, s->name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(st.st_mode);
}

static int exists(const struct slot *s)
{
	struct stat st;

	return fstatat(s->fd, s->name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int move(const struct slot *from, const struct slot *to)
{
	return renameat(from->fd, from->name, to->fd, to->name);
}

/* Without RENAME_EXCHANGE: A -> HOLD, B -> A, HOLD -> B. */
static int rotate(const struct slot *a, const struct slot *b,
		  const struct slot *hold)
{
	if (move(a, hold) < 0)
		return -1;
	if (move(b, a) < 0) {
		int e = errno;

		(void)move(hold, a);
		errno = e;
		return -1;
	}
	return move(hold, b);
}

/* The walker removed one of the names: plant a new link there. */
static int replant(const struct slot *dir, const struct slot *link,
		   const struct slot *hold, const char *target, int *ret_gone)
{
	if (is_dir(dir) && !exists(link))
		return symlinkat(target, link->fd, link->name) == 0;
	if (is_dir(link) && !exists(dir))
		return symlinkat(target, dir->fd, dir->name) == 0;
	*ret_gone = !is_dir(dir) && !is_dir(link) && !is_dir(hold);
	return 0;
}

static int do_swap(const char *dirpath, const char *linkpath, const char *target)
{
	unsigned long exchanges = 0, replants = 0, failures = 0;
	struct slot dir, link, hold;
	char *holdname = NULL;
	int atomic = 1, gone = 0;

	dir.fd = open_parent(dirpath, &dir.name);
	link.fd = open_parent(linkpath, &link.name);
	if (dir.fd < 0 || link.fd < 0 || !is_dir(&dir) ||
	    asprintf(&holdname, "%s.hold", link.name) < 0) {
		fprintf(stderr,
			"swapper: %s: not a directory reachable "
			"without symbolic links\n",
			dirpath);
		return 1;
	}
	hold.fd = link.fd;
	hold.name = holdname;
	if (symlinkat(target, link.fd, link.name) < 0) {
		fprintf(stderr, "swapper: %s: %s\n", linkpath, strerror(errno));
		return 1;
	}
	while (!over()) {
		if (gone) {
			nap(1000);
			continue;
		}
		if (atomic && syscall(SYS_renameat2, dir.fd, dir.name, link.fd,
				      link.name, RENAME_EXCHANGE) == 0) {
			exchanges++;
			stepped();
			continue;
		}
		if (atomic && (errno == EINVAL || errno == ENOSYS)) {
			atomic = 0; /* fall back to plain renames */
			continue;
		}
		if (!atomic && rotate(&dir, &link, &hold) == 0) {
			exchanges++;
			stepped();
			continue;
		}
		if (errno != ENOENT)
			failures++;
		else
			replants += replant(&dir, &link, &hold, target, &gone);
	}
	fprintf(stderr,
		"swapper: swap %s: %lu exchanges%s, %lu re-plants, "
		"%lu other failures%s\n",
		dirpath, exchanges, atomic ? "" : " (by rename)", replants,
		failures, gone ? ", directory removed" : "");
	free(holdname);
	return 0;
}

/* Add the directories already below FDS[0..N), breadth first. */
static int add_existing(int *fds, int *depth, int n, int most)
{
	struct dirent *e;
	DIR *d;
	int i, fd;

	for (i = 0; i < n && n < most; i++) {
		fd = fcntl(fds[i], F_DUPFD_CLOEXEC, 0);
		d = fd < 0 ? NULL : fdopendir(fd);
		if (!d) {
			if (fd >= 0)
				(void)close(fd);
			continue;
		}
		while (n < most && (e = readdir(d))) {
			if ((e->d_type != DT_DIR && e->d_type != DT_UNKNOWN) ||
			    strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			fd = openat(fds[i], e->d_name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC);
			if (fd >= 0) {
				depth[n] = depth[i] + 1;
				fds[n++] = fd;
			}
		}
		(void)closedir(d);
	}
	return n;
}

enum {
	GROW_DIR,
	GROW_LINK,
	GROW_FILE
};

/*
 * Create NAME in DIRFD: a directory (opened: *RET_FD), a link to TARGET or
 * a small file.  Returns 0, or -1 with errno set.
 */
static int grow_one(int dirfd, const char *name, int what, const char *target,
		    int *ret_fd)
{
	int fd;

	*ret_fd = -1;
	if (what == GROW_DIR) {
		if (mkdirat(dirfd, name, 0755) < 0)
			return -1;
		*ret_fd = openat(dirfd, name,
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		return 0;
	}
	if (what == GROW_LINK)
		return symlinkat(target, dirfd, name);
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, name, strlen(name)) < 0) {
		(void)close(fd);
		return -1;
	}
	return close(fd);
}

static int do_grow(const char *top, const char *target)
{
	unsigned long made[3] = { 0, 0, 0 }, counter = 0;
	int fds[MAX_DIRS], depth[MAX_DIRS];
	int n, i, fd, what;
	char name[32];

	fds[0] = open(top, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fds[0] < 0) {
		fprintf(stderr, "swapper: %s: %s\n", top, strerror(errno));
		return 1;
	}
	depth[0] = 0;
	n = add_existing(fds, depth, 1, MAX_DIRS / 2);
	while (!over()) {
		if (n == 0 || (max_steps && steps >= max_steps)) {
			nap(1000); /* everything was removed, or enough */
			continue;
		}
		/* DIR itself goes last: a quarter of the entries go there. */
		i = random() % 4 == 0 ? 0 : (int)(random() % n);
		/* Files twice as often as directories and links. */
		what = (int)(random() % 4);
		if (what == 3 || (what == GROW_LINK && !target) ||
		    (what == GROW_DIR && depth[i] >= MAX_DEPTH))
			what = GROW_FILE;
		(void)snprintf(name, sizeof(name), "g%lu", counter++);
		if (grow_one(fds[i], name, what, target, &fd) < 0) {
			/* A removed directory cannot gain entries: drop it. */
			if (errno == ENOENT) {
				(void)close(fds[i]);
				n--;
				fds[i] = fds[n];
				depth[i] = depth[n];
			}
			continue;
		}
		made[what]++;
		if (fd >= 0 && n < MAX_DIRS) {
			depth[n] = depth[i] + 1;
			fds[n++] = fd;
		} else if (fd >= 0) {
			(void)close(fds[i]);
			fds[i] = fd;
			depth[i]++;
		}
		stepped();
	}
	fprintf(stderr,
		"swapper: grow %s: %lu files, %lu directories, "
		"%lu links created; %d directories still open\n",
		top, made[GROW_FILE], made[GROW_DIR], made[GROW_LINK], n);
	for (i = 0; i < n; i++)
		(void)close(fds[i]);
	return 0;
}

static int usage(void)
{
	fputs("usage: swapper [-t SECONDS] [-p USEC] [-s SEED] [-r READY] "
	      "swap DIR LINK TARGET\n"
	      "       swapper [-t SECONDS] [-p USEC] [-s SEED] [-r READY] "
	      "[-n MAX] grow DIR [TARGET]\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	double seconds = 0;
	unsigned long seed = 1;
	char *end;
	int c;

	while ((c = getopt(argc, argv, "t:p:s:r:n:")) != -1) {
		switch (c) {
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || seconds <= 0)
				return usage();
			have_deadline = 1;
			break;
		case 'p':
			pause_us = strtol(optarg, &end, 10);
			if (*end || pause_us < 0)
				return usage();
			break;
		case 's':
			seed = strtoul(optarg, &end, 10);
			if (*end)
				return usage();
			break;
		case 'r':
			ready = optarg;
			break;
		case 'n':
			max_steps = strtoul(optarg, &end, 10);
			if (*end)
				return usage();
			break;
		default:
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		return usage();

	srandom((unsigned int)seed);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	if (have_deadline) {
		(void)clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += (time_t)seconds;
		deadline.tv_nsec += (long)((seconds - (double)(time_t)seconds) *
					   1e9);
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
	}
	if (strcmp(argv[0], "swap") == 0 && argc == 4)
		return do_swap(argv[1], argv[2], argv[3]);
	if (strcmp(argv[0], "grow") == 0 && (argc == 2 || argc == 3))
		return do_grow(argv[1], argc == 3 ? argv[2] : NULL);
	return usage();
}
