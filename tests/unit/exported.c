/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/*
 * exported.c - the library's exported swrmtree_options_init(), the one
 * programs built before 0.2.0 call.  In this file the header declares it
 * instead of defining its inline version, so the call below goes to the
 * library whatever the compiler (an asm label in check_api.c named the
 * inline function itself under clang, which gives it the same name).
 */
#define SWRMTREE_EXPORT_OPTIONS_INIT 1
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "swrmtree.h"

int exported_options_init(struct swrmtree_options *opts);

int exported_options_init(struct swrmtree_options *opts)
{
	return swrmtree_options_init(opts);
}
