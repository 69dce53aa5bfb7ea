#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "text.h"

void out_json_str(FILE *fp, const char *s)
{
	if (!s) {
		fputs("null", fp);
		return;
	}
	out_json_strn(fp, s, strlen(s));
}

void out_json_strn(FILE *fp, const char *s, size_t n)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + n; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

void out_csv_field(FILE *fp, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void out_csv_bom(FILE *fp)
{
	fputs("\xEF\xBB\xBF", fp);
}

/* Writes n bytes of s with control characters (tab, escape sequences from a plan's text)
 * shown as spaces, so that they can neither break the table nor drive the terminal. */
static void out_visible(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		fputc(c < 0x20 || c == 0x7F ? ' ' : c, fp);
	}
}

void out_cell(FILE *fp, const char *s, int cols)
{
	if (cols <= 0)
		return;
	if (!s)
		s = "";
	int used;
	size_t n = strlen(s);
	if (text_width(s) <= cols) {
		used = text_width(s);
	} else {
		n = text_fit(s, cols - 1, &used);
	}
	out_visible(fp, s, n);
	if (n < strlen(s)) {
		fputs("…", fp);
		used++;
	}
	fprintf(fp, "%*s", cols - used, "");
}

void out_owners_json(FILE *fp, const char *owners)
{
	fputc('[', fp);
	for (const char *p = owners; *p;) {
		size_t n = strcspn(p, (char[]){QUERY_OWNER_SEP, 0});
		if (p != owners)
			fputs(", ", fp);
		out_json_strn(fp, p, n);
		p += n + (p[n] ? 1 : 0);
	}
	fputc(']', fp);
}

char *out_owners_joined(const char *owners, const char *sep)
{
	size_t n = 1, seplen = strlen(sep);
	for (const char *p = owners; *p; p++)
		n += *p == QUERY_OWNER_SEP ? seplen : 1;
	char *buf = malloc(n), *q = buf;
	if (!buf)
		return NULL;
	for (const char *p = owners; *p; p++) {
		if (*p == QUERY_OWNER_SEP) {
			memcpy(q, sep, seplen);
			q += seplen;
		} else {
			*q++ = *p;
		}
	}
	*q = 0;
	return buf;
}
