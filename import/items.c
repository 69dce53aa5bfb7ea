/*
 * items — when an item's rows are all read, they become its actions.
 *
 * A row's response cell holds paragraphs; its owner and target cells hold as many, or
 * fewer, or one paragraph with several owners or targets side by side. Paragraphs cut by
 * a page break are joined back; paragraphs are matched with the owners and targets
 * beside them (the last paragraphs take them when there are fewer); one paragraph beside
 * several targets or owners is split at sentence boundaries; in the recommendations
 * scheme the "partly / not agreed" paragraph becomes the item's agreement note. Every
 * guess is a warning.
 */
#include <string.h>
#include <strings.h>

#include "import_priv.h"

/* Sentences of one paragraph considered for a split. */
#define MAX_SENT 128
/* Owners of one action; more is extraction debris. */
#define MAX_OWNERS 32
/* Work allowed for all paragraph splits of one input (sentence pairs × parts). */
#define SPLIT_BUDGET 50000000u

/* ---- targets --------------------------------------------------------------------------- */

/* One target at s: "March 2023", "12 May 2020", "12/05/2020", "Completed", "Ongoing"
 * (a date as core/date.h reads a due date); its length, 0 when none is there. */
static size_t target_atom(const char *s)
{
	static const char *const words[] = {"completed", "complete", "ongoing", "achieved"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t n = strlen(words[k]);
		if (!strncasecmp(s, words[k], n) && !imp_alnum(s[n]))
			return n;
	}
	date_t due;
	return date_due_at(s, &due);
}

/* A target cell: several targets when it is nothing but targets side by side. */
static void target_units(imp *im, const char *s, imp_strs *out)
{
	*out = (imp_strs){0};
	if (!*s)
		return;
	const char *p = s;
	for (size_t k; *p && (k = target_atom(p));) {
		imp_strs_push(im, out, imp_strndup(im, p, k));
		p += k;
		while (*p == ' ' || *p == ',' || *p == ';' || *p == '.')
			p++;
	}
	if (*p || out->n < 2) {
		out->n = 0;
		imp_strs_push(im, out, s);
	}
}

static void row_target_units(imp *im, const imp_row *r, imp_strs *out)
{
	if (r->target.n == 1 && !r->target.tagged) {
		target_units(im, r->target.v[0].text, out);
		return;
	}
	*out = (imp_strs){0};
	for (size_t i = 0; i < r->target.n; i++)
		imp_strs_push(im, out, r->target.v[i].text);
}

/* ---- sentences ------------------------------------------------------------------------- */

/* Offsets where sentences start (the first is 0); at most `max`. */
static size_t sentence_starts(const char *s, size_t *starts, size_t max)
{
	size_t n = 0;
	starts[n++] = 0;
	for (size_t i = 1; s[i] && n < max; i++) {
		if (s[i] != ' ' || !strchr(".!?", s[i - 1]))
			continue;
		char c = s[i + 1];
		if (imp_upper(c) || imp_digit(c) || c == '"')
			starts[n++] = i + 1;
	}
	return n;
}

/*
 * Which sentence must end each part: a month target the text mentions ("… commencing in
 * July 2020") ends the part it belongs to. forced[j] is -1 when part j is free; all are
 * -1 when the mentions are out of order.
 */
static void forced_ends(const char *s, const size_t *st, size_t ns, size_t k, const char *const *targets,
			int *forced)
{
	int last = -1;
	bool ok = true;
	for (size_t j = 0; j < k; j++) {
		forced[j] = -1;
		const char *t = targets ? targets[j] : NULL;
		date_t day;
		if (j + 1 == k || !t || !*t || date_parse_day(t, &day) || !target_atom(t) ||
		    !strcasecmp(t, "completed") || !strcasecmp(t, "ongoing"))
			continue;
		const char *hit = strstr(s, t);
		if (!hit)
			continue;
		size_t at = (size_t)(hit - s), si = 0;
		while (si + 1 < ns && st[si + 1] <= at)
			si++;
		forced[j] = (int)si;
		if ((int)si <= last || ns - si - 1 < k - j - 1)
			ok = false;
		last = (int)si;
	}
	for (size_t j = 0; !ok && j < k; j++)
		forced[j] = -1;
}

/*
 * Splits paragraph `s` into k parts at sentence boundaries, for k targets or owners
 * printed beside one paragraph. Forced ends first (forced_ends); otherwise the parts are
 * as even as the sentences allow (least sum of squared lengths). Returns the number of
 * parts made: k, or 1 when it cannot split.
 */
