/* assess_edit — see assess_edit.h. */
#include "assess_edit.h"

#include <stdlib.h>
#include <string.h>

#include "../core/judge.h"
#include "../core/lineage.h"
#include "../core/key.h"

#define ASSESS_EDIT_SUGGESTIONS 8

/* The item's key into buf, if the user may write about it; otherwise says why. */
static bool edit_item_writable(view_ctx *c, const edit_state *e, const board_item *it,
			       char *key, size_t n)
{
	const board_cycle *cy = board_cycle_current(c->b);
	if (!it || !cy) {
		view_message(c, true, " No item selected");
		return false;
	}
	key_format(key, n, cy->establishment, cy->cycle, it->ref);
	if (store_readonly(c->cfg->st)) {
		view_message(c, true, " Read-only: the database %s cannot be written by %s",
			     store_path(c->cfg->st), c->cfg->user);
		return false;
	}
	ab_err err = {0};
	if (judge_check_permission(c->cfg->st, &e->actor, key, &err)) {
		/* Only a refusal is "not permitted"; a damaged file says what it is. */
		view_message(c, true, err.code == EX_NOPERM ? " Not permitted: %s" : " %s", err.msg);
		return false;
	}
	return true;
}

static bool edit_nothing(view_ctx *c)
{
	view_message(c, false, " Cancelled: nothing was written");
	return false;
}

/* The source and the value, from two menus; false when cancelled. */
static bool edit_ask_judgement(const prompt_screen *ps, const char *key, const board_item *it,
			       judge_entry *e)
{
	const char *sources[JUDGE_SOURCES];
	for (int s = 0; s < JUDGE_SOURCES; s++)
		sources[s] = judge_source_label((judge_source)s);
	char title[600];
	snprintf(title, sizeof title, "Judgement on %s: whose?", key);
	int src = prompt_menu(ps, title, sources, JUDGE_SOURCES, 0, false);
	if (src < 0 || term_done())
		return false;
	const char *const *values = judge_values((judge_source)src);
	const char *words[8];
	int n = 0, initial = 0;
	for (; values[n] && n < 8; n++) {
		words[n] = judge_value_words(values[n]);
		if (it->as && !strcmp(it->as->j[src].value, values[n]))
			initial = n;
	}
	snprintf(title, sizeof title, "%s on %s", sources[src], key);
	int v = prompt_menu(ps, title, words, n, initial, false);
	if (v < 0 || term_done())
		return false;
	e->source = (judge_source)src;
	e->value = values[v];
	return true;
}

/* The judgement date prompt's check: a typed date as read, or why not (a day judged is
 * usually past, so the past is not remarked on). */
static bool edit_judged_hint(void *arg, const char *text, bool enter, char *hint, size_t n)
{
	return edit_day_hint(arg, text, enter, false, hint, n);
}

/* The day it was judged (today unless changed), typed as any date people write; false
 * when cancelled. A text that is not a date keeps the prompt open, saying why. */
static bool edit_ask_day(view_ctx *c, const prompt_screen *ps, date_t *day)
{
	char buf[64];
	date_format_iso(c->cfg->today, buf);
	prompt_check check = {.hint = edit_judged_hint, .arg = c};
	ab_err err = {0};
	return prompt_line_checked(ps, "Judged on (Esc cancels): ", buf, sizeof buf, 0, &check) &&
	       !term_done() && !date_parse_typed(buf, c->cfg->today, day, &err);
}

bool assess_edit_judge(view_ctx *c, const edit_state *e, const prompt_screen *ps,
		       const board_item *it)
{
	char key[512], note[ACTION_TEXT_BUF] = "", day[DATE_ISO_LEN];
	if (!edit_item_writable(c, e, it, key, sizeof key))
		return false;
	judge_entry j = {0};
	if (!edit_ask_judgement(ps, key, it, &j) || !edit_ask_day(c, ps, &j.date))
		return edit_nothing(c);
	c->msg[0] = 0;
	char title[600];
	snprintf(title, sizeof title, "Note on the judgement of %s (optional)", key);
	if (!prompt_text(ps, title, note, sizeof note, ACTION_TEXT_MAX, NULL) || term_done())
		return edit_nothing(c);
	j.note = note[0] ? note : NULL;
	ab_err err = {0};
	if (judge_record(c->cfg->st, &e->actor, key, &j, c->cfg->today, &err)) {
		view_message(c, true, " Not saved: %s", err.msg);
		return true;
	}
	date_format_iso(j.date, day);
	view_message(c, false, " %s: %s: %s (%s) recorded", key, judge_source_label(j.source),
		     judge_value_words(j.value), day);
	return true;
}

/* ---- links ----------------------------------------------------------------------------- */

typedef struct edit_links {
	char *label[ASSESS_EDIT_SUGGESTIONS + 1];
	char *key[ASSESS_EDIT_SUGGESTIONS];
	int n, linked;
} edit_links;

static int edit_on_suggestion(const lineage_suggestion *s, void *ctx)
{
	edit_links *l = ctx;
	char buf[512];
	snprintf(buf, sizeof buf, "%.2f · %s %s%s · %s", s->score, s->cycle, s->ref,
		 s->linked ? " (linked)" : "", s->text);
	l->label[l->n] = xstrdup(buf);
	l->key[l->n] = xstrdup(s->key);
	if (s->linked)
		l->linked = l->n;
	l->n++;
	return 0;
}

static void edit_links_free(edit_links *l)
{
	for (int i = 0; i <= l->n && i <= ASSESS_EDIT_SUGGESTIONS; i++)
		free(l->label[i]);
	for (int i = 0; i < l->n; i++)
		free(l->key[i]);
}

bool assess_edit_link(view_ctx *c, const edit_state *e, const prompt_screen *ps,
		      const board_item *it)
{
	char key[512], title[600], done[1200];
	if (!edit_item_writable(c, e, it, key, sizeof key))
		return false;
	edit_links l = {.linked = -1};
	ab_err err = {0};
	if (lineage_suggest(c->cfg->st, key, ASSESS_EDIT_SUGGESTIONS, edit_on_suggestion, &l,
			    &err)) {
		view_message(c, true, " %s", err.msg);
		edit_links_free(&l);
		return false;
	}
	l.label[l.n] = xstrdup("(none: this finding repeats no earlier one)");
	snprintf(title, sizeof title, "%s repeats which earlier finding? (most alike first)", key);
	int pick = prompt_menu(ps, title, (const char *const *)l.label, l.n + 1,
			       l.linked >= 0 ? l.linked : 0, true);
	bool tried = pick >= 0 && !term_done();
	if (!tried) {
		edit_nothing(c);
	} else if (lineage_link(c->cfg->st, &e->actor, key, pick < l.n ? l.key[pick] : NULL, &err)) {
		view_message(c, true, " Not saved: %s", err.msg);
	} else {
		snprintf(done, sizeof done, " %s %s%s", key, pick < l.n ? "repeats " : "repeats no "
			 "earlier finding", pick < l.n ? l.key[pick] : "");
		view_message(c, false, "%s", done);
	}
	edit_links_free(&l);
	return tried;
}
