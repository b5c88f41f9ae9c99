/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * output.c - listings, messages and summaries.  stdout carries only
 * listings; messages and summaries go to stderr (SPEC: Details).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "human.h"
#include "output.h"

/*
 * The listing's stdio buffer where stdout is not a terminal: stdio's own is
 * st_blksize (4 KiB on most file systems), one write(2) per 70 paths or
 * so; this makes it one per thousand (1,221 writes for the Linux source
 * tree's dry run become 78).  A terminal keeps its line buffering.
 */
#define LISTING_BUFFER (64u * 1024u)

/* Start with MODE (enum output_mode). */
void output_init(struct output *out, unsigned int mode, bool stats)
{
	static char listing[LISTING_BUFFER];
	static bool buffered;

	memset(out, 0, sizeof(*out));
	out->mode = mode;
	out->stats = stats;
	/* Before anything is written to stdout: setvbuf() must come first. */
	if (mode != OUTPUT_NONE && !buffered) {
		buffered = true;
		if (!isatty(STDOUT_FILENO))
			(void)setvbuf(stdout, listing, _IOFBF, sizeof(listing));
	}
}

/* Release the buffers. */
void output_free(struct output *out)
{
	qbuf_free(&out->buf);
}

static void json_entry(struct output *out, const struct swrmtree_entry *e)
{
	struct qbuf *b = &out->buf;
	char num[32];
	bool valid;

	qbuf_adds(b, "{\"path\": ");
	valid = quote_json(b, e->path, e->path_len);
	if (!valid) {
		qbuf_adds(b, ", \"path_b64\": \"");
		quote_base64(b, e->path, e->path_len);
		qbuf_addc(b, '"');
	}
	qbuf_adds(b, ", \"type\": \"");
	qbuf_adds(b, swrmtree_type_name(e->type));
	(void)snprintf(num, sizeof(num), "\", \"size\": %" PRIu64, e->size);
	qbuf_adds(b, num);
	if (e->error == SWRMTREE_E_KEPT || e->error == SWRMTREE_E_HOLDS_KEPT) {
		/* Not failures: what --keep kept, and the directories holding it. */
		qbuf_adds(b, e->error == SWRMTREE_E_KEPT ?
				     ", \"kept\": \"pattern\"" :
				     ", \"kept\": \"holds-kept\"");
	} else if (e->error) {
		qbuf_adds(b, ", \"error\": ");
		(void)quote_json(b, swrmtree_strerror(e->error),
				 strlen(swrmtree_strerror(e->error)));
	}
	qbuf_adds(b, "}\n");
}

/* List an entry as the mode says; the plain list holds only what goes. */
void output_entry(struct output *out, const struct swrmtree_entry *e)
{
	progress_entry(&out->progress, e);
	if (out->mode == OUTPUT_NONE || (e->error && out->mode != OUTPUT_JSON))
		return;
	qbuf_reset(&out->buf);
	switch (out->mode) {
	case OUTPUT_TEXT:
		quote_shell(&out->buf, e->path, e->path_len, false);
		qbuf_addc(&out->buf, '\n');
		break;
	case OUTPUT_NUL:
		qbuf_add(&out->buf, e->path, e->path_len);
		qbuf_addc(&out->buf, '\0');
		break;
	default:
		json_entry(out, e);
		break;
	}
	progress_clear(&out->progress);
	(void)fwrite(out->buf.data, 1, out->buf.len, stdout);
}

/* Append PATH, always quoted (SPEC: Messages). */
static void add_quoted(struct qbuf *b, const char *path)
{
	quote_shell(b, path, strlen(path), true);
}

/* Where the protected path of E came from: "(built-in list)"... */
static void add_origin(struct qbuf *b, const struct swrmtree_error *e)
{
	char num[32];

	qbuf_addc(b, '(');
	switch (e->origin) {
	case SWRMTREE_ORIGIN_BUILTIN:
		qbuf_adds(b, "built-in list");
		break;
	case SWRMTREE_ORIGIN_HOME:
		qbuf_adds(b, "home directory");
		break;
	case SWRMTREE_ORIGIN_OPTION:
		qbuf_adds(b, "--protect");
		break;
	default:
		if (!e->file) {
			qbuf_adds(b, "configuration");
			break;
		}
		add_quoted(b, e->file);
		(void)snprintf(num, sizeof(num), ":%zu", e->line);
		qbuf_adds(b, num);
		break;
	}
	qbuf_addc(b, ')');
}

/* "last component is '..'": the component is "." or "..", safe to print. */
static void add_dot(struct qbuf *b, const char *path)
{
	size_t len = strlen(path), off;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (off = len; off > 0 && path[off - 1] != '/'; off--)
		;
	qbuf_adds(b, "last component is '");
	qbuf_add(b, path + off, len - off);
	qbuf_addc(b, '\'');
}

