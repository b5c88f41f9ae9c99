/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * walk.h - the engine: an fwalk-style, non-recursive, descriptor-relative
 * traversal that yields events to one callback.  It knows nothing of
 * removing, planning, printing or options: its clients (remove, plan) act
 * on the events and answer.
 */
#ifndef SWRMTREE_WALK_H
#define SWRMTREE_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

/* How many times a directory that gained entries is read again. */
#define WALK_MAX_PASSES 3

enum walk_event_type {
	WALK_ENTER, /* a directory was opened and identity-checked */
	WALK_ENTRY, /* a non-directory, or an entry of unknown type */
	WALK_LEAVE, /* a directory's entries are done */
	WALK_ERROR, /* the walk could not do something (see op, error) */
	WALK_KEPT, /* the filter kept the entry (and all below it): nothing was done to it */
};

/*
 * A directory whose descriptor was closed to stay within the budget is read
 * again from its start when it is re-opened (unless WALK_READ_ONLY): an
 * entry answered WALK_CONTINUE must be gone by then, or it is met, and
 * handed to the callback, again.  Entries answered WALK_KEEP are
 * remembered (by name) and passed by, until the directory's LEAVE; a
 * directory with entries answered WALK_SKIP is never re-opened.
 */
enum walk_answer {
	WALK_CONTINUE = 0, /* go on; the entry is gone, or goes at its LEAVE (WALK_READ_ONLY:
			    * would go) */
	WALK_KEEP,    /* the entry stays, so its directory stays too */
	WALK_DESCEND, /* ENTRY: it is a directory after all, enter it */
	WALK_RETRY,   /* ERROR on open: open again; LEAVE: read it again from
			    * the start, all of it: what was handed over must be
			    * settled by then */
	WALK_STOP,    /* end the walk now */
	WALK_SKIP, /* ENTER: handed over: the client owns ev->fd now (no LEAVE), and
			    * the parent's descriptor stays open until the parent is left */
	WALK_HELD, /* like WALK_KEEP, but the entry stays only for what the filter
			    * kept (ev->held, ev->kept_self), which is no failure */
};

/* What opts->filter answers about an entry, before anything is done to it. */
enum walk_filter {
	WALK_FILTER_GO = 0, /* visit it as usual */
	WALK_FILTER_KEEP, /* it stays with all below it: a WALK_KEPT event, nothing else */
	WALK_FILTER_SELF, /* it stays, but a directory is entered and its entries asked about */
	WALK_FILTER_STOP, /* end the walk now */
};

enum walk_flags {
	WALK_CROSS_MOUNTS = 1u << 0, /* enter mount points instead of skipping them */
	WALK_READ_ONLY = 1u << 1, /* the client removes nothing (dry run): a re-opened
				      * directory resumes at its offset, not at its start */
};

/* One event.  Pointers are valid only during the callback. */
struct walk_ev {
	unsigned int type; /* enum walk_event_type */
	int dirfd; /* open descriptor of the directory holding the entry */
	const char *name; /* the entry's name in dirfd */
	int fd; /* ENTER, LEAVE: the directory's own descriptor; else -1 */
	const char *path; /* display path of the entry */
	size_t path_len;
	unsigned char d_type; /* DT_*; DT_UNKNOWN when nobody said */
	unsigned int depth;   /* 0 for the walk's starting entry */
	const struct util_info *info; /* ENTER/LEAVE/ERROR: the entry's, when known; else NULL */
	const struct util_info *parent; /* the directory holding the entry */
	uint32_t *state; /* client word: ENTER/LEAVE the directory's, ENTRY the parent's */
	uint32_t *parent_state; /* client word of the directory holding the entry */
	bool leftover;          /* LEAVE: something inside stays */
	bool held; /* LEAVE: ...and only for what the filter kept (no failure) */
	bool kept_self; /* the filter keeps this entry itself (WALK_FILTER_SELF) */
	unsigned int pass; /* LEAVE: how many times it was read again */
	unsigned int op;   /* ERROR: SWRMTREE_OP_* */
	int error;         /* ERROR: errno or SWRMTREE_E_* (positive) */
};

struct walk_opts {
	unsigned int flags;     /* enum walk_flags */
	unsigned int fd_budget; /* most descriptors the walk holds at once (>= 3) */
	const struct util_id *avoid; /* identities never entered or removed, of any type */
	size_t navoid;
	const struct util_info *expect; /* the starting entry must still be this, or NULL */
	int expect_code; /* reported when it is not: 0 for SWRMTREE_E_SWAPPED */
	int (*cb)(struct walk_ev *ev, void *ctx); /* answers enum walk_answer */
	/*
	 * Asked about every entry below the starting one, before it is
	 * examined (but for its type, when the directory did not list one),
	 * opened or handed to cb; answers enum walk_filter.  NULL: all go.
	 * Then cb answers WALK_KEPT with WALK_HELD (or WALK_STOP).
	 */
	int (*filter)(const struct walk_ev *ev, void *ctx);
	void *filter_ctx;
	void (*drain)(void *ctx); /* before an unfinished walk closes its descriptors, or NULL */
	void *ctx;
};

/*
 * Walk the entry NAME (one component) in directory DIRFD, whose display
 * path is DISPLAY[0..DISPLAY_LEN).  DIRFD stays open and owned by the caller
 * (AT_FDCWD is fine; an O_PATH descriptor too).  With opts->expect, an
 * entry that is no longer that object (util_info_same()) is reported as an
 * SWRMTREE_OP_LOOKUP error opts->expect_code (SWRMTREE_E_SWAPPED when 0)
 * and nothing of it is touched.
 * An entry whose identity is in opts->avoid is reported as an
 * SWRMTREE_OP_SKIP error SWRMTREE_E_PROTECTED and never touched.  Returns 0 when the walk ran to its end (failures were
 * reported through the callback), -SWRMTREE_E_STOPPED when the callback
 * stopped it, -SWRMTREE_E_MOVED when an ancestor was moved away (reported
 * first), or -ENOMEM.  Every descriptor the walk opened is closed.
 */
int walk_run(int dirfd, const char *name, const char *display,
	     size_t display_len, const struct walk_opts *opts);

/*
 * Go on with the directory FD (identity INFO, client word STATE), which
 * another walk entered and handed over (WALK_SKIP), as that walk would
 * have: its entries, then its LEAVE, with depth 0 for it.  DIRFD (its
 * parent, identity PARENT) stays open and owned by the caller; FD is owned
 * by the walk and closed.  NAME is its name in DIRFD, DISPLAY[0..LEN) its
 * display path.  Returns what walk_run() returns.
 */
int walk_run_from(int dirfd, const struct util_info *parent, int fd,
		  const struct util_info *info, uint32_t state,
		  const char *name, const char *display, size_t display_len,
		  const struct walk_opts *opts);

#endif /* SWRMTREE_WALK_H */
