/* judge — see judge.h. */
#include "judge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess_sql.h"
#include "auth.h"
#include "clock.h"
#include "key.h"
#include "store_priv.h"

/* ---- the words ------------------------------------------------------------------------- */

static const char *const judge_source_names[JUDGE_SOURCES] = {"irp", "inspection", "self"};

static const char *const judge_irp_values[] = {"no_meaningful_progress",
					       "insufficient_progress", "reasonable_progress",
					       "good_progress", NULL};
static const char *const judge_outcome_values[] = {"not_achieved", "partially_achieved",
						   "achieved", NULL};

static const char *judge_source_name(judge_source s)
{
	return (unsigned)s < JUDGE_SOURCES ? judge_source_names[s] : "?";
}

int judge_source_parse(const char *name)
{
	for (int i = 0; name && i < JUDGE_SOURCES; i++)
		if (!strcmp(name, judge_source_names[i]))
			return i;
	return -1;
}

const char *judge_source_label(judge_source s)
{
	switch (s) {
	case JUDGE_IRP: return "HMIP at the IRP";
	case JUDGE_INSPECTION: return "HMIP at the next inspection";
	case JUDGE_SELF: return "the establishment's own assessment";
	default: return "?";
	}
}

const char *const *judge_values(judge_source s)
{
	return s == JUDGE_IRP ? judge_irp_values : judge_outcome_values;
}

bool judge_value_valid(judge_source s, const char *value)
{
	if ((unsigned)s >= JUDGE_SOURCES || !value)
		return false;
	for (const char *const *v = judge_values(s); *v; v++)
		if (!strcmp(*v, value))
			return true;
	return false;
}

const char *judge_value_parse(judge_source s, const char *text)
{
	char norm[64];
	size_t j = 0;
	bool gap = false;
	if ((unsigned)s >= JUDGE_SOURCES || !text)
		return NULL;
	for (const char *p = text; *p; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + ('a' - 'A')) : *p;
		if (c < 'a' || c > 'z') {
			if (c != ' ' && c != '\t' && c != '_' && c != '-')
				return NULL; /* a letter from elsewhere, a digit, punctuation: no value */
			gap = j > 0;
			continue;
		}
		if (j + 2 >= sizeof norm)
			return NULL;
		if (gap)
			norm[j++] = '_';
		gap = false;
		norm[j++] = c;
	}
	norm[j] = 0;
	for (const char *const *v = judge_values(s); *v; v++)
		if (!strcmp(*v, norm))
			return *v;
	return NULL;
}

const char *judge_value_words(const char *value)
{
	static const struct { const char *value, *words; } w[] = {
		{"no_meaningful_progress", "no meaningful progress"},
		{"insufficient_progress", "insufficient progress"},
		{"reasonable_progress", "reasonable progress"},
		{"good_progress", "good progress"},
		{"achieved", "achieved"},
		{"partially_achieved", "partially achieved"},
		{"not_achieved", "not achieved"},
	};
	for (size_t i = 0; value && i < sizeof w / sizeof w[0]; i++)
		if (!strcmp(w[i].value, value))
			return w[i].words;
	return value ? value : "none";
}

/* ---- the item a key names ---------------------------------------------------------------- */

int judge_find_item(store *st, const char *item_key, int64_t *id, ab_err *err)
{
	key_parts k;
	if (key_parse(item_key, KEY_ITEM, &k, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT i.id, i.retired OR c.retired FROM item i"
			  " JOIN cycle c ON c.id = i.cycle_id"
			  " JOIN establishment e ON e.id = c.establishment_id"
			  " WHERE e.code = ?1 AND c.code = ?2 AND i.ref = ?3",
			  &s, err))
		return err->code;
	store_bind_text(s, 1, k.establishment);
	store_bind_text(s, 2, k.cycle);
	store_bind_text(s, 3, k.id);
	int rc = sqlite3_step(s);
	bool retired = rc == SQLITE_ROW && sqlite3_column_int(s, 1);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return err_set(err, EX_DATAERR, "no such item '%s'", item_key);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "reading");
	if (retired)
		return err_set(err, EX_DATAERR, "item %s was retired (it left the plan's YAML)",
			       item_key);
	return 0;
}

