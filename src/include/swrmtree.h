/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * swrmtree.h - the public interface of libswrmtree.
 *
 * libswrmtree removes directory trees safely: every directory is opened
 * relative to its parent with O_NOFOLLOW and identity-checked, entries are
 * removed bottom-up with unlinkat(), symbolic links are never followed, and
 * guards refuse the root, protected paths and mount points before anything
 * is removed.  The same walk can run as a dry run (a plan) that changes
 * nothing and predicts every failure.
 *
 * Conventions: functions return >= 0 on success and a negative error code on
 * failure: -errno, or -SWRMTREE_E_* for the library's own conditions (see
 * swrmtree_strerror()).  The library never prints and never exits.
 * There is no global state: runs in different threads are independent.
 */
#ifndef SWRMTREE_H
#define SWRMTREE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SWRMTREE_VERSION "0.1.0"

/* The tables below are aligned by hand. */
/* clang-format off */

/* Flags for swrmtree_options.flags. */
enum swrmtree_flags {
	SWRMTREE_FORCE            = 1u << 0, /* a missing PATH is not an error */
	SWRMTREE_DRY_RUN          = 1u << 1, /* plan only: change nothing, predict failures */
	SWRMTREE_CONTENTS         = 1u << 2, /* keep each PATH itself, remove what is inside */
	SWRMTREE_CHMOD            = 1u << 3, /* add u+rwx to own directories that block removal */
	SWRMTREE_CROSS_MOUNTS     = 1u << 4, /* enter mount points; allow a mount point as PATH */
	SWRMTREE_NO_PRESERVE_ROOT = 1u << 5, /* allow "/" itself as a PATH */
	SWRMTREE_SIZES            = 1u << 6, /* stat regular files for entry sizes and byte counts */
	SWRMTREE_ANY_OWNER        = 1u << 7, /* swrmtree_collect(): other users' leftovers too */
};

/* Entry types, as reported in struct swrmtree_entry.type. */
enum swrmtree_type {
	SWRMTREE_TYPE_OTHER = 0,
	SWRMTREE_TYPE_FILE,
	SWRMTREE_TYPE_DIR,
	SWRMTREE_TYPE_SYMLINK,
	SWRMTREE_TYPE_FIFO,
	SWRMTREE_TYPE_SOCKET,
	SWRMTREE_TYPE_CHARDEV,
	SWRMTREE_TYPE_BLOCKDEV,
};

/* The operation that failed, in struct swrmtree_error.op. */
enum swrmtree_op {
	SWRMTREE_OP_GUARD = 0,  /* a guard refused a PATH before anything was removed */
	SWRMTREE_OP_LOOKUP,     /* looking a PATH up */
	SWRMTREE_OP_OPEN,       /* opening a directory */
	SWRMTREE_OP_READ,       /* reading a directory */
	SWRMTREE_OP_STAT,       /* examining an entry */
	SWRMTREE_OP_UNLINK,     /* unlinking a non-directory */
	SWRMTREE_OP_RMDIR,      /* removing an emptied directory */
	SWRMTREE_OP_CHMOD,      /* adding u+rwx under SWRMTREE_CHMOD */
	SWRMTREE_OP_REOPEN,     /* re-opening an ancestor through ".." */
	SWRMTREE_OP_SKIP,       /* an entry deliberately not entered (mount point, protected) */
	SWRMTREE_OP_CONFIG,     /* reading a protected-paths configuration file */
};

/*
 * The library's own error codes.  They are positive; functions return them
 * negated, like -errno.  They never collide with errno values.
 */
