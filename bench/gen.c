/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The sw-rmtree authors (see AUTHORS) */
/* gen.c -- deterministic tree generator for the sw-rmtree benchmarks.
 *
 * Usage: gen SHAPE DIR
 *
 * Creates DIR (which must not exist; its parent must) and fills it with the
 * tree named by SHAPE.  Every byte of the result depends only on SHAPE: the
 * pseudo-random choices come from a fixed-seed splitmix64 generator.
 * All creation is done relative to directory descriptors (mkdirat/openat),
 * so no path ever handed to the kernel grows with the depth of the tree.
 *
 * On success prints one line to stdout:
 *   SHAPE: F files, D dirs, B bytes
 * where D counts DIR itself.  Exit status 0 on success, 1 on any error,
 * 2 on a usage error.
 *
 * bench/gen.sh compiles and runs this; see bench/README.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *prog = "gen";
static unsigned long long n_files, n_dirs, n_bytes;

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (e)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
	exit(1);
}

/* ---- deterministic pseudo-random numbers (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n) (n > 0); the tiny modulo bias does not matter here */
static unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* uniform in [lo, hi] */
static unsigned rnd_range(unsigned lo, unsigned hi)
{
	return lo + rnd_below(hi - lo + 1);
}

/* roughly log-uniform in [lo, hi] (lo >= 1): pick a power-of-two bucket
 * uniformly, then a value uniformly inside it.  No libm needed. */
static unsigned rnd_logsize(unsigned lo, unsigned hi)
{
	unsigned b_lo = 0, b_hi = 0, b, v_lo, v_hi;

	while ((2u << b_lo) <= lo)
		b_lo++;
	while ((2u << b_hi) <= hi)
		b_hi++;
	b = b_lo + rnd_below(b_hi - b_lo + 1);
	v_lo = 1u << b;
	v_hi = (2u << b) - 1;
	if (v_lo < lo)
		v_lo = lo;
	if (v_hi > hi)
		v_hi = hi;
	return rnd_range(v_lo, v_hi);
}

/* ---- file system primitives ---- */

/* 64 KiB of printable, source-looking text to copy file data from */
static char text[65536];

static void init_text(void)
{
	static const char *const lines[] = {
		"\tif (ret < 0)\n\t\tgoto out;\n",
		"static int probe(struct device *dev)\n{\n",
		"/* SPDX-License-Identifier: GPL-2.0 */\n",
		"module.exports = function (a, b) { return a + b; };\n",
		"\treturn 0;\n}\n\n",
		"#include <linux/kernel.h>\n",
		"  \"version\": \"1.2.3\",\n",
	};
	size_t pos = 0, n = sizeof lines / sizeof lines[0], i = 0;

	while (pos < sizeof text) {
		const char *l = lines[i++ % n];
		size_t len = strlen(l);

		if (len > sizeof text - pos)
			len = sizeof text - pos;
		memcpy(text + pos, l, len);
		pos += len;
	}
}

static void make_dir(int dfd, const char *name)
{
	if (mkdirat(dfd, name, 0755) != 0)
		die("mkdir '%s'", name);
	n_dirs++;
}

