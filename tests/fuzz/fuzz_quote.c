/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * fuzz_quote.c - libFuzzer target for src/cli/quote.c.
 *
 * Input: one flags byte, then the name.  Flags bit 0 picks the locale
 * (C or C.UTF-8), bit 1 quote_shell's ALWAYS.  Properties:
 *   - quote_shell's output is one shell word on one line (no newline, no
 *     byte that a shell would act on outside quotes), and reading it back
 *     with the word parser below (the forms ls emits: '...', $'...', "...",
 *     backslash escapes and plain bytes) gives exactly the name;
 *   - quote_shell's output holds no raw control character: no C0 byte, no
 *     DEL, no C1 control (U+0080 to U+009F as UTF-8), and in C no byte
 *     above 0x7f at all;
 *   - without ALWAYS, a name written without quotes is the name itself;
 *   - quote_json writes one JSON string literal, valid UTF-8 with no raw
 *     control character (C0, DEL, C1) and no raw U+2028 or U+2029;
 *     decoded, it is the name when quote_json says the name was valid
 *     UTF-8, and quote_json says so exactly when it was;
 *   - quote_base64 decodes back to the name.
 * Names here may contain NUL, which no file name does: $'\0' decodes to a
 * NUL byte in this parser (bash would end the string there).
 */
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"

static bool have_utf8;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_quote: %s\n", what); \
			abort(); \
		} \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	have_utf8 = setlocale(LC_ALL, "C.UTF-8") != NULL;
	(void)setlocale(LC_ALL, "C");
	return 0;
}

/* ---- a shell-word parser for what ls writes ----------------------------- */

static int octal(char c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

/* The inside of $'...' from S[*I] to the closing quote; false if malformed. */
static bool ansi_c(const char *s, size_t len, size_t *i, struct qbuf *out)
{
	static const char letters[] = "abfnrtv\\'\"?";
	static const char values[] = "\a\b\f\n\r\t\v\\'\"?";
	const char *p;
	int v, d, k;

	while (*i < len) {
		char c = s[(*i)++];

		if (c == '\'')
			return true;
		if (c != '\\') {
			qbuf_addc(out, c);
			continue;
		}
		if (*i >= len)
			return false;
		c = s[(*i)++];
		if (octal(c) >= 0) {
			/* Up to three octal digits, as bash reads them. */
			v = octal(c);
			for (k = 1;
			     k < 3 && *i < len && (d = octal(s[*i])) >= 0; k++) {
				v = v * 8 + d;
				(*i)++;
			}
			qbuf_addc(out, (char)(v & 0xff));
			continue;
		}
		p = c ? strchr(letters, c) : NULL;
		if (!p)
			return false; /* an escape ls never writes */
		qbuf_addc(out, values[p - letters]);
	}
	return false;
}

/* Bytes a shell treats specially outside quotes (anywhere in a word). */
static bool unquoted_special(unsigned char c, size_t i)
{
	if (c < 0x20 || c == 0x7f)
		return true;
	if ((c == '#' || c == '~') && i == 0)
		return true;
	return strchr(" \"$&'()*;<>?[\\`|", c) != NULL;
}

/*
 * Decode the shell word S[0..LEN) into OUT.  Returns false when it is not
 * one word of the forms above (an unquoted special byte, an unclosed
 * quote, an expansion inside "...").
 */
static bool parse_word(const char *s, size_t len, struct qbuf *out)
{
	size_t i = 0;

	qbuf_add(out, "", 0);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '$' && i + 1 < len && s[i + 1] == '\'') {
			i += 2;
			if (!ansi_c(s, len, &i, out))
				return false;
		} else if (c == '\'') {
			const char *end = memchr(s + i + 1, '\'', len - i - 1);

			if (!end)
				return false;
			qbuf_add(out, s + i + 1, (size_t)(end - (s + i + 1)));
			i = (size_t)(end - s) + 1;
		} else if (c == '"') {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '$' || s[i] == '`')
					return false;
				if (s[i] == '\\' && i + 1 < len && s[i + 1] &&
				    strchr("$`\"\\\n", s[i + 1]))
					i++;
				qbuf_addc(out, s[i]);
			}
			if (i >= len)
				return false;
			i++;
		} else if (c == '\\') {
			if (i + 1 >= len || s[i + 1] == '\n')
				return false;
			qbuf_addc(out, s[i + 1]);
			i += 2;
		} else {
			if (unquoted_special(c, i))
				return false;
			qbuf_addc(out, (char)c);
			i++;
		}
	}
	return true;
}

/* ---- raw controls and JSON and base64 decoders ---------------------------- */

/*
 * Does S[0..LEN) hold a raw control character: a C0 byte, DEL, or a C1
 * control as UTF-8 (C2 80 to C2 9F)?  With LINES, also U+2028 and U+2029
 * (E2 80 A8, E2 80 A9).
 */
static bool raw_control(const unsigned char *s, size_t len, bool lines)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return true;
		if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0x9f)
			return true;
		if (lines && s[i] == 0xe2 && i + 2 < len && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
			return true;
	}
	return false;
}

/* Length of a valid UTF-8 sequence at S (RFC 3629 table), else 0. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, k;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static bool valid_utf8(const unsigned char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i += n)
		if (!(n = utf8_seq(s + i, len - i)))
			return false;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append code point V (below U+10000) to OUT as UTF-8. */
static void add_utf8(struct qbuf *out, int v)
{
	if (v < 0x80) {
		qbuf_addc(out, (char)v);
	} else if (v < 0x800) {
		qbuf_addc(out, (char)(0xc0 | (v >> 6)));
		qbuf_addc(out, (char)(0x80 | (v & 0x3f)));
	} else {
		qbuf_addc(out, (char)(0xe0 | (v >> 12)));
		qbuf_addc(out, (char)(0x80 | ((v >> 6) & 0x3f)));
		qbuf_addc(out, (char)(0x80 | (v & 0x3f)));
	}
}

