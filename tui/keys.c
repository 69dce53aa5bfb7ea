/* keys — the keymap (as data, like tig's) and the commands it runs: moving, filters,
 * search, pickers and the writes (status, note, due date) through core/action.h. */
#include <stdlib.h>
#include <string.h>

#include "../core/query.h"
#include "../core/text.h"
#include "ui.h"

typedef enum {
	CMD_NONE, CMD_DOWN, CMD_UP, CMD_PGDN, CMD_PGUP, CMD_HOME, CMD_END, CMD_NEXT_PANE,
	CMD_PREV_PANE, CMD_ENTER, CMD_BACK, CMD_STATUS, CMD_NOTE, CMD_DUE, CMD_HISTORY,
	CMD_SEARCH, CMD_SEARCH_NEXT, CMD_SEARCH_PREV, CMD_CYCLE, CMD_OWNER, CMD_MINE,
	CMD_OVERDUE, CMD_DUE_SOON, CMD_STATUS_FILTER, CMD_CLEAR, CMD_HELP, CMD_REDRAW, CMD_QUIT,
} keys_cmd;

typedef struct keys_binding {
	bool fn;
	int code;
	keys_cmd cmd;
	const char *label, *help; /* help NULL: an alias listed under another binding */
} keys_binding;

static const keys_binding keys_map[] = {
	{true, KEY_DOWN, CMD_DOWN, "↓ j", "next row (item, owner or action)"},
	{false, 'j', CMD_DOWN, NULL, NULL},
	{true, KEY_UP, CMD_UP, "↑ k", "previous row"},
	{false, 'k', CMD_UP, NULL, NULL},
	{true, KEY_NPAGE, CMD_PGDN, "PgDn Ctrl-F", "page down"},
	{false, 6, CMD_PGDN, NULL, NULL},
	{true, KEY_PPAGE, CMD_PGUP, "PgUp Ctrl-B", "page up"},
	{false, 2, CMD_PGUP, NULL, NULL},
	{true, KEY_HOME, CMD_HOME, "Home g", "first row"},
	{false, 'g', CMD_HOME, NULL, NULL},
	{true, KEY_END, CMD_END, "End G", "last row"},
	{false, 'G', CMD_END, NULL, NULL},
	{false, '\t', CMD_NEXT_PANE, "Tab", "next pane"},
	{true, KEY_BTAB, CMD_PREV_PANE, "Shift-Tab", "previous pane"},
	{false, '\r', CMD_ENTER, "Enter l →", "open the item's actions; on an owner: filter by it"},
	{false, '\n', CMD_ENTER, NULL, NULL},
	{true, KEY_ENTER, CMD_ENTER, NULL, NULL},
	{false, 'l', CMD_ENTER, NULL, NULL},
	{true, KEY_RIGHT, CMD_ENTER, NULL, NULL},
	{false, 27, CMD_BACK, "Esc ←", "back from the actions; clear the search"},
	{true, KEY_LEFT, CMD_BACK, NULL, NULL},
	{false, 's', CMD_STATUS, "s", "set the selected action's status (with an optional note)"},
	{false, 'a', CMD_NOTE, "a", "add a progress note to the selected action"},
	{false, 't', CMD_DUE, "t", "revise the due date (the original is kept; asks a reason)"},
	{false, 'h', CMD_HISTORY, "h", "history of the selected action"},
	{false, '/', CMD_SEARCH, "/", "search item and action text as you type"},
	{false, 'n', CMD_SEARCH_NEXT, "n", "next search match"},
	{false, 'N', CMD_SEARCH_PREV, "N", "previous search match"},
	{false, 'c', CMD_CYCLE, "c", "choose another establishment and cycle"},
	{false, 'o', CMD_OWNER, "o", "filter by owner (type to narrow the list)"},
	{false, 'm', CMD_MINE, "m", "my actions: the owners mapped to you in the settings"},
	{false, '!', CMD_OVERDUE, "!", "filter: overdue only (again: off)"},
	{false, 'd', CMD_DUE_SOON, "d", "filter: due within 30 days (again: off)"},
	{false, 'S', CMD_STATUS_FILTER, "S", "filter by status"},
	{false, 'x', CMD_CLEAR, "x", "clear every filter"},
	{false, '?', CMD_HELP, "?", "this help"},
	{false, 12, CMD_REDRAW, "Ctrl-L", "redraw and reload"},
	{false, 'q', CMD_QUIT, "q", "quit"},
};

