/*
 * table — the plan table, one line a row: the header row names the columns (and so the
 * scheme: an "Agreed?" column means recommendations); each later row is an item row (a
 * ref in the first cell), a section or "Directed to:" row, or a continuation row (first
 * cell empty) that belongs to the item above. A row of dashes or the plan's own summary
 * table ends it; the summary's figures must agree with what was read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_priv.h"

#define MAX_HEADER_CELLS 32

static char *clean_cell(imp *im, const char *s)
{
	return imp_clean(im, s, strlen(s));
}

int imp_column_role(const char *c)
{
	/* "Agreed/ Partly Agreed/ Not Agreed", older plans' "Accepted/ Rejected" */
	if (strcasestr(c, "agreed") || strcasestr(c, "accepted") || strcasestr(c, "rejected"))
		return COL_AGREE;
	/* "Responsible Owner", older plans' "Function Responsible/ Policy Lead" */
	if (strcasestr(c, "owner") || strcasestr(c, "responsible") || strcasestr(c, "lead"))
		return COL_OWNER;
	if (strcasestr(c, "target") || strcasestr(c, "date"))
		return COL_TARGET;
	if (strcasestr(c, "response") || strcasestr(c, "action"))
		return COL_RESP;
	if (strcasestr(c, "recommendation") || strcasestr(c, "concern") || strcasestr(c, "finding"))
		return COL_FIND;
	return -1;
}

int imp_header_cols(const char *const *cells, size_t n, int col[NCOLS])
{
	if (n < 4)
		return 0;
	for (int k = 0; k < NCOLS; k++)
		col[k] = -1;
	const char *c0 = cells[0];
	if (!strcasestr(c0, "rec") && !strcasestr(c0, "no") && !strcasestr(c0, "ref") && !strcasestr(c0, "concern"))
		return 0;
	col[COL_REF] = 0;
	for (size_t i = 1; i < n; i++) {
		int role = imp_column_role(cells[i]);
		if (role >= 0 && col[role] < 0)
			col[role] = (int)i;
	}
	return col[COL_FIND] >= 0 && col[COL_RESP] >= 0 && col[COL_OWNER] >= 0 && col[COL_TARGET] >= 0;
}

/* A row that names a ref column and some others but not all the plan needs: kept (the
 * one naming most) for the error that says which columns were found. */
static void near_header(imp *im, const char *const *cells, size_t n, const int col[NCOLS])
{
	static const char *const need[NCOLS] = {"ref", "finding ('Recommendation' or 'Concerns')", "agreement",
						"response ('Action Taken')", "owner ('Responsible Owner')",
						"target ('Target Date')"};
	int found = 0;
	for (int k = 0; k < NCOLS; k++)
		found += n >= 4 && col[k] >= 0;
	if (found < 3 || (im->near_line && found <= im->near_found))
		return;
	im->near_found = found;
	size_t at = 0;
	char *m = im->near_msg;
	for (size_t i = 0; i < n && at < sizeof im->near_msg; i++)
		at += (size_t)snprintf(m + at, sizeof im->near_msg - at, "%s'%s'", i ? ", " : "", imp_excerpt(im, cells[i], 40));
	for (int k = 0, first = 1; k < NCOLS && at < sizeof im->near_msg; k++)
		if (col[k] < 0 && k != COL_AGREE) {
			at += (size_t)snprintf(m + at, sizeof im->near_msg - at, "%s%s", first ? "; no " : ", no ", need[k]);
			first = 0;
		}
}

/* Is `line` the table's header row? If so its columns are taken. */
static bool header_row(imp *im, const char *line)
{
	char *cells[MAX_HEADER_CELLS];
	char *copy = imp_strdup(im, line);
	size_t n = imp_split_cells(copy, cells, MAX_HEADER_CELLS);
	for (size_t i = 0; i < n; i++)
		cells[i] = clean_cell(im, cells[i]);
	int col[NCOLS];
	if (!imp_header_cols((const char *const *)cells, n, col)) {
		near_header(im, (const char *const *)cells, n, col);
		return false;
	}
	memcpy(im->col, col, sizeof col);
	im->ncells = (int)n;
	im->recs = col[COL_AGREE] >= 0;
	return true;
}

