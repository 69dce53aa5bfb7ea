/* app — see app.h. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "app_priv.h"
#include "app_screens.h"
#include "app_sel.h"
#include "assess_edit.h"
#include "../core/counts.h"
#include "../core/search.h"
#include "board.h"
#include "edit.h"
#include "edit_verify.h"
#include "edit_evidence.h"
#include "edit_amend.h"
#include "keymap.h"
#include "pick.h"
#include "prompt.h"
#include "screen.h"
#include "view.h"
#include "view_detail.h"
#include "view_gaps.h"
#include "view_estate.h"
#include "view_items.h"
#include "view_owned.h"
#include "view_owners.h"
#include "view_search.h"

/* ---- requests --------------------------------------------------------------------------- */

static void app_cycle_pane(tui_app *a, int dir)
{
	int p = (int)(a->ctx.focus - a->v);
	for (int i = 0; i < PANE_COUNT; i++) {
		p = (p + dir + PANE_COUNT) % PANE_COUNT;
		if (!app_sel_is_items(&a->v[p]) || a->v[p].ops->count(&a->v[p]))
			break; /* an empty item pane has nothing to select */
	}
	app_sel_focus(a, &a->v[p]);
}

static void app_help(tui_app *a)
{
	char *lines[128], buf[256];
	int n = 0;
	for (size_t i = 0; n < 128 && keymap_help_line(i, buf, sizeof buf); i++)
		lines[n++] = xstrdup(buf);
	prompt_page(&a->ps, "Keys (mouse: click selects, wheel scrolls)",
		    (const char *const *)lines, n);
	for (int i = 0; i < n; i++)
		free(lines[i]);
}

/* A write asked for and tried: reload so the screen shows what is stored now. Our own
 * writes do not change data_version: counts read before (the overview, the estate's
 * owners) are marked stale here. */
static void app_after_edit(tui_app *a, bool tried)
{
	ab_err err = {0};
	if (!tried)
		return;
	a->writes++;
	a->b.owners_scope = -1;
	if (a->plan)
		app_sel_reload(a, &err); /* the write's own outcome is the message to keep */
	char keep[sizeof a->ctx.msg];
	bool error = a->ctx.msg_error;
	snprintf(keep, sizeof keep, "%s", a->ctx.msg);
	app_screens_refresh_one(a);
	if (!a->ctx.msg_error)
		view_message(&a->ctx, error, "%s", keep);
}

