#include "text.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int text_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	int len;
	uint32_t c, min;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = TEXT_BAD;
		return 1;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = TEXT_BAD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past Unicode are not UTF-8 (RFC 3629). */
	if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
		*cp = TEXT_BAD;
		return 1;
	}
	*cp = c;
	return len;
}

size_t text_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

bool text_cp_shown(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == TEXT_BAD)
		return false;
	/* Bidi controls reorder the text around them: shown, they could disguise it. */
	if (c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069))
		return false;
	return true;
}

bool text_utf8_valid(const char *s, size_t n, size_t *bad)
{
	for (size_t i = 0; i < n;) {
		/* The lead byte says how long the character is: never read past n to decode it
		 * (s need not end in a NUL here). */
		unsigned char b = (unsigned char)s[i];
		size_t want = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
		uint32_t cp = TEXT_BAD;
		size_t len = 1;
		if (b && want <= n - i) {
			char tmp[5] = {0};
			memcpy(tmp, s + i, want);
			len = (size_t)text_decode(tmp, &cp);
		}
		if (cp == TEXT_BAD || cp == 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

bool text_clean(const char *s)
{
	for (size_t i = 0; s[i];) {
		uint32_t cp;
		i += (size_t)text_decode(s + i, &cp);
		if (!text_cp_shown(cp) && cp != '\t' && cp != '\n' && cp != '\r')
			return false;
	}
	return true;
}

bool text_input_ok(const char *s, size_t *bad, uint32_t *cp)
{
	for (size_t i = 0; s[i];) {
		uint32_t c;
		int len = text_decode(s + i, &c);
		if (!text_cp_shown(c) && c != '\t' && c != '\n') {
			*bad = i;
			*cp = c;
			return false;
		}
		i += (size_t)len;
	}
	return true;
}

size_t text_length_n(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n && s[i]; count++)
		i += (size_t)text_decode(s + i, &(uint32_t){0});
	return count;
}

size_t text_length(const char *s)
{
	size_t n = 0;
	for (size_t i = 0; s[i]; n++)
		i += (size_t)text_decode(s + i, &(uint32_t){0});
	return n;
}

/*
 * The one walk behind text_put, text_put_n and text_safe_add: runs of characters that may
 * be shown are passed on whole, everything else as its replacement. Stops at NUL or after
 * `max` bytes.
 */
static void text_safe_walk(const char *s, size_t max, unsigned flags,
			   void (*emit)(const char *p, size_t n, void *ctx), void *ctx)
{
	size_t run = 0, i = 0;
	while (i < max && s[i]) {
		uint32_t cp;
		int len = text_decode(s + i, &cp);
		if (i + (size_t)len > max) /* a character cut by max: not ours to show */
			cp = TEXT_BAD, len = 1;
		if (text_cp_shown(cp)) {
			i += (size_t)len;
			continue;
		}
		if (i > run)
			emit(s + run, i - run, ctx);
		if (cp == '\n' && (flags & TEXT_MULTILINE))
			emit("\n", 1, ctx);
		else if (cp == '\t' || cp == '\n' || cp == '\r')
			emit(" ", 1, ctx);
		else
			emit(TEXT_MARK, sizeof TEXT_MARK - 1, ctx);
		i += (size_t)len;
		run = i;
	}
	if (i > run)
		emit(s + run, i - run, ctx);
}

static void text_emit_file(const char *p, size_t n, void *ctx)
{
	fwrite(p, 1, n, ctx);
}

static void text_emit_buf(const char *p, size_t n, void *ctx)
{
	util_buf_add(ctx, p, n);
}

void text_put(FILE *fp, const char *s, unsigned flags)
{
	text_safe_walk(s, SIZE_MAX, flags, text_emit_file, fp);
}

void text_put_n(FILE *fp, const char *s, size_t n, unsigned flags)
{
	text_safe_walk(s, n, flags, text_emit_file, fp);
}

void text_safe_add(util_buf *b, const char *s, unsigned flags)
{
	text_safe_walk(s, SIZE_MAX, flags, text_emit_buf, b);
}

char *text_safe_dup(const char *s, unsigned flags)
{
	util_buf b = {0};
	text_safe_add(&b, s, flags);
	return util_buf_take(&b);
}

/*
 * The terminal's width of c: the C library's wcwidth in a UTF-8 locale, which is what
 * ncurses moves the cursor by and what terminals on the same system draw by. The running
 * locale's when its character set is UTF-8 (the dashboard's, see tui/term.c); otherwise
 * (the command line in the C locale) C.UTF-8's, since UTF-8 is what is printed either way.
 */
static int text_wcwidth(uint32_t c)
{
	static locale_t utf8;
	static bool tried;
	const char *cs = nl_langinfo(CODESET);
	if (cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8")))
		return wcwidth((wchar_t)c);
	if (!tried) {
		tried = true;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (!utf8)
		return -1;
	locale_t old = uselocale(utf8);
	int w = wcwidth((wchar_t)c);
	uselocale(old);
	return w;
}

int text_cp_width(uint32_t c)
{
	if (c == 0)
		return 0;
	if (c < 0x7F) /* printable ASCII, the most of any text, at once; C0 as TEXT_MARK */
		return 1;
	if (!text_cp_shown(c))
		return 1; /* shown as TEXT_MARK or a space */
	/* wcwidth says -1 for code points not assigned yet; ncurses and terminals give them
	 * one column (a blank). */
	int w = text_wcwidth(c);
	return w < 0 ? 1 : w;
}

int text_width_n(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n && s[i]) {
		uint32_t cp;
		i += (size_t)text_decode(s + i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

int text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

size_t text_fit(const char *s, int cols, int *used)
{
	size_t i = 0;
	int w = 0;
	while (s[i]) {
		uint32_t cp;
		int len = text_decode(s + i, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += (size_t)len;
	}
	if (used)
		*used = w;
	return i;
}

size_t text_wrap(const char *s, int cols, size_t *next)
{
	size_t start = 0;
	while (s[start] == ' ')
		start++;
	if (!s[start] || cols <= 0) {
		*next = 0;
		return 0;
	}
	const char *p = s + start;
	size_t fit = text_fit(p, cols, NULL);
	if (fit == 0) /* a character wider than the line: take it anyway */
		fit = (size_t)text_decode(p, &(uint32_t){0});
	if (!p[fit]) {
		*next = start + fit;
		return start + fit;
	}
	/* Break at the last space inside the fitting part, if there is one. */
	size_t brk = fit;
	if (p[fit] != ' ') {
		size_t k = fit;
		while (k > 0 && p[k - 1] != ' ')
			k--;
		if (k > 0)
			brk = k;
	}
	size_t end = brk;
	while (end > 0 && p[end - 1] == ' ')
		end--;
	size_t nx = brk;
	while (p[nx] == ' ')
		nx++;
	*next = start + nx;
	return start + end;
}