enum swrmtree_error_code {
	SWRMTREE_E_BASE = 10000,
	SWRMTREE_E_EMPTY_PATH = SWRMTREE_E_BASE, /* the empty string as PATH */
	SWRMTREE_E_DOT,            /* last component is "." or ".." */
	SWRMTREE_E_ROOT,           /* PATH is the root directory */
	SWRMTREE_E_PROTECTED,      /* PATH is, or is an ancestor of, a protected path */
	SWRMTREE_E_SYMLINK_SLASH,  /* PATH with a trailing slash names a symbolic link */
	SWRMTREE_E_MOUNT_POINT,    /* PATH, or a directory below it, is a mount point */
	SWRMTREE_E_CHANGED,        /* a directory changed identity between read and open */
	SWRMTREE_E_MOVED,          /* an ancestor was moved while the walk was below it */
	SWRMTREE_E_STOPPED,        /* a callback asked to stop */
	SWRMTREE_E_CONFIG,         /* a protected-paths file is malformed */
	SWRMTREE_E_REFUSED,        /* some PATH was refused by a guard; nothing was removed */
	SWRMTREE_E_FAILED,         /* some entries stayed (each was reported) */
	SWRMTREE_E_CONTAINS_PROTECTED, /* PATH is an ancestor of a protected path */
	SWRMTREE_E_NO_HOME,        /* "~" in a protected-paths file, and no home is known */
	SWRMTREE_E_SWAPPED,        /* PATH changed between the guards' check and its removal */
	SWRMTREE_E_UNKNOWN_MOUNTS, /* cannot tell whether PATH holds a protected path through a mount */
	SWRMTREE_E_ALL_ENTRIES,    /* the PATHs are every entry of a protected directory (or of the root) */
	SWRMTREE_E_KEPT,           /* entry: the filter kept it (not a failure) */
	SWRMTREE_E_HOLDS_KEPT,     /* entry: a directory that stays only for what the filter kept in it */
	SWRMTREE_E_LAST,
};

/* Where a protected path came from, in struct swrmtree_error.origin. */
enum swrmtree_origin {
	SWRMTREE_ORIGIN_NONE = 0,    /* no protected path or file concerned */
	SWRMTREE_ORIGIN_BUILTIN,     /* the built-in list (or the root directory itself) */
	SWRMTREE_ORIGIN_HOME,        /* $HOME, or the real user's home in the password database */
	SWRMTREE_ORIGIN_SYSTEM_FILE, /* $(sysconfdir)/sw-rmtree/protected */
	SWRMTREE_ORIGIN_USER_FILE,   /* ${XDG_CONFIG_HOME:-~/.config}/sw-rmtree/protected */
	SWRMTREE_ORIGIN_OPTION,      /* swrmtree_options.protect (--protect) */
};

/* Flags for swrmtree_error.flags. */
enum swrmtree_error_flags {
	SWRMTREE_ERROR_PREDICTED  = 1u << 0, /* a dry run predicts this failure; nothing was tried */
};

/* Returned by a callback to end the run; 0 means go on. */
#define SWRMTREE_STOP 1

/*
 * Answers of swrmtree_options.filter (added in 0.2.0).  1 is SWRMTREE_STOP,
 * which ends the run there.
 */
enum swrmtree_filter_answer {
	SWRMTREE_FILTER_REMOVE = 0, /* treat the entry as usual */
	SWRMTREE_FILTER_KEEP = 2,   /* it stays, with everything below it */
	SWRMTREE_FILTER_SKIP = 3,   /* it stays, but a directory's entries are still asked about */
};

/*
 * One entry, passed to on_entry.  Valid only during the call.  The library
 * owns this struct and the error struct below: fields are only appended,
 * and a program that reads a field added in a later version needs that
 * version of the library (swrmtree(3) says which version added which).
 */
struct swrmtree_entry {
	const char *path;     /* display path: PATH as given (trailing slashes dropped) + "/name"... */
	size_t path_len;      /* strlen(path); names cannot contain NUL */
	unsigned int type;    /* enum swrmtree_type */
	uint64_t size;        /* st_size for regular files when known (SWRMTREE_SIZES or dry run), else 0 */
	int error;            /* 0: removed (or would be); > 0: stays, with this errno or SWRMTREE_E_* */
	unsigned int depth;   /* 0 for PATH itself */
	/* Added in 0.2.0: */
	const char *name;     /* the last component of path */
	const char *rel_path; /* path relative to PATH ("" for PATH itself): the end of path */
};