static void app_toggle(tui_app *a, bool *flag, const char *off)
{
	*flag = !*flag;
	app_sel_reload_filtered(a, off);
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
	if (app_sel_reload(a, &err))
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
	if (a->mode == MODE_OWNED) /* the owner's list: the action under its cursor */
		return view_owned_action(app_one(a, MODE_OWNED));
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

/* The requests that mean something else beyond the plan; true when handled here. */
static bool app_handle_beyond(tui_app *a, tui_request req)
{
	view_ctx *c = &a->ctx;
	if (app_screens_gaps_open(a))
		return false; /* the disagreement view: Esc closes it, Enter leaves it */
	switch (req) {
	case REQ_ESTATE: app_screens_show_estate(a); return true;
	case REQ_OPEN_PLAN: app_screens_open_plan(a); return true;
	case REQ_OPEN_ACTION: app_screens_open_action(a); return true;
	case REQ_OPEN_OWNER: {
		const view *o = &a->v[PANE_OWNERS];
		if (o->cursor >= 0 && (size_t)o->cursor < a->b.nowners) {
			char name[256], est[64] = "";
			const board_owner *bo = &a->b.owners[o->cursor];
			snprintf(name, sizeof name, "%s", bo->name);
			if (bo->establishment) /* a local owner: theirs, not every prison's */
				snprintf(est, sizeof est, "%s", bo->establishment);
			const char *names[] = {name};
			app_screens_show_owned(a, names, 1, false,
					       *est ? est : app_screens_owner_scope(a));
		}
		return true;
	}
	case REQ_OWNER_ESTATE: app_screens_pick_owned(a, NULL); return true;
	case REQ_FIND: app_screens_find(a); return true;
	case REQ_SCOPE: app_screens_scope(a); return true;
	case REQ_OWNER:
		if (a->mode == MODE_PLAN && a->b.scope == BOARD_SCOPE_PLAN)
			return false;
		app_screens_pick_owned(a, app_screens_owner_scope(a));
		return true;
	case REQ_MINE:
		if (a->mode == MODE_PLAN && a->b.scope == BOARD_SCOPE_PLAN)
			return false;
		app_screens_mine_owned(a, app_screens_owner_scope(a));
		return true;
	default:
		break;
	}
	if (a->mode == MODE_PLAN)
		return false;
	switch (req) { /* on the overview, an owner's list or a search */
	case REQ_BACK: app_screens_back(a); return true;
	case REQ_CLEAR:
		if (a->mode == MODE_ESTATE) {
			a->sp.estate.filter[0] = 0;
			a->sp.estate.group_only = false; /* and every prison group */
			span_estate_arrange(&a->sp);
			view_message(c, false, " Every establishment");
		} else {
			app_screens_back(a);
		}
		return true;
	case REQ_SEARCH:
		if (a->mode == MODE_ESTATE)
			app_screens_estate_filter(a);
		else if (a->mode == MODE_FOUND)
			app_screens_find(a);
		else
			view_message(c, false, " / searches a plan's text; F searches the whole estate");
		return true;
	case REQ_CYCLE:
		if (pick_cycle(c, &a->ps)) {
			ab_err err = {0};
			int rc = board_load(&a->b, &err);
			a->ctx.item = NULL;
			if (rc) {
				view_message(c, true, " %s", err.msg);
				return true;
			}
			app_screens_switch(a, MODE_PLAN);
			app_screens_plan_shown(a);
		}
		return true;
	case REQ_REDRAW:
		app_screens_refresh_one(a);
		clearok(curscr, TRUE);
		return true;
	case REQ_STATUS: case REQ_NOTE: case REQ_DUE: case REQ_HISTORY:
		if (a->mode != MODE_OWNED) {
			view_message(c, false, " ↵ opens the action in its plan, where s, a and t act on it");
			return true;
		}
		return false;
	case REQ_NEXT_PANE: case REQ_PREV_PANE: case REQ_OVERDUE: case REQ_DUE_SOON:
	case REQ_STATUS_FILTER: case REQ_SEARCH_NEXT: case REQ_SEARCH_PREV:
	case REQ_JUDGE: case REQ_LINK: case REQ_SORT: case REQ_VERIFY: case REQ_EVIDENCE: case REQ_AMEND:
	case REQ_OPEN_ONLY: case REQ_SLIPPED: case REQ_AGREEMENT_FILTER: case REQ_JUDGED_FILTER:
		return true; /* the plan's keys: nothing to do here */
	default:
		return false;
	}
}

/* What the dashboard does with a request the view `from` passed on or asked for. */
static void app_handle(tui_app *a, view *from, tui_request req)
{
	view_ctx *c = &a->ctx;
	if (app_handle_beyond(a, req))
		return;
	const board_action *ac;
	switch (req) {
	case REQ_ITEM_SELECTED: c->selection = from; app_sel_item_changed(a); break;
	case REQ_ITEMS_BELOW:
		a->v[PANE_LOWER].cursor = c->cross_row;
		app_sel_focus(a, &a->v[PANE_LOWER]);
		break;
	case REQ_ITEMS_ABOVE:
		a->v[PANE_UPPER].cursor = c->cross_row;
		app_sel_focus(a, &a->v[PANE_UPPER]);
		break;
	case REQ_VIEW_DETAIL: c->focus = &a->v[PANE_DETAIL]; break;
	case REQ_VIEW_ITEMS: c->focus = c->selection; break;
	case REQ_FILTER_CHANGED: app_sel_filter_from_top(a); break;
	case REQ_NEXT_PANE: app_cycle_pane(a, 1); break;
	case REQ_PREV_PANE: app_cycle_pane(a, -1); break;
	case REQ_BACK:
		if (app_screens_gaps_open(a))
			app_screens_gaps_close(a);
		else if (a->b.search[0])
			app_screens_search_changed(a, "");
		else if (a->back != MODE_PLAN) /* a plan opened from elsewhere: back there */
			app_screens_back(a);
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
	case REQ_VERIFY:
		if ((ac = app_action_for(a, "Verify")))
			app_after_edit(a, edit_verify(c, &a->edit, &a->ps, ac));
		break;
	case REQ_AMEND:
		/* on the actions: the one under the cursor; on the items: adding only */
		app_after_edit(a, edit_amend(c, &a->edit, &a->ps, c->item,
					     c->focus == &a->v[PANE_DETAIL]
						     ? view_detail_action(&a->v[PANE_DETAIL])
						     : NULL));
		break;
	case REQ_EVIDENCE:
		if ((ac = app_action_for(a, "Evidence of")))
			app_after_edit(a, edit_evidence(c, &a->edit, &a->ps, ac));
		break;
	case REQ_UNDO: app_undo(a); break;
	case REQ_GAPS: app_screens_gaps_show(a); break;
	case REQ_OPEN_GAP: app_screens_gaps_jump(a); break;
	case REQ_JUDGE: app_after_edit(a, assess_edit_judge(c, &a->edit, &a->ps, c->item)); break;
	case REQ_LINK: app_after_edit(a, assess_edit_link(c, &a->edit, &a->ps, c->item)); break;
	case REQ_SLIPPED:
		app_toggle(a, &a->b.filter.slipped, "Slipped-dates filter: off");
		break;
	case REQ_SEARCH: app_screens_search(a); break;
	case REQ_SEARCH_NEXT:
	case REQ_SEARCH_PREV:
		if (!a->b.search[0])
			view_message(c, false, " No search yet: / starts one");
		else
			app_screens_search_step(a, req == REQ_SEARCH_NEXT ? 1 : -1, false);
		break;
	case REQ_CYCLE:
		switch (pick_cycle(c, &a->ps)) {
		case PICK_CYCLE: app_sel_cycle_changed(a); break;
		case PICK_GAPS: app_screens_gaps_show(a); break;
		}
		break;
	case REQ_OWNER: app_sel_reload_filtered(a, pick_owner(c, &a->ps)); break;
	case REQ_MINE: app_sel_reload_filtered(a, pick_mine(c)); break;
	case REQ_OVERDUE: app_toggle(a, &a->b.filter.overdue, "Overdue filter: off"); break;
	case REQ_DUE_SOON: app_toggle(a, &a->b.filter.due_soon, "Due-soon filter: off"); break;
	case REQ_STATUS_FILTER: app_sel_reload_filtered(a, pick_status(c, &a->ps)); break;
	case REQ_AGREEMENT_FILTER: app_sel_reload_filtered(a, pick_agreement(c, &a->ps)); break;
	case REQ_JUDGED_FILTER: app_sel_reload_filtered(a, pick_judged(c, &a->ps)); break;
	case REQ_OPEN_ONLY: app_toggle(a, &a->b.filter.open_only, "Open-only filter: off"); break;
	case REQ_SORT: app_sort(a); break;
	case REQ_CLEAR:
		board_filter_clear(&a->b);
		app_sel_reload_filtered(a, "Filters cleared");
		break;
	case REQ_HELP: app_help(a); break;
	case REQ_REDRAW:
		app_sel_reload_or_say(a);
		clearok(curscr, TRUE);
		break;
	case REQ_QUIT: a->quit = true; break;
	default: break; /* a move or Enter the view had no use for */
	}
}

/* ---- the mouse ---------------------------------------------------------------------------- */

static view *app_view_at(tui_app *a, int y, int x)
{
	if (app_screens_gaps_open(a)) {
		tui_rect r = a->gaps.rect;
		return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w ? &a->gaps : NULL;
	}
	int n = a->mode == MODE_PLAN ? PANE_COUNT : 1;
	for (int p = 0; p < n; p++) {
		view *v = a->mode == MODE_PLAN ? &a->v[p] : app_one(a, a->mode);
		tui_rect r = v->rect;
		if (y >= r.y && y < r.y + r.h && x >= r.x - 1 && x <= r.x + r.w)
			return v;
	}
	return NULL;
}

static void app_click(tui_app *a, view *v, int line)
{
	if (!v->ops->click(v, line))
		return;
	a->ctx.focus = v;
	if (app_sel_is_items(v)) {
		a->ctx.selection = v;
		app_sel_item_changed(a);
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
		if (app_sel_is_items(v))
			a->ctx.focus = v;
		tui_request req = ev.bstate & BUTTON4_PRESSED ? REQ_WHEEL_UP : REQ_WHEEL_DOWN;
		app_handle(a, v, v->ops->request(v, req));
	}
}

/* ---- the app ------------------------------------------------------------------------------- */

void app_key(tui_app *a, term_key k)
{
	a->drawn_rows = a->drawn_cols = 0; /* a prompt may draw over the frame */
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
	view *v = app_screens_gaps_open(a)	 ? &a->gaps
		  : a->mode == MODE_PLAN ? app_sel_view(a, a->ctx.focus)
					 : app_one(a, a->mode);
	app_handle(a, v, v->ops->request(v, req));
}

/* What a whole-screen view's header says: where, and (on the right) what filters it. */
static void app_scope_text(tui_app *a, char *scope, size_t n, char *tag, size_t tn)
{
	tag[0] = 0;
	if (a->mode == MODE_ESTATE) {
		snprintf(scope, n, "the estate · %zu establishments", a->sp.estate.n);
		const span_estate *e = &a->sp.estate;
		if (e->filter[0] || e->group_only)
			snprintf(tag, tn, "FILTER%s%s%s%s%s · x clears", e->filter[0] ? " \"" : "",
				 e->filter, e->filter[0] ? "\"" : "", e->group_only ? " group: " : "",
				 !e->group_only ? "" : e->group[0] ? e->group : "none");
		return;
	}
	if (a->mode == MODE_FOUND) {
		snprintf(scope, n, "the estate · search");
		snprintf(tag, tn, "SEARCH \"%s\" · Esc back", a->sp.found.text);
		return;
	}
	const span_owned *o = &a->sp.owned;
	snprintf(scope, n, "%s%s", o->establishment ? "this establishment: " : "the estate",
		 o->establishment ? o->establishment : "");
	size_t len = (size_t)snprintf(tag, tn, "FILTER %s", o->mine ? "my actions: " : "owner: ");
	for (size_t i = 0; i < o->nowners && len < tn; i++)
		len += (size_t)snprintf(tag + len, tn - len, "%s%s", i ? ", " : "", o->owners[i]);
	if (len < tn)
		snprintf(tag + len, tn - len, " · x clears");
}

static bool app_paint(void *arg)
{
	tui_app *a = arg;
	if (app_screens_gaps_open(a))
		return screen_draw_full(&a->ctx, &a->gaps);
	if (a->mode == MODE_PLAN)
		return screen_draw(&a->ctx, a->v);
	char scope[600], tag[600];
	app_scope_text(a, scope, sizeof scope, tag, sizeof tag);
	return screen_draw_one(&a->ctx, app_one(a, a->mode), scope, tag[0] ? tag : NULL);
}

void app_draw(tui_app *a, bool polled)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	bool alone = a->mode == MODE_ESTATE && !app_screens_gaps_open(a) && !a->ctx.msg[0];
	a->ctx.over_last = polled && alone && a->drawn_rows == rows && a->drawn_cols == cols;
	bool drawn = app_paint(a);
	a->ctx.over_last = false;
	a->drawn_rows = drawn && alone ? rows : 0;
	a->drawn_cols = drawn && alone ? cols : 0;
}

