/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * check_quote.c - src/cli/quote.c: buffers; shell-escape quoting against
 * fixed strings, against GNU ls on real files (LC_ALL=C and C.UTF-8) and
 * back through bash; JSON string literals; base64 (RFC 4648 vectors).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "quote.h"
#include "unit.h"

/* ---- helpers ----------------------------------------------------------- */

enum {
	LOC_C,
	LOC_UTF8,
	NLOCALES
};

/* Locale names that setlocale() accepted here; NULL: not available. */
static const char *locales[NLOCALES];
/* GNU ls with --quoting-style and bash are there to compare with. */
static bool have_tools;
/* Set under valgrind (.ci/valgrind-log-compiler): see probe(). */
static bool under_valgrind;

static void set_locale(int loc)
{
	ck_assert_ptr_nonnull(locales[loc]);
	ck_assert_ptr_nonnull(setlocale(LC_ALL, locales[loc]));
}

/* S[0..N) as a C string literal body, for failure messages. */
static const char *vis(char *out, size_t cap, const char *s, size_t n)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < n && o + 5 < cap; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\%03o", c);
	}
	out[o] = '\0';
	return out;
}

/* Run CMD through sh, its stdout into OUT; true when it exited with 0. */
static bool capture(const char *cmd, struct qbuf *out)
{
	char buf[4096];
	size_t n;
	FILE *f;
	int st;

	qbuf_reset(out);
	qbuf_add(out, "", 0);
	f = popen(cmd, "r");
	if (!f)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		qbuf_add(out, buf, n);
	st = pclose(f);
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* What bash makes of the word QUOTED: run bash -c 'printf %s '"$QUOTED". */
static void bash_decode(int loc, const char *quoted, struct qbuf *out)
{
	char cmd[128];

	ck_assert_int_eq(setenv("CQ_WORD", quoted, 1), 0);
	(void)snprintf(cmd, sizeof(cmd),
		       "LC_ALL=%s bash -c \"printf %%s $CQ_WORD\"", locales[loc]);
	ck_assert_msg(capture(cmd, out), "bash failed on %s", quoted);
}

static bool same(const struct qbuf *b, const char *s, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, s, n) == 0);
}

/* Quote NAME in locale LOC and check it against WANT and, through bash,
 * against NAME itself. */
static void check_shell(int loc, const char *name, bool always, const char *want)
{
	struct qbuf got = { 0 }, back = { 0 };
	char v1[512], v2[512];
	size_t len = strlen(name);

	set_locale(loc);
	quote_shell(&got, name, len, always);
	ck_assert_msg(same(&got, want, strlen(want)),
		      "%s always=%d name \"%s\": got [%s], want [%s]",
		      locales[loc], always, vis(v1, sizeof(v1), name, len),
		      got.data, want);
	if (have_tools && !under_valgrind) {
		bash_decode(loc, got.data, &back);
		ck_assert_msg(same(&back, name, len),
			      "%s: bash reads [%s] as \"%s\"", locales[loc],
			      got.data, vis(v2, sizeof(v2), back.data, back.len));
	}
	qbuf_free(&got);
	qbuf_free(&back);
}

/* ---- qbuf -------------------------------------------------------------- */

START_TEST(qbuf_basics)
{
	struct qbuf b = { 0 };
	size_t cap, i;

	qbuf_free(&b);
	qbuf_free(NULL);
	qbuf_reset(&b);
	ck_assert_ptr_null(b.data);
	qbuf_add(&b, "", 0);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.data, "");
	qbuf_adds(&b, "ab");
	qbuf_addc(&b, 'c');
	qbuf_add(&b, "d\0e", 3);
	ck_assert_uint_eq(b.len, 6);
	ck_assert_int_eq(memcmp(b.data, "abcd\0e", 7), 0);
	cap = b.cap;
	qbuf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, cap);
	ck_assert_str_eq(b.data, "");
	for (i = 0; i < 100000; i++)
		qbuf_addc(&b, (char)('a' + i % 26));
	ck_assert_uint_eq(b.len, 100000);
	ck_assert(b.cap > b.len);
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert_int_eq(b.data[99999], 'a' + 99999 % 26);
	qbuf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
}
END_TEST

