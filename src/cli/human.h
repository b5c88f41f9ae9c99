/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * human.h - numbers for people: sizes in binary (IEC) units, and counts
 * with their noun in the singular or the plural.
 */
#ifndef SWRMTREE_CLI_HUMAN_H
#define SWRMTREE_CLI_HUMAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room human_counts() needs at most, its NUL included. */
#define HUMAN_COUNTS_SIZE 128

/*
 * BYTES in binary units into BUF (SIZE bytes; 16 are always enough):
 * below 1 KiB the exact count ("0 B", "1023 B"); then the largest unit
 * that keeps the figure below 1024, rounded to the nearest tenth below 10
 * ("1.0 KiB", "3.4 KiB", "9.9 KiB") and to the nearest whole one from 10 on
 * ("10 KiB", "123 MiB", "1023 KiB"); halves round up, and a figure that
 * rounds up to 1024 goes one unit up ("1.0 MiB").  Units: KiB, MiB, GiB,
 * TiB, PiB, EiB; the largest 64-bit count is "16 EiB".  Exact: computed in
 * integers, no floating point.
 */
void human_size(char *buf, size_t size, uint64_t bytes);

/* ONE when N is 1, else MANY, as English counts: "0 files", "1 file". */
const char *human_plural(uint64_t n, const char *one, const char *many);

/*
 * "F files, D directories, B bytes" into BUF (HUMAN_COUNTS_SIZE bytes are
 * enough).  For PEOPLE (a terminal reads it), each noun singular where its
 * number is 1, and from 1 KiB on the byte count followed by its size in
 * binary units, "3500 bytes (3.4 KiB)"; otherwise exactly SPEC's form, for
 * the programs that read the lines.  The summary lines are built on it
 * (SPEC: -n, Details).
 */
void human_counts(char *buf, size_t size, uint64_t files, uint64_t dirs,
		  uint64_t bytes, bool people);

#endif /* SWRMTREE_CLI_HUMAN_H */