/*
 * One failure, passed to on_error.  Valid only during the call.  The
 * library gives data, not sentences: a program words its own messages.
 */
struct swrmtree_error {
	const char *path;     /* display path of the entry concerned; for SWRMTREE_OP_CONFIG the file */
	unsigned int op;      /* enum swrmtree_op */
	int error;            /* errno value or SWRMTREE_E_* code (positive) */
	unsigned int flags;   /* enum swrmtree_error_flags */
	const char *detail;   /* unused since 0.2.0: always NULL */
	/*
	 * The protected path concerned: the one PATH is (SWRMTREE_E_PROTECTED)
	 * or contains (SWRMTREE_E_CONTAINS_PROTECTED, SWRMTREE_E_UNKNOWN_MOUNTS),
	 * or the one a guard could not look up (SWRMTREE_OP_GUARD with an errno
	 * value); else NULL.
	 */
	const char *protected_path;
	unsigned int origin;  /* enum swrmtree_origin: where protected_path (or the file) came from */
	const char *file;     /* the configuration file that listed protected_path, or is at fault; or NULL */
	size_t line;          /* the line of FILE concerned, from 1; 0 for the whole file */
};

/*
 * Options.  Fill in with swrmtree_options_init() and then set fields, so that
 * fields added later keep their defaults.
 *
 * Extending: fields are only ever appended, and every default is zero.
 * SIZE is the size of the struct as the caller's header declares it, and
 * the caller's size wins: the library reads SIZE bytes and never more.  A
 * struct smaller than the library's (a program built against an older
 * header) is accepted, the fields it lacks taking their defaults; one
 * smaller than SWRMTREE_OPTIONS_SIZE_VER0 (the first layout) is -EINVAL.
 * A struct larger than the library's (a newer header) is accepted only if
 * every byte the library does not know is zero, else -E2BIG: a field the
 * library cannot honour is never silently ignored.  Likewise a flag it does
 * not know is -EINVAL.  (The rules of the kernel's copy_struct_from_user().)
 */
struct swrmtree_options {
	size_t size;                /* sizeof(struct swrmtree_options); set by swrmtree_options_init() */
	unsigned int flags;         /* enum swrmtree_flags */
	unsigned int jobs;          /* worker threads: 0 = choose, 1 = strictly sequential, max 1024 */
	const char *const *protect; /* extra protected paths, NULL-terminated; may be NULL */
	/*
	 * Called once per entry, in removal order within a directory (entries
	 * before their directory), for entries that go and entries that stay.
	 * Calls are serialized by the library even with jobs > 1.  Return 0 to
	 * go on or SWRMTREE_STOP to end the run.
	 */
	int (*on_entry)(const struct swrmtree_entry *entry, void *userdata);
	/* Called once per failure (one root cause, one call); same rules. */
	int (*on_error)(const struct swrmtree_error *error, void *userdata);
	void *userdata;             /* passed to the callbacks */
	/*
	 * Added in 0.2.0.  Called for each entry below a PATH before anything
	 * is done to it (before it is examined further, opened, changed or
	 * removed), in a dry run and in a real run alike, so that the plan
	 * lists what the removal does.  ENTRY has path, path_len, type (never
	 * SWRMTREE_TYPE_OTHER for a directory: an entry of unknown type is
	 * examined first), depth (>= 1), name and rel_path; size and error are
	 * 0.  Answers enum swrmtree_filter_answer, or SWRMTREE_STOP.  A kept
	 * entry is passed to on_entry with error SWRMTREE_E_KEPT, and the
	 * directories that stay only because of it with SWRMTREE_E_HOLDS_KEPT;
	 * neither is a failure.  Serialized with the other callbacks.  NULL:
	 * every entry is removed.
	 */
	int (*filter)(const struct swrmtree_entry *entry, void *userdata);
};

