#include "out.h"


#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "text.h"

/*
 * JSON keeps the text exactly where it can and stays valid UTF-8 that no terminal acts on:
 * quote, backslash and the C0 controls escaped as JSON requires; DEL, the C1 and bidi
 * controls escaped as \uXXXX too (they are valid JSON, but a terminal showing the raw
 * output could obey them); a byte that is not UTF-8 becomes U+FFFD, as it cannot be kept.
 */
static void out_json_strn(FILE *fp, const char *s, size_t n)
{
	fputc('"', fp);
	for (size_t i = 0; i < n && s[i];) {
		uint32_t cp;
		size_t len = (size_t)text_decode(s + i, &cp);
		if (i + len > n)
			cp = TEXT_BAD, len = 1;
		switch (cp) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		case TEXT_BAD: fputs("\\ufffd", fp); break;
		default:
			if (text_cp_shown(cp))
				fwrite(s + i, 1, len, fp);
			else
				fprintf(fp, "\\u%04x", (unsigned)cp);
		}
		i += len;
	}
	fputc('"', fp);
}

void out_json_str(FILE *fp, const char *s)
{
	if (!s) {
		fputs("null", fp);
		return;
	}
	out_json_strn(fp, s, strlen(s));
}


/*
 * CSV goes to files and terminals alike: the field is made safe as text_put makes it
 * (line breaks kept, as RFC 4180 allows inside quotes; tab and CR become spaces), then
 * quoted when it holds a comma, a quote or a line break. Unless `raw`, a field a
 * spreadsheet would take for a formula (its first character =, +, -, @, tab or CR) gets a
 * ' in front and quotes around it, as OWASP's "CSV injection" advice says: Excel and
 * LibreOffice then show the text, and run nothing.
 */
void out_csv_field(FILE *fp, const char *s, bool raw)
{
	if (!s)
		return;
	char *safe = text_safe_dup(s, TEXT_MULTILINE);
	bool formula = !raw && *s && strchr("=+-@\t\r", *s);
	if (!formula && !strpbrk(safe, ",\"\n")) {
		fputs(safe, fp);
	} else {
		fputc('"', fp);
		if (formula)
			fputc('\'', fp);
		for (const char *p = safe; *p; p++) {
			if (*p == '"')
				fputc('"', fp);
			fputc(*p, fp);
		}
		fputc('"', fp);
	}
	free(safe);
}

void out_csv_bom(FILE *fp)
{
	fputs("\xEF\xBB\xBF", fp);
}

/* Cut where the text is wider than the cell; each character a terminal could act on is
 * written as text_put writes it, which keeps its one column. */
void out_cell(FILE *fp, const char *s, int cols)
{
	if (cols <= 0)
		return;
	if (!s)
		s = "";
	int used;
	size_t n = strlen(s);
	if (text_width(s) <= cols)
		used = text_width(s);
	else
		n = text_fit(s, cols - 1, &used);
	text_put_n(fp, s, n, 0);
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
	char *buf = xmalloc(n), *q = buf;
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
