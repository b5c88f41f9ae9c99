/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * fixture.h - scratch trees for the Check unit suites.
 *
 * Every suite creates its trees below a fresh mkdtemp directory
 * (fixture_scratch) and removes it afterwards with rm -rf, never with the
 * code under test (fixture_cleanup).  Failures in the helpers abort the
 * current test through Check.
 */
#ifndef SWRMTREE_TESTS_FIXTURE_H
#define SWRMTREE_TESTS_FIXTURE_H

#include <stdbool.h>

/*
 * Creates a fresh directory $TMPDIR/swrmtree-unit.XXXXXX (/tmp when TMPDIR
 * is unset or relative) and returns its canonical absolute path, malloc'd.
 * Aborts the test on failure.
 */
char *fixture_scratch(void);

/*
 * Removes SCRATCH (a path returned by fixture_scratch) and everything below
 * it: unmounts what is mounted below it, clears immutable/append-only flags
 * and adds u+rwx where rm -rf alone cannot remove it.  Runs the tools
 * without a shell, on the exact path, and only on a path shaped like one
 * fixture_scratch made.  If fixture_sandbox was used, it first returns to
 * the original mount namespace.  Frees SCRATCH.  NULL is ignored.
 */
void fixture_cleanup(char *scratch);

/*
 * A fresh scratch directory made the working directory, for suites whose
 * tests work with relative paths: returns it, and the descriptor of the
 * old working directory in *RET_OLDCWD.  fixture_leave() goes back there
 * and removes the scratch directory.
 */
char *fixture_enter(int *ret_oldcwd);
void fixture_leave(char *scratch, int oldcwd);

/*
 * Builds entries in DIR from SPEC: entries separated by ';' or newlines,
 * blanks around them ignored:
 *   d PATH              directory
 *   f PATH [SIZE]       regular file of SIZE bytes (default 0)
 *   l PATH -> TARGET    symbolic link with the literal TARGET
 *   p PATH              fifo
 *   s PATH              unix socket
 *   c PATH              character device 1:3 (root only)
 *   h PATH -> EXISTING  hard link to DIR/EXISTING
 *   m PATH MODE         chmod to octal MODE, applied after everything else,
 *                       in the order given (never through a symbolic link)
 * PATHs are relative to DIR; missing parents are created (0755).
 * Aborts the test on any error.
 */
void fixture_build(const char *dir, const char *spec);

/*
 * Turns the calling process into a sandbox around SCRATCH: a private mount
 * namespace in which SCRATCH is bind-mounted onto itself and every other
 * mount is read-only; checks that writing outside SCRATCH fails and inside
 * works.  A working directory below SCRATCH is re-entered through the new
 * mount; descriptors opened before the call still refer to the read-only
 * mounts, so open them afterwards.  Check's default fork mode keeps this
 * to one test; with CK_FORK=no it refuses.  Returns 0, or -1 after printing
 * why on stderr (the test should then skip).
 */
int fixture_sandbox(const char *scratch);

/* Returns DIR "/" REL, malloc'd (aborts the test when out of memory). */
char *fixture_path(const char *dir, const char *rel);

/*
 * Returns the number of entries below DIR, DIR itself not counted, without
 * following symbolic links; -1 when DIR does not exist or cannot be walked.
 */
int fixture_count(const char *dir);

/* Returns whether lstat(PATH) succeeds. */
bool fixture_exists(const char *path);

#endif