/* ---- shell-escape: fixed cases ----------------------------------------- */

struct shcase {
	const char *name;
	const char *c_plain;  /* LC_ALL=C ls --quoting-style=shell-escape */
	const char *c_always; /* LC_ALL=C, shell-escape-always */
	const char *u_plain;  /* LC_ALL=C.UTF-8; NULL: as in C */
	const char *u_always;
};

/* Written down from GNU ls 9.1 on real files, but where marked. */
/* clang-format off */
static const struct shcase shcases[] = {
	{ "plain", "plain", "'plain'", NULL, NULL },
	{ "", "''", "''", NULL, NULL },
	{ "a b", "'a b'", "'a b'", NULL, NULL },
	{ "a'b", "\"a'b\"", "\"a'b\"", NULL, NULL },
	{ "'", "\"'\"", "\"'\"", NULL, NULL },
	{ "''", "\"''\"", "\"''\"", NULL, NULL },
	{ "'a'", "\"'a'\"", "\"'a'\"", NULL, NULL },
	{ "a\"b", "'a\"b'", "'a\"b'", NULL, NULL },
	{ "a$b", "'a$b'", "'a$b'", NULL, NULL },
	{ "a\\b", "'a\\b'", "'a\\b'", NULL, NULL },
	{ "a!b", "'a!b'", "'a!b'", NULL, NULL },
	{ "a*b", "'a*b'", "'a*b'", NULL, NULL },
	{ "a?b", "'a?b'", "'a?b'", NULL, NULL },
	{ "a&b", "'a&b'", "'a&b'", NULL, NULL },
	{ "a;b", "'a;b'", "'a;b'", NULL, NULL },
	{ "a|b", "'a|b'", "'a|b'", NULL, NULL },
	{ "a(b)", "'a(b)'", "'a(b)'", NULL, NULL },
	{ "a[b", "'a[b'", "'a[b'", NULL, NULL },
	{ "a<b>", "'a<b>'", "'a<b>'", NULL, NULL },
	{ "a`b", "'a`b'", "'a`b'", NULL, NULL },
	{ "a^b", "'a^b'", "'a^b'", NULL, NULL },
	{ "a=b", "'a=b'", "'a=b'", NULL, NULL },
	{ "=a", "'=a'", "'=a'", NULL, NULL },
	{ "~a", "'~a'", "'~a'", NULL, NULL },
	{ "~", "'~'", "'~'", NULL, NULL },
	{ "a~", "a~", "'a~'", NULL, NULL },
	{ "#a", "'#a'", "'#a'", NULL, NULL },
	{ "#", "'#'", "'#'", NULL, NULL },
	{ "a#", "a#", "'a#'", NULL, NULL },
	{ "-a", "-a", "'-a'", NULL, NULL },
	{ "-", "-", "'-'", NULL, NULL },
	{ "--rf", "--rf", "'--rf'", NULL, NULL },
	{ "{", "'{'", "'{'", NULL, NULL },
	{ "}", "'}'", "'}'", NULL, NULL },
	{ "{a", "{a", "'{a'", NULL, NULL },
	{ "a}", "a}", "'a}'", NULL, NULL },
	{ "a:b,c%d+e@f]g_h.i/j", "a:b,c%d+e@f]g_h.i/j", "'a:b,c%d+e@f]g_h.i/j'",
	  NULL, NULL },
	{ "a\nb", "'a'$'\\n''b'", "'a'$'\\n''b'", NULL, NULL },
	{ "\na", "''$'\\n''a'", "''$'\\n''a'", NULL, NULL },
	{ "a\n", "'a'$'\\n'", "'a'$'\\n'", NULL, NULL },
	{ "a\n\nb", "'a'$'\\n\\n''b'", "'a'$'\\n\\n''b'", NULL, NULL },
	{ "a\tb", "'a'$'\\t''b'", "'a'$'\\t''b'", NULL, NULL },
	{ "\a\b\f\r\v", "''$'\\a\\b\\f\\r\\v'", "''$'\\a\\b\\f\\r\\v'", NULL, NULL },
	{ "a\033b", "'a'$'\\033''b'", "'a'$'\\033''b'", NULL, NULL },
	{ "a\177b", "'a'$'\\177''b'", "'a'$'\\177''b'", NULL, NULL },
	{ "a\001" "1", "'a'$'\\001''1'", "'a'$'\\001''1'", NULL, NULL },
	{ "a\200b", "'a'$'\\200''b'", "'a'$'\\200''b'", NULL, NULL },
	{ "\377", "''$'\\377'", "''$'\\377'", NULL, NULL },
	{ "caf\303\251", "'caf'$'\\303\\251'", "'caf'$'\\303\\251'",
	  "caf\303\251", "'caf\303\251'" },
	{ "\351t\303\251", "''$'\\351''t'$'\\303\\251'",
	  "''$'\\351''t'$'\\303\\251'", "''$'\\351''t\303\251'",
	  "''$'\\351''t\303\251'" },
	{ "e\314\201", "'e'$'\\314\\201'", "'e'$'\\314\\201'", "e\314\201",
	  "'e\314\201'" },
	{ "\360\237\230\200", "''$'\\360\\237\\230\\200'",
	  "''$'\\360\\237\\230\\200'", "\360\237\230\200",
	  "'\360\237\230\200'" },
	/* U+0085 (NEL) is not printable; U+00A0 (no-break space) is. */
	{ "\302\205", "''$'\\302\\205'", "''$'\\302\\205'", NULL, NULL },
	/* U+009B, a CSI on many terminals, like every C1 control. */
	{ "\302\233", "''$'\\302\\233'", "''$'\\302\\233'", NULL, NULL },
	{ "a\302\233" "31mb", "'a'$'\\302\\233''31mb'",
	  "'a'$'\\302\\233''31mb'", NULL, NULL },
	{ "\302\240", "''$'\\302\\240'", "''$'\\302\\240'", "\302\240",
	  "'\302\240'" },
	/* A surrogate, an overlong '/', above U+10FFFF, a truncated char. */
	{ "\355\240\200", "''$'\\355\\240\\200'", "''$'\\355\\240\\200'",
	  NULL, NULL },
	{ "\300\257", "''$'\\300\\257'", "''$'\\300\\257'", NULL, NULL },
	{ "\364\220\200\200", "''$'\\364\\220\\200\\200'",
	  "''$'\\364\\220\\200\\200'", NULL, NULL },
	{ "x\342\200", "'x'$'\\342\\200'", "'x'$'\\342\\200'", NULL, NULL },
	/* A ' and a character that double quotes would not keep. */
	{ "a'b\"c", "'a'\\''b\"c'", "'a'\\''b\"c'", NULL, NULL },
	{ "a\"'b", "'a\"'\\''b'", "'a\"'\\''b'", NULL, NULL },
	{ "a'$b", "'a'\\''$b'", "'a'\\''$b'", NULL, NULL },
	{ "a\\'b", "'a\\'\\''b'", "'a\\'\\''b'", NULL, NULL },
	{ "a'!b", "'a'\\''!b'", "'a'\\''!b'", NULL, NULL },
	{ "'~", "''\\''~'", "''\\''~'", NULL, NULL },
	{ "a'~", "'a'\\''~'", "'a'\\''~'", NULL, NULL },
	/* ... or only characters it would keep. */
	{ "a'b c", "\"a'b c\"", "\"a'b c\"", NULL, NULL },
	{ "x'@", "\"x'@\"", "\"x'@\"", NULL, NULL },
	{ "~'", "\"~'\"", "\"~'\"", NULL, NULL },
	{ "#'", "\"#'\"", "\"#'\"", NULL, NULL },
	{ "\303\251'", "''$'\\303\\251'\\'''", "''$'\\303\\251'\\'''",
	  "\"\303\251'\"", "\"\303\251'\"" },
	/* ' next to escapes. */
	{ "a'\nb", "'a'\\'''$'\\n''b'", "'a'\\'''$'\\n''b'", NULL, NULL },
	{ "a\001'b", "'a'$'\\001'\\''b'", "'a'$'\\001'\\''b'", NULL, NULL },
	{ "\001'", "''$'\\001'\\'''", "''$'\\001'\\'''", NULL, NULL },
	{ "'\001", "''\\'''$'\\001'", "''\\'''$'\\001'", NULL, NULL },
	/* ls 9.1 quirk (a ' and an escape at the end): an extra '' at the
	 * start, harmless, kept. */
	{ "a'\001", "'''a'\\'''$'\\001'", "'''a'\\'''$'\\001'", NULL, NULL },
	{ "\303\251'\001", "''$'\\303\\251'\\'''$'\\001'",
	  "''$'\\303\\251'\\'''$'\\001'", "'''\303\251'\\'''$'\\001'",
	  "'''\303\251'\\'''$'\\001'" },
	/* Not ls 9.1: it writes '\001'\'''$'\001' here, which bash reads as
	 * \001'^A.  We write what gives the name back. */
	{ "\001'\001", "''$'\\001'\\'''$'\\001'", "''$'\\001'\\'''$'\\001'",
	  NULL, NULL },
	{ "\303\251'\303\251", "''$'\\303\\251'\\'''$'\\303\\251'",
	  "''$'\\303\\251'\\'''$'\\303\\251'", "\"\303\251'\303\251\"",
	  "\"\303\251'\303\251\"" },
};
/* clang-format on */

