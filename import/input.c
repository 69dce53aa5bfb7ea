/*
 * input — the first stage: the bytes given become lines of clean UTF-8 text.
 *
 * What a published plan's text can carry that later stages should not see: a byte-order
 * mark (Word), CRLF or CR line ends, no-break and other Unicode spaces where the document
 * had a space, Unicode line or paragraph separators inside a cell. All of them are made
 * plain here, so that labels, refs, dates and owners match whatever the exporter did.
 */
#include <string.h>

#include "../core/text.h"
#include "import_priv.h"

/* Refuses what is not UTF-8 text, naming the line (core/text's one validator). */
static int check_text(imp *im, const char *data, size_t len)
{
	size_t bad;
	if (text_utf8_valid(data, len, &bad))
		return 0;
	int line = 1;
	for (size_t i = 0; i < bad; i++)
		line += data[i] == '\n';
	if (!data[bad])
		return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
				  "binary data (a NUL byte): give the text extracted from the plan");
	return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
			  "not UTF-8 text (byte 0x%02X); convert it first, e.g. with iconv",
			  (unsigned char)data[bad]);
}

bool imp_space_cp(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x85 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/*
 * What the character cp becomes: ' ' for a space (imp_space_cp) and for a control
 * character other than the tab, CR and LF that shape the table (a form feed left by
 * extraction), 0 to drop it (a byte-order mark inside the text, a bidi control: the plan
 * file must hold only text people read, see core/text.h), -1 to keep it.
 */
static int plain_char(uint32_t cp)
{
	if (imp_space_cp(cp))
		return ' ';
	if (cp == 0xFEFF)
		return 0;
	if (text_cp_shown(cp) || cp == '\t' || cp == '\n' || cp == '\r')
		return -1;
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? ' ' : 0;
}

/* Copies the valid UTF-8 text with plain line ends and spaces; returns its length. */
static size_t plain_copy(const char *data, size_t len, char *out)
{
	size_t j = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = (size_t)text_decode(data + i, &cp);
		int c = plain_char(cp);
		if (data[i] == '\r') {
			out[j++] = '\n';
			k = i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
		} else if (c >= 0) {
			if (c)
				out[j++] = (char)c;
		} else {
			memcpy(out + j, data + i, k);
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
	len = plain_copy(data, len, text);
	size_t nl = 1;
	for (size_t i = 0; i < len; i++)
		nl += text[i] == '\n';
	im->lines = imp_alloc(im, nl * sizeof *im->lines);
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
