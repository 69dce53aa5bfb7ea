/* app_sel — see app_sel.h. */
#include "app_sel.h"

#include "view_detail.h"
#include "view_items.h"

/* ---- the selection ---------------------------------------------------------------- */

view *app_sel_view(tui_app *a, const view *v)
{
	return &a->v[v - a->v]; /* ctx holds const pointers into a->v */
}

bool app_sel_is_items(const view *v)
{
	return v->ops == &view_items_ops;
}

view *app_sel_first_items(tui_app *a)
{
	return a->b.npane[BOARD_UPPER] ? &a->v[PANE_UPPER] : &a->v[PANE_LOWER];
}

/* After the selection moved: the detail shows the newly selected item. */
void app_sel_item_changed(tui_app *a)
{
	a->ctx.item = view_items_selected(a->ctx.selection);
	view_detail_show(&a->v[PANE_DETAIL]);
}

/* Focuses v; a non-empty item view takes the selection too. */
void app_sel_focus(tui_app *a, view *v)
{
	a->ctx.focus = v;
	if (app_sel_is_items(v) && v->ops->count(v) && a->ctx.selection != v)
		a->ctx.selection = v;
	app_sel_item_changed(a);
}

/* Finds the item by id in either item view; false when the filter dropped it. */
bool app_sel_find_item(tui_app *a, int64_t id)
{
	for (int p = PANE_UPPER; p <= PANE_LOWER; p++)
		if (view_items_select_id(&a->v[p], id)) {
			a->ctx.selection = &a->v[p];
			return true;
		}
	return false;
}

/* Reloads the board, keeping the selected item, action and scroll by identity. */
int app_sel_reload(tui_app *a, ab_err *err)
{
	int64_t item_id = a->ctx.item ? a->ctx.item->id : 0;
	view_detail_place place = view_detail_where(&a->v[PANE_DETAIL]);
	int rc = board_load(&a->b, err);
	a->ctx.item = NULL; /* the board's items are new (or gone) */
	if (rc)
		return rc;
	if (!item_id || !app_sel_find_item(a, item_id)) {
		if (!a->ctx.selection->ops->count(a->ctx.selection))
			a->ctx.selection = app_sel_first_items(a);
		/* The cursor may point past the shorter list: bring it in now, so that the item
		 * selected and the actions loaded are those the pane shows. */
		view *sel = app_sel_view(a, a->ctx.selection);
		view_list_move(sel, sel->ops->count(sel), 0);
		if (app_sel_is_items(a->ctx.focus))
			a->ctx.focus = a->ctx.selection;
	}
	a->ctx.item = view_items_selected(a->ctx.selection);
	return view_detail_return(&a->v[PANE_DETAIL], &place, err);
}

void app_sel_reload_or_say(tui_app *a)
{
	ab_err err = {0};
	if (app_sel_reload(a, &err))
		view_message(&a->ctx, true, " %s", err.msg);
}

/* ---- filters, cycles, search ---------------------------------------------------------- */

/* After a filter changed: reload, and say what is shown (or `what` when nothing is
 * filtered any more). NULL: the filter did not change. */
void app_sel_reload_filtered(tui_app *a, const char *what)
{
	if (!what)
		return;
	ab_err err = {0};
	if (app_sel_reload(a, &err)) {
		view_message(&a->ctx, true, " %s", err.msg);
		return;
	}
	if (!a->ctx.selection->ops->count(a->ctx.selection)) {
		a->ctx.selection = app_sel_first_items(a);
		app_sel_item_changed(a);
	}
	if (app_sel_is_items(a->ctx.focus))
		a->ctx.focus = a->ctx.selection;
	char desc[512];
	board_filter_describe(&a->b, false, desc, sizeof desc);
	if (*desc)
		view_message(&a->ctx, false, " %s: %zu item%s · x clears", desc, a->b.nitems,
			     a->b.nitems == 1 ? "" : "s");
	else
		view_message(&a->ctx, false, " %s", what);
}

/* A view changed the filter (an owner's Enter): reload and start from the first item. */
void app_sel_filter_from_top(tui_app *a)
{
	ab_err err = {0};
	if (app_sel_reload(a, &err)) {
		view_message(&a->ctx, true, "%s", err.msg);
		return;
	}
	a->v[PANE_UPPER].cursor = a->v[PANE_LOWER].cursor = 0;
	bool upper = a->b.npane[BOARD_UPPER] || !a->b.npane[BOARD_LOWER];
	a->ctx.selection = &a->v[upper ? PANE_UPPER : PANE_LOWER];
	app_sel_item_changed(a);
}

/* The picker chose another cycle: load it and start at its first item. */
void app_sel_cycle_changed(tui_app *a)
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
	a->ctx.selection = a->ctx.focus = app_sel_first_items(a);
	app_sel_item_changed(a);
}
