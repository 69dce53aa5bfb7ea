#include "action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "key.h"
#include "rules.h"
#include "store_priv.h"
#include "text.h"

#define ACTION_BY_KEY \
	" FROM action a JOIN cycle c ON c.id = a.cycle_id" \
	" JOIN establishment e ON e.id = c.establishment_id" \
	" WHERE e.code = ?1 AND c.code = ?2 AND a.action_id = ?3"

static int action_bind_key(sqlite3_stmt *s, const char *key, ab_err *err)
{
	key_parts k;
	if (key_parse(key, KEY_ACTION, &k, err))
		return err->code;
	store_bind_text(s, 1, k.establishment);
	store_bind_text(s, 2, k.cycle);
	store_bind_text(s, 3, k.id);
	return 0;
}

int action_get(store *st, const char *key, action_state *out, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT a.id, a.version, a.status, coalesce(a.due_effective, ''),"
			  " coalesce(a.updated_by, ''), coalesce(a.updated_at, ''), a.retired" ACTION_BY_KEY,
			  &s, err))
		return err->code;
	if (action_bind_key(s, key, err)) {
		sqlite3_finalize(s);
		return err->code;
	}
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(s, 0);
		out->version = sqlite3_column_int64(s, 1);
		snprintf(out->status, sizeof out->status, "%s", store_col(s, 2));
		snprintf(out->due, sizeof out->due, "%s", store_col(s, 3));
		snprintf(out->updated_by, sizeof out->updated_by, "%s", store_col(s, 4));
		snprintf(out->updated_at, sizeof out->updated_at, "%s", store_col(s, 5));
		if (sqlite3_column_int(s, 6))
			rc = -1;
	}
	sqlite3_finalize(s);
	if (rc == -1)
		return err_set(err, EX_DATAERR, "action %s was retired (it left the plan's YAML)", key);
	if (rc == SQLITE_DONE)
		return err_set(err, EX_DATAERR, "no such action '%s'", key);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "reading");
	return 0;
}

int action_check_text(const char *what, const char *text, ab_err *err)
{
	size_t at, n;
	uint32_t cp;
	if (!text)
		return 0;
	if (!text_input_ok(text, &at, &cp)) {
		if (cp == TEXT_BAD)
			return err_set(err, EX_DATAERR,
				       "%s is not valid UTF-8: byte 0x%02X at byte offset %zu; nothing "
				       "was written",
				       what, (unsigned char)text[at], at);
		return err_set(err, EX_DATAERR,
			       "%s holds the %s U+%04X at byte offset %zu (only tab and newline "
			       "may be used); nothing was written",
			       what,
			       cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? "control character"
								   : "bidirectional control",
			       (unsigned)cp, at);
	}
	if ((n = text_length(text)) > ACTION_TEXT_MAX)
		return err_set(err, EX_DATAERR,
			       "%s is %zu characters long, more than the %d allowed; nothing was "
			       "written",
			       what, n, ACTION_TEXT_MAX);
	return 0;
}

/* The roles an admin synced into the database decide; see auth.h. */
static int action_permitted(store *st, const action_actor *who, const char *key, int64_t id,
			    ab_err *err)
{
	return auth_check_action(st, who->login, who->cfg, key, id, err);
}

int action_check_permission(store *st, const action_actor *who, const char *key, ab_err *err)
{
	action_state cur;
	if (action_get(st, key, &cur, err))
		return err->code;
	return action_permitted(st, who, key, cur.id, err);
}

/* Who made the action's latest change and when (as people read it), from its history:
 * the action row's own columns are empty until a user first writes to it. */
static void action_last_change(store *st, const action_state *cur, char who[256],
			       char when[CLOCK_SHOW_LEN])
{
	sqlite3_stmt *s;
	snprintf(who, 256, "%s", cur->updated_by[0] ? cur->updated_by : "someone");
	clock_show(cur->updated_at[0] ? cur->updated_at : "an unknown time", when);
	ab_err ignored = {0};
	if (store_prepare(st, "SELECT user, at FROM history WHERE action_id = ?1"
			  " ORDER BY id DESC LIMIT 1", &s, &ignored))
		return;
	sqlite3_bind_int64(s, 1, cur->id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(who, 256, "%s", store_col(s, 0));
		clock_show(store_col(s, 1), when);
	}
	sqlite3_finalize(s);
}

