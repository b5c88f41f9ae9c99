/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * quote.c - names for people and programs: shell-escape quoting as GNU ls
 * prints it (SPEC: Messages), JSON string literals and base64 for --json
 * (SPEC: Details).  CLI code: running out of memory ends the program.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "quote.h"

static void out_of_memory(void)
{
	fputs("sw-rmtree: out of memory\n", stderr);
	exit(1);
}

/* Make room in B for N more bytes and the terminating NUL. */
static void grow(struct qbuf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > SIZE_MAX - 1 - b->len)
		out_of_memory();
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		out_of_memory();
	b->data = p;
	b->cap = cap;
}

/* Empty B, keeping its memory. */
void qbuf_reset(struct qbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Free B's memory and zero it; NULL and zeroed buffers are fine. */
void qbuf_free(struct qbuf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* Append N bytes at P; B->data is non-NULL and NUL-terminated afterwards. */
void qbuf_add(struct qbuf *b, const void *p, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append one byte. */
void qbuf_addc(struct qbuf *b, char c)
{
	qbuf_add(b, &c, 1);
}

/* Append a C string. */
void qbuf_adds(struct qbuf *b, const char *s)
{
	qbuf_add(b, s, strlen(s));
}

/* ---- shell-escape ------------------------------------------------------ */

/*
 * A name is read in units, as ls reads it: an ASCII byte; a character of the
 * locale (one byte in a unibyte locale, a whole multibyte sequence in, e.g.,
 * UTF-8); a byte that starts no valid character; or the incomplete sequence
 * that ends the name.  A unit that is not printable is written as escapes.
 */
struct unit {
	size_t len;     /* bytes */
	bool printable; /* written as is */
};

/*
 * A C1 control character, U+0080 to U+009F: U+009B is a CSI on many
 * terminals, as ESC [ is.  ls escapes them because iswprint() says so in
 * glibc's and musl's UTF-8 locales; we do not leave that to the locale
 * data.  Only where wchar_t holds Unicode code points.
 */
static bool c1_control(wchar_t w)
{
#ifdef __STDC_ISO_10646__
	return w >= 0x80 && w <= 0x9f;
#else
	(void)w;
	return false;
#endif
}

static struct unit unit_at(const char *s, size_t len, size_t i)
{
	struct unit u = { 1, false };
	unsigned char c = (unsigned char)s[i];
	mbstate_t st;
	wchar_t w;
	size_t n;

	if (c < 0x80) {
		u.printable = c >= 0x20 && c < 0x7f;
		return u;
	}
	if (MB_CUR_MAX == 1) {
		u.printable = isprint(c) != 0;
		return u;
	}
	memset(&st, 0, sizeof(st));
	n = mbrtowc(&w, s + i, len - i, &st);
	if (n == (size_t)-2) {
		/* ls escapes all the bytes of a truncated last character. */
		u.len = len - i;
	} else if (n != (size_t)-1 && n != 0) {
		u.len = n;
		u.printable = iswprint((wint_t)w) != 0 && !c1_control(w);
	}
	return u;
}

/* Printable ASCII byte C at offset I of a LEN-byte name: must the name be
 * quoted because of it?  The set is the one ls uses. */
static bool shell_special(unsigned char c, size_t i, size_t len)
{
	switch (c) {
	case '#':
	case '~':
		return i == 0;
	case '{':
	case '}':
		return len == 1;
	default:
		return strchr(" !\"$&'()*;<=>?[\\^`|", c) != NULL;
	}
}

/* Printable ASCII byte C at offset I: does it mean the same between double
 * quotes, in C and in a shell?  ls prefers "a'b" to 'a'\''b' when every
 * character of a name containing ' is such a character. */
static bool dq_compatible(unsigned char c, size_t i)
{
	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z'))
		return true;
	if (c == '#' || c == '~')
		return i == 0;
	return strchr("%+,-./:@]_' ", c) != NULL;
}

/* Multibyte unit: ls also quotes a name when a trailing byte of a printable
 * character looks like one of these (never true in UTF-8). */
static bool trail_special(const char *s, size_t n)
{
	size_t k;

	for (k = 1; k < n; k++)
		if (s[k] && strchr("[\\^`|", s[k]))
			return true;
	return false;
}

/*
 * An ASCII byte that never makes a name need quotes, wherever it is: the
 * bytes most names are made of, so that needs_quotes() looks at the rest
 * only.  (Every ASCII byte is a unit of its own, in every locale.)
 */
static bool plain_byte(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '%':
	case '+':
	case ',':
	case '-':
	case '.':
	case '/':
	case ':':
	case '@':
	case ']':
	case '_':
		return true;
	default:
		return false;
	}
}

static bool needs_quotes(const char *s, size_t len)
{
	struct unit u;
	size_t i;

	if (len == 0)
		return true;
	for (i = 0; i < len && plain_byte((unsigned char)s[i]); i++)
		;
	for (; i < len; i += u.len) {
		u = unit_at(s, len, i);
		if (!u.printable)
			return true;
		if ((unsigned char)s[i] < 0x80 &&
		    shell_special((unsigned char)s[i], i, len))
			return true;
		if (u.len > 1 && trail_special(s + i, u.len))
			return true;
	}
	return false;
}

/* What quote_always() needs to know before writing the first byte. */
struct scan {
	bool quote;     /* the name contains ' */
	bool compat;    /* every unit means the same between double quotes */
	bool first_esc; /* the first unit is escaped */
	bool last_esc;  /* the last unit is escaped */
};

static struct scan scan_name(const char *s, size_t len)
{
	struct scan sc = { false, true, false, false };
	struct unit u;
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i += u.len) {
		u = unit_at(s, len, i);
		c = (unsigned char)s[i];
		if (c == '\'')
			sc.quote = true;
		if (!u.printable || (c < 0x80 && !dq_compatible(c, i)))
			sc.compat = false;
		if (i == 0)
			sc.first_esc = !u.printable;
		sc.last_esc = !u.printable;
	}
	return sc;
}

static void add_octal(struct qbuf *b, unsigned char c)
{
	char o[4] = { '\\', (char)('0' + (c >> 6)),
		      (char)('0' + ((c >> 3) & 7)), (char)('0' + (c & 7)) };

	qbuf_add(b, o, sizeof(o));
}

/* The escape for the ASCII control byte S[I]: \n style where C has one,
 * else \ooo; NUL is \0, or \000 before a digit, as ls writes it. */
static void add_escape(struct qbuf *b, const char *s, size_t len, size_t i)
{
	static const char ctl[] = "\a\b\f\n\r\t\v";
	static const char letter[] = "abfnrtv";
	const char *p = s[i] ? strchr(ctl, s[i]) : NULL;

	if (p) {
		qbuf_addc(b, '\\');
		qbuf_addc(b, letter[p - ctl]);
	} else if (s[i] == '\0') {
		qbuf_adds(b, "\\0");
		if (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
			qbuf_adds(b, "00");
	} else {
		add_octal(b, (unsigned char)s[i]);
	}
}

/* Write the unprintable unit at S[I] inside a $'...' section. */
static void add_unit_escape(struct qbuf *b, const char *s, size_t len, size_t i,
			    size_t n)
{
	size_t k;

	if (n == 1 && (unsigned char)s[i] < 0x80) {
		add_escape(b, s, len, i);
		return;
	}
	for (k = 0; k < n; k++)
		add_octal(b, (unsigned char)s[i + k]);
}

static void quote_always(struct qbuf *b, const char *s, size_t len)
{
	struct scan sc = scan_name(s, len);
	bool in_dollar; /* a $'...' section is open */
	struct unit u;
	size_t i;

	if (sc.quote && sc.compat) {
		qbuf_addc(b, '"');
		qbuf_add(b, s, len);
		qbuf_addc(b, '"');
		return;
	}
	/*
	 * ls 9.1 quirk: for a name with ' and an escaped last unit, ls first
	 * scans the whole name (to see whether "..." would do), then writes it
	 * without resetting its "inside $'...'" state, so it starts with
	 * '''a: an extra '' that does no harm, and we write it too.  When the
	 * first unit is escaped as well, ls writes '\001... inside plain
	 * quotes, which bash reads as a backslash and digits: there we write
	 * the form that gives the name back, ''$'\001...
	 */
	in_dollar = sc.quote && sc.last_esc && !sc.first_esc;
	qbuf_addc(b, '\'');
	for (i = 0; i < len; i += u.len) {
		u = unit_at(s, len, i);
		if (s[i] == '\'') {
			/* Close, escaped quote, reopen; also closes a $'...'. */
			qbuf_adds(b, "'\\''");
			in_dollar = false;
		} else if (!u.printable) {
			if (!in_dollar)
				qbuf_adds(b, "'$'");
			in_dollar = true;
			add_unit_escape(b, s, len, i, u.len);
		} else {
			if (in_dollar)
				qbuf_adds(b, "''");
			in_dollar = false;
			qbuf_add(b, s + i, u.len);
		}
	}
	qbuf_addc(b, '\'');
}

/* Append NAME quoted as ls --quoting-style=shell-escape[-always] would. */
void quote_shell(struct qbuf *b, const char *name, size_t len, bool always)
{
	if (!always && !needs_quotes(name, len)) {
		qbuf_add(b, name, len);
		return;
	}
	quote_always(b, name, len);
}

/* ---- JSON -------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at S[0..LEN), or 0 if it is not one:
 * no overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629). */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < n; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return n;
}

static void json_ascii(struct qbuf *b, unsigned char c)
{
	char u[8];

	switch (c) {
	case '"':
		qbuf_adds(b, "\\\"");
		return;
	case '\\':
		qbuf_adds(b, "\\\\");
		return;
	case '\b':
		qbuf_adds(b, "\\b");
		return;
	case '\f':
		qbuf_adds(b, "\\f");
		return;
	case '\n':
		qbuf_adds(b, "\\n");
		return;
	case '\r':
		qbuf_adds(b, "\\r");
		return;
	case '\t':
		qbuf_adds(b, "\\t");
		return;
	default:
		break;
	}
	if (c < 0x20 || c == 0x7f) {
		(void)snprintf(u, sizeof(u), "\\u%04x", (unsigned int)c);
		qbuf_adds(b, u);
		return;
	}
	qbuf_addc(b, (char)c);
}

/*
 * The code point of the valid N-byte UTF-8 sequence at S if it is written
 * as a \u escape: the C1 controls U+0080 to U+009F (raw, U+009B is a CSI
 * on many terminals) and U+2028, U+2029 (line terminators to JavaScript
 * and to some JSON Lines readers); else 0.
 */
static unsigned int json_escaped(const unsigned char *s, size_t n)
{
	if (n == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return s[1];
	if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0xa8 || s[2] == 0xa9))
		return 0x2000u | (s[2] - 0x80u);
	return 0;
}

