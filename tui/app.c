/* app — see app.h. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "assess_edit.h"
#include "../core/search.h"
#include "board.h"
#include "edit.h"
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

/* The screens: a plan (four panes), or one view over the whole screen. */
enum app_mode { MODE_PLAN, MODE_ESTATE, MODE_OWNED, MODE_FOUND, MODE_COUNT };

struct tui_app {
	view_ctx ctx;
	board b;
	span sp;
	view v[PANE_COUNT];
	view gaps;          /* the disagreement view, over the whole screen while open */
	const view *gaps_back; /* the view to focus again when it closes; NULL: it is closed */
	view one[MODE_COUNT - 1]; /* the overview, an owner's list, a search: one[mode - 1] */
	int mode, back, home;     /* on show; where Esc returns; the first screen */
	bool plan;                /* a plan is loaded (the overview may come before one) */
	const view *plan_focus;   /* the plan's focused pane while another screen shows */
	long long estate_version; /* data_version and writes when the overview was read */
	unsigned estate_writes, writes;
	edit_state edit;
	prompt_screen ps;   /* how prompts repaint the dashboard behind them */
	long long version;  /* the database's data_version last seen */
	bool quit;
};

static view *app_one(tui_app *a, int mode)
{
	return &a->one[mode - 1];
}

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

static void app_switch(tui_app *a, int mode);

static bool app_gaps_open(const tui_app *a)
{
	return a->gaps_back != NULL;
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
		a->gaps_back = a->ctx.focus;
	a->ctx.focus = &a->gaps;
}

