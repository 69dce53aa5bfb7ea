/* app — see app.h. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "assess_edit.h"
#include "board.h"
#include "edit.h"
#include "keymap.h"
#include "pick.h"
#include "prompt.h"
#include "screen.h"
#include "view.h"
#include "view_detail.h"
#include "view_gaps.h"
#include "view_items.h"
#include "view_owners.h"

struct tui_app {
	view_ctx ctx;
	board b;
	view v[PANE_COUNT];
	view gaps;          /* the disagreement view, over the whole screen while open */
	const view *back;   /* the pane to focus again when it closes; NULL: it is closed */
	edit_state edit;
	prompt_screen ps;   /* how prompts repaint the dashboard behind them */
	long long version;  /* the database's data_version last seen */
	bool quit;
};

/* ---- the selection ---------------------------------------------------------------- */

static view *app_view(tui_app *a, const view *v)
{
	return &a->v[v - a->v]; /* ctx holds const pointers into a->v */
}

static bool app_is_items(const view *v)
{
	return v->ops == &view_items_ops;
}

static view *app_first_items(tui_app *a)
{
	return a->b.npane[BOARD_UPPER] ? &a->v[PANE_UPPER] : &a->v[PANE_LOWER];
}

/* After the selection moved: the detail shows the newly selected item. */
static void app_item_changed(tui_app *a)
{
	a->ctx.item = view_items_selected(a->ctx.selection);
	view_detail_show(&a->v[PANE_DETAIL]);
}

/* Focuses v; a non-empty item view takes the selection too. */
static void app_select(tui_app *a, view *v)
{
	a->ctx.focus = v;
	if (app_is_items(v) && v->ops->count(v) && a->ctx.selection != v)
		a->ctx.selection = v;
	app_item_changed(a);
}

/* Finds the item by id in either item view; false when the filter dropped it. */
static bool app_find_item(tui_app *a, int64_t id)
{
	for (int p = PANE_UPPER; p <= PANE_LOWER; p++)
		if (view_items_select_id(&a->v[p], id)) {
			a->ctx.selection = &a->v[p];
			return true;
		}
	return false;
}

/* Reloads the board, keeping the selected item, action and scroll by identity. */
static int app_reload(tui_app *a, ab_err *err)
{
	int64_t item_id = a->ctx.item ? a->ctx.item->id : 0;
	view_detail_place place = view_detail_where(&a->v[PANE_DETAIL]);
	int rc = board_load(&a->b, err);
	a->ctx.item = NULL; /* the board's items are new (or gone) */
	if (rc)
		return rc;
	if (!item_id || !app_find_item(a, item_id)) {
		if (!a->ctx.selection->ops->count(a->ctx.selection))
			a->ctx.selection = app_first_items(a);
		/* The cursor may point past the shorter list: bring it in now, so that the item
		 * selected and the actions loaded are those the pane shows. */
		view *sel = app_view(a, a->ctx.selection);
		view_list_move(sel, sel->ops->count(sel), 0);
		if (app_is_items(a->ctx.focus))
			a->ctx.focus = a->ctx.selection;
	}
	a->ctx.item = view_items_selected(a->ctx.selection);
	return view_detail_return(&a->v[PANE_DETAIL], &place, err);
}

static void app_reload_or_say(tui_app *a)
{
	ab_err err = {0};
	if (app_reload(a, &err))
		view_message(&a->ctx, true, " %s", err.msg);
}

/* ---- filters, cycles, search ---------------------------------------------------------- */

/* After a filter changed: reload, and say what is shown (or `what` when nothing is
 * filtered any more). NULL: the filter did not change. */
