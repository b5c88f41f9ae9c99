/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * shim.c - a test-only LD_PRELOAD library that makes chosen system calls
 * fail (tests/fault/README).  It is built for `make check` only and never
 * installed.
 *
 * Every interposed function counts its calls.  With FAULT_CALL=NAME,
 * FAULT_N=N and FAULT_ERRNO=E (a name such as EIO, or a number), the Nth
 * call of NAME (counting from 1) fails with E instead of doing its work;
 * FAULT_COUNT=K makes K calls in a row fail (default 1; 0: every call from
 * the Nth on).  A failed close() still closes, as Linux does.
 * FAULT_NOSTATX=1 makes every statx fail with ENOSYS, as on old kernels,
 * so that the fstatat fallback runs.  FAULT_NOFCHMODAT2=1 does the same to
 * syscall(SYS_fchmodat2, ...) (Linux before 6.6), so that --chmod falls
 * back to procfs, or finds no way at all where /proc is hidden.
 * FAULT_NOSTATMOUNT=E makes syscall(SYS_listmount, ...) and
 * syscall(SYS_statmount, ...) fail with E (ENOSYS: Linux before 6.8;
 * EPERM: a seccomp filter), so that the mount table is read from procfs.
 *
 * FAULT_HOOK_CALL=NAME, FAULT_HOOK_N=N, FAULT_HOOK_CMD=CMD: run CMD with
 * /bin/sh, and wait for it, just before the Nth call of NAME does its
 * work: a race lost at a chosen point, every time (the race tests).
 *
 * Hiding the answers that tell a bind mount from a plain directory, level
 * by level, as kernels before Linux 5.8 (or sandboxes) give none of them:
 * FAULT_STATX_NOMNT=1: statx succeeds without STATX_MNT_ID in stx_mask and
 * without STATX_ATTR_MOUNT_ROOT in stx_attributes(_mask);
 * FAULT_NOHANDLE=1: name_to_handle_at fails with EOPNOTSUPP (also as
 * syscall(SYS_name_to_handle_at, ...));
 * FAULT_NOFDINFO=1: opening /proc/self/fdinfo/... fails with ENOENT.
 * These do not count as injected faults.
 *
 * FAULT_REPORT=FILE: at exit, write one line per counted function
 * ("call NAME COUNT"), the descriptors open at start and at exit
 * ("fds_start 0 1 2", "fds_end 0 1 2"), the most descriptors held at once
 * ("fds_peak N"), the threads created ("threads N") and, with a fault set,
 * whether it was injected ("fault NAME N E hit" or "... missed").
 *
 * The descriptor count starts from those open at start and follows every
 * call that creates or releases one: open, openat (and their 64 names and
 * the __open_2 family that _FORTIFY_SOURCE calls),
 * fcntl F_DUPFD and F_DUPFD_CLOEXEC, dup, dup2, dup3, fopen, opendir,
 * close, fclose and closedir.  A table of the descriptors it counted keeps
 * it from counting one twice, or uncounting one it never saw (libc's own
 * descriptors, opened and closed inside libc).  The threads are the
 * successful pthread_create calls.
 *
 * FAULT_EXE=NAME: stay inert (count nothing, fail nothing, report nothing)
 * unless the program's file name is NAME (or libtool's lt-NAME), so that a
 * launcher (env, timeout, valgrind) that inherits LD_PRELOAD is not hit.
 *
 * NAMEs: openat, open, getdents64 (glibc's function and
 * syscall(SYS_getdents64, ...)), statx (also syscall(SYS_statx, ...)),
 * fstatat, fstat, unlinkat, close, lseek, fcntl, fchmod, faccessat.
 */
#define _GNU_SOURCE 1
/* The plain declarations of what we interpose, not the fortified inline
 * wrappers (configure's hardening adds _FORTIFY_SOURCE to CFLAGS). */
#undef _FORTIFY_SOURCE

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

enum fn {
	FN_OPENAT,
	FN_OPEN,
	FN_GETDENTS64,
	FN_STATX,
	FN_FSTATAT,
	FN_FSTAT,
	FN_UNLINKAT,
	FN_CLOSE,
	FN_LSEEK,
	FN_FCNTL,
	FN_FCHMOD,
	FN_FACCESSAT,
	FN_COUNT,
};