int judge_check_permission(store *st, const action_actor *who, const char *item_key,
			   ab_err *err)
{
	int64_t item;
	judge_want want = {who, item_key, &item};
	return judge_may_write(st, &want, err);
}

int judge_may_write(store *st, void *ctx, ab_err *err)
{
	judge_want *w = ctx;
	if (judge_find_item(st, w->key, w->item, err))
		return err->code;
	return auth_check_item(st, w->who->login, w->who->cfg, w->key, *w->item, err);
}

/* ---- recording ------------------------------------------------------------------------------- */

static int judge_insert(store *st, int64_t item, const judge_entry *e, const char *origin,
			const char *user, const char *now, ab_err *err)
{
	char date[DATE_ISO_LEN];
	date_format_iso(e->date, date);
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO judgement(item_id, source, value, date, note, origin,"
			  " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, item);
	store_bind_text(s, 2, judge_source_name(e->source));
	store_bind_text(s, 3, e->value);
	store_bind_text(s, 4, date);
	store_bind_text(s, 5, e->note && *e->note ? e->note : NULL);
	store_bind_text(s, 6, origin);
	store_bind_text(s, 7, user);
	store_bind_text(s, 8, now);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing the judgement");
}

/* What a judgement must be before anything is written. */
static int judge_check(const judge_entry *e, date_t today, ab_err *err)
{
	if ((unsigned)e->source >= JUDGE_SOURCES)
		return err_set(err, EX_DATAERR, "unknown source of a judgement (irp, inspection, self)");
	if (!judge_value_valid(e->source, e->value)) {
		char list[256] = "";
		for (const char *const *v = judge_values(e->source); *v; v++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				 *list ? ", " : "", *v);
		return err_set(err, EX_DATAERR, "'%s' is not a judgement of %s (%s)",
			       e->value ? e->value : "", judge_source_name(e->source), list);
	}
	if (!date_valid(e->date))
		return err_set(err, EX_DATAERR, "not a valid date");
	/* A note is shown wherever a note is: the same rule as an action's (action.h). */
	if (action_check_text("the note", e->note, err))
		return err->code;
	if (date_cmp(e->date, judge_latest_day(today)) > 0)
		return err_set(err, EX_DATAERR, "a judgement's date cannot be after today");
	return 0;
}

date_t judge_latest_day(date_t today)
{
	/* The system clock's day bounds it too: a --today pinned in the future must not date
	 * a judgement that would then outrank every real one (docs/SECURITY.md, 11). The
	 * clock's day is the local one, like every day (date.h). */
	date_t clock_day = date_system_today();
	if (date_cmp(clock_day, today) < 0)
		today = clock_day;
	return today;
}

int judge_record(store *st, const action_actor *who, const char *item_key, const judge_entry *e,
		 date_t today, ab_err *err)
{
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (judge_check(e, today, err))
		return err->code;
	int64_t item;
	judge_want want = {who, item_key, &item};
	if (store_begin_checked(st, judge_may_write, &want, err))
		return err->code;
	if (judge_insert(st, item, e, "user", who->login, now, err)) {
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}

/* ---- history ----------------------------------------------------------------------------------- */

/* Both tables as one stream of events, in the order they were recorded. */
static const char judge_history_sql[] =
	"SELECT j.recorded_at, j.recorded_by, 'judgement', j.source || ' ' || j.date,"
	" (SELECT p.value FROM judgement p WHERE p.item_id = j.item_id AND p.source = j.source"
	"   AND p.id < j.id ORDER BY p.id DESC LIMIT 1),"
	" j.value, j.note, 0, j.id FROM judgement j WHERE j.item_id = ?1"
	" UNION ALL "
	"SELECT w.recorded_at, w.recorded_by, 'judgement', j.source || ' ' || j.date, j.value,"
	" NULL, 'withdrawn: it left the plan''s file', 0, j.id FROM judgement_withdrawal w"
	" JOIN judgement j ON j.id = w.judgement_id WHERE j.item_id = ?1"
	" UNION ALL "
	"SELECT l.changed_at, l.changed_by, 'link', NULL,"
	" " ASSESS_ITEM_KEY("(SELECT p.earlier_id FROM item_link p WHERE p.item_id = l.item_id"
			     " AND p.id < l.id ORDER BY p.id DESC LIMIT 1)") ","
	" " ASSESS_ITEM_KEY("l.earlier_id") ", CASE l.origin WHEN 'plan' THEN 'from the plan'"
	" END, 1, l.id FROM item_link l WHERE l.item_id = ?1"
	" ORDER BY 1, 8, 9";

int judge_history(store *st, const char *item_key, action_event_fn fn, void *ctx, ab_err *err)
{
	int64_t item;
	if (judge_find_item(st, item_key, &item, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st, judge_history_sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, item);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* judgements and links have no event id (two tables) and nothing reverses them */
		action_event e = {.at = store_col(s, 0), .user = store_col(s, 1),
				  .kind = store_col(s, 2), .field = store_col(s, 3),
				  .old = store_col(s, 4), .new_ = store_col(s, 5),
				  .note = store_col(s, 6)};
		cbrc = fn(&e, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading the item's history");
}

/* ---- the plans' own judgements --------------------------------------------------------------- */

typedef struct judge_sync_ctx {
	store *st;
	sqlite3_stmt *item, *exists, *urgent, *stated, *withdraw;
	const char *user, *now;
	sync_stats *stats;
	ab_err *err;
} judge_sync_ctx;

/* The live item `ref` of a plan; 0 when absent, -1 on error. */
static int64_t judge_sync_item(judge_sync_ctx *c, const model_plan *p, const char *ref)
{
	sqlite3_stmt *s = c->item;
	sqlite3_reset(s);
	store_bind_text(s, 1, p->establishment);
	store_bind_text(s, 2, p->cycle);
	store_bind_text(s, 3, ref);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(c->st, c->err, "syncing judgements"), -1;
	return id;
}

/* Adds one judgement of the YAML unless the plan already recorded exactly it. */
static int judge_sync_one(judge_sync_ctx *c, int64_t item, const model_judgement *j)
{
	sqlite3_stmt *s = c->exists;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, item);
	store_bind_text(s, 2, j->source);
	store_bind_text(s, 3, j->value);
	store_bind_text(s, 4, j->date);
	store_bind_text(s, 5, j->note && *j->note ? j->note : NULL);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(c->st, c->err, "syncing judgements");
	judge_entry e = {.source = (judge_source)judge_source_parse(j->source), .value = j->value,
			 .note = j->note};
	date_parse_iso(j->date, &e.date);
	if (judge_insert(c->st, item, &e, "plan", c->user, c->now, c->err))
		return c->err->code;
	c->stats->added++;
	return 0;
}

/* Whether the plan's YAML still states this judgement (item ref, source, value, date,
 * note: what judge_sync_one compares). */
static bool judge_stated(const model_plan *p, sqlite3_stmt *s)
{
	const char *note = store_col(s, 5);
	for (size_t i = 0; i < p->nitems; i++) {
		const model_item *it = &p->items[i];
		if (strcmp(it->ref, store_col(s, 1)))
			continue;
		for (size_t j = 0; j < it->njudgements; j++) {
			const model_judgement *g = &it->judgements[j];
			const char *gnote = g->note && *g->note ? g->note : NULL;
			if (!strcmp(g->source, store_col(s, 2)) && !strcmp(g->value, store_col(s, 3)) &&
			    !strcmp(g->date, store_col(s, 4)) &&
			    (gnote && note ? !strcmp(gnote, note) : gnote == note))
				return true;
		}
	}
	return false;
}

/*
 * The plan's judgements that left its YAML are withdrawn: a row in judgement_withdrawal
 * (who synced, when), never a deletion, so the history keeps both; a withdrawn judgement
 * counts for nothing (assess_sql.h ASSESS_LIVE). A line put back is a new judgement.
 */
static int judge_sync_withdraw(judge_sync_ctx *c, const model_plan *p)
{
	sqlite3_stmt *s = c->stated;
	sqlite3_int64 *gone = NULL; /* the ids, collected first: the query reads the table written */
	size_t ngone = 0, cap = 0;
	sqlite3_reset(s);
	store_bind_text(s, 1, p->establishment);
	store_bind_text(s, 2, p->cycle);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (judge_stated(p, s))
			continue;
		XGROW(gone, ngone, cap);
		gone[ngone++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(gone);
		return store_fail(c->st, c->err, "reading the plan's judgements");
	}
	for (size_t k = 0; k < ngone; k++) {
		sqlite3_stmt *w = c->withdraw;
		sqlite3_reset(w);
		sqlite3_bind_int64(w, 1, gone[k]);
		store_bind_text(w, 2, c->user);
		store_bind_text(w, 3, c->now);
		if (sqlite3_step(w) != SQLITE_DONE) {
			free(gone);
			return store_fail(c->st, c->err, "withdrawing a judgement");
		}
		c->stats->updated++;
	}
	free(gone);
	return 0;
}

static int judge_sync_plan(judge_sync_ctx *c, const model_plan *p)
{
	sqlite3_stmt *u = c->urgent;
	sqlite3_reset(u);
	store_bind_text(u, 1, p->establishment);
	store_bind_text(u, 2, p->cycle);
	store_bind_text(u, 3, p->urgent_notification[0] ? p->urgent_notification : NULL);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	if (rc != SQLITE_DONE)
		return store_fail(c->st, c->err, "syncing the Urgent Notification");
	c->stats->updated += sqlite3_changes(store_db(c->st));
	for (size_t i = 0; i < p->nitems; i++) {
		const model_item *it = &p->items[i];
		if (!it->njudgements)
			continue;
		int64_t item = judge_sync_item(c, p, it->ref);
		if (item <= 0) /* absent cannot be: sync wrote every item of the plan */
			return item < 0 ? c->err->code
					: err_set(c->err, EX_SOFTWARE, "item %s not written", it->ref);
		for (size_t j = 0; j < it->njudgements; j++)
			if (judge_sync_one(c, item, &it->judgements[j]))
				return c->err->code;
	}
	return judge_sync_withdraw(c, p);
}

int judge_sync(store *st, const model_plan *plan, const char *user, const char *now,
	       sync_stats *stats, ab_err *err)
{
	judge_sync_ctx c = {.st = st, .user = user, .now = now, .stats = stats, .err = err};
	int rc = store_prepare_kept(st,
				    "SELECT i.id FROM item i JOIN cycle c ON c.id = i.cycle_id"
				    " JOIN establishment e ON e.id = c.establishment_id"
				    " WHERE e.code = ?1 AND c.code = ?2 AND i.ref = ?3 AND i.retired = 0",
				    &c.item, err);
	if (!rc)
		rc = store_prepare_kept(st,
					"SELECT 1 FROM judgement j WHERE item_id = ?1 AND source = ?2"
					" AND value = ?3 AND date = ?4 AND note IS ?5 AND origin = 'plan'"
					" AND " ASSESS_LIVE("j"),
					&c.exists, err);
	if (!rc)
		rc = store_prepare_kept(st,
					"SELECT j.id, i.ref, j.source, j.value, j.date, j.note"
					" FROM judgement j JOIN item i ON i.id = j.item_id"
					" JOIN cycle c ON c.id = i.cycle_id"
					" JOIN establishment e ON e.id = c.establishment_id"
					" WHERE e.code = ?1 AND c.code = ?2 AND i.retired = 0"
					" AND j.origin = 'plan' AND " ASSESS_LIVE("j"),
					&c.stated, err);
	if (!rc)
		rc = store_prepare_kept(st,
					"INSERT INTO judgement_withdrawal (judgement_id, recorded_by,"
					" recorded_at) VALUES (?1, ?2, ?3)",
					&c.withdraw, err);
	if (!rc)
		rc = store_prepare_kept(st,
					"UPDATE cycle SET urgent_notification = ?3 WHERE id ="
					" (SELECT c.id FROM cycle c JOIN establishment e"
					"  ON e.id = c.establishment_id WHERE e.code = ?1 AND c.code = ?2)"
					" AND urgent_notification IS NOT ?3",
					&c.urgent, err);
	if (!rc)
		rc = judge_sync_plan(&c, plan);
	/* kept by the store (sync runs this once per plan): reset, never finalized */
	sqlite3_reset(c.item);
	sqlite3_reset(c.exists);
	sqlite3_reset(c.urgent);
	sqlite3_reset(c.stated);
	sqlite3_reset(c.withdraw);
	return rc;
}
