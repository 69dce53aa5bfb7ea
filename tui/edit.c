/* edit — see edit.h. */
#include "edit.h"
#include "edit_priv.h"

#include "../core/clock.h"
#include "../core/text.h"
#include "../render/render.h"

#include <stdlib.h>
#include <string.h>

/* A status as the dashboard words it: "in progress" (model.h's table). */
static void edit_status_label(const char *status, char *buf, size_t n)
{
	snprintf(buf, n, "%s", model_status_words(status));
}

bool edit_db_writable(view_ctx *c)
{
	if (store_readonly(c->cfg->st)) {
		view_message(c, true, " Read-only: the database %s cannot be written by %s",
			     store_path(c->cfg->st), c->cfg->user);
		return false;
	}
	return true;
}

/* Refuses a write to `key` when the database is read-only or the user may not write it. */
static bool edit_allowed(view_ctx *c, const edit_state *e, const char *key)
{
	ab_err err = {0};
	if (!edit_db_writable(c))
		return false;
	if (action_check_permission(c->cfg->st, &e->actor, key, &err)) {
		/* Only a refusal is "not permitted"; a damaged file says what it is. */
		view_message(c, true, err.code == EX_NOPERM ? " Not permitted: %s" : " %s", err.msg);
		return false;
	}
	return true;
}

/* ac, if the user may change it; otherwise says why and returns NULL. */
static const board_action *edit_writable(view_ctx *c, const edit_state *e,
					 const board_action *ac)
{
	if (!ac) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return NULL;
	}
	return edit_allowed(c, e, ac->key) ? ac : NULL;
}

void edit_take_kept(edit_state *e, const char *key, char *buf, size_t n)
{
	if (e->kept_text[0] && !strcmp(e->kept_key, key))
		snprintf(buf, n, "%s", e->kept_text);
	e->kept_text[0] = 0;
}

/* After a write: says how it went (a success offers undo, except of a retraction, which
 * undo cannot take back), and keeps what was typed when it was not saved. */
bool edit_outcome(view_ctx *c, edit_state *e, int rc, const ab_err *err,
			 const char *key, const char *typed, const char *done, bool undoable)
{
	bool keep = rc && typed && *typed;
	if (keep) {
		snprintf(e->kept_key, sizeof e->kept_key, "%s", key);
		snprintf(e->kept_text, sizeof e->kept_text, "%s", typed);
	}
	const char *kept = keep ? " (your text is kept)" : "";
	if (rc == EX_TEMPFAIL)
		view_message(c, true, " Not saved%s: %s — as shown now; repeat the key to re-apply",
			     kept, err->msg);
	else if (rc)
		view_message(c, true, " Not saved%s: %s", kept, err->msg);
	else if (undoable) {
		snprintf(e->undo_key, sizeof e->undo_key, "%s", key);
		view_message(c, false, " %s · u undo", done);
	} else {
		view_message(c, false, " %s", done);
	}
	return true;
}

bool edit_cancelled(view_ctx *c)
{
	view_message(c, false, " Cancelled: nothing was written");
	return false;
}

bool edit_status(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	static const char keys[STATUS_COUNT + 1] = "pibcx"; /* in model_status order */
	if (!(ac = edit_writable(c, e, ac)))
		return false;
	char key[512], title[600], note[ACTION_TEXT_BUF] = "", done[800], label[700];
	char labels[STATUS_COUNT][48], from[32], to[32];
	snprintf(key, sizeof key, "%s", ac->key);
	int64_t version = ac->version;
	int old = model_status_parse(ac->status);
	const char *choices[STATUS_COUNT];
	for (int i = 0; i < STATUS_COUNT; i++) {
		edit_status_label(model_status_name((model_status)i), to, sizeof to);
		snprintf(labels[i], sizeof labels[i], "%c  %s%s", keys[i], to,
			 i == old ? "  (now)" : "");
		choices[i] = labels[i];
	}
	edit_status_label(ac->status, from, sizeof from);
	snprintf(title, sizeof title, "Status of %s (letter, or ↑↓ Enter)", key);
	int pick = prompt_menu_keys(ps, title, choices, STATUS_COUNT, old, keys);
	if (pick < 0 || term_done())
		return edit_cancelled(c);
	edit_status_label(model_status_name((model_status)pick), to, sizeof to);
	if (pick == old) {
		view_message(c, false, " %s is already %s: nothing was written (a adds a note)", key,
			     to);
		return false;
	}
	if (pick == STATUS_CANCELLED) {
		snprintf(label, sizeof label, "Cancel %s? It will count as cancelled, not done", key);
		if (!prompt_confirm(ps, label) || term_done())
			return edit_cancelled(c);
	}
	edit_take_kept(e, key, note, sizeof note);
	snprintf(label, sizeof label, "Note for %s → %s (optional)", key, to);
	if (!prompt_text(ps, label, note, sizeof note, ACTION_TEXT_MAX, NULL) || term_done())
		return edit_cancelled(c);
	action_state st;
	ab_err err = {0};
	int rc = action_set_status(c->cfg->st, &e->actor, key, version, (model_status)pick,
				   note[0] ? note : NULL, &st, &err);
	snprintf(done, sizeof done, "%s: %s → %s%s", key, from, to, note[0] ? " (with note)" : "");
	return edit_outcome(c, e, rc, &err, key, note, done, true);
}

