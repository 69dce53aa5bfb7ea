/* edit — see edit.h. */
#include "edit.h"

#include "../render/render.h"

#include <stdlib.h>
#include <string.h>

/* ac, if the user may change it; otherwise says why and returns NULL. */
static const board_action *edit_writable(view_ctx *c, const edit_state *e,
					 const board_action *ac)
{
	if (!ac) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return NULL;
	}
	ab_err err = {0};
	if (store_readonly(c->cfg->st)) {
		view_message(c, true, " Read-only: the database %s cannot be written by %s",
			     store_path(c->cfg->st), c->cfg->user);
		return NULL;
	}
	if (action_check_permission(c->cfg->st, &e->actor, ac->key, &err)) {
		view_message(c, true, " Not permitted: %s", err.msg);
		return NULL;
	}
	return ac;
}

/* The text kept from an unsaved write on `key`, moved into buf (untouched if none). */
static void edit_take_kept(edit_state *e, const char *key, char *buf, size_t n)
{
	if (e->kept_text[0] && !strcmp(e->kept_key, key))
		snprintf(buf, n, "%s", e->kept_text);
	e->kept_text[0] = 0;
}

/* After a write: says how it went, and keeps what was typed when it was not saved. */
static bool edit_outcome(view_ctx *c, edit_state *e, int rc, const ab_err *err,
			 const char *key, const char *typed, const char *done)
{
	bool keep = rc && typed && *typed;
	if (keep) {
		snprintf(e->kept_key, sizeof e->kept_key, "%s", key);
		snprintf(e->kept_text, sizeof e->kept_text, "%s", typed);
	}
	const char *kept = keep ? " (your text is kept)" : "";
	if (rc == EX_TEMPFAIL)
		view_message(c, true, " Not saved%s: %s was changed meanwhile, as shown now; repeat "
			     "the key to re-apply", kept, key);
	else if (rc)
		view_message(c, true, " Not saved%s: %s", kept, err->msg);
	else
		view_message(c, false, " %s", done);
	return true;
}

static bool edit_cancelled(view_ctx *c)
{
	view_message(c, false, " Cancelled: nothing was written");
	return false;
}

bool edit_status(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!(ac = edit_writable(c, e, ac)))
		return false;
	char key[512], title[600], note[ACTION_TEXT_BUF] = "", done[800];
	snprintf(key, sizeof key, "%s", ac->key);
	int64_t version = ac->version;
	int old = model_status_parse(ac->status);
	const char *choices[STATUS_COUNT];
	for (int i = 0; i < STATUS_COUNT; i++)
		choices[i] = model_status_name((model_status)i);
	snprintf(title, sizeof title, "Status of %s", key);
	int pick = prompt_menu(ps, title, choices, STATUS_COUNT, old, false);
	if (pick < 0 || term_done())
		return false;
	edit_take_kept(e, key, note, sizeof note);
	if (!prompt_line(ps, "Note (optional, Enter saves, Esc cancels): ", note, sizeof note,
			 ACTION_TEXT_MAX, NULL) || term_done())
		return edit_cancelled(c);
	action_state st;
	ab_err err = {0};
	int rc = action_set_status(c->cfg->st, &e->actor, key, version, (model_status)pick,
				   note[0] ? note : NULL, &st, &err);
	snprintf(done, sizeof done, "%s: %s → %s%s", key, old >= 0 ? choices[old] : "?",
		 choices[pick], note[0] ? " (with note)" : "");
	return edit_outcome(c, e, rc, &err, key, note, done);
}

bool edit_note(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!(ac = edit_writable(c, e, ac)))
		return false;
	char key[512], note[ACTION_TEXT_BUF] = "", done[600];
	snprintf(key, sizeof key, "%s", ac->key);
	edit_take_kept(e, key, note, sizeof note);
	if (!prompt_line(ps, "Progress note (Enter saves, Esc cancels): ", note, sizeof note,
			 ACTION_TEXT_MAX, NULL) || term_done() || !note[0])
		return edit_cancelled(c);
	action_state st;
	ab_err err = {0};
	int rc = action_add_note(c->cfg->st, &e->actor, key, note, &st, &err);
	snprintf(done, sizeof done, "%s: note added", key);
	return edit_outcome(c, e, rc, &err, key, note, done);
}

/* Asks for a date until one parses; false when cancelled. */
static bool edit_ask_date(view_ctx *c, const prompt_screen *ps, char *date, size_t n,
			  date_t *due)
{
	for (;;) {
		if (!prompt_line(ps, "New due date (YYYY-MM-DD, Esc cancels): ", date, n, 0, NULL) ||
		    term_done())
			return false;
		if (date_parse_iso(date, due))
			break;
		view_message(c, true, " \"%s\" is not a date like 2027-03-31", date);
	}
	c->msg[0] = 0;
	return true;
}

bool edit_due(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!(ac = edit_writable(c, e, ac)))
		return false;
	char key[512], date[64], reason[ACTION_TEXT_BUF] = "", done[700];
	snprintf(key, sizeof key, "%s", ac->key);
	snprintf(date, sizeof date, "%s", ac->due ? ac->due : "");
	int64_t version = ac->version;
	date_t due;
	if (!edit_ask_date(c, ps, date, sizeof date, &due))
		return edit_cancelled(c);
	edit_take_kept(e, key, reason, sizeof reason);
	do {
		if (!prompt_line(ps, "Reason for the new date (required, Esc cancels): ", reason,
				 sizeof reason, ACTION_TEXT_MAX, NULL) || term_done())
			return edit_cancelled(c);
	} while (!reason[0]);
	action_state st;
	ab_err err = {0};
	int rc = action_revise_due(c->cfg->st, &e->actor, key, version, due, reason, &st, &err);
	snprintf(done, sizeof done, "%s: due %s (was %s)", key, date,
		 ac->due ? "set" : "none"); /* ac is still valid: no reload yet */
	return edit_outcome(c, e, rc, &err, key, reason, done);
}

typedef struct edit_lines {
	char **v;
	int n, cap;
} edit_lines;

static int edit_on_event(const action_event *e, void *ctx)
{
	edit_lines *l = ctx;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, (size_t)cap * sizeof *v);
		if (!v)
			return 1;
		l->v = v;
		l->cap = cap;
	}
	/* The one event line of render/, as `history` prints it. */
	util_buf b = {0};
	if (render_event_line(&b, e) || !(l->v[l->n] = util_buf_take(&b))) {
		util_buf_free(&b);
		return 1;
	}
	l->n++;
	return 0;
}

void edit_history(view_ctx *c, const prompt_screen *ps, const board_action *ac)
{
	if (!ac) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return;
	}
	edit_lines l = {0};
	ab_err err = {0};
	char title[600];
	snprintf(title, sizeof title, "History of %s", ac->key);
	if (action_history(c->cfg->st, ac->key, edit_on_event, &l, &err) && err.code)
		view_message(c, true, " %s", err.msg);
	else if (!l.n)
		view_message(c, false, " %s has no history yet", ac->key);
	else
		prompt_page(ps, title, (const char *const *)l.v, l.n);
	for (int i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
}