/* What action_may_write checks, and where it leaves the action's state. */
typedef struct action_want {
	const action_actor *who;
	const char *key;
	action_state *cur;
} action_want;

/* store_check_fn: the action exists and the user may change it. */
static int action_may_write(store *st, void *ctx, ab_err *err)
{
	action_want *w = ctx;
	if (action_get(st, w->key, w->cur, err))
		return err->code;
	return action_permitted(st, w->who, w->key, w->cur->id, err);
}

int action_begin(store *st, const action_actor *who, const char *key,
			int64_t expected_version, action_state *cur, ab_err *err)
{
	action_want want = {who, key, cur};
	if (store_begin_checked(st, action_may_write, &want, err))
		return err->code;
	if (expected_version > 0 && cur->version != expected_version) {
		char by[256], when[CLOCK_SHOW_LEN];
		action_last_change(st, cur, by, when);
		err_set(err, EX_TEMPFAIL,
			"%s was changed by %s at %s while you were editing: it is now '%s' "
			"(version %lld, you saw %lld); nothing was written",
			key, by, when, cur->status, (long long)cur->version,
			(long long)expected_version);
		goto fail;
	}
	return 0;
fail:
	store_rollback(st);
	return err->code;
}

/* What a user's event does to an earlier one (history.field and history.reverses). */
typedef struct action_rev {
	const char *field; /* NULL, "undo", "retract" or "correct" */
	int64_t reverses;  /* 0: none */
} action_rev;

static int action_history_add(store *st, int64_t id, const char *now, const char *user,
			      const char *kind, const char *old, const char *new_,
			      const char *note, action_rev rev, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO history(action_id, at, user, kind, old, new, note, field,"
			  " reverses) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, now);
	store_bind_text(s, 3, user);
	store_bind_text(s, 4, kind);
	store_bind_text(s, 5, old);
	store_bind_text(s, 6, new_);
	store_bind_text(s, 7, note && *note ? note : NULL);
	store_bind_text(s, 8, rev.field);
	if (rev.reverses)
		sqlite3_bind_int64(s, 9, rev.reverses);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing history");
}

int action_log(store *st, int64_t id, const char *now, const char *user, const char *kind,
	       const char *field, const char *old, const char *new_, const char *note,
	       ab_err *err)
{
	return action_history_add(st, id, now, user, kind, old, new_, note, (action_rev){field, 0},
				  err);
}

/* See action.h. */
int action_update(store *st, const char *sql, int64_t id, const char *user, const char *now,
		  const char *v4, const char *v5, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, user);
	store_bind_text(s, 3, now);
	store_bind_text(s, 4, v4);
	store_bind_text(s, 5, v5);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing");
}

/* Reports the state this write made and the status and due date it replaced (cur), both
 * read inside its transaction: after the commit another writer's change could be taken
 * for ours. Then commits. */
static int action_finish(store *st, const char *key, const action_state *cur,
			 action_state *out, ab_err *err)
{
	if (out && action_get(st, key, out, err)) {
		store_rollback(st);
		return err->code;
	}
	if (out) {
		snprintf(out->was_status, sizeof out->was_status, "%s", cur->status);
		snprintf(out->was_due, sizeof out->was_due, "%s", cur->due);
	}
	return store_commit(st, err);
}

int action_set_status(store *st, const action_actor *who, const char *key,
		      int64_t expected_version, model_status status, const char *note,
		      action_state *out, ab_err *err)
{
	action_state cur;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if ((unsigned)status >= STATUS_COUNT)
		return err_set(err, EX_DATAERR, "unknown status");
	if (action_check_text("the note", note, err))
		return err->code;
	if (action_begin(st, who, key, expected_version, &cur, err))
		return err->code;
	if (action_update(st,
			  "UPDATE action SET status = ?4, version = version + 1, updated_by = ?2,"
			  " updated_at = ?3 WHERE id = ?1",
			  cur.id, who->login, now, model_status_name(status), NULL, err) ||
	    action_history_add(st, cur.id, now, who->login, "status", cur.status,
			       model_status_name(status), note, (action_rev){0}, err)) {
		store_rollback(st);
		return err->code;
	}
	return action_finish(st, key, &cur, out, err);
}