START_TEST(shell_fixed)
{
	const struct shcase *t = &shcases[_i];

	check_shell(LOC_C, t->name, false, t->c_plain);
	check_shell(LOC_C, t->name, true, t->c_always);
	if (!locales[LOC_UTF8])
		return;
	check_shell(LOC_UTF8, t->name, false,
		    t->u_plain ? t->u_plain : t->c_plain);
	check_shell(LOC_UTF8, t->name, true,
		    t->u_always ? t->u_always : t->c_always);
}
END_TEST

/* Every C1 control, U+0080 to U+009F, alone and between letters: quoted
 * and escaped, in both modes, in C (where its bytes form no character)
 * and in UTF-8 (where it is one unprintable character). */
START_TEST(shell_c1)
{
	char alone[4], inside[8], want_alone[32], want_inside[32];
	unsigned int c = 0x80u + (unsigned int)_i;
	int loc;

	(void)snprintf(alone, sizeof(alone), "\302%c", (char)c);
	(void)snprintf(inside, sizeof(inside), "x\302%cy", (char)c);
	(void)snprintf(want_alone, sizeof(want_alone), "''$'\\302\\%03o'", c);
	(void)snprintf(want_inside, sizeof(want_inside), "'x'$'\\302\\%03o''y'",
		       c);
	for (loc = 0; loc < NLOCALES; loc++) {
		if (!locales[loc])
			continue;
		check_shell(loc, alone, false, want_alone);
		check_shell(loc, alone, true, want_alone);
		check_shell(loc, inside, false, want_inside);
		check_shell(loc, inside, true, want_inside);
	}
}
END_TEST