/* ---- moving -------------------------------------------------------------------- */

static bool keys_item_pane(int p)
{
	return p == PANE_UPPER || p == PANE_LOWER;
}

static void keys_select_pane(tui_app *a, int p)
{
	a->focus = p;
	if (keys_item_pane(p) && a->b.npane[p] && a->item_pane != p) {
		a->item_pane = p;
		app_item_changed(a);
	}
}

static void keys_move(tui_app *a, int delta)
{
	int p = a->focus;
	tui_list *l = &a->list[p];
	int n = a->ops[p]->count(a, p);
	if (!n)
		return;
	int cur = l->cursor + delta;
	/* j past the last priority concern goes on to the key concerns, and back: the two
	 * item panes read as one list. */
	if (p == PANE_UPPER && cur >= n && delta == 1 && a->b.npane[PANE_LOWER]) {
		a->list[PANE_LOWER].cursor = 0;
		keys_select_pane(a, PANE_LOWER);
		return;
	}
	if (p == PANE_LOWER && cur < 0 && delta == -1 && a->b.npane[PANE_UPPER]) {
		a->list[PANE_UPPER].cursor = (int)a->b.npane[PANE_UPPER] - 1;
		keys_select_pane(a, PANE_UPPER);
		app_item_changed(a);
		return;
	}
	l->cursor = cur < 0 ? 0 : cur >= n ? n - 1 : cur;
	if (keys_item_pane(p)) {
		a->item_pane = p;
		app_item_changed(a);
	}
}

static void keys_cycle_pane(tui_app *a, int dir)
{
	int p = a->focus;
	for (int i = 0; i < PANE_COUNT; i++) {
		p = (p + dir + PANE_COUNT) % PANE_COUNT;
		/* an empty item pane has nothing to select */
		if (!keys_item_pane(p) || a->b.npane[p])
			break;
	}
	keys_select_pane(a, p);
}

/* ---- search -------------------------------------------------------------------- */

/* The position of item `idx` of the board in reading order (upper pane, then lower). */
static bool keys_goto_item(tui_app *a, size_t idx)
{
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < a->b.npane[p]; i++)
			if (a->b.pane[p][i] == idx) {
				a->list[p].cursor = (int)i;
				a->item_pane = p;
				if (keys_item_pane(a->focus) || a->focus == PANE_OWNERS)
					a->focus = p;
				app_item_changed(a);
				return true;
			}
	return false;
}

static long keys_reading_pos(tui_app *a)
{
	const board_item *it = app_selected_item(a);
	long pos = 0;
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < a->b.npane[p]; i++, pos++)
			if (it && &a->b.items[a->b.pane[p][i]] == it)
				return pos;
	return -1;
}

static size_t keys_item_at(tui_app *a, long pos)
{
	long n0 = (long)a->b.npane[0];
	return pos < n0 ? a->b.pane[0][pos] : a->b.pane[1][pos - n0];
}

/* Moves to the next (dir 1) or previous (-1) matching item; `from_here` includes the
 * current one (as typing does). Wraps around. */
static void keys_search_step(tui_app *a, int dir, bool from_here)
{
	long n = (long)(a->b.npane[0] + a->b.npane[1]);
	if (!n || !a->b.nmatches)
		return;
	long pos = keys_reading_pos(a);
	if (pos < 0)
		pos = 0;
	for (long i = from_here ? 0 : 1; i <= n; i++) {
		long q = ((pos + dir * i) % n + n) % n;
		size_t idx = keys_item_at(a, q);
		if (a->b.items[idx].match) {
			keys_goto_item(a, idx);
			return;
		}
	}
}

