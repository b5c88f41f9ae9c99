/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * detach.c - --detach: the renames in the foreground (the library's
 * swrmtree_detach()), the removal in a background process of its own
 * session, at the lowest CPU and I/O priority, that never prompts and
 * logs its failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>

#include "detach.h"

/* The idle I/O class (linux/ioprio.h), for ioprio_set(2). */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_IDLE  3
#define IOPRIO_CLASS_SHIFT 13

/* Standard input, output and error on /dev/null: nobody reads them now. */
static void quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)dup2(fd, STDIN_FILENO);
	(void)dup2(fd, STDOUT_FILENO);
	(void)dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		(void)close(fd);
}

/*
 * Messages to LOG (appended; opening a FIFO waits for its reader), or to
 * syslog when there is none or it cannot be opened (which syslog says).
 */
static void open_log(const char *log, struct output *out)
{
	struct qbuf q = { 0 };
	int fd, err;

	openlog("sw-rmtree", LOG_PID, LOG_USER);
	if (!log) {
		out->to_syslog = true;
		return;
	}
	fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC,
		  0666);
	if (fd < 0) {
		err = errno;
		out->to_syslog = true;
		/* Quoted as every path in a message (SPEC: Messages). */
		quote_shell(&q, log, strlen(log), true);
		syslog(LOG_ERR, "cannot open the log %s: %s; logging here",
		       q.data, strerror(err));
		qbuf_free(&q);
		return;
	}
	(void)dup2(fd, STDERR_FILENO);
	(void)close(fd);
}

/*
 * Descriptors the program inherited beyond the standard three (a make
 * jobserver's pipe, a test harness's): the background process must not
 * keep whoever holds their other ends waiting.  sw-rmtree itself has
 * none open yet.
 */
static void close_inherited(void)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

	if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return;
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		(void)close(fd);
}

/* The background remover: never returns. */
static void remover(struct swrmtree_trash *trash,
		    const struct swrmtree_options *opts, const char *log,
		    struct output *out)
{
	int r;

	/* Its own session: the terminal's signals (^C, hangup) are not for it. */
	(void)setsid();
	quiet_stdio();
	(void)setpriority(PRIO_PROCESS, 0, 19);
	(void)syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
		      IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT);
	open_log(log, out);
	r = swrmtree_trash_remove(trash, opts, NULL);
	swrmtree_trash_free(trash);
	output_free(out);
	closelog();
	exit(r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

/* Rename, then remove in the background.  See detach.h. */
int detach_start(const struct swrmtree_options *opts, char **paths, size_t n,
		 const char *log, struct output *out)
{
	struct swrmtree_trash *trash;
	int r, rr;
	pid_t pid;

	close_inherited();
	r = swrmtree_detach((const char *const *)paths, n, opts, &trash, NULL);
	if (!trash)
		return r;
	(void)fflush(stdout);
	(void)fflush(stderr);
	pid = fork();
	if (pid == 0)
		remover(trash, opts, log, out);
	if (pid < 0) {
		/* No background: the renamed trees go now, in front. */
		rr = swrmtree_trash_remove(trash, opts, NULL);
		if (r == 0)
			r = rr;
	}
	/* The remover holds the locks now (shared with the child). */
	swrmtree_trash_free(trash);
	return r;
}