static size_t split_sentences(imp *im, const char *s, size_t k, const char *const *targets,
			      const char **parts)
{
	size_t st[MAX_SENT + 1];
	size_t ns = sentence_starts(s, st, MAX_SENT);
	uint64_t work = (uint64_t)k * ns * ns;
	parts[0] = s;
	if (ns < k || k < 2 || im->split_work + work > SPLIT_BUDGET)
		return 1;
	im->split_work += work;
	st[ns] = strlen(s) + 1;
	int forced[MAX_SENT];
	forced_ends(s, st, ns, k, targets, forced);
	/* cost[j][e]: best cost of sentences [0, e) in j parts; from[j][e]: where part j starts */
	size_t cells = (k + 1) * (ns + 1);
	uint64_t *cost = imp_alloc(im, cells * sizeof *cost);
	size_t *from = imp_alloc(im, cells * sizeof *from);
	for (size_t i = 0; i < cells; i++)
		cost[i] = UINT64_MAX;
	cost[0] = 0;
	for (size_t j = 1; j <= k; j++)
		for (size_t e = j; e <= ns; e++) {
			if ((forced[j - 1] >= 0 && (size_t)forced[j - 1] != e - 1) || (j == k && e != ns))
				continue;
			for (size_t b = j - 1; b < e; b++) {
				uint64_t c = cost[(j - 1) * (ns + 1) + b];
				if (c == UINT64_MAX)
					continue;
				uint64_t l = st[e] - st[b];
				c += l * l;
				if (c < cost[j * (ns + 1) + e])
					cost[j * (ns + 1) + e] = c, from[j * (ns + 1) + e] = b;
			}
		}
	if (cost[k * (ns + 1) + ns] == UINT64_MAX)
		return 1;
	for (size_t j = k, e = ns; j >= 1; j--) {
		size_t b = from[j * (ns + 1) + e];
		size_t end = st[e] - 1; /* the space before the next sentence, or the NUL */
		parts[j - 1] = imp_strndup(im, s + st[b], end - st[b]);
		e = b;
	}
	return k;
}

/* ---- actions --------------------------------------------------------------------------- */

static void new_action(imp *im, imp_item *it, const char *text, int line)
{
	imp_grow(im, &it->acts, it->nacts, &it->capacts, sizeof *it->acts);
	imp_action *a = &it->acts[it->nacts];
	*a = (imp_action){.line = line, .text = imp_buf(im)};
	util_buf_puts(a->text, text);
	it->nacts++;
}

/* A continuation of the text before it, cut by a page break: "and will…", "(COM) of…". */
static bool continues(const char *prev, size_t plen, const char *next, bool own_cells)
{
	if (!plen || !*next)
		return false;
	if (imp_lower(next[0]))
		return true;
	if (imp_ends_terminal(prev, plen))
		return false;
	return !own_cells || !(imp_upper(next[0]) || imp_digit(next[0]) || ((unsigned char)next[0] >= 0x80));
}

/*
 * "… Equalities Monitoring Tool. HMP" + "Liverpool will conduct …": a page break cut a
 * name and the next row has its own owner and target; the stray words move forward.
 */
static void move_fragment(imp *im, imp_action *last, imp_paras *p, int line)
{
	util_buf *t = last->text;
	if (!t->len || imp_ends_terminal(t->s, t->len) || !p->n || !imp_upper(p->v[0].text[0]))
		return;
	size_t lim = t->len > 40 ? t->len - 40 : 0;
	for (size_t i = t->len; i-- > lim + 1;) {
		if (t->s[i] != ' ' || t->s[i - 1] != '.')
			continue;
		const char *frag = t->s + i + 1;
		if (imp_count_words(frag, 3) > 2 || !imp_upper(frag[0]))
			return;
		util_buf moved = {0};
		util_buf_puts(&moved, frag);
		imp_join(&moved, p->v[0].text);
		imp_warn(im, line, "'%s' at the end of the previous action moved to the start of this one (cut by a page break)", frag);
		p->v[0].text = imp_strndup(im, moved.s, moved.len);
		util_buf_free(&moved);
		imp_buf_cut(t, i);
		return;
	}
}

static void set_owners(imp *im, imp_action *a, const imp_strs *o)
{
	for (size_t i = 0; o && i < o->n; i++) {
		if (a->owners.n >= MAX_OWNERS) {
			imp_warn(im, a->line, "more than %d owners for one action; the rest dropped", MAX_OWNERS);
			return;
		}
		imp_strs_add(im, &a->owners, o->v[i]);
	}
}