static void keys_search_changed(tui_app *a, const char *text)
{
	snprintf(a->b.search, sizeof a->b.search, "%s", text);
	ab_err err = {0};
	if (app_reload(a, &err))
		draw_message(a, true, "%s", err.msg);
	keys_search_step(a, 1, true);
}

static void keys_search(tui_app *a)
{
	char buf[sizeof a->b.search];
	snprintf(buf, sizeof buf, "%s", a->b.search);
	a->msg[0] = 0;
	if (prompt_line(a, "Search: ", buf, sizeof buf, keys_search_changed) && buf[0] &&
	    !a->b.nmatches)
		draw_message(a, true, " No item or action text contains \"%s\"", buf);
}

/* ---- filters and pickers ---------------------------------------------------------- */

static void keys_reload_filtered(tui_app *a, const char *what)
{
	ab_err err = {0};
	if (app_reload(a, &err)) {
		draw_message(a, true, " %s", err.msg);
		return;
	}
	if (!a->b.npane[a->item_pane]) {
		a->item_pane = a->b.npane[PANE_UPPER] ? PANE_UPPER : PANE_LOWER;
		app_item_changed(a);
	}
	if (keys_item_pane(a->focus))
		a->focus = a->item_pane;
	char desc[512];
	board_filter_describe(&a->b, desc, sizeof desc);
	if (*desc)
		draw_message(a, false, " %s: %zu items · x clears", desc, a->b.nitems);
	else
		draw_message(a, false, " %s", what);
}

static void keys_owner_picker(tui_app *a)
{
	size_t n = a->b.nowners;
	const char **names = calloc(n ? n : 1, sizeof *names);
	if (!names)
		return;
	int initial = -1;
	for (size_t i = 0; i < n; i++) {
		names[i] = a->b.owners[i].name;
		if (a->b.filter.nowners == 1 && !strcmp(a->b.filter.owners[0], names[i]))
			initial = (int)i;
	}
	int pick = prompt_menu(a, "Filter by owner (type to narrow, Enter picks, Esc cancels)",
			       names, (int)n, initial, true);
	ab_err err = {0};
	if (pick >= 0 && board_filter_owners(&a->b, &names[pick], 1, false, &err))
		draw_message(a, true, " %s", err.msg);
	free(names);
	if (pick >= 0)
		keys_reload_filtered(a, "");
}

static void keys_mine(tui_app *a)
{
	const model_config *s = a->cfg->settings;
	if (a->b.filter.mine) {
		board_filter_owners(&a->b, NULL, 0, false, NULL);
		keys_reload_filtered(a, "My actions: off");
		return;
	}
	if (!s || !s->has_users) {
		draw_message(a, true, " 'my actions' needs a users section in the settings mapping "
			     "%s to owners", a->cfg->user);
		return;
	}
	const model_user *u = NULL;
	for (size_t i = 0; i < s->nusers; i++)
		if (!strcmp(s->users[i].login, a->cfg->user))
			u = &s->users[i];
	if (!u || !u->nowners) {
		draw_message(a, true, " %s %s in the settings' users section", a->cfg->user,
			     u ? "has no owners mapped" : "is not listed");
		return;
	}
	const char *names[BOARD_MAX_OWNERS];
	size_t n = 0;
	for (size_t i = 0; i < u->nowners && n < BOARD_MAX_OWNERS; i++) {
		const char *c = model_owner_canonical(s, u->owners[i]);
		names[n++] = c ? c : u->owners[i];
	}
	ab_err err = {0};
	if (board_filter_owners(&a->b, names, n, true, &err)) {
		draw_message(a, true, " %s", err.msg);
		return;
	}
	keys_reload_filtered(a, "");
}

