/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * mounts.c - the mount table (see mounts.h).
 *
 * The file costs the kernel a formatted line per mount, options included,
 * on every read: most of what the guards pay before a tiny removal.  The
 * system calls give a mount's device and ids without any string, and the
 * guards want the strings of the few mounts of the file systems they walk
 * only.
 *
 * listmount() has listed only a mount's direct children on some kernels
 * and the whole subtree on others; both are read right: when every mount
 * it lists hangs directly below the root, each is asked for its own
 * children too.  statmount() gives the same root and mount point strings
 * as the file (unescaped), and for the file's mount id the "old" id.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "swrmtree.h"
#include "util.h"
#include "mounts.h"

/*
 * The system call numbers, where the C library's headers do not have them
 * yet: one number on every architecture below (alpha and mips have others,
 * and x32 its own bit).
 */
#if !defined(SYS_statmount) && \
	((defined(__x86_64__) && !defined(__ILP32__)) || defined(__i386__) || \
	 defined(__aarch64__) || defined(__arm__) || defined(__riscv) || \
	 defined(__powerpc__) || defined(__s390__) || defined(__loongarch__))
#define SYS_statmount 457
#define SYS_listmount 458
#endif

/* The kernel's interface (linux/mount.h of 6.8 and later). */
#define LSMT_ROOT            UINT64_MAX /* the mount of the process root */
#define MNT_ID_REQ_SIZE_VER0 24
#define STATMOUNT_SB_BASIC   0x1U
#define STATMOUNT_MNT_BASIC  0x2U
#define STATMOUNT_MNT_ROOT   0x8U
#define STATMOUNT_MNT_POINT  0x10U

struct mnt_id_req {
	uint32_t size;
	uint32_t spare;
	uint64_t mnt_id;
	uint64_t param;
};

/* struct statmount: its fixed part is 512 bytes; strings follow. */
struct sm_head {
	uint32_t size;
	uint32_t mnt_opts;
	uint64_t mask;
	uint32_t sb_dev_major;
	uint32_t sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags;
	uint32_t fs_type;
	uint64_t mnt_id;
	uint64_t mnt_parent_id;
	uint32_t mnt_id_old;
	uint32_t mnt_parent_id_old;
	uint64_t mnt_attr;
	uint64_t mnt_propagation;
	uint64_t mnt_peer_group;
	uint64_t mnt_master;
	uint64_t propagate_from;
	uint32_t mnt_root;
	uint32_t mnt_point;
	uint64_t spare[50];
};

#define SM_FIXED sizeof(struct sm_head)
_Static_assert(sizeof(struct sm_head) == 512, "struct statmount's fixed part");
#define SM_FIRST   (SM_FIXED + 1024)      /* room for both strings, usually */
#define SM_MAX     (SM_FIXED + 2 * 65536) /* longer strings: give up */
#define LIST_BATCH 64

static struct mounts_entry *add(struct mounts *t)
{
	struct mounts_entry *v = util_grow(t->v, &t->cap, t->n + 1, sizeof(*v));

