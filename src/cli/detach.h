/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * detach.h - --detach: rename now, remove in a background process.
 */
#ifndef SWRMTREE_CLI_DETACH_H
#define SWRMTREE_CLI_DETACH_H

#include <stddef.h>

#include <swrmtree.h>

#include "output.h"

/*
 * Rename PATHS[0..N) out of the way (swrmtree_detach(), messages through
 * OPTS' callbacks) and start the background remover; LOG is
 * --detach-log's FILE or NULL for syslog.  OUT is the output OPTS'
 * on_error writes to; the remover switches it to the log.  Returns what
 * swrmtree_detach() returned, for the exit status.  Only the calling
 * process returns.
 */
int detach_start(const struct swrmtree_options *opts, char **paths, size_t n,
		 const char *log, struct output *out);

#endif /* SWRMTREE_CLI_DETACH_H */