/* The size of the first layout of struct swrmtree_options (0.1.0): up to userdata. */
#define SWRMTREE_OPTIONS_SIZE_VER0 \
	(offsetof(struct swrmtree_options, userdata) + sizeof(void *))

/*
 * Statistics of a run.  Counting: files are all non-directories, directories
 * include PATH itself, bytes are st_size of regular files (when known), the
 * space freed is what the entries occupy on disk, hard links counted once.
 * The size is fixed (16 counters of 64 bits): a counter added later takes
 * the place of reserved[0], and a library that does not know it leaves it
 * zero.  The library writes exactly this much into *ret_stats.
 */
struct swrmtree_stats {
	uint64_t files;        /* non-directories removed (or that would be) */
	uint64_t dirs;         /* directories removed (or that would be) */
	uint64_t bytes;        /* bytes of regular files removed (SWRMTREE_SIZES or dry run) */
	uint64_t failed;       /* failures reported through on_error */
	uint64_t kept;         /* entries that stay for a failure, including its ancestors (not those of filtered) */
	uint64_t elapsed_ns;   /* wall time of the run */
	uint64_t filtered;     /* added in 0.2.0: entries kept by the filter, and directories that stay only for them */
	/*
	 * Bytes of disk space freed (or that would be): st_blocks * 512 of
	 * every entry removed whose last link went, each inode once (when
	 * known: SWRMTREE_SIZES or dry run).  Since 0.2.0.
	 */
	uint64_t freed;
	uint64_t reserved[8];  /* zero; room for growth */
};
/* clang-format on */

/*
 * Set *opts to the defaults: every byte of the struct as this header
 * declares it is zeroed and opts->size is set to its size.  Returns 0.
 *
 * This is an inline function, so that the size is the caller's.  The
 * library also exports a function of this name, for programs built before
 * 0.2.0: it fills exactly SWRMTREE_OPTIONS_SIZE_VER0 bytes, the struct those
 * programs declare, and never more.
 */
#ifndef SWRMTREE_EXPORT_OPTIONS_INIT
static inline int swrmtree_options_init(struct swrmtree_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->size = sizeof(*opts);
	return 0;
}
#else
int swrmtree_options_init(struct swrmtree_options *opts);
#endif

/*
 * Remove every PATH in paths[0..npaths-1] with everything beneath it, in
 * order.  Every guard is checked for every PATH before the first removal;
 * if any PATH is refused, nothing is removed and -SWRMTREE_E_REFUSED is
 * returned.  Returns 0 when every PATH is gone, -SWRMTREE_E_FAILED when some
 * entries stayed, -SWRMTREE_E_STOPPED when a callback stopped the run, or
 * another negative code when the run could not start: -EINVAL for a NULL
 * PATH, NULL opts or bad options, -E2BIG for options with fields unknown
 * to the library set (see struct swrmtree_options), -ENOMEM.  ret_stats may
 * be NULL; it is left alone when the arguments are refused.
 */
int swrmtree_removev(const char *const *paths, size_t npaths,
		     const struct swrmtree_options *opts,
		     struct swrmtree_stats *ret_stats);

/* swrmtree_removev() for one PATH. */
int swrmtree_remove(const char *path, const struct swrmtree_options *opts,
		    struct swrmtree_stats *ret_stats);

/*
 * Like swrmtree_remove(), for the entry NAME in the directory DIRFD
 * (O_DIRECTORY or O_PATH descriptor, or AT_FDCWD).  NAME must be a single
 * component.  Display paths start with NAME.  DIRFD is not closed.
 * Returns -EBADF when DIRFD is not an open descriptor and -ENOTDIR when it
 * is not a directory, before anything else is done.
 */
int swrmtree_remove_at(int dirfd, const char *name,
		       const struct swrmtree_options *opts,
		       struct swrmtree_stats *ret_stats);

/* swrmtree_remove() with SWRMTREE_DRY_RUN added to the flags. */
int swrmtree_plan(const char *path, const struct swrmtree_options *opts,
		  struct swrmtree_stats *ret_stats);