/* "S37 (1)", "1.10 (8)", "1.1", "\$38 (2)" (S38, repaired). 0: not a ref, 1: a ref. */
static int parse_ref(imp *im, const char *cell, int line, const char **ref, int *seq)
{
	const char *s = cell;
	bool repaired = false;
	while (*s == '\\')
		s++, repaired = true;
	char buf[64];
	size_t j = 0;
	if (*s == '$' && imp_digit(s[1]))
		buf[j++] = 'S', s++, repaired = true;
	while (imp_alpha(*s) && j < 3)
		buf[j++] = (char)(*s++ & ~0x20); /* ASCII upper case */
	if (!imp_digit(*s))
		return 0;
	while ((imp_digit(*s) || (*s == '.' && imp_digit(s[1]))) && j + 1 < sizeof buf)
		buf[j++] = *s++;
	buf[j] = 0;
	if (*s == '.')
		s++;
	s = imp_skip_spaces(s);
	*seq = 0;
	if (*s == '(') {
		int v = 0, k = 0;
		for (s++; imp_digit(*s) && k < 6; s++, k++)
			v = v * 10 + (*s - '0');
		if (!k || v <= 0 || *s != ')')
			return 0;
		*seq = v;
		s++;
	}
	if (*imp_skip_spaces(s))
		return 0;
	*ref = imp_strdup(im, buf);
	if (repaired)
		imp_warn(im, line, "ref '%s' read as '%s'", cell, buf);
	return 1;
}

static void close_item(imp *im)
{
	imp_item *it = im->cur;
	im->cur = NULL;
	if (it)
		imp_item_finish(im, it);
}

/* "Main recommendations to the Governor": the owner after " to (the) ", NULL if none. */
static const char *section_to(const char *s)
{
	const char *p = strcasestr(s, " to ");
	if (!p)
		return NULL;
	p = imp_skip_spaces(p + 4);
	if (imp_starts_ci(p, "the "))
		p = imp_skip_spaces(p + 4);
	return *p ? p : NULL;
}

const char *imp_section_of(const char *s)
{
	size_t limit = section_to(s) ? 12 : 6;
	if (imp_count_words(s, limit + 2) > limit || (!strcasestr(s, "concern") && !strcasestr(s, "recommendation")))
		return NULL;
	if (imp_starts_ci(s, "priority"))
		return "priority";
	if (imp_starts_ci(s, "key") || imp_starts_ci(s, "areas of key") || imp_starts_ci(s, "main"))
		return "key";
	if (imp_starts_ci(s, "general") || imp_starts_ci(s, "other") || imp_starts_ci(s, "additional"))
		return "general";
	return NULL;
}

/* The text after a leading "Directed to" and an optional colon; NULL when it is not one. */
static const char *after_directed(const char *s)
{
	if (!imp_starts_ci(s, "directed to"))
		return NULL;
	s = imp_skip_spaces(s + strlen("directed to"));
	return *s == ':' ? imp_skip_spaces(s + 1) : s;
}

/* A "Directed to:" block: the owner it names, folded when known. */
static void set_directed(imp *im, const char *v)
{
	const char *f = imp_fold_owner(im, v);
	im->directed_to = f ? f : imp_strdup(im, v);
}

/* A section heading: its category, and the owner it names ("… to the Governor") as
 * a "Directed to:" block would: one the settings know, or a name (a capital, at most five
 * words) said in a warning; other words after "to" ("to be addressed") name nobody. */