/* Owner/target cells with no paragraph of their own fill what the last action lacks. */
static void fill_last(imp *im, imp_item *it, const imp_row *r, const imp_strs *ounits, size_t o,
		      const imp_strs *tunits)
{
	if (!o && !tunits->n)
		return;
	if (!it->nacts) {
		imp_warn(im, r->line, "owner or target with no action text; ignored");
		return;
	}
	imp_action *a = &it->acts[it->nacts - 1];
	bool used = false;
	if (o && !a->owners.n) {
		for (size_t i = 0; i < o; i++)
			set_owners(im, a, &ounits[i]);
		used = true;
	}
	if (tunits->n && (!a->target || !*a->target)) {
		util_buf t = {0};
		for (size_t i = 0; i < tunits->n; i++)
			imp_join(&t, tunits->v[i]);
		a->target = imp_strdup(im, imp_text(&t));
		util_buf_free(&t);
		used = true;
	}
	if (!used)
		imp_warn(im, r->line, "owner or target with no action text; ignored");
}

static bool is_note(const char *s)
{
	return imp_starts_ci(s, "this recommendation is partly agreed") ||
	       imp_starts_ci(s, "this recommendation is not agreed") ||
	       imp_starts_ci(s, "this recommendation is partially agreed") ||
	       imp_starts_ci(s, "this recommendation is agreed in part");
}

/* The agreement note: the "partly/not agreed" paragraph, or its first sentence. */
static void take_note(imp *im, imp_item *it, imp_row *r)
{
	imp_paras *p = &r->resp;
	if (!im->recs || it->note || it->nacts || !p->n || !is_note(p->v[0].text))
		return;
	const char *s = p->v[0].text;
	size_t st[2];
	if (!r->owner.n && !r->target.n) {
		it->note = s;
		imp_paras_remove(p, 0);
	} else if (sentence_starts(s, st, 2) < 2) {
		it->note = s;
		imp_paras_remove(p, 0);
		imp_warn(im, r->line, "the agreement note has an owner or target but no action of its own");
	} else {
		it->note = imp_strndup(im, s, st[1] - 1);
		p->v[0].text = s + st[1];
	}
}

/* Owner units of a row: one per <p>, or per side-by-side group when that gives `want`.
 * *units gets them; returns how many. */
static size_t row_owner_units(imp *im, imp_item *it, const imp_row *r, size_t want, imp_strs **units)
{
	size_t n = r->owner.n;
	imp_ogroups og;
	*units = imp_alloc(im, (n + 1) * sizeof **units);
	if (n == 1 && !r->owner.tagged) {
		const char *s = r->owner.v[0].text;
		if (imp_lower(s[0]) && strchr(s, ')') && !strchr(s, '(')) {
			/* "provider)": the tail of the owner cell above, cut by a page break */
			const imp_strs *prev = it->nacts ? &it->acts[it->nacts - 1].owners : NULL;
			imp_warn(im, r->line, "owner cell '%s' is the tail of the one above; the item's previous owner%s kept",
				 imp_excerpt(im, s, 40), prev && prev->n > 1 ? "s are" : " is");
			return 0;
		}
		imp_owner_groups(im, s, &og);
		if (og.guessed)
			imp_warn(im, r->line, "owner '%s' is not in the settings; kept as published", og.unknown);
		if (og.n > 1 && og.n == want) {
			*units = og.g;
			return og.n;
		}
		imp_ogroups_union(im, &og, &(*units)[0]);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		imp_owner_groups(im, r->owner.v[i].text, &og);
		if (og.guessed)
			imp_warn(im, r->line, "owner '%s' is not in the settings; kept as published", og.unknown);
		imp_ogroups_union(im, &og, &(*units)[i]);
	}
	return n;
}

/*
 * Action number i of the np this row made (the item's first + i) gets its owners: one
 * unit each when the counts agree, the only unit for all parts of a split paragraph, the
 * rest to the last action when there are more units, else the units go to the last
 * paragraphs and the ones above take the owners before them.
 */
static void assign_owners(imp *im, imp_item *it, const imp_row *r, size_t first, size_t i, size_t np,
			  bool split, const imp_strs *ounits, size_t o)
{
	imp_action *a = &it->acts[first + i];
	if (o == np) {
		set_owners(im, a, &ounits[i]);
		return;
	}
	if (o == 1 && split) {
		set_owners(im, a, &ounits[0]);
		return;
	}
	if (o > np) {
		set_owners(im, a, &ounits[i]);
		if (i + 1 < np)
			return;
		for (size_t k = np; k < o; k++)
			set_owners(im, a, &ounits[k]);
		imp_warn(im, r->line, "%zu owners for %zu actions; the last action takes the rest", o, np);
		return;
	}
	if (o > 0 && i >= np - o) {
		set_owners(im, a, &ounits[i - (np - o)]);
		return;
	}
	const imp_strs *prev = first + i > 0 ? &it->acts[first + i - 1].owners : NULL;
	if (!prev || !prev->n)
		prev = o ? &ounits[0] : NULL;
	set_owners(im, a, prev);
	if (a->owners.n)
		imp_warn(im, r->line, "action %s.%zu has no owner of its own; it takes '%s'%s", it->ref,
			 first + i + 1, a->owners.v[0], a->owners.n > 1 ? " and the others before it" : "");
	else
		imp_warn(im, r->line, "action %s.%zu has no owner", it->ref, first + i + 1);
}

