/* view_owners — the owners pane: per owner the open, overdue and completed counts of the
 * cycle; Enter filters the dashboard to that owner (again: clears it). */
#include <string.h>

#include "../core/text.h"
#include "ui.h"

void view_list_follow(tui_list *l, int count, int h);

static int owners_count(tui_app *a, int pane)
{
	(void)pane;
	return (int)a->b.nowners;
}

static void owners_title(tui_app *a, int pane, char *buf, size_t n)
{
	(void)pane;
	/* Narrow panes show bare numbers; the title then says what they are. */
	bool narrow = a->rect[PANE_OWNERS].w < 60;
	snprintf(buf, n, "Owners %zu%s", a->b.nowners, narrow ? " · open late done" : "");
}

static bool owners_filtered(const tui_app *a, const char *name)
{
	for (size_t i = 0; i < a->b.filter.nowners; i++)
		if (!strcmp(a->b.filter.owners[i], name))
			return true;
	return false;
}

static void owners_draw(tui_app *a, int pane)
{
	tui_rect r = a->rect[pane];
	tui_list *l = &a->list[pane];
	for (int i = 0; i < r.h && l->top + i < (int)a->b.nowners; i++) {
		const board_owner *o = &a->b.owners[l->top + i];
		bool sel = a->focus == pane && l->top + i == l->cursor;
		attr_t base = sel ? A_REVERSE : A_NORMAL;
		int y = r.y + i;
		bool narrow = r.w < 60;
		char open[16], late[16], done[16];
		snprintf(open, sizeof open, narrow ? "%4d" : "%3d open", o->open);
		snprintf(late, sizeof late, narrow ? " %4d" : " %3d late", o->overdue);
		snprintf(done, sizeof done, narrow ? " %4d" : " %3d done", o->completed);
		int ow = narrow ? 4 : 8, lw = narrow ? 5 : 9;
		int cw = ow + 2 * lw;
		char name[300];
		snprintf(name, sizeof name, "%s%s", owners_filtered(a, o->name) ? "●" : " ", o->name);
		int x = r.x + draw_text(y, r.x, r.w - cw - 1, name, base, true);
		x += draw_text(y, x, 1, " ", base, true);
		x += draw_text(y, x, ow, open, base, true);
		x += draw_text(y, x, lw, late, base | (o->overdue ? draw_tone(a, TONE_OVERDUE) : 0), true);
		draw_text(y, x, lw, done, base | (o->completed ? draw_tone(a, TONE_DONE) : 0), true);
	}
}

static void owners_activate(tui_app *a, int pane)
{
	if (!a->b.nowners)
		return;
	char copy[256]; /* the board's strings go away on reload */
	snprintf(copy, sizeof copy, "%s", a->b.owners[a->list[pane].cursor].name);
	const char *name = copy;
	ab_err err = {0};
	bool same = a->b.filter.nowners == 1 && !strcmp(a->b.filter.owners[0], name);
	if (board_filter_owners(&a->b, &name, same ? 0 : 1, false, &err) || app_reload(a, &err)) {
		draw_message(a, true, "%s", err.msg);
		return;
	}
	a->list[PANE_UPPER].cursor = a->list[PANE_LOWER].cursor = 0;
	a->item_pane = a->b.npane[PANE_UPPER] || !a->b.npane[PANE_LOWER] ? PANE_UPPER : PANE_LOWER;
	app_item_changed(a);
	draw_message(a, false, same ? " Owner filter cleared" : " Showing %s's items and actions · x clears", name);
}

static void owners_follow(tui_app *a, int pane)
{
	view_list_follow(&a->list[pane], (int)a->b.nowners, a->rect[pane].h);
}

const tui_view_ops view_owners_ops = {
	.count = owners_count, .title = owners_title, .draw = owners_draw,
	.activate = owners_activate, .follow = owners_follow,
};
