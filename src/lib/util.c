/*
 * util.c - descriptor and identity helpers, path-component rules, growable
 * buffers.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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
#include <sys/syscall.h>
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

static void info_from_stat(const struct stat *st, struct util_info *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->id.dev = st->st_dev;
	ret->id.ino = st->st_ino;
	ret->mode = st->st_mode;
	ret->uid = st->st_uid;
	ret->gid = st->st_gid;
	ret->size = (uint64_t)st->st_size;
}

/*
 * Fill *ret for NAME in DIRFD.  statx gives the mount id and the mount-root,
 * immutable and append-only attributes without opening the entry; opening
 * could block (fifos), have side effects (devices) or trigger an automount.
 */
int util_info_at(int dirfd, const char *name, int flags, struct util_info *ret)
{
#ifdef HAVE_STATX
	struct statx stx;
	int r;

	do
		r = statx(dirfd, name, flags | AT_NO_AUTOMOUNT,
			  STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID |
			  STATX_INO | STATX_SIZE | STATX_MNT_ID, &stx);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		memset(ret, 0, sizeof(*ret));
		ret->id.dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
		ret->id.ino = stx.stx_ino;
		ret->mode = stx.stx_mode;
		ret->uid = stx.stx_uid;
		ret->gid = stx.stx_gid;
		ret->size = stx.stx_size;
		if (stx.stx_mask & STATX_MNT_ID)
			ret->mnt_id = stx.stx_mnt_id;
		ret->attrs = stx.stx_attributes;
		ret->attrs_mask = stx.stx_attributes_mask;
		return 0;
	}
	if (errno != ENOSYS)
		return -errno;
#endif
	{
		struct stat st;
		int e;

		do
			e = fstatat(dirfd, name, &st, flags | AT_NO_AUTOMOUNT);
		while (e < 0 && errno == EINTR);
		if (e < 0)
			return -errno;
		info_from_stat(&st, ret);
	}
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

int util_access_fd(int fd, int mode)
{
	int r;

	do
		r = faccessat(fd, ".", mode, AT_EACCESS);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
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
	if (!util_id_eq(&a->id, &b->id) || (a->mode & S_IFMT) != (b->mode & S_IFMT))
		return false;
	return !a->mnt_id || !b->mnt_id || a->mnt_id == b->mnt_id;
}

/* True when statx reported the mount-root attribute for this entry. */
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
 */
bool util_is_mount_point(const struct util_info *parent,
			 const struct util_info *child)
{
	if (util_id_eq(&parent->id, &child->id))
		return false;   /* "." itself: the "/" of --no-preserve-root */
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
	if (size && n > SIZE_MAX / size)
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
	case DT_REG:	return SWRMTREE_TYPE_FILE;
	case DT_DIR:	return SWRMTREE_TYPE_DIR;
	case DT_LNK:	return SWRMTREE_TYPE_SYMLINK;
	case DT_FIFO:	return SWRMTREE_TYPE_FIFO;
	case DT_SOCK:	return SWRMTREE_TYPE_SOCKET;
	case DT_CHR:	return SWRMTREE_TYPE_CHARDEV;
	case DT_BLK:	return SWRMTREE_TYPE_BLOCKDEV;
	default:	return SWRMTREE_TYPE_OTHER;
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