/* No file name holds a NUL, but the function takes a length: NUL is \0, and
 * \000 before a digit, as ls would write it. */
START_TEST(shell_nul)
{
	struct qbuf b = { 0 };

	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
	quote_shell(&b, "a\0b", 3, false);
	ck_assert_str_eq(b.data, "'a'$'\\0''b'");
	qbuf_reset(&b);
	/* clang-format off */
	quote_shell(&b, "\0" "1", 2, true);
	/* clang-format on */
	ck_assert_str_eq(b.data, "''$'\\000''1'");
	qbuf_reset(&b);
	quote_shell(&b, "x", 1, false);
	quote_shell(&b, "y z", 3, false);
	ck_assert_str_eq(b.data, "x'y z'");
	qbuf_free(&b);
}
END_TEST

/* ---- shell-escape: the same as ls, on real files ----------------------- */

struct tname {
	char s[48];
	size_t len;
};

/* clang-format off */
static const char *const fixed_names[] = {
	"plain", "a b", "a'b", "'", "a\"b", "a$b", "a\\b", "a!b", "*", "?x",
	"~", "~a", "#a", "a#", "=", "-a", "{", "}", "a\nb", "\n", "a\tb",
	"\033[31mred", "\177", "\200\377", "caf\303\251", "\351t\303\251",
	"\302\205", "\302\240", "\355\240\200", "x\342\200", "a'\nb", "a'\001",
	"\001'\001", "\303\251'\001", "x'@", "'~", "a'b c", "\360\237\230\200",
	"e\314\201", "it's \"q\" $HOME `id` ;&|<>()[]{}^=%+,:@", "\302\233",
	"\302\2332J\302\237", "\342\200\250",
};
/* clang-format on */

