/*
 * progress.h - the live progress line on stderr.
 */
#ifndef SWRMTREE_CLI_PROGRESS_H
#define SWRMTREE_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <swrmtree.h>

enum progress_mode {
	PROGRESS_AUTO = 0, /* on when stderr is a terminal and the run lasts > 1 s */
	PROGRESS_OFF,      /* --no-progress */
	PROGRESS_ON,       /* --progress: also plain lines when not a terminal */
};

struct progress {
	int mode;               /* enum progress_mode */
	bool tty;               /* stderr is a terminal: redraw in place */
	bool drawn;             /* a line is on the screen now */
	uint64_t start_ns;
	uint64_t last_ns;       /* last redraw or plain line */
	uint64_t entries;
	uint64_t bytes;
	uint64_t total;         /* entries expected (from a plan), 0 if unknown */
	unsigned int tick;
	char *where;            /* the last path seen (malloc'd) */
};

/* Start counting; MODE is enum progress_mode. */
void progress_start(struct progress *p, int mode);
/* Count an entry that went; redraw when it is time. */
void progress_entry(struct progress *p, const struct swrmtree_entry *e);
/* Erase the line so a message can be printed cleanly. */
void progress_clear(struct progress *p);
/* Erase the line for good and release memory. */
void progress_end(struct progress *p);

/*
 * Format a status line into BUF (SIZE bytes) that fits WIDTH columns:
 * entries, bytes, rate, elapsed time, percentage when TOTAL > 0, and
 * WHERE (already quoted) shortened from the left.  Returns its length.
 */
size_t progress_format(char *buf, size_t size, uint64_t entries,
		       uint64_t bytes, double elapsed, uint64_t total,
		       const char *where, size_t width);

/* Bytes in human units ("0 B", "1.5 KiB", "12.0 MiB"). */
void progress_bytes(char *buf, size_t size, uint64_t bytes);

#endif /* SWRMTREE_CLI_PROGRESS_H */
