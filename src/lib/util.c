/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * util.c - descriptor and identity helpers, path-component rules, growable
 * buffers.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "swrmtree.h"
#include "util.h"

/*
 * glibc has a statx() wrapper since 2.28; musl only since 1.2.5.  Without
 * one, call the system call directly: the mount id and the mount-root
 * attribute are what catch bind mounts on the same device.
 */
#if !defined(HAVE_STATX) && defined(__linux__)
#include <linux/stat.h>
#ifdef SYS_statx
static int statx(int dirfd, const char *path, int flags, unsigned int mask,
		 struct statx *buf)
{
	return (int)syscall(SYS_statx, dirfd, path, flags, mask, buf);
}
#define HAVE_STATX 1
#endif
#endif

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif
#ifndef STATX_ATTR_IMMUTABLE
#define STATX_ATTR_IMMUTABLE 0x00000010
#endif
#ifndef STATX_ATTR_APPEND
#define STATX_ATTR_APPEND 0x00000020
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0 /* statfs f_type of procfs */
#endif

/*
 * name_to_handle_at() with a handle of zero bytes: only the fixed head of
 * struct file_handle is read and written then.  glibc (since 2.14) and
 * musl have a wrapper; elsewhere call the system call.
 */
#if defined(HAVE_NAME_TO_HANDLE_AT)
#define HAVE_HANDLE_CALL 1
static int handle_call(int dirfd, const char *name, int flags, int *ret_mnt)
{
	struct file_handle fh;

	memset(&fh, 0, sizeof(fh));
	return name_to_handle_at(dirfd, name, &fh, ret_mnt, flags);
}
#elif defined(SYS_name_to_handle_at)
#define HAVE_HANDLE_CALL 1
static int handle_call(int dirfd, const char *name, int flags, int *ret_mnt)
{
	struct {
		unsigned int handle_bytes;
		int handle_type;
	} fh = { 0, 0 };

	return (int)syscall(SYS_name_to_handle_at, dirfd, name, &fh, ret_mnt,
			    flags);
}
#endif

/* fchmodat2 (Linux 6.6) is number 452 on every architecture. */
#ifndef SYS_fchmodat2
#ifdef __NR_fchmodat2
#define SYS_fchmodat2 __NR_fchmodat2
#else
#define SYS_fchmodat2 452
#endif
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

static void info_from_stat(const struct stat *st, struct util_info *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->id.dev = st->st_dev;
	ret->id.ino = st->st_ino;
	ret->mode = st->st_mode;
	ret->uid = st->st_uid;
	ret->gid = st->st_gid;
	ret->size = (uint64_t)st->st_size;
	ret->nlink = (uint64_t)st->st_nlink;
	ret->blocks = (uint64_t)st->st_blocks;
}

/*
 * The mount id from name_to_handle_at(), or 0.  Asked for a handle of zero
 * bytes, the call fails with EOVERFLOW but has filled in the mount id
 * already; any other failure (EOPNOTSUPP: a file system without handles;
 * ENOSYS, EPERM: no such call, or a seccomp filter) means no answer.
 */
static uint64_t handle_mnt_id(int dirfd, const char *name, int flags)
{
#ifdef HAVE_HANDLE_CALL
	int hflags = 0, mnt = -1, r;

	if (name[0] == '\0')
		hflags |= AT_EMPTY_PATH;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		hflags |= AT_SYMLINK_FOLLOW;
	do
		r = handle_call(dirfd, name, hflags, &mnt);
	while (r < 0 && errno == EINTR);
	if ((r == 0 || errno == EOVERFLOW) && mnt > 0)
		return (uint64_t)mnt;
#else
	(void)dirfd;
	(void)name;
	(void)flags;
#endif
	return 0;
}

/*
 * The "mnt_id:" line of /proc/self/fdinfo/FD, or 0.  Only a file that is
 * really on procfs is believed: in a chroot, /proc may be anybody's
 * directory, holding anything.
 */