/* Decode the JSON string literal S[0..LEN); the only \u escapes quote_json
 * writes are ASCII, the C1 controls, U+2028 and U+2029. */
static bool json_decode(const char *s, size_t len, struct qbuf *out)
{
	static const char letters[] = "\"\\/bfnrt";
	static const char values[] = "\"\\/\b\f\n\r\t";
	size_t i;
	int k, v, d;

	qbuf_add(out, "", 0);
	if (len < 2 || s[0] != '"' || s[len - 1] != '"')
		return false;
	for (i = 1; i < len - 1; i++) {
		const char *p;

		if ((unsigned char)s[i] < 0x20 || s[i] == '"')
			return false;
		if (s[i] != '\\') {
			qbuf_addc(out, s[i]);
			continue;
		}
		if (++i >= len - 1)
			return false;
		if (s[i] == 'u') {
			for (v = 0, k = 0; k < 4; k++) {
				if (i + 1 >= len - 1 || (d = hexval(s[++i])) < 0)
					return false;
				v = v * 16 + d;
			}
			if (v > 0x9f && v != 0x2028 && v != 0x2029)
				return false; /* an escape quote_json never writes */
			add_utf8(out, v);
			continue;
		}
		p = s[i] ? strchr(letters, s[i]) : NULL;
		if (!p)
			return false;
		qbuf_addc(out, values[p - letters]);
	}
	return true;
}

static int b64val(char c)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(digits, c) : NULL;

	return p ? (int)(p - digits) : -1;
}

static bool b64_decode(const char *s, size_t len, struct qbuf *out)
{
	size_t i;
	int k, v[4];

	qbuf_add(out, "", 0);
	if (len % 4)
		return false;
	for (i = 0; i < len; i += 4) {
		for (k = 0; k < 4; k++) {
			v[k] = b64val(s[i + k]);
			if (v[k] < 0 &&
			    !(s[i + k] == '=' && i + 4 == len && k >= 2))
				return false;
		}
		if (v[2] < 0 && v[3] >= 0)
			return false;
		qbuf_addc(out, (char)((v[0] << 2) | (v[1] >> 4)));
		if (v[2] >= 0)
			qbuf_addc(out, (char)(((v[1] & 15) << 4) | (v[2] >> 2)));
		if (v[3] >= 0)
			qbuf_addc(out, (char)(((v[2] & 3) << 6) | v[3]));
	}
	return true;
}

/* ---- the target ------------------------------------------------------------- */

static void check_shell(const char *name, size_t len, bool always)
{
	struct qbuf q = { 0 }, back = { 0 };
	size_t i;

	quote_shell(&q, name, len, always);
	qbuf_add(&q, "", 0);
	CHECK(!memchr(q.data, '\n', q.len),
	      "quote_shell: a newline in the output");
	CHECK(!raw_control((const unsigned char *)q.data, q.len, false),
	      "quote_shell: a raw control character in the output");
	if (MB_CUR_MAX == 1)
		for (i = 0; i < q.len; i++)
			CHECK((unsigned char)q.data[i] < 0x80,
			      "quote_shell: a raw byte above 0x7f in the C locale");
	CHECK(parse_word(q.data, q.len, &back),
	      "quote_shell: not one shell word");
	CHECK(back.len == len && memcmp(back.data, name, len) == 0,
	      "quote_shell: the word does not give the name back");
	if (!always && !memchr(q.data, '\'', q.len) && !memchr(q.data, '"', q.len))
		CHECK(q.len == len && memcmp(q.data, name, len) == 0,
		      "quote_shell: unquoted output differs from the name");
	if (always)
		CHECK(q.len >= 2 && (q.data[0] == '\'' || q.data[0] == '"' ||
				     q.data[0] == '$'),
		      "quote_shell: ALWAYS output is not quoted");
	qbuf_free(&q);
	qbuf_free(&back);
}

static void check_json(const char *name, size_t len)
{
	struct qbuf q = { 0 }, back = { 0 };
	bool valid = quote_json(&q, name, len);

	CHECK(valid == valid_utf8((const unsigned char *)name, len),
	      "quote_json: wrong verdict on UTF-8 validity");
	CHECK(valid_utf8((const unsigned char *)q.data, q.len),
	      "quote_json: output is not valid UTF-8");
	CHECK(!raw_control((const unsigned char *)q.data, q.len, true),
	      "quote_json: a raw control character or line separator");
	CHECK(json_decode(q.data, q.len, &back),
	      "quote_json: not a JSON string literal");
	if (valid)
		CHECK(back.len == len && memcmp(back.data, name, len) == 0,
		      "quote_json: the literal does not give the name back");
	qbuf_free(&q);
	qbuf_free(&back);
}

static void check_base64(const char *name, size_t len)
{
	struct qbuf q = { 0 }, back = { 0 };

	quote_base64(&q, name, len);
	CHECK(q.data != NULL, "quote_base64: no output buffer");
	CHECK(b64_decode(q.data, q.len, &back), "quote_base64: malformed");
	CHECK(back.len == len && memcmp(back.data, name, len) == 0,
	      "quote_base64: does not decode to the name");
	qbuf_free(&q);
	qbuf_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *name = (const char *)data + 1;
	size_t len;
	bool utf8;

	if (size < 1 || size > 4096)
		return 0;
	len = size - 1;
	utf8 = (data[0] & 1) && have_utf8;
	(void)setlocale(LC_ALL, utf8 ? "C.UTF-8" : "C");
	check_shell(name, len, (data[0] & 2) != 0);
	check_json(name, len);
	check_base64(name, len);
	return 0;
}