static void keys_status_filter(tui_app *a)
{
	const char *choices[STATUS_COUNT + 1] = {"any status"};
	for (int i = 0; i < STATUS_COUNT; i++)
		choices[i + 1] = model_status_name((model_status)i);
	int pick = prompt_menu(a, "Filter by status", choices, STATUS_COUNT + 1,
			       a->b.filter.status + 1, false);
	if (pick < 0)
		return;
	a->b.filter.status = pick - 1;
	keys_reload_filtered(a, "Status filter: off");
}

static void keys_cycle_picker(tui_app *a)
{
	ab_err rerr = {0};
	if (board_refresh_cycles(&a->b, &rerr)) {
		draw_message(a, true, " %s", rerr.msg);
		return;
	}
	size_t n = a->b.ncycles;
	char **labels = calloc(n ? n : 1, sizeof *labels);
	if (!labels)
		return;
	for (size_t i = 0; i < n; i++) {
		const board_cycle *c = &a->b.cycles[i];
		char buf[512];
		/* The code too, so that typing "LIV" or "2019" narrows the list. */
		snprintf(buf, sizeof buf, "%s · %s · %s (%s) · %d items · %d actions · %d overdue",
			 c->establishment, c->establishment_name, c->cycle, c->scheme, c->items,
			 c->actions, c->overdue);
		labels[i] = strdup(buf);
		if (!labels[i])
			labels[i] = strdup("?");
	}
	int pick = prompt_menu(a, "Establishment and cycle", (const char *const *)labels, (int)n,
			       (int)a->b.cur, true);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	if (pick < 0 || (size_t)pick == a->b.cur)
		return;
	a->b.cur = (size_t)pick;
	ab_err err = {0};
	if (board_load(&a->b, &err)) {
		draw_message(a, true, " %s", err.msg);
		return;
	}
	memset(a->list, 0, sizeof a->list);
	a->item_pane = a->b.npane[PANE_UPPER] ? PANE_UPPER : PANE_LOWER;
	a->focus = a->item_pane;
	app_item_changed(a);
}

/* ---- writes ---------------------------------------------------------------------- */

/* The selected action, if the user may change it; otherwise says why and returns NULL. */
static const board_action *keys_writable_action(tui_app *a)
{
	const board_action *ac = app_selected_action(a);
	if (!ac) {
		draw_message(a, true, " No action selected (Enter opens an item's actions)");
		return NULL;
	}
	ab_err err = {0};
	if (store_readonly(a->cfg->st)) {
		draw_message(a, true, " Read-only: the database %s cannot be written by %s",
			     store_path(a->cfg->st), a->cfg->user);
		return NULL;
	}
	if (action_check_permission(a->cfg->st, &a->actor, ac->key, &err)) {
		draw_message(a, true, " Not permitted: %s", err.msg);
		return NULL;
	}
	return ac;
}

/* The text kept from an unsaved write on `key`, moved into buf (empty if none). */
static void keys_take_kept(tui_app *a, const char *key, char *buf, size_t n)
{
	if (a->kept_text[0] && !strcmp(a->kept_key, key))
		snprintf(buf, n, "%s", a->kept_text);
	a->kept_text[0] = 0;
}

/* After a write: reload, and report success or why it failed, keeping what was typed. */
static void keys_after_write(tui_app *a, int rc, const ab_err *err, const char *key,
			     const char *typed, const char *done)
{
	ab_err rerr = {0};
	app_reload(a, &rerr);
	if (rc && typed && *typed) {
		snprintf(a->kept_key, sizeof a->kept_key, "%s", key);
		snprintf(a->kept_text, sizeof a->kept_text, "%s", typed);
	}
	const char *kept = rc && typed && *typed ? " (your text is kept)" : "";
	if (rc == EX_TEMPFAIL)
		draw_message(a, true, " Not saved%s: %s was changed meanwhile, as shown now; repeat "
			     "the key to re-apply", kept, key);
	else if (rc)
		draw_message(a, true, " Not saved%s: %s", kept, err->msg);
	else
		draw_message(a, false, " %s", done);
}

