/* view_owners — see view_owners.h. */
#include "view_owners.h"

#include <string.h>

#include "../core/text.h"

static int owners_count(const view *v)
{
	return (int)v->ctx->b->nowners;
}

static void owners_title(const view *v, char *buf, size_t n)
{
	/* Narrow panes show bare numbers; the title then says what they are. */
	bool narrow = v->rect.w < 60;
	int scope = v->ctx->b->owners_scope;
	snprintf(buf, n, "Owners %zu%s%s%s", v->ctx->b->nowners,
		 scope > BOARD_SCOPE_PLAN ? " in " : "",
		 scope > BOARD_SCOPE_PLAN ? board_scope_name(scope) : "",
		 narrow ? " · open late done" : "");
}

static bool owners_filtered(const board *b, const char *name)
{
	for (size_t i = 0; i < b->filter.nowners; i++)
		if (!strcmp(b->filter.owners[i], name))
			return true;
	return false;
}

static void owners_draw_row(const view *v, const board_owner *o, int y, bool sel)
{
	tui_rect r = v->rect;
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	bool narrow = r.w < 60;
	char open[16], late[16], done[16];
	snprintf(open, sizeof open, narrow ? "%4d" : "%3d open", o->open);
	snprintf(late, sizeof late, narrow ? " %4d" : " %3d late", o->overdue);
	snprintf(done, sizeof done, narrow ? " %4d" : " %3d done", o->completed);
	int ow = narrow ? 4 : 8, lw = narrow ? 5 : 9;
	int cw = ow + 2 * lw;
	char name[300];
	/* Over the estate a local owner is one per establishment: "Governor · BLI". */
	bool where = o->establishment && v->ctx->b->owners_scope == BOARD_SCOPE_ESTATE;
	snprintf(name, sizeof name, "%s%s%s%s", owners_filtered(v->ctx->b, o->name) ? "●" : " ",
		 o->name, where ? " · " : "", where ? o->establishment : "");
	int x = r.x + draw_text(y, r.x, r.w - cw - 1, name, base, true);
	x += draw_text(y, x, 1, " ", base, true);
	x += draw_text(y, x, ow, open, base, true);
	x += draw_text(y, x, lw, late, base | (o->overdue ? draw_tone(TONE_OVERDUE) : 0), true);
	draw_text(y, x, lw, done, base | (o->completed ? draw_tone(TONE_DONE) : 0), true);
}

static void owners_draw(view *v)
{
	for (int i = 0; i < v->rect.h && v->top + i < owners_count(v); i++) {
		bool sel = v->ctx->focus == v && v->top + i == v->cursor;
		owners_draw_row(v, &v->ctx->b->owners[v->top + i], v->rect.y + i, sel);
	}
}

/* Enter: filter by the owner under the cursor, or clear that filter. */
static tui_request owners_enter(view *v)
{
	board *b = v->ctx->b;
	if (!b->nowners)
		return REQ_NONE;
	char copy[256]; /* the board's strings go away on reload */
	snprintf(copy, sizeof copy, "%s", b->owners[v->cursor].name);
	const char *name = copy;
	bool same = b->filter.nowners == 1 && !strcmp(b->filter.owners[0], name);
	ab_err err = {0};
	board_filter_owners(b, &name, same ? 0 : 1, false, &err); /* one at most: never refused */
	if (same)
		view_message(v->ctx, false, " Owner filter cleared");
	else
		view_message(v->ctx, false, " Showing %s's items and actions · x clears", name);
	return REQ_FILTER_CHANGED;
}

static tui_request owners_request(view *v, tui_request req)
{
	int n = owners_count(v), delta = view_list_delta(v, req, n);
	if (delta) {
		view_list_move(v, n, delta);
		return REQ_NONE;
	}
	switch (req) {
	case REQ_FIRST: case REQ_LAST:
		return REQ_NONE;
	case REQ_ENTER: /* beyond the plan, the owner's actions have a list of their own */
		if (!owners_count(v))
			return REQ_NONE;
		return v->ctx->b->scope == BOARD_SCOPE_PLAN ? owners_enter(v) : REQ_OPEN_OWNER;
	default:
		return req;
	}
}

static bool owners_click(view *v, int line)
{
	return view_list_click(v, owners_count(v), line);
}

static void owners_follow(view *v)
{
	view_list_follow(v, owners_count(v));
}

const view_ops view_owners_ops = {
	.hints = KEYMAP_OWNERS, .count = owners_count, .title = owners_title,
	.follow = owners_follow, .draw = owners_draw, .request = owners_request,
	.click = owners_click,
};
