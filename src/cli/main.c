/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * main.c - sw-rmtree: options, the run, the exit status.  A thin layer over
 * libswrmtree: everything it does goes through <swrmtree.h>.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <swrmtree.h>

#include "detach.h"
#include "keep.h"
#include "output.h"
#include "progress.h"
#include "prompt.h"
#include "quote.h"

enum {
	EXIT_OK = 0,
	EXIT_SOME_FAILED = 1,
	EXIT_USAGE = 2,
};

/* clang-format off */
enum cli_flags {
	CLI_VERBOSE  = 1u << 0, /* -v: list each entry as it goes */
	CLI_NULL     = 1u << 1, /* -0: raw NUL-terminated listing */
	CLI_JSON     = 1u << 2, /* --json: JSON listing */
	CLI_CONFIRM  = 1u << 3, /* -I: plan, ask, then remove */
	CLI_STATS    = 1u << 4, /* --stats: summary line after the run */
	CLI_DETACH   = 1u << 5, /* --detach: rename now, remove in the background */
	CLI_COLLECT  = 1u << 6, /* --collect: operands are directories to collect in */
};
/* clang-format on */

enum {
	OPT_JSON = 256,
	OPT_CONTENTS,
	OPT_CHMOD,
	OPT_CROSS_MOUNTS,
	OPT_PROTECT,
	OPT_NO_PRESERVE_ROOT,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_STATS,
	OPT_VERSION,
	OPT_RECURSIVE, /* -r, -R, --recursive: what sw-rmtree always does */
	OPT_ONE_FILE_SYSTEM,
	OPT_PRESERVE_ROOT,
	OPT_INTERACTIVE,
	OPT_DIR,
	OPT_KEEP,
	OPT_KEEP_FROM,
	OPT_DETACH,
	OPT_DETACH_LOG,
	OPT_COLLECT,
	OPT_ANY_OWNER,
};

