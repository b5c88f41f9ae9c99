/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * fuzz_options.c - libFuzzer target for the sw-rmtree command line
 * (src/cli/main.c, compiled with -Dmain=cli_main, with output.c, quote.c,
 * progress.c and prompt.c).
 *
 * Safety: libswrmtree is not linked.  The four library functions the CLI
 * uses are stubbed below; the stub of swrmtree_removev() removes nothing,
 * it only checks what it was given and calls the CLI's callbacks with
 * made-up entries and errors so that the output code runs too.  Standard
 * input and output are /dev/null (so -I never finds a terminal); run.sh
 * passes -close_fd_mask=2 to silence the CLI's messages.
 *
 * Input: the arguments after argv[0], separated by NUL bytes (at most 64).
 * Properties: no crash, no leak, no undefined behaviour; the exit status is
 * 0, 1 or 2; swrmtree_removev() gets at least one PATH, a well-formed
 * options struct (size, flags, 1 <= jobs <= 1024 when set); when it was
 * called, the exit status is the one SPEC gives for its result; when it
 * was not, the exit status is 0 (--help, --version, -f alone) or 2; the
 * run gets SWRMTREE_NO_PRESERVE_ROOT only when an argument was exactly
 * "--no-preserve-root" (SPEC: Details, no abbreviation).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <getopt.h>
#include <unistd.h>

#include <swrmtree.h>

int cli_main(int argc, char **argv);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_options: %s\n", what); \
			abort(); \
		} \
	} while (0)

#define MAX_ARGS 64
#define ALL_FLAGS \
	(SWRMTREE_FORCE | SWRMTREE_DRY_RUN | SWRMTREE_CONTENTS | \
	 SWRMTREE_CHMOD | SWRMTREE_CROSS_MOUNTS | SWRMTREE_NO_PRESERVE_ROOT | \
	 SWRMTREE_SIZES | SWRMTREE_ANY_OWNER)

static unsigned int removev_calls;
static int last_result;
/* Some argument is "--no-preserve-root", spelled in full. */
static bool full_no_preserve_root;

/* ---- the library, stubbed ---------------------------------------------- */

/* swrmtree_options_init() is the header's inline function. */

const char *swrmtree_strerror(int code)
{
	if (code < 0)
		code = -code;
	if (code >= SWRMTREE_E_BASE && code < SWRMTREE_E_LAST)
		return "a sw-rmtree error";
	return strerror(code);
}

const char *swrmtree_type_name(unsigned int type)
{
	static const char *const names[] = {
		"other", "file",   "dir",     "symlink",
		"fifo",  "socket", "chardev", "blockdev",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "other";
}

/* The result a stubbed run reports, chosen by the first PATH's first byte. */
static int pick_result(const char *path)
{
	static const int results[] = {
		0,
		-SWRMTREE_E_FAILED,
		-SWRMTREE_E_REFUSED,
		-ENOMEM,
		-SWRMTREE_E_STOPPED,
		-SWRMTREE_E_CONFIG,
		-EINVAL,
		-EIO,
	};

	return results[(unsigned char)path[0] % 8];
}

/* Never removes anything: checks its arguments and feeds the callbacks. */
int swrmtree_removev(const char *const *paths, size_t npaths,
		     const struct swrmtree_options *opts,
		     struct swrmtree_stats *ret_stats)
{
	struct swrmtree_entry e;
	struct swrmtree_error err;
	size_t i;
	int r;

	CHECK(paths != NULL && npaths >= 1, "removev without a PATH");
	CHECK(opts != NULL && opts->size == sizeof(*opts), "bad options size");
	CHECK((opts->flags & ~(unsigned int)ALL_FLAGS) == 0, "unknown flags");
	CHECK(opts->jobs <= 1024, "jobs out of range");
	CHECK(!(opts->flags & SWRMTREE_NO_PRESERVE_ROOT) || full_no_preserve_root,
	      "--no-preserve-root taken from an abbreviation");
	removev_calls++;
	r = pick_result(paths[0]);
	for (i = 0; i < npaths; i++) {
		CHECK(paths[i] != NULL, "a NULL PATH");
		memset(&e, 0, sizeof(e));
		e.path = paths[i];
		e.path_len = strlen(paths[i]);
		e.type = (unsigned int)(e.path_len % 9); /* 8: out of range */
		e.size = e.path_len * 1000u;
		e.error = r == -SWRMTREE_E_FAILED && i == 0 ? EACCES : 0;
		if (opts->on_entry)
			(void)opts->on_entry(&e, opts->userdata);
		if (e.error && opts->on_error) {
			memset(&err, 0, sizeof(err));
			err.path = paths[i];
			err.op = (unsigned int)(i % 11);
			err.error = i % 2 ? EACCES :
					    SWRMTREE_E_BASE + (int)(i % 12);
			err.flags = (opts->flags & SWRMTREE_DRY_RUN) ?
					    SWRMTREE_ERROR_PREDICTED :
					    0;
			err.protected_path = i % 3 ? NULL : "prot\nected";
			err.origin = (unsigned int)(i % 7);
			err.file = i % 4 ? NULL : "file\033[31m";
			err.line = i % 5;
			(void)opts->on_error(&err, opts->userdata);
		}
	}
	if (ret_stats) {
		memset(ret_stats, 0, sizeof(*ret_stats));
		ret_stats->files = npaths;
		ret_stats->failed = r == -SWRMTREE_E_FAILED;
	}
	last_result = r;
	return r;
}

/* --detach and --collect: checked the same way, nothing renamed or removed. */
struct output;
int detach_start(const struct swrmtree_options *opts, char **paths, size_t n,
		 const char *log, struct output *out);

int detach_start(const struct swrmtree_options *opts, char **paths, size_t n,
		 const char *log, struct output *out)
{
	(void)log;
	(void)out;
	return swrmtree_removev((const char *const *)paths, n, opts, NULL);
}

int swrmtree_collect(const char *dir, const struct swrmtree_options *opts,
		     struct swrmtree_stats *ret_stats)
{
	return swrmtree_removev(&dir, 1, opts, ret_stats);
}

/* ---- the target ------------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	(void)argc;
	(void)argv;
	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		perror("/dev/null");
		exit(1);
	}
	(void)close(fd);
	return 0;
}

/* SPEC: Exit status, as main.c maps the library's result. */
static int expected_status(int r)
{
	switch (-r) {
	case 0:
		return 0;
	case SWRMTREE_E_REFUSED:
	case SWRMTREE_E_CONFIG:
	case EINVAL:
		return 2;
	default:
		return 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *buf;
	size_t i, start = 0;
	int argc = 0, status;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	CHECK(buf != NULL, "out of memory");
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"sw-rmtree";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (buf[i] != '\0')
			continue;
		if (i > start || i < size)
			argv[argc++] = buf + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	full_no_preserve_root = false;
	for (i = 1; i < (size_t)argc; i++)
		if (strcmp(argv[i], "--no-preserve-root") == 0)
			full_no_preserve_root = true;

	optind = 0; /* glibc: start getopt afresh */
	removev_calls = 0;
	clearerr(stdout);
	status = cli_main(argc, argv);
	CHECK(status >= 0 && status <= 2, "exit status out of range");
	if (removev_calls == 1)
		CHECK(status == expected_status(last_result),
		      "exit status does not match the run's result");
	else
		CHECK(removev_calls == 0 && (status == 0 || status == 2),
		      "exit status without a run");
	free(buf);
	return 0;
}