bool edit_note(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!(ac = edit_writable(c, e, ac)))
		return false;
	char key[512], note[ACTION_TEXT_BUF] = "", done[600], label[600];
	snprintf(key, sizeof key, "%s", ac->key);
	edit_take_kept(e, key, note, sizeof note);
	snprintf(label, sizeof label, "Note for %s", key);
	if (!prompt_text(ps, label, note, sizeof note, ACTION_TEXT_MAX, NULL) || term_done() ||
	    !note[0])
		return edit_cancelled(c);
	action_state st;
	ab_err err = {0};
	int rc = action_add_note(c->cfg->st, &e->actor, key, note, &st, &err);
	snprintf(done, sizeof done, "%s: note added", key);
	return edit_outcome(c, e, rc, &err, key, note, done, true);
}

/* ---- the due date ---------------------------------------------------------------------- */

bool edit_day_hint(const view_ctx *c, const char *text, bool enter, bool past, char *hint,
		   size_t n)
{
	date_t d;
	ab_err err = {0};
	if (!text[strspn(text, " ")]) {
		snprintf(hint, n, "%s%s", enter ? "✗ " : "",
			 "31/03/2027, 31 Mar 2027, +2w, +3m, end of march, tomorrow");
		return !enter;
	}
	if (date_parse_typed(text, c->cfg->today, &d, &err)) {
		snprintf(hint, n, "✗ %s", strstr(err.msg, "calendar")
			 ? "no such day"
			 : "not a date: try 31/03/2027, 31 Mar 2027, +2w, end of march");
		return false;
	}
	char human[DATE_HUMAN_LEN];
	date_format_human(d, human);
	snprintf(hint, n, "→ %s%s", human,
		 past && date_cmp(d, c->cfg->today) < 0 ? " (in the past)" : "");
	return true;
}

/* The due date prompt's check: the date as read ("→ Wed 31 Mar 2027"), or what is wrong. */
static bool edit_date_hint(void *arg, const char *text, bool enter, char *hint, size_t n)
{
	return edit_day_hint(arg, text, enter, true, hint, n);
}

/* Asks for the new date until one is read and, when in the past, confirmed. */
static bool edit_ask_date(view_ctx *c, const prompt_screen *ps, const char *key,
			  const char *was, char *date, size_t n, date_t *due)
{
	char label[700];
	snprintf(label, sizeof label, "Due date for %s (now %s): ", key, was);
	prompt_check check = {.hint = edit_date_hint, .arg = c};
	for (;;) {
		ab_err err = {0};
		if (!prompt_line_checked(ps, label, date, n, 0, &check) || term_done() ||
		    date_parse_typed(date, c->cfg->today, due, &err))
			return false;
		if (date_cmp(*due, c->cfg->today) >= 0)
			return true;
		char human[DATE_HUMAN_LEN], ago[64], q[700];
		date_format_human(*due, human);
		date_span_text(*due, c->cfg->today, ago, sizeof ago);
		snprintf(q, sizeof q, "%s is in the past (%s ago). Save it anyway?", human, ago);
		if (prompt_confirm(ps, q))
			return true;
		if (term_done())
			return false;
	}
}

/* The reason prompt's check: a reason is required. */
static bool edit_reason_hint(void *arg, const char *text, bool enter, char *hint, size_t n)
{
	(void)arg;
	bool ok = text[strspn(text, " ")] != 0;
	snprintf(hint, n, "%s", !ok && enter ? "✗ a reason is required (Esc cancels)" : "");
	return ok || !enter;
}