int action_add_note(store *st, const action_actor *who, const char *key, const char *text,
		    action_state *out, ab_err *err)
{
	action_state cur;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (!text || !text[strspn(text, " \t\r\n")])
		return err_set(err, EX_DATAERR, "a note needs some text");
	if (action_check_text("the note", text, err))
		return err->code;
	if (action_begin(st, who, key, 0, &cur, err))
		return err->code;
	/* A note changes no field, but it is news: bump the version so other screens refresh. */
	if (action_update(st,
			  "UPDATE action SET version = version + 1, updated_by = ?2, updated_at = ?3"
			  " WHERE id = ?1",
			  cur.id, who->login, now, NULL, NULL, err) ||
	    action_history_add(st, cur.id, now, who->login, "note", NULL, NULL, text,
			       (action_rev){0}, err)) {
		store_rollback(st);
		return err->code;
	}
	return action_finish(st, key, &cur, out, err);
}

int action_revise_due(store *st, const action_actor *who, const char *key,
		      int64_t expected_version, date_t due, const char *reason,
		      action_state *out, ab_err *err)
{
	action_state cur;
	char now[CLOCK_ISO_LEN], iso[DATE_ISO_LEN];
	clock_now(now);
	if (!date_valid(due))
		return err_set(err, EX_DATAERR, "not a valid date");
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(err, EX_DATAERR, "a revised due date needs a reason");
	if (action_check_text("the reason", reason, err))
		return err->code;
	date_format_iso(due, iso);
	if (action_begin(st, who, key, expected_version, &cur, err))
		return err->code;
	if (action_update(st,
			  "UPDATE action SET due_revised = ?4, due_reason = ?5, version = version + 1,"
			  " updated_by = ?2, updated_at = ?3 WHERE id = ?1",
			  cur.id, who->login, now, iso, reason, err) ||
	    action_history_add(st, cur.id, now, who->login, "due", cur.due[0] ? cur.due : NULL, iso,
			       reason, (action_rev){0}, err)) {
		store_rollback(st);
		return err->code;
	}
	return action_finish(st, key, &cur, out, err);
}

