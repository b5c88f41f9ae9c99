/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * quote.h - growable output buffers, and names quoted for a shell (as GNU ls
 * --quoting-style=shell-escape does) or for JSON (SPEC: Messages, Details).
 */
#ifndef SWRMTREE_CLI_QUOTE_H
#define SWRMTREE_CLI_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

/* A byte buffer that grows as needed.  A zeroed struct is an empty buffer;
 * once anything was added, DATA is NUL-terminated at DATA[LEN]. */
struct qbuf {
	char *data; /* bytes, owned; NULL until the first addition */
	size_t len; /* bytes in use, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
};

/* Empty B (LEN = 0) and keep its memory for reuse. */
void qbuf_reset(struct qbuf *b);
/* Release the memory of B and zero it.  Accepts a zeroed buffer and NULL. */
void qbuf_free(struct qbuf *b);
/* Append N bytes from P to B.  On out of memory: message, exit status 1. */
void qbuf_add(struct qbuf *b, const void *p, size_t n);
/* Append the byte C to B. */
void qbuf_addc(struct qbuf *b, char c);
/* Append the NUL-terminated string S (without its NUL) to B. */
void qbuf_adds(struct qbuf *b, const char *s);

/*
 * Append NAME[0..LEN) quoted for a POSIX shell (bash), byte for byte as GNU
 * ls 9.1 prints it with --quoting-style=shell-escape (ALWAYS false: quoted
 * only when needed) or shell-escape-always (ALWAYS true), in the current
 * LC_CTYPE locale.  Printable characters of the locale stay as they are;
 * control bytes, bytes that form no character and unprintable characters
 * (the C1 controls U+0080 to U+009F always among them) become $'\n' /
 * $'\ooo' escapes outside the single quotes.  The result is one line, and
 * pasted into bash it gives back exactly NAME.  The one place where ls 9.1
 * is not followed is where its output would not give NAME back (see
 * quote.c).
 */
void quote_shell(struct qbuf *b, const char *name, size_t len, bool always);

/*
 * Append NAME[0..LEN) as a JSON string literal, double quotes included.
 * Valid UTF-8 is copied; '"', '\\' and control characters are escaped
 * (\b \f \n \r \t, else \u00xx: C0 controls, DEL as \u007f and the C1
 * controls U+0080 to U+009F), and so are U+2028 and U+2029 (\u2028,
 * \u2029), so that the literal holds no raw control character and no line
 * terminator of any JSON or JavaScript reader; each byte that is not
 * part of a valid UTF-8 sequence (overlong forms, surrogates, code points
 * above U+10FFFF, truncated sequences, stray continuation bytes) becomes
 * U+FFFD, written as UTF-8.  Returns true when NAME was valid UTF-8, that is
 * when the literal alone gives back the exact bytes (no path_b64 needed).
 */
bool quote_json(struct qbuf *b, const char *name, size_t len);

/* Append the standard base64 (RFC 4648, section 4, with '=' padding) of
 * DATA[0..LEN) to B. */
void quote_base64(struct qbuf *b, const void *data, size_t len);

#endif /* SWRMTREE_CLI_QUOTE_H */
