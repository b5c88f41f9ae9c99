#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# bench/real.sh - real trees for the benchmark, next to gen.sh's shapes.
#
#   bench/real.sh --list          the shapes it knows
#   bench/real.sh SHAPE DIR       copy a fresh SHAPE tree to DIR (which
#                                 must not exist); prints "SHAPE: summary"
#
# Each tree is fetched from Debian's archive with apt-get download the
# first time (the only network this machine has), unpacked once into the
# cache ($BENCH_CACHE, default bench/out/cache), and copied (cp -a) for
# each run, so every timed removal gets the same, cold-written tree:
#   linux    the Linux source tree of Debian's linux-source package
#            (linux-source-6.1: about 84,000 entries)
#   nodejs   a node_modules of real packages: the JavaScript packages
#            Debian ships (bench/nodejs-packages.txt), as npm would lay
#            them out, one directory per package.  No npm registry is
#            reachable here, so "npm ci" cannot be the source; the files
#            are the packages' own.
# Exit status 3 when a tree cannot be fetched (no network, no such
# package): run.sh then skips the shape and says so.
set -u

here=$(cd "$(dirname "$0")" && pwd)
cache=${BENCH_CACHE:-$here/out/cache}

die() { echo "real.sh: $*" >&2; exit 2; }
unavailable() { echo "real.sh: $*" >&2; exit 3; }

# fetch PACKAGE...: the .deb files of PACKAGEs into $cache/debs
fetch() {
	mkdir -p "$cache/debs" || die "cannot create $cache/debs"
	(cd "$cache/debs" && apt-get download -q "$@") >"$cache/debs/fetch.log" 2>&1 ||
		unavailable "apt-get download $* failed (see $cache/debs/fetch.log)"
}

# the newest linux-source-X.Y the archive has, e.g. linux-source-6.1
linux_package() {
	apt-cache depends linux-source 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-source-[0-9.]*\)$/\1/p' | head -n 1
}

prepare_linux() {
	local pkg deb tarball
	[ -d "$cache/linux/tree" ] && return 0
	pkg=$(linux_package)
	[ -n "$pkg" ] || unavailable "apt-cache knows no linux-source-X.Y"
	fetch "$pkg"
	deb=$(ls "$cache/debs/${pkg}"_*.deb 2>/dev/null | head -n 1)
	[ -f "$deb" ] || unavailable "no $pkg .deb in $cache/debs"
	rm -rf "$cache/linux.tmp" && mkdir -p "$cache/linux.tmp/tree" || die "mkdir"
	tarball=./usr/src/$pkg.tar.xz
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "$tarball" |
		tar -xJ -C "$cache/linux.tmp/tree" --strip-components=1 ||
		die "cannot unpack $tarball from $deb"
	echo "$pkg" >"$cache/linux.tmp/source"
	mv "$cache/linux.tmp" "$cache/linux" || die "mv"
}

prepare_nodejs() {
	local list=$here/nodejs-packages.txt pkgs deb d name
	[ -d "$cache/nodejs/tree" ] && return 0
	mapfile -t pkgs < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")
	[ "${#pkgs[@]}" -gt 0 ] || die "no packages in $list"
	fetch "${pkgs[@]}"
	rm -rf "$cache/nodejs.tmp" && mkdir -p "$cache/nodejs.tmp/tree/node_modules" "$cache/nodejs.tmp/x" ||
		die "mkdir"
	for deb in "$cache"/debs/*.deb; do
		case ${deb##*/} in linux-source-*) continue ;; esac
		dpkg-deb -x "$deb" "$cache/nodejs.tmp/x" || die "cannot unpack $deb"
	done
	# npm's layout: node_modules/NAME and node_modules/@scope/NAME.
	for d in "$cache"/nodejs.tmp/x/usr/share/nodejs/* "$cache"/nodejs.tmp/x/usr/lib/*/nodejs/*; do
		[ -d "$d" ] || continue
		name=${d##*/}
		[ -e "$cache/nodejs.tmp/tree/node_modules/$name" ] && continue
		cp -a "$d" "$cache/nodejs.tmp/tree/node_modules/$name" || die "cp $d"
	done
	rm -rf "$cache/nodejs.tmp/x"
	printf '%s\n' "${pkgs[@]}" >"$cache/nodejs.tmp/source"
	mv "$cache/nodejs.tmp" "$cache/nodejs" || die "mv"
}

case ${1-} in
--list)
	echo linux
	echo nodejs
	exit 0
	;;
linux | nodejs) ;;
*) die "usage: real.sh --list | real.sh linux|nodejs DIR" ;;
esac
[ $# -eq 2 ] || die "usage: real.sh SHAPE DIR"
shape=$1 dir=$2
[ -e "$dir" ] && die "$dir exists"
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
	unavailable "needs apt-get and dpkg-deb (Debian)"
"prepare_$shape"
cp -a "$cache/$shape/tree" "$dir" || die "cp -a to $dir"
entries=$(find "$dir" | wc -l)
bytes=$(du -sb --apparent-size "$dir" | cut -f1)
echo "$shape: $(cat "$cache/$shape/source" | tr '\n' ' ' | sed 's/ $//'): $entries entries, $bytes bytes (copied from $cache/$shape)"
