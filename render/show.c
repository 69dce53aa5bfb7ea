/*
 * show — `show` as text (see render.h): an item with one line per action, or an action in
 * full under its item, with how late it is and its history.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/assess.h"
#include "../core/clock.h"
#include "../core/judge.h"
#include "../core/out.h"
#include "../core/query.h"
#include "../core/text.h"
#include "render.h"
#include "../core/key.h"

typedef struct show_ctx {
	store *st;
	ab_err *err;
	FILE *fp;
	int cols, n;
	const char *action_id; /* the action asked for; NULL for an item */
	date_t today;
	const char *title; /* of the events' section; NULL: "History" */
} show_ctx;

/* "LABEL     text" with the text, made safe (text.h), word-wrapped under itself. */
static void show_field(show_ctx *c, const char *label, const char *raw)
{
	int indent = 11, width = c->cols - indent > 20 ? c->cols - indent : 20;
	fprintf(c->fp, "%-10s ", label);
	char *text = raw ? text_safe_dup(raw, 0) : NULL;
	if (!text || !*text) {
		fputs("-\n", c->fp);
		free(text);
		return;
	}
	size_t next;
	bool first = true;
	for (const char *p = text;;) {
		size_t end = text_wrap(p, width, &next);
		if (!end && !next)
			break;
		size_t skip = strspn(p, " ");
		fprintf(c->fp, "%*s%.*s\n", first ? 0 : indent, "",
			(int)(end > skip ? end - skip : 0), p + skip);
		first = false;
		if (!next)
			break;
		p += next;
	}
	if (first)
		fputs("-\n", c->fp);
	free(text);
}

/* The item's judgements that count and its links to earlier and later findings. */
static int show_item_assess(show_ctx *c, int64_t id)
{
	assess_reader *ar;
	assess_item a;
	if (assess_reader_open(c->st, &ar, c->err))
		return c->err->code;
	int rc = assess_read(ar, id, &a, c->err);
	assess_reader_close(ar);
	if (rc)
		return rc;
	util_buf judged = {0}, links = {0};
	render_judged(&judged, &a, true);
	render_lineage(&links, &a);
	show_field(c, "Judged", judged.s ? judged.s : "none recorded");
	show_field(c, "Links", links.s ? links.s : "none recorded");
	util_buf_free(&judged);
	util_buf_free(&links);
	return 0;
}

static int show_item_row(const query_item *r, void *vctx)
{
	show_ctx *c = vctx;
	char head[512], progress[96], seq[16] = "";
	if (r->seq)
		snprintf(seq, sizeof seq, " (%d)", r->seq);
	int len = key_format(head, sizeof head - sizeof seq, r->establishment, r->cycle, r->ref);
	snprintf(head + (len > 0 ? len : 0), sizeof seq, "%s", seq);
	show_field(c, "Item", head);
	if (c->action_id) { /* the item only as the action's context */
		show_field(c, "Finding", r->text);
		return 0;
	}
	show_field(c, "Category", r->category);
	if (r->directed_to)
		show_field(c, "Directed", r->directed_to);
	show_field(c, "Finding", r->text);
	if (r->agreement) {
		show_field(c, "Agreement", r->agreement);
		if (r->agreement_note && *r->agreement_note)
			show_field(c, "Because", r->agreement_note);
	}
	if (r->repeated_from)
		show_field(c, "Repeats", r->repeated_from);
	snprintf(progress, sizeof progress, "%d/%d completed, %d overdue", r->actions_completed,
		 r->actions_total, r->actions_overdue);
	show_field(c, "Actions", progress);
	return show_item_assess(c, r->id);
}

/* One line per action under the item: ID STATUS DUE ! OWNERS TEXT. */
static void show_action_line(show_ctx *c, const query_action *r, const char *owners)
{
	if (!c->n++)
		fputc('\n', c->fp);
	int ow = c->cols / 5 < 14 ? 14 : c->cols / 5;
	out_cell(c->fp, r->action_id, 9);
	fputc(' ', c->fp);
	out_cell(c->fp, r->status, 11);
	fputc(' ', c->fp);
	out_cell(c->fp, r->due ? r->due : "-", 10);
	fputs(r->overdue ? " ! " : "   ", c->fp);
	out_cell(c->fp, owners, ow);
	int rest = c->cols - (9 + 1 + 11 + 1 + 10 + 3 + ow + 1);
	if (rest > 0) {
		fputc(' ', c->fp);
		out_cell(c->fp, r->text, rest);
	}
	fputc('\n', c->fp);
}