/* What another process changed, as app_poll sorts it: the plan on screen (or the owners
 * of its scope), and the overview rows. */
#define APP_CHANGED_MAX 32
typedef struct app_changed {
	const board_cycle *plan; /* the plan loaded, NULL if none */
	int scope;               /* the board's (BOARD_SCOPE_*) */
	bool all, plan_hit;
	char est[APP_CHANGED_MAX][64];
	const char *ests[APP_CHANGED_MAX];
	size_t nests;
} app_changed;

static int app_on_change(const char *est, const char *cycle, void *ctx)
{
	app_changed *c = ctx;
	if (!est || !cycle) {
		c->all = true;
		return 0;
	}
	bool same_est = c->plan && !strcmp(est, c->plan->establishment);
	if (c->plan && (c->scope == BOARD_SCOPE_ESTATE ||
			(same_est && (c->scope == BOARD_SCOPE_ESTABLISHMENT || !strcmp(cycle, c->plan->cycle)))))
		c->plan_hit = true;
	for (size_t i = 0; i < c->nests; i++)
		if (!strcmp(c->ests[i], est))
			return 0;
	if (c->nests == APP_CHANGED_MAX) {
		c->all = true;
		return 0;
	}
	snprintf(c->est[c->nests], sizeof c->est[0], "%s", est);
	c->ests[c->nests] = c->est[c->nests];
	c->nests++;
	return 0;
}

