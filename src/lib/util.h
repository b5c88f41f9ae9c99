/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * util.h - descriptor and identity helpers, path-component rules, growable
 * buffers.  Includes only system headers (and the library's public header
 * for its vocabulary of types and codes).
 */
#ifndef SWRMTREE_UTIL_H
#define SWRMTREE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* A file's identity: device and inode. */
struct util_id {
	dev_t dev;
	ino_t ino;
};

static inline bool util_id_eq(const struct util_id *a, const struct util_id *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

struct util_info;

/*
 * Are A and B the same object, seen the same way: device, inode, file type,
 * and the mount id where both are known?  What the guards judged must still
 * be what is removed (SPEC: Guards 8).
 */
bool util_info_same(const struct util_info *a, const struct util_info *b);

/* What the walk and the guards need to know of a directory or entry. */
struct util_info {
	struct util_id id;
	uint64_t mnt_id; /* mount id (statx, else util_mnt_id_at()), 0: unknown */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	uint64_t size;
	uint64_t nlink;      /* hard links */
	uint64_t blocks;     /* 512-byte blocks allocated (st_blocks) */
	uint64_t attrs;      /* statx attributes (STATX_ATTR_*) where known */
	uint64_t attrs_mask; /* which attributes the file system reports */
};

/*
 * Fill *ret from statx(dirfd, name, flags) (name "" with AT_EMPTY_PATH for
 * the descriptor itself), falling back to fstatat() where statx is missing.
 * AT_NO_AUTOMOUNT is always added.  Where statx gives no mount id, it comes
 * from util_mnt_id_at() (0 when that has none either).  Returns 0 or -errno.
 */
int util_info_at(int dirfd, const char *name, int flags, struct util_info *ret);

/* Where util_mnt_id_at() may look for a mount id that statx did not give. */
enum util_mnt_source {
	UTIL_MNT_HANDLE = 1u << 0, /* name_to_handle_at(); Linux 2.6.39 */
	UTIL_MNT_FDINFO = 1u << 1, /* "mnt_id:" of /proc/self/fdinfo; 3.15 */
};

/*
 * The mount id of NAME in DIRFD (FLAGS as for util_info_at()), for kernels
 * whose statx has none (before Linux 5.8): the same number statx would
 * report, asked of the SOURCES (UTIL_MNT_*) in the order listed above.  ID
 * is the entry's identity as just seen; the fdinfo answer counts only for
 * a descriptor with that identity.  Returns 0 when no source answers.
 * Opens and closes its own descriptors.
 */
uint64_t util_mnt_id_at(int dirfd, const char *name, int flags,
			const struct util_id *id, unsigned int sources);

/*
 * The unique (64-bit, statmount()) id of the mount whose root the process
 * root is, or 0: "/" is not the root of a mount (a chroot into a
 * directory), or the kernel is older than Linux 6.8 and cannot say.
 */
uint64_t util_root_mount_unique(void);

/*
 * Open the directory NAME in DIRFD with O_RDONLY|O_DIRECTORY|O_NOFOLLOW|
 * O_CLOEXEC, retrying on EINTR.  Returns the descriptor (owned by the caller)
 * or -errno.
 */
int util_open_dir(int dirfd, const char *name);

/*
 * openat(DIRFD, NAME, FLAGS | O_CLOEXEC), retrying on EINTR.  Returns the
 * descriptor or -errno.  For opens that are not a walk's directory opens
 * (O_PATH pins, a PATH's parent); those go through util_open_dir().
 */
int util_openat(int dirfd, const char *name, int flags);

/* fstat() retrying on EINTR.  Returns 0 or -errno. */
int util_fstat(int fd, struct stat *ret);

/*
 * Is the file open as FD (any descriptor, O_PATH too) the one with identity
 * ID?  The check every descriptor gets before it is trusted: one fstat().
 * Returns 0, -SWRMTREE_E_CHANGED when it is another file, or -errno; the
 * fstat data goes into *RET_ST when not NULL.
 */
int util_fd_is(int fd, const struct util_id *id, struct stat *ret_st);

/*
 * unlinkat(DIRFD, NAME, FLAGS) retrying on EINTR: the one way the library
 * removes an entry.  Returns 0 or -errno.
 */
int util_unlinkat(int dirfd, const char *name, int flags);

/* faccessat(FD, ".", MODE, AT_EACCESS) retrying on EINTR: 0 or -errno. */
int util_access_fd(int fd, int mode);

/*
 * Set the mode of the file pinned by the O_PATH descriptor FD to MODE,
 * never following a symbolic link and never resolving an ordinary path:
 * fchmodat2(FD, "", MODE, AT_EMPTY_PATH) where the kernel has it (Linux
 * 6.6), else FD's magic link in the procfs mounted on /proc, once that is
 * verified to be procfs.  The caller has checked FD's identity.  Returns 0,
 * -EOPNOTSUPP when neither way exists here (old kernel and no /proc:
 * chroots, containers, early boot), or -errno.  FD is not closed.
 */
int util_chmod_pinned(int fd, mode_t mode);

/*
 * Can util_chmod_pinned() change a mode here?  The kernel's answer is
 * probed once per process (thread-safe); /proc is checked on each call.
 * Returns 0 or -EOPNOTSUPP, as util_chmod_pinned() would meet; the planner
 * asks it to predict what a real run would do.
 */
int util_chmod_pinned_supported(void);

/* close() that keeps errno; accepts fd < 0. */
void util_close(int fd);

/* True when the statx data says this is the root of a mount. */
/* Does INFO say whether it is a mount root (statx since Linux 5.8)? */
bool util_mount_root_known(const struct util_info *info);
bool util_is_mount_root(const struct util_info *info);

/*
 * True when CHILD (seen inside directory PARENT) is a mount point: another
 * device, another mount id, or a mount root on the same device (bind mount).
 */
bool util_is_mount_point(const struct util_info *parent,
			 const struct util_info *child);

/* True when statx says the entry is immutable or append-only. */
bool util_is_immutable(const struct util_info *info);

/*
 * Length of PATH (LEN bytes) without its trailing slashes; "/" and "//" keep
 * one slash.  Never below 1 for a non-empty path.
 */
size_t util_strip_slashes(const char *path, size_t len);

/*
 * The last component of PATH[0..LEN) (LEN already stripped of trailing
 * slashes): its offset in PATH.  The component is PATH[off..LEN).
 */
size_t util_last_component(const char *path, size_t len);

/*
 * The display path of the directory holding an entry: PATH[0..LEN) without
 * its last component NAME.  Returns a malloc'd string or NULL (no memory).
 */
char *util_parent_path(const char *path, size_t len, const char *name);

/* True when the component NAME[0..LEN) is "." or "..". */
bool util_is_dot_or_dotdot(const char *name, size_t len);

/*
 * Copy a caller's versioned struct SRC of SRC_SIZE bytes into DST, the
 * library's of DST_SIZE bytes, as the kernel's copy_struct_from_user()
 * does: the first min(SRC_SIZE, DST_SIZE) bytes are copied, the rest of
 * DST keeps what it held (the defaults), and bytes of SRC past DST_SIZE
 * must all be zero.  Reads no byte of SRC past SRC_SIZE.  Returns 0, or
 * -E2BIG (a nonzero byte past DST_SIZE; DST is then unchanged).
 */
int util_copy_sized(void *dst, size_t dst_size, const void *src, size_t src_size);

/* A growable byte buffer, always NUL-terminated when data != NULL. */
struct util_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Make room for EXTRA more bytes plus the NUL. Returns 0 or -ENOMEM. */
int util_buf_reserve(struct util_buf *buf, size_t extra);
/* Append N bytes. Returns 0 or -ENOMEM. */
int util_buf_append(struct util_buf *buf, const void *data, size_t n);
/* Cut to LEN bytes (LEN <= buf->len). */
void util_buf_truncate(struct util_buf *buf, size_t len);
/* Release the memory; the buffer may be used again. Accepts NULL. */
void util_buf_free(struct util_buf *buf);

/*
 * Make room for NEED elements of SIZE bytes in the array MEM whose capacity
 * is *CAP elements, at least doubling it, with overflow checks.  Returns
 * the (possibly moved) array, *CAP updated; or NULL when out of memory,
 * with MEM and *CAP unchanged and still valid.
 */
void *util_grow(void *mem, size_t *cap, size_t need, size_t size);

/* The public SWRMTREE_TYPE_* for a d_type value (DT_*) or a st_mode. */
unsigned int util_type_from_dtype(unsigned char d_type);
unsigned int util_type_from_mode(mode_t mode);
unsigned char util_dtype_from_mode(mode_t mode);

/* Monotonic clock in nanoseconds. */
uint64_t util_now_ns(void);

#endif /* SWRMTREE_UTIL_H */
