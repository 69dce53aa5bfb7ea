/* view_detail — see view_detail.h. */
#include "view_detail.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../core/clock.h"
#include "../core/out.h"
#include "../core/text.h"
#include "../render/render.h"

/* The layout of the last draw or follow: where each action's lines start and end. */
typedef struct detail_state {
	int *line, *end;
	size_t cap;
	int lines;   /* the whole text's height */
	int shown;   /* the cursor whose action was last brought into view (-1: none) */
	int sticky;  /* rows under the text for the selected action's summary */
} detail_state;

/* Lines are laid out twice: once to measure (where each action starts and ends, so the
 * scroll can follow the cursor), once to draw the visible window. */
typedef struct detail_out {
	view *v;
	bool draw;
	int line;
} detail_out;

static void detail_put(detail_out *o, int indent, const char *s, size_t n, attr_t attr,
		       const char *prefix, attr_t prefix_attr)
{
	tui_rect r = o->v->rect;
	int y = o->line - o->v->top;
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
	int w = o->v->rect.w - indent;
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

/* The item beside our own status: judgements, where they disagree, lineage, slips. */
static void detail_assess(detail_out *o, const assess_item *a)
{
	util_buf b = {0};
	render_judged(&b, a, true);
	if (b.len)
		detail_wrap(o, "Judged: ", draw_tone(TONE_DIM), b.s, A_NORMAL);
	util_buf_free(&b);
	if (a->gap != ASSESS_AGREE)
		detail_wrap(o, "⚑ ", draw_tone(TONE_OVERDUE), assess_gap_words(a->gap),
			    draw_tone(TONE_OVERDUE));
	render_lineage(&b, a);
	if (b.len)
		detail_wrap(o, "↻ ", draw_tone(TONE_DIM), b.s, A_NORMAL);
	util_buf_free(&b);
	if (a->slipped) {
		char line[128];
		snprintf(line, sizeof line, "%d action%s, %ld days in all", a->slipped,
			 a->slipped == 1 ? "" : "s", a->slip_days);
		detail_wrap(o, "Slipped: ", draw_tone(TONE_DIM), line, A_NORMAL);
	}
}

static void detail_item(detail_out *o, const board_item *it)
{
	char line[1024];
	detail_wrap(o, NULL, 0, it->text, draw_tone(TONE_TITLE));
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
			detail_wrap(o, "  Note: ", draw_tone(TONE_DIM), it->agreement_note, A_NORMAL);
	}
	if (it->as)
		detail_assess(o, it->as);
}

static tui_tone detail_status_tone(const board_action *ac, date_t today)
{
	if (ac->overdue)
		return TONE_OVERDUE;
	switch (model_status_parse(ac->status)) {
	case STATUS_COMPLETED: return TONE_DONE;
	case STATUS_BLOCKED: return TONE_BLOCKED;
	case STATUS_CANCELLED: return TONE_DIM;
	default: break;
	}
	date_t due;
	if (ac->due && date_parse_iso(ac->due, &due) &&
	    date_to_days(due) - date_to_days(today) <= BOARD_DUE_SOON_DAYS)
		return TONE_SOON;
	return TONE_NORMAL;
}

/*
 * "OVERDUE 3 yr 9 mo · in progress · changed by jsmith 23 Nov 2026 15:52": the status in
 * words, once ("BLOCKED" is the status itself, not a word before it), how late, and who
 * changed it last, when.
 */
static const char *detail_status_line(const board_action *ac, tui_tone tone, date_t today,
				      char *buf, size_t n)
{
	char status[32], late[64] = "", who[512] = "", more[320] = "";
	bool blocked = model_status_parse(ac->status) == STATUS_BLOCKED;
	snprintf(status, sizeof status, "%s", model_status_words(ac->status));
	for (char *p = status; blocked && *p; p++)
		*p = (char)toupper((unsigned char)*p);
	/* after who changed it: a completion's sign-off (core/verify.h), and an action added
	 * in the tool (core/amend.h) */
	snprintf(more, sizeof more, "%s%s%s%s",
		 !ac->verification ? ""
		 : !strcmp(ac->verification, "verified") ? " · verified by " : " · awaiting verification",
		 ac->verification && !strcmp(ac->verification, "verified") && ac->verified_by
			 ? ac->verified_by : "",
		 ac->amendment ? " · amendment" : "", "");
	date_t due;
	if (tone == TONE_OVERDUE && ac->due && date_parse_iso(ac->due, &due)) {
		char span[48];
		date_span_text(due, today, span, sizeof span);
		snprintf(late, sizeof late, "OVERDUE %s · ", span);
	} else if (tone == TONE_SOON) {
		snprintf(late, sizeof late, "due soon · ");
	}
	if (ac->updated_by && *ac->updated_by) {
		char when[CLOCK_SHOW_LEN];
		clock_show(ac->updated_at, when);
		snprintf(who, sizeof who, " · changed by %s %s", ac->updated_by, when);
	}
	snprintf(buf, n, "%s%s%s%s", late, status, who, more);
	return buf;
}

