/* edit_evidence — see edit_evidence.h. */
#include "edit_evidence.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "../core/clock.h"
#include "../core/evidence.h"
#include "edit_priv.h"

/* The page's entries, each one line of text (strdup'd) and its N. */
typedef struct ev_page {
	char **lines;
	int *ns;
	size_t n, cap, ncap;
} ev_page;

static int ev_page_row(const evidence_entry *e, void *ctx)
{
	ev_page *p = ctx;
	XGROW(p->lines, p->n, p->cap);
	XGROW(p->ns, p->n, p->ncap);
	char when[CLOCK_SHOW_LEN];
	clock_show(e->added_at, when);
	util_buf b = {0};
	util_buf_printf(&b, "#%d %s%s · %s, %s", e->n, e->removed_at ? "(removed) " : "", e->name,
			e->added_by, when);
	if (e->sha256)
		util_buf_printf(&b, " · %lld bytes · sha256 %.16s…", e->size, e->sha256);
	if (e->note)
		util_buf_printf(&b, " · %s", e->note);
	if (e->removed_reason)
		util_buf_printf(&b, " · removed by %s: %s", e->removed_by, e->removed_reason);
	char *s = util_buf_take(&b);
	p->ns[p->n] = e->n;
	p->lines[p->n++] = s;
	return 0;
}

static void ev_page_free(ev_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->ns);
}

static bool ev_add(view_ctx *c, edit_state *e, const prompt_screen *ps, const char *key)
{
	char what[4096] = "", note[ACTION_TEXT_BUF] = "", label[700], done[4700];
	snprintf(label, sizeof label, "File or URL to attach to %s (Enter: next, Esc cancels): ",
		 key);
	if (!prompt_line(ps, label, what, sizeof what, 0, NULL) || term_done() || !what[0])
		return edit_cancelled(c);
	snprintf(label, sizeof label,
		 "Note for the evidence (optional, Enter attaches, Esc cancels): ");
	if (!prompt_line(ps, label, note, sizeof note, ACTION_TEXT_MAX, NULL) || term_done())
		return edit_cancelled(c);
	ab_err err = {0};
	util_buf data = {0};
	int n = 0, rc;
	if (evidence_is_url(what)) {
		rc = evidence_add_url(c->cfg->st, &e->actor, key, what, note, &n, &err);
	} else if (!(rc = evidence_read_file(what, &data, &err))) {
		char *copy = xstrdup(what);
		rc = evidence_add_file(c->cfg->st, &e->actor, key, basename(copy),
				       data.s ? data.s : "", data.len, note, &n, &err);
		free(copy);
	}
	util_buf_free(&data);
	snprintf(done, sizeof done, "%s: evidence #%d added (%s)", key, n, what);
	return edit_outcome(c, e, rc, &err, key, note, done, false);
}

static bool ev_remove(view_ctx *c, edit_state *e, const prompt_screen *ps, const char *key,
		      int n)
{
	char reason[ACTION_TEXT_BUF] = "", label[700], done[700];
	snprintf(label, sizeof label, "Why remove evidence #%d of %s? (required, Esc cancels): ", n,
		 key);
	if (!prompt_line(ps, label, reason, sizeof reason, ACTION_TEXT_MAX, NULL) || term_done() ||
	    !reason[strspn(reason, " ")])
		return edit_cancelled(c);
	ab_err err = {0};
	int rc = evidence_remove(c->cfg->st, &e->actor, key, n, reason, &err);
	snprintf(done, sizeof done, "%s: evidence #%d removed", key, n);
	return edit_outcome(c, e, rc, &err, key, reason, done, false);
}

bool edit_evidence(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!ac) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return false;
	}
	char key[512], title[600];
	snprintf(key, sizeof key, "%s", ac->key);
	ev_page p = {0};
	ab_err err = {0};
	if (evidence_list(c->cfg->st, key, ev_page_row, &p, &err)) {
		view_message(c, true, " Cannot read the evidence: %s", err.msg);
		ev_page_free(&p);
		return false;
	}
	/* the letters are the key table's (keymap.h), which the help lists */
	const char keys[] = {(char)keymap_menu_key(REQ_EVIDENCE_ADD),
			     (char)keymap_menu_key(REQ_EVIDENCE_REMOVE), 0};
	char none_text[80], footer[80];
	snprintf(none_text, sizeof none_text, "(no evidence yet: %c attaches a file or a URL)",
		 keys[0]);
	snprintf(footer, sizeof footer, "%c add · %c remove · q close", keys[0], keys[1]);
	const char *none = none_text;
	snprintf(title, sizeof title, "Evidence of %s", key);
	int sel = 0;
	int k = prompt_entries(ps, title, p.n ? (const char *const *)p.lines : &none, p.n ? (int)p.n : 1,
			       keys, footer, &sel);
	int n = p.n && sel >= 0 && (size_t)sel < p.n ? p.ns[sel] : 0;
	ev_page_free(&p);
	if (!k || term_done())
		return false;
	if (!edit_db_writable(c))
		return false;
	if (k == keys[0])
		return ev_add(c, e, ps, key);
	if (!n) {
		view_message(c, true, " %s has no evidence to remove", key);
		return false;
	}
	return ev_remove(c, e, ps, key, n);
}
