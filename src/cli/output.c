/*
 * output.c - listings, messages and summaries.  stdout carries only
 * listings; messages and summaries go to stderr (SPEC: Details).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

/* Start with MODE (enum output_mode). */
void output_init(struct output *out, unsigned int mode, bool stats)
{
	memset(out, 0, sizeof(*out));
	out->mode = mode;
	out->stats = stats;
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
	if (e->error) {
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

/* The reason words of a message. */
static const char *reason(const struct swrmtree_error *e)
{
	if (e->detail && *e->detail)
		return e->detail;
	if (e->error == SWRMTREE_E_ROOT)
		return "it is the root directory (use --no-preserve-root to override)";
	if (e->error == SWRMTREE_E_MOUNT_POINT && e->op == SWRMTREE_OP_SKIP)
		return "mount point not crossed (use --cross-mounts to enter it)";
	if (e->error == SWRMTREE_E_MOUNT_POINT)
		return "it is a mount point (use --cross-mounts to override)";
	return swrmtree_strerror(e->error);
}

/* One line on stderr per failure, the path always quoted as GNU rm does. */
void output_error(struct output *out, const struct swrmtree_error *e)
{
	const char *verb = "cannot remove";
	struct qbuf q = { 0 };

	progress_clear(&out->progress);
	if (e->op == SWRMTREE_OP_CONFIG) {
		fprintf(stderr, "sw-rmtree: %s\n", reason(e));
		return;
	}
	if (e->op == SWRMTREE_OP_GUARD)
		verb = "refusing to remove";
	else if (e->op == SWRMTREE_OP_SKIP)
		verb = "skipping";
	quote_shell(&q, e->path, strlen(e->path), true);
	fprintf(stderr, "sw-rmtree: %s %s: %s\n", verb, q.data, reason(e));
	qbuf_free(&q);
}

/*
 * The JSON summary object that ends the JSON stream on stdout.  With
 * --stats it carries what the --stats line would say beyond it: "kept"
 * (entries that stay) and "seconds" (wall time of the run).
 */
static void json_summary(struct output *out, const struct swrmtree_stats *st,
			 bool dry_run)
{
	fprintf(stdout, "{\"summary\": {\"files\": %" PRIu64
		", \"directories\": %" PRIu64 ", \"bytes\": %" PRIu64
		", \"failed\": %" PRIu64 ", \"dry_run\": %s",
		st->files, st->dirs, st->bytes, st->failed,
		dry_run ? "true" : "false");
	if (out->stats)
		fprintf(stdout, ", \"kept\": %" PRIu64 ", \"seconds\": %.3f",
			st->kept, (double)st->elapsed_ns / 1e9);
	fputs("}}\n", stdout);
	fflush(stdout);
}

/*
 * Summaries go to stderr; the JSON summary ends the JSON stream.  With
 * --json, --stats adds its numbers to that object instead of printing its
 * line, so the JSON stream alone carries them (SPEC: Details).
 */
void output_summary(struct output *out, const struct swrmtree_stats *st,
		    bool dry_run)
{
	double secs = (double)st->elapsed_ns / 1e9;
	uint64_t n = st->files + st->dirs;

	fflush(stdout);         /* the listing first, when both go to one file */
	if (out->mode == OUTPUT_JSON)
		json_summary(out, st, dry_run);
	if (dry_run)
		fprintf(stderr, "would remove %" PRIu64 " files, %" PRIu64
			" directories, %" PRIu64 " bytes\n",
			st->files, st->dirs, st->bytes);
	if (!out->stats || out->mode == OUTPUT_JSON)
		return;
	fprintf(stderr, "%s %" PRIu64 " files, %" PRIu64 " directories, %"
		PRIu64 " bytes in %.3f s (%.0f entries/s)",
		dry_run ? "planned" : "removed", st->files, st->dirs, st->bytes,
		secs, secs > 0 ? (double)n / secs : 0.0);
	if (st->kept)
		fprintf(stderr, "; %" PRIu64 " entries could not be removed",
			st->kept);
	fputc('\n', stderr);
}