/* Append NAME as a JSON string; true when NAME is valid UTF-8. */
bool quote_json(struct qbuf *b, const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	bool valid = true;
	unsigned int cp;
	size_t i, n;
	char u[8];

	qbuf_addc(b, '"');
	for (i = 0; i < len; i += n) {
		n = utf8_len(s + i, len - i);
		if (n == 0) {
			/* SPEC: Details, --json: U+FFFD for each bad byte. */
			qbuf_adds(b, "\xef\xbf\xbd");
			valid = false;
			n = 1;
		} else if (n == 1) {
			json_ascii(b, s[i]);
		} else if ((cp = json_escaped(s + i, n)) != 0) {
			(void)snprintf(u, sizeof(u), "\\u%04x", cp);
			qbuf_adds(b, u);
		} else {
			qbuf_add(b, s + i, n);
		}
	}
	qbuf_addc(b, '"');
	return valid;
}

/* ---- base64 ------------------------------------------------------------ */

/* Append the RFC 4648 base64 of DATA[0..LEN), padded with '='. */
void quote_base64(struct qbuf *b, const void *data, size_t len)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	unsigned long v;
	char q[4];
	size_t i;

	qbuf_add(b, "", 0);
	for (i = 0; i < len; i += 3) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		q[0] = digits[(v >> 18) & 63];
		q[1] = digits[(v >> 12) & 63];
		q[2] = i + 1 < len ? digits[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? digits[v & 63] : '=';
		qbuf_add(b, q, sizeof(q));
	}
}