static void app_gaps_close(tui_app *a)
{
	a->ctx.focus = a->gaps_back;
	a->gaps_back = NULL;
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
	if (a->b.cur != was || !a->plan) {
		app_cycle_changed(a);
		a->plan = true;
	}
	if (a->mode != MODE_PLAN) /* opened over the overview, an owner's list or a search */
		app_switch(a, MODE_PLAN);
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

/* ---- the screens beyond the plan ------------------------------------------------------------- */

/* Shows `mode`; Esc will return to the screen that was on. */
static void app_switch(tui_app *a, int mode)
{
	if (mode == a->mode)
		return;
	if (a->mode == MODE_PLAN)
		a->plan_focus = a->ctx.focus;
	a->back = a->mode;
	a->mode = mode;
	a->ctx.focus = mode == MODE_PLAN ? a->plan_focus : app_one(a, mode);
}

/* Esc: the screen before, else the first one (the overview or the plan). */
static void app_back(tui_app *a)
{
	int to = a->back != a->mode ? a->back : a->home;
	if (to == a->mode)
		to = a->mode == MODE_ESTATE ? MODE_PLAN : MODE_ESTATE;
	if (to == MODE_PLAN && !a->plan)
		return; /* nothing to go back to */
	if (to == MODE_OWNED && !a->sp.owned.nowners)
		to = a->plan ? MODE_PLAN : MODE_ESTATE;
	app_switch(a, to);
	a->back = a->home;
}

/* The overview, read again only when the database changed since it was read. */
static int app_estate_fresh(tui_app *a, ab_err *err)
{
	long long v;
	if (store_data_version(a->ctx.cfg->st, &v, err))
		return err->code;
	if (a->sp.estate.loaded && v == a->estate_version && a->writes == a->estate_writes)
		return 0;
	view *e = app_one(a, MODE_ESTATE);
	const span_est *cur = view_estate_selected(e);
	char code[64] = "";
	if (cur)
		snprintf(code, sizeof code, "%s", cur->code);
	if (span_estate_load(&a->sp, err))
		return err->code;
	view_estate_select(e, code);
	a->estate_version = v;
	a->estate_writes = a->writes;
	return 0;
}

/* E: the overview (again: back to where it was called from). */
static void app_show_estate(tui_app *a)
{
	if (a->mode == MODE_ESTATE) {
		app_back(a);
		return;
	}
	ab_err err = {0};
	if (app_estate_fresh(a, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	const board_cycle *cy = a->plan ? board_cycle_current(&a->b) : NULL;
	if (cy)
		view_estate_select(app_one(a, MODE_ESTATE), cy->establishment);
	app_switch(a, MODE_ESTATE);
}

/* After a plan was chosen (and loaded): its first item selected, the views at the top. */
static void app_plan_shown(tui_app *a)
{
	a->plan = true;
	for (int p = 0; p < PANE_COUNT; p++)
		a->v[p].cursor = a->v[p].top = 0;
	a->ctx.selection = app_first_items(a);
	a->plan_focus = a->ctx.selection;
	if (a->mode == MODE_PLAN)
		a->ctx.focus = a->ctx.selection;
	app_item_changed(a);
}

/* Enter on the overview: that establishment's latest plan. */
static void app_open_plan(tui_app *a)
{
	const span_est *e = view_estate_selected(app_one(a, MODE_ESTATE));
	if (!e)
		return;
	if (!e->cycle) {
		view_message(&a->ctx, true, " %s has no plan in the database", e->name);
		return;
	}
	char code[64];
	snprintf(code, sizeof code, "%s", e->code);
	ab_err err = {0};
	int rc = board_select_cycle(&a->b, code, NULL, &err);
	a->ctx.item = NULL;
	if (rc) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	app_switch(a, MODE_PLAN);
	app_plan_shown(a);
}

/* The establishment an owner's list covers from here (NULL: the estate). */
static const char *app_owner_scope(tui_app *a)
{
	if (a->mode == MODE_OWNED)
		return a->sp.owned.establishment;
	const board_cycle *cy = a->plan ? board_cycle_current(&a->b) : NULL;
	if (a->mode == MODE_PLAN && a->b.scope == BOARD_SCOPE_ESTABLISHMENT && cy)
		return cy->establishment;
	return NULL;
}

/* An owner's (or "my") actions, in `est` (NULL: the estate). */
static void app_show_owned(tui_app *a, const char *const *names, size_t n, bool mine,
			   const char *est)
{
	char where[64] = "";
	if (est) /* est may point into the span that is about to be read again */
		snprintf(where, sizeof where, "%s", est);
	ab_err err = {0};
	if (span_owned_load(&a->sp, names, n, mine, est ? where : NULL, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	view *v = app_one(a, MODE_OWNED);
	v->cursor = a->sp.owned.n > 1 ? 1 : 0; /* the first action, below its plan's heading */
	v->top = 0;
	app_switch(a, MODE_OWNED);
	view_message(&a->ctx, false, " %zu actions in %zu plans, %zu overdue · ↵ the action in its "
		     "plan · s a t h as in a plan · w %s · x closes",
		     a->sp.owned.nactions, a->sp.owned.nplans, a->sp.owned.noverdue,
		     est ? "the estate" : "one establishment");
}

/* o (beyond the plan) and W: pick an owner, show their actions. */
static void app_pick_owned(tui_app *a, const char *est)
{
	char name[256], where[64] = "";
	if (est)
		snprintf(where, sizeof where, "%s", est);
	if (pick_owner_in(&a->ctx, &a->ps, est ? where : NULL, name, sizeof name)) {
		const char *names[] = {name};
		app_show_owned(a, names, 1, false, est ? where : NULL);
	}
}

/* m beyond the plan: the user's owners' actions; again (in their list): closes it. */
static void app_mine_owned(tui_app *a, const char *est)
{
	if (a->mode == MODE_OWNED && a->sp.owned.mine) {
		app_back(a);
		return;
	}
	const char *names[ESTATE_MAX_OWNERS];
	size_t n = pick_my_owners(&a->ctx, names, ESTATE_MAX_OWNERS);
	if (n)
		app_show_owned(a, names, n, true, est);
}

/* w: the owners pane, o and m over the plan, its establishment or the estate; in an
 * owner's list, one establishment or the estate. */
static void app_scope(tui_app *a)
{
	if (a->mode == MODE_OWNED) {
		const span_detail *d = view_owned_selected(app_one(a, MODE_OWNED));
		span_owned *o = &a->sp.owned;
		if (!o->establishment && !d)
			return;
		char *names[ESTATE_MAX_OWNERS];
		size_t n = o->nowners;
		for (size_t i = 0; i < n; i++)
			names[i] = strdup(o->owners[i]); /* the span's are freed by the load */
		bool ok = true;
		for (size_t i = 0; i < n; i++)
			ok &= names[i] != NULL;
		const board_action *ac = view_owned_action(app_one(a, MODE_OWNED));
		int64_t keep = ac ? ac->id : 0; /* the same action stays selected */
		if (ok)
			app_show_owned(a, (const char *const *)names, n, o->mine,
				       o->establishment ? NULL : d->establishment);
		if (ok && keep)
			view_owned_select(app_one(a, MODE_OWNED), keep);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		return;
	}
	if (a->mode != MODE_PLAN) {
		view_message(&a->ctx, false, " The overview and a search are the whole estate");
		return;
	}
	a->b.scope = (a->b.scope + 1) % BOARD_SCOPES;
	app_reload_or_say(a);
	view_message(&a->ctx, false, " Owners, o and m: %s", board_scope_name(a->b.scope));
}

/* Enter on an owner's line or a search hit: that action (or item) in its plan. */
static void app_open_action(tui_app *a)
{
	char est[64], cyc[64];
	int64_t item, action;
	if (a->mode == MODE_OWNED) {
		view *v = app_one(a, MODE_OWNED);
		const span_detail *d = view_owned_selected(v);
		if (!d)
			return;
		snprintf(est, sizeof est, "%s", d->establishment);
		snprintf(cyc, sizeof cyc, "%s", d->cycle);
		item = d->item_id;
		action = a->sp.owned.lines[v->cursor].heading ? 0 : d->a.id;
	} else {
		const span_hit *h = view_search_selected(app_one(a, MODE_FOUND));
		if (!h)
			return;
		snprintf(est, sizeof est, "%s", h->establishment);
		snprintf(cyc, sizeof cyc, "%s", h->cycle);
		item = h->item;
		action = h->action;
	}
	/* Filters of the plan could hide it: they go, as after c. */
	board_filter_clear(&a->b);
	a->b.search[0] = 0;
	ab_err err = {0};
	int rc = board_select_cycle(&a->b, est, cyc, &err);
	a->ctx.item = NULL;
	if (rc) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	app_switch(a, MODE_PLAN);
	app_plan_shown(a);
	if (!app_find_item(a, item))
		return;
	a->ctx.focus = a->ctx.selection;
	app_item_changed(a);
	if (!action)
		return;
	view_detail_place place = {item, action, 0};
	if (view_detail_return(&a->v[PANE_DETAIL], &place, &err))
		view_message(&a->ctx, true, " %s", err.msg);
	a->ctx.focus = &a->v[PANE_DETAIL];
}

/* F (and / on a search): the words to look for in the whole estate. */
static void app_find(tui_app *a)
{
	char buf[sizeof a->sp.found.text];
	snprintf(buf, sizeof buf, "%s", a->mode == MODE_FOUND ? a->sp.found.text : "");
	a->ctx.msg[0] = 0;
	if (!prompt_line(&a->ps, "Search the estate: ", buf, sizeof buf, 0, NULL) || !buf[0])
		return;
	ab_err err = {0};
	if (span_search(&a->sp, buf, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	view *v = app_one(a, MODE_FOUND);
	v->cursor = a->sp.found.n > 1 ? 1 : 0; /* the best hit, below its plan's heading */
	v->top = 0;
	app_switch(a, MODE_FOUND);
	if (!a->sp.found.nhits)
		view_message(&a->ctx, true, " No item, action or note holds \"%s\"%s", buf,
			     search_words(buf, (char[8]){0}, 8) ? "" : " (it has no word to look for)");
}

/* prompt_line's `changed` on the overview: the filter follows every edit. */
static void app_estate_filter_changed(void *arg, const char *text)
{
	tui_app *a = arg;
	span_estate *e = &a->sp.estate;
	snprintf(e->filter, sizeof e->filter, "%s", text);
	span_estate_arrange(&a->sp);
	app_one(a, MODE_ESTATE)->cursor = 0;
}

static void app_estate_filter(tui_app *a)
{
	char buf[sizeof a->sp.estate.filter];
	snprintf(buf, sizeof buf, "%s", a->sp.estate.filter);
	a->ctx.msg[0] = 0;
	prompt_line(&a->ps, "Search: ", buf, sizeof buf, 0, app_estate_filter_changed);
}

/* The data of the screen on show, read again (a change elsewhere, Ctrl-L, a write). */
static void app_refresh_one(tui_app *a)
{
	ab_err err = {0};
	int rc = 0;
	if (a->mode == MODE_ESTATE) {
		rc = app_estate_fresh(a, &err);
	} else if (a->mode == MODE_OWNED) {
		view *v = app_one(a, MODE_OWNED);
		const board_action *ac = view_owned_action(v);
		int64_t id = ac ? ac->id : 0;
		if (!(rc = span_owned_reload(&a->sp, &err)))
			view_owned_select(v, id);
	} else if (a->mode == MODE_FOUND && a->sp.found.text[0]) {
		char text[sizeof a->sp.found.text];
		snprintf(text, sizeof text, "%s", a->sp.found.text);
		rc = span_search(&a->sp, text, &err);
	}
	if (rc)
		view_message(&a->ctx, true, " %s", err.msg);
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
		app_reload(a, &err); /* the write's own outcome is the message to keep */
	char keep[sizeof a->ctx.msg];
	bool error = a->ctx.msg_error;
	snprintf(keep, sizeof keep, "%s", a->ctx.msg);
	app_refresh_one(a);
	if (!a->ctx.msg_error)
		view_message(&a->ctx, error, "%s", keep);
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
	if (app_gaps_open(a))
		return false; /* the disagreement view: Esc closes it, Enter leaves it */
	switch (req) {
	case REQ_ESTATE: app_show_estate(a); return true;
	case REQ_OPEN_PLAN: app_open_plan(a); return true;
	case REQ_OPEN_ACTION: app_open_action(a); return true;
	case REQ_OPEN_OWNER: {
		const view *o = &a->v[PANE_OWNERS];
		if (o->cursor >= 0 && (size_t)o->cursor < a->b.nowners) {
			char name[256];
			snprintf(name, sizeof name, "%s", a->b.owners[o->cursor].name);
			const char *names[] = {name};
			app_show_owned(a, names, 1, false, app_owner_scope(a));
		}
		return true;
	}
	case REQ_OWNER_ESTATE: app_pick_owned(a, NULL); return true;
	case REQ_FIND: app_find(a); return true;
	case REQ_SCOPE: app_scope(a); return true;
	case REQ_OWNER:
		if (a->mode == MODE_PLAN && a->b.scope == BOARD_SCOPE_PLAN)
			return false;
		app_pick_owned(a, app_owner_scope(a));
		return true;
	case REQ_MINE:
		if (a->mode == MODE_PLAN && a->b.scope == BOARD_SCOPE_PLAN)
			return false;
		app_mine_owned(a, app_owner_scope(a));
		return true;
	default:
		break;
	}
	if (a->mode == MODE_PLAN)
		return false;
	switch (req) { /* on the overview, an owner's list or a search */
	case REQ_BACK: app_back(a); return true;
	case REQ_CLEAR:
		if (a->mode == MODE_ESTATE) {
			a->sp.estate.filter[0] = 0;
			span_estate_arrange(&a->sp);
			view_message(c, false, " Every establishment");
		} else {
			app_back(a);
		}
		return true;
	case REQ_SEARCH:
		if (a->mode == MODE_ESTATE)
			app_estate_filter(a);
		else if (a->mode == MODE_FOUND)
			app_find(a);
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
			app_switch(a, MODE_PLAN);
			app_plan_shown(a);
		}
		return true;
	case REQ_REDRAW:
		app_refresh_one(a);
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
	case REQ_JUDGE: case REQ_LINK: case REQ_SORT: case REQ_OPEN_ONLY: case REQ_SLIPPED:
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
		else if (a->back != MODE_PLAN) /* a plan opened from elsewhere: back there */
			app_back(a);
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
	view *v = app_gaps_open(a)	 ? &a->gaps
		  : a->mode == MODE_PLAN ? app_view(a, a->ctx.focus)
					 : app_one(a, a->mode);
	app_handle(a, v, v->ops->request(v, req));
}

/* What a whole-screen view's header says: where, and (on the right) what filters it. */
static void app_scope_text(tui_app *a, char *scope, size_t n, char *tag, size_t tn)
{
	tag[0] = 0;
	if (a->mode == MODE_ESTATE) {
		snprintf(scope, n, "the estate · %zu establishments", a->sp.estate.n);
		if (a->sp.estate.filter[0])
			snprintf(tag, tn, "FILTER \"%s\" · x clears", a->sp.estate.filter);
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
	if (app_gaps_open(a))
		return screen_draw_full(&a->ctx, &a->gaps);
	if (a->mode == MODE_PLAN)
		return screen_draw(&a->ctx, a->v);
	char scope[600], tag[600];
	app_scope_text(a, scope, sizeof scope, tag, sizeof tag);
	return screen_draw_one(&a->ctx, app_one(a, a->mode), scope, tag[0] ? tag : NULL);
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
	if (a->plan)
		app_reload_or_say(a);
	if (a->mode != MODE_PLAN)
		app_refresh_one(a);
	if (app_gaps_open(a))
		app_gaps_show(a);
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
	if (overview && app_estate_fresh(a, err))
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
	a->ctx.selection = a->ctx.focus = a->plan_focus = app_first_items(a);
	app_item_changed(a);
	return 0;
}

int app_new(const tui_config *cfg, tui_app **out, ab_err *err)
{
	tui_app *a = calloc(1, sizeof *a);
	if (!a)
		return err_set(err, EX_OSERR, "out of memory");
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
	int rc = view_detail_init(&a->v[PANE_DETAIL], &a->ctx, err);
	if (!rc)
		rc = app_first_screen(a, cfg, err);
	if (!rc)
		rc = store_data_version(cfg->st, &a->version, err);
	if (rc) {
		app_free(a);
		return rc;
	}
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
	span_free(&a->sp);
	free(a);
}
