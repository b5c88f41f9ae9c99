#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# A run as another user that kept HOME (sudo without -H, a CI runner): when
# HOME's configuration directory belongs to someone else, the personal
# protected-paths file is the real user's (from the password database),
# not the other user's, which could not be read and refused the run.  A
# personal file that cannot be read still refuses it (fail-safe), and the
# message says what to do.  As uid 65534.
# shellcheck source=tests/cli/lib.sh
. "${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
need_root "a home directory owned by another user (root's, next to uid 65534)"
command -v setpriv >/dev/null 2>&1 || skip "setpriv is missing"
scratch_for_nobody
unset XDG_CONFIG_HOME

hint="(fix it, or set HOME or XDG_CONFIG_HOME to the configuration of the user running this)"

# Root's home, as the other user's: its configuration only root can read.
mkdir -p roothome/.config/sw-rmtree w || fail "mkdir"
echo /srv >roothome/.config/sw-rmtree/protected || fail "write"
chmod 0700 roothome roothome/.config && chmod 0600 roothome/.config/sw-rmtree/protected ||
	fail "chmod"
chown 65534:65534 w || fail "chown"

CASE="HOME of another user"
mkdir -p w/build/sub && : >w/build/sub/f && chown -R 65534:65534 w/build || fail "mkdir"
HOME=$T/roothome run_as_nobody w/build
expect_rc 0
expect_no_err
assert_gone w/build

# The caller's own home, with a personal file it cannot read: refused.
CASE="own unreadable personal file"
mkdir -p own/.config/sw-rmtree w/build && : >own/.config/sw-rmtree/protected || fail "mkdir"
chown -R 65534:65534 own w/build && chmod 0000 own/.config/sw-rmtree/protected || fail "chmod"
HOME=$T/own run_as_nobody w/build
expect_rc 2
expect_err "sw-rmtree: cannot read protected-paths file '$T/own/.config/sw-rmtree/protected': Permission denied $hint"
assert_exists w/build

# XDG_CONFIG_HOME is taken as given, whoever owns it.
CASE="XDG_CONFIG_HOME of another user"
XDG_CONFIG_HOME=$T/roothome/.config run_as_nobody w/build
expect_rc 2
expect_err "sw-rmtree: cannot read protected-paths file '$T/roothome/.config/sw-rmtree/protected': Permission denied $hint"
[ -d w/build ] || fail "$CASE: w/build was removed"
exit 0