int action_history(store *st, const char *key, action_event_fn fn, void *ctx, ab_err *err)
{
	action_state cur;
	if (action_get(st, key, &cur, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT h.at, h.user, h.kind, h.field, h.old, h.new, h.note, h.id,"
			  " coalesce(h.reverses, 0), coalesce(r.id, 0), r.field"
			  " FROM history h LEFT JOIN history r ON r.reverses = h.id"
			  " WHERE h.action_id = ?1 ORDER BY h.id",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur.id);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		action_event e = {store_col(s, 0), store_col(s, 1), store_col(s, 2), store_col(s, 3),
				  store_col(s, 4), store_col(s, 5), store_col(s, 6),
				  sqlite3_column_int64(s, 7), sqlite3_column_int64(s, 8),
				  sqlite3_column_int64(s, 9), store_col(s, 10)};
		cbrc = fn(&e, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading history");
}

/* ---- undo, retract, correct ------------------------------------------------------------ */

action_event action_change_event(const action_change *c)
{
	return (action_event){.at = c->at, .user = c->user, .kind = c->kind,
			      .old = c->old[0] ? c->old : NULL, .new_ = c->new_[0] ? c->new_ : NULL,
			      .note = c->note[0] ? c->note : NULL, .id = c->id};
}

/* Copies the row at columns id, at, user, kind, old, new, note (from `col`) into *c. */
static void action_change_read(sqlite3_stmt *s, int col, action_change *c)
{
	const char *v;
	c->id = sqlite3_column_int64(s, col);
	snprintf(c->at, sizeof c->at, "%s", (v = store_col(s, col + 1)) ? v : "");
	snprintf(c->user, sizeof c->user, "%s", (v = store_col(s, col + 2)) ? v : "");
	snprintf(c->kind, sizeof c->kind, "%s", (v = store_col(s, col + 3)) ? v : "");
	snprintf(c->old, sizeof c->old, "%s", (v = store_col(s, col + 4)) ? v : "");
	snprintf(c->new_, sizeof c->new_, "%s", (v = store_col(s, col + 5)) ? v : "");
	snprintf(c->note, sizeof c->note, "%s", (v = store_col(s, col + 6)) ? v : "");
}

/* A user's events that undo may reverse: plain changes and corrections, not yet reversed. */
#define ACTION_UNDOABLE                                                                   \
	" h.kind IN ('status', 'due', 'note') AND (h.field IS NULL OR h.field = 'correct')" \
	" AND NOT (h.kind = 'note' AND h.note IS NULL)"                                       \
	" AND " RULES_IN_EFFECT("h")

/* The latest undoable change of `login` on action `id`: 1 found, 0 none, -1 error. */
static int action_undoable(store *st, int64_t id, const char *login, action_change *out,
			   ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT h.id, h.at, h.user, h.kind, h.old, h.new, h.note,"
			  " coalesce(h.reverses, 0) FROM history h"
			  " WHERE h.action_id = ?1 AND h.user = ?2 AND" ACTION_UNDOABLE
			  " ORDER BY h.id DESC LIMIT 1",
			  &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, login);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		action_change_read(s, 0, out);
		out->reverses = sqlite3_column_int64(s, 7);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading history"), -1;
	return rc == SQLITE_ROW;
}

int action_undo_find(store *st, const action_actor *who, const char *key, action_change *out,
		     ab_err *err)
{
	action_state cur;
	if (action_get(st, key, &cur, err))
		return err->code;
	int found = action_undoable(st, cur.id, who->login, out, err);
	if (found < 0)
		return err->code;
	if (!found)
		return err_set(err, EX_DATAERR, "%s has no change of yours left to undo", key);
	snprintf(out->key, sizeof out->key, "%s", key);
	return 0;
}

/* Refuses (EX_TEMPFAIL) when someone else changed the same value (kind) after event c. */
static int action_undo_conflict(store *st, const action_state *cur, const action_change *c,
				const char *login, const char *key, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT id, at, user, kind, old, new, note FROM history WHERE action_id = ?1"
			  " AND id > ?2 AND kind = ?3 AND user <> ?4 ORDER BY id DESC LIMIT 1",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur->id);
	sqlite3_bind_int64(s, 2, c->id);
	store_bind_text(s, 3, c->kind);
	store_bind_text(s, 4, login);
	action_change other = {0};
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		action_change_read(s, 0, &other);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading history");
	const char *now = !strcmp(c->kind, "status") ? cur->status : cur->due;
	if (rc == SQLITE_ROW) {
		char when[CLOCK_SHOW_LEN];
		clock_show(other.at, when);
		return err_set(err, EX_TEMPFAIL,
			       "%s: %s changed the %s at %s (%s → %s) after your change; nothing was "
			       "undone",
			       key, other.user, c->kind, when, other.old[0] ? other.old : "none",
			       other.new_[0] ? other.new_ : "none");
	}
	if (strcmp(now, c->new_))
		return err_set(err, EX_TEMPFAIL,
			       "%s: the %s is now %s, not %s as your change left it; nothing was "
			       "undone",
			       key, c->kind, now[0] ? now : "none", c->new_[0] ? c->new_ : "none");
	return 0;
}

/*
 * The due-date event whose date and reason were in effect just before event `target`, 0
 * when the date derived from the target was: the due events replayed in order, each
 * revision putting itself in effect and each undo what was in effect before the event it
 * reverses.
 */
static int action_due_before(store *st, int64_t action, int64_t target, int64_t *out,
			     ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT id, coalesce(reverses, 0) FROM history WHERE action_id = ?1"
			  " AND kind = 'due' AND id <= ?2 ORDER BY id",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, action);
	sqlite3_bind_int64(s, 2, target);
	struct { int64_t id, before; } *seen = NULL;
	size_t n = 0, cap = 0;
	int64_t state = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(seen, n, cap);
		int64_t id = sqlite3_column_int64(s, 0), rev = sqlite3_column_int64(s, 1);
		seen[n].id = id;
		seen[n++].before = state;
		state = id;
		for (size_t i = 0; rev && i < n; i++)
			if (seen[i].id == rev)
				state = seen[i].before;
	}
	sqlite3_finalize(s);
	*out = 0;
	for (size_t i = 0; i < n; i++)
		if (seen[i].id == target)
			*out = seen[i].before;
	free(seen);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading history");
}

