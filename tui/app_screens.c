/* app_screens — see app_screens.h. */
#include "app_screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/search.h"
#include "app_sel.h"
#include "pick.h"
#include "view_detail.h"
#include "view_estate.h"
#include "view_gaps.h"
#include "view_items.h"
#include "view_owned.h"
#include "view_search.h"

/* ---- the disagreement view ---------------------------------------------------------------- */

bool app_screens_gaps_open(const tui_app *a)
{
	return a->gaps_back != NULL;
}

/* Reads the disagreements again and shows them (keeping the cursor where it can). */
void app_screens_gaps_show(tui_app *a)
{
	ab_err err = {0};
	if (board_load_gaps(&a->b, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	if (!app_screens_gaps_open(a))
		a->gaps_back = a->ctx.focus;
	a->ctx.focus = &a->gaps;
}

void app_screens_gaps_close(tui_app *a)
{
	a->ctx.focus = a->gaps_back;
	a->gaps_back = NULL;
}

/* Enter on a disagreement: its plan and item on the board, the item's actions focused. */
void app_screens_gaps_jump(tui_app *a)
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
	app_screens_gaps_close(a);
	if (a->b.cur != was || !a->plan) {
		app_sel_cycle_changed(a);
		a->plan = true;
	}
	if (a->mode != MODE_PLAN) /* opened over the overview, an owner's list or a search */
		app_screens_switch(a, MODE_PLAN);
	if (!app_sel_find_item(a, id) && board_filtered(&a->b)) {
		board_filter_clear(&a->b); /* the filter hid it: show everything */
		app_sel_reload_or_say(a);
		app_sel_find_item(a, id);
	}
	a->ctx.focus = &a->v[PANE_DETAIL];
	app_sel_item_changed(a);
}

/* Moves to the next (dir 1) or previous (-1) match; `from_here` includes the selected
 * item (as typing does). */
void app_screens_search_step(tui_app *a, int dir, bool from_here)
{
	view *panes[2] = {&a->v[PANE_UPPER], &a->v[PANE_LOWER]};
	view *v = view_items_find(panes, dir, from_here);
	if (!v)
		return;
	a->ctx.selection = v;
	if (app_sel_is_items(a->ctx.focus) || a->ctx.focus == &a->v[PANE_OWNERS])
		a->ctx.focus = v;
	app_sel_item_changed(a);
}

/* prompt_line's `changed`: the search follows every edit. */
void app_screens_search_changed(void *arg, const char *text)
{
	tui_app *a = arg;
	snprintf(a->b.search, sizeof a->b.search, "%s", text);
	ab_err err = {0};
	if (app_sel_reload(a, &err))
		view_message(&a->ctx, true, "%s", err.msg);
	app_screens_search_step(a, 1, true);
}

/* A new search starts empty, so that typing never adds to the last one; Esc brings the
 * last one back. */
void app_screens_search(tui_app *a)
{
	char buf[sizeof a->b.search] = "", prev[sizeof a->b.search];
	snprintf(prev, sizeof prev, "%s", a->b.search);
	a->ctx.msg[0] = 0;
	if (!prompt_line(&a->ps, "Search: ", buf, sizeof buf, 0, app_screens_search_changed)) {
		if (prev[0])
			app_screens_search_changed(a, prev);
		return;
	}
	if (buf[0] && !a->b.nmatches)
		view_message(&a->ctx, true, " No item or action text contains \"%s\"", buf);
}

/* ---- the screens beyond the plan ------------------------------------------------------------- */

/* Shows `mode`; Esc will return to the screen that was on. */
void app_screens_switch(tui_app *a, int mode)
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
void app_screens_back(tui_app *a)
{
	int to = a->back != a->mode ? a->back : a->home;
	if (to == a->mode)
		to = a->mode == MODE_ESTATE ? MODE_PLAN : MODE_ESTATE;
	if (to == MODE_PLAN && !a->plan)
		return; /* nothing to go back to */
	if (to == MODE_OWNED && !a->sp.owned.nowners)
		to = a->plan ? MODE_PLAN : MODE_ESTATE;
	app_screens_switch(a, to);
	a->back = a->home;
}

/* The overview, read again only when the database changed since it was read. */
int app_screens_estate_fresh(tui_app *a, ab_err *err)
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
void app_screens_show_estate(tui_app *a)
{
	if (a->mode == MODE_ESTATE) {
		app_screens_back(a);
		return;
	}
	ab_err err = {0};
	if (app_screens_estate_fresh(a, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	const board_cycle *cy = a->plan ? board_cycle_current(&a->b) : NULL;
	if (cy)
		view_estate_select(app_one(a, MODE_ESTATE), cy->establishment);
	app_screens_switch(a, MODE_ESTATE);
}

/* After a plan was chosen (and loaded): its first item selected, the views at the top. */
void app_screens_plan_shown(tui_app *a)
{
	a->plan = true;
	for (int p = 0; p < PANE_COUNT; p++)
		a->v[p].cursor = a->v[p].top = 0;
	a->ctx.selection = app_sel_first_items(a);
	a->plan_focus = a->ctx.selection;
	if (a->mode == MODE_PLAN)
		a->ctx.focus = a->ctx.selection;
	app_sel_item_changed(a);
}

/* The plans an overview row counts, as a menu offers them (estate_plans' order); an
 * establishment has a plan every few years, so a few dozen cover decades. */
#define APP_PLANS_MAX 64
typedef struct app_plans {
	char *label[APP_PLANS_MAX];
	char cycle[APP_PLANS_MAX][64];
	int n;
} app_plans;

static int app_on_plan(const estate_plan *p, void *ctx)
{
	app_plans *l = ctx;
	if (l->n == APP_PLANS_MAX)
		return 0;
	char buf[256];
	snprintf(buf, sizeof buf, "%s (%s)%s · %d open · %d overdue · %d of %d done", p->cycle,
		 p->scheme, p->latest ? " · latest" : "", p->open, p->overdue, p->completed,
		 p->actions);
	snprintf(l->cycle[l->n], sizeof l->cycle[0], "%s", p->cycle);
	l->label[l->n++] = xstrdup(buf);
	return 0;
}

/* Enter on an establishment: its latest plan, or when older plans still have open actions
 * a choice of them, the latest first. Fills cycle ("" when cancelled). */
static int app_screens_choose_plan(tui_app *a, const span_est *e, char *cycle, size_t n,
				   ab_err *err)
{
	app_plans l = {0};
	int rc = estate_plans(a->ctx.cfg->st, e->code, a->sp.today, app_on_plan, &l, err);
	int pick = 0;
	if (!rc && l.n > 1) {
		char title[200];
		snprintf(title, sizeof title, "Plans of %s with open actions, the latest first", e->name);
		pick = prompt_menu(&a->ps, title, (const char *const *)l.label, l.n, 0, false);
	}
	snprintf(cycle, n, "%s", !rc && pick >= 0 && pick < l.n ? l.cycle[pick] : "");
	for (int i = 0; i < l.n; i++)
		free(l.label[i]);
	return rc ? err->code : 0;
}

/* Enter on the overview: one of the plans that establishment's row counts. */
void app_screens_open_plan(tui_app *a)
{
	const span_est *e = view_estate_selected(app_one(a, MODE_ESTATE));
	if (!e)
		return;
	if (!e->cycle) {
		view_message(&a->ctx, true, " %s has no plan in the database", e->name);
		return;
	}
	char code[64], cycle[64];
	snprintf(code, sizeof code, "%s", e->code);
	ab_err err = {0};
	if (app_screens_choose_plan(a, e, cycle, sizeof cycle, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	if (!cycle[0])
		return; /* cancelled */
	int rc = board_select_cycle(&a->b, code, cycle, &err);
	a->ctx.item = NULL;
	if (rc) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	app_screens_switch(a, MODE_PLAN);
	app_screens_plan_shown(a);
}

/* The establishment an owner's list covers from here (NULL: the estate). */
const char *app_screens_owner_scope(tui_app *a)
{
	if (a->mode == MODE_OWNED)
		return a->sp.owned.establishment;
	const board_cycle *cy = a->plan ? board_cycle_current(&a->b) : NULL;
	if (a->mode == MODE_PLAN && a->b.scope == BOARD_SCOPE_ESTABLISHMENT && cy)
		return cy->establishment;
	return NULL;
}

/* An owner's (or "my") actions, in `est` (NULL: the estate). */
void app_screens_show_owned(tui_app *a, const char *const *names, size_t n, bool mine,
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
	app_screens_switch(a, MODE_OWNED);
	view_message(&a->ctx, false, " %zu actions in %zu plans, %zu overdue · ↵ the action in its "
		     "plan · s a t h as in a plan · w %s · x closes",
		     a->sp.owned.nactions, a->sp.owned.nplans, a->sp.owned.noverdue,
		     est ? "the estate" : "one establishment");
}

/* o (beyond the plan) and W: pick an owner, show their actions. */
void app_screens_pick_owned(tui_app *a, const char *est)
{
	char name[256], where[64] = "", at[64];
	if (est)
		snprintf(where, sizeof where, "%s", est);
	if (pick_owner_in(&a->ctx, &a->ps, est ? where : NULL, name, sizeof name, at, sizeof at)) {
		const char *names[] = {name};
		/* A local owner picked over the estate is that establishment's */
		app_screens_show_owned(a, names, 1, false, *at ? at : est ? where : NULL);
	}
}

/* m beyond the plan: the user's owners' actions; again (in their list): closes it. */
void app_screens_mine_owned(tui_app *a, const char *est)
{
	if (a->mode == MODE_OWNED && a->sp.owned.mine) {
		app_screens_back(a);
		return;
	}
	pick_my m;
	ab_err err = {0};
	if (!pick_my_scope(&a->ctx, &m))
		return;
	if (span_mine_within(&a->sp, m.within, m.nwithin, &err))
		view_message(&a->ctx, true, " %s", err.msg);
	else
		app_screens_show_owned(a, m.owners, m.nowners, true, est);
}

/* w: the owners pane, o and m over the plan, its establishment or the estate; in an
 * owner's list, one establishment or the estate. */
void app_screens_scope(tui_app *a)
{
	if (a->mode == MODE_OWNED) {
		const span_detail *d = view_owned_selected(app_one(a, MODE_OWNED));
		span_owned *o = &a->sp.owned;
		if (!o->establishment && !d)
			return;
		char *names[ESTATE_MAX_OWNERS];
		size_t n = o->nowners;
		for (size_t i = 0; i < n; i++)
			names[i] = xstrdup(o->owners[i]); /* the span's are freed by the load */
		const board_action *ac = view_owned_action(app_one(a, MODE_OWNED));
		int64_t keep = ac ? ac->id : 0; /* the same action stays selected */
		app_screens_show_owned(a, (const char *const *)names, n, o->mine,
				       o->establishment ? NULL : d->establishment);
		if (keep)
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
	app_sel_reload_or_say(a);
	view_message(&a->ctx, false, " Owners, o and m: %s", board_scope_name(a->b.scope));
}

/* Enter on an owner's line or a search hit: that action (or item) in its plan. */
void app_screens_open_action(tui_app *a)
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
	app_screens_switch(a, MODE_PLAN);
	app_screens_plan_shown(a);
	if (!app_sel_find_item(a, item))
		return;
	a->ctx.focus = a->ctx.selection;
	app_sel_item_changed(a);
	if (!action)
		return;
	view_detail_place place = {item, action, 0};
	if (view_detail_return(&a->v[PANE_DETAIL], &place, &err))
		view_message(&a->ctx, true, " %s", err.msg);
	a->ctx.focus = &a->v[PANE_DETAIL];
}

/* F (and / on a search): the words to look for in the whole estate. */
void app_screens_find(tui_app *a)
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
	app_screens_switch(a, MODE_FOUND);
	if (!a->sp.found.nhits)
		view_message(&a->ctx, true, " No item, action or note holds \"%s\"%s", buf,
			     search_words(buf, (char[8]){0}, 8) ? "" : " (it has no word to look for)");
}

/* prompt_line's `changed` on the overview: the filter follows every edit. */
static void app_screens_estate_filter_changed(void *arg, const char *text)
{
	tui_app *a = arg;
	span_estate *e = &a->sp.estate;
	snprintf(e->filter, sizeof e->filter, "%s", text);
	span_estate_arrange(&a->sp);
	app_one(a, MODE_ESTATE)->cursor = (int)span_estate_first_row(&a->sp);
}

void app_screens_estate_filter(tui_app *a)
{
	char buf[sizeof a->sp.estate.filter];
	snprintf(buf, sizeof buf, "%s", a->sp.estate.filter);
	a->ctx.msg[0] = 0;
	prompt_line(&a->ps, "Search: ", buf, sizeof buf, 0, app_screens_estate_filter_changed);
}

/* The data of the screen on show, read again (a change elsewhere, Ctrl-L, a write). */
void app_screens_refresh_one(tui_app *a)
{
	ab_err err = {0};
	int rc = 0;
	if (a->mode == MODE_ESTATE) {
		rc = app_screens_estate_fresh(a, &err);
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