static void section(imp *im, const char *cat, const char *s, int line)
{
	im->category = cat;
	const char *to = section_to(s);
	if (!to)
		return;
	bool known = imp_fold_owner(im, to) != NULL;
	if (!known && !(imp_upper(to[0]) && imp_count_words(to, 6) <= 5))
		return;
	if (!known)
		imp_warn(im, line, "'%s' read as the owner the section heading is directed to", imp_excerpt(im, to, 60));
	im->saw_directed = true;
	set_directed(im, to);
}

/*
 * A row with only the finding cell filled: a section, a "Directed to:" block, or text.
 * Returns whether it was a block row.
 */
static bool block_row(imp *im, const char *s, int line)
{
	const char *cat = imp_section_of(s), *v;
	if (cat) {
		close_item(im);
		section(im, cat, s, line);
		return true;
	}
	if ((v = after_directed(s))) {
		close_item(im);
		set_directed(im, v);
		im->saw_directed = true;
		return true;
	}
	bool known = imp_fold_owner(im, s) != NULL;
	imp_item *cur = im->cur;
	bool finding_done = !cur || imp_ends_terminal(imp_text(cur->find), cur->find->len);
	if (!im->saw_directed || !finding_done ||
	    !(known || (imp_count_words(s, 6) <= 5 && imp_upper(s[0]) && !imp_ends_terminal(s, strlen(s)))))
		return false;
	if (!known)
		imp_warn(im, line, "'%s' read as a \"Directed to\" block", s);
	close_item(im);
	set_directed(im, s);
	return true;
}

static int new_item(imp *im, const char *ref, int seq, int line)
{
	if (im->nitems >= IMPORT_MAX_ITEMS)
		return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
				  "more than %d items: not an action plan this importer can read", IMPORT_MAX_ITEMS);
	for (size_t i = 0; i < im->nitems; i++) /* quadratic, but in at most IMPORT_MAX_ITEMS */
		if (!strcmp(im->items[i]->ref, ref))
			return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
					  "ref %s appears twice (first at line %d)", ref, im->items[i]->line);
	imp_item *it = imp_alloc(im, sizeof *it);
	it->find = imp_buf(im);
	imp_grow(im, &im->items, im->nitems, &im->capitems, sizeof *im->items);
	it->line = line;
	it->ref = ref;
	it->seq = seq;
	if (!im->category) {
		im->category = im->recs ? "general" : "key";
		imp_warn(im, line, "no section heading before %s: category '%s' assumed", ref, im->category);
	}
	it->category = im->category;
	it->directed_to = im->directed_to;
	imp_item *prev = im->nitems ? im->items[im->nitems - 1] : NULL;
	if (im->recs && !seq)
		imp_warn(im, line, "%s has no running number in brackets", ref);
	else if (seq && prev && prev->seq && seq != prev->seq + 1)
		imp_warn(im, line, "%s has running number %d after %d", ref, seq, prev->seq);
	im->items[im->nitems++] = it;
	im->cur = it;
	return 0;
}

static void add_finding(imp *im, imp_item *it, const char *s, int line)
{
	if (!*s)
		return;
	if (it->find->len && imp_ends_terminal(it->find->s, it->find->len) && imp_count_words(s, 2) <= 1) {
		imp_warn(im, line, "stray '%s' in the finding column of %s dropped (page-break debris)",
			 imp_excerpt(im, s, 40), it->ref);
		return;
	}
	imp_join(it->find, s);
}

static bool is_dashes(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (const char *p = cells[i]; *p; p++)
			if (*p != '-' && *p != ' ')
				return false;
	return cells[0][0] == '-';
}

static const char *cell(imp *im, char **cells, size_t n, int role)
{
	int c = im->col[role];
	return c >= 0 && (size_t)c < n ? cells[c] : "";
}