static const char *const fn_names[FN_COUNT] = {
	"openat",   "open",  "getdents64", "statx", "fstatat", "fstat",
	"unlinkat", "close", "lseek",      "fcntl", "fchmod",  "faccessat",
};

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "EIO", EIO },
	{ "EMFILE", EMFILE },
	{ "ENFILE", ENFILE },
	{ "ENOMEM", ENOMEM },
	{ "EACCES", EACCES },
	{ "EPERM", EPERM },
	{ "EBUSY", EBUSY },
	{ "ELOOP", ELOOP },
	{ "ENOTEMPTY", ENOTEMPTY },
	{ "EINTR", EINTR },
	{ "ENOENT", ENOENT },
	{ "ENOTDIR", ENOTDIR },
	{ "EISDIR", EISDIR },
	{ "EEXIST", EEXIST },
	{ "ENOSPC", ENOSPC },
	{ "EROFS", EROFS },
	{ "ENAMETOOLONG", ENAMETOOLONG },
	{ "EOVERFLOW", EOVERFLOW },
	{ "ENOSYS", ENOSYS },
	{ "EBADF", EBADF },
	{ "EINVAL", EINVAL },
	{ "EAGAIN", EAGAIN },
	{ "EFAULT", EFAULT },
	{ "ESTALE", ESTALE },
	{ "EXDEV", EXDEV },
};

/* fchmodat2 (Linux 6.6) is number 452 on every architecture. */
#ifndef SYS_statmount
#define SYS_statmount 457
#define SYS_listmount 458
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

#define MAX_FDS 64

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

static bool active;           /* this is the program under test */
static bool nostatx;          /* FAULT_NOSTATX=1 */
static bool statx_nomnt;      /* FAULT_STATX_NOMNT=1 */
static bool nohandle;         /* FAULT_NOHANDLE=1 */
static bool nofdinfo;         /* FAULT_NOFDINFO=1 */
static bool nofchmodat2;      /* FAULT_NOFCHMODAT2=1 */
static int nostatmount;       /* FAULT_NOSTATMOUNT=E: E, or 0 */
static int fault_fn = -1;     /* FN_*, or -1 for no fault */
static unsigned long fault_n; /* first failing call, from 1 */
static unsigned long fault_k; /* failing calls in a row; 0: all */
static int fault_errno;
static const char *fault_errno_name;
static int hook_fn = -1;     /* FAULT_HOOK_CALL as FN_*, or -1 */
static unsigned long hook_n; /* FAULT_HOOK_N */
static const char *hook_cmd; /* FAULT_HOOK_CMD */
static unsigned long calls[FN_COUNT];
static unsigned long hits;
static int fds_start[MAX_FDS];
static int nfds_start;

/*
 * The descriptor counter: FDS_NOW held now, FDS_PEAK the most held at
 * once; FD_SEEN has a bit set for each descriptor below FD_TRACKED that is
 * counted in FDS_NOW (above it, every open and close counts blindly).
 */
#define FD_TRACKED 65536
#define WORD_BITS  (CHAR_BIT * sizeof(unsigned long))
static unsigned long fd_seen[FD_TRACKED / WORD_BITS];
static long fds_now;
static long fds_peak;
static unsigned long threads_created;

/* The next definitions in the search order: libc's (or a sanitizer's). */
static int (*real_openat)(int, const char *, int, ...);
static int (*real_open)(const char *, int, ...);
static long (*real_syscall)(long, ...);
static int (*real_fstatat)(int, const char *, struct stat *, int);
static int (*real_fstat)(int, struct stat *);
static int (*real_unlinkat)(int, const char *, int);
static int (*real_close)(int);
static off_t (*real_lseek)(int, off_t, int);
static int (*real_fcntl)(int, int, ...);
static int (*real_fchmod)(int, mode_t);
static int (*real_faccessat)(int, const char *, int, int);
static int (*real_name_to_handle_at)(int, const char *, struct file_handle *,
				     int *, int);