/* The undo of a status change: the status it replaced. */
static int action_undo_status(store *st, const action_actor *who, const action_state *cur,
			      const action_change *c, const char *now, ab_err *err)
{
	if (model_status_parse(c->old) < 0)
		return err_set(err, EX_DATAERR, "event #%lld has no earlier status to go back to",
			       (long long)c->id);
	if (action_update(st,
			  "UPDATE action SET status = ?4, version = version + 1, updated_by = ?2,"
			  " updated_at = ?3 WHERE id = ?1",
			  cur->id, who->login, now, c->old, NULL, err))
		return err->code;
	return action_history_add(st, cur->id, now, who->login, "status", cur->status, c->old,
				  NULL, (action_rev){"undo", c->id}, err);
}

/* The undo of a revised due date: the date and reason in effect before it (none: the
 * date derived from the target again). */
static int action_undo_due(store *st, const action_actor *who, const action_state *cur,
			   const action_change *c, const char *now, ab_err *err)
{
	int64_t before = 0;
	sqlite3_stmt *s;
	if (action_due_before(st, cur->id, c->id, &before, err) ||
	    store_prepare(st,
			  "UPDATE action SET due_revised = (SELECT new FROM history WHERE id = ?4),"
			  " due_reason = (SELECT note FROM history WHERE id = ?4),"
			  " version = version + 1, updated_by = ?2, updated_at = ?3 WHERE id = ?1",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur->id);
	store_bind_text(s, 2, who->login);
	store_bind_text(s, 3, now);
	sqlite3_bind_int64(s, 4, before);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	action_state after;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "writing");
	if (action_get(st, c->key, &after, err))
		return err->code;
	return action_history_add(st, cur->id, now, who->login, "due", cur->due[0] ? cur->due : NULL,
				  after.due[0] ? after.due : NULL, NULL, (action_rev){"undo", c->id},
				  err);
}

/* The undo of a note: withdrawn; of a correction: the text it corrected, back. */
static int action_undo_note(store *st, const action_actor *who, const action_state *cur,
			    const action_change *c, int64_t corrected, const char *now,
			    ab_err *err)
{
	if (action_update(st,
			  "UPDATE action SET version = version + 1, updated_by = ?2, updated_at = ?3"
			  " WHERE id = ?1",
			  cur->id, who->login, now, NULL, NULL, err))
		return err->code;
	if (!corrected)
		return action_history_add(st, cur->id, now, who->login, "note", NULL, NULL, NULL,
					  (action_rev){"undo", c->id}, err);
	/* INSERT … SELECT: the earlier text is copied whole, however long. */
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO history(action_id, at, user, kind, note, field, reverses)"
			  " SELECT ?1, ?2, ?3, 'note', note, 'undo', ?4 FROM history WHERE id = ?5",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur->id);
	store_bind_text(s, 2, now);
	store_bind_text(s, 3, who->login);
	sqlite3_bind_int64(s, 4, c->id);
	sqlite3_bind_int64(s, 5, corrected);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing history");
}

int action_undo(store *st, const action_actor *who, const char *key, int64_t event,
		action_change *undone, action_state *out, ab_err *err)
{
	action_state cur;
	action_change c = {0};
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (action_begin(st, who, key, 0, &cur, err))
		return err->code;
	int found = action_undoable(st, cur.id, who->login, &c, err);
	if (found < 0)
		goto fail;
	if (found == 0) {
		err_set(err, event ? EX_TEMPFAIL : EX_DATAERR,
			"%s has no change of yours left to undo%s", key,
			event ? " (it was undone meanwhile)" : "");
		goto fail;
	}
	if (event && c.id != event) {
		err_set(err, EX_TEMPFAIL,
			"%s: your latest change is now #%lld, not #%lld as shown; nothing was undone",
			key, (long long)c.id, (long long)event);
		goto fail;
	}
	if (strcmp(c.kind, "note") && action_undo_conflict(st, &cur, &c, who->login, key, err))
		goto fail;
	snprintf(c.key, sizeof c.key, "%s", key);
	if (!strcmp(c.kind, "status") ? action_undo_status(st, who, &cur, &c, now, err)
	    : !strcmp(c.kind, "due")  ? action_undo_due(st, who, &cur, &c, now, err)
				      : action_undo_note(st, who, &cur, &c, c.reverses, now, err))
		goto fail;
	if (undone)
		*undone = c;
	return action_finish(st, key, &cur, out, err);
fail:
	store_rollback(st);
	return err->code;
}