/*
 * The root directory and a mount point are named by the library's
 * strerror (the words JSON carries too); the messages add what overrides
 * the guard.
 */
static void add_root(struct qbuf *b)
{
	qbuf_adds(b, swrmtree_strerror(SWRMTREE_E_ROOT));
	qbuf_adds(b, " (use --no-preserve-root to override)");
}

static void add_skipped_mount(struct qbuf *b)
{
	qbuf_adds(b, swrmtree_strerror(SWRMTREE_E_MOUNT_POINT));
	qbuf_adds(b, " not crossed (use --cross-mounts to enter it)");
}

/* The reason words of a guard's refusal (SWRMTREE_OP_GUARD). */
static void add_guard_reason(struct qbuf *b, const struct swrmtree_error *e)
{
	switch (e->error) {
	case SWRMTREE_E_DOT:
		add_dot(b, e->path);
		return;
	case SWRMTREE_E_ROOT:
		add_root(b);
		return;
	case SWRMTREE_E_MOUNT_POINT:
		qbuf_adds(b, "it is a ");
		qbuf_adds(b, swrmtree_strerror(SWRMTREE_E_MOUNT_POINT));
		qbuf_adds(b, " (use --cross-mounts to override)");
		return;
	case SWRMTREE_E_PROTECTED:
		qbuf_adds(b, "protected path ");
		add_origin(b, e);
		return;
	case SWRMTREE_E_ALL_ENTRIES:
		if (!e->protected_path) {
			add_root(b);
			return;
		}
		if (strcmp(e->protected_path, e->path) == 0) {
			qbuf_adds(b, "it is a protected directory ");
		} else {
			qbuf_adds(b, "it is protected path ");
			add_quoted(b, e->protected_path);
			qbuf_addc(b, ' ');
		}
		add_origin(b, e);
		return;
	case SWRMTREE_E_CONTAINS_PROTECTED:
	case SWRMTREE_E_UNKNOWN_MOUNTS:
		qbuf_adds(b,
			  e->error == SWRMTREE_E_UNKNOWN_MOUNTS ?
				  "cannot tell whether it contains protected path " :
				  "contains protected path ");
		add_quoted(b, e->protected_path ? e->protected_path : "");
		qbuf_addc(b, ' ');
		add_origin(b, e);
		if (e->error == SWRMTREE_E_UNKNOWN_MOUNTS)
			qbuf_adds(b, " through another mount of its file system");
		return;
	}
	if (e->protected_path) {
		/* An errno: a protected path could not be looked up. */
		qbuf_adds(b, "cannot check the protected path ");
		add_quoted(b, e->protected_path);
		qbuf_adds(b, ": ");
	}
	qbuf_adds(b, swrmtree_strerror(e->error));
}

/* A protected-paths file that is malformed or cannot be read. */
static void add_config_error(struct qbuf *b, const struct swrmtree_error *e)
{
	char num[32];

	if (!e->line) {
		qbuf_adds(b, "cannot read protected-paths file ");
		add_quoted(b, e->path);
		qbuf_adds(b, ": ");
	} else {
		add_quoted(b, e->path);
		(void)snprintf(num, sizeof(num), ":%zu: ", e->line);
		qbuf_adds(b, num);
	}
	qbuf_adds(b, e->error == SWRMTREE_E_CONFIG ?
			     "protected path is not absolute" :
			     swrmtree_strerror(e->error));
	/* Nothing is removed while it cannot be read: say how to get on. */
	if (!e->line && e->origin == SWRMTREE_ORIGIN_USER_FILE)
		qbuf_adds(b, " (fix it, or set HOME or XDG_CONFIG_HOME to the"
			     " configuration of the user running this)");
}

/* One line on stderr per failure, every path quoted as GNU rm does. */
/*
 * Send the message Q (without its newline) to stderr, or to syslog(3),
 * where openlog() named the program, for a remover without a terminal.
 * Frees Q.
 */
static void emit(struct output *out, struct qbuf *q)
{
	static const char me[] = "sw-rmtree: ";

	if (out->to_syslog && q->len > sizeof(me) - 1)
		syslog(LOG_ERR, "%.*s", (int)(q->len - (sizeof(me) - 1)),
		       q->data + sizeof(me) - 1);
	else if (!out->to_syslog) {
		qbuf_addc(q, '\n');
		(void)fwrite(q->data, 1, q->len, stderr);
	}
	qbuf_free(q);
}