static void detail_action(detail_out *o, size_t i, bool sel)
{
	const view_ctx *c = o->v->ctx;
	const board_action *ac = &c->b->actions[i];
	char prefix[128], line[2048];
	snprintf(prefix, sizeof prefix, "%s%-7s ", sel ? "▸" : " ", ac->action_id);
	attr_t pa = draw_tone(TONE_TITLE) | (sel && c->focus == o->v ? A_REVERSE : 0);
	detail_wrap(o, prefix, pa, ac->text, A_NORMAL);
	char *owners = out_owners_joined(ac->owners ? ac->owners : "", "; ");
	snprintf(line, sizeof line, "Owners: %s", owners ? owners : "");
	free(owners);
	char pad[16];
	snprintf(pad, sizeof pad, "%*s", text_width(prefix), "");
	detail_wrap(o, pad, 0, line, A_NORMAL);
	tui_tone tone = detail_status_tone(ac, c->cfg->today);
	snprintf(line, sizeof line, "Target: %s · due %s", *ac->target ? ac->target : "(none)",
		 ac->due ? ac->due : "none");
	detail_wrap(o, pad, 0, line, A_NORMAL);
	/* A reason or note may be ACTION_TEXT_MAX characters long: built whole, then wrapped. */
	util_buf b = {0};
	if (ac->due_reason) {
		util_buf_printf(&b, "Revised from %s: %s",
				ac->due_original ? ac->due_original : "none", ac->due_reason);
		detail_wrap(o, pad, 0, b.s, draw_tone(TONE_DIM));
		util_buf_free(&b);
	}
	detail_wrap(o, pad, 0, detail_status_line(ac, tone, c->cfg->today, line, sizeof line),
		    draw_tone(tone));
	if (ac->last_note) {
		char when[CLOCK_SHOW_LEN];
		clock_show(ac->last_note_at, when);
		util_buf_printf(&b, "Note: %s (%s, %s)", ac->last_note,
				ac->last_note_by ? ac->last_note_by : "?", when);
		detail_wrap(o, pad, 0, b.s, draw_tone(TONE_DIM));
	}
	util_buf_free(&b);
}

/* Makes room for the start and end line of n actions. */
static void detail_reserve(detail_state *d, size_t n)
{
	if (d->cap >= n)
		return;
	d->line = xrealloc(d->line, n * sizeof *d->line);
	d->end = xrealloc(d->end, n * sizeof *d->end);
	d->cap = n;
}

static void detail_layout(view *v, bool draw)
{
	detail_state *d = v->priv;
	const board *b = v->ctx->b;
	const board_item *it = v->ctx->item;
	detail_out o = {v, draw, 0};
	d->lines = 0;
	if (!it) {
		detail_put(&o, 0, "No item selected.", 17, draw_tone(TONE_DIM), NULL, 0);
		d->lines = o.line;
		return;
	}
	detail_reserve(d, b->nactions);
	detail_item(&o, it);
	detail_put(&o, 0, "", 0, 0, NULL, 0);
	char head[128];
	snprintf(head, sizeof head, "Actions %zu%s", b->nactions,
		 board_filtered(b) ? " (filtered)" : "");
	detail_wrap(&o, NULL, 0, head, draw_tone(TONE_TITLE) | A_UNDERLINE);
	for (size_t i = 0; i < b->nactions; i++) {
		d->line[i] = o.line;
		detail_action(&o, i, (int)i == v->cursor);
		d->end[i] = o.line;
		detail_put(&o, 0, "", 0, 0, NULL, 0);
	}
	d->lines = o.line;
}

static int detail_count(const view *v)
{
	return (int)v->ctx->b->nactions;
}

static void detail_title(const view *v, char *buf, size_t n)
{
	const board_item *it = v->ctx->item;
	if (!it)
		snprintf(buf, n, "Detail");
	else if (it->seq)
		snprintf(buf, n, "%s (%d) · %s", it->ref, it->seq, it->category);
	else
		snprintf(buf, n, "%s · %s", it->ref, it->category);
}

/* Rows kept under the scrolling text for the selected action's summary: a rule and two
 * lines, three on a narrow pane; none without actions or room. */
