/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * progress.c - the live progress line on stderr (--progress).
 *
 * Drawing is driven by the entry callback: the clock is read every 16
 * entries and a line goes out when it is due, so an idle run costs nothing
 * and a busy one a clock read per 16 entries plus at most 10 lines a
 * second (bench/RESULTS-progress.md).  A run that stalls inside one
 * system call shows its last line until the next entry goes.
 *
 * Terminal handling, for lines that never garble what else is printed:
 * - the line is at most one column narrower than the terminal, so the
 *   cursor never sits in the pending-wrap state of the last column;
 * - it is erased (each row it takes, with "\r", cursor up and erase-in-
 *   line) before every message and listing line, and at the end;
 * - the width is read again for every line.  When the terminal became
 *   narrower than the line on the screen, terminals that reflow (tmux,
 *   VTE, kitty, iTerm2...) spread that line over several rows: the cursor
 *   goes up as many rows before erasing.  (A terminal that does not reflow,
 *   such as xterm, cuts the line instead; then the erase takes the rows
 *   above with it, which are only screen contents, never output lost from
 *   a file or pipe.)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wcwidth() */
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "human.h"
#include "progress.h"

#define TTY_INTERVAL_NS   100000000ull  /* at most 10 lines a second */
#define PLAIN_INTERVAL_NS 1000000000ull /* at most one plain line a second */
#define AUTO_DELAY_NS     1000000000ull /* auto: only runs longer than 1 s */
#define TICK_MASK         15u           /* read the clock every 16 entries */
#define RATE_TAU          2.0           /* seconds, for progress_smooth() */
#define MIN_PATH_COLS     8             /* less room than this: no path */

/* A line is on the screen: what a fatal signal must erase. */
static volatile sig_atomic_t on_screen;

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[3];
static bool handlers_set[3];

static uint64_t now_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- formatting ----------------------------------------------------------- */

/* Display width; see progress.h.  ASCII is counted without mbrtowc(). */
size_t progress_columns(const char *s, size_t len)
{
	mbstate_t st;
	size_t i = 0, cols = 0, n;
	wchar_t wc;
	int w;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			cols++;
			i++;
			continue;
		}
		n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			cols++;
			i++;
			continue;
		}
		w = wcwidth(wc);
		cols += w < 0 ? 1 : (size_t)w;
		i += n;
	}
	return cols;
}

/* M:SS or H:MM:SS; see progress.h. */
void progress_duration(char *buf, size_t size, double seconds)
{
	unsigned long s;

	if (!(seconds > 0)) /* also NaN */
		seconds = 0;
	if (seconds >= 360000.0) {
		(void)snprintf(buf, size, ">99:59:59");
		return;
	}
	s = (unsigned long)seconds;
	if (s < 3600)
		(void)snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
	else
		(void)snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600,
			       s / 60 % 60, s % 60);
}

/* Exponential moving average without libm: alpha = dt / (dt + tau). */
double progress_smooth(double old, double instant, double dt)
{
	double alpha;

	if (!(dt > 0))
		return old;
	alpha = dt / (dt + RATE_TAU);
	return old + alpha * (instant - old);
}

/* Rows taken by COLS columns; see progress.h. */
size_t progress_rows(size_t cols, size_t width)
{
	if (width == 0 || cols == 0)
		return 1;
	return (cols - 1) / width + 1;
}

/* Bytes in the character starting at S (1 for a byte that starts none). */
static size_t char_len(const char *s, size_t len)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = mbrlen(s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
		return 1;
	return n;
}

/* Quoted, shortened from the left; see progress.h. */
size_t progress_shorten(struct qbuf *out, const char *name, size_t len,
			size_t room)
{
	struct qbuf q = { 0 };
	size_t cols, start, lead;

	quote_shell(&q, name, len, false);
	cols = progress_columns(q.data, q.len);
	if (cols <= room)
		goto done;
	if (room <= 3) {
		qbuf_add(out, "...", room);
		qbuf_free(&q);
		return room;
	}
	/*
	 * A printable character takes at most 4 bytes and at least one column
	 * once quoted (zero-width ones aside), so only the last 4 * ROOM bytes
	 * can be part of the answer.  Step in from there, one character at a
	 * time, until the quoted tail fits beside "...".
	 */
	start = len > 4 * room ? len - 4 * room : 0;
	for (lead = 0; start < len && lead < 3 &&
		       ((unsigned char)name[start] & 0xc0) == 0x80;
	     lead++)
		start++; /* off the middle of a UTF-8 sequence */
	for (;;) {
		qbuf_reset(&q);
		if (start < len)
			quote_shell(&q, name + start, len - start, false);
		cols = q.len ? progress_columns(q.data, q.len) : 0;
		if (start >= len || cols + 3 <= room)
			break;
		start += char_len(name + start, len - start);
	}
	qbuf_adds(out, "...");
	cols += 3;
done:
	if (q.len)
		qbuf_add(out, q.data, q.len);
	qbuf_free(&q);
	return cols;
}