/*
 * Detaching (since 0.2.0): trees renamed out of the way at once and
 * removed later, by a background process or thread of the caller's.
 * Each renamed directory is held open and locked (flock(2), LOCK_EX) by
 * the set until its removal ends: a tree whose lock is free is a leftover
 * of a remover that died, which swrmtree_collect() removes.
 */
struct swrmtree_trash;

/* The prefix of every hidden name: ".sw-rmtree-trash.NAME.XXXXXX". */
#define SWRMTREE_TRASH_PREFIX ".sw-rmtree-trash."

/*
 * Check every guard for every PATH, as swrmtree_removev() does, then
 * rename each PATH that is a directory to a hidden name in its own
 * directory (renameat2(2), RENAME_NOREPLACE: it never replaces anything)
 * and verify that what was renamed is the directory the guards judged;
 * if not, it is renamed back and reported (SWRMTREE_E_SWAPPED).  A PATH
 * that is not a directory, or cannot be renamed (a mount point, a
 * read-only parent, a file system without RENAME_NOREPLACE, no
 * descriptor left), is removed at once, as swrmtree_removev() would;
 * RET_STATS counts those removals only.  On return *RET_TRASH (NULL when
 * nothing was renamed) holds the renamed trees, locked; the caller
 * removes them with swrmtree_trash_remove() (in a child after fork(2) if
 * it likes: the locks are shared with the child) and frees the set.
 * Returns what swrmtree_removev() returns; *RET_TRASH is set in every case.
 */
int swrmtree_detach(const char *const *paths, size_t npaths,
		    const struct swrmtree_options *opts,
		    struct swrmtree_trash **ret_trash,
		    struct swrmtree_stats *ret_stats);

/* How many trees TRASH holds (0 for NULL). */
size_t swrmtree_trash_count(const struct swrmtree_trash *trash);

/*
 * The display path of tree I of TRASH, hidden name included; NULL when I
 * is out of range.  Valid until swrmtree_trash_free().
 */
const char *swrmtree_trash_path(const struct swrmtree_trash *trash, size_t i);

/*
 * Remove the trees of TRASH: each again through every guard, from its
 * parent's descriptor, and only while its hidden name is still the
 * directory that was renamed (else SWRMTREE_E_SWAPPED, and it stays).
 * Then collect, in the same directories, leftovers of removers that died
 * (as swrmtree_collect()).  A tree already gone is not an error.  Returns
 * what swrmtree_removev() returns.  TRASH may be NULL (nothing to do).
 */
int swrmtree_trash_remove(struct swrmtree_trash *trash,
			  const struct swrmtree_options *opts,
			  struct swrmtree_stats *ret_stats);

/*
 * Close TRASH's descriptors and free it.  The locks are not released
 * explicitly: a child that inherited them keeps them.  Trees not removed
 * stay, hidden, for swrmtree_collect().  Accepts NULL.
 */
void swrmtree_trash_free(struct swrmtree_trash *trash);

/*
 * Remove the leftovers of detached runs that died among DIR's direct
 * entries: directories named SWRMTREE_TRASH_PREFIX..., owned by the
 * effective user (by anyone with SWRMTREE_ANY_OWNER), whose lock no live
 * remover holds.  Each goes through every guard, as a PATH would.  Other
 * entries are left alone silently.  Returns what swrmtree_removev()
 * returns, or -errno when DIR cannot be opened.
 */
int swrmtree_collect(const char *dir, const struct swrmtree_options *opts,
		     struct swrmtree_stats *ret_stats);

/*
 * Describe an error code (positive or negative; errno or SWRMTREE_E_*),
 * any int, INT_MIN included.  Returns a string that must not be freed,
 * never NULL: a constant for SWRMTREE_E_*, else strerror()'s text.
 */
const char *swrmtree_strerror(int code);

/* The name of an entry type ("file", "dir", "symlink", ...). Never NULL. */
const char *swrmtree_type_name(unsigned int type);

#ifdef __cplusplus
}
#endif

#endif /* SWRMTREE_H */
