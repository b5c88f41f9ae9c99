/*
 * guard.c - the root-path guards (SPEC: Guards 1-6).
 *
 * guard_new() resolves every protected path once, to identities: the path
 * itself (for a symbolic link, the link and its target) and every ancestor
 * directory below "/", found by walking ".." from the resolved directory.
 * guard_check() then compares identities only, so another spelling, a
 * symlinked parent or a bind mount of a protected directory is caught.
 *
 * Order of the checks in guard_check(); the first that refuses gives the
 * reason, chosen so that the most helpful reason wins:
 *   1. the empty string (Guards 1)                        - string only
 *   2. last component "." or ".." after trailing slashes  - string only
 *      are stripped (Guards 2); "/./" and "/tmp/.." stop here
 *   3. look PATH up: its parent by ordinary lookup (following symbolic
 *      links, as the removal will), its last component without following.
 *      A PATH that cannot be looked up (missing, parent not searchable,
 *      too many links...) is allowed: its removal meets the same failure
 *      and reports it.
 *   4. the root (Guards 3): the identity PATH resolves to as written is
 *      that of "/".  For a symbolic link written with a trailing slash that
 *      is its target's: "it is the root directory" names the danger better
 *      than "is a symbolic link".
 *   5. protected (Guards 4): that identity, or the entry's own (a protected
 *      symbolic link), is a protected path or an ancestor of one.  Before
 *      rule 6 for the same reason: it says why the path matters.
 *   6. a symbolic link written with a trailing slash (Guards 5).  Without
 *      the slash a link is allowed: it is removed as a link.
 *   7. a mount point (Guards 6): another device or mount id than its parent
 *      directory, or a mount root.  Not for "/" itself (rule 4 governs it,
 *      and "--no-preserve-root" changes nothing else) nor for links.
 *
 * Configuration files: one path per line.  Leading and trailing white space
 * is dropped.  '#' starts a comment at the start of a line or after white
 * space, so "/srv/data  # our data" protects "/srv/data" (a comment that
 * silently became part of a path would protect nothing); a '#' inside a
 * word ("/srv/a#b") is part of the path.  "~" and a "~/" prefix stand for
 * the home directory ($HOME if absolute, else the password database's).
 * Anything else must be absolute.  --protect values get the same "~"
 * expansion but may be relative (to the working directory at guard_new()).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrmtree.h"
#include "guard.h"

#ifndef SYSCONFDIR
#error "SYSCONFDIR must be defined by the build"
#endif

/* Far deeper than any real protected path; only guarantees termination. */
#define MAX_ANCESTORS 65536

#define MSG_ROOT "it is the root directory (use --no-preserve-root to override)"
#define MSG_MOUNT "it is a mount point (use --cross-mounts to override)"
#define MSG_SYMLINK "is a symbolic link; not following it"

/* One protected path as configured. */
struct prot {
	char *path;     /* spelling: "~" expanded, trailing slashes dropped */
	char *origin;   /* "built-in list", "home directory", "--protect", "FILE:LINE" */
};

/* A set of identities, each remembering which protected path added it. */
struct idset {
	struct util_id *ids;    /* contiguous: guard_ids() hands them out */
	size_t *src;            /* index into guard_ctx.prots, per identity */
	size_t n, cap;
};

struct guard_ctx {
	unsigned int flags;     /* SWRMTREE_NO_PRESERVE_ROOT, SWRMTREE_CROSS_MOUNTS */
	struct util_id root;    /* identity of "/" when guard_new() ran */
	char *home;             /* what "~" means; NULL when no home is known */
	char *pw_home;          /* the real user's home in the password database, or NULL */
	struct prot *prots;
	size_t nprots, cap_prots;
	struct idset self;      /* the protected paths themselves (never the root) */
	struct idset anc;       /* their ancestors below the root */
	struct guard_verdict *err; /* guard_new(): what could not be checked */
};