/* clang-format off */
static const struct option long_options[] = {
	{ "dry-run",          no_argument,       NULL, 'n' },
	{ "force",            no_argument,       NULL, 'f' },
	{ "confirm",          no_argument,       NULL, 'I' },
	{ "verbose",          no_argument,       NULL, 'v' },
	{ "null",             no_argument,       NULL, '0' },
	{ "json",             no_argument,       NULL, OPT_JSON },
	{ "contents",         no_argument,       NULL, OPT_CONTENTS },
	{ "chmod",            no_argument,       NULL, OPT_CHMOD },
	{ "cross-mounts",     no_argument,       NULL, OPT_CROSS_MOUNTS },
	{ "protect",          required_argument, NULL, OPT_PROTECT },
	{ "keep",             required_argument, NULL, OPT_KEEP },
	{ "keep-from",        required_argument, NULL, OPT_KEEP_FROM },
	{ "no-preserve-root", no_argument,       NULL, OPT_NO_PRESERVE_ROOT },
	{ "jobs",             required_argument, NULL, 'j' },
	{ "progress",         no_argument,       NULL, OPT_PROGRESS },
	{ "no-progress",      no_argument,       NULL, OPT_NO_PROGRESS },
	{ "stats",            no_argument,       NULL, OPT_STATS },
	{ "detach",           no_argument,       NULL, OPT_DETACH },
	{ "detach-log",       required_argument, NULL, OPT_DETACH_LOG },
	{ "collect",          no_argument,       NULL, OPT_COLLECT },
	{ "any-owner",        no_argument,       NULL, OPT_ANY_OWNER },
	{ "help",             no_argument,       NULL, 'h' },
	/* rm's habits: accepted where they mean what sw-rmtree does anyway. */
	{ "recursive",        no_argument,       NULL, OPT_RECURSIVE },
	{ "one-file-system",  no_argument,       NULL, OPT_ONE_FILE_SYSTEM },
	{ "preserve-root",    optional_argument, NULL, OPT_PRESERVE_ROOT },
	{ "interactive",      optional_argument, NULL, OPT_INTERACTIVE },
	{ "dir",              no_argument,       NULL, OPT_DIR },
	{ "version",          no_argument,       NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};
/* clang-format on */

/* A PATH whose lookup failed, as the plan of -I reported it. */
struct missing {
	char *path; /* the display path of the message */
	int error;  /* ENOENT or ENOTDIR */
};

struct cli {
	struct swrmtree_options opts;
	unsigned int flags;   /* enum cli_flags */
	int progress;         /* enum progress_mode */
	const char **protect; /* --protect values, NULL-terminated */
	size_t nprotect;
	char **paths; /* the PATHs, in the order given */
	size_t npaths;
	struct keep keep;       /* --keep, --keep-from */
	const char *detach_log; /* --detach-log=FILE, or NULL: syslog */
	struct output out;
	bool planning;           /* -I's plan is running */
	struct missing *missing; /* PATHs the plan reported missing */
	size_t nmissing;
};

/*
 * Where bugs go: configure's AC_INIT bug-report field, passed by
 * Makefile.am (the CLI does not see config.h, CONVENTIONS: layers); empty
 * when the package names none, and then --help does not mention it.
 */
#ifndef CLI_BUGREPORT
#define CLI_BUGREPORT ""
#endif

/* Every description starts in column 27, after the longest option. */
static void usage(FILE *f)
{
	fputs("Usage: sw-rmtree [OPTION]... PATH...\n"
	      "Remove each PATH with everything beneath it, safely.\n\n"
	      "  -n, --dry-run           list what would be removed and predict\n"
	      "                          failures; change nothing\n"
	      "  -f, --force             a missing PATH is not an error; never prompt\n"
	      "  -I, --confirm           plan first, show the summary, ask once on the\n"
	      "                          terminal\n"
	      "  -v, --verbose           print each path as it is removed\n"
	      "  -0, --null              with -n/-v: end paths with NUL, do not quote\n"
	      "                          them\n"
	      "      --json              with -n/-v: JSON Lines, one object per entry,\n"
	      "                          then a summary object\n"
	      "      --contents          remove what is inside each PATH, keep PATH\n"
	      "      --chmod             add u+rwx to own directories that block removal\n"
	      "      --cross-mounts      enter mount points (skipped by default)\n"
	      "      --protect=PATH      refuse PATH and its ancestors (repeatable)\n"
	      "      --keep=PATTERN      keep entries that match, with what is below\n"
	      "                          them (repeatable)\n"
	      "      --keep-from=FILE    keep patterns from FILE, one a line\n"
	      "      --no-preserve-root  allow '/' itself as a PATH\n"
	      "  -j, --jobs=N            removal threads, 1 to 1024 (-j1: sequential)\n"
	      "      --progress          show live progress on stderr\n"
	      "      --no-progress       never show progress\n"
	      "      --stats             print a summary line after the run\n"
	      "      --detach            rename each PATH out of the way, remove it in\n"
	      "                          the background, return at once\n"
	      "      --detach-log=FILE   the background removal's failures to FILE,\n"
	      "                          not syslog\n"
	      "      --collect           the operands are directories: remove what\n"
	      "                          detached runs that died left in them\n"
	      "      --any-owner         with --collect: other users' leftovers too\n"
	      "  -r, --recursive         accepted (and -R) for rm's sake: always recursive\n"
	      "      --one-file-system   accepted: mount points are skipped by default\n"
	      "      --preserve-root     accepted (also =all): the default\n"
	      "  -h, --help              show this help and exit\n"
	      "      --version           show the version and exit\n\n"
	      "Exit status: 0 every PATH is gone; 1 some entries stayed (or, with -n,\n"
	      "a failure is predicted); 2 usage error or a guard refused a PATH.\n\n"
	      "Full documentation: man sw-rmtree\n",
	      f);
	if (CLI_BUGREPORT[0])
		fputs("Report bugs to: " CLI_BUGREPORT "\n", f);
}

/*
 * Write S to stderr quoted as paths are in messages (SPEC: Messages,
 * shell-escape-always): a newline or a control byte in a file name or an
 * option's value stays on the line, escaped.
 */
static void put_quoted(const char *s)
{
	struct qbuf q = { 0 };

	quote_shell(&q, s, strlen(s), true);
	(void)fwrite(q.data, 1, q.len, stderr);
	qbuf_free(&q);
}

/* "sw-rmtree: MSG 'ARG'" (without ARG when NULL, nothing when MSG is NULL),
 * then the line that points to --help. */
static int usage_error(const char *msg, const char *arg)
{
	if (msg) {
		fprintf(stderr, "sw-rmtree: %s", msg);
		if (arg) {
			fputc(' ', stderr);
			put_quoted(arg);
		}
		fputc('\n', stderr);
	}
	fputs("Try 'sw-rmtree --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static bool parse_jobs(const char *s, unsigned int *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 1024)
		return false;
	*ret = (unsigned int)v;
	return true;
}

static void out_of_memory(void)
{
	fputs("sw-rmtree: out of memory\n", stderr);
	exit(EXIT_SOME_FAILED);
}

/* --keep=PATTERN; returns -1 to go on, or an exit status. */
static int add_keep(struct cli *c, const char *pattern)
{
	int r = keep_add(&c->keep, pattern);

	if (r == -ENOMEM)
		out_of_memory();
	if (r < 0)
		return usage_error("--keep needs a pattern that names an entry:",
				   pattern);
	return -1;
}

/* --keep-from=FILE; returns -1 to go on, or an exit status. */
static int add_keep_file(struct cli *c, const char *file)
{
	size_t line;
	int r = keep_add_file(&c->keep, file, &line);

	if (r == -ENOMEM)
		out_of_memory();
	if (r == -EINVAL) {
		fputs("sw-rmtree: ", stderr);
		put_quoted(file);
		fprintf(stderr,
			":%zu: a pattern that names no entry (empty, only "
			"'.' and '/', a '..', or a NUL byte)\n",
			line);
	} else if (r < 0) {
		fputs("sw-rmtree: cannot read keep file ", stderr);
		put_quoted(file);
		fprintf(stderr, ": %s\n", strerror(-r));
	}
	/* A usage error: the line that points to --help follows. */
	return r < 0 ? usage_error(NULL, NULL) : -1;
}

static void add_protect(struct cli *c, const char *path)
{
	c->protect = realloc(c->protect, (c->nprotect + 2) * sizeof(*c->protect));
	if (!c->protect)
		out_of_memory();
	c->protect[c->nprotect++] = path;
	c->protect[c->nprotect] = NULL;
}

static void add_path(struct cli *c, char *path)
{
	char **p = realloc(c->paths, (c->npaths + 1) * sizeof(*c->paths));

	if (!p)
		out_of_memory();
	c->paths = p;
	c->paths[c->npaths++] = path;
}

static void version(void)
{
	fputs("sw-rmtree " SWRMTREE_VERSION "\n"
	      "Copyright (C) 2026 The sw-rmtree authors.\n"
	      "License MIT: <https://spdx.org/licenses/MIT.html>.\n"
	      "This is free software: you are free to change and redistribute it.\n"
	      "There is NO WARRANTY, to the extent permitted by law.\n"
	      "\n"
	      "Written by the sw-rmtree developers; see the AUTHORS file.\n",
	      stdout);
}

/* The options that only set a flag: of the CLI, of the library, or both. */
static const struct {
	int opt;
	unsigned int cli; /* enum cli_flags */
	unsigned int lib; /* SWRMTREE_* option flags */
} plain_flags[] = {
	{ 'n', 0, SWRMTREE_DRY_RUN },
	{ 'I', CLI_CONFIRM, 0 },
	{ 'v', CLI_VERBOSE, 0 },
	{ '0', CLI_NULL, 0 },
	{ OPT_JSON, CLI_JSON, 0 },
	{ OPT_CONTENTS, 0, SWRMTREE_CONTENTS },
	{ OPT_CHMOD, 0, SWRMTREE_CHMOD },
	{ OPT_CROSS_MOUNTS, 0, SWRMTREE_CROSS_MOUNTS },
	{ OPT_NO_PRESERVE_ROOT, 0, SWRMTREE_NO_PRESERVE_ROOT },
	{ OPT_STATS, CLI_STATS, 0 },
	{ OPT_DETACH, CLI_DETACH, 0 },
	{ OPT_COLLECT, CLI_COLLECT, 0 },
	{ OPT_ANY_OWNER, 0, SWRMTREE_ANY_OWNER },
};

/* Set the flags of OPT if it is one of plain_flags; false if not. */
static bool parse_flag(struct cli *c, int opt)
{
	size_t i;

	for (i = 0; i < sizeof(plain_flags) / sizeof(plain_flags[0]); i++) {
		if (plain_flags[i].opt != opt)
			continue;
		c->flags |= plain_flags[i].cli;
		c->opts.flags |= plain_flags[i].lib;
		return true;
	}
	return false;
}

/* rm's options that sw-rmtree accepts or refuses with a reason; returns
 * -1 to go on, or an exit status. */
static int parse_rm_habit(struct cli *c, int opt)
{
	switch (opt) {
	/* As in rm, the later of --preserve-root and --no-preserve-root wins. */
	case OPT_PRESERVE_ROOT:
		if (optarg && strcmp(optarg, "all") != 0)
			return usage_error("invalid argument for --preserve-root:",
					   optarg);
		c->opts.flags &= ~(unsigned int)SWRMTREE_NO_PRESERVE_ROOT;
		break;
	case OPT_ONE_FILE_SYSTEM:
		c->opts.flags &= ~(unsigned int)SWRMTREE_CROSS_MOUNTS;
		break;
	case OPT_RECURSIVE:
		break;
	/* SPEC: both point to -I and say that sw-rmtree always recurses. */
	case OPT_INTERACTIVE:
		return usage_error("-i (--interactive) is not supported: sw-rmtree "
				   "always recurses and does not ask per file; "
				   "-I (--confirm) asks once",
				   NULL);
	case OPT_DIR:
		return usage_error("-d (--dir) is not supported: sw-rmtree always "
				   "recurses (directories go with what they hold); "
				   "-I (--confirm) asks once before removing",
				   NULL);
	}
	return -1;
}

/* One option; returns -1 to go on, or an exit status. */
static int parse_one(struct cli *c, int opt)
{
	if (parse_flag(c, opt))
		return -1;
	switch (opt) {
	case 'f':
		/* As GNU rm: the later of -f and -I decides about asking. */
		c->opts.flags |= SWRMTREE_FORCE;
		c->flags &= ~CLI_CONFIRM;
		break;
	case OPT_PRESERVE_ROOT:
	case OPT_ONE_FILE_SYSTEM:
	case OPT_RECURSIVE:
	case OPT_INTERACTIVE:
	case OPT_DIR:
		return parse_rm_habit(c, opt);
	case OPT_PROTECT:
		/* An empty PATH protects nothing: a mistake, not a no-op. */
		if (!*optarg)
			return usage_error("--protect needs a non-empty PATH",
					   NULL);
		add_protect(c, optarg);
		break;
	case OPT_KEEP:
		return add_keep(c, optarg);
	case OPT_KEEP_FROM:
		return add_keep_file(c, optarg);
	case 'j':
		if (!parse_jobs(optarg, &c->opts.jobs))
			return usage_error("invalid number of jobs (1 to 1024):",
					   optarg);
		break;
	case OPT_PROGRESS:
		c->progress = PROGRESS_ON;
		break;
	case OPT_NO_PROGRESS:
		c->progress = PROGRESS_OFF;
		break;
	case OPT_DETACH_LOG:
		/* As --protect=: an unset variable, not a file to log to. */
		if (!*optarg)
			return usage_error("--detach-log needs a non-empty FILE",
					   NULL);
		c->detach_log = optarg;
		break;
	case 'h':
		usage(stdout);
		return EXIT_OK;
	case OPT_VERSION:
		version();
		return EXIT_OK;
	default:
		return usage_error(NULL, NULL);
	}
	return -1;
}

/* What --detach, --detach-log, --collect and --any-owner go with. */
static int check_detach(const struct cli *c)
{
	if ((c->flags & CLI_DETACH) && (c->flags & CLI_COLLECT))
		return usage_error("--detach and --collect cannot be combined",
				   NULL);
	if ((c->flags & CLI_DETACH) &&
	    ((c->opts.flags & (SWRMTREE_DRY_RUN | SWRMTREE_CONTENTS)) ||
	     (c->flags & (CLI_CONFIRM | CLI_VERBOSE | CLI_STATS))))
		return usage_error("--detach cannot be combined with -n, -I, -v, "
				   "--contents or --stats",
				   NULL);
	/* A renamed PATH takes what --keep would keep with it. */
	if ((c->flags & (CLI_DETACH | CLI_COLLECT)) && c->keep.n)
		return usage_error("--keep cannot be combined with --detach or "
				   "--collect",
				   NULL);
	if (c->detach_log && !(c->flags & CLI_DETACH))
		return usage_error("--detach-log needs --detach", NULL);
	if ((c->opts.flags & SWRMTREE_ANY_OWNER) && !(c->flags & CLI_COLLECT))
		return usage_error("--any-owner needs --collect", NULL);
	return -1;
}

static int parse(struct cli *c, int argc, char **argv)
{
	int opt, r;
	bool listing;

	/*
	 * Options may come after the PATHs (sw-rmtree(1)), also where
	 * POSIXLY_CORRECT would make getopt stop at the first PATH and take
	 * `build -n` for two PATHs, removing build for real.  A leading '-'
	 * hands each PATH back in order (as 1) instead, whatever the
	 * environment says; those after `--` are left at optind.
	 */
	while ((opt = getopt_long(argc, argv, "-nfIv0j:hrRid", long_options,
				  NULL)) != -1) {
		if (opt == 1) {
			add_path(c, optarg);
			continue;
		}
		if (opt == 'r' || opt == 'R')
			opt = OPT_RECURSIVE;
		else if (opt == 'i')
			opt = OPT_INTERACTIVE;
		else if (opt == 'd')
			opt = OPT_DIR;
		/*
		 * SPEC: Details, --no-preserve-root works only spelled in
		 * full.  getopt_long takes any unique prefix (--no-pres), so
		 * look at the word it just consumed: a no_argument long option
		 * is one whole word, and both glibc (which permutes later) and
		 * musl (which permutes before returning) leave it at
		 * argv[optind - 1] when they return it.
		 */
		if (opt == OPT_NO_PRESERVE_ROOT &&
		    strcmp(argv[optind - 1], "--no-preserve-root") != 0)
			return usage_error("you may not abbreviate the "
					   "--no-preserve-root option",
					   NULL);
		r = parse_one(c, opt);
		if (r >= 0)
			return r;
	}
	listing = (c->opts.flags & SWRMTREE_DRY_RUN) || (c->flags & CLI_VERBOSE);
	if ((c->flags & CLI_NULL) && !listing)
		return usage_error("-0 needs -n or -v", NULL);
	if ((c->flags & CLI_JSON) && !listing)
		return usage_error("--json needs -n or -v", NULL);
	if ((c->flags & CLI_NULL) && (c->flags & CLI_JSON))
		return usage_error("-0 and --json cannot be combined", NULL);
	r = check_detach(c);
	if (r >= 0)
		return r;
	for (; optind < argc; optind++)
		add_path(c, argv[optind]);
	if (c->npaths == 0 && (c->opts.flags & SWRMTREE_FORCE))
		return EXIT_OK; /* as rm -f: nothing to do */
	if (c->npaths == 0)
		return usage_error("missing operand", NULL);
	c->opts.protect = c->protect;
	return -1;
}

static int on_entry(const struct swrmtree_entry *e, void *userdata)
{
	struct cli *c = userdata;

	output_entry(&c->out, e);
	return 0;
}

/* --keep: an entry that matches stays, with everything below it. */
static int on_filter(const struct swrmtree_entry *e, void *userdata)
{
	struct cli *c = userdata;

	return keep_match(&c->keep, e->rel_path, e->name,
			  e->type == SWRMTREE_TYPE_DIR) ?
		       SWRMTREE_FILTER_KEEP :
		       SWRMTREE_FILTER_REMOVE;
}

/* -I's plan: no listing, only the progress line. */
static int on_plan_entry(const struct swrmtree_entry *e, void *userdata)
{
	struct cli *c = userdata;

	progress_entry(&c->out.progress, e);
	return 0;
}

/*
 * A PATH is missing: lookups fail only for PATHs, and any other failure
 * of theirs is a guard's refusal, after which nothing is removed.
 */
static bool is_missing(const struct swrmtree_error *e)
{
	return e->op == SWRMTREE_OP_LOOKUP &&
	       (e->error == ENOENT || e->error == ENOTDIR);
}

/* The plan reported E: remember it (without memory: it is said twice). */
static void remember_missing(struct cli *c, const struct swrmtree_error *e)
{
	struct missing *m;

	m = realloc(c->missing, (c->nmissing + 1) * sizeof(*m));
	if (!m)
		return;
	c->missing = m;
	m[c->nmissing].path = strdup(e->path);
	m[c->nmissing].error = e->error;
	if (m[c->nmissing].path)
		c->nmissing++;
}

/* True when the plan already reported E; each report stands for one. */
static bool forget_missing(struct cli *c, const struct swrmtree_error *e)
{
	size_t i;

	for (i = 0; i < c->nmissing; i++) {
		if (c->missing[i].error != e->error ||
		    strcmp(c->missing[i].path, e->path) != 0)
			continue;
		free(c->missing[i].path);
		c->missing[i] = c->missing[--c->nmissing];
		return true;
	}
	return false;
}

static void free_missing(struct cli *c)
{
	while (c->nmissing > 0)
		free(c->missing[--c->nmissing].path);
	free(c->missing);
	c->missing = NULL;
}

/*
 * -I reports a missing PATH once: the plan says it, and the removal, which
 * still counts it (the exit status is the same as without -I), does not
 * say it again.  A PATH that went missing only after the plan is reported
 * by the removal.
 */
static int on_error(const struct swrmtree_error *e, void *userdata)
{
	struct cli *c = userdata;

	if (is_missing(e)) {
		if (c->planning)
			remember_missing(c, e);
		else if (forget_missing(c, e))
			return 0;
	}
	output_error(&c->out, e);
	return 0;
}

/* Map the library's result to the exit status (SPEC: Exit status). */
static int exit_status(int r)
{
	switch (-r) {
	case 0:
		return EXIT_OK;
	case SWRMTREE_E_REFUSED:
	case SWRMTREE_E_CONFIG:
	case EINVAL:
		return EXIT_USAGE;
	case SWRMTREE_E_FAILED:
	case SWRMTREE_E_STOPPED:
		return EXIT_SOME_FAILED;
	default:
		fprintf(stderr, "sw-rmtree: %s\n", swrmtree_strerror(r));
		return EXIT_SOME_FAILED;
	}
}

/*
 * -I: plan, with a progress line of its own ("planning: ..."), erased
 * before each predicted failure and before the summary; then ask.
 * Returns -1 to go on, with the entries the plan expects in *ret_total
 * (for the progress percentage), or an exit status.
 */
static int confirm(struct cli *c, char **paths, size_t n, uint64_t *ret_total)
{
	struct swrmtree_options o = c->opts;
	struct swrmtree_stats st;
	struct output plan_out;
	int r, answer;

	if (!prompt_have_terminal()) {
		fputs("sw-rmtree: --confirm needs a terminal on standard input\n",
		      stderr);
		return EXIT_USAGE;
	}
	o.flags |= SWRMTREE_DRY_RUN | SWRMTREE_SIZES;
	o.on_entry = on_plan_entry;
	progress_start(&c->out.progress, c->progress, 0, true);
	c->out.progress.label = "planning";
	c->planning = true;
	r = swrmtree_removev((const char *const *)paths, n, &o, &st);
	c->planning = false;
	progress_end(&c->out.progress);
	if (r == -SWRMTREE_E_REFUSED || r == -SWRMTREE_E_CONFIG || r == -EINVAL)
		return exit_status(r);
	/* Only "would remove ...": the JSON summary and the --stats line
	 * belong to the run itself. */
	output_init(&plan_out, OUTPUT_NONE, false);
	output_summary(&plan_out, &st, true);
	output_free(&plan_out);
	answer = prompt_yes_no("sw-rmtree: remove these entries?");
	*ret_total = st.files + st.dirs;
	return answer == 1 ? -1 : EXIT_OK;
}

/* --collect: each operand a directory; the stats add up. */
static int collect(struct cli *c, char **dirs, size_t n,
		   struct swrmtree_stats *ret_stats)
{
	struct swrmtree_stats st;
	size_t i, k;
	int r, first = 0;

	memset(ret_stats, 0, sizeof(*ret_stats));
	for (i = 0; i < n; i++) {
		memset(&st, 0, sizeof(st));
		r = swrmtree_collect(dirs[i], &c->opts, &st);
		if (r < 0 && r > -SWRMTREE_E_BASE) {
			output_collect_error(&c->out, dirs[i], r);
			r = -SWRMTREE_E_FAILED;
		}
		/*
		 * Each leftover is a run of its own: one that a guard refused
		 * stays (reported), the others went.  That is a failure (exit
		 * 1), not the all-or-nothing refusal of exit status 2.
		 */
		if (r == -SWRMTREE_E_REFUSED)
			r = -SWRMTREE_E_FAILED;
		for (k = 0; k < sizeof(st) / sizeof(uint64_t); k++)
			((uint64_t *)ret_stats)[k] += ((uint64_t *)&st)[k];
		if (!first || first == -SWRMTREE_E_FAILED)
			first = r ? r : first;
	}
	return first;
}

static int run(struct cli *c, char **paths, size_t n)
{
	struct swrmtree_stats st;
	bool dry = c->opts.flags & SWRMTREE_DRY_RUN;
	uint64_t total = 0;
	int r, status;

	/* The renames take no time: no progress, no summary. */
	if (c->flags & CLI_DETACH)
		return exit_status(detach_start(&c->opts, paths, n,
						c->detach_log, &c->out));
	/* --progress does not plan on its own (a plan reads the whole tree
	 * once more): only -I's plan gives a percentage and an ETA. */
	if ((c->flags & CLI_CONFIRM) && !dry) {
		status = confirm(c, paths, n, &total);
		if (status >= 0)
			return status;
	}
	progress_start(&c->out.progress, c->progress, total,
		       (c->opts.flags & SWRMTREE_SIZES) != 0);
	if (c->flags & CLI_COLLECT)
		r = collect(c, paths, n, &st);
	else
		r = swrmtree_removev((const char *const *)paths, n, &c->opts,
				     &st);
	progress_end(&c->out.progress);
	/* Out of memory, the library reported what stayed, naming it. */
	status = r == -ENOMEM && st.failed ? EXIT_SOME_FAILED : exit_status(r);
	if (status == EXIT_USAGE)
		return status;
	if (dry || (c->flags & CLI_STATS) || (c->flags & CLI_JSON))
		output_summary(&c->out, &st, dry);
	return status;
}

/* The output, the progress line and the callbacks, once the options are
 * known. */
static void setup_run(struct cli *c)
{
	unsigned int mode;

	mode = (c->flags & CLI_JSON) ? OUTPUT_JSON :
	       (c->flags & CLI_NULL) ? OUTPUT_NUL :
				       OUTPUT_TEXT;
	if (!(c->opts.flags & SWRMTREE_DRY_RUN) && !(c->flags & CLI_VERBOSE))
		mode = OUTPUT_NONE;
	output_init(&c->out, mode, (c->flags & CLI_STATS) != 0);
	c->out.keep = c->keep.n > 0;
	/* A listing on the terminal already shows the run going: auto
	 * progress would only flicker between its lines. */
	if (c->progress == PROGRESS_AUTO && mode != OUTPUT_NONE &&
	    isatty(STDOUT_FILENO))
		c->progress = PROGRESS_OFF;
	/*
	 * Sizes cost a statx per file: only for listings and --stats.  Not
	 * for progress alone, which shows bytes only when they are known: on
	 * tmpfs that statx makes a run 20% slower, and progress must cost
	 * under 2% (bench/RESULTS-progress.md).
	 */
	if (mode != OUTPUT_NONE || (c->flags & CLI_STATS))
		c->opts.flags |= SWRMTREE_SIZES;
	c->opts.on_entry = on_entry;
	c->opts.on_error = on_error;
	if (c->keep.n)
		c->opts.filter = on_filter;
	c->opts.userdata = c;
}

static char program_name[] = "sw-rmtree";

int main(int argc, char **argv)
{
	struct cli c;
	int r;

	/*
	 * Only what the output depends on: the character set (which names are
	 * printable, their width) and the language of the system's error
	 * messages.  Numbers keep the C locale's form ("0.250 s"), and the
	 * other categories are not loaded at all (a dozen files fewer to open
	 * on every run).
	 */
	(void)setlocale(LC_CTYPE, "");
	(void)setlocale(LC_MESSAGES, "");
#ifdef M_ARENA_MAX
	/*
	 * glibc gives each new thread a heap of its own and reserves 64 MiB of
	 * address space for it; with -j64 under `ulimit -v` that alone runs
	 * the process out of memory.  The workers allocate little (buffers are
	 * kept per walk), so one heap is plenty.
	 */
	(void)mallopt(M_ARENA_MAX, 1);
#endif
	memset(&c, 0, sizeof(c));
	(void)swrmtree_options_init(&c.opts);
	c.progress = PROGRESS_AUTO;
	/* getopt's own messages start with argv[0]: "sw-rmtree: ...", as ours. */
	if (argc > 0)
		argv[0] = program_name;
	r = parse(&c, argc, argv);
	if (r >= 0)
		goto out;
	setup_run(&c);
	r = run(&c, c.paths, c.npaths);
	output_free(&c.out);
	free_missing(&c);
out:
	free(c.paths);
	free(c.protect);
	keep_free(&c.keep);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("sw-rmtree: write error on standard output\n", stderr);
		if (r == EXIT_OK)
			r = EXIT_SOME_FAILED;
	}
	return r;
}