/* Pieces that random names are made of, besides random bytes. */
/* clang-format off */
static const char *const pieces[] = {
	"'", "\"", "\\", "$", " ", "\n", "\t", "\001", "\033", "\177", "#", "~",
	"{", "}", "=", "-", "!", "*", "?", "@", "a", "Z", "9", "\303\251",
	"\360\237\230\200", "\302\205", "\342\200", "\355\240\200", "\300", "\377",
	"\302\233",
};
/* clang-format on */

#define NFIXED  (sizeof(fixed_names) / sizeof(fixed_names[0]))
#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))
#define NRANDOM 30
#define NNAMES  (NFIXED + NRANDOM)

static struct tname tnames[NNAMES];
/* The mkdtemp scratch directory ("" when none) and whether all went in. */
static char scratch[4096];
static bool scratch_ok;

/* A fixed-seed generator: the same names on every run. */
static unsigned int rnd(unsigned int n)
{
	static unsigned long state = 20240601;

	state = state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned int)((state >> 33) % n);
}

static void random_name(struct tname *t)
{
	unsigned int parts = 1 + rnd(8), k;
	const char *p;
	char c;

	t->len = 0;
	for (k = 0; k < parts; k++) {
		if (rnd(3)) {
			/* Many pieces are ': it drives the hardest cases. */
			p = rnd(3) ? pieces[rnd(NPIECES)] : "'";
			memcpy(t->s + t->len, p, strlen(p));
			t->len += strlen(p);
			continue;
		}
		do
			c = (char)(1 + rnd(255));
		while (c == '/');
		t->s[t->len++] = c;
	}
	t->s[t->len] = '\0';
	if (strcmp(t->s, ".") == 0 || strcmp(t->s, "..") == 0)
		t->s[t->len++] = 'x';
	t->s[t->len] = '\0';
}

static void init_names(void)
{
	size_t i;

	for (i = 0; i < NFIXED; i++) {
		tnames[i].len = strlen(fixed_names[i]);
		memcpy(tnames[i].s, fixed_names[i], tnames[i].len + 1);
	}
	for (; i < NNAMES; i++)
		random_name(&tnames[i]);
}

/* Put name I in a directory of its own: SCRATCH/NNN/NAME. */
static bool make_one(int dfd, size_t i)
{
	char sub[16];
	int sfd, fd;

	(void)snprintf(sub, sizeof(sub), "%03zu", i);
	if (mkdirat(dfd, sub, 0700) != 0)
		return false;
	sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0)
		return false;
	fd = openat(sfd, tnames[i].s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
	(void)close(sfd);
	if (fd < 0)
		return false;
	(void)close(fd);
	return true;
}

/* Unchecked fixture (runs in the runner): build the scratch tree. */
static void scratch_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	size_t i;
	int dfd;

	scratch_ok = false;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (snprintf(scratch, sizeof(scratch), "%s/check_quote.XXXXXX", tmp) >=
		    (int)sizeof(scratch) ||
	    !mkdtemp(scratch)) {
		scratch[0] = '\0';
		return;
	}
	if (setenv("CQ_DIR", scratch, 1) != 0)
		return;
	dfd = open(scratch, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return;
	for (i = 0; i < NNAMES; i++)
		if (!make_one(dfd, i))
			break;
	(void)close(dfd);
	scratch_ok = i == NNAMES;
}