static int (*real_dup)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static FILE *(*real_fopen)(const char *, const char *);
static int (*real_fclose)(FILE *);
static DIR *(*real_opendir)(const char *);
static int (*real_closedir)(DIR *);
static int (*real_pthread_create)(pthread_t *, const pthread_attr_t *,
				  void *(*)(void *), void *);
#ifdef STATX_TYPE
static int (*real_statx)(int, const char *, int, unsigned int, struct statx *);
#endif
#ifdef __GLIBC__
static ssize_t (*real_getdents64)(int, void *, size_t);
static int (*real_fstatat64)(int, const char *, struct stat64 *, int);
static int (*real_fstat64)(int, struct stat64 *);
static FILE *(*real_fopen64)(const char *, const char *);
#endif

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

/* Resolve lazily too: another constructor may call us before ours ran. */
static void resolve(void)
{
	if (real_close)
		return;
	real_openat = next("openat");
	real_open = next("open");
	real_syscall = next("syscall");
	real_fstatat = next("fstatat");
	real_fstat = next("fstat");
	real_unlinkat = next("unlinkat");
	real_lseek = next("lseek");
	real_fcntl = next("fcntl");
	real_fchmod = next("fchmod");
	real_faccessat = next("faccessat");
	real_name_to_handle_at = next("name_to_handle_at");
	real_dup = next("dup");
	real_dup2 = next("dup2");
	real_dup3 = next("dup3");
	real_fopen = next("fopen");
	real_fclose = next("fclose");
	real_opendir = next("opendir");
	real_closedir = next("closedir");
	real_pthread_create = next("pthread_create");
#ifdef STATX_TYPE
	real_statx = next("statx");
#endif
#ifdef __GLIBC__
	real_getdents64 = next("getdents64");
	real_fstatat64 = next("fstatat64");
	real_fstat64 = next("fstat64");
	real_fopen64 = next("fopen64");
#endif
	real_close = next("close");
}

/*
 * FD was just returned by a call that creates a descriptor: count it, and
 * raise the peak.  An FD counted already (its close went by unseen, inside
 * libc) stays counted once.  The count follows the call's return, so an
 * open in one thread and a close in another that return at the same
 * instant may shift the peak by one.
 */
