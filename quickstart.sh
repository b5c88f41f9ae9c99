#!/bin/bash
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# quickstart.sh - build sw-rmtree from a git checkout and show it at work.
#
# Installs the build dependencies with apt-get when they are missing and we
# are root (otherwise says what to install), builds, makes a small sample
# tree in a fresh temporary directory, shows what --dry-run would remove,
# removes it with -v --stats, and shows that it is gone.
set -eu

cd "$(dirname "$0")"

# What the build needs, then what `make check` uses to run every test
# (tests whose tool is missing skip, saying so).
DEPS="autoconf automake libtool pkg-config check build-essential
      python3 strace tmux time e2fsprogs util-linux bash-completion zsh
      btrfs-progs"

have_deps() {
	local c
	for c in autoreconf libtoolize pkg-config cc make python3 strace tmux \
		/usr/bin/time chattr setpriv unshare zsh; do
		command -v "$c" >/dev/null 2>&1 || return 1
	done
	pkg-config --exists check &&
	[ -r /usr/share/bash-completion/bash_completion ]
}

if ! have_deps; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "==> installing build dependencies: $DEPS"
		apt-get update
		# shellcheck disable=SC2086 # DEPS is a list of words
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $DEPS
	else
		echo "quickstart.sh: missing build dependencies." >&2
		echo "Install them first, for example (Debian, Ubuntu):" >&2
		echo "    sudo apt-get install" $DEPS >&2
		echo "(elsewhere: autoconf, automake, libtool, pkg-config, the Check" >&2
		echo "unit-test library with its headers, a C compiler and make)." >&2
		exit 1
	fi
fi

echo "==> building"
autoreconf -fi
./configure
make -j"$(nproc)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo
echo "==> making a sample tree in $scratch"
sample=$scratch/sample
mkdir -p "$sample/src/lib" "$sample/build/obj" "$sample/docs"
printf 'int main(void) { return 0; }\n' >"$sample/src/main.c"
printf 'int lib(void) { return 1; }\n' >"$sample/src/lib/lib.c"
head -c 4096 /dev/zero >"$sample/build/obj/main.o"
head -c 2048 /dev/zero >"$sample/build/obj/lib.o"
printf 'hello\n' >"$sample/docs/read me.txt"
# A symbolic link that points out of the tree: it is removed as a link,
# and the file it points to stays.
mkdir "$scratch/outside"
printf 'keep me\n' >"$scratch/outside/important.txt"
ln -s ../outside/important.txt "$sample/docs/link-to-outside"

echo
echo "==> ./src/sw-rmtree --dry-run $sample"
./src/sw-rmtree --dry-run "$sample"

echo
echo "==> ./src/sw-rmtree -v --stats $sample"
./src/sw-rmtree -v --stats "$sample"

echo
echo "==> afterwards"
if [ -e "$sample" ] || [ -L "$sample" ]; then
	echo "quickstart.sh: $sample is still there" >&2
	exit 1
fi
echo "$sample is gone."
echo "The symbolic link's target is untouched: $(cat "$scratch/outside/important.txt")"
echo
echo "Next: run 'make check' for the unit and integration tests."