static int detail_sticky_rows(const view *v)
{
	if (!v->ctx->item || !detail_count(v) || v->rect.h < 10)
		return 0;
	return v->rect.w >= 70 ? 3 : 4;
}

/* One line of the summary, cut with "…" where the pane ends. */
static void detail_sticky_line(const view *v, int y, const char *s, attr_t attr)
{
	int w = v->rect.w;
	size_t fit = text_fit(s, w, NULL);
	if (!s[fit]) {
		draw_text(y, v->rect.x, w, s, attr, true);
		return;
	}
	fit = text_fit(s, w - 1, NULL);
	util_buf b = {0};
	util_buf_printf(&b, "%.*s…", (int)fit, s);
	draw_text(y, v->rect.x, w, b.s ? b.s : "", attr, true);
	util_buf_free(&b);
}

/*
 * The selected action's summary under a rule named by its id, which never scrolls away:
 * how late and the status with the effective due date, the owners, and the latest note.
 */
static void detail_sticky(view *v, int rows)
{
	const view_ctx *c = v->ctx;
	const board_action *ac = &c->b->actions[v->cursor];
	tui_rect r = v->rect;
	draw_border(r.y + r.h, r.x - 1, r.w + 2, LINE_LT, LINE_RT, ac->action_id, false);
	tui_tone tone = detail_status_tone(ac, c->cfg->today);
	char status[32], late[64] = "";
	snprintf(status, sizeof status, "%s", model_status_words(ac->status));
	for (char *p = status; tone == TONE_BLOCKED && *p; p++)
		*p = (char)toupper((unsigned char)*p);
	date_t due;
	if (tone == TONE_OVERDUE && ac->due && date_parse_iso(ac->due, &due)) {
		char span[48];
		date_span_text(due, c->cfg->today, span, sizeof span);
		snprintf(late, sizeof late, "OVERDUE %s · ", span);
	}
	char *owners = out_owners_joined(ac->owners ? ac->owners : "", "; ");
	util_buf b = {0};
	int y = r.y + r.h + 1;
	bool narrow = rows > 3; /* then: status, due date and owners, note */
	util_buf_printf(&b, "%s%s", late, status);
	if (narrow) {
		detail_sticky_line(v, y++, b.s ? b.s : "", draw_tone(tone));
		util_buf_free(&b);
	} else {
		util_buf_puts(&b, " · ");
	}
	util_buf_printf(&b, "due %s%s · %s", ac->due ? ac->due : "none",
			ac->due_reason ? " (revised)" : "", owners && *owners ? owners : "no owner");
	detail_sticky_line(v, y++, b.s ? b.s : "", narrow ? A_NORMAL : draw_tone(tone));
	util_buf_free(&b);
	free(owners);
	util_buf_printf(&b, "Note: %s", ac->last_note ? ac->last_note : "none yet");
	detail_sticky_line(v, y, b.s ? b.s : "", draw_tone(TONE_DIM));
	util_buf_free(&b);
}

/*
 * Keeps the cursor on an action. When it moved (or the pane was just focused) its action
 * comes into view: all of it when it fits, else its start; otherwise the text stays where
 * PgUp/PgDn or the wheel put it, so a long action can be read to its end.
 */
static void detail_follow(view *v)
{
	detail_state *d = v->priv;
	int n = detail_count(v);
	if (v->cursor >= n)
		v->cursor = n - 1;
	if (v->cursor < 0)
		v->cursor = 0;
	d->sticky = detail_sticky_rows(v);
	v->rect.h -= d->sticky;
	int h = v->rect.h;
	detail_layout(v, false);
	if (v->ctx->focus != v)
		d->shown = -1;
	else if (n && (size_t)n <= d->cap && d->shown != v->cursor) {
		int s = d->line[v->cursor], e = d->end[v->cursor];
		if (e > v->top + h)
			v->top = e - h;
		if (s < v->top || e - s > h)
			v->top = s;
		d->shown = v->cursor;
	}
	if (v->top > d->lines - h)
		v->top = d->lines - h;
	if (v->top < 0)
		v->top = 0;
}

/* After the text scrolled: the cursor on the first action in view, unless its own is. */
static void detail_cursor_in_view(view *v)
{
	detail_state *d = v->priv;
	int n = detail_count(v), h = v->rect.h;
	if (!n || (size_t)n > d->cap)
		return;
	int top = v->top < 0 ? 0 : v->top;
	if (d->end[v->cursor] > top && d->line[v->cursor] < top + h)
		return;
	for (int i = 0; i < n; i++)
		if (d->end[i] > top) {
			v->cursor = i;
			break;
		}
	d->shown = v->cursor;
}