/* Append ", " FIELD when it fits in WIDTH; false (nothing added) if not. */
static bool add_field(struct qbuf *out, size_t *cols, const char *field,
		      size_t width)
{
	size_t n = strlen(field);

	if (*cols + 2 + n > width)
		return false;
	qbuf_add(out, ", ", 2);
	qbuf_add(out, field, n);
	*cols += 2 + n;
	return true;
}

/* The fields after the count, in the order they are dropped last-first. */
static size_t fields(const struct progress_view *v, char f[][40])
{
	size_t n = 0;

	if (v->sizes)
		human_size(f[n++], 40, v->bytes);
	(void)snprintf(f[n++], 40, "%.0f/s", v->rate > 0 ? v->rate : 0.0);
	progress_duration(f[n++], 40, v->elapsed);
	if (v->total > 0) {
		memcpy(f[n], "ETA ", 5);
		if (v->entries >= v->total)
			progress_duration(f[n] + 4, 36, 0);
		else if (v->rate > 0) /* to the nearest second */
			progress_duration(f[n] + 4, 36,
					  0.5 + (double)(v->total - v->entries) /
							  v->rate);
		else
			memcpy(f[n] + 4, "--:--", 6);
		n++;
	}
	return n;
}

/* The status line; see progress.h. */
size_t progress_format(struct qbuf *out, const struct progress_view *v,
		       size_t width)
{
	char head[80], f[4][40];
	size_t cols, i, n;
	int len;
	const char *label = v->label ? v->label : "";

	qbuf_reset(out);
	if (v->total > 0)
		len = snprintf(head, sizeof(head), "%s%s%u%% %llu/%llu %s",
			       label, *label ? ": " : "",
			       (unsigned int)(v->entries >= v->total ?
						      100 :
						      v->entries * 100.0 /
							      v->total),
			       (unsigned long long)v->entries,
			       (unsigned long long)v->total,
			       human_plural(v->total, "entry", "entries"));
	else
		len = snprintf(head, sizeof(head), "%s%s%llu %s", label,
			       *label ? ": " : "", (unsigned long long)v->entries,
			       human_plural(v->entries, "entry", "entries"));
	cols = len < 0 ? 0 : (size_t)len;
	if (cols >= sizeof(head))
		cols = sizeof(head) - 1; /* a long label, cut */
	if (cols > width)
		cols = width; /* all ASCII: a byte is a column */
	qbuf_add(out, head, cols);
	n = fields(v, f);
	for (i = 0; i < n; i++)
		if (!add_field(out, &cols, f[i], width))
			return cols;
	if (!v->where || v->where_len == 0 || width < cols + 5 + MIN_PATH_COLS)
		return cols;
	qbuf_adds(out, ", in ");
	cols += 5;
	return cols +
	       progress_shorten(out, v->where, v->where_len,
				width == SIZE_MAX ? SIZE_MAX : width - cols);
}

/* ---- the terminal ------------------------------------------------------- */

/* Columns of the terminal on stderr; 80 when it cannot be told. */
static size_t term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* A fatal signal: erase the line, then die of the signal as before. */
static void on_fatal_signal(int sig)
{
	static const char erase[] = "\r\033[K";
	int saved = errno;

	if (on_screen)
		(void)!write(STDERR_FILENO, erase, sizeof(erase) - 1);
	errno = saved;
	/* SA_RESETHAND restored the default action; it is taken on return. */
	(void)raise(sig);
}

static void set_handlers(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	(void)sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		handlers_set[i] = false;
		if (sigaction(fatal_signals[i], NULL, &saved_actions[i]) != 0 ||
		    saved_actions[i].sa_handler != SIG_DFL)
			continue; /* ignored (nohup) or handled: leave it */
		handlers_set[i] = sigaction(fatal_signals[i], &sa, NULL) == 0;
	}
}

static void restore_handlers(void)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (handlers_set[i])
			(void)sigaction(fatal_signals[i], &saved_actions[i],
					NULL);
	memset(handlers_set, 0, sizeof(handlers_set));
}

/*
 * Append to B what erases the line on the screen and leaves the cursor at
 * its start: erase the row of the cursor, then each row above that the
 * line took.  Erase-in-line only: tmux moves the screen into its history
 * when the display is erased from the top-left corner ("\033[J" there),
 * and a later widening would bring the old line back from there.
 */
static void add_erase(struct progress *p, struct qbuf *b)
{
	size_t rows = 1;

	qbuf_adds(b, "\r\033[K");
	if (p->drawn)
		rows = progress_rows(p->drawn_cols, term_width());
	while (rows-- > 1)
		qbuf_adds(b, "\033[A\033[K");
}

