#include "remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"
#include "query.h"
#include "text.h"

bool remind_address_ok(const char *a)
{
	size_t n = strlen(a);
	const char *at = strchr(a, '@');
	if (!n || n > 254 || !at || at == a || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || strchr("<>(),;:\\\"[]", *p))
			return false;
	return true;
}

void remind_kind_words(remind_kind k, int days, char *buf, size_t n)
{
	switch (k) {
	case REMIND_OVERDUE: snprintf(buf, n, "Overdue"); break;
	case REMIND_DUE_SOON: snprintf(buf, n, "Due within %d days", days); break;
	case REMIND_AWAITING: snprintf(buf, n, "Completed, awaiting verification"); break;
	default: snprintf(buf, n, "No update in %d days", REMIND_STALE_DAYS); break;
	}
}

typedef struct remind_ctx {
	remind_line *lines;
	size_t nlines, cap;
	char today[DATE_ISO_LEN], soon[DATE_ISO_LEN], stale[DATE_ISO_LEN];
} remind_ctx;

/* Which reminder an action calls for, or -1 for none. */
static int remind_kind_of(const remind_ctx *c, const query_action *r)
{
	int s = model_status_parse(r->status);
	bool open = s != STATUS_COMPLETED && s != STATUS_CANCELLED;
	if (r->overdue)
		return REMIND_OVERDUE;
	if (open && r->due && strcmp(r->due, c->today) >= 0 && strcmp(r->due, c->soon) <= 0)
		return REMIND_DUE_SOON;
	if (r->verification && !strcmp(r->verification, "awaiting"))
		return REMIND_AWAITING;
	/* the latest change or note, as a day; none at all counts as no update */
	const char *last = r->updated_at;
	if (r->last_note_at && (!last || strcmp(r->last_note_at, last) > 0))
		last = r->last_note_at;
	if (open && (!last || strncmp(last, c->stale, 10) < 0))
		return REMIND_STALE;
	return -1;
}

static int remind_row(const query_action *r, void *vctx)
{
	remind_ctx *c = vctx;
	int k = remind_kind_of(c, r);
	if (k < 0)
		return 0;
	char key[KEY_LEN];
	key_format(key, sizeof key, r->establishment, r->cycle, r->action_id);
	XGROW(c->lines, c->nlines, c->cap);
	c->lines[c->nlines++] = (remind_line){xstrdup(key), xstrdup(r->text ? r->text : ""),
					      xstrdup(r->due ? r->due : ""), (remind_kind)k};
	return 0;
}

static int remind_cmp(const void *a, const void *b)
{
	const remind_line *x = a, *y = b;
	return (int)x->kind - (int)y->kind; /* qsort is not stable: see remind_sort */
}

/* By kind, keeping plan order within a kind (an insertion sort: the lists are short). */
static void remind_sort(remind_line *l, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		remind_line t = l[i];
		size_t j = i;
		for (; j > 0 && remind_cmp(&l[j - 1], &t) > 0; j--)
			l[j] = l[j - 1];
		l[j] = t;
	}
}

static void remind_free_lines(remind_ctx *c)
{
	for (size_t i = 0; i < c->nlines; i++)
		free(c->lines[i].key), free(c->lines[i].text), free(c->lines[i].due);
	free(c->lines);
}

/* The addresses of owner o: its own and its users', each once. */
static void remind_addresses(const model_config *cfg, const model_owner *o, remind_owner *out)
{
	out->naddr = 0;
	const char *cand[REMIND_MAX_ADDR];
	size_t n = 0;
	if (o->email)
		cand[n++] = o->email;
	for (size_t i = 0; i < cfg->nusers && n < REMIND_MAX_ADDR; i++) {
		const model_user *u = &cfg->users[i];
		for (size_t j = 0; u->email && j < u->nowners; j++) {
			const char *canon = model_owner_canonical(cfg, u->owners[j]);
			if (canon && !strcmp(canon, o->name)) {
				cand[n++] = u->email;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < out->naddr; j++)
			seen = seen || !strcmp(out->addr[j], cand[i]);
		if (!seen)
			out->addr[out->naddr++] = cand[i];
	}
}

int remind_collect(store *st, const model_config *cfg, date_t today, int days, remind_fn fn,
		   void *ctx, ab_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < cfg->nowners && !rc; i++) {
		const model_owner *o = &cfg->owners[i];
		remind_ctx c = {0};
		date_format_iso(today, c.today);
		date_format_iso(date_from_days(date_to_days(today) + days), c.soon);
		date_format_iso(date_from_days(date_to_days(today) - REMIND_STALE_DAYS), c.stale);
		query_filter f = {.owner = o->name, .today = today};
		rc = query_actions(st, &f, remind_row, &c, err);
		if (!rc && c.nlines) {
			remind_sort(c.lines, c.nlines);
			remind_owner ro = {.owner = o->name, .lines = c.lines, .nlines = c.nlines};
			remind_addresses(cfg, o, &ro);
			rc = fn(&ro, ctx);
		}
		remind_free_lines(&c);
	}
	return rc;
}