static void app_reload_filtered(tui_app *a, const char *what)
{
	if (!what)
		return;
	ab_err err = {0};
	if (app_reload(a, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	if (!a->ctx.selection->ops->count(a->ctx.selection)) {
		a->ctx.selection = app_first_items(a);
		app_item_changed(a);
	}
	if (app_is_items(a->ctx.focus))
		a->ctx.focus = a->ctx.selection;
	char desc[512];
	board_filter_describe(&a->b, desc, sizeof desc);
	if (*desc)
		view_message(&a->ctx, false, " %s: %zu items · x clears", desc, a->b.nitems);
	else
		view_message(&a->ctx, false, " %s", what);
}

/* A view changed the filter (an owner's Enter): reload and start from the first item. */
static void app_filter_from_top(tui_app *a)
{
	ab_err err = {0};
	if (app_reload(a, &err)) {
		view_message(&a->ctx, true, "%s", err.msg);
		return;
	}
	a->v[PANE_UPPER].cursor = a->v[PANE_LOWER].cursor = 0;
	bool upper = a->b.npane[BOARD_UPPER] || !a->b.npane[BOARD_LOWER];
	a->ctx.selection = &a->v[upper ? PANE_UPPER : PANE_LOWER];
	app_item_changed(a);
}

/* The picker chose another cycle: load it and start at its first item. */
static void app_cycle_changed(tui_app *a)
{
	ab_err err = {0};
	int rc = board_load(&a->b, &err);
	a->ctx.item = NULL;
	if (rc) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	for (int p = 0; p < PANE_COUNT; p++)
		a->v[p].cursor = a->v[p].top = 0;
	a->ctx.selection = a->ctx.focus = app_first_items(a);
	app_item_changed(a);
}

/* ---- the disagreement view ---------------------------------------------------------------- */

static bool app_gaps_open(const tui_app *a)
{
	return a->back != NULL;
}

/* Reads the disagreements again and shows them (keeping the cursor where it can). */
static void app_gaps_show(tui_app *a)
{
	ab_err err = {0};
	if (board_load_gaps(&a->b, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	if (!app_gaps_open(a))
		a->back = a->ctx.focus;
	a->ctx.focus = &a->gaps;
}

static void app_gaps_close(tui_app *a)
{
	a->ctx.focus = a->back;
	a->back = NULL;
}

/* Enter on a disagreement: its plan and item on the board, the item's actions focused. */
static void app_gaps_jump(tui_app *a)
{
	const board_gap *g = view_gaps_selected(&a->gaps);
	if (!g)
		return;
	int64_t id = g->item_id;
	size_t was = a->b.cur;
	if (!board_find_cycle(&a->b, g->establishment, g->cycle)) {
		view_message(&a->ctx, true, " %s/%s is no longer loaded", g->establishment, g->cycle);
		return;
	}
	app_gaps_close(a);
	if (a->b.cur != was)
		app_cycle_changed(a);
	if (!app_find_item(a, id) && board_filtered(&a->b)) {
		board_filter_clear(&a->b); /* the filter hid it: show everything */
		app_reload_or_say(a);
		app_find_item(a, id);
	}
	a->ctx.focus = &a->v[PANE_DETAIL];
	app_item_changed(a);
}

/* Moves to the next (dir 1) or previous (-1) match; `from_here` includes the selected
 * item (as typing does). */
static void app_search_step(tui_app *a, int dir, bool from_here)
{
	view *panes[2] = {&a->v[PANE_UPPER], &a->v[PANE_LOWER]};
	view *v = view_items_find(panes, dir, from_here);
	if (!v)
		return;
	a->ctx.selection = v;
	if (app_is_items(a->ctx.focus) || a->ctx.focus == &a->v[PANE_OWNERS])
		a->ctx.focus = v;
	app_item_changed(a);
}

/* prompt_line's `changed`: the search follows every edit. */
static void app_search_changed(void *arg, const char *text)
{
	tui_app *a = arg;
	snprintf(a->b.search, sizeof a->b.search, "%s", text);
	ab_err err = {0};
	if (app_reload(a, &err))
		view_message(&a->ctx, true, "%s", err.msg);
	app_search_step(a, 1, true);
}

/* A new search starts empty, so that typing never adds to the last one; Esc brings the
 * last one back. */
static void app_search(tui_app *a)
{
	char buf[sizeof a->b.search] = "", prev[sizeof a->b.search];
	snprintf(prev, sizeof prev, "%s", a->b.search);
	a->ctx.msg[0] = 0;
	if (!prompt_line(&a->ps, "Search: ", buf, sizeof buf, 0, app_search_changed)) {
		if (prev[0])
			app_search_changed(a, prev);
		return;
	}
	if (buf[0] && !a->b.nmatches)
		view_message(&a->ctx, true, " No item or action text contains \"%s\"", buf);
}

/* ---- requests --------------------------------------------------------------------------- */

static void app_cycle_pane(tui_app *a, int dir)
{
	int p = (int)(a->ctx.focus - a->v);
	for (int i = 0; i < PANE_COUNT; i++) {
		p = (p + dir + PANE_COUNT) % PANE_COUNT;
		if (!app_is_items(&a->v[p]) || a->v[p].ops->count(&a->v[p]))
			break; /* an empty item pane has nothing to select */
	}
	app_select(a, &a->v[p]);
}

static void app_help(tui_app *a)
{
	char *lines[64], buf[256];
	int n = 0;
	for (size_t i = 0; n < 64 && keymap_help_line(i, buf, sizeof buf); i++)
		if ((lines[n] = strdup(buf)))
			n++;
	prompt_page(&a->ps, "Keys (mouse: click selects, wheel scrolls)",
		    (const char *const *)lines, n);
	for (int i = 0; i < n; i++)
		free(lines[i]);
}

/* A write asked for and tried: reload so the screen shows what is stored now. */
static void app_after_edit(tui_app *a, bool tried)
{
	ab_err err = {0};
	if (tried)
		app_reload(a, &err); /* the write's own outcome is the message to keep */
}

static void app_toggle(tui_app *a, bool *flag, const char *off)
{
	*flag = !*flag;
	app_reload_filtered(a, off);
}

/* O: the next order (plan, due date, days late, owner), the selection kept. */
static void app_sort(tui_app *a)
{
	static const query_sort cycle[] = {QUERY_SORT_PLAN, QUERY_SORT_DUE, QUERY_SORT_LATE,
					   QUERY_SORT_OWNER};
	size_t i = 0, n = sizeof cycle / sizeof *cycle;
	while (i < n && cycle[i] != a->b.sort)
		i++;
	a->b.sort = cycle[(i + 1) % n];
	ab_err err = {0};
	if (app_reload(a, &err))
		view_message(&a->ctx, true, " %s", err.msg);
	else
		view_message(&a->ctx, false, " Sorted by %s (O: by %s)", board_sort_name(a->b.sort),
			     board_sort_name(cycle[(i + 2) % n]));
}

/* The action a write key means: in the detail, the one under its cursor; elsewhere the
 * selected item's only action, or the one the user picks (the detail moves to it). NULL:
 * none (the message says why). */
static const board_action *app_action_for(tui_app *a, const char *verb)
{
	view *d = &a->v[PANE_DETAIL];
	if (a->ctx.focus == d)
		return view_detail_action(d);
	int i = edit_choose(&a->ctx, &a->ps, verb);
	if (i < 0)
		return NULL;
	d->cursor = i;
	return view_detail_action(d);
}

/* u: the action of the write just done (its message offers the undo), else as a write
 * key chooses. */
static void app_undo(tui_app *a)
{
	const board_action *ac = NULL;
	char key[sizeof a->edit.undo_key];
	snprintf(key, sizeof key, "%s", a->edit.undo_key);
	if (!key[0] && !(ac = app_action_for(a, "Undo on")))
		return;
	app_after_edit(a, edit_undo(&a->ctx, &a->edit, &a->ps, key[0] ? key : ac->key));
}

/* What the dashboard does with a request the view `from` passed on or asked for. */
static void app_handle(tui_app *a, view *from, tui_request req)
{
	view_ctx *c = &a->ctx;
	const board_action *ac;
	switch (req) {
	case REQ_ITEM_SELECTED: c->selection = from; app_item_changed(a); break;
	case REQ_ITEMS_BELOW:
		a->v[PANE_LOWER].cursor = 0;
		app_select(a, &a->v[PANE_LOWER]);
		break;
	case REQ_ITEMS_ABOVE:
		a->v[PANE_UPPER].cursor = (int)a->b.npane[BOARD_UPPER] - 1;
		app_select(a, &a->v[PANE_UPPER]);
		break;
	case REQ_VIEW_DETAIL: c->focus = &a->v[PANE_DETAIL]; break;
	case REQ_VIEW_ITEMS: c->focus = c->selection; break;
	case REQ_FILTER_CHANGED: app_filter_from_top(a); break;
	case REQ_NEXT_PANE: app_cycle_pane(a, 1); break;
	case REQ_PREV_PANE: app_cycle_pane(a, -1); break;
	case REQ_BACK:
		if (app_gaps_open(a))
			app_gaps_close(a);
		else if (a->b.search[0])
			app_search_changed(a, "");
		break;
	case REQ_STATUS:
		if ((ac = app_action_for(a, "Status of")))
			app_after_edit(a, edit_status(c, &a->edit, &a->ps, ac));
		break;
	case REQ_NOTE:
		if ((ac = app_action_for(a, "Note for")))
			app_after_edit(a, edit_note(c, &a->edit, &a->ps, ac));
		break;
	case REQ_DUE:
		if ((ac = app_action_for(a, "New due date for")))
			app_after_edit(a, edit_due(c, &a->edit, &a->ps, ac));
		break;
	case REQ_HISTORY:
		if ((ac = app_action_for(a, "History of")))
			app_after_edit(a, edit_history(c, &a->edit, &a->ps, ac));
		break;
	case REQ_UNDO: app_undo(a); break;
	case REQ_GAPS: app_gaps_show(a); break;
	case REQ_OPEN_GAP: app_gaps_jump(a); break;
	case REQ_JUDGE: app_after_edit(a, edit_judge(c, &a->edit, &a->ps, c->item)); break;
	case REQ_LINK: app_after_edit(a, edit_link(c, &a->edit, &a->ps, c->item)); break;
	case REQ_SLIPPED:
		app_toggle(a, &a->b.filter.slipped, "Slipped-dates filter: off");
		break;
	case REQ_SEARCH: app_search(a); break;
	case REQ_SEARCH_NEXT:
	case REQ_SEARCH_PREV:
		if (!a->b.search[0])
			view_message(c, false, " No search yet: / starts one");
		else
			app_search_step(a, req == REQ_SEARCH_NEXT ? 1 : -1, false);
		break;
	case REQ_CYCLE:
		switch (pick_cycle(c, &a->ps)) {
		case PICK_CYCLE: app_cycle_changed(a); break;
		case PICK_GAPS: app_gaps_show(a); break;
		}
		break;
	case REQ_OWNER: app_reload_filtered(a, pick_owner(c, &a->ps)); break;
	case REQ_MINE: app_reload_filtered(a, pick_mine(c)); break;
	case REQ_OVERDUE: app_toggle(a, &a->b.filter.overdue, "Overdue filter: off"); break;
	case REQ_DUE_SOON: app_toggle(a, &a->b.filter.due_soon, "Due-soon filter: off"); break;
	case REQ_STATUS_FILTER: app_reload_filtered(a, pick_status(c, &a->ps)); break;
	case REQ_OPEN_ONLY: app_toggle(a, &a->b.filter.open_only, "Open-only filter: off"); break;
	case REQ_SORT: app_sort(a); break;
	case REQ_CLEAR:
		board_filter_clear(&a->b);
		app_reload_filtered(a, "Filters cleared");
		break;
	case REQ_HELP: app_help(a); break;
	case REQ_REDRAW:
		app_reload_or_say(a);
		clearok(curscr, TRUE);
		break;
	case REQ_QUIT: a->quit = true; break;
	default: break; /* a move or Enter the view had no use for */
	}
}

/* ---- the mouse ---------------------------------------------------------------------------- */

static view *app_view_at(tui_app *a, int y, int x)
{
	if (app_gaps_open(a)) {
		tui_rect r = a->gaps.rect;
		return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w ? &a->gaps : NULL;
	}
	for (int p = 0; p < PANE_COUNT; p++) {
		tui_rect r = a->v[p].rect;
		if (y >= r.y && y < r.y + r.h && x >= r.x - 1 && x <= r.x + r.w)
			return &a->v[p];
	}
	return NULL;
}

static void app_click(tui_app *a, view *v, int line)
{
	if (!v->ops->click(v, line))
		return;
	a->ctx.focus = v;
	if (app_is_items(v)) {
		a->ctx.selection = v;
		app_item_changed(a);
	}
}

static void app_mouse(tui_app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	view *v = app_view_at(a, ev.y, ev.x);
	if (!v)
		return;
	a->ctx.msg[0] = 0;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		app_click(a, v, ev.y - v->rect.y);
	} else if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
		app_click(a, v, ev.y - v->rect.y);
		app_handle(a, v, v->ops->request(v, REQ_ENTER));
	} else if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		/* The wheel moves the pane under the pointer; an item pane takes the focus. */
		if (app_is_items(v))
			a->ctx.focus = v;
		tui_request req = ev.bstate & BUTTON4_PRESSED ? REQ_WHEEL_UP : REQ_WHEEL_DOWN;
		app_handle(a, v, v->ops->request(v, req));
	}
}

/* ---- the app ------------------------------------------------------------------------------- */

void app_key(tui_app *a, term_key k)
{
	if (k.fn && k.code == KEY_MOUSE) {
		app_mouse(a);
		return;
	}
	if (screen_too_small()) {
		if (term_is(k, 'q')) /* only quitting makes sense on the size notice */
			a->quit = true;
		return;
	}
	a->ctx.msg[0] = 0;
	tui_request req = keymap_request(k);
	if (req != REQ_UNDO) /* the offer of "u undo" went with the message */
		a->edit.undo_key[0] = 0;
	if (req == REQ_NONE)
		return;
	view *v = app_gaps_open(a) ? &a->gaps : app_view(a, a->ctx.focus);
	app_handle(a, v, v->ops->request(v, req));
}

static bool app_paint(void *arg)
{
	tui_app *a = arg;
	if (app_gaps_open(a))
		return screen_draw_full(&a->ctx, &a->gaps);
	return screen_draw(&a->ctx, a->v);
}

void app_draw(tui_app *a)
{
	app_paint(a);
}

bool app_poll(tui_app *a)
{
	long long now;
	ab_err err = {0};
	if (store_data_version(a->ctx.cfg->st, &now, &err) || now == a->version)
		return false;
	a->version = now;
	app_reload_or_say(a);
	if (app_gaps_open(a))
		app_gaps_show(a);
	return true;
}

bool app_quitting(const tui_app *a)
{
	return a->quit;
}

int app_new(const tui_config *cfg, tui_app **out, ab_err *err)
{
	tui_app *a = calloc(1, sizeof *a);
	if (!a)
		return err_set(err, EX_OSERR, "out of memory");
	a->ctx.cfg = cfg;
	a->ctx.b = &a->b;
	a->edit.actor = (action_actor){.login = cfg->user, .cfg = cfg->settings};
	a->ps = (prompt_screen){app_paint, a};
	board_init(&a->b, cfg->st, cfg->today);
	a->v[PANE_UPPER] = (view){.ops = &view_items_ops, .ctx = &a->ctx, .which = BOARD_UPPER};
	a->v[PANE_LOWER] = (view){.ops = &view_items_ops, .ctx = &a->ctx, .which = BOARD_LOWER};
	a->v[PANE_OWNERS] = (view){.ops = &view_owners_ops, .ctx = &a->ctx};
	a->gaps = (view){.ops = &view_gaps_ops, .ctx = &a->ctx};
	int rc = view_detail_init(&a->v[PANE_DETAIL], &a->ctx, err);
	if (!rc)
		rc = board_select_cycle(&a->b, cfg->establishment, cfg->cycle, err);
	if (!rc)
		rc = store_data_version(cfg->st, &a->version, err);
	if (rc) {
		app_free(a);
		return rc;
	}
	a->ctx.selection = a->ctx.focus = app_first_items(a);
	app_item_changed(a);
	*out = a;
	return 0;
}

void app_free(tui_app *a)
{
	if (!a)
		return;
	for (int p = 0; p < PANE_COUNT; p++)
		if (a->v[p].ops && a->v[p].ops->done)
			a->v[p].ops->done(&a->v[p]);
	board_free(&a->b);
	free(a);
}
