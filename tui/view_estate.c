/* view_estate — see view_estate.h. */
#include "view_estate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/util.h"

/* Row 0 of the rect holds the column names; the list (prison groups' headings and
 * establishments) is below it. */
static int estate_count(const view *v)
{
	return (int)v->ctx->sp->estate.nlines;
}

const span_est *view_estate_selected(const view *v)
{
	return span_estate_row(v->ctx->sp, (size_t)(v->cursor < 0 ? 0 : v->cursor));
}

void view_estate_select(view *v, const char *code)
{
	v->cursor = (int)span_estate_first_row(v->ctx->sp); /* when the code is not shown */
	for (int i = 0; i < estate_count(v); i++) {
		const span_est *r = span_estate_row(v->ctx->sp, (size_t)i);
		if (r && !strcmp(r->code, code))
			v->cursor = i;
	}
}

/* A group's name on screen: those with no region are together under "no prison group". */
static const char *estate_group_name(const char *group)
{
	return group && *group ? group : "no prison group";
}

/* A prison group's heading as drawn: its name and establishments. */
static void estate_heading_label(const span_est_line *l, bool sel, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s · %d establishment%s", sel ? "▸" : " ", estate_group_name(l->group),
		 l->count, l->count == 1 ? "" : "s");
}

/* The title: whole when it fits; on a narrow screen the counts in short, then without the
 * plans counted, so the establishments, the overdue and the sort stay. */
static void estate_title(const view *v, char *buf, size_t n)
{
	const span_estate *e = &v->ctx->sp->estate;
	int plans = 0, covered = 0, late = 0;
	for (size_t i = 0; i < e->nshown; i++) {
		plans += e->rows[e->shown[i]].plans;
		covered += e->rows[e->shown[i]].covered;
		late += e->rows[e->shown[i]].overdue;
	}
	char scope[300];
	snprintf(scope, sizeof scope, "%s%s%s%s%s", e->filter[0] ? " matching \"" : "", e->filter,
		 e->filter[0] ? "\"" : "", e->group_only ? " in " : "",
		 e->group_only ? estate_group_name(e->group) : "");
	const char *by = span_estate_by_name(e->by);
	int room = v->rect.w - 3; /* the border's corner and the spaces around the title */
	snprintf(buf, n, "Establishments %zu%s · plans counted %d of %d: latest and open · "
		 "%d overdue · by %s", e->nshown, scope, covered, plans, late, by);
	if (text_width(buf) <= room)
		return;
	snprintf(buf, n, "Establishments %zu%s · plans %d/%d · %d overdue · by %s", e->nshown,
		 scope, covered, plans, late, by);
	if (text_width(buf) <= room)
		return;
	snprintf(buf, n, "%zu%s · %d overdue · by %s", e->nshown, scope, late, by);
}

/* The columns of a frame. NAME and REGION OR KIND are as wide as their longest entry
 * (every establishment's, so a filter does not make the columns jump) while the line has
 * room. On a narrow screen the lower-value columns go first, as htop's do — the PROGRESS bar
 * (the % says the same), ITEMS, VERIF (folded into DONE as "done/verified"), PLANS — until
 * the name has ESTATE_NAME_MIN columns (the bar: its whole width), the region
 * ESTATE_WHERE_MIN and the groups' headings their whole label; then the name is kept whole
 * before the region. */
typedef struct estate_cols {
	int name, where;
	bool plans, items, verif, bar; /* shown; without verif, DONE reads "done/verified" */
} estate_cols;

#define ESTATE_NAME_MIN 20
#define ESTATE_WHERE_MIN 10
#define ESTATE_LEAD (7 + 1 + 10) /* "▸CODE  ", the space after the name, " LATEST   " */

/* The columns' width but for the name and the region. */
static int estate_fixed(estate_cols c)
{
	return ESTATE_LEAD + (c.plans ? 6 : 0) + (c.items ? 6 : 0) + 6 + 6 + (c.verif ? 12 : 9)
	       + 5 + (c.bar ? 9 : 0);
}