void output_error(struct output *out, const struct swrmtree_error *e)
{
	struct qbuf q = { 0 };

	progress_clear(&out->progress);
	qbuf_adds(&q, "sw-rmtree: ");
	if (e->op == SWRMTREE_OP_CONFIG) {
		add_config_error(&q, e);
	} else {
		qbuf_adds(&q, e->op == SWRMTREE_OP_GUARD &&
					      e->error == SWRMTREE_E_ALL_ENTRIES ?
				      "refusing to remove every entry of " :
			      e->op == SWRMTREE_OP_GUARD ? "refusing to remove " :
			      e->op == SWRMTREE_OP_SKIP ? "skipping " :
							  "cannot remove ");
		add_quoted(&q, e->path);
		qbuf_adds(&q, ": ");
		if (e->op == SWRMTREE_OP_GUARD)
			add_guard_reason(&q, e);
		else if (e->error == SWRMTREE_E_MOUNT_POINT &&
			 e->op == SWRMTREE_OP_SKIP)
			add_skipped_mount(&q);
		else
			qbuf_adds(&q, swrmtree_strerror(e->error));
	}
	emit(out, &q);
}

/* --collect could not look into DIR.  See output.h. */
void output_collect_error(struct output *out, const char *dir, int code)
{
	struct qbuf q = { 0 };

	qbuf_adds(&q, "sw-rmtree: cannot collect leftovers in ");
	add_quoted(&q, dir);
	qbuf_adds(&q, ": ");
	qbuf_adds(&q, swrmtree_strerror(code));
	emit(out, &q);
}

/*
 * The JSON summary object that ends the JSON stream on stdout.  With
 * --stats it carries what the --stats line would say beyond it: "kept"
 * (entries that stay) and "seconds" (wall time of the run).
 */
static void json_summary(struct output *out, const struct swrmtree_stats *st,
			 bool dry_run)
{
	fprintf(stdout,
		"{\"summary\": {\"files\": %" PRIu64
		", \"directories\": %" PRIu64 ", \"bytes\": %" PRIu64
		", \"failed\": %" PRIu64 ", \"dry_run\": %s",
		st->files, st->dirs, st->bytes, st->failed,
		dry_run ? "true" : "false");
	if (out->stats && out->keep)
		fprintf(stdout,
			", \"kept\": %" PRIu64 ", \"kept_by_pattern\": %" PRIu64,
			st->kept, st->filtered);
	else if (out->stats)
		fprintf(stdout, ", \"kept\": %" PRIu64, st->kept);
	if (out->stats)
		fprintf(stdout, ", \"freed\": %" PRIu64 ", \"seconds\": %.3f",
			st->freed, (double)st->elapsed_ns / 1e9);
	fputs("}}\n", stdout);
	fflush(stdout);
}

/*
 * Summaries go to stderr; the JSON summary ends the JSON stream.  With
 * --json, --stats adds its numbers to that object as well, so the JSON
 * stream alone carries them, and still prints its line on stderr (SPEC:
 * Details: --stats prints it, and all summaries go to stderr).
 */
void output_summary(struct output *out, const struct swrmtree_stats *st,
		    bool dry_run)
{
	double secs = (double)st->elapsed_ns / 1e9;
	uint64_t n = st->files + st->dirs;
	bool people = isatty(STDERR_FILENO);
	char counts[HUMAN_COUNTS_SIZE + 32], freed[32] = "";
	size_t len;

	fflush(stdout); /* the listing first, when both go to one file */
	if (out->mode == OUTPUT_JSON)
		json_summary(out, st, dry_run);
	/*
	 * SPEC's lines exactly where a program reads them; on a terminal,
	 * singulars for 1, the size in binary units after the bytes and the
	 * disk space that goes too, hard links once (man page, OUTPUT,
	 * Summaries; --json --stats has the space for programs).
	 */
	human_counts(counts, sizeof(counts), st->files, st->dirs, st->bytes,
		     people);
	if (people) {
		(void)snprintf(freed, sizeof(freed), ", %s ",
			       dry_run ? "freeing" : "freed");
		len = strlen(freed);
		human_size(freed + len, sizeof(freed) - len, st->freed);
		len = strlen(counts);
		(void)snprintf(counts + len, sizeof(counts) - len, "%s", freed);
	}
	if (dry_run)
		fprintf(stderr, "would remove %s\n", counts);
	if (!out->stats)
		return;
	fprintf(stderr, "%s %s in %.3f s (%.0f entries/s)",
		dry_run ? "planned" : "removed", counts, secs,
		secs > 0 ? (double)n / secs : 0.0);
	if (st->kept)
		fprintf(stderr, "; %" PRIu64 " %s could not be removed", st->kept,
			people ? human_plural(st->kept, "entry", "entries") :
				 "entries");
	if (out->keep && st->filtered)
		fprintf(stderr, "; %" PRIu64 " %s kept by --keep", st->filtered,
			people ? human_plural(st->filtered, "entry", "entries") :
				 "entries");
	fputc('\n', stderr);
}
