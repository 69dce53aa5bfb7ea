#include "text.h"

#include <string.h>

int text_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	int len;
	uint32_t c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return len;
}

int text_cp_width(uint32_t c)
{
	if (c == 0)
		return 0;
	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 1; /* shown as a substitute by callers */
	/* Combining marks and zero-width characters. */
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF ||
	    (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x20D0 && c <= 0x20FF))
		return 0;
	/* East Asian wide and fullwidth ranges. */
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
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