static void fd_opened(int fd)
{
	unsigned long bit, old;
	long now, peak;

	if (!active || fd < 0)
		return;
	if (fd < FD_TRACKED) {
		bit = 1UL << ((unsigned int)fd % WORD_BITS);
		old = __atomic_fetch_or(&fd_seen[(unsigned int)fd / WORD_BITS],
					bit, __ATOMIC_SEQ_CST);
		if (old & bit)
			return;
	}
	now = __atomic_add_fetch(&fds_now, 1, __ATOMIC_SEQ_CST);
	peak = __atomic_load_n(&fds_peak, __ATOMIC_SEQ_CST);
	while (now > peak &&
	       !__atomic_compare_exchange_n(&fds_peak, &peak, now, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

/*
 * FD is about to be closed: forget it, before the real close, since once
 * that returns another thread may be given the same number.  Returns
 * whether it was counted; fd_closed() then takes it off the count.
 */
static bool fd_closing(int fd)
{
	unsigned long bit, old;

	if (!active || fd < 0)
		return false;
	if (fd >= FD_TRACKED)
		return true;
	bit = 1UL << ((unsigned int)fd % WORD_BITS);
	old = __atomic_fetch_and(&fd_seen[(unsigned int)fd / WORD_BITS], ~bit,
				 __ATOMIC_SEQ_CST);
	return (old & bit) != 0;
}

/*
 * After the real close of a descriptor fd_closing() said was counted.
 * Linux releases it even when close reports an error, and EBADF means
 * it was gone already: either way it is no longer held.
 */
static void fd_closed(bool counted)
{
	if (counted)
		(void)__atomic_sub_fetch(&fds_now, 1, __ATOMIC_SEQ_CST);
}

/*
 * Count a call of FN; returns the errno to fail it with, or 0 to do the
 * real work.
 */
static int fault(enum fn fn)
{
	unsigned long n;

	resolve();
	if (!active)
		return 0;
	n = __atomic_add_fetch(&calls[fn], 1, __ATOMIC_SEQ_CST);
	if ((int)fn == hook_fn && n == hook_n && hook_cmd && system(hook_cmd) != 0)
		fprintf(stderr, "fault shim: FAULT_HOOK_CMD failed\n");
	if ((int)fn != fault_fn || n < fault_n)
		return 0;
	if (fault_k && n - fault_n >= fault_k)
		return 0;
	__atomic_add_fetch(&hits, 1, __ATOMIC_SEQ_CST);
	return fault_errno;
}

static int fail_int(int e)
{
	errno = e;
	return -1;
}

/* FAULT_NOFDINFO: a /proc/self/fdinfo/ file that cannot be opened. */
static int hide_fdinfo(const char *path)
{
	if (!active || !nofdinfo || !path)
		return 0;
	return strncmp(path, "/proc/self/fdinfo/", 18) == 0 ? ENOENT : 0;
}

/*
 * FAULT_STATX_NOMNT: what a kernel before 5.8 answers, the mount id and the
 * mount-root attribute unknown.  BUF is a struct statx just filled in; its
 * layout is the kernel's ABI (the offsets below), which also serves the
 * syscall() path where libc declares no struct statx.
 */
#define STX_MASK_OFF       0  /* __u32 stx_mask */
#define STX_ATTRS_OFF      8  /* __u64 stx_attributes */
#define STX_ATTRS_MASK_OFF 56 /* __u64 stx_attributes_mask */
#ifdef STATX_TYPE
_Static_assert(offsetof(struct statx, stx_attributes) == STX_ATTRS_OFF,
	       "struct statx layout");
_Static_assert(offsetof(struct statx, stx_attributes_mask) == STX_ATTRS_MASK_OFF,
	       "struct statx layout");
#endif

static void clear_bits(unsigned char *b, size_t off, uint64_t bits)
{
	uint64_t v;

	memcpy(&v, b + off, sizeof(v));
	v &= ~bits;
	memcpy(b + off, &v, sizeof(v));
}

static void hide_mnt(void *buf)
{
	unsigned char *b = buf;
	uint32_t mask;

	if (!active || !statx_nomnt)
		return;
	memcpy(&mask, b + STX_MASK_OFF, sizeof(mask));
	mask &= ~(uint32_t)STATX_MNT_ID;
	memcpy(b + STX_MASK_OFF, &mask, sizeof(mask));
	clear_bits(b, STX_ATTRS_OFF, STATX_ATTR_MOUNT_ROOT);
	clear_bits(b, STX_ATTRS_MASK_OFF, STATX_ATTR_MOUNT_ROOT);
}

/* ---- the interposed functions ------------------------------------------ */

/* R is what a call that creates a descriptor returned: count it. */
static int opened(int r)
{
	if (r >= 0)
		fd_opened(r);
	return r;
}

static mode_t mode_arg(int flags, va_list ap)
{
#ifdef O_TMPFILE
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
#else
	if (flags & O_CREAT)
		return (mode_t)va_arg(ap, int);
#endif
	return 0;
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int e = fault(FN_OPENAT);

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (!e)
		e = hide_fdinfo(path);
	if (e)
		return fail_int(e);
	return opened(real_openat(dirfd, path, flags, mode));
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int e = fault(FN_OPEN);

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (!e)
		e = hide_fdinfo(path);
	if (e)
		return fail_int(e);
	return opened(real_open(path, flags, mode));
}

#ifdef __GLIBC__
/* On glibc the 64 names are separate symbols; on musl they are macros. */
int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int e = fault(FN_OPENAT);

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (!e)
		e = hide_fdinfo(path);
	if (e)
		return fail_int(e);
	return opened(real_openat(dirfd, path, flags, mode));
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int e = fault(FN_OPEN);

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (!e)
		e = hide_fdinfo(path);
	if (e)
		return fail_int(e);
	return opened(real_open(path, flags, mode));
}

/*
 * With _FORTIFY_SOURCE, glibc's headers turn an open or openat whose flags
 * are not a constant (util_openat's) into a call of these, which check that
 * no mode is needed and open; they count as open and openat.
 */
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);

static int openat_nomode(enum fn fn, int dirfd, const char *path, int flags)
{
	int e = fault(fn);

	if (!e)
		e = hide_fdinfo(path);
	if (e)
		return fail_int(e);
	if (fn == FN_OPEN)
		return opened(real_open(path, flags));
	return opened(real_openat(dirfd, path, flags));
}

int __openat_2(int dirfd, const char *path, int flags)
{
	return openat_nomode(FN_OPENAT, dirfd, path, flags);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	return openat_nomode(FN_OPENAT, dirfd, path, flags);
}

int __open_2(const char *path, int flags)
{
	return openat_nomode(FN_OPEN, AT_FDCWD, path, flags);
}

int __open64_2(const char *path, int flags)
{
	return openat_nomode(FN_OPEN, AT_FDCWD, path, flags);
}

ssize_t getdents64(int fd, void *buf, size_t size)
{
	int e = fault(FN_GETDENTS64);

	if (e)
		return fail_int(e);
	return real_getdents64(fd, buf, size);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	int e = fault(FN_FSTATAT);

	if (e)
		return fail_int(e);
	return real_fstatat64(dirfd, path, st, flags);
}

int fstat64(int fd, struct stat64 *st)
{
	int e = fault(FN_FSTAT);

	if (e)
		return fail_int(e);
	return real_fstat64(fd, st);
}
#endif

/*
 * The engine reads directories with syscall(SYS_getdents64, ...), and
 * without a libc statx() wrapper it calls SYS_statx the same way: those two
 * are counted (and may fail) here.  SYS_fchmodat2 fails with ENOSYS under
 * FAULT_NOFCHMODAT2=1 and is not counted; every other number passes
 * through.
 * Reading six arguments whatever the number is what libc's own syscall()
 * does on the ABIs we run on.
 */
long syscall(long number, ...)
{
	long a[6];
	va_list ap;
	int e = 0, i;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	resolve();
	if (number == SYS_getdents64)
		e = fault(FN_GETDENTS64);
	else if (number == SYS_fchmodat2 && active && nofchmodat2)
		e = ENOSYS;
	else if ((number == SYS_statmount || number == SYS_listmount) &&
		 active && nostatmount)
		e = nostatmount;
#ifdef SYS_statx
	else if (number == SYS_statx && active && nostatx)
		e = ENOSYS;
	else if (number == SYS_statx)
		e = fault(FN_STATX);
#endif
#ifdef SYS_name_to_handle_at
	else if (number == SYS_name_to_handle_at && active && nohandle)
		e = EOPNOTSUPP;
#endif
	if (e)
		return fail_int(e);
#ifdef SYS_statx
	if (number == SYS_statx) {
		long r = real_syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);

		if (r == 0)
			hide_mnt((void *)a[4]);
		return r;
	}
#endif
	return real_syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

#ifdef STATX_TYPE
int statx(int dirfd, const char *path, int flags, unsigned int mask,
	  struct statx *buf)
{
	int e, r;

	resolve();
	if (active && nostatx)
		return fail_int(ENOSYS);
	e = fault(FN_STATX);
	if (e)
		return fail_int(e);
	r = real_statx(dirfd, path, flags, mask, buf);
	if (r == 0)
		hide_mnt(buf);
	return r;
}
#endif

/* Not counted: only FAULT_NOHANDLE changes what it does. */
int name_to_handle_at(int dirfd, const char *path, struct file_handle *fh,
		      int *mnt_id, int flags)
{
	resolve();
	if (active && nohandle)
		return fail_int(EOPNOTSUPP);
	if (!real_name_to_handle_at)
		return fail_int(ENOSYS);
	return real_name_to_handle_at(dirfd, path, fh, mnt_id, flags);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	int e = fault(FN_FSTATAT);

	if (e)
		return fail_int(e);
	return real_fstatat(dirfd, path, st, flags);
}

int fstat(int fd, struct stat *st)
{
	int e = fault(FN_FSTAT);

	if (e)
		return fail_int(e);
	return real_fstat(fd, st);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	int e = fault(FN_UNLINKAT);

	if (e)
		return fail_int(e);
	return real_unlinkat(dirfd, path, flags);
}

/* Linux releases the descriptor even when close() reports an error. */
int close(int fd)
{
	int e = fault(FN_CLOSE);
	bool counted = fd_closing(fd);
	int r = real_close(fd);

	fd_closed(counted);
	if (e && r == 0)
		return fail_int(e);
	return r;
}

off_t lseek(int fd, off_t off, int whence)
{
	int e = fault(FN_LSEEK);

	if (e)
		return (off_t)fail_int(e);
	return real_lseek(fd, off, whence);
}

/* Only the commands with an int (or no) argument are used by the engine. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;
	int e = fault(FN_FCNTL);

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (e)
		return fail_int(e);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		return opened(real_fcntl(fd, cmd, arg));
	return real_fcntl(fd, cmd, arg);
}

int fchmod(int fd, mode_t mode)
{
	int e = fault(FN_FCHMOD);

	if (e)
		return fail_int(e);
	return real_fchmod(fd, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	int e = fault(FN_FACCESSAT);

	if (e)
		return fail_int(e);
	return real_faccessat(dirfd, path, mode, flags);
}

/*
 * Not counted as calls and never failed: these only keep the descriptor
 * count (fd_opened()) and the thread count exact.
 */
int dup(int fd)
{
	resolve();
	return opened(real_dup(fd));
}

/* A NEWFD that was open is closed and reused: still one descriptor. */
int dup2(int fd, int newfd)
{
	resolve();
	return opened(real_dup2(fd, newfd));
}

int dup3(int fd, int newfd, int flags)
{
	resolve();
	return opened(real_dup3(fd, newfd, flags));
}

/* A stream without a descriptor (fmemopen) has fileno() -1. */
static FILE *stream_opened(FILE *f)
{
	if (f)
		fd_opened(fileno(f));
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	resolve();
	return stream_opened(real_fopen(path, mode));
}

#ifdef __GLIBC__
FILE *fopen64(const char *path, const char *mode)
{
	resolve();
	return stream_opened(real_fopen64(path, mode));
}
#endif

int fclose(FILE *f)
{
	bool counted;
	int r;

	resolve();
	counted = fd_closing(fileno(f));
	r = real_fclose(f);
	fd_closed(counted);
	return r;
}

DIR *opendir(const char *path)
{
	DIR *d;

	resolve();
	d = real_opendir(path);
	if (d)
		fd_opened(dirfd(d));
	return d;
}

int closedir(DIR *d)
{
	bool counted;
	int r;

	resolve();
	counted = fd_closing(dirfd(d));
	r = real_closedir(d);
	fd_closed(counted);
	return r;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	int r;

	resolve();
	r = real_pthread_create(thread, attr, fn, arg);
	if (r == 0 && active)
		__atomic_add_fetch(&threads_created, 1, __ATOMIC_SEQ_CST);
	return r;
}

/* ---- setup and the report ---------------------------------------------- */

/* The open descriptors, sorted, without the one used to list them. */
static int list_fds(int *fds, int max)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0, i, fd, self;

	if (!d)
		return -1;
	self = dirfd(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		fd = atoi(de->d_name);
		if (fd == self || n == max)
			continue;
		for (i = n; i > 0 && fds[i - 1] > fd; i--)
			fds[i] = fds[i - 1];
		fds[i] = fd;
		n++;
	}
	(void)closedir(d);
	return n;
}

