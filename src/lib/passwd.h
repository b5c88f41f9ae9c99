/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * passwd.h - the home directory of a user in the password database, as
 * getpwuid_r() gives it, read from /etc/passwd directly where the name
 * service switch would answer from that file anyway.
 *
 * The C library's lookup costs a fresh process more than the rest of the
 * guards' built-in paths together (it asks nscd first, twice, then reads
 * the switch's configuration): the guards need the real user's home on
 * every run.  Where /etc/nsswitch.conf's "passwd:" line names "files"
 * first, with no action after it, and /etc/passwd holds the uid, glibc's
 * lookup would return that line's home (the first with that uid; nscd
 * only caches what the sources say): so does this, without it.  Anything
 * else goes to getpwuid_r().
 */
#ifndef SWRMTREE_PASSWD_H
#define SWRMTREE_PASSWD_H

#include <sys/types.h>

/*
 * The home of UID: 0 with *RET malloc'd, or NULL when there is no entry,
 * no usable database or a home that is not absolute; or -ENOMEM.
 */
int passwd_home(uid_t uid, char **ret);

/*
 * The files' answer alone, from the two files named (tests): 1 with *RET
 * malloc'd (NULL for a home that is not absolute), 0 when the files cannot
 * answer (the C library must), or -ENOMEM.
 */
int passwd_home_files(uid_t uid, const char *nsswitch, const char *passwd,
		      char **ret);

#endif /* SWRMTREE_PASSWD_H */
