/*
 * api.h - internals of the public entry points that the unit tests reach.
 */
#ifndef SWRMTREE_API_H
#define SWRMTREE_API_H

/*
 * Descriptors one walk may hold when JOBS workers share the process (each
 * may run two walks and hold one queued task): half of the soft
 * RLIMIT_NOFILE, less a reserve, divided among them; at least 3.
 */
unsigned int api_fd_budget(unsigned int jobs);

/* JOBS, lowered so that JOBS workers fit in the descriptor limit; >= 1. */
unsigned int api_max_jobs(unsigned int jobs);

/* The default number of workers for the file system holding DIRFD. */
unsigned int api_auto_jobs(int dirfd);

#endif /* SWRMTREE_API_H */
