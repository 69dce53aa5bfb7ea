/*
 * out — writing values in the machine formats: JSON strings and RFC 4180 CSV fields,
 * and a padded/truncated cell for fixed-width tables.
 *
 * Contract: each function writes one value to `fp` and returns nothing; strings are UTF-8
 * and NULL prints as JSON null / an empty CSV field / an empty cell.
 *
 * Safety (text.h): what these write is valid UTF-8 that no terminal acts on, whatever the
 * database holds. JSON escapes the control characters (C0 as JSON requires, DEL, C1 and
 * bidi controls as \uXXXX too) and writes U+FFFD for a byte that is not UTF-8; CSV and
 * cells write text as text_put does (CSV keeps line breaks inside its quotes), and a CSV
 * field is never a formula unless asked for raw.
 */
#ifndef AB_OUT_H
#define AB_OUT_H

#include <stdbool.h>
#include <stdio.h>

void out_json_str(FILE *fp, const char *s);
/* `raw` false: a field that begins with =, +, -, @, tab or CR is written '-prefixed and
 * quoted, so that no spreadsheet takes it for a formula (OWASP, "CSV injection"). */
void out_csv_field(FILE *fp, const char *s, bool raw);
/* The UTF-8 byte-order mark, first in a CSV file, by which spreadsheets (Excel) know the
 * file is UTF-8 and show £, – and • as themselves. */
void out_csv_bom(FILE *fp);
/* Writes s in exactly `cols` columns: padded with spaces, or cut with "…". */
void out_cell(FILE *fp, const char *s, int cols);

/*
 * An owners list as query_action gives it (names separated by QUERY_OWNER_SEP): as a JSON
 * array, or joined by `sep` (e.g. "; ") into a new string that the caller frees. Nothing
 * is cut, however long the names.
 */
void out_owners_json(FILE *fp, const char *owners);
char *out_owners_joined(const char *owners, const char *sep);

#endif
