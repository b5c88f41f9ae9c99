/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * progress.h - the live progress line on stderr (--progress, SPEC: Command
 * line, Details).
 *
 * On a terminal: one status line, redrawn in place at most 10 times a
 * second and erased before any message and at the end.  Forced with
 * --progress while stderr is not a terminal: a plain line at most once a
 * second, with no escape codes.  Counters are updated from the library's
 * entry callback, which the library serializes, so no locking is needed.
 */
#ifndef SWRMTREE_CLI_PROGRESS_H
#define SWRMTREE_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <swrmtree.h>

#include "quote.h"

enum progress_mode {
	PROGRESS_AUTO = 0, /* on when stderr is a terminal and the run lasts > 1 s */
	PROGRESS_OFF,      /* --no-progress */
	PROGRESS_ON, /* --progress: also plain lines when not a terminal */
};

/* How lines are shown, decided by progress_start(). */
enum progress_style {
	PROGRESS_NONE = 0, /* nothing is shown */
	PROGRESS_LINE,     /* one line redrawn in place on a terminal */
	PROGRESS_PLAIN,    /* a plain line now and then, no escape codes */
};

/* What one status line shows. */
struct progress_view {
	uint64_t entries; /* entries removed so far */
	uint64_t bytes;   /* bytes of the regular files among them */
	bool sizes;       /* BYTES is known (the run stats files): show it */
	uint64_t total;   /* entries a plan expects; 0: no plan, no % or ETA */
	double elapsed;   /* seconds since the start */
	double rate;      /* entries per second, recent */
	const char *where; /* the directory being worked on, raw bytes; or NULL */
	size_t where_len; /* bytes at WHERE */
	const char *label; /* ASCII word the line starts with ("planning"), or NULL */
};

struct progress {
	int mode;          /* enum progress_mode */
	int style;         /* enum progress_style */
	bool sizes;        /* the run reports sizes: show bytes */
	bool drawn;        /* LINE: a line is on the screen now */
	size_t drawn_cols; /* LINE: its width in columns */
	uint64_t start_ns; /* CLOCK_MONOTONIC at progress_start() */
	uint64_t next_ns;  /* no line before this time */
	uint64_t entries;  /* entries removed so far */
	uint64_t bytes;    /* their bytes (regular files, when sizes known) */
	uint64_t total;    /* entries expected (from a plan), 0 if unknown */
	uint64_t rate_entries; /* ENTRIES at the last rate sample */
	uint64_t rate_ns;      /* time of the last rate sample */
	double rate;       /* smoothed entries/s; < 0 before the first sample */
	unsigned int tick; /* entries seen, for reading the clock now and then */
	struct qbuf line;  /* the text written, reused */
	struct qbuf where; /* the directory shown, reused */
	const char *label; /* set after progress_start(): the lines' label */
};

/*
 * Start counting now.  MODE is enum progress_mode; TOTAL is the number of
 * entries a plan expects (0: unknown); SIZES says whether the run reports
 * file sizes (SWRMTREE_SIZES), without which no bytes are shown.  Decides
 * the style from MODE and stderr: LINE on a terminal (not TERM=dumb),
 * PLAIN when forced elsewhere.  With LINE, SIGINT, SIGTERM and SIGHUP
 * erase the line before the process dies, where they had their default
 * action.
 */
void progress_start(struct progress *p, int mode, uint64_t total, bool sizes);
/* Count an entry that went (entries that stay are not counted) and draw
 * when it is time; E is the library's entry. */
void progress_entry(struct progress *p, const struct swrmtree_entry *e);
/* Erase the line (if one is on the screen) so a message or a listing line
 * can be printed cleanly; the next line is drawn when due. */
void progress_clear(struct progress *p);
/* Erase the line for good, restore the signal actions, release memory. */
void progress_end(struct progress *p);

/*
 * Build the status line for V into OUT (its previous content replaced):
 *   [LABEL: ][P% ]N[/TOTAL] entries[, BYTES], R/s, ELAPSED[, ETA T], in DIR
 * ("entry" where N, or TOTAL when there is one, is 1; BYTES as human_size()
 * gives them)
 * in at most WIDTH columns (SIZE_MAX: no limit).  Fields that do not fit
 * are left off from the end; DIR is quoted as in listings (so the line is
 * one line of printable text) and shortened from the left, with "...", to
 * fit.  Returns the width of the result in columns.
 */
size_t progress_format(struct qbuf *out, const struct progress_view *v,
		       size_t width);

/*
 * Append NAME[0..LEN) quoted as in listings to OUT, in at most ROOM
 * columns: when the whole does not fit, "..." and the longest quoted tail
 * of NAME (cut at a character boundary) that fits.  Returns the columns
 * appended.
 */
size_t progress_shorten(struct qbuf *out, const char *name, size_t len,
			size_t room);

/* Display width in the current locale of S[0..LEN); bytes that form no
 * character and non-printable characters count one column each. */
size_t progress_columns(const char *s, size_t len);

/* Seconds as "M:SS" below an hour, else "H:MM:SS"; ">99:59:59" beyond 100
 * hours; negative or not a number as "0:00". */
void progress_duration(char *buf, size_t size, double seconds);

/* The smoothed rate after a sample of INSTANT entries/s over DT seconds,
 * from OLD (exponential moving average, time constant 2 s). */
double progress_smooth(double old, double instant, double dt);

/* Rows a line of COLS columns takes on a terminal WIDTH columns wide
 * (at least 1). */
size_t progress_rows(size_t cols, size_t width);

#endif /* SWRMTREE_CLI_PROGRESS_H */