/* Action number i of the np this row made gets its target, by the same rules as owners;
 * a paragraph with no target beside it gets "" and a warning (an owner is inherited, a
 * target not). */
static void assign_target(imp *im, imp_item *it, const imp_row *r, size_t first, size_t i, size_t np,
			  bool split, const imp_strs *tunits)
{
	imp_action *a = &it->acts[first + i];
	size_t t = tunits->n;
	if (t == np || (t == 1 && split)) {
		a->target = tunits->v[t == np ? i : 0];
	} else if (t > np) {
		a->target = tunits->v[i];
		if (i + 1 < np)
			return;
		util_buf all = {0};
		for (size_t k = i; k < t; k++)
			imp_join(&all, tunits->v[k]);
		a->target = imp_strdup(im, imp_text(&all));
		util_buf_free(&all);
		imp_warn(im, r->line, "%zu targets for %zu actions; the last action takes '%s'", t, np, a->target);
	} else if (t > 0 && i >= np - t) {
		a->target = tunits->v[i - (np - t)];
	} else {
		/* warned whether the row has targets for other paragraphs or none at all: a
		 * document's aligned cells come as one row per paragraph (doc.h), and every
		 * form of a plan warns alike */
		a->target = "";
		imp_warn(im, r->line, "action %s.%zu has no target beside it; target left empty", it->ref,
			 first + i + 1);
	}
}

/* The row's first paragraph may continue the item's last action across a page break. */
static void join_continuation(imp *im, imp_item *it, imp_row *r)
{
	imp_paras *p = &r->resp;
	if (!it->nacts || !p->n)
		return;
	imp_action *last = &it->acts[it->nacts - 1];
	if (!continues(imp_text(last->text), last->text->len, p->v[0].text, r->owner.n || r->target.n)) {
		move_fragment(im, last, p, r->line);
		return;
	}
	imp_join(last->text, p->v[0].text);
	imp_paras_remove(p, 0);
}

/*
 * More owners or targets than paragraphs: the last paragraph is split at sentences.
 * Returns the parts (one: not split) in *parts.
 */
static size_t split_last(imp *im, const imp_row *r, size_t need, const imp_strs *tunits,
			 const char ***parts)
{
	size_t np = r->resp.n, k = need - np + 1;
	*parts = imp_alloc(im, k * sizeof **parts);
	const char *const *tg = tunits->n == need ? tunits->v + (np - 1) : NULL;
	size_t nparts = split_sentences(im, r->resp.v[np - 1].text, k, tg, *parts);
	if (nparts == k)
		imp_warn(im, r->line, "one paragraph beside %zu %s: split into %zu actions at sentence boundaries; check the split",
			 need, tunits->n == need ? "targets" : "owners", k);
	else
		imp_warn(im, r->line, "one paragraph beside %zu targets/owners has too few sentences to split; kept whole", need);
	return nparts;
}

/* One row's paragraphs, owners and targets as actions of the item. */
static void row_actions(imp *im, imp_item *it, imp_row *r)
{
	imp_strs tunits, *ounits;
	take_note(im, it, r);
	join_continuation(im, it, r);
	row_target_units(im, r, &tunits);
	const imp_paras *p = &r->resp;
	size_t want = p->n > tunits.n ? p->n : tunits.n;
	size_t o = row_owner_units(im, it, r, want, &ounits);
	if (!p->n) {
		fill_last(im, it, r, ounits, o, &tunits);
		return;
	}
	size_t np = p->n, need = np;
	if (o > need)
		need = o;
	if (tunits.n > need)
		need = tunits.n;
	const char **parts = NULL;
	size_t nparts = 1;
	if (need > np)
		nparts = split_last(im, r, need, &tunits, &parts);
	bool split = nparts > 1 && np == 1;
	size_t first = it->nacts;
	for (size_t i = 0; i + 1 < np; i++)
		new_action(im, it, p->v[i].text, r->line);
	for (size_t i = 0; i < nparts; i++)
		new_action(im, it, nparts > 1 ? parts[i] : p->v[np - 1].text, r->line);
	size_t made = it->nacts - first;
	for (size_t i = 0; i < made; i++) {
		assign_owners(im, it, r, first, i, made, split, ounits, o);
		assign_target(im, it, r, first, i, made, split, &tunits);
	}
}