static void keys_set_status(tui_app *a)
{
	const board_action *ac = keys_writable_action(a);
	if (!ac)
		return;
	char key[512], title[600], note[1024] = "", done[800];
	snprintf(key, sizeof key, "%s", ac->key);
	int64_t version = ac->version;
	int old = model_status_parse(ac->status);
	const char *choices[STATUS_COUNT];
	for (int i = 0; i < STATUS_COUNT; i++)
		choices[i] = model_status_name((model_status)i);
	snprintf(title, sizeof title, "Status of %s", key);
	int pick = prompt_menu(a, title, choices, STATUS_COUNT, old, false);
	if (pick < 0 || tui_stop)
		return;
	keys_take_kept(a, key, note, sizeof note);
	if (!prompt_line(a, "Note (optional, Enter saves, Esc cancels): ", note, sizeof note, NULL) ||
	    tui_stop) {
		draw_message(a, false, " Cancelled: nothing was written");
		return;
	}
	action_state st;
	ab_err err = {0};
	int rc = action_set_status(a->cfg->st, &a->actor, key, version, (model_status)pick,
				   note[0] ? note : NULL, &st, &err);
	snprintf(done, sizeof done, "%s: %s → %s%s", key, old >= 0 ? choices[old] : "?",
		 choices[pick], note[0] ? " (with note)" : "");
	keys_after_write(a, rc, &err, key, note, done);
}

static void keys_add_note(tui_app *a)
{
	const board_action *ac = keys_writable_action(a);
	if (!ac)
		return;
	char key[512], note[1024] = "", done[600];
	snprintf(key, sizeof key, "%s", ac->key);
	keys_take_kept(a, key, note, sizeof note);
	if (!prompt_line(a, "Progress note (Enter saves, Esc cancels): ", note, sizeof note, NULL) ||
	    tui_stop || !note[0]) {
		draw_message(a, false, " Cancelled: nothing was written");
		return;
	}
	action_state st;
	ab_err err = {0};
	int rc = action_add_note(a->cfg->st, &a->actor, key, note, &st, &err);
	snprintf(done, sizeof done, "%s: note added", key);
	keys_after_write(a, rc, &err, key, note, done);
}

static void keys_revise_due(tui_app *a)
{
	const board_action *ac = keys_writable_action(a);
	if (!ac)
		return;
	char key[512], date[64], reason[1024] = "", done[700];
	snprintf(key, sizeof key, "%s", ac->key);
	snprintf(date, sizeof date, "%s", ac->due ? ac->due : "");
	int64_t version = ac->version;
	date_t due;
	for (;;) {
		if (!prompt_line(a, "New due date (YYYY-MM-DD, Esc cancels): ", date, sizeof date,
				 NULL) || tui_stop) {
			draw_message(a, false, " Cancelled: nothing was written");
			return;
		}
		if (date_parse_iso(date, &due))
			break;
		draw_message(a, true, " \"%s\" is not a date like 2027-03-31", date);
	}
	a->msg[0] = 0;
	keys_take_kept(a, key, reason, sizeof reason);
	do {
		if (!prompt_line(a, "Reason for the new date (required, Esc cancels): ", reason,
				 sizeof reason, NULL) || tui_stop) {
			draw_message(a, false, " Cancelled: nothing was written");
			return;
		}
	} while (!reason[0]);
	action_state st;
	ab_err err = {0};
	int rc = action_revise_due(a->cfg->st, &a->actor, key, version, due, reason, &st, &err);
	snprintf(done, sizeof done, "%s: due %s (was %s)", key, date,
		 ac->due ? "set" : "none"); /* ac is still valid: no reload yet */
	keys_after_write(a, rc, &err, key, reason, done);
}

typedef struct keys_lines {
	char **v;
	int n, cap;
} keys_lines;