/* What guard_check() learned by looking PATH up. */
struct lookup {
	struct util_info parent;  /* the directory holding the last component */
	struct util_info self;    /* the last component, not followed */
	struct util_info target;  /* a link written with a trailing slash: its target */
	bool has_target;
	bool slash;               /* PATH was written with a trailing slash */
	bool whole_root;          /* PATH is spelled "/", "//"...: no last component */
};

static const char *const builtin[] = {
	"/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64",
	"/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/usr", "/var",
	NULL
};

/*
 * Lookup failures that mean "this path is not there for us": a protected
 * path protects nothing then, and a checked PATH is left to its removal,
 * which fails the same way.  Anything else (ENOMEM, EMFILE, EIO...) is a
 * failure of the check itself.
 */
static bool absent(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES ||
	       err == ELOOP || err == ENAMETOOLONG;
}

__attribute__((format(printf, 3, 4)))
static void set_verdict(struct guard_verdict *v, int code, const char *fmt, ...)
{
	va_list ap;

	v->code = code;
	va_start(ap, fmt);
	(void)vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
}

static bool idset_find(const struct idset *s, const struct util_id *id,
		       size_t *ret_src)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (util_id_eq(&s->ids[i], id)) {
			*ret_src = s->src[i];
			return true;
		}
	}
	return false;
}

/* Add ID (from protected path SRC) unless present: the first source wins. */
static int idset_add(struct idset *s, const struct util_id *id, size_t src)
{
	struct util_id *ids;
	size_t *srcs, cap, dummy;

	if (idset_find(s, id, &dummy))
		return 0;
	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 32;
		ids = realloc(s->ids, cap * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		s->ids = ids;
		srcs = realloc(s->src, cap * sizeof(*srcs));
		if (!srcs)
			return -ENOMEM;
		s->src = srcs;
		s->cap = cap;
	}
	s->ids[s->n] = *id;
	s->src[s->n] = src;
	s->n++;
	return 0;
}

/* SPEC: Guards 4: the root itself is governed by rule 3 alone. */
static int add_self(struct guard_ctx *g, const struct util_info *info, size_t src)
{
	if (util_id_eq(&info->id, &g->root))
		return 0;
	return idset_add(&g->self, &info->id, src);
}

/*
 * Add the identities of the ancestors of the directory FD (and of FD
 * itself when WITH_SELF) below the root, walking ".." from the resolved
 * directory: identity, not spelling (SPEC: Guards 4), so "/data" is caught
 * when "/data/alice" is protected whatever the spelling or symlinks used.
 * FD is an O_PATH directory descriptor; the caller keeps and closes it.
 */
static int add_ancestors(struct guard_ctx *g, int fd, bool with_self, size_t src)
{
	struct util_info cur, up;
	unsigned int depth;
	int dfd = -1, nfd, r;

	r = util_info_at(fd, "", AT_EMPTY_PATH, &cur);
	if (r < 0 || util_id_eq(&cur.id, &g->root))
		goto out;
	if (with_self && (r = idset_add(&g->anc, &cur.id, src)) < 0)
		goto out;
	for (depth = 0;; depth++) {
		if (depth == MAX_ANCESTORS) {
			r = -ELOOP;
			goto out;
		}
		nfd = util_openat(dfd >= 0 ? dfd : fd, "..", O_PATH | O_DIRECTORY);
		if (nfd < 0) {
			/* Unsearchable: what lies above cannot be emptied by us either. */
			r = absent(-nfd) ? 0 : nfd;
			goto out;
		}
		util_close(dfd);
		dfd = nfd;
		r = util_info_at(dfd, "", AT_EMPTY_PATH, &up);
		if (r < 0)
			goto out;
		/* ".." of the process root is the root itself. */
		if (util_id_eq(&up.id, &g->root) || util_id_eq(&up.id, &cur.id))
			goto out;
		r = idset_add(&g->anc, &up.id, src);
		if (r < 0)
			goto out;
		cur = up;
	}
out:
	util_close(dfd);
	return r;
}

