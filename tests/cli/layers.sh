#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (C) 2026 The sw-rmtree authors (see AUTHORS)
# CONVENTIONS, layers: the CLI includes only <swrmtree.h> and its own
# headers (so everything it does, a program can do through the library);
# (the public swrmtree.h is the library's vocabulary and allowed everywhere);
# util includes no other module; walk knows only util; protect (the
# protected-paths configuration) knows only util; guard knows protect and
# util; pool (workers, queue, descriptor budget) knows nothing of the
# others; decide (what both walk clients decide alike) knows walk and
# util; links (the space freed, hard links once) knows only util; plan
# knows decide, walk and util; remove knows decide, walk, pool and util.
# detach knows api (its run, api.h) and util.
srcdir=${SWRMTREE_SRCDIR:-$(dirname "$0")/../..}
bad=

# Project headers each file includes with "...".
locals()
{
	sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"
}

for f in "$srcdir"/src/cli/*.[ch]; do
	for h in $(locals "$f"); do
		case $h in
		*/*) bad="$bad ${f##*/}:$h" ;;
		*) [ -f "$srcdir/src/cli/$h" ] || bad="$bad ${f##*/}:$h" ;;
		esac
	done
	grep -q '^#[[:space:]]*include[[:space:]]*<\(util\|walk\|plan\|remove\|protect\|guard\|api\)\.h>' "$f" &&
		bad="$bad ${f##*/}:<private>"
done

allowed()
{
	case $1 in
	util) echo "config.h swrmtree.h util.h" ;;
	walk) echo "config.h swrmtree.h util.h walk.h" ;;
	mounts) echo "config.h swrmtree.h util.h mounts.h" ;;
	passwd) echo "config.h passwd.h" ;;
	protect) echo "config.h swrmtree.h util.h mounts.h passwd.h protect.h" ;;
	guard) echo "config.h swrmtree.h util.h protect.h guard.h" ;;
	report) echo "swrmtree.h util.h" ;;
	decide) echo "config.h swrmtree.h util.h report.h walk.h decide.h" ;;
	plan) echo "config.h swrmtree.h util.h report.h walk.h decide.h plan.h" ;;
	remove) echo "config.h swrmtree.h util.h report.h walk.h decide.h pool.h remove.h" ;;
	pool) echo "config.h pool.h" ;;
	links) echo "config.h util.h links.h" ;;
	api) echo "config.h swrmtree.h util.h report.h walk.h decide.h plan.h remove.h pool.h protect.h guard.h links.h api.h" ;;
	detach) echo "config.h swrmtree.h util.h api.h detach.h" ;;
	esac
}

for m in util walk mounts passwd report decide pool protect guard links plan remove api detach; do
	ok=$(allowed $m)
	for f in "$srcdir/src/lib/$m.c" "$srcdir/src/lib/$m.h"; do
		[ -f "$f" ] || continue # report is a header only
		for h in $(locals "$f"); do
			case " $ok " in
			*" $h "*) ;;
			*) bad="$bad $m:${f##*/}:$h" ;;
			esac
		done
	done
done

if [ -n "$bad" ]; then
	echo "FAIL: includes across layers:$bad" >&2
	exit 1
fi
echo "layers respected"