/*
 * The descriptors open at start, the counter's first state: every one is
 * marked as counted, however many there are.
 */
static void fd_start(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int fd, self;
	long n = 0;

	if (!d)
		return;
	self = dirfd(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		fd = atoi(de->d_name);
		if (fd == self)
			continue;
		n++;
		if (fd < FD_TRACKED)
			fd_seen[(unsigned int)fd / WORD_BITS] |=
				1UL << ((unsigned int)fd % WORD_BITS);
	}
	(void)closedir(d);
	fds_now = n;
	fds_peak = n;
}

static bool is_program(const char *want)
{
	char exe[4096], lt[512];
	const char *base;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n < 0)
		return false;
	exe[n] = '\0';
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	(void)snprintf(lt, sizeof(lt), "lt-%s", want);
	return strcmp(base, want) == 0 || strcmp(base, lt) == 0;
}

static int parse_errno(const char *s)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(s, errnos[i].name) == 0)
			return errnos[i].value;
	v = strtol(s, &end, 10);
	return (*s && !*end && v > 0 && v < 4096) ? (int)v : 0;
}

static void die(const char *what, const char *value)
{
	fprintf(stderr, "fault shim: bad %s '%s'\n", what, value);
	_exit(126);
}

/* The FN_* named NAME, the value of the variable WHAT; dies when unknown. */
static int parse_fn(const char *what, const char *name)
{
	int i;

	for (i = 0; i < FN_COUNT; i++)
		if (strcmp(name, fn_names[i]) == 0)
			return i;
	die(what, name);
	return -1;
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *exe = getenv("FAULT_EXE");
	const char *name = getenv("FAULT_CALL");
	const char *s;

	resolve();
	if (exe && *exe && !is_program(exe))
		return;
	s = getenv("FAULT_NOSTATX");
	nostatx = s && strcmp(s, "1") == 0;
	s = getenv("FAULT_STATX_NOMNT");
	statx_nomnt = s && strcmp(s, "1") == 0;
	s = getenv("FAULT_NOHANDLE");
	nohandle = s && strcmp(s, "1") == 0;
	s = getenv("FAULT_NOFDINFO");
	nofdinfo = s && strcmp(s, "1") == 0;
	s = getenv("FAULT_NOFCHMODAT2");
	nofchmodat2 = s && strcmp(s, "1") == 0;
	s = getenv("FAULT_NOSTATMOUNT");
	if (s && *s && !(nostatmount = parse_errno(s)))
		die("FAULT_NOSTATMOUNT", s);
	if (name && *name) {
		fault_fn = parse_fn("FAULT_CALL", name);
		s = getenv("FAULT_N");
		fault_n = s ? strtoul(s, NULL, 10) : 0;
		if (fault_n == 0)
			die("FAULT_N", s ? s : "");
		s = getenv("FAULT_COUNT");
		fault_k = s ? strtoul(s, NULL, 10) : 1;
		fault_errno_name = getenv("FAULT_ERRNO");
		if (!fault_errno_name)
			fault_errno_name = "EIO";
		fault_errno = parse_errno(fault_errno_name);
		if (!fault_errno)
			die("FAULT_ERRNO", fault_errno_name);
	}
	name = getenv("FAULT_HOOK_CALL");
	if (name && *name) {
		hook_fn = parse_fn("FAULT_HOOK_CALL", name);
		s = getenv("FAULT_HOOK_N");
		hook_n = s ? strtoul(s, NULL, 10) : 0;
		if (hook_n == 0)
			die("FAULT_HOOK_N", s ? s : "");
		hook_cmd = getenv("FAULT_HOOK_CMD");
	}
	nfds_start = list_fds(fds_start, MAX_FDS);
	fd_start();
	active = true;
}

