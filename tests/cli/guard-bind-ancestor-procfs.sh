#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# SPEC: Guards 8, last sentence, where the mount table can only be read from
# /proc/self/mountinfo: guard-bind-ancestor.sh's cases with listmount() and
# statmount() failing (the fault shim's FAULT_NOSTATMOUNT), as ENOSYS (a
# kernel before 6.8) and as EPERM (a seccomp filter that denies them).
GUARD_NOSTATMOUNT="ENOSYS EPERM"
export GUARD_NOSTATMOUNT
exec /bin/sh "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/guard-bind-ancestor.sh"