/* The action asked for, field by field, and how late it is when it is overdue. */
static void show_action_full(show_ctx *c, const query_action *r, const char *owners)
{
	char key[512], due[256], status[96], updated[320], when[CLOCK_SHOW_LEN];
	clock_show(r->updated_at, when);
	key_format(key, sizeof key, r->establishment, r->cycle, r->action_id);
	if (r->due_reason)
		snprintf(due, sizeof due, "%s (revised from %s: %s)", r->due ? r->due : "none",
			 r->due_original ? r->due_original : "none", r->due_reason);
	else
		snprintf(due, sizeof due, "%s", r->due ? r->due : "none");
	snprintf(status, sizeof status, "%s%s", r->status, r->overdue ? " (OVERDUE)" : "");
	snprintf(updated, sizeof updated, "version %lld%s%s%s%s", (long long)r->version,
		 r->updated_at ? ", " : "", r->updated_at ? when : "",
		 r->updated_by ? " by " : "", r->updated_by ? r->updated_by : "");
	show_field(c, "Action", key);
	show_field(c, "What", r->text);
	show_field(c, "Owners", owners);
	show_field(c, "Target", r->target);
	show_field(c, "Due", due);
	show_field(c, "Status", status);
	show_field(c, "Changed", updated);
	date_t d;
	if (r->overdue && r->due && date_parse_iso(r->due, &d)) {
		char late[64];
		date_span_text(d, c->today, late, sizeof late);
		show_field(c, "Late", late);
	}
}

static int show_action_row(const query_action *r, void *vctx)
{
	show_ctx *c = vctx;
	if (c->action_id && strcmp(r->action_id, c->action_id))
		return 0;
	char *owners = out_owners_joined(r->owners, "; ");
	if (c->action_id)
		show_action_full(c, r, owners);
	else
		show_action_line(c, r, owners);
	free(owners);
	return 0;
}

static int show_event(const action_event *e, void *vctx)
{
	show_ctx *c = vctx;
	util_buf line = {0};
	if (!c->n++)
		fprintf(c->fp, "\n%s\n", c->title ? c->title : "History");
	render_event_line(&line, e);
	fprintf(c->fp, "  %s\n", line.s);
	util_buf_free(&line);
	return 0;
}

/* The ref of the item ref->item_id (digest_ref holds its id, not its ref). */
static int show_item_ref_row(const query_item *r, void *vctx)
{
	char **out = vctx;
	snprintf(out[0], (size_t)(out[1] - out[0]), "%s", r->ref);
	return 0;
}

static int show_item_ref(store *st, const digest_ref *ref, char *buf, size_t n, ab_err *err)
{
	query_filter f = {.establishment = ref->establishment, .cycle = ref->cycle,
			  .item_id = ref->item_id};
	char *span[2] = {buf, buf + n};
	buf[0] = 0;
	return query_items(st, &f, show_item_ref_row, span, err);
}

int render_show(store *st, const digest_ref *ref, date_t today, int cols, FILE *fp,
		ab_err *err)
{
	show_ctx c = {.st = st, .err = err, .fp = fp, .cols = cols, .today = today,
		      .action_id = ref->action_id[0] ? ref->action_id : NULL};
	query_filter f = {.establishment = ref->establishment, .cycle = ref->cycle,
			  .item_id = ref->item_id, .today = today};
	int rc = query_items(st, &f, show_item_row, &c, err);
	if (!rc && c.action_id)
		fputc('\n', fp);
	if (!rc)
		rc = query_actions(st, &f, show_action_row, &c, err);
	if (!rc && c.action_id) {
		char key[512];
		key_format(key, sizeof key, ref->establishment, ref->cycle, ref->action_id);
		c.n = 0;
		rc = action_history(st, key, show_event, &c, err);
	} else if (!rc) {
		/* an item's own history: its judgements and links, as recorded */
		/* the item's key: "EST/CYCLE/" (key_format), then its ref */
		char key[512];
		size_t n = (size_t)key_format(key, sizeof key, ref->establishment, ref->cycle, "");
		rc = show_item_ref(st, ref, key + n, sizeof key - n, err);
		c.n = 0;
		c.title = "Judgements and links";
		if (!rc)
			rc = judge_history(st, key, show_event, &c, err);
	}
	if (rc)
		return rc;
	errno = 0;
	if (fflush(fp) || ferror(fp))
		return err_set(err, EX_IOERR, "cannot write: %s", errno ? strerror(errno) : "write error");
	return 0;
}