bool edit_due(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!(ac = edit_writable(c, e, ac)))
		return false;
	char key[512], date[64], reason[ACTION_TEXT_BUF] = "", done[700], was[DATE_ISO_LEN];
	char label[700];
	snprintf(key, sizeof key, "%s", ac->key);
	snprintf(was, sizeof was, "%s", ac->due ? ac->due : "none");
	snprintf(date, sizeof date, "%s", ac->due ? ac->due : "");
	int64_t version = ac->version;
	date_t due;
	if (!edit_ask_date(c, ps, key, was, date, sizeof date, &due))
		return edit_cancelled(c);
	char iso[DATE_ISO_LEN], human[DATE_HUMAN_LEN];
	date_format_iso(due, iso);
	date_format_human(due, human);
	edit_take_kept(e, key, reason, sizeof reason);
	snprintf(label, sizeof label, "Reason for moving %s to %s (required)", key, human);
	prompt_check check = {.hint = edit_reason_hint};
	if (!prompt_text(ps, label, reason, sizeof reason, ACTION_TEXT_MAX, &check) ||
	    term_done())
		return edit_cancelled(c);
	action_state st;
	ab_err err = {0};
	int rc = action_revise_due(c->cfg->st, &e->actor, key, version, due, reason, &st, &err);
	snprintf(done, sizeof done, "%s: due %s → %s", key, was, iso);
	return edit_outcome(c, e, rc, &err, key, reason, done, true);
}

/* ---- undo ------------------------------------------------------------------------------- */

/* "status in_progress → cancelled (23 Nov 2026 15:52)": a change as undo names it. */
static void edit_change_words(const action_change *ch, char *buf, size_t n)
{
	util_buf b = {0};
	action_event ev = action_change_event(ch);
	render_event_change(&b, &ev);
	char when[CLOCK_SHOW_LEN];
	clock_show(ch->at, when);
	if (!strcmp(ch->kind, "note") && ch->note[0]) {
		int cols;
		size_t fit = text_fit(ch->note, 60, &cols); /* whole characters */
		snprintf(buf, n, "%s \"%.*s%s\" (%s)", b.s ? b.s : "", (int)fit, ch->note,
			 ch->note[fit] ? "…" : "", when);
	} else
		snprintf(buf, n, "%s (%s)", b.s ? b.s : "", when);
	util_buf_free(&b);
}

bool edit_undo(view_ctx *c, edit_state *e, const prompt_screen *ps, const char *key)
{
	if (!key) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return false;
	}
	char k[512], words[600], q[1200];
	snprintf(k, sizeof k, "%s", key);
	if (!edit_allowed(c, e, k))
		return false;
	action_change ch, undone;
	action_state st;
	ab_err err = {0};
	if (action_undo_find(c->cfg->st, &e->actor, k, &ch, &err)) {
		view_message(c, true, " Nothing to undo: %s", err.msg);
		return false;
	}
	edit_change_words(&ch, words, sizeof words);
	snprintf(q, sizeof q, "Undo your change to %s: %s?", k, words);
	if (!prompt_confirm(ps, q) || term_done())
		return edit_cancelled(c);
	int rc = action_undo(c->cfg->st, &e->actor, k, ch.id, &undone, &st, &err);
	if (rc)
		view_message(c, true, " Not undone: %s", err.msg);
	else
		view_message(c, false, " %s: undone: %s (history keeps both)", k, words);
	e->undo_key[0] = 0;
	return true;
}

/* ---- history ---------------------------------------------------------------------------- */

typedef struct edit_event {
	int64_t id;
	bool mine_note; /* a note of this user's still in effect: it can be retracted */
	char *note;     /* its text, for a correction; NULL otherwise */
} edit_event;

typedef struct edit_lines {
	char **v;
	edit_event *ev;
	int n, cap;
	const char *login;
} edit_lines;

static int edit_on_event(const action_event *e, void *ctx)
{
	edit_lines *l = ctx;
	size_t vcap = l->cap, evcap = l->cap;
	XGROW(l->v, (size_t)l->n, vcap);
	XGROW(l->ev, (size_t)l->n, evcap);
	l->cap = (int)vcap;
	/* The one event line of render/, as `history` prints it. */
	util_buf b = {0};
	render_event_line(&b, e);
	l->v[l->n] = util_buf_take(&b);
	bool note = e->kind && !strcmp(e->kind, "note") && e->note && !e->reversed_by &&
		    e->user && !strcmp(e->user, l->login);
	l->ev[l->n] = (edit_event){e->id, note, note ? xstrdup(e->note) : NULL};
	l->n++;
	return 0;
}