static int keys_on_event(const action_event *e, void *ctx)
{
	keys_lines *l = ctx;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, (size_t)cap * sizeof *v);
		if (!v)
			return 1;
		l->v = v;
		l->cap = cap;
	}
	char buf[2048];
	snprintf(buf, sizeof buf, "%s  %-10s %s%s%s%s%s%s%s%s", e->at ? e->at : "",
		 e->user ? e->user : "", e->kind ? e->kind : "",
		 e->field ? " " : "", e->field ? e->field : "",
		 e->old || e->new_ ? ": " : "", e->old ? e->old : "",
		 e->old || e->new_ ? " → " : "", e->new_ ? e->new_ : "",
		 e->note && *e->note ? "" : "");
	if (e->note && *e->note) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, " · “%s”", e->note);
	}
	if (!(l->v[l->n] = strdup(buf)))
		return 1;
	l->n++;
	return 0;
}

static void keys_history(tui_app *a)
{
	const board_action *ac = app_selected_action(a);
	if (!ac) {
		draw_message(a, true, " No action selected (Enter opens an item's actions)");
		return;
	}
	keys_lines l = {0};
	ab_err err = {0};
	char title[600];
	snprintf(title, sizeof title, "History of %s", ac->key);
	if (action_history(a->cfg->st, ac->key, keys_on_event, &l, &err) && err.code)
		draw_message(a, true, " %s", err.msg);
	else if (!l.n)
		draw_message(a, false, " %s has no history yet", ac->key);
	else
		prompt_page(a, title, (const char *const *)l.v, l.n);
	for (int i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
}

/* ---- dispatch ---------------------------------------------------------------------- */

void keys_help(tui_app *a)
{
	size_t n = sizeof keys_map / sizeof *keys_map;
	char **lines = calloc(n, sizeof *lines);
	int k = 0;
	if (!lines)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!keys_map[i].help)
			continue;
		/* Pad by display width: labels hold arrows, which are one column but three bytes. */
		char buf[256];
		int pad = 13 - text_width(keys_map[i].label);
		snprintf(buf, sizeof buf, "%s%*s %s", keys_map[i].label, pad > 0 ? pad : 0, "",
			 keys_map[i].help);
		if ((lines[k] = strdup(buf)))
			k++;
	}
	prompt_page(a, "Keys (mouse: click selects, wheel scrolls)", (const char *const *)lines, k);
	for (int i = 0; i < k; i++)
		free(lines[i]);
	free(lines);
}

const char *keys_hints(const tui_app *a)
{
	switch (a->focus) {
	case PANE_DETAIL:
		/* "? help" first: on a narrow screen the end of the line is cut off. */
		return " ? help · q quit · ↑↓ action · Esc back · s status · a note · t due · "
		       "h history · / search · o owner";
	case PANE_OWNERS:
		return " ? help · q quit · ↑↓ owner · ↵ filter by owner · x clear · m mine · "
		       "Tab pane · c cycle";
	default:
		return " ? help · q quit · Tab pane · ↵ open · s status · a note · o owner · "
		       "m mine · / search · c cycle";
	}
}

