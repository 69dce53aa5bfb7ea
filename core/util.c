#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- maps ----------------------------------------------------------------------- */

struct util_map_slot {
	char *key; /* NULL: empty */
	long long value;
};

static uint64_t util_map_hash(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The slot holding key, or the empty one where it goes (the table is never full). */
static struct util_map_slot *util_map_slot(struct util_map_slot *t, size_t cap, const char *key)
{
	size_t i = (size_t)util_map_hash(key) & (cap - 1);
	while (t[i].key && strcmp(t[i].key, key))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Doubles the table; it stays at most half full so that probes stay short. */
static void util_map_grow(util_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct util_map_slot *t = xcalloc(cap, sizeof *t);
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*util_map_slot(t, cap, m->slots[i].key) = m->slots[i];
	free(m->slots);
	m->slots = t;
	m->cap = cap;
}

void util_map_put(util_map *m, const char *key, long long value)
{
	if (2 * (m->n + 1) > m->cap)
		util_map_grow(m);
	struct util_map_slot *s = util_map_slot(m->slots, m->cap, key);
	if (!s->key) {
		s->key = xstrdup(key);
		m->n++;
	}
	s->value = value;
}

bool util_map_get(const util_map *m, const char *key, long long *value)
{
	if (!m->cap)
		return false;
	struct util_map_slot *s = util_map_slot(m->slots, m->cap, key);
	if (s->key)
		*value = s->value;
	return s->key != NULL;
}

void util_map_free(util_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	*m = (util_map){0};
}

/* ---- content hash ------------------------------------------------------------------ */

/* Two lanes with different odd multipliers over 8-byte words, finished with the
 * MurmurHash3 mixer: fast (a plan file is read once) and spreads every bit. */
static uint64_t util_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static void util_hash_word(util_hash *h, uint64_t w)
{
	h->h[0] = util_rotl(h->h[0] ^ (w * 0x87c37b91114253d5u), 31) * 0x4cf5ad432745937fu;
	h->h[1] = util_rotl(h->h[1] ^ (w * 0x52dce729da3ed8f3u), 29) * 0x9e3779b97f4a7c15u + h->h[0];
}

static uint64_t util_fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdu;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53u;
	return k ^ (k >> 33);
}

void util_hash_init(util_hash *h)
{
	*h = (util_hash){.h = {0x243f6a8885a308d3u, 0x13198a2e03707344u}};
}

void util_hash_add(util_hash *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	h->len += n;
	while (n && h->ntail) { /* finish a word begun by the last call */
		h->tail[h->ntail++] = *p++;
		n--;
		if (h->ntail == 8) {
			uint64_t w;
			memcpy(&w, h->tail, 8);
			util_hash_word(h, w);
			h->ntail = 0;
		}
	}
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		util_hash_word(h, w);
	}
	if (n) { /* here the tail is empty: the loop above took what it held */
		memcpy(h->tail, p, n);
		h->ntail = (unsigned)n;
	}
}

void util_hash_hex(const util_hash *h, char out[33])
{
	util_hash c = *h;
	uint64_t w = 0;
	memcpy(&w, c.tail, c.ntail);
	util_hash_word(&c, w ^ ((uint64_t)c.ntail << 56));
	uint64_t a = util_fmix(c.h[0] ^ c.len), b = util_fmix(c.h[1] ^ util_rotl(c.len, 32));
	a += b;
	b += a;
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* ---- buffers -------------------------------------------------------------------- */

static void util_buf_grow(util_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			xmalloc_fail(SIZE_MAX);
		cap *= 2;
	}
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void util_buf_add(util_buf *b, const char *s, size_t n)
{
	util_buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void util_buf_puts(util_buf *b, const char *s)
{
	util_buf_add(b, s, strlen(s));
}

void util_buf_vprintf(util_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0) { /* < 0 only for a format this program never writes */
		util_buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void util_buf_printf(util_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	util_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *util_buf_take(util_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	*b = (util_buf){0};
	return s;
}

void util_buf_free(util_buf *b)
{
	free(b->s);
	*b = (util_buf){0};
}

/* ---- atomic files --------------------------------------------------------------- */

static void util_atomic_release(util_atomic *a)
{
	if (a->fp)
		fclose(a->fp);
	free(a->tmp);
	free(a->path);
	*a = (util_atomic){0};
}

void util_atomic_abort(util_atomic *a)
{
	if (a->tmp)
		unlink(a->tmp);
	util_atomic_release(a);
}

/* "cannot write: reason", or "cannot write the backup: reason" for a named file. */
static int util_atomic_fail(const util_atomic *a, ab_err *err, int code, const char *path,
			    int e)
{
	return err_set_at(err, code, path, 0, 0, "cannot write%s%s: %s", a->what ? " " : "",
			  a->what ? a->what : "", strerror(e));
}

int util_atomic_begin(util_atomic *a, const char *path, mode_t mode, ab_err *err)
{
	return util_atomic_begin_named(a, path, mode, NULL, err);
}

int util_atomic_begin_named(util_atomic *a, const char *path, mode_t mode, const char *what,
			    ab_err *err)
{
	*a = (util_atomic){.what = what};
	size_t n = strlen(path);
	a->path = xstrdup(path);
	a->tmp = xmalloc(n + sizeof ".XXXXXX");
	memcpy(a->tmp, path, n);
	memcpy(a->tmp + n, ".XXXXXX", sizeof ".XXXXXX");
	/* mkostemp opens with O_CREAT|O_EXCL, which never follows a symlink at the name. */
	int fd = mkostemp(a->tmp, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		free(a->tmp);
		a->tmp = NULL;
		util_atomic_fail(a, err, EX_CANTCREAT, path, e);
		util_atomic_release(a);
		return err->code;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask) != 0 || !(a->fp = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		util_atomic_fail(a, err, EX_CANTCREAT, path, e);
		util_atomic_abort(a);
		return err->code;
	}
	return 0;
}

/* fsync the directory that holds path, so the rename survives a crash. */
static void util_sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int util_atomic_commit(util_atomic *a, bool replace, ab_err *err)
{
	int e = 0;
	if (fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0)
		e = errno ? errno : EIO;
	if (fclose(a->fp) != 0 && !e)
		e = errno;
	a->fp = NULL;
	if (!e) {
		int rc = replace ? rename(a->tmp, a->path)
				 : renameat2(AT_FDCWD, a->tmp, AT_FDCWD, a->path, RENAME_NOREPLACE);
		/* A file system without RENAME_NOREPLACE: link() refuses an existing name too. */
		if (rc != 0 && !replace && (errno == EINVAL || errno == ENOSYS)) {
			rc = link(a->tmp, a->path);
			if (rc == 0)
				unlink(a->tmp);
		}
		if (rc != 0)
			e = errno;
	}
	if (e) {
		if (e == EEXIST)
			err_set_at(err, EX_CANTCREAT, a->path, 0, 0,
				   "already exists (use --force to replace it)");
		else if (a->what)
			util_atomic_fail(a, err, EX_IOERR, a->path, e);
		else
			err_set_at(err, EX_IOERR, a->path, 0, 0, "%s", strerror(e));
		util_atomic_abort(a);
		return err->code;
	}
	util_sync_dir(a->path);
	util_atomic_release(a);
	return 0;
}

ssize_t util_read_head(const char *path, void *buf, size_t n, off_t *size)
{
	if (size)
		*size = -1;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat sb;
	ssize_t got = 0;
	bool regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	if (regular && size)
		*size = sb.st_size;
	while (regular && (size_t)got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - (size_t)got, got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += r;
	}
	close(fd);
	return got;
}