/* Rows with text but no owner and no target that continue the row above's last paragraph. */
static void merge_rows(imp *im, imp_item *it)
{
	for (size_t i = 1; i < it->nrows; i++) {
		imp_row *r = it->rows[i], *prev = it->rows[i - 1];
		if (r->owner.n || r->target.n || !r->resp.n)
			continue;
		if (!prev->resp.n && (prev->owner.n || prev->target.n)) {
			prev->resp = r->resp;
			r->resp = (imp_paras){0};
			continue;
		}
		if (!prev->resp.n)
			continue;
		imp_para *last = &prev->resp.v[prev->resp.n - 1];
		if (!continues(last->text, strlen(last->text), r->resp.v[0].text, false))
			continue;
		util_buf j = {0};
		util_buf_puts(&j, last->text);
		imp_join(&j, r->resp.v[0].text);
		last->text = imp_strndup(im, j.s, j.len);
		util_buf_free(&j);
		imp_paras_remove(&r->resp, 0);
	}
}

/* "(Repeated recommendation 2.43)" anywhere in the finding: recorded, then removed. */
static void take_repeated(imp *im, imp_item *it, const char **text)
{
	const char *f = *text, *p = strcasestr(f, "(repeated ");
	if (!p)
		return;
	const char *q = p + strlen("(repeated ");
	while (imp_alpha(*q))
		q++;
	const char *ref = q = imp_skip_spaces(q);
	while (imp_alnum(*q) || *q == '.')
		q++;
	while (q > ref && q[-1] == '.')
		q--;
	if (q == ref || *imp_skip_spaces(q) != ')')
		return;
	it->repeated = imp_strndup(im, ref, (size_t)(q - ref));
	const char *end = imp_skip_spaces(q) + 1;
	size_t before = (size_t)(p - f);
	while (before > 0 && f[before - 1] == ' ')
		before--;
	if (*end == '.' && before > 0 && imp_ends_terminal(f, before))
		end++;
	util_buf t = {0};
	util_buf_add(&t, f, before);
	imp_join(&t, imp_skip_spaces(end));
	*text = imp_strdup(im, imp_text(&t));
	util_buf_free(&t);
}

static void item_agreement(imp *im, imp_item *it)
{
	it->agreement = it->agreement_raw ? imp_agreement_of(it->agreement_raw) : NULL;
	if (!it->agreement && it->agreement_raw && *it->agreement_raw)
		imp_warn(im, it->line, "agreement '%s' of %s not understood; left out",
			 imp_excerpt(im, it->agreement_raw, 40), it->ref);
	else if (!it->agreement)
		imp_warn(im, it->line, "%s has no agreement; left out", it->ref);
}

const char *imp_agreement_of(const char *raw)
{
	char buf[64];
	size_t j = 0;
	for (const char *p = raw; *p && j + 1 < sizeof buf; p++)
		if (imp_alpha(*p))
			buf[j++] = (char)(*p | 0x20); /* ASCII lower case */
	buf[j] = 0;
	if (!strcmp(buf, "agreed") || !strcmp(buf, "accepted") || !strcmp(buf, "yes"))
		return "agreed";
	if (!strcmp(buf, "partlyagreed") || !strcmp(buf, "partiallyagreed") ||
	    !strcmp(buf, "partlyaccepted") || !strcmp(buf, "agreedinpart"))
		return "partly_agreed";
	if (!strcmp(buf, "notagreed") || !strcmp(buf, "notaccepted") || !strcmp(buf, "rejected") ||
	    !strcmp(buf, "no"))
		return "not_agreed";
	return NULL;
}

void imp_item_finish(imp *im, imp_item *it)
{
	const char *f = imp_text(it->find);
	if (imp_starts_ci(f, "recommendation:") || imp_starts_ci(f, "concern:"))
		f = imp_skip_spaces(strchr(f, ':') + 1);
	take_repeated(im, it, &f);
	it->text = f;
	if (im->recs)
		item_agreement(im, it);
	merge_rows(im, it);
	for (size_t i = 0; i < it->nrows; i++)
		row_actions(im, it, it->rows[i]);
	if (it->agreement && strcmp(it->agreement, "agreed") && !it->note)
		imp_warn(im, it->line, "%s is %s but gives no reason", it->ref, it->agreement);
	if (!it->nacts)
		imp_warn(im, it->line, "%s has no actions", it->ref);
}