	if (!v)
		return NULL;
	t->v = v;
	v = &t->v[t->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* ---- /proc/self/mountinfo --------------------------------------------- */

/* Undo mountinfo's octal escapes (\040 for a space...) in place. */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

/*
 * The decimal number at *P, which must end with END; *P is left after END.
 * False when there is none or it overflows.  (Not sscanf: this runs for
 * every line of the table on every run, and sscanf cost a tenth of a
 * tiny removal's instructions.)
 */
static bool number(char **p, char end, unsigned long long *ret)
{
	unsigned long long v = 0;
	char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (ULLONG_MAX - (unsigned)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (*s != end)
		return false;
	*p = s + 1;
	*ret = v;
	return true;
}

/* One line: "ID PARENT MAJ:MIN ROOT POINT ...".  Malformed lines are skipped. */
static int parse_line(struct mounts *t, char *line)
{
	unsigned long long id, parent, maj, min;
	char *root, *point, *save = NULL, *p = line;
	struct mounts_entry *m;

	if (!number(&p, ' ', &id) || !number(&p, ' ', &parent) ||
	    !number(&p, ':', &maj) || !number(&p, ' ', &min) ||
	    maj > UINT_MAX || min > UINT_MAX)
		return 0;
	root = strtok_r(p, " ", &save);
	point = strtok_r(NULL, " ", &save);
	if (!root || !point)
		return 0;
	unescape(root);
	unescape(point);
	if (!(m = add(t)))
		return -ENOMEM;
	m->id = id;
	m->dev = makedev((unsigned int)maj, (unsigned int)min);
	m->root = strdup(root);
	m->point = strdup(point);
	return m->root && m->point ? 0 : -ENOMEM;
}

/* Only a real procfs is believed: in a chroot, anybody may have written a
 * file of that name. */
static int load_file(struct mounts *t)
{
	struct statfs sf;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	t->source = MOUNTS_FILE;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f) {
		t->error = errno;
		return t->error == ENOMEM ? -ENOMEM : 0;
	}
	if (fstatfs(fileno(f), &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		t->error = ENODEV;
	while (!t->error && getline(&line, &cap, f) >= 0)
		if (parse_line(t, line) < 0)
			t->error = ENOMEM;
	if (!t->error && ferror(f))
		t->error = EIO;
	free(line);
	(void)fclose(f);
	return t->error == ENOMEM ? -ENOMEM : 0;
}

/* ---- listmount() and statmount() ------------------------------------------ */

/* What statmount() wrote into T's buffer. */
static const struct sm_head *head(const struct mounts *t)
{
	return (const struct sm_head *)(void *)t->buf;
}

#ifdef SYS_statmount

/* statmount() of mount ID for MASK into T's buffer, grown as needed. */
static int stat_mount(struct mounts *t, uint64_t id, uint64_t mask)
{
	struct mnt_id_req req = {
		.size = MNT_ID_REQ_SIZE_VER0,
		.mnt_id = id,
		.param = mask,
	};
	size_t size = t->buf_size ? t->buf_size : SM_FIRST;
	char *buf;

	for (;;) {
		if (size > t->buf_size) {
			/* Aligned for struct sm_head: malloc's alignment. */
			buf = realloc(t->buf, size);
			if (!buf)
				return -ENOMEM;
			t->buf = buf;
			t->buf_size = size;
		}
		if (syscall(SYS_statmount, &req, t->buf, t->buf_size, 0UL) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EOVERFLOW || size >= SM_MAX)
			return -errno;
		size *= 2;
	}
	/* The kernel says which parts it wrote. */
	if ((((const struct sm_head *)(void *)t->buf)->mask & mask) != mask)
		return -EOPNOTSUPP;
	return 0;
}

static bool listed(const struct mounts *t, uint64_t unique)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].unique == unique)
			return true;
	return false;
}

/* Add mount UNIQUE (unless listed already); PARENT gets its parent's id. */
static int add_mount(struct mounts *t, uint64_t unique, uint64_t *parent)
{
	struct mounts_entry *m;
	int r;

	*parent = 0;
	if (listed(t, unique))
		return 0;
	r = stat_mount(t, unique, STATMOUNT_SB_BASIC | STATMOUNT_MNT_BASIC);
	if (r == -ENOENT)
		return 0; /* gone meanwhile: as if read a moment later */
	if (r < 0)
		return r;
	if (!(m = add(t)))
		return -ENOMEM;
	m->unique = unique;
	m->id = head(t)->mnt_id_old;
	m->dev = makedev(head(t)->sb_dev_major, head(t)->sb_dev_minor);
	m->parent = *parent = head(t)->mnt_parent_id;
	return 0;
}

/*
 * Add what listmount() lists below mount ID (LSMT_ROOT: the process
 * root's).  *FLAT, unless FLAT is NULL, is cleared when a mount added
 * does not hang directly below ROOT.
 */
static int add_listed(struct mounts *t, uint64_t id, uint64_t root, bool *flat)
{
	uint64_t ids[LIST_BATCH], parent;
	struct mnt_id_req req = {
		.size = MNT_ID_REQ_SIZE_VER0,
		.mnt_id = id,
		.param = 0, /* list from the first */
	};
	long n, i;
	int r;

	for (;;) {
		n = syscall(SYS_listmount, &req, ids, (size_t)LIST_BATCH, 0UL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == ENOENT && id != LSMT_ROOT ? 0 : -errno;
		for (i = 0; i < n; i++) {
			r = add_mount(t, ids[i], &parent);
			if (r < 0)
				return r;
			if (flat && parent && parent != root && ids[i] != root)
				*flat = false;
		}
		if (n < LIST_BATCH)
			return 0;
		req.param = ids[n - 1]; /* go on after the last one */
	}
}

/* Read the table with the system calls; -errno when they cannot serve. */
static int load_syscalls(struct mounts *t, bool each)
{
	uint64_t root = util_root_mount_unique(), parent;
	bool flat = true;
	size_t i, n;
	int r;

	if (!root)
		return -EOPNOTSUPP; /* "/" is not a mount root, or too old a kernel */
	r = add_listed(t, LSMT_ROOT, root, &flat);
	if (r == 0)
		r = add_mount(t, root, &parent);
	if (each) {
		/* Keep what such a kernel lists: the root's children. */
		for (i = 0, n = 0; r == 0 && i < t->n; i++)
			if (t->v[i].unique == root || t->v[i].parent == root)
				t->v[n++] = t->v[i];
		t->n = n;
		flat = true;
	}
	/*
	 * Only direct children of the root: a kernel that lists no deeper,
	 * or a table that is no deeper.  Ask each mount, those found so far
	 * and those found on the way, for its own.
	 */
	for (i = 0; r == 0 && flat && i < t->n; i++)
		if (t->v[i].unique != root)
			r = add_listed(t, t->v[i].unique, root, NULL);
	return r;
}

#else /* no statmount() known on this architecture */

static int stat_mount(struct mounts *t, uint64_t id, uint64_t mask)
{
	(void)t;
	(void)id;
	(void)mask;
	return -ENOSYS;
}

static int load_syscalls(struct mounts *t, bool each)
{
	(void)t;
	(void)each;
	return -ENOSYS;
}

#endif

static void clear(struct mounts *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].root);
		free(t->v[i].point);
	}
	t->n = 0;
}

