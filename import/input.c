/*
 * input — the first stage: the bytes given become lines of clean UTF-8 text.
 *
 * What a published plan's text can carry that later stages should not see: a byte-order
 * mark (Word), CRLF or CR line ends, no-break and other Unicode spaces where the document
 * had a space, Unicode line or paragraph separators inside a cell. All of them are made
 * plain here, so that labels, refs, dates and owners match whatever the exporter did.
 */
#include <string.h>

#include "import_priv.h"

/* Length of the valid UTF-8 character at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!len || s[0] > 0xF4 || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return len;
}

/* Refuses what is not UTF-8 text, naming the line. */
static int check_text(imp *im, const char *data, size_t len)
{
	int line = 1;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)data + i;
		if (!u[0])
			return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
					  "binary data (a NUL byte): give the text extracted from the plan");
		size_t k = utf8_len(u, len - i);
		if (!k)
			return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
					  "not UTF-8 text (byte 0x%02X); convert it first, e.g. with iconv",
					  u[0]);
		line += u[0] == '\n';
		i += k;
	}
	return 0;
}

bool imp_space_cp(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x85 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/*
 * What the k-byte character at u becomes: ' ' for a space (imp_space_cp), 0 to drop it
 * (a byte-order mark inside the text), -1 to keep it.
 */
static int plain_char(const unsigned char *u, size_t k)
{
	uint32_t cp = 0;
	if (k == 2)
		cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
	else if (k == 3)
		cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	else
		return -1;
	if (imp_space_cp(cp))
		return ' ';
	return cp == 0xFEFF ? 0 : -1;
}

/* Copies the text with plain line ends and spaces; returns its length in `out`. */
static size_t plain_copy(const char *data, size_t len, char *out)
{
	size_t j = 0;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)data + i;
		size_t k = utf8_len(u, len - i);
		int c = plain_char(u, k);
		if (u[0] == '\r') {
			out[j++] = '\n';
			k = i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
		} else if (c >= 0) {
			if (c)
				out[j++] = (char)c;
		} else {
			memcpy(out + j, u, k);
			j += k;
		}
		i += k;
	}
	out[j] = 0;
	return j;
}

int imp_input(imp *im, const char *data, size_t len)
{
	if (len == 0)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0, "empty file: no action plan to import");
	if (len > IMPORT_MAX_INPUT)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "file too large (%zu bytes; at most %u): not an action plan's text", len,
				  IMPORT_MAX_INPUT);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	int rc = check_text(im, data, len);
	if (rc)
		return rc;
	char *text = imp_alloc(im, len + 1);
	if (!text)
		return EX_OSERR;
	len = plain_copy(data, len, text);
	size_t nl = 1;
	for (size_t i = 0; i < len; i++)
		nl += text[i] == '\n';
	if (!(im->lines = imp_alloc(im, nl * sizeof *im->lines)))
		return EX_OSERR;
	char *p = text;
	for (size_t i = 0; i <= len; i++)
		if (i == len || text[i] == '\n') {
			text[i] = 0;
			im->lines[im->nlines++] = p;
			p = text + i + 1;
		}
	return 0;
}

size_t imp_split_cells(char *line, char **cells, size_t max)
{
	size_t n = 0;
	cells[n++] = line;
	for (char *p = line; *p; p++)
		if (*p == '\t') {
			*p = 0;
			if (n < max)
				cells[n++] = p + 1;
			else
				*p = '\t'; /* extra cells stay in the last one */
		}
	return n;
}