/* The note event `event` with its action's key, author and state; EX_DATAERR when it is
 * not a note that can be retracted or corrected. */
static int action_note_find(store *st, int64_t event, char key[ACTION_KEY_LEN], char *author,
			    size_t n, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT e.code || '/' || c.code || '/' || a.action_id, h.user, h.kind,"
			  " h.note IS NULL, coalesce(h.field, ''),"
			  " coalesce((SELECT r.id FROM history r WHERE r.reverses = h.id), 0)"
			  " FROM history h JOIN action a ON a.id = h.action_id"
			  " JOIN cycle c ON c.id = a.cycle_id JOIN establishment e ON e.id = c.establishment_id"
			  " WHERE h.id = ?1",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, event);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? err_set(err, EX_DATAERR, "no history event #%lld",
						   (long long)event)
					 : store_fail(st, err, "reading history");
	}
	snprintf(key, ACTION_KEY_LEN, "%s", store_col(s, 0));
	snprintf(author, n, "%s", store_col(s, 1));
	bool note = !strcmp(store_col(s, 2), "note") && !sqlite3_column_int(s, 3);
	bool plain = strcmp(store_col(s, 4), "retract") != 0;
	int64_t by = sqlite3_column_int64(s, 5);
	char kind[16];
	snprintf(kind, sizeof kind, "%s", store_col(s, 2));
	sqlite3_finalize(s);
	if (!note || !plain)
		return err_set(err, EX_DATAERR,
			       "event #%lld of %s is %s, not a note%s", (long long)event, key,
			       !strcmp(kind, "note") ? "a retraction"
			       : !strcmp(kind, "sync") ? "a definition change" : "a change",
			       !strcmp(kind, "status") || !strcmp(kind, "due")
				       ? " (to take it back: actionboard undo KEY)" : "");
	if (by)
		return err_set(err, EX_DATAERR,
			       "note #%lld of %s was already retracted or corrected by #%lld",
			       (long long)event, key, (long long)by);
	return 0;
}

int action_note_revise(store *st, const action_actor *who, int64_t event, const char *text,
		       char key_out[ACTION_KEY_LEN], action_state *out, ab_err *err)
{
	char key[ACTION_KEY_LEN], author[256], now[CLOCK_ISO_LEN];
	action_state cur;
	clock_now(now);
	if (text && !text[strspn(text, " \t\r\n")])
		return err_set(err, EX_DATAERR, "a corrected note needs some text");
	if (action_check_text("the corrected note", text, err))
		return err->code;
	/* First to learn the action; again inside the write, where nobody can retract it
	 * between the check and the write. */
	if (action_note_find(st, event, key, author, sizeof author, err))
		return err->code;
	if (strcmp(author, who->login))
		return err_set(err, EX_NOPERM, "note #%lld of %s is %s's: only its author may %s it",
			       (long long)event, key, author, text ? "correct" : "retract");
	if (action_begin(st, who, key, 0, &cur, err))
		return err->code;
	if (action_note_find(st, event, key, author, sizeof author, err) ||
	    action_update(st,
			  "UPDATE action SET version = version + 1, updated_by = ?2, updated_at = ?3"
			  " WHERE id = ?1",
			  cur.id, who->login, now, NULL, NULL, err) ||
	    action_history_add(st, cur.id, now, who->login, "note", NULL, NULL, text,
			       (action_rev){text ? "correct" : "retract", event}, err)) {
		store_rollback(st);
		return err->code;
	}
	if (key_out)
		snprintf(key_out, ACTION_KEY_LEN, "%s", key);
	return action_finish(st, key, &cur, out, err);
}