static int estate_longest(const view *v, int *where, int *heading)
{
	const span_estate *e = &v->ctx->sp->estate;
	int name = 4;
	*where = 14; /* "NAME", "REGION OR KIND" */
	for (size_t i = 0; i < e->n; i++) {
		int nw = text_width(e->rows[i].name ? e->rows[i].name : "");
		int ww = text_width(e->rows[i].where ? e->rows[i].where : "");
		name = nw > name ? nw : name;
		*where = ww > *where ? ww : *where;
	}
	*heading = 0;
	for (size_t i = 0; i < e->nlines; i++) {
		const span_est_line *l = &e->lines[i];
		if (l->row)
			continue;
		char head[300];
		estate_heading_label(l, false, head, sizeof head);
		int hw = text_width(head);
		*heading = hw > *heading ? hw : *heading;
	}
	return name;
}

static estate_cols estate_widths(const view *v)
{
	int where, heading, name = estate_longest(v, &where, &heading);
	int wmin = where < ESTATE_WHERE_MIN ? where : ESTATE_WHERE_MIN;
	int need = (name < ESTATE_NAME_MIN ? name : ESTATE_NAME_MIN) + wmin;
	estate_cols c = {0, 0, true, true, true, true};
	bool *drop[] = {&c.bar, &c.items, &c.verif, &c.plans};
	int rest = v->rect.w - estate_fixed(c);
	/* the bar, which only repeats the %, goes as soon as a name would be cut */
	for (size_t i = 0; i < sizeof drop / sizeof *drop
			   && (rest < (i ? need : name + wmin) || ESTATE_LEAD + rest < heading); i++) {
		*drop[i] = false;
		rest = v->rect.w - estate_fixed(c);
	}
	rest = rest < 0 ? 0 : rest;
	if (name + where <= rest)
		c.name = name, c.where = where;
	else if (rest - name >= wmin)
		c.name = name, c.where = rest - name;
	else {
		c.where = wmin < rest * 2 / 5 ? wmin : rest * 2 / 5;
		c.name = rest - c.where;
	}
	return c;
}