static tui_request detail_request(view *v, tui_request req)
{
	detail_state *d = v->priv;
	int n = detail_count(v), h = v->rect.h > 1 ? v->rect.h : 1;
	bool focused = v->ctx->focus == v;
	switch (req) {
	case REQ_WHEEL_DOWN: case REQ_WHEEL_UP: /* scroll the text, not the cursor */
		v->top += req == REQ_WHEEL_DOWN ? 3 : -3;
		if (focused)
			detail_cursor_in_view(v);
		return REQ_NONE;
	case REQ_PAGE_DOWN: case REQ_PAGE_UP:
		v->top += req == REQ_PAGE_DOWN ? h - 1 : -(h - 1);
		v->top = v->top > d->lines - h ? d->lines - h : v->top;
		v->top = v->top < 0 ? 0 : v->top;
		detail_cursor_in_view(v);
		return REQ_NONE;
	case REQ_FIRST: case REQ_LAST:
		v->cursor = req == REQ_FIRST ? 0 : n - 1;
		v->top = req == REQ_FIRST ? 0 : d->lines;
		d->shown = v->cursor;
		return REQ_NONE;
	case REQ_DOWN: case REQ_UP: {
		if (!n || (size_t)n > d->cap)
			return REQ_NONE;
		/* By action; past the first or the last, by line, so that one action taller
		 * than the pane can still be read to its end with j. */
		int to = v->cursor + (req == REQ_DOWN ? 1 : -1);
		if (to >= 0 && to < n)
			view_list_move(v, n, to - v->cursor);
		else
			v->top += req == REQ_DOWN ? 1 : -1;
		return REQ_NONE;
	}
	case REQ_ENTER:
		return REQ_NONE;
	case REQ_BACK:
		return REQ_VIEW_ITEMS;
	default:
		return req;
	}
}

static void detail_draw(view *v)
{
	detail_state *d = v->priv;
	detail_layout(v, true);
	if (d->sticky && v->cursor >= 0 && (size_t)v->cursor < v->ctx->b->nactions)
		detail_sticky(v, d->sticky);
}

/* A click on an action's lines selects it. */
static bool detail_click(view *v, int line)
{
	detail_state *d = v->priv;
	int at = v->top + line;
	bool hit = false;
	for (int i = 0; i < detail_count(v) && (size_t)i < d->cap; i++)
		if (at >= d->line[i] && at < d->end[i]) {
			v->cursor = i;
			hit = true;
		}
	return hit;
}

static void detail_done(view *v)
{
	detail_state *d = v->priv;
	if (d) {
		free(d->line);
		free(d->end);
		free(d);
	}
	v->priv = NULL;
}

void view_detail_init(view *v, view_ctx *ctx)
{
	*v = (view){.ops = &view_detail_ops, .ctx = ctx};
	v->priv = xcalloc(1, sizeof(detail_state));
	((detail_state *)v->priv)->shown = -1;
}

void view_detail_show(view *v)
{
	const board_item *it = v->ctx->item;
	int64_t id = it ? it->id : 0;
	if (id && id == v->ctx->b->actions_item)
		return;
	ab_err err = {0};
	if (board_load_actions(v->ctx->b, id, &err))
		view_message(v->ctx, true, " %s", err.msg);
	v->cursor = v->top = 0;
}

const board_action *view_detail_action(const view *v)
{
	const board *b = v->ctx->b;
	const board_item *it = v->ctx->item;
	if (!it || b->actions_item != it->id || v->cursor < 0 || (size_t)v->cursor >= b->nactions)
		return NULL;
	return &b->actions[v->cursor];
}

view_detail_place view_detail_where(const view *v)
{
	const board_action *ac = view_detail_action(v);
	return (view_detail_place){v->ctx->item ? v->ctx->item->id : 0, ac ? ac->id : 0, v->top};
}

int view_detail_return(view *v, const view_detail_place *p, ab_err *err)
{
	const board_item *it = v->ctx->item;
	board *b = v->ctx->b;
	if (board_load_actions(b, it ? it->id : 0, err))
		return err->code;
	if (!it || it->id != p->item) {
		v->cursor = v->top = 0;
		return 0;
	}
	v->top = p->top;
	for (size_t i = 0; i < b->nactions; i++)
		if (b->actions[i].id == p->action)
			v->cursor = (int)i;
	return 0;
}

const view_ops view_detail_ops = {
	.hints = KEYMAP_DETAIL, .count = detail_count, .title = detail_title,
	.follow = detail_follow, .draw = detail_draw, .request = detail_request,
	.click = detail_click, .done = detail_done,
};
