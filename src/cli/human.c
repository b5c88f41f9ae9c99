/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * human.c - sizes in binary units and counts with plural forms, for the
 * summaries, --stats and the progress line.
 */
#include <inttypes.h>
#include <stdio.h>

#include "human.h"

/* Binary units; see human.h. */
void human_size(char *buf, size_t size, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	unsigned int u = 0, shift;
	uint64_t q, r, tenths, whole;

	if (bytes < 1024) {
		(void)snprintf(buf, size, "%" PRIu64 " B", bytes);
		return;
	}
	/* The unit 1024^(u + 1) that keeps BYTES below 1024 of it. */
	while (u < 5 && bytes >> (10 * (u + 2)) != 0)
		u++;
	for (;;) {
		shift = 10 * (u + 1);
		q = bytes >> shift;
		r = bytes & ((UINT64_C(1) << shift) - 1);
		/*
		 * q + r / 2^shift to the nearest tenth.  r < 2^60, so r * 10
		 * plus the half (2^59) stays below 2^64, even for EiB.
		 */
		tenths = q * 10 +
			 ((r * 10 + (UINT64_C(1) << (shift - 1))) >> shift);
		if (tenths < 100) {
			(void)snprintf(buf, size, "%u.%u %ciB",
				       (unsigned int)(tenths / 10),
				       (unsigned int)(tenths % 10), units[u]);
			return;
		}
		whole = q + (r >> (shift - 1)); /* one more from the half on */
		if (whole < 1024 || u == 5) {
			(void)snprintf(buf, size, "%" PRIu64 " %ciB", whole,
				       units[u]);
			return;
		}
		u++; /* 1023.5 KiB and more: 1.0 MiB */
	}
}

/* Singular or plural; see human.h. */
const char *human_plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "F files, D directories, B bytes (H)"; see human.h. */
void human_counts(char *buf, size_t size, uint64_t files, uint64_t dirs,
		  uint64_t bytes, bool people)
{
	char h[16];
	int n;

	n = snprintf(buf, size,
		     "%" PRIu64 " %s, %" PRIu64 " %s, %" PRIu64 " %s", files,
		     people ? human_plural(files, "file", "files") : "files",
		     dirs,
		     people ? human_plural(dirs, "directory", "directories") :
			      "directories",
		     bytes,
		     people ? human_plural(bytes, "byte", "bytes") : "bytes");
	if (!people || bytes < 1024 || n < 0 || (size_t)n >= size)
		return;
	human_size(h, sizeof(h), bytes);
	(void)snprintf(buf + n, size - (size_t)n, " (%s)", h);
}
