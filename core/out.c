#include "out.h"

#include <string.h>

#include "query.h"
#include "text.h"

void out_json_str(FILE *fp, const char *s)
{
	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
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

void out_cell(FILE *fp, const char *s, int cols)
{
	if (cols <= 0)
		return;
	if (!s)
		s = "";
	int w = text_width(s);
	if (w <= cols) {
		fputs(s, fp);
		fprintf(fp, "%*s", cols - w, "");
		return;
	}
	int used;
	size_t n = text_fit(s, cols - 1, &used);
	/* Control characters would break the table; show them as spaces. */
	for (size_t i = 0; i < n; i++)
		fputc((unsigned char)s[i] < 0x20 ? ' ' : s[i], fp);
	fputs("…", fp);
	fprintf(fp, "%*s", cols - 1 - used, "");
}

void out_owners_json(FILE *fp, const char *owners)
{
	fputc('[', fp);
	for (const char *p = owners; *p;) {
		const char *end = strchr(p, QUERY_OWNER_SEP);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char name[1024];
		snprintf(name, sizeof name, "%.*s", (int)n, p);
		if (p != owners)
			fputs(", ", fp);
		out_json_str(fp, name);
		p += n + (end ? 1 : 0);
	}
	fputc(']', fp);
}

void out_owners_joined(const char *owners, const char *sep, char *buf, size_t n)
{
	size_t j = 0, seplen = strlen(sep);
	for (const char *p = owners; *p && j + seplen + 1 < n; p++) {
		if (*p == QUERY_OWNER_SEP) {
			memcpy(buf + j, sep, seplen);
			j += seplen;
		} else {
			buf[j++] = *p;
		}
	}
	buf[j] = 0;
}
