/* view_detail — the right pane: the selected item's full wrapped text, category,
 * agreement and note, then its actions (owners, target as published, due, status, who
 * changed it last). The cursor here is an action; the scroll is in lines. */
#include <stdlib.h>
#include <string.h>

#include "../core/query.h"
#include "../core/out.h"
#include "../core/text.h"
#include "ui.h"

/* Lines are laid out twice: once to measure (where each action starts and ends, so the
 * scroll can follow the cursor), once to draw the visible window. */
typedef struct detail_out {
	tui_app *a;
	bool draw;
	int line;
} detail_out;

static void detail_put(detail_out *o, int indent, const char *s, size_t n, attr_t attr,
		       const char *prefix, attr_t prefix_attr)
{
	tui_app *a = o->a;
	tui_rect r = a->rect[PANE_DETAIL];
	int y = o->line - a->list[PANE_DETAIL].top;
	o->line++;
	if (!o->draw || y < 0 || y >= r.h)
		return;
	char buf[2048];
	snprintf(buf, sizeof buf, "%.*s", (int)n, s);
	int x = r.x;
	if (prefix)
		x += draw_text(r.y + y, x, r.w, prefix, prefix_attr, false);
	else
		x += indent;
	draw_text(r.y + y, x, r.x + r.w - x, buf, attr, false);
}

/* Word-wrapped text; the first line after `prefix`, the rest indented to match. */
static void detail_wrap(detail_out *o, const char *prefix, attr_t prefix_attr, const char *text,
			attr_t attr)
{
	int indent = prefix ? text_width(prefix) : 0;
	int w = o->a->rect[PANE_DETAIL].w - indent;
	if (w < 10)
		w = 10;
	const char *s = text ? text : "";
	bool first = true;
	for (;;) {
		size_t next, end = text_wrap(s, w, &next);
		if (!end && !next)
			break;
		const char *start = s;
		while (start < s + end && *start == ' ')
			start++;
		detail_put(o, indent, start, (size_t)(s + end - start), attr, first ? prefix : NULL,
			   prefix_attr);
		first = false;
		s += next;
	}
	if (first)
		detail_put(o, indent, "", 0, attr, prefix, prefix_attr);
}

static const char *detail_agreement(const char *a)
{
	return !a ? NULL : !strcmp(a, "agreed") ? "Agreed"
		: !strcmp(a, "partly_agreed") ? "Partly agreed"
		: !strcmp(a, "not_agreed") ? "Not agreed" : a;
}

static void detail_item(detail_out *o, const board_item *it)
{
	tui_app *a = o->a;
	char line[1024];
	detail_wrap(o, NULL, 0, it->text, draw_tone(a, TONE_TITLE));
	detail_put(o, 0, "", 0, 0, NULL, 0);
	snprintf(line, sizeof line, "Category: %s%s%s%s%s", it->category,
		 it->directed_to ? " · directed to " : "", it->directed_to ? it->directed_to : "",
		 it->repeated_from ? " · repeats " : "", it->repeated_from ? it->repeated_from : "");
	detail_wrap(o, NULL, 0, line, A_NORMAL);
	const char *ag = detail_agreement(it->agreement);
	if (ag) {
		snprintf(line, sizeof line, "Agreement: %s", ag);
		detail_wrap(o, NULL, 0, line, A_NORMAL);
		if (it->agreement_note && *it->agreement_note)
			detail_wrap(o, "  Note: ", draw_tone(a, TONE_DIM), it->agreement_note, A_NORMAL);
	}
}

static tui_tone detail_status_tone(const board_action *ac, date_t today)
{
	if (ac->overdue)
		return TONE_OVERDUE;
	if (!strcmp(ac->status, "completed"))
		return TONE_DONE;
	if (!strcmp(ac->status, "blocked"))
		return TONE_BLOCKED;
	if (!strcmp(ac->status, "cancelled"))
		return TONE_DIM;
	date_t due;
	if (ac->due && date_parse_iso(ac->due, &due) &&
	    date_to_days(due) - date_to_days(today) <= BOARD_DUE_SOON_DAYS)
		return TONE_SOON;
	return TONE_NORMAL;
}