/* ---- the message ------------------------------------------------------------------------ */

static bool remind_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7F || (unsigned char)*s < 0x20)
			return false;
	return true;
}

/* RFC 2047 encoded-words (base64, UTF-8) for a header's text, each at most 75 characters
 * and never splitting a character, folded onto continuation lines. */
static void remind_encoded(util_buf *b, const char *s)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len = strlen(s);
	for (size_t at = 0, words = 0; at < len; words++) {
		size_t take = 0; /* at most 45 bytes: 60 base64 characters in the word */
		while (at + take < len) {
			size_t ch = 1;
			while (at + take + ch < len && ((unsigned char)s[at + take + ch] & 0xC0) == 0x80)
				ch++;
			if (take + ch > 45)
				break;
			take += ch;
		}
		util_buf_puts(b, words ? "\n =?UTF-8?B?" : "=?UTF-8?B?");
		const unsigned char *p = (const unsigned char *)s + at;
		for (size_t i = 0; i < take; i += 3) {
			unsigned v = p[i] << 16 | (i + 1 < take ? p[i + 1] << 8 : 0) |
				     (i + 2 < take ? p[i + 2] : 0);
			char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63],
				     i + 1 < take ? b64[v >> 6 & 63] : '=', i + 2 < take ? b64[v & 63] : '='};
			util_buf_add(b, q, 4);
		}
		util_buf_puts(b, "?=");
		at += take;
	}
}

void remind_message(util_buf *out, const remind_owner *o, const char *from, const char *date,
		   const char *msgid, int days)
{
	char subject[600];
	snprintf(subject, sizeof subject, "Action plan reminder: %zu action%s for %s", o->nlines,
		 o->nlines == 1 ? "" : "s", o->owner);
	util_buf_printf(out, "From: %s\nTo: ", from);
	for (size_t i = 0; i < o->naddr; i++)
		util_buf_printf(out, "%s%s", i ? ",\n " : "", o->addr[i]);
	util_buf_puts(out, "\nSubject: ");
	if (remind_ascii(subject))
		util_buf_puts(out, subject);
	else
		remind_encoded(out, subject);
	util_buf_printf(out,
			"\nDate: %s\nMessage-ID: <%s>\nMIME-Version: 1.0\n"
			"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
			"Auto-Submitted: auto-generated\n\n",
			date, msgid);
	util_buf_puts(out, "These actions of ");
	text_safe_add(out, o->owner, 0);
	util_buf_puts(out, " need attention. Each line starts with the action's key:\n"
			   "actionboard show KEY gives it in full.\n");
	int kind = -1;
	for (size_t i = 0; i < o->nlines; i++) {
		const remind_line *l = &o->lines[i];
		if ((int)l->kind != kind) {
			char head[64];
			remind_kind_words(l->kind, days, head, sizeof head);
			util_buf_printf(out, "\n%s\n", head);
			kind = (int)l->kind;
		}
		/* "KEY  due DATE  TEXT…": the text made one safe line, cut to 60 columns */
		util_buf line = {0};
		text_safe_add(&line, l->text, 0);
		int used;
		size_t fit = line.s ? text_fit(line.s, 60, &used) : 0;
		util_buf_printf(out, "  %s  due %s  %.*s%s\n", l->key, l->due[0] ? l->due : "none",
				(int)fit, line.s ? line.s : "", line.s && line.s[fit] ? "…" : "");
		util_buf_free(&line);
	}
	util_buf_puts(out, "\n-- \nSent by actionboard remind.\n");
}