int mounts_load(struct mounts *t, unsigned int how)
{
	int r;

	if (how != MOUNTS_FILE) {
		t->source = MOUNTS_SYSCALLS;
		r = load_syscalls(t, how == MOUNTS_SYSCALLS_EACH);
		if (r == -ENOMEM)
			return r;
		if (r == 0)
			return 0;
		clear(t);
		if (how != MOUNTS_ANY) {
			t->error = -r;
			return 0;
		}
	}
	return load_file(t);
}

int mounts_strings(struct mounts *t, size_t i)
{
	struct mounts_entry *m = &t->v[i];
	const char *str;
	int r;

	if (m->root && m->point)
		return 0;
	if (!m->unique)
		return -ENOENT;
	r = stat_mount(t, m->unique, STATMOUNT_MNT_ROOT | STATMOUNT_MNT_POINT);
	if (r < 0)
		return r;
	/* Offsets within what the kernel says it wrote, strings ended. */
	if (head(t)->size > t->buf_size || head(t)->size <= SM_FIXED ||
	    head(t)->mnt_root >= head(t)->size - SM_FIXED ||
	    head(t)->mnt_point >= head(t)->size - SM_FIXED ||
	    t->buf[head(t)->size - 1] != '\0')
		return -EIO;
	str = t->buf + SM_FIXED;
	/* Not below the process root after all (moved meanwhile): as the
	 * file, which does not list such mounts. */
	if (str[head(t)->mnt_point] != '/')
		return -ENOENT;
	m->root = strdup(str + head(t)->mnt_root);
	m->point = strdup(str + head(t)->mnt_point);
	return m->root && m->point ? 0 : -ENOMEM;
}

void mounts_free(struct mounts *t)
{
	clear(t);
	free(t->v);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}