static int open_dir(int dfd, const char *name)
{
	int fd = openat(dfd, name,
			O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		die("open directory '%s'", name);
	return fd;
}

static int make_open_dir(int dfd, const char *name)
{
	make_dir(dfd, name);
	return open_dir(dfd, name);
}

/* name may contain '/' (relative to dfd) */
static void make_file(int dfd, const char *name, size_t size)
{
	int fd = openat(dfd, name,
			O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			0644);
	size_t off = 0;

	if (fd < 0)
		die("create '%s'", name);
	while (off < size) {
		size_t chunk = size - off;
		ssize_t w;

		if (chunk > sizeof text)
			chunk = sizeof text;
		w = write(fd, text, chunk);
		if (w <= 0)
			die("write '%s'", name);
		off += (size_t)w;
	}
	if (close(fd) != 0)
		die("close '%s'", name);
	n_files++;
	n_bytes += size;
}

/* ---- shape: src (a scaled-down kernel-like source checkout) ---- */

#define SRC_DIRS     3000 /* directories below the root */
#define SRC_FILES    30000
#define SRC_MAXDEPTH 8 /* root's children are depth 1 */
#define SRC_TOPDIRS  20

struct sdir {
	int parent; /* index, -1 for a top-level dir */
	int depth;
	unsigned weight; /* how many files it attracts */
	char *path;      /* relative to the root */
};

static const char *const words[] = {
	"arch",      "block",    "crypto",    "drivers",    "fs",
	"include",   "init",     "ipc",       "kernel",     "lib",
	"mm",        "net",      "scripts",   "security",   "sound",
	"tools",     "usb",      "pci",       "gpu",        "media",
	"core",      "common",   "bus",       "irq",        "power",
	"ext4",      "nfs",      "btrfs",     "ipv4",       "ipv6",
	"sched",     "trace",    "bpf",       "debug",      "firmware",
	"platform",  "video",    "input",     "hid",        "clk",
	"dma",       "iommu",    "mtd",       "phy",        "pinctrl",
	"regulator", "rtc",      "spi",       "i2c",        "tty",
	"serial",    "thermal",  "watchdog",  "crypto_api", "xfrm",
	"netfilter", "wireless", "bluetooth", "staging",    "misc",
};
#define NWORDS (sizeof words / sizeof words[0])

static void shape_src(int root)
{
	static struct sdir d[SRC_DIRS];
	static const char *const ext[] = {
		"c", "c",   "c",   "c",    "c",   "h",  "h",  "h",
		"S", "rst", "txt", "yaml", "dts", "py", "sh", "json",
	};
	unsigned long long total_weight = 0;
	char name[64], buf[4096];
	int i;

	rng_state = 0x5352432d74726565ULL; /* "SRC-tree" */

	for (i = 0; i < SRC_DIRS; i++) {
		int p = -1, depth = 1;

		if (i >= SRC_TOPDIRS) {
			/* attach to an earlier directory, preferring shallow ones
			 * a little, never going past SRC_MAXDEPTH */
			do {
				p = (int)rnd_below((unsigned)i);
				if (d[p].depth >= 4 && rnd_below(4) == 0)
					p = (int)rnd_below(
						(unsigned)(i < 200 ? i : 200));
			} while (d[p].depth >= SRC_MAXDEPTH);
			depth = d[p].depth + 1;
		}
		if (p < 0)
			snprintf(name, sizeof name, "%s", words[i % NWORDS]);
		else
			snprintf(name, sizeof name, "%s%s%u",
				 words[rnd_below(NWORDS)],
				 rnd_below(2) ? "_" : "-", (unsigned)i);
		if (p < 0)
			snprintf(buf, sizeof buf, "%s", name);
		else
			snprintf(buf, sizeof buf, "%s/%s", d[p].path, name);
		d[i].parent = p;
		d[i].depth = depth;
		d[i].path = strdup(buf);
		if (!d[i].path)
			die("out of memory");
		/* skewed: most directories hold a few files, some hold many */
		d[i].weight = rnd_below(8) == 0 ? rnd_range(20, 120) :
						  rnd_range(0, 12);
		total_weight += d[i].weight;
		make_dir(root, d[i].path);
	}

	/* distribute SRC_FILES files over the directories by weight (plus a
	 * handful at the top level, like Makefile, README, ...) */
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "TOPLEVEL_%d.txt", i);
		make_file(root, name, rnd_logsize(64, 16384));
	}
	{
		unsigned long long made = 8, acc = 0;

		for (i = 0; i < SRC_DIRS && made < SRC_FILES; i++) {
			unsigned long long want, k;

			acc += d[i].weight;
			want = i == SRC_DIRS - 1 ?
				       SRC_FILES :
				       (acc * (SRC_FILES - 8)) / total_weight + 8;
			for (k = made; k < want; k++) {
				unsigned sz = rnd_below(25) == 0 ?
						      0 :
						      rnd_logsize(16, 16384);

				snprintf(buf, sizeof buf, "%s/%s_%llu.%s",
					 d[i].path, words[rnd_below(NWORDS)], k,
					 ext[rnd_below(16)]);
				make_file(root, buf, sz);
			}
			made = want;
		}
	}
	for (i = 0; i < SRC_DIRS; i++)
		free(d[i].path);
}

/* ---- shape: nodemod (a node_modules tree) ---- */

#define NM_TARGET  125000 /* stop adding top-level packages past this */
#define NM_MAXNEST 3      /* node_modules inside packages, levels */

static unsigned long long entries(void)
{
	return n_files + n_dirs;
}

static void nm_files(int dfd, const char *prefix, unsigned n, unsigned lo,
		     unsigned hi)
{
	char name[64];
	unsigned i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s%u.js", prefix, i);
		make_file(dfd, name, rnd_logsize(lo, hi));
	}
}

static void nm_package(int nmfd, const char *name, int level);

static void nm_modules(int pkgfd, int level)
{
	int nmfd = make_open_dir(pkgfd, "node_modules");
	unsigned n = rnd_range(1, level == 1 ? 6 : 3), i;
	char name[64];

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "dep-%c%c%u",
			 'a' + (char)rnd_below(26), 'a' + (char)rnd_below(26), i);
		nm_package(nmfd, name, level);
	}
	close(nmfd);
}