/* Unchecked fixture: rm -rf the directory mkdtemp made, nothing else. */
static void scratch_teardown(void)
{
	pid_t pid;
	int st;

	if (!scratch[0])
		return;
	pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", scratch, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		(void)waitpid(pid, &st, 0);
	scratch[0] = '\0';
}

/* ls's line for name I, without its newline. */
static void ls_name(int loc, size_t i, bool always, struct qbuf *out)
{
	char cmd[160];

	(void)snprintf(cmd, sizeof(cmd),
		       "LC_ALL=%s ls -1 -A --quoting-style=%s -- \"$CQ_DIR\"/%03zu",
		       locales[loc],
		       always ? "shell-escape-always" : "shell-escape", i);
	ck_assert_msg(capture(cmd, out), "ls failed: %s", cmd);
	ck_assert_msg(out->len > 0 && out->data[out->len - 1] == '\n' &&
			      memchr(out->data, '\n', out->len - 1) == NULL,
		      "ls did not write one line for name %zu", i);
	out->data[--out->len] = '\0';
}

static void compare_with_ls(int loc, size_t i, bool always)
{
	const struct tname *t = &tnames[i];
	struct qbuf ours = { 0 }, theirs = { 0 }, back = { 0 };
	char v[512];

	set_locale(loc);
	quote_shell(&ours, t->s, t->len, always);
	vis(v, sizeof(v), t->s, t->len);
	ck_assert_msg(memchr(ours.data, '\n', ours.len) == NULL,
		      "\"%s\": more than one line", v);
	if (under_valgrind) {
		qbuf_free(&ours);
		return;
	}
	bash_decode(loc, ours.data, &back);
	ck_assert_msg(same(&back, t->s, t->len),
		      "%s: bash reads [%s] as not \"%s\"", locales[loc],
		      ours.data, v);
	ls_name(loc, i, always, &theirs);
	if (strcmp(ours.data, theirs.data) != 0) {
		/* Only where ls's own line does not give the name back. */
		bash_decode(loc, theirs.data, &back);
		ck_assert_msg(!same(&back, t->s, t->len),
			      "%s always=%d \"%s\": ls [%s], we [%s]",
			      locales[loc], always, v, theirs.data, ours.data);
		fprintf(stderr,
			"note: %s \"%s\": ls writes [%s], which bash "
			"does not read back; we write [%s]\n",
			locales[loc], v, theirs.data, ours.data);
	}
	qbuf_free(&ours);
	qbuf_free(&theirs);
	qbuf_free(&back);
}

START_TEST(shell_vs_ls)
{
	size_t i = (size_t)_i;

	ck_assert_msg(scratch_ok, "could not build the scratch tree");
	compare_with_ls(LOC_C, i, false);
	compare_with_ls(LOC_C, i, true);
	if (!locales[LOC_UTF8])
		return;
	compare_with_ls(LOC_UTF8, i, false);
	compare_with_ls(LOC_UTF8, i, true);
}
END_TEST

/* ---- JSON -------------------------------------------------------------- */

#define FFFD "\357\277\275"

static void check_json(const char *name, size_t len, const char *want,
		       bool want_valid)
{
	struct qbuf b = { 0 };
	char v[512];
	bool valid;

	valid = quote_json(&b, name, len);
	ck_assert_msg(strcmp(b.data, want) == 0 && valid == want_valid,
		      "\"%s\": got [%s] valid=%d, want [%s] valid=%d",
		      vis(v, sizeof(v), name, len), b.data, valid, want,
		      want_valid);
	qbuf_free(&b);
}

#define JSON(name, want, valid) check_json(name, sizeof(name) - 1, want, valid)