static void edit_lines_free(edit_lines *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->v[i]);
		free(l->ev[i].note);
	}
	free(l->v);
	free(l->ev);
}

/* r or e on the history page: retracts or corrects event ev (a note of the user's). */
static bool edit_revise(view_ctx *c, edit_state *e, const prompt_screen *ps, const char *key,
			const edit_event *ev, bool correct)
{
	char q[700], text[ACTION_TEXT_BUF] = "", done[700];
	if (!ev->mine_note) {
		view_message(c, true, " #%lld is not a note of yours still in effect: only those can "
			     "be retracted or corrected (u undoes your latest change)",
			     (long long)ev->id);
		return false;
	}
	if (correct) {
		snprintf(text, sizeof text, "%s", ev->note);
		snprintf(q, sizeof q, "Corrected note #%lld for %s", (long long)ev->id, key);
		if (!prompt_text(ps, q, text, sizeof text, ACTION_TEXT_MAX, NULL) || term_done() ||
		    !text[0])
			return edit_cancelled(c);
	} else {
		snprintf(q, sizeof q, "Retract note #%lld of %s? (It stays in the history, marked)",
			 (long long)ev->id, key);
		if (!prompt_confirm(ps, q) || term_done())
			return edit_cancelled(c);
	}
	action_state st;
	ab_err err = {0};
	int rc = action_note_revise(c->cfg->st, &e->actor, ev->id, correct ? text : NULL, NULL,
				    &st, &err);
	snprintf(done, sizeof done, "%s: note #%lld %s", key, (long long)ev->id,
		 correct ? "corrected" : "retracted (a adds a note again)");
	return edit_outcome(c, e, rc, &err, key, correct ? text : NULL, done, correct);
}

bool edit_history(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!ac) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return false;
	}
	edit_lines l = {.login = c->cfg->user};
	ab_err err = {0};
	char title[600], key[512];
	snprintf(key, sizeof key, "%s", ac->key);
	snprintf(title, sizeof title, "History of %s", key);
	bool wrote = false;
	if (action_history(c->cfg->st, key, edit_on_event, &l, &err) && err.code) {
		view_message(c, true, " %s", err.msg);
	} else if (!l.n) {
		view_message(c, false, " %s has no history yet", key);
	} else {
		int sel = l.n - 1; /* the latest event first in view */
		int k = prompt_entries(ps, title, (const char *const *)l.v, l.n, "re",
				       "↑↓ PgUp PgDn g G · r retract · e correct (your notes) · q closes",
				       &sel);
		if (k && !term_done() && edit_allowed(c, e, key))
			wrote = edit_revise(c, e, ps, key, &l.ev[sel], k == 'e');
	}
	edit_lines_free(&l);
	return wrote;
}

/* ---- which action ---------------------------------------------------------------------------- */

int edit_choose(view_ctx *c, const prompt_screen *ps, const char *verb)
{
	const board *b = c->b;
	const board_item *it = c->item;
	if (!it || b->actions_item != it->id || !b->nactions) {
		view_message(c, true, " %s has no action to choose%s", it ? it->ref : "No item",
			     board_filtered(b) ? " under the filter" : "");
		return -1;
	}
	if (b->nactions == 1)
		return 0;
	char **labels = xcalloc(b->nactions, sizeof *labels);
	for (size_t i = 0; i < b->nactions; i++) {
		char line[512];
		snprintf(line, sizeof line, "%-8s %s", b->actions[i].action_id, b->actions[i].text);
		labels[i] = xstrdup(line);
	}
	char title[256];
	snprintf(title, sizeof title, "%s which action of %s? (type to narrow, Esc cancels)", verb,
		 it->ref);
	bool ok = true;
	for (size_t i = 0; i < b->nactions; i++)
		ok = ok && labels[i];
	int pick = ok ? prompt_menu(ps, title, (const char *const *)labels, (int)b->nactions, 0, true)
		      : -1;
	for (size_t i = 0; i < b->nactions; i++)
		free(labels[i]);
	free(labels);
	if (pick < 0)
		edit_cancelled(c);
	return pick;
}