static void nm_package(int nmfd, const char *name, int level)
{
	int pfd = make_open_dir(nmfd, name), sub;
	unsigned r = rnd_below(10);

	make_file(pfd, "package.json", rnd_range(300, 2500));
	make_file(pfd, "README.md", rnd_logsize(100, 6000));
	make_file(pfd, "LICENSE", 1077);
	make_file(pfd, "index.js", rnd_range(40, 600));

	sub = make_open_dir(pfd, "lib");
	nm_files(sub, "mod", rnd_range(2, r < 2 ? 40 : 10), 32, 4096);
	if (rnd_below(3) == 0) {
		int sub2 = make_open_dir(sub, "internal");

		nm_files(sub2, "impl", rnd_range(1, 8), 32, 2048);
		close(sub2);
	}
	close(sub);

	if (r < 7) {
		sub = make_open_dir(pfd, "dist");
		nm_files(sub, "bundle", rnd_range(1, 6), 128, 8192);
		if (rnd_below(2) == 0) {
			int sub2 = make_open_dir(sub, "esm");

			nm_files(sub2, "bundle", rnd_range(1, 6), 128, 8192);
			close(sub2);
		}
		close(sub);
	}
	if (rnd_below(4) == 0) {
		sub = make_open_dir(pfd, "types");
		nm_files(sub, "decl", rnd_range(1, 5), 64, 2048);
		close(sub);
	}
	if (level < NM_MAXNEST && rnd_below(level == 0 ? 3 : 5) == 0)
		nm_modules(pfd, level + 1);
	close(pfd);
}

static void shape_nodemod(int root)
{
	int nmfd;
	unsigned i = 0;
	char name[64];

	rng_state = 0x4e4f44452d4d4f44ULL; /* "NODE-MOD" */
	make_file(root, "package.json", 1800);
	make_file(root, "package-lock.json", 250000);
	nmfd = make_open_dir(root, "node_modules");
	make_dir(nmfd, ".bin");
	while (entries() < NM_TARGET) {
		if (rnd_below(8) == 0) {
			/* a scoped package: @scope/name */
			int scfd;

			snprintf(name, sizeof name, "@scope%u", i);
			scfd = make_open_dir(nmfd, name);
			snprintf(name, sizeof name, "pkg-%u", i);
			nm_package(scfd, name, 0);
			close(scfd);
		} else {
			snprintf(name, sizeof name, "package-%u", i);
			nm_package(nmfd, name, 0);
		}
		i++;
	}
	close(nmfd);
}

/* ---- shapes: wide, flat, deep ---- */

static void shape_wide(int root, unsigned ndirs, unsigned nfiles)
{
	char name[32];
	unsigned i, j;

	for (i = 0; i < ndirs; i++) {
		int dfd;

		snprintf(name, sizeof name, "dir%04u", i);
		dfd = make_open_dir(root, name);
		for (j = 0; j < nfiles; j++) {
			snprintf(name, sizeof name, "file%03u", j);
			make_file(dfd, name, 0);
		}
		close(dfd);
	}
}

static void shape_flat(int root, unsigned nfiles)
{
	char name[32];
	unsigned i;

	for (i = 0; i < nfiles; i++) {
		snprintf(name, sizeof name, "entry-%06u", i);
		make_file(root, name, 0);
	}
}

static void shape_deep(int root, unsigned depth)
{
	int fd = dup(root);
	unsigned i;

	if (fd < 0)
		die("dup");
	for (i = 0; i < depth; i++) {
		int nfd = make_open_dir(fd, "d");

		make_file(nfd, "f", 0);
		close(fd);
		fd = nfd;
	}
	close(fd);
}

int main(int argc, char **argv)
{
	const char *shape, *dir;
	int root;

	if (argc != 3) {
		fprintf(stderr,
			"usage: %s SHAPE DIR\n"
			"shapes: src nodemod wide1000x100 flat200k deep20k\n",
			prog);
		return 2;
	}
	shape = argv[1];
	dir = argv[2];
	if (strcmp(shape, "src") && strcmp(shape, "nodemod") &&
	    strcmp(shape, "wide1000x100") && strcmp(shape, "flat200k") &&
	    strcmp(shape, "deep20k")) {
		fprintf(stderr, "%s: unknown shape '%s'\n", prog, shape);
		return 2;
	}
	umask(022);
	init_text();
	if (mkdir(dir, 0755) != 0)
		die("mkdir '%s'", dir);
	n_dirs = 1;
	root = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (root < 0)
		die("open '%s'", dir);

	if (!strcmp(shape, "src"))
		shape_src(root);
	else if (!strcmp(shape, "nodemod"))
		shape_nodemod(root);
	else if (!strcmp(shape, "wide1000x100"))
		shape_wide(root, 1000, 100);
	else if (!strcmp(shape, "flat200k"))
		shape_flat(root, 200000);
	else
		shape_deep(root, 20000);
	close(root);
	printf("%s: %llu files, %llu dirs, %llu bytes\n", shape, n_files,
	       n_dirs, n_bytes);
	return 0;
}