/* The overview's rows of the changed establishments, when it was up to date before. */
static void app_poll_estate(tui_app *a, const app_changed *ch, long long before, long long now)
{
	ab_err err = {0};
	bool current = a->sp.estate.loaded && a->estate_version == before &&
		       a->estate_writes == a->writes;
	if (ch->all || !current) {
		app_screens_refresh_one(a);
		return;
	}
	view *e = app_one(a, MODE_ESTATE);
	const span_est *cur = view_estate_selected(e);
	char code[64] = "";
	if (cur)
		snprintf(code, sizeof code, "%s", cur->code);
	bool whole;
	if (span_estate_reload(&a->sp, ch->ests, ch->nests, &whole, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	view_estate_select(e, code);
	a->estate_version = now;
}

/*
 * Another process wrote (data_version moved): ask which plans it touched (one indexed
 * lookup, core/counts.h) and reload only what shows them. A write elsewhere costs a
 * session nothing more, and draws nothing.
 */
bool app_poll(tui_app *a)
{
	long long now, before = a->version, latest;
	ab_err err = {0};
	if (store_data_version(a->ctx.cfg->st, &now, &err) || now == a->version)
		return false;
	a->version = now;
	app_changed ch = {.plan = a->plan ? board_cycle_current(&a->b) : NULL, .scope = a->b.scope};
	if (counts_changes(a->ctx.cfg->st, a->seen, app_on_change, &ch, &latest, &err) ||
	    latest < a->seen) /* replaced by a restore: the numbers started again */
		ch.all = true;
	a->seen = latest;
	bool plan = a->plan && (ch.all || ch.plan_hit);
	bool elsewhere = a->mode != MODE_PLAN && (ch.all || ch.nests);
	bool gaps = app_screens_gaps_open(a) && (ch.all || ch.nests); /* the estate's */
	if (!plan && !elsewhere && !gaps)
		return false;
	if (plan)
		app_sel_reload_or_say(a);
	if (a->mode == MODE_ESTATE)
		app_poll_estate(a, &ch, before, now);
	else if (elsewhere)
		app_screens_refresh_one(a);
	if (gaps)
		app_screens_gaps_show(a);
	return true;
}

bool app_quitting(const tui_app *a)
{
	return a->quit;
}

/* The first screen: the overview when the database holds more than one establishment
 * and no plan was asked for, else the plan (the first establishment's latest). */
static int app_first_screen(tui_app *a, const tui_config *cfg, ab_err *err)
{
	bool overview = !cfg->establishment && !cfg->cycle;
	if (overview && app_screens_estate_fresh(a, err))
		return err->code;
	a->home = overview && a->sp.estate.n > 1 ? MODE_ESTATE : MODE_PLAN;
	a->mode = a->back = a->home;
	a->ctx.selection = a->ctx.focus = a->plan_focus = &a->v[PANE_UPPER];
	if (a->home == MODE_ESTATE) {
		a->ctx.focus = app_one(a, MODE_ESTATE);
		return 0;
	}
	if (board_select_cycle(&a->b, cfg->establishment, cfg->cycle, err))
		return err->code;
	a->plan = true;
	a->ctx.selection = a->ctx.focus = a->plan_focus = app_sel_first_items(a);
	app_sel_item_changed(a);
	return 0;
}

int app_new(const tui_config *cfg, tui_app **out, ab_err *err)
{
	tui_app *a = xcalloc(1, sizeof *a);
	a->ctx.cfg = cfg;
	a->ctx.b = &a->b;
	a->ctx.sp = &a->sp;
	a->edit.actor = (action_actor){.login = cfg->user, .cfg = cfg->settings};
	a->ps = (prompt_screen){app_paint, a};
	board_init(&a->b, cfg->st, cfg->today);
	span_init(&a->sp, cfg->st, cfg->today);
	a->v[PANE_UPPER] = (view){.ops = &view_items_ops, .ctx = &a->ctx, .which = BOARD_UPPER};
	a->v[PANE_LOWER] = (view){.ops = &view_items_ops, .ctx = &a->ctx, .which = BOARD_LOWER};
	a->v[PANE_OWNERS] = (view){.ops = &view_owners_ops, .ctx = &a->ctx};
	a->gaps = (view){.ops = &view_gaps_ops, .ctx = &a->ctx};
	*app_one(a, MODE_ESTATE) = (view){.ops = &view_estate_ops, .ctx = &a->ctx};
	*app_one(a, MODE_OWNED) = (view){.ops = &view_owned_ops, .ctx = &a->ctx};
	*app_one(a, MODE_FOUND) = (view){.ops = &view_search_ops, .ctx = &a->ctx};
	view_detail_init(&a->v[PANE_DETAIL], &a->ctx);
	/* What was seen is read before the first screen: a change in between is then
	 * reloaded by the first poll, never missed (counts.h). */
	int rc = counts_changes(cfg->st, 0, NULL, NULL, &a->seen, err);
	if (!rc)
		rc = store_data_version(cfg->st, &a->version, err);
	if (!rc)
		rc = app_first_screen(a, cfg, err);
	if (rc) {
		app_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void app_settings_read(tui_app *a)
{
	a->edit.actor.cfg = a->ctx.cfg->settings;
}

void app_free(tui_app *a)
{
	if (!a)
		return;
	for (int p = 0; p < PANE_COUNT; p++)
		if (a->v[p].ops && a->v[p].ops->done)
			a->v[p].ops->done(&a->v[p]);
	for (int m = MODE_ESTATE; m < MODE_COUNT; m++)
		if (app_one(a, m)->ops && app_one(a, m)->ops->done)
			app_one(a, m)->ops->done(app_one(a, m));
	board_free(&a->b);
	span_free(&a->sp);
	free(a);
}