static uint64_t fdinfo_mnt_id(int fd)
{
	char path[48], buf[1024];
	struct statfs sfs;
	const char *p;
	char *end;
	uint64_t mnt = 0;
	ssize_t n;
	int ifd;

	(void)snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	ifd = util_openat(AT_FDCWD, path, O_RDONLY);
	if (ifd < 0)
		return 0;
	if (fstatfs(ifd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		goto out;
	do
		n = read(ifd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		goto out;
	buf[n] = '\0';
	if (strncmp(buf, "mnt_id:", 7) == 0)
		p = buf + 7;
	else if ((p = strstr(buf, "\nmnt_id:")))
		p += 8;
	else
		goto out;
	errno = 0;
	mnt = strtoull(p, &end, 10);
	if (errno || end == p || (*end != '\n' && *end != '\0'))
		mnt = 0;
out:
	util_close(ifd);
	return mnt;
}

/*
 * The fdinfo mount id of NAME in DIRFD (for "", of DIRFD itself) through an
 * O_PATH descriptor, which opens nothing: no fifo blocks, no device acts,
 * no automount fires.  The entry may have been replaced since the caller
 * looked at it: only a descriptor with identity ID is asked.
 */
static uint64_t path_fdinfo_mnt_id(int dirfd, const char *name, int flags,
				   const struct util_id *id)
{
	uint64_t mnt = 0;
	int fd;

	if (name[0] == '\0' && dirfd != AT_FDCWD)
		return fdinfo_mnt_id(dirfd);
	fd = util_openat(dirfd, name[0] ? name : ".",
			 O_PATH | (flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0)
		return 0;
	if (util_fd_is(fd, id, NULL) == 0)
		mnt = fdinfo_mnt_id(fd);
	util_close(fd);
	return mnt;
}

/*
 * The mount id where statx has none.  Both sources give the number statx
 * reports as STATX_MNT_ID (the kernel's int mount id), so mount ids of
 * entries seen through different sources compare (util_is_mount_point()).
 */
uint64_t util_mnt_id_at(int dirfd, const char *name, int flags,
			const struct util_id *id, unsigned int sources)
{
	uint64_t mnt = 0;

	if (sources & UTIL_MNT_HANDLE)
		mnt = handle_mnt_id(dirfd, name, flags);
	if (!mnt && (sources & UTIL_MNT_FDINFO))
		mnt = path_fdinfo_mnt_id(dirfd, name, flags, id);
	return mnt;
}

#ifdef HAVE_STATX
/*
 * statx() into *ret: 1 when it gave the mount id, 0 when not, or -errno
 * (-ENOSYS: no statx in this kernel).
 */
static int info_statx(int dirfd, const char *name, int flags,
		      struct util_info *ret)
{
	struct statx stx;
	int r;

	do
		r = statx(dirfd, name, flags | AT_NO_AUTOMOUNT,
			  STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID |
				  STATX_INO | STATX_SIZE | STATX_NLINK |
				  STATX_BLOCKS | STATX_MNT_ID,
			  &stx);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	memset(ret, 0, sizeof(*ret));
	ret->id.dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	ret->id.ino = stx.stx_ino;
	ret->mode = stx.stx_mode;
	ret->uid = stx.stx_uid;
	ret->gid = stx.stx_gid;
	ret->size = stx.stx_size;
	ret->nlink = stx.stx_nlink;
	ret->blocks = stx.stx_blocks;
	ret->attrs = stx.stx_attributes;
	ret->attrs_mask = stx.stx_attributes_mask;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return 0;
	ret->mnt_id = stx.stx_mnt_id;
	return 1;
}
#endif

/* fstatat() into *ret, where the kernel has no statx: 0 or -errno. */
static int info_fstatat(int dirfd, const char *name, int flags,
			struct util_info *ret)
{
	struct stat st;
	int r;

	do
		r = fstatat(dirfd, name, &st, flags | AT_NO_AUTOMOUNT);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	info_from_stat(&st, ret);
	return 0;
}

/*
 * Fill *ret for NAME in DIRFD.  statx gives the mount id and the mount-root,
 * immutable and append-only attributes without opening the entry; opening
 * could block (fifos), have side effects (devices) or trigger an automount.
 */
int util_info_at(int dirfd, const char *name, int flags, struct util_info *ret)
{
	int r = -ENOSYS;

#ifdef HAVE_STATX
	r = info_statx(dirfd, name, flags, ret);
	if (r > 0)
		return 0;
#endif
	if (r == -ENOSYS)
		r = info_fstatat(dirfd, name, flags, ret);
	if (r < 0)
		return r;
	/*
	 * Before Linux 5.8 statx has neither the mount id nor the mount-root
	 * attribute, and a bind mount from the same file system keeps st_dev:
	 * without a mount id from elsewhere it would pass for a plain
	 * directory, be entered and emptied (SPEC: Traversal, mount points;
	 * Guards 6).  Newer kernels never get here.
	 */
	ret->mnt_id = util_mnt_id_at(dirfd, name, flags, &ret->id,
				     UTIL_MNT_HANDLE | UTIL_MNT_FDINFO);
	return 0;
}

#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x00004000U
#endif

uint64_t util_root_mount_unique(void)
{
#ifdef HAVE_STATX
	struct statx stx;
	int r;

	do
		r = statx(AT_FDCWD, "/", AT_NO_AUTOMOUNT, STATX_MNT_ID_UNIQUE,
			  &stx);
	while (r < 0 && errno == EINTR);
	if (r == 0 && (stx.stx_mask & STATX_MNT_ID_UNIQUE) &&
	    (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	    (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		return stx.stx_mnt_id;
#endif
	return 0;
}

/*
 * Open a directory relative to DIRFD without following a symbolic link in
 * its last component.  The caller owns the descriptor and must compare its
 * identity with what it saw before opening.
 */
int util_open_dir(int dirfd, const char *name)
{
	return util_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
}

/* openat() with O_CLOEXEC, again after EINTR. */
int util_openat(int dirfd, const char *name, int flags)
{
	int fd;

	do
		fd = openat(dirfd, name, flags | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

int util_fstat(int fd, struct stat *ret)
{
	int r;

	do
		r = fstat(fd, ret);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

int util_fd_is(int fd, const struct util_id *id, struct stat *ret_st)
{
	struct stat st;
	int r = util_fstat(fd, &st);

	if (r < 0)
		return r;
	if (ret_st)
		*ret_st = st;
	return st.st_dev == id->dev && st.st_ino == id->ino ?
		       0 :
		       -SWRMTREE_E_CHANGED;
}

int util_unlinkat(int dirfd, const char *name, int flags)
{
	int r;

	do
		r = unlinkat(dirfd, name, flags);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

int util_access_fd(int fd, int mode)
{
	int r;

	do
		r = faccessat(fd, ".", mode, AT_EACCESS);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static pthread_once_t fchmodat2_once = PTHREAD_ONCE_INIT;
static bool fchmodat2_works;

/*
 * Does the kernel have fchmodat2 with AT_EMPTY_PATH?  Asked about no
 * descriptor at all (-1), so that nothing can change: a kernel that has the
 * call and knows the flag checks the flags first and then answers EBADF.
 * ENOSYS (before 6.6), EINVAL (flag unknown) or EPERM (a seccomp filter)
 * mean that it cannot be used.
 */
static void probe_fchmodat2(void)
{
	int saved = errno;

	fchmodat2_works = syscall(SYS_fchmodat2, -1, "", 0, AT_EMPTY_PATH) < 0 &&
			  errno == EBADF;
	errno = saved;
}

/* The probe's answer, computed once per process. */
static bool have_fchmodat2(void)
{
	if (pthread_once(&fchmodat2_once, probe_fchmodat2) != 0)
		return false;
	return fchmodat2_works;
}

static bool is_procfs(int fd)
{
	struct statfs sfs;
	int r;

	do
		r = fstatfs(fd, &sfs);
	while (r < 0 && errno == EINTR);
	return r == 0 && (unsigned long)sfs.f_type == PROC_SUPER_MAGIC;
}

/* Why procfs cannot be used: out of resources (-errno), or -EOPNOTSUPP. */
static int no_procfs(int r)
{
	return r == -EMFILE || r == -ENFILE || r == -ENOMEM ? r : -EOPNOTSUPP;
}

/*
 * This process's descriptor directory in the procfs on /proc, as an O_PATH
 * descriptor (the caller closes it), or -EOPNOTSUPP when there is none.
 * In a chroot or a container /proc may be missing, an ordinary directory or
 * a symbolic link someone planted, and a path through it could lead
 * anywhere: /proc itself is opened with O_NOFOLLOW and must be procfs, and
 * "self/fd" is then resolved inside it, where "self" is the kernel's own
 * link to this process; the result is checked again.  Running out of
 * descriptors or memory is reported as such.
 */
static int open_proc_fd_dir(void)
{
	int proc, fd = -EOPNOTSUPP;

	proc = util_openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW);
	if (proc < 0)
		return no_procfs(proc);
	if (is_procfs(proc))
		fd = util_openat(proc, "self/fd", O_PATH | O_DIRECTORY);
	util_close(proc);
	if (fd >= 0 && !is_procfs(fd)) {
		util_close(fd);
		fd = -EOPNOTSUPP;
	}
	return fd >= 0 ? fd : no_procfs(fd);
}

/*
 * Change the mode of what FD pins.  Both ways name the inode behind FD and
 * nothing else: fchmodat2 with an empty path acts on the descriptor itself,
 * and a procfs magic link is bound to the open file, not to a path.
 * Neither follows a symbolic link (the kernel refuses to change a link's
 * mode with EOPNOTSUPP).
 */
int util_chmod_pinned(int fd, mode_t mode)
{
	char name[16];
	int dir, r;

	if (have_fchmodat2()) {
		do
			r = (int)syscall(SYS_fchmodat2, fd, "", mode,
					 AT_EMPTY_PATH);
		while (r < 0 && errno == EINTR);
		if (r == 0)
			return 0;
		if (errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL)
			return -errno;
		/* Not for this descriptor after all: try procfs. */
	}
	dir = open_proc_fd_dir();
	if (dir < 0)
		return dir;
	(void)snprintf(name, sizeof(name), "%d", fd);
	do
		r = fchmodat(dir, name, mode, 0);
	while (r < 0 && errno == EINTR);
	r = r < 0 ? -errno : 0;
	util_close(dir);
	return r;
}

/* Would util_chmod_pinned() find a way?  See util.h. */
int util_chmod_pinned_supported(void)
{
	int dir;

	if (have_fchmodat2())
		return 0;
	dir = open_proc_fd_dir();
	if (dir < 0)
		return -EOPNOTSUPP;
	util_close(dir);
	return 0;
}

/* Close FD (if >= 0) keeping errno: callers close on error paths. */
void util_close(int fd)
{
	int saved = errno;

	if (fd >= 0)
		(void)close(fd);
	errno = saved;
}

/* The same object, seen the same way.  See util.h. */
bool util_info_same(const struct util_info *a, const struct util_info *b)
{
	if (!util_id_eq(&a->id, &b->id) ||
	    (a->mode & S_IFMT) != (b->mode & S_IFMT))
		return false;
	return !a->mnt_id || !b->mnt_id || a->mnt_id == b->mnt_id;
}

/* True when statx reported the mount-root attribute for this entry. */
bool util_mount_root_known(const struct util_info *info)
{
	return (info->attrs_mask & STATX_ATTR_MOUNT_ROOT) != 0;
}

bool util_is_mount_root(const struct util_info *info)
{
	return (info->attrs_mask & STATX_ATTR_MOUNT_ROOT) &&
	       (info->attrs & STATX_ATTR_MOUNT_ROOT);
}

/* Immutable and append-only entries cannot be unlinked, even by root. */
bool util_is_immutable(const struct util_info *info)
{
	return info->attrs & (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND);
}

/*
 * A bind mount of a directory from the same file system keeps st_dev, so
 * the device alone is not enough: the mount id and the mount-root attribute
 * catch it where the kernel reports them (SPEC: Traversal, mount points).
 * Where both are known they decide alone: a btrfs subvolume has an st_dev
 * of its own but is on its parent's mount and not a mount root, so it is
 * part of the tree.  Without them (Linux before 5.8), a new st_dev counts
 * as a mount point, subvolumes included.
 */
bool util_is_mount_point(const struct util_info *parent,
			 const struct util_info *child)
{
	if (util_id_eq(&parent->id, &child->id))
		return false; /* "." itself: the "/" of --no-preserve-root */
	if (parent->mnt_id && child->mnt_id && util_mount_root_known(child))
		return parent->mnt_id != child->mnt_id ||
		       util_is_mount_root(child);
	if (parent->id.dev != child->id.dev)
		return true;
	if (parent->mnt_id && child->mnt_id && parent->mnt_id != child->mnt_id)
		return true;
	return util_is_mount_root(child);
}

/* Drop trailing slashes; a path made only of slashes keeps one. */
size_t util_strip_slashes(const char *path, size_t len)
{
	while (len > 1 && path[len - 1] == '/')
		len--;
	return len;
}

/* Offset of the last component of PATH[0..LEN). */
size_t util_last_component(const char *path, size_t len)
{
	size_t off = len;

	while (off > 0 && path[off - 1] != '/')
		off--;
	return off;
}

/* The display path of an entry's directory.  See util.h. */
char *util_parent_path(const char *path, size_t len, const char *name)
{
	size_t n = strlen(name);
	size_t dlen = len >= n ? len - n : 0;

	/* "d/name" -> "d", but "/name" -> "/". */
	if (dlen > 1 && path[dlen - 1] == '/')
		dlen--;
	return strndup(path, dlen);
}

/* True for the components "." and "..". */
bool util_is_dot_or_dotdot(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return true;
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* Grow BUF so that EXTRA more bytes and a NUL fit. */
int util_buf_reserve(struct util_buf *buf, size_t extra)
{
	size_t need, cap;
	char *data;

	if (extra > SIZE_MAX - buf->len - 1)
		return -ENOMEM;
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	data = realloc(buf->data, cap);
	if (!data)
		return -ENOMEM;
	buf->data = data;
	buf->cap = cap;
	return 0;
}

/* Append N bytes of DATA to BUF, keeping it NUL-terminated. */
int util_buf_append(struct util_buf *buf, const void *data, size_t n)
{
	int r = util_buf_reserve(buf, n);

	if (r < 0)
		return r;
	memcpy(buf->data + buf->len, data, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
	return 0;
}

/* Cut BUF back to LEN bytes. */
void util_buf_truncate(struct util_buf *buf, size_t len)
{
	if (!buf->data)
		return;
	buf->len = len;
	buf->data[len] = '\0';
}

int util_copy_sized(void *dst, size_t dst_size, const void *src, size_t src_size)
{
	const unsigned char *s = src;
	size_t i;

	/* A field the library does not know cannot be honoured: refuse it
	 * unless it is zero (its default) rather than ignore it. */
	for (i = dst_size; i < src_size; i++)
		if (s[i])
			return -E2BIG;
	memcpy(dst, src, src_size < dst_size ? src_size : dst_size);
	return 0;
}

/* Release BUF's memory and leave it empty and reusable. */
void util_buf_free(struct util_buf *buf)
{
	if (!buf)
		return;
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}

/* Grow an array to hold NEED elements.  See util.h. */
void *util_grow(void *mem, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap;
	void *p;

	if (need <= n)
		return mem;
	if (n < 16)
		n = 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return NULL;
		n *= 2;
	}
	if (size == 0 || n > SIZE_MAX / size)
		return NULL;
	p = realloc(mem, n * size);
	if (!p)
		return NULL;
	*cap = n;
	return p;
}

/* Map a directory-entry type to the public entry type. */
unsigned int util_type_from_dtype(unsigned char d_type)
{
	switch (d_type) {
	case DT_REG:
		return SWRMTREE_TYPE_FILE;
	case DT_DIR:
		return SWRMTREE_TYPE_DIR;
	case DT_LNK:
		return SWRMTREE_TYPE_SYMLINK;
	case DT_FIFO:
		return SWRMTREE_TYPE_FIFO;
	case DT_SOCK:
		return SWRMTREE_TYPE_SOCKET;
	case DT_CHR:
		return SWRMTREE_TYPE_CHARDEV;
	case DT_BLK:
		return SWRMTREE_TYPE_BLOCKDEV;
	default:
		return SWRMTREE_TYPE_OTHER;
	}
}

/* Map a file mode to the d_type the kernel would report. */
unsigned char util_dtype_from_mode(mode_t mode)
{
	return (unsigned char)IFTODT(mode);
}

/* Map a file mode to the public entry type. */
unsigned int util_type_from_mode(mode_t mode)
{
	return util_type_from_dtype(util_dtype_from_mode(mode));
}

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t util_now_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