static void put_fds(FILE *f, const char *label, const int *fds, int n)
{
	int i;

	fputs(label, f);
	if (n < 0)
		fputs(" ?", f);
	for (i = 0; i < n; i++)
		fprintf(f, " %d", fds[i]);
	fputc('\n', f);
}

__attribute__((destructor)) static void shim_report(void)
{
	const char *path = getenv("FAULT_REPORT");
	int fds[MAX_FDS], n, i;
	FILE *f;

	if (!active)
		return;
	/* Nothing below is counted: the report is not the program's doing. */
	active = false;
	n = list_fds(fds, MAX_FDS);
	if (!path || !*path)
		return;
	f = fopen(path, "we");
	if (!f)
		return;
	for (i = 0; i < FN_COUNT; i++)
		fprintf(f, "call %s %lu\n", fn_names[i], calls[i]);
	put_fds(f, "fds_start", fds_start, nfds_start);
	put_fds(f, "fds_end", fds, n);
	fprintf(f, "fds_peak %ld\n",
		__atomic_load_n(&fds_peak, __ATOMIC_SEQ_CST));
	fprintf(f, "threads %lu\n",
		__atomic_load_n(&threads_created, __ATOMIC_SEQ_CST));
	if (fault_fn >= 0)
		fprintf(f, "fault %s %lu %s %s\n", fn_names[fault_fn], fault_n,
			fault_errno_name, hits ? "hit" : "missed");
	(void)fclose(f);
}
