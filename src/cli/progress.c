/*
 * progress.c - the live progress line on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "quote.h"

#define TTY_INTERVAL_NS 100000000u   /* at most ~10 redraws a second */
#define PLAIN_INTERVAL_NS 1000000000u /* at most one plain line a second */
#define AUTO_DELAY_NS 1000000000u    /* auto: only runs longer than 1 s */

static uint64_t now_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Start counting. */
void progress_start(struct progress *p, int mode)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->tty = isatty(STDERR_FILENO) == 1;
	p->start_ns = p->last_ns = now_ns();
}

/* Human units for byte counts. */
void progress_bytes(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	unsigned int u = 0;

	while (v >= 1024.0 && u < 4) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		(void)snprintf(buf, size, "%llu B", (unsigned long long)bytes);
	else
		(void)snprintf(buf, size, "%.1f %s", v, units[u]);
}

/* Build the status line; see progress.h. */
size_t progress_format(char *buf, size_t size, uint64_t entries,
		       uint64_t bytes, double elapsed, uint64_t total,
		       const char *where, size_t width)
{
	char b[32], pct[32] = "";
	size_t len, wlen, room;
	int n;

	progress_bytes(b, sizeof(b), bytes);
	if (total > 0)
		(void)snprintf(pct, sizeof(pct), "%3u%% ",
			       (unsigned int)(entries >= total ? 100 :
					      entries * 100 / total));
	n = snprintf(buf, size, "%s%llu entries, %s, %.0f/s, %.0fs", pct,
		     (unsigned long long)entries, b,
		     elapsed > 0 ? (double)entries / elapsed : 0.0, elapsed);
	len = n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
	if (width > size - 1)
		width = size - 1;
	if (len >= width) {
		buf[width > 0 ? width - 1 : 0] = '\0';
		return strlen(buf);
	}
	if (!where || !*where || width - len < 8)
		return len;
	room = width - len - 4;         /* ", " and a margin */
	wlen = strlen(where);
	if (wlen <= room)
		n = snprintf(buf + len, size - len, ", %s", where);
	else
		n = snprintf(buf + len, size - len, ", ...%s",
			     where + wlen - (room - 3));
	return n < 0 ? len : strlen(buf);
}

static size_t term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void draw(struct progress *p, uint64_t t)
{
	char line[1024];
	struct qbuf q = { 0 };
	size_t width = p->tty ? term_width() : sizeof(line) - 1;

	if (p->where)
		quote_shell(&q, p->where, strlen(p->where), false);
	(void)progress_format(line, sizeof(line), p->entries, p->bytes,
			      (double)(t - p->start_ns) / 1e9, p->total,
			      q.data, width);
	qbuf_free(&q);
	if (p->tty) {
		/* \r and erase-to-end: resizing never leaves debris. */
		fprintf(stderr, "\r%s\033[K", line);
		p->drawn = true;
	} else {
		fprintf(stderr, "%s\n", line);
	}
	fflush(stderr);
	p->last_ns = t;
}

/* Count an entry; redraw when due (the clock is read every 64 entries). */
void progress_entry(struct progress *p, const struct swrmtree_entry *e)
{
	uint64_t t;

	if (e->error)
		return;
	p->entries++;
	p->bytes += e->size;
	if (p->mode == PROGRESS_OFF || (p->mode == PROGRESS_AUTO && !p->tty))
		return;
	if (++p->tick % 64 != 0)
		return;
	t = now_ns();
	if (p->mode == PROGRESS_AUTO && t - p->start_ns < AUTO_DELAY_NS)
		return;
	if (t - p->last_ns < (p->tty ? TTY_INTERVAL_NS : PLAIN_INTERVAL_NS))
		return;
	free(p->where);
	p->where = strdup(e->path);
	draw(p, t);
}

/* Erase the line before a message. */
void progress_clear(struct progress *p)
{
	if (!p->drawn)
		return;
	fputs("\r\033[K", stderr);
	p->drawn = false;
}

/* Erase the line and release memory. */
void progress_end(struct progress *p)
{
	progress_clear(p);
	free(p->where);
	p->where = NULL;
}