static void keys_run(tui_app *a, keys_cmd cmd)
{
	int page = a->rect[a->focus].h > 1 ? a->rect[a->focus].h - 1 : 1;
	switch (cmd) {
	case CMD_NONE: break;
	case CMD_DOWN: keys_move(a, 1); break;
	case CMD_UP: keys_move(a, -1); break;
	case CMD_PGDN:
		if (a->focus == PANE_DETAIL) /* the detail pages by lines, not by actions */
			a->list[PANE_DETAIL].top += page;
		keys_move(a, page);
		break;
	case CMD_PGUP: keys_move(a, -page); break;
	case CMD_HOME: keys_move(a, -a->ops[a->focus]->count(a, a->focus)); break;
	case CMD_END: keys_move(a, a->ops[a->focus]->count(a, a->focus)); break;
	case CMD_NEXT_PANE: keys_cycle_pane(a, 1); break;
	case CMD_PREV_PANE: keys_cycle_pane(a, -1); break;
	case CMD_ENTER: a->ops[a->focus]->activate(a, a->focus); break;
	case CMD_BACK:
		if (a->focus == PANE_DETAIL)
			a->focus = a->item_pane;
		else if (a->b.search[0])
			keys_search_changed(a, "");
		break;
	case CMD_STATUS: keys_set_status(a); break;
	case CMD_NOTE: keys_add_note(a); break;
	case CMD_DUE: keys_revise_due(a); break;
	case CMD_HISTORY: keys_history(a); break;
	case CMD_SEARCH: keys_search(a); break;
	case CMD_SEARCH_NEXT:
	case CMD_SEARCH_PREV:
		if (!a->b.search[0])
			draw_message(a, false, " No search yet: / starts one");
		else
			keys_search_step(a, cmd == CMD_SEARCH_NEXT ? 1 : -1, false);
		break;
	case CMD_CYCLE: keys_cycle_picker(a); break;
	case CMD_OWNER: keys_owner_picker(a); break;
	case CMD_MINE: keys_mine(a); break;
	case CMD_OVERDUE:
		a->b.filter.overdue = !a->b.filter.overdue;
		keys_reload_filtered(a, "Overdue filter: off");
		break;
	case CMD_DUE_SOON:
		a->b.filter.due_soon = !a->b.filter.due_soon;
		keys_reload_filtered(a, "Due-soon filter: off");
		break;
	case CMD_STATUS_FILTER: keys_status_filter(a); break;
	case CMD_CLEAR:
		board_filter_clear(&a->b);
		keys_reload_filtered(a, "Filters cleared");
		break;
	case CMD_HELP: keys_help(a); break;
	case CMD_REDRAW: {
		ab_err err = {0};
		if (app_reload(a, &err))
			draw_message(a, true, " %s", err.msg);
		clearok(curscr, TRUE);
		break;
	}
	case CMD_QUIT: a->quit = true; break;
	}
}

void keys_dispatch(tui_app *a, tui_key k)
{
	if (k.fn && k.code == KEY_MOUSE) {
		keys_mouse(a);
		return;
	}
	if (a->cols < TUI_MIN_COLS || a->rows < TUI_MIN_ROWS) {
		if (!k.fn && k.code == 'q') /* only quitting makes sense on the size message */
			a->quit = true;
		return;
	}
	a->msg[0] = 0;
	for (size_t i = 0; i < sizeof keys_map / sizeof *keys_map; i++)
		if (keys_map[i].fn == k.fn && keys_map[i].code == k.code) {
			keys_run(a, keys_map[i].cmd);
			return;
		}
}

/* ---- mouse ------------------------------------------------------------------------- */

static int keys_pane_at(tui_app *a, int y, int x)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		tui_rect r = a->rect[p];
		if (y >= r.y && y < r.y + r.h && x >= r.x - 1 && x <= r.x + r.w)
			return p;
	}
	return -1;
}

static void keys_click(tui_app *a, int p, int y)
{
	int line = a->list[p].top + (y - a->rect[p].y);
	if (p == PANE_DETAIL) {
		for (size_t i = 0; i < a->b.nactions; i++)
			if (line >= a->action_line[i] && line < a->action_end[i]) {
				a->focus = PANE_DETAIL;
				a->list[PANE_DETAIL].cursor = (int)i;
			}
		return;
	}
	if (line >= a->ops[p]->count(a, p))
		return;
	a->focus = p;
	a->list[p].cursor = line;
	if (keys_item_pane(p)) {
		a->item_pane = p;
		app_item_changed(a);
	}
}

void keys_mouse(tui_app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	int p = keys_pane_at(a, ev.y, ev.x);
	if (p < 0)
		return;
	a->msg[0] = 0;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		keys_click(a, p, ev.y);
	else if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
		keys_click(a, p, ev.y);
		a->ops[p]->activate(a, p);
	} else if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		int delta = ev.bstate & BUTTON4_PRESSED ? -1 : 1;
		if (p == PANE_DETAIL && a->focus != PANE_DETAIL) {
			a->list[PANE_DETAIL].top += 3 * delta;
			return;
		}
		int saved = a->focus;
		a->focus = p;
		keys_move(a, delta);
		if (p == PANE_OWNERS || p == PANE_DETAIL)
			a->focus = saved == p ? p : saved;
	}
}