START_TEST(json_valid)
{
	JSON("", "\"\"", true);
	JSON("plain/path", "\"plain/path\"", true);
	JSON("a\"b\\c", "\"a\\\"b\\\\c\"", true);
	JSON("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"", true);
	JSON("\001\037\033\177", "\"\\u0001\\u001f\\u001b\\u007f\"", true);
	JSON("a\0b", "\"a\\u0000b\"", true);
	JSON("'$` ~", "\"'$` ~\"", true);
	JSON("caf\303\251", "\"caf\303\251\"", true);
	JSON("\302\240\337\277", "\"\302\240\337\277\"", true);
	JSON("\340\240\200\355\237\277", "\"\340\240\200\355\237\277\"", true);
	JSON("\356\200\200\357\277\277", "\"\356\200\200\357\277\277\"", true);
	JSON("\360\220\200\200\364\217\277\277",
	     "\"\360\220\200\200\364\217\277\277\"", true);
	JSON("\360\237\230\200", "\"\360\237\230\200\"", true);
	JSON(FFFD, "\"" FFFD "\"", true);
}
END_TEST

/* No raw control character and no U+2028/U+2029 in a literal: DEL and the
 * C1 controls (U+009B is a CSI on many terminals) as \u escapes. */
START_TEST(json_controls)
{
	JSON("\177", "\"\\u007f\"", true);
	JSON("\302\200", "\"\\u0080\"", true);
	JSON("\302\233", "\"\\u009b\"", true);
	JSON("\302\237", "\"\\u009f\"", true);
	/* clang-format off */
	JSON("a\302\233" "31mb", "\"a\\u009b31mb\"", true);
	/* clang-format on */
	JSON("\302\205\302\240", "\"\\u0085\302\240\"", true);
	JSON("\302\177", "\"" FFFD "\\u007f\"", false);
	JSON("\342\200\250x\342\200\251", "\"\\u2028x\\u2029\"", true);
	JSON("\342\200\247\342\200\252", "\"\342\200\247\342\200\252\"", true);
}
END_TEST

/* Each of U+0080 to U+009F. */
START_TEST(json_c1)
{
	char name[4], want[16];
	unsigned int c = 0x80u + (unsigned int)_i;

	(void)snprintf(name, sizeof(name), "\302%c", (char)c);
	(void)snprintf(want, sizeof(want), "\"\\u%04x\"", c);
	check_json(name, 2, want, true);
}
END_TEST

START_TEST(json_invalid)
{
	JSON("\377", "\"" FFFD "\"", false);
	JSON("a\200b", "\"a" FFFD "b\"", false);
	JSON("\200\277", "\"" FFFD FFFD "\"", false);
	/* Overlong forms of '/' and of U+07FF. */
	JSON("\300\257", "\"" FFFD FFFD "\"", false);
	JSON("\301\277", "\"" FFFD FFFD "\"", false);
	JSON("\340\200\257", "\"" FFFD FFFD FFFD "\"", false);
	JSON("\340\237\277", "\"" FFFD FFFD FFFD "\"", false);
	JSON("\360\200\200\257", "\"" FFFD FFFD FFFD FFFD "\"", false);
	/* Surrogates U+D800 and U+DFFF. */
	JSON("\355\240\200", "\"" FFFD FFFD FFFD "\"", false);
	JSON("\355\277\277", "\"" FFFD FFFD FFFD "\"", false);
	/* Above U+10FFFF, and 5-byte forms. */
	JSON("\364\220\200\200", "\"" FFFD FFFD FFFD FFFD "\"", false);
	JSON("\370\210\200\200\200", "\"" FFFD FFFD FFFD FFFD FFFD "\"", false);
	/* Truncated sequences, at the end and before other characters. */
	JSON("x\342\202", "\"x" FFFD FFFD "\"", false);
	JSON("\342\202y", "\"" FFFD FFFD "y\"", false);
	JSON("\303\251\303", "\"\303\251" FFFD "\"", false);
	JSON("\360\237\230\n", "\"" FFFD FFFD FFFD "\\n\"", false);
	JSON("\303\"", "\"" FFFD "\\\"\"", false);
}
END_TEST

/* ---- base64 ------------------------------------------------------------ */

static void check_b64(const char *data, size_t len, const char *want)
{
	struct qbuf b = { 0 };

	quote_base64(&b, data, len);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, want);
	qbuf_free(&b);
}