static imp_row *make_row(imp *im, char **cells, size_t n, int line)
{
	imp_row *r = imp_alloc(im, sizeof *r);
	r->line = line;
	r->find = clean_cell(im, cell(im, cells, n, COL_FIND));
	r->agree = clean_cell(im, cell(im, cells, n, COL_AGREE));
	imp_cell_paras(im, cell(im, cells, n, COL_RESP), &r->resp);
	imp_cell_paras(im, cell(im, cells, n, COL_OWNER), &r->owner);
	imp_cell_paras(im, cell(im, cells, n, COL_TARGET), &r->target);
	size_t want = r->owner.n > r->target.n ? r->owner.n : r->target.n;
	imp_fold_lists(im, &r->resp, want);
	return r;
}

static bool only_finding(const imp_row *r)
{
	return *r->find && !*r->agree && !r->resp.n && !r->owner.n && !r->target.n;
}

/*
 * A first cell that is not a ref: a section (0: done), the summary table after the plan
 * (-1: the table ends), the header row repeated on a new page (0), or text, which is
 * read as the start of the finding cell (2: go on with the row), or an error code.
 */
static int odd_first_cell(imp *im, const char *first, char **cells, size_t n, int ln)
{
	const char *sec = imp_section_of(first);
	if (sec) {
		close_item(im);
		section(im, sec, first, ln);
		return 0;
	}
	if (n <= 2)
		return -1; /* "Recommendations\t…": the summary table after the plan */
	if (strcasestr(first, "rec no"))
		return 0;
	imp_warn(im, ln, "first cell '%s' is not a ref; row read as a continuation", imp_excerpt(im, first, 40));
	util_buf *f = imp_buf(im); /* both raw, so that make_row cleans them once */
	util_buf_puts(f, cells[0]);
	imp_join(f, cell(im, cells, n, COL_FIND));
	cells[im->col[COL_FIND]] = f->s ? f->s : "";
	return 2;
}

/*
 * Older plans number their rows 1, 2, 3 and end the finding with the report's reference:
 * "… should be investigated. (S53)". Then the ref is S53 and the number its running number
 * (said in a warning), and the reference leaves the text. Returns whether it was so.
 */
static bool trailing_ref(imp *im, char **cells, size_t n, int line, const char **ref, int *seq)
{
	const char *r = *ref;
	for (const char *p = r; *p; p++)
		if (!imp_digit(*p))
			return false;
	int c = im->col[COL_FIND];
	if (*seq || c < 0 || (size_t)c >= n || strlen(r) > 4)
		return false;
	char *f = clean_cell(im, cells[c]);
	size_t len = strlen(f);
	char *open = strrchr(f, '(');
	if (!len || f[len - 1] != ')' || !open || open == f)
		return false;
	char inner[64];
	snprintf(inner, sizeof inner, "%.*s", (int)(f + len - 1 - open - 1), open + 1);
	const char *nref;
	int nseq;
	if (!parse_ref(im, inner, line, &nref, &nseq) || nseq ||
	    !(imp_alpha(inner[0]) || strchr(inner, '.')))
		return false;
	*seq = atoi(r);
	imp_warn(im, line, "ref %s read from the end of the finding ('(%s)'); the first cell's %s is its running number",
		 nref, inner, r);
	*ref = nref;
	while (open > f && open[-1] == ' ')
		open--;
	*open = 0;
	cells[c] = f;
	return true;
}

/* The line a row was split from, whole again (the summary check reads it); returns -1. */
static int unsplit(char **cells, size_t n)
{
	for (size_t k = 1; k < n; k++)
		cells[k][-1] = '\t';
	return -1;
}