/* "████▌░░░" — eight cells in eighths of the share done. */
static void estate_bar(char *buf, size_t n, int pct)
{
	static const char *const eighths[] = {"░", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
	int steps = pct * 64 / 100;
	size_t len = 0;
	for (int i = 0; i < 8 && len < n; i++) {
		int cell = steps - i * 8;
		cell = cell < 0 ? 0 : cell > 8 ? 8 : cell;
		len += (size_t)snprintf(buf + len, n - len, "%s", eighths[cell]);
	}
}

static void estate_draw_head(const view *v, estate_cols c)
{
	tui_rect r = v->rect;
	char line[512];
	snprintf(line, sizeof line, " %-5s %-*.*s %-*.*s %-9s%s%s %5s %5s %s%s %4s%s", "CODE",
		 c.name, c.name, "NAME", c.where, c.where,
		 c.where >= 14 ? "REGION OR KIND" : "REGION", "LATEST",
		 c.plans ? " PLANS" : "", c.items ? " ITEMS" : "", "OPEN", "LATE",
		 c.verif ? " DONE" : "", c.verif ? " VERIF" : "DONE/VER", "%",
		 c.bar ? " PROGRESS" : "");
	draw_text(r.y, r.x, r.w, line, draw_tone(TONE_DIM) | A_UNDERLINE, true);
}

/* From the PLANS column on, for an establishment or a group's subtotals: the plans
 * counted of the live ones ("2/3"), their figures, % done and the bar — those the frame
 * shows. */
static void estate_draw_figures(const view *v, estate_cols c, const span_est *e, int y, int x,
				 attr_t base)
{
	tui_rect r = v->rect;
	char num[96], bar[64], pair[32];
	if (c.plans) {
		snprintf(pair, sizeof pair, "%d/%d", e->covered, e->plans);
		snprintf(num, sizeof num, " %5s", pair);
		x += draw_text(y, x, 6, num, base, true);
	}
	if (c.items) {
		snprintf(num, sizeof num, " %5d", e->items);
		x += draw_text(y, x, 6, num, base, true);
	}
	snprintf(num, sizeof num, " %5d", e->open);
	x += draw_text(y, x, 6, num, base, true);
	snprintf(num, sizeof num, " %5d", e->overdue);
	x += draw_text(y, x, 6, num, base | (e->overdue ? draw_tone(TONE_OVERDUE) : 0), true);
	/* DONE counts every completion, VERIF those a second person verified (verify.h) */
	if (c.verif)
		snprintf(num, sizeof num, " %5d %5d %3d%% ", e->completed, e->verified, e->done_pct);
	else {
		snprintf(pair, sizeof pair, "%d/%d", e->completed, e->verified);
		snprintf(num, sizeof num, " %8s %3d%% ", pair, e->done_pct);
	}
	/* without the bar, the last column runs to the edge (a selected row's reverse too) */
	x += draw_text(y, x, c.bar ? (c.verif ? 18 : 15) : r.x + r.w - x, num, base, true);
	if (!c.bar)
		return;
	estate_bar(bar, sizeof bar, e->done_pct);
	tui_tone tone = e->actions && e->completed == e->actions ? TONE_DONE
		      : e->overdue ? TONE_OVERDUE : TONE_NORMAL;
	draw_text(y, x, r.x + r.w - x, bar, base | draw_tone(tone), true);
}

static void estate_draw_row(const view *v, estate_cols c, const span_est *e, int y, bool sel)
{
	tui_rect r = v->rect;
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	int x = r.x;
	char num[96];
	snprintf(num, sizeof num, "%s%-5s ", sel ? "▸" : " ", e->code);
	x += draw_text(y, x, 7, num, base | A_BOLD, true);
	x += draw_text(y, x, c.name, e->name, base, true);
	x += draw_text(y, x, 1, " ", base, true);
	x += draw_text(y, x, c.where, e->where, base | draw_tone(TONE_DIM), true);
	snprintf(num, sizeof num, " %-9s", e->cycle ? e->cycle : "(no plan)");
	x += draw_text(y, x, 10, num, base, true);
	estate_draw_figures(v, c, e, y, x, base);
}

/* A prison group's heading: its name and establishments, then its subtotals. */
static void estate_draw_heading(const view *v, estate_cols c, const span_est_line *l, int y,
				bool sel)
{
	tui_rect r = v->rect;
	attr_t base = (sel ? A_REVERSE : A_NORMAL) | A_BOLD;
	char head[300];
	estate_heading_label(l, sel, head, sizeof head);
	int x = r.x + draw_text(y, r.x, ESTATE_LEAD + c.name + c.where, head, base, true);
	estate_draw_figures(v, c, &l->sum, y, x, base);
}

/*
 * What each line of the rect showed at the last frame (view_ctx.over_last): a hash of
 * what the line is drawn from. A frame drawn over the last one redraws only the lines
 * whose hash changed, so a change of one establishment's figures costs ncurses one or
 * two lines, not the screen (the cost of many open dashboards, bench/README.md).
 */
typedef struct estate_memo {
	char (*line)[33];
	int n; /* lines, the rect's height when they were drawn */
	int w;
} estate_memo;

static void estate_hash_text(util_hash *h, const char *s)
{
	util_hash_add(h, s ? s : "", (s ? strlen(s) : 0) + 1); /* with its NUL: a separator */
}

static void estate_hash_figures(util_hash *h, const span_est *e)
{
	int f[] = {e->plans, e->covered, e->items, e->actions, e->open, e->overdue,
		   e->completed, e->verified, e->done_pct};
	util_hash_add(h, f, sizeof f);
}

/* The hash of line i of the rect (0: the column names) as estate_draw_line draws it. */
static void estate_line_hash(const view *v, estate_cols c, int i, char out[33])
{
	util_hash h;
	util_hash_init(&h);
	int frame[] = {c.name, c.where, c.plans, c.items, c.verif, c.bar, i}; /* no padding */
	util_hash_add(&h, frame, sizeof frame);
	int n = estate_count(v), idx = v->top + i - 1;
	if (i > 0 && !n) {
		estate_hash_text(&h, v->ctx->sp->estate.filter);
	} else if (i > 0 && idx < n) {
		const span_est_line *l = span_estate_line(v->ctx->sp, (size_t)idx);
		bool sel = idx == v->cursor;
		util_hash_add(&h, &sel, sizeof sel);
		const span_est *e = l->row ? l->row : &l->sum;
		if (l->row) {
			estate_hash_text(&h, e->code);
			estate_hash_text(&h, e->name);
			estate_hash_text(&h, e->where);
			estate_hash_text(&h, e->cycle);
		} else {
			estate_hash_text(&h, l->group);
			util_hash_add(&h, &l->count, sizeof l->count);
		}
		estate_hash_figures(&h, e);
	}
	util_hash_hex(&h, out);
}

/* Line i of the rect: the column names, an establishment, a group's heading, the notice
 * of an empty list, or nothing (blanked: a frame drawn over the last may have had a row
 * there). */
static void estate_draw_line(view *v, estate_cols c, int i)
{
	tui_rect r = v->rect;
	int n = estate_count(v), idx = v->top + i - 1;
	if (i == 0) {
		estate_draw_head(v, c);
	} else if (!n) {
		draw_text(r.y + i, r.x, r.w,
			  i > 1 ? "" : v->ctx->sp->estate.filter[0]
				? " (no establishment matches the filter)" : " (no establishment)",
			  draw_tone(TONE_DIM), true);
	} else if (idx >= n) {
		draw_text(r.y + i, r.x, r.w, "", A_NORMAL, true);
	} else {
		const span_est_line *l = span_estate_line(v->ctx->sp, (size_t)idx);
		if (l->row)
			estate_draw_row(v, c, l->row, r.y + i, idx == v->cursor);
		else
			estate_draw_heading(v, c, l, r.y + i, idx == v->cursor);
	}
}

static void estate_draw(view *v)
{
	tui_rect r = v->rect;
	/* Once a frame: the widths read every establishment's name. */
	estate_cols c = estate_widths(v);
	estate_memo *m = v->priv;
	if (!m)
		m = v->priv = xcalloc(1, sizeof *m);
	bool over = v->ctx->over_last && m->n == r.h && m->w == r.w;
	if (m->n != r.h) {
		free(m->line);
		m->line = xcalloc((size_t)(r.h > 0 ? r.h : 1), sizeof *m->line);
		m->n = r.h;
	}
	m->w = r.w;
	for (int i = 0; i < r.h; i++) {
		char hash[33];
		estate_line_hash(v, c, i, hash);
		if (over && !strcmp(hash, m->line[i]))
			continue;
		memcpy(m->line[i], hash, sizeof hash);
		estate_draw_line(v, c, i);
	}
}

static void estate_done(view *v)
{
	estate_memo *m = v->priv;
	if (m)
		free(m->line);
	free(m);
	v->priv = NULL;
}

/* The list's rows lie below the column names: follow with one row less. */
static void estate_follow(view *v)
{
	tui_rect keep = v->rect;
	v->rect.h = keep.h > 1 ? keep.h - 1 : 1;
	view_list_follow(v, estate_count(v));
	v->rect = keep;
}

/* Enter on a group's heading: that group alone, or (again) every group. */
static tui_request estate_toggle_group(view *v)
{
	span_estate *e = &v->ctx->sp->estate;
	const span_est_line *l = span_estate_line(v->ctx->sp, (size_t)v->cursor);
	e->group_only = !e->group_only;
	snprintf(e->group, sizeof e->group, "%s", e->group_only && l->group ? l->group : "");
	span_estate_arrange(v->ctx->sp);
	v->cursor = (int)span_estate_first_row(v->ctx->sp);
	v->top = 0;
	if (e->group_only)
		view_message(v->ctx, false, " Only %s · Enter on its heading or x: every group",
			     estate_group_name(e->group));
	else
		view_message(v->ctx, false, " Every prison group");
	return REQ_NONE;
}

static tui_request estate_request(view *v, tui_request req)
{
	int n = estate_count(v), delta = view_list_delta(v, req, n);
	if (delta) {
		view_list_move(v, n, delta);
		return REQ_NONE;
	}
	span_estate *e = &v->ctx->sp->estate;
	switch (req) {
	case REQ_FIRST: case REQ_LAST:
		return REQ_NONE;
	case REQ_SORT_NEXT: case REQ_SORT_PREV: {
		const span_est *cur = view_estate_selected(v);
		char code[64] = "";
		if (cur)
			snprintf(code, sizeof code, "%s", cur->code);
		e->by = (e->by + (req == REQ_SORT_NEXT ? 1 : SPAN_BY_COUNT - 1)) % SPAN_BY_COUNT;
		span_estate_arrange(v->ctx->sp);
		view_estate_select(v, code); /* the same establishment stays selected */
		view_message(v->ctx, false, " Sorted by %s", span_estate_by_name(e->by));
		return REQ_NONE;
	}
	case REQ_ENTER:
		if (n && !view_estate_selected(v))
			return estate_toggle_group(v);
		return n ? REQ_OPEN_PLAN : REQ_NONE;
	default:
		return req;
	}
}

static bool estate_click(view *v, int line)
{
	return line > 0 && view_list_click(v, estate_count(v), line - 1);
}

const view_ops view_estate_ops = {
	.hints = KEYMAP_ESTATE, .count = estate_count, .title = estate_title,
	.follow = estate_follow, .draw = estate_draw, .request = estate_request,
	.click = estate_click, .done = estate_done,
};
