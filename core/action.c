#include "action.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "key.h"
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

/* Begins the write: reads the current state, checks permission and version. */
static int action_begin(store *st, const action_actor *who, const char *key,
			int64_t expected_version, action_state *cur, ab_err *err)
{
	if (store_begin(st, err))
		return err->code;
	if (action_get(st, key, cur, err) || action_permitted(st, who, key, cur->id, err))
		goto fail;
	if (expected_version > 0 && cur->version != expected_version) {
		err_set(err, EX_TEMPFAIL,
			"%s was changed by %s at %s while you were editing: it is now '%s' "
			"(version %lld, you saw %lld); nothing was written",
			key, cur->updated_by[0] ? cur->updated_by : "someone", cur->updated_at,
			cur->status, (long long)cur->version, (long long)expected_version);
		goto fail;
	}
	return 0;
fail:
	store_rollback(st);
	return err->code;
}

static int action_history_add(store *st, int64_t id, const char *now, const char *user,
			      const char *kind, const char *old, const char *new_,
			      const char *note, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO history(action_id, at, user, kind, old, new, note)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, now);
	store_bind_text(s, 3, user);
	store_bind_text(s, 4, kind);
	store_bind_text(s, 5, old);
	store_bind_text(s, 6, new_);
	store_bind_text(s, 7, note && *note ? note : NULL);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing history");
}

/* Runs one UPDATE of the action (?1 id, ?2 user, ?3 time, ?4 and ?5 its own values). */
static int action_update(store *st, const char *sql, int64_t id, const char *user,
			 const char *now, const char *v4, const char *v5, ab_err *err)
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
			       model_status_name(status), note, err)) {
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
	    action_history_add(st, cur.id, now, who->login, "note", NULL, NULL, text, err)) {
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
			       reason, err)) {
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
			  "SELECT at, user, kind, field, old, new, note FROM history"
			  " WHERE action_id = ?1 ORDER BY id",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur.id);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		action_event e = {store_col(s, 0), store_col(s, 1), store_col(s, 2), store_col(s, 3),
				  store_col(s, 4), store_col(s, 5), store_col(s, 6)};
		cbrc = fn(&e, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading history");
}