/* One line inside the table; returns -1 at the end of the table, else 0 or an error. */
static int table_line(imp *im, char *line, int ln)
{
	char *cells[NCOLS + 32];
	if (!strchr(line, '\t')) {
		const char *t = clean_cell(im, line);
		if (*t)
			imp_warn(im, ln, "line without cells inside the table ignored");
		return 0;
	}
	size_t n = imp_split_cells(line, cells, (size_t)im->ncells);
	if (is_dashes(cells, n))
		return unsplit(cells, n);
	if (strchr(cells[n - 1], '\t'))
		imp_warn(im, ln, "row has more cells than the header row; the extra ones are joined to the last");
	const char *first = clean_cell(im, cells[0]), *ref;
	int seq, rc;
	if (*first && parse_ref(im, first, ln, &ref, &seq)) {
		trailing_ref(im, cells, n, ln, &ref, &seq);
		close_item(im);
		if ((rc = new_item(im, ref, seq, ln)))
			return rc;
	} else if (*first && (rc = odd_first_cell(im, first, cells, n, ln)) != 2) {
		return rc < 0 ? unsplit(cells, n) : rc;
	}
	imp_row *r = make_row(im, cells, n, ln);
	if (!*first && only_finding(r) && block_row(im, r->find, ln))
		return 0;
	imp_item *it = im->cur;
	if (!it) {
		if (!(*r->find && imp_section_of(r->find)) &&
		    (*r->find || r->resp.n || r->owner.n || r->target.n))
			imp_warn(im, ln, "row before the first item ignored");
		return 0;
	}
	if (*r->agree && !it->agreement_raw)
		it->agreement_raw = r->agree;
	add_finding(im, it, r->find, ln);
	imp_grow(im, &it->rows, it->nrows, &it->caprows, sizeof *it->rows);
	it->rows[it->nrows++] = r;
	return 0;
}

int imp_table(imp *im, size_t *after)
{
	size_t i = 0;
	int rc = 0;
	for (; i < im->nlines; i++) {
		int before = im->near_found;
		if (strchr(im->lines[i], '\t') && header_row(im, im->lines[i]))
			break;
		if (im->near_found != before)
			im->near_line = (int)i + 1;
		if ((rc = imp_header_line(im, im->lines[i], (int)i + 1)))
			return rc;
	}
	if (i == im->nlines && im->near_line)
		return err_set_at(im->err, EX_DATAERR, im->name, im->near_line, 0,
				  "the table's header row fits neither scheme: columns %s", im->near_msg);
	if (i == im->nlines)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "no action plan table: no header row with ref, finding, response, "
				  "'Responsible Owner' and 'Target Date' columns, split by tabs or aligned by spaces");
	for (i++; i < im->nlines; i++) {
		rc = table_line(im, im->lines[i], (int)i + 1);
		if (rc < 0)
			break;
		if (rc)
			return rc;
	}
	close_item(im);
	*after = i;
	if (!im->nitems)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0, "the action plan table has no items");
	return 0;
}

/* ---- the document's summary table ------------------------------------------------------ */

int imp_summary_check(imp *im, size_t from)
{
	static const char *const names[6] = {"agreed", "partly_agreed", "not_agreed", "priority", "key", "general"};
	int count[6] = {0};
	for (size_t k = 0; k < im->nitems; k++)
		for (int c = 0; c < 6; c++)
			count[c] += c < 3 ? im->items[k]->agreement && !strcmp(im->items[k]->agreement, names[c])
					  : !strcmp(im->items[k]->category, names[c]);
	for (size_t i = from; i < im->nlines; i++) {
		char *cells[4];
		char *copy = imp_strdup(im, im->lines[i]);
		if (imp_split_cells(copy, cells, 4) != 2)
			continue;
		const char *label = clean_cell(im, cells[0]), *num = clean_cell(im, cells[1]);
		int want = 0, k = 0;
		for (; imp_digit(num[k]) && k < 6; k++)
			want = want * 10 + (num[k] - '0');
		if (!k || num[k])
			continue;
		const char *what = imp_agreement_of(label);
		if (!what)
			what = imp_section_of(label);
		int got = -1;
		if (!strcasecmp(label, "total"))
			got = (int)im->nitems;
		for (int c = 0; what && c < 6; c++)
			if (!strcmp(names[c], what))
				got = count[c];
		if (got >= 0 && got != want)
			return err_set_at(im->err, EX_DATAERR, im->name, (int)i + 1, 0,
					  "the plan's summary says %s %d, but %d %s read from the table", label,
					  want, got, got == 1 ? "was" : "were");
	}
	return 0;
}