#define B64(data, want) check_b64(data, sizeof(data) - 1, want)

START_TEST(base64_vectors)
{
	struct qbuf b = { 0 };

	/* RFC 4648, section 10. */
	B64("", "");
	B64("f", "Zg==");
	B64("fo", "Zm8=");
	B64("foo", "Zm9v");
	B64("foob", "Zm9vYg==");
	B64("fooba", "Zm9vYmE=");
	B64("foobar", "Zm9vYmFy");
	/* The last two letters of the alphabet, NULs, high bytes. */
	B64("\373\377", "+/8=");
	B64("\377\376\0", "//4A");
	B64("\0", "AA==");
	B64("\0\0\0\0", "AAAAAA==");
	B64("a\n\377\303\251", "YQr/w6k=");
	/* It appends. */
	qbuf_adds(&b, "x:");
	quote_base64(&b, "fo", 2);
	ck_assert_str_eq(b.data, "x:Zm8=");
	qbuf_free(&b);
}
END_TEST

/* ---- main -------------------------------------------------------------- */

static void probe(void)
{
	locales[LOC_C] = "C";
	if (setlocale(LC_ALL, "C.UTF-8"))
		locales[LOC_UTF8] = "C.UTF-8";
	else if (setlocale(LC_ALL, "C.utf8"))
		locales[LOC_UTF8] = "C.utf8";
	(void)setlocale(LC_ALL, "C");
	if (!locales[LOC_UTF8])
		fprintf(stderr,
			"check_quote: no C.UTF-8 locale, UTF-8 cases skipped\n");
	/* Under valgrind every popen() forks a valgrinded process before
	 * it execs the shell: the comparisons with ls and bash, which the
	 * plain run makes, would take most of a minute there, and they check
	 * the quoting, not its memory use.  The quoting itself still runs. */
	under_valgrind = getenv("SWRMTREE_UNDER_VALGRIND") != NULL;
	if (under_valgrind)
		fprintf(stderr, "check_quote: under valgrind: the comparisons "
				"with ls and bash are left to the plain run\n");
	have_tools = system("ls --quoting-style=shell-escape-always -d / "
			    ">/dev/null 2>&1") == 0 &&
		     system("bash -c 'printf %s x' >/dev/null 2>&1") == 0;
	if (!have_tools)
		fprintf(stderr, "check_quote: no GNU ls or no bash: comparisons "
				"with ls and bash skipped\n");
}

static Suite *quote_suite(void)
{
	Suite *s = suite_create("quote");
	TCase *tc;

	tc = tcase_create("qbuf");
	tcase_add_test(tc, qbuf_basics);
	suite_add_tcase(s, tc);
	tc = tcase_create("shell");
	tcase_add_loop_test(tc, shell_fixed, 0,
			    (int)(sizeof(shcases) / sizeof(shcases[0])));
	tcase_add_loop_test(tc, shell_c1, 0, 32);
	tcase_add_test(tc, shell_nul);
	suite_add_tcase(s, tc);
	if (have_tools) {
		tc = tcase_create("shell_vs_ls");
		tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
		tcase_add_loop_test(tc, shell_vs_ls, 0, (int)NNAMES);
		suite_add_tcase(s, tc);
	}
	tc = tcase_create("json");
	tcase_add_test(tc, json_valid);
	tcase_add_test(tc, json_controls);
	tcase_add_loop_test(tc, json_c1, 0, 32);
	tcase_add_test(tc, json_invalid);
	tcase_add_test(tc, base64_vectors);
	suite_add_tcase(s, tc);
	return s;
}

Suite *unit_suite(void)
{
	probe();
	init_names();
	return quote_suite();
}