static void detail_action(detail_out *o, size_t i, bool sel)
{
	tui_app *a = o->a;
	const board_action *ac = &a->b.actions[i];
	char prefix[128], line[2048];
	snprintf(prefix, sizeof prefix, "%s%-7s ", sel ? "▸" : " ", ac->action_id);
	attr_t pa = draw_tone(a, TONE_TITLE) | (sel && a->focus == PANE_DETAIL ? A_REVERSE : 0);
	detail_wrap(o, prefix, pa, ac->text, A_NORMAL);
	char *owners = out_owners_joined(ac->owners ? ac->owners : "", "; ");
	snprintf(line, sizeof line, "Owners: %s", owners ? owners : "");
	free(owners);
	char pad[16];
	snprintf(pad, sizeof pad, "%*s", text_width(prefix), "");
	detail_wrap(o, pad, 0, line, A_NORMAL);
	tui_tone tone = detail_status_tone(ac, a->cfg->today);
	const char *word = tone == TONE_OVERDUE ? "OVERDUE · "
		       : tone == TONE_SOON ? "due soon · "
		       : tone == TONE_BLOCKED ? "BLOCKED · " : "";
	snprintf(line, sizeof line, "Target: %s · due %s", *ac->target ? ac->target : "(none)",
		 ac->due ? ac->due : "none");
	detail_wrap(o, pad, 0, line, A_NORMAL);
	if (ac->due_reason) {
		snprintf(line, sizeof line, "Revised from %s: %s",
			 ac->due_original ? ac->due_original : "none", ac->due_reason);
		detail_wrap(o, pad, 0, line, draw_tone(a, TONE_DIM));
	}
	char who[512] = "";
	if (ac->updated_by && *ac->updated_by)
		snprintf(who, sizeof who, " · changed by %s %s", ac->updated_by,
			 ac->updated_at ? ac->updated_at : "");
	snprintf(line, sizeof line, "%s%s%s", word, ac->status, who);
	detail_wrap(o, pad, 0, line, draw_tone(a, tone));
	if (ac->last_note) {
		snprintf(line, sizeof line, "Note: %s (%s, %s)", ac->last_note,
			 ac->last_note_by ? ac->last_note_by : "?", ac->last_note_at ? ac->last_note_at : "");
		detail_wrap(o, pad, 0, line, draw_tone(a, TONE_DIM));
	}
}

static void detail_layout(tui_app *a, bool draw)
{
	const board_item *it = app_selected_item(a);
	detail_out o = {a, draw, 0};
	a->detail_lines = 0;
	if (!it) {
		detail_put(&o, 0, "No item selected.", 17, draw_tone(a, TONE_DIM), NULL, 0);
		a->detail_lines = o.line;
		return;
	}
	if (a->action_cap < a->b.nactions) {
		int *s = realloc(a->action_line, a->b.nactions * sizeof *s);
		int *e = s ? realloc(a->action_end, a->b.nactions * sizeof *e) : NULL;
		if (s)
			a->action_line = s;
		if (!e)
			return; /* out of memory: leave the pane empty rather than crash */
		a->action_end = e;
		a->action_cap = a->b.nactions;
	}
	detail_item(&o, it);
	detail_put(&o, 0, "", 0, 0, NULL, 0);
	char head[128];
	snprintf(head, sizeof head, "Actions %zu%s", a->b.nactions,
		 board_filtered(&a->b) ? " (filtered)" : "");
	detail_wrap(&o, NULL, 0, head, draw_tone(a, TONE_TITLE) | A_UNDERLINE);
	for (size_t i = 0; i < a->b.nactions; i++) {
		a->action_line[i] = o.line;
		detail_action(&o, i, (int)i == a->list[PANE_DETAIL].cursor);
		a->action_end[i] = o.line;
		detail_put(&o, 0, "", 0, 0, NULL, 0);
	}
	a->detail_lines = o.line;
}

static int detail_count(tui_app *a, int pane)
{
	(void)pane;
	return (int)a->b.nactions;
}

static void detail_title(tui_app *a, int pane, char *buf, size_t n)
{
	(void)pane;
	const board_item *it = app_selected_item(a);
	if (!it)
		snprintf(buf, n, "Detail");
	else if (it->seq)
		snprintf(buf, n, "%s (%d) · %s", it->ref, it->seq, it->category);
	else
		snprintf(buf, n, "%s · %s", it->ref, it->category);
}

static void detail_draw(tui_app *a, int pane)
{
	(void)pane;
	detail_layout(a, true);
}

static void detail_follow(tui_app *a, int pane)
{
	tui_list *l = &a->list[pane];
	int h = a->rect[pane].h;
	if (l->cursor >= (int)a->b.nactions)
		l->cursor = (int)a->b.nactions - 1;
	if (l->cursor < 0)
		l->cursor = 0;
	detail_layout(a, false);
	if (a->focus == PANE_DETAIL && a->b.nactions) {
		int s = a->action_line[l->cursor], e = a->action_end[l->cursor];
		if (e > l->top + h)
			l->top = e - h;
		if (s < l->top)
			l->top = s;
	}
	if (l->top > a->detail_lines - h)
		l->top = a->detail_lines - h;
	if (l->top < 0)
		l->top = 0;
}

static void detail_activate(tui_app *a, int pane)
{
	(void)a;
	(void)pane;
}

const tui_view_ops view_detail_ops = {
	.count = detail_count, .title = detail_title, .draw = detail_draw,
	.activate = detail_activate, .follow = detail_follow,
};