/* ---- counting and drawing ------------------------------------------------- */

/* Start counting; see progress.h. */
void progress_start(struct progress *p, int mode, uint64_t total, bool sizes)
{
	const char *term = getenv("TERM");
	bool tty = isatty(STDERR_FILENO) == 1 &&
		   !(term && strcmp(term, "dumb") == 0);

	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->total = total;
	p->sizes = sizes;
	p->rate = -1;
	p->start_ns = p->rate_ns = now_ns();
	if (mode == PROGRESS_OFF)
		p->style = PROGRESS_NONE;
	else if (tty)
		p->style = PROGRESS_LINE;
	else
		p->style = mode == PROGRESS_ON ? PROGRESS_PLAIN : PROGRESS_NONE;
	/* SPEC: auto shows only runs over a second; plain lines come at
	 * most once a second, the first one after a second too. */
	if (mode == PROGRESS_AUTO || p->style == PROGRESS_PLAIN)
		p->next_ns = p->start_ns + AUTO_DELAY_NS;
	else
		p->next_ns = p->start_ns + TTY_INTERVAL_NS;
	if (p->style == PROGRESS_LINE)
		set_handlers();
}

/* Remember the directory being worked on: PATH's parent below PATH. */
static void set_where(struct progress *p, const struct swrmtree_entry *e)
{
	size_t n = e->path_len;

	if (e->depth > 0) {
		while (n > 0 && e->path[n - 1] != '/')
			n--;
		while (n > 1 && e->path[n - 1] == '/')
			n--; /* "d/f" gives "d", "/f" gives "/" */
		if (n == 0)
			n = e->path_len;
	}
	qbuf_reset(&p->where);
	qbuf_add(&p->where, e->path, n);
}

static void draw(struct progress *p, uint64_t t)
{
	struct progress_view v = {
		.entries = p->entries,
		.bytes = p->bytes,
		.sizes = p->sizes,
		.total = p->total,
		.where = p->where.data,
		.where_len = p->where.len,
		.label = p->label,
	};
	struct qbuf *b = &p->line;
	struct qbuf text = { 0 };
	size_t width, cols;

	v.elapsed = (double)(t - p->start_ns) / 1e9;
	if (p->rate < 0)
		p->rate = v.elapsed > 0 ? (double)p->entries / v.elapsed : 0;
	else if (t > p->rate_ns)
		p->rate = progress_smooth(p->rate,
					  (double)(p->entries - p->rate_entries) *
						  1e9 / (double)(t - p->rate_ns),
					  (double)(t - p->rate_ns) / 1e9);
	p->rate_entries = p->entries;
	p->rate_ns = t;
	v.rate = p->rate;
	width = p->style == PROGRESS_LINE ? term_width() : SIZE_MAX;
	cols = progress_format(&text, &v, width > 1 ? width - 1 : 1);
	qbuf_reset(b);
	if (p->style == PROGRESS_LINE)
		add_erase(p, b);
	qbuf_add(b, text.data, text.len);
	if (p->style == PROGRESS_PLAIN)
		qbuf_addc(b, '\n');
	qbuf_free(&text);
	(void)fwrite(b->data, 1, b->len, stderr);
	(void)fflush(stderr);
	if (p->style == PROGRESS_LINE) {
		p->drawn = true;
		p->drawn_cols = cols;
		on_screen = 1;
	}
	p->next_ns = t + (p->style == PROGRESS_LINE ? TTY_INTERVAL_NS :
						      PLAIN_INTERVAL_NS);
}

/* Count an entry; draw when due.  See progress.h. */
void progress_entry(struct progress *p, const struct swrmtree_entry *e)
{
	uint64_t t;

	if (!e->error) {
		p->entries++;
		p->bytes += e->size;
	}
	if (p->style == PROGRESS_NONE || (++p->tick & TICK_MASK) != 0)
		return;
	t = now_ns();
	if (t < p->next_ns)
		return;
	set_where(p, e);
	draw(p, t);
}

/* Erase the line before a message; see progress.h. */
void progress_clear(struct progress *p)
{
	if (!p->drawn)
		return;
	qbuf_reset(&p->line);
	add_erase(p, &p->line);
	(void)fwrite(p->line.data, 1, p->line.len, stderr);
	(void)fflush(stderr);
	p->drawn = false;
	on_screen = 0;
}

/* Erase the line, restore signals, release memory. */
void progress_end(struct progress *p)
{
	progress_clear(p);
	if (p->style == PROGRESS_LINE)
		restore_handlers();
	qbuf_free(&p->line);
	qbuf_free(&p->where);
	p->style = PROGRESS_NONE;
}