/* Open PATH (a directory, symlinks followed) and add its ancestors (and it). */
static int add_dir_chain(struct guard_ctx *g, const char *path, bool with_self,
			 size_t src)
{
	int fd, r;

	fd = util_openat(AT_FDCWD, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return absent(-fd) ? 0 : fd;
	r = add_ancestors(g, fd, with_self, src);
	util_close(fd);
	return r;
}

/* Add the directory holding the last component of PATH, and its ancestors. */
static int add_parent_chain(struct guard_ctx *g, const char *path, size_t src)
{
	size_t off = util_last_component(path, strlen(path));
	char *parent;
	int r;

	if (off == 0)
		return add_dir_chain(g, ".", true, src);
	parent = strndup(path, off);
	if (!parent)
		return -ENOMEM;
	r = add_dir_chain(g, parent, true, src);
	free(parent);
	return r;
}

/* A protected symlink's target that is not a directory: its parent chain. */
static int add_target_parent_chain(struct guard_ctx *g, const char *path, size_t src)
{
	char *real;
	int r;

	real = realpath(path, NULL);
	if (!real)
		return absent(errno) ? 0 : -errno;
	r = add_parent_chain(g, real, src);
	free(real);
	return r;
}

/*
 * Resolve protected path number SRC to identities.  SPEC: Guards 4: a
 * protected symlink protects its own identity and its target's (and the
 * ancestors of both); a missing path protects nothing.
 */
static int resolve_prot(struct guard_ctx *g, size_t src)
{
	const char *path = g->prots[src].path;
	struct util_info lst, st;
	int r;

	r = util_info_at(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &lst);
	if (r < 0)
		return absent(-r) ? 0 : r;
	r = add_self(g, &lst, src);
	if (r < 0)
		return r;
	if (S_ISDIR(lst.mode))
		return add_dir_chain(g, path, false, src);
	r = add_parent_chain(g, path, src);
	if (r < 0 || !S_ISLNK(lst.mode))
		return r;
	r = util_info_at(AT_FDCWD, path, 0, &st);
	if (r < 0)
		return absent(-r) ? 0 : r;
	r = add_self(g, &st, src);
	if (r < 0)
		return r;
	if (S_ISDIR(st.mode))
		return add_dir_chain(g, path, false, src);
	return add_target_parent_chain(g, path, src);
}

/* Record PATH (trailing slashes dropped) as protected by ORIGIN, resolve it. */
static int add_prot(struct guard_ctx *g, const char *path, const char *origin)
{
	size_t len = util_strip_slashes(path, strlen(path)), cap;
	struct prot *p;
	int r;

	if (len == 0)
		return 0;
	if (g->nprots == g->cap_prots) {
		cap = g->cap_prots ? g->cap_prots * 2 : 32;
		p = realloc(g->prots, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		g->prots = p;
		g->cap_prots = cap;
	}
	p = &g->prots[g->nprots];
	p->path = strndup(path, len);
	p->origin = strdup(origin);
	if (!p->path || !p->origin) {
		free(p->path);
		free(p->origin);
		return -ENOMEM;
	}
	g->nprots++;
	r = resolve_prot(g, g->nprots - 1);
	if (r < 0 && r != -ENOMEM && g->err)
		set_verdict(g->err, -r, "cannot check the protected path %s: %s",
			    p->path, strerror(-r));
	return r;
}

/*
 * "~" and "~/..." in S become the home directory.  Returns 0 with *ret a
 * new string, -ENOENT when S needs a home and none is known, or -ENOMEM.
 */
static int expand_home(const struct guard_ctx *g, const char *s, char **ret)
{
	*ret = NULL;
	if (s[0] == '~' && (s[1] == '\0' || s[1] == '/')) {
		if (!g->home)
			return -ENOENT;
		if (asprintf(ret, "%s%s", g->home, s + 1) < 0) {
			*ret = NULL;
			return -ENOMEM;
		}
		return 0;
	}
	*ret = strdup(s);
	return *ret ? 0 : -ENOMEM;
}

/* The real user's home directory from the password database (thread-safe). */
static int real_user_home(char **ret)
{
	struct passwd pw, *res = NULL;
	long max = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t size = max > 0 ? (size_t)max : 1024;
	char *buf = NULL, *tmp;
	int r;

	*ret = NULL;
	for (;;) {
		tmp = realloc(buf, size);
		if (!tmp) {
			r = -ENOMEM;
			goto out;
		}
		buf = tmp;
		r = getpwuid_r(getuid(), &pw, buf, size, &res);
		if (r != ERANGE || size >= (1u << 20))
			break;
		size *= 2;
	}
	if (r == ENOMEM) {
		r = -ENOMEM;
		goto out;
	}
	/* No entry, or no usable password database: $HOME still counts. */
	r = 0;
	if (res && res->pw_dir && res->pw_dir[0] == '/') {
		*ret = strdup(res->pw_dir);
		if (!*ret)
			r = -ENOMEM;
	}
out:
	free(buf);
	return r;
}

/* Identity of "/", and the homes: $HOME when absolute, the database's. */
static int init_root_and_home(struct guard_ctx *g)
{
	const char *env = getenv("HOME");
	struct util_info info;
	int r;

	r = util_info_at(AT_FDCWD, "/", 0, &info);
	if (r < 0) {
		if (g->err)
			set_verdict(g->err, -r, "cannot check the root directory: %s",
				    strerror(-r));
		return r;
	}
	g->root = info.id;
	r = real_user_home(&g->pw_home);
	if (r < 0)
		return r;
	if (env && env[0] == '/')
		g->home = strdup(env);
	else if (g->pw_home)
		g->home = strdup(g->pw_home);
	else
		return 0;       /* no home known: "~" in a file is an error */
	return g->home ? 0 : -ENOMEM;
}

/* SPEC: Guards 4: the built-in list, $HOME and the real user's home. */
static int add_builtin_and_home(struct guard_ctx *g)
{
	const char *env = getenv("HOME");
	size_t i;
	int r;

	for (i = 0; builtin[i]; i++) {
		r = add_prot(g, builtin[i], "built-in list");
		if (r < 0)
			return r;
	}
	if (env && env[0] == '/') {
		r = add_prot(g, env, "home directory");
		if (r < 0)
			return r;
	}
	if (g->pw_home)
		return add_prot(g, g->pw_home, "home directory");
	return 0;
}

__attribute__((format(printf, 2, 3)))
static int config_error(struct guard_verdict *v, const char *fmt, ...)
{
	va_list ap;

	v->code = SWRMTREE_E_CONFIG;
	va_start(ap, fmt);
	(void)vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	return -SWRMTREE_E_CONFIG;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Strip LINE of its comment and surrounding white space (see the top). */
static char *trim_line(char *line)
{
	char *s = line, *e;

	while (is_space(*s))
		s++;
	for (e = s; *e; e++) {
		if (*e == '#' && (e == s || is_space(e[-1]))) {
			*e = '\0';
			break;
		}
	}
	while (e > s && is_space(e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* One line of a configuration file. */
static int parse_line(struct guard_ctx *g, const char *file, size_t lineno,
		      char *line, struct guard_verdict *ret_err)
{
	char *s = trim_line(line), *path = NULL, *origin = NULL;
	int r;

	if (!*s)
		return 0;
	r = expand_home(g, s, &path);
	if (r == -ENOENT)
		return config_error(ret_err, "%s:%zu: '~' used but no home directory is known",
				    file, lineno);
	if (r < 0)
		return r;
	if (path[0] != '/') {
		r = config_error(ret_err, "%s:%zu: protected path is not absolute", file, lineno);
		goto out;
	}
	if (asprintf(&origin, "%s:%zu", file, lineno) < 0) {
		origin = NULL;
		r = -ENOMEM;
		goto out;
	}
	r = add_prot(g, path, origin);
out:
	free(origin);
	free(path);
	return r;
}

/* Read FILE; a missing one is fine, an unreadable one an error naming it. */
static int parse_file(struct guard_ctx *g, const char *file,
		      struct guard_verdict *ret_err)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int r = 0, err = 0;
	FILE *f;

	f = fopen(file, "re");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (errno == ENOMEM)
			return -ENOMEM;
		return config_error(ret_err, "%s: %s", file,
				    strerror(errno));
	}
	for (;;) {
		errno = 0;
		if (getline(&line, &cap, f) < 0) {
			err = errno;
			break;
		}
		r = parse_line(g, file, ++lineno, line, ret_err);
		if (r < 0)
			goto out;
	}
	if (ferror(f)) {
		if (err == ENOMEM)
			r = -ENOMEM;
		else
			r = config_error(ret_err, "%s: %s", file,
					 strerror(err ? err : EIO));
	}
out:
	free(line);
	(void)fclose(f);
	return r;
}

/* The system file, then ${XDG_CONFIG_HOME:-~/.config}/sw-rmtree/protected. */
static int add_config_files(struct guard_ctx *g, const struct guard_config *cfg,
			    struct guard_verdict *ret_err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	char *user = NULL;
	int r;

	r = parse_file(g, cfg->system_file ? cfg->system_file
			  : SYSCONFDIR "/sw-rmtree/protected", ret_err);
	if (r < 0)
		return r;
	/* XDG base directories: a relative $XDG_CONFIG_HOME is to be ignored. */
	if (xdg && xdg[0] == '/')
		r = asprintf(&user, "%s/sw-rmtree/protected", xdg);
	else if (g->home)
		r = asprintf(&user, "%s/.config/sw-rmtree/protected", g->home);
	else
		return 0;
	if (r < 0)
		return -ENOMEM;
	r = parse_file(g, user, ret_err);
	free(user);
	return r;
}

/* --protect=PATH values: "~" expanded; relative ones against the cwd. */
static int add_protect_list(struct guard_ctx *g, const char *const *list)
{
	char *path;
	int r;

	for (; list && *list; list++) {
		r = expand_home(g, *list, &path);
		if (r == -ENOENT) {
			/* No home known: take "~..." literally, as a relative path. */
			path = strdup(*list);
			r = path ? 0 : -ENOMEM;
		}
		if (r < 0)
			return r;
		r = add_prot(g, path, "--protect");
		free(path);
		if (r < 0)
			return r;
	}
	return 0;
}

int guard_new(const struct guard_config *cfg, struct guard_ctx **ret,
	      struct guard_verdict *ret_err)
{
	struct guard_config none = { 0, NULL, NULL };
	struct guard_verdict dummy;
	struct guard_ctx *g;
	int r;

	if (!ret_err)
		ret_err = &dummy;
	ret_err->code = 0;
	ret_err->detail[0] = '\0';
	*ret = NULL;
	if (!cfg)
		cfg = &none;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->flags = cfg->flags;
	g->err = ret_err;
	r = init_root_and_home(g);
	if (r < 0)
		goto out;
	r = add_builtin_and_home(g);
	if (r < 0)
		goto out;
	r = add_config_files(g, cfg, ret_err);
	if (r < 0)
		goto out;
	r = add_protect_list(g, cfg->protect);
	if (r < 0)
		goto out;
	g->err = NULL;
	*ret = g;
	g = NULL;
out:
	guard_free(g);
	return r;
}

void guard_free(struct guard_ctx *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nprots; i++) {
		free(g->prots[i].path);
		free(g->prots[i].origin);
	}
	free(g->prots);
	free(g->self.ids);
	free(g->self.src);
	free(g->anc.ids);
	free(g->anc.src);
	free(g->home);
	free(g->pw_home);
	free(g);
}

void guard_ids(const struct guard_ctx *g, const struct util_id **ret_ids,
	       size_t *ret_n)
{
	*ret_ids = g->self.ids;
	*ret_n = g->self.n;
}

/*
 * Look up PATH[0..LEN) (trailing slashes stripped; OFF is where its last
 * component starts) relative to DIRFD: the parent with ordinary lookup,
 * the last component without following it.  Returns 0 or -errno.
 */
static int lookup(int dirfd, const char *path, size_t len, size_t off,
		  struct lookup *lk)
{
	const char *parent, *name;
	int pfd = -1, r;
	char *buf;

	memset(lk, 0, sizeof(*lk));
	buf = malloc(len + 2);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, path, off);
	buf[off] = '\0';
	memcpy(buf + off + 1, path + off, len - off);
	buf[len + 1] = '\0';
	parent = off ? buf : ".";
	name = buf + off + 1;
	lk->slash = path[len] == '/';
	lk->whole_root = name[0] == '\0';
	pfd = util_openat(dirfd, parent, O_PATH | O_DIRECTORY);
	if (pfd < 0) {
		r = pfd;
		goto out;
	}
	r = util_info_at(pfd, "", AT_EMPTY_PATH, &lk->parent);
	if (r < 0)
		goto out;
	if (lk->whole_root) {
		lk->self = lk->parent;
		goto out;
	}
	r = util_info_at(pfd, name, AT_SYMLINK_NOFOLLOW, &lk->self);
	if (r < 0 || !lk->slash || !S_ISLNK(lk->self.mode))
		goto out;
	/* "link/" resolves to the target: rules 3 and 4 look at it too. */
	r = util_info_at(pfd, name, 0, &lk->target);
	lk->has_target = r == 0;
	if (r < 0 && absent(-r))
		r = 0;
out:
	util_close(pfd);
	free(buf);
	return r;
}

/* Rule 4 for identity ID: a protected path itself, or one of its ancestors. */
static bool check_protected(const struct guard_ctx *g, const struct util_id *id,
			    struct guard_verdict *ret)
{
	size_t src;

	if (idset_find(&g->self, id, &src)) {
		set_verdict(ret, SWRMTREE_E_PROTECTED, "protected path (%s)",
			    g->prots[src].origin);
		return true;
	}
	if (idset_find(&g->anc, id, &src)) {
		set_verdict(ret, SWRMTREE_E_PROTECTED, "contains protected path '%s' (%s)",
			    g->prots[src].path, g->prots[src].origin);
		return true;
	}
	return false;
}

/* Rules 3 to 6 on a looked-up PATH, in the order documented at the top. */
static void judge(const struct guard_ctx *g, const struct lookup *lk,
		  struct guard_verdict *ret)
{
	const struct util_info *written = lk->has_target ? &lk->target : &lk->self;
	bool link = S_ISLNK(lk->self.mode);

	if (util_id_eq(&written->id, &g->root) && !(g->flags & SWRMTREE_NO_PRESERVE_ROOT)) {
		set_verdict(ret, SWRMTREE_E_ROOT, MSG_ROOT);
		return;
	}
	if (check_protected(g, &lk->self.id, ret))
		return;
	if (lk->has_target && check_protected(g, &lk->target.id, ret))
		return;
	if (link && lk->slash) {
		set_verdict(ret, SWRMTREE_E_SYMLINK_SLASH, MSG_SYMLINK);
		return;
	}
	if (link || lk->whole_root || (g->flags & SWRMTREE_CROSS_MOUNTS))
		return;
	if (util_is_mount_point(&lk->parent, &lk->self))
		set_verdict(ret, SWRMTREE_E_MOUNT_POINT, MSG_MOUNT);
}

int guard_check(const struct guard_ctx *g, int dirfd, const char *path,
		struct guard_verdict *ret)
{
	struct lookup lk;
	size_t len, off;
	int r;

	ret->code = 0;
	ret->detail[0] = '\0';
	if (path[0] == '\0') {
		set_verdict(ret, SWRMTREE_E_EMPTY_PATH, "empty path");
		return 0;
	}
	len = util_strip_slashes(path, strlen(path));
	off = util_last_component(path, len);
	if (util_is_dot_or_dotdot(path + off, len - off)) {
		set_verdict(ret, SWRMTREE_E_DOT, "last component is '%.*s'",
			    (int)(len - off), path + off);
		return 0;
	}
	r = lookup(dirfd, path, len, off, &lk);
	if (r < 0)
		return absent(-r) ? 0 : r;
	judge(g, &lk, ret);
	return 0;
}
