#include "amend.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "date.h"
#include "judge.h"
#include "key.h"
#include "model.h"
#include "store_priv.h"
#include "util.h"

bool amend_id_reserved(const char *id)
{
	const char *dot = strrchr(id, '.');
	const char *p = dot ? dot + 1 : id;
	if (*p != 'A' && *p != 'a')
		return false;
	if (!isdigit((unsigned char)p[1]))
		return false;
	for (p++; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

static int amend_check(const amend_change *c, bool add, ab_err *err)
{
	if (add && (!c->text || !c->target || !c->owners || !c->nowners))
		return err_set(err, EX_DATAERR, "a new action needs its text, an owner and a target");
	if (c->text && !c->text[strspn(c->text, " \t\r\n")])
		return err_set(err, EX_DATAERR, "an action needs some text");
	if (c->target && !c->target[strspn(c->target, " \t\r\n")])
		return err_set(err, EX_DATAERR, "an action needs a target (as a plan would word it)");
	if (c->owners && (!c->nowners || c->nowners > AMEND_MAX_OWNERS))
		return err_set(err, EX_DATAERR, "an action has 1 to %d owners", AMEND_MAX_OWNERS);
	if (action_check_text("the text", c->text, err) ||
	    action_check_text("the target", c->target, err))
		return err->code;
	return 0;
}

/* The owner named `name` (or an alias): its id, its name into canon; 0 when unknown. */
static int64_t amend_owner(store *st, const char *name, char canon[256], ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT id, name FROM owner WHERE name = ?1 UNION ALL SELECT o.id, o.name"
			  " FROM owner_alias a JOIN owner o ON o.id = a.owner_id WHERE a.alias = ?1"
			  " LIMIT 1",
			  &s, err))
		return -1;
	store_bind_text(s, 1, name);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (id)
		snprintf(canon, 256, "%s", store_col(s, 1));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading owners"), -1;
	if (!id)
		err_set(err, EX_DATAERR, "unknown owner '%s' (actionboard owners lists them)", name);
	return id ? id : -1;
}

static int amend_exec(store *st, const char *sql, int64_t a, int64_t b, const char *t1,
		      const char *t2, const char *t3, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	/* ?1, ?2 integers, ?3 to ?5 texts: those the statement has */
	int params = sqlite3_bind_parameter_count(s);
	const char *texts[] = {t1, t2, t3};
	for (int i = 1; i <= params; i++)
		if (i <= 2)
			sqlite3_bind_int64(s, i, i == 1 ? a : b);
		else
			store_bind_text(s, i, texts[i - 3]);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing the amendment");
}

/* Replaces the action's owners; *shown gets them as history shows them ("A; B"). */
static int amend_set_owners(store *st, int64_t action, const amend_change *c, util_buf *shown,
			    ab_err *err)
{
	util_buf names = {0};
	int rc = amend_exec(st, "DELETE FROM action_owner WHERE action_id = ?1", action, 0, NULL,
			    NULL, NULL, err);
	for (size_t i = 0; !rc && i < c->nowners; i++) {
		char canon[256];
		int64_t id = amend_owner(st, c->owners[i], canon, err);
		if (id < 0) {
			rc = err->code;
			break;
		}
		char pos[24]; /* the owner's place in the list given */
		snprintf(pos, sizeof pos, "%zu", i);
		rc = amend_exec(st, "INSERT OR IGNORE INTO action_owner(action_id, owner_id, position)"
			       " VALUES (?1, ?2, CAST(?3 AS INTEGER))", action, id, pos, NULL, NULL,
			       err);
		if (!rc) {
			if (names.len)
				util_buf_add(&names, "\x1f", 1);
			util_buf_puts(&names, canon);
			util_buf_printf(shown, "%s%s", i ? "; " : "", canon);
		}
	}
	if (!rc)
		rc = amend_exec(st, "UPDATE action SET owner_names = ?3 WHERE id = ?1", action, 0,
				names.s ? names.s : "", NULL, NULL, err);
	util_buf_free(&names);
	return rc;
}

/* The history event of an amendment, as a definition change by the user. */
static int amend_log(store *st, int64_t action, const char *now, const char *user,
		     const char *field, const char *old, const char *new_, const char *note,
		     ab_err *err)
{
	return action_log(st, action, now, user, "sync", field, old, new_, note, err);
}

static int amend_stamp(store *st, int64_t action, const char *user, const char *now,
		       ab_err *err)
{
	return amend_exec(st,
			  "UPDATE action SET amended_by = ?3, amended_at = ?4, version = version + 1,"
			  " updated_by = ?3, updated_at = ?4 WHERE id = ?1",
			  action, 0, user, now, NULL, err);
}

/* What amend_item_may checks, and where it leaves the item's id. */
typedef struct amend_item_want {
	const action_actor *who;
	const char *item_key;
	int64_t *item;
} amend_item_want;

/* store_check_fn: the item exists and who may amend its plan. */
static int amend_item_may(store *st, void *ctx, ab_err *err)
{
	amend_item_want *w = ctx;
	if (judge_find_item(st, w->item_key, w->item, err))
		return err->code;
	return auth_check_amend(st, w->who->login, w->who->cfg, w->item_key, err);
}

int amend_add(store *st, const action_actor *who, const char *item_key, const amend_change *c,
	      char key_out[ACTION_KEY_LEN], ab_err *err)
{
	if (amend_check(c, true, err))
		return err->code;
	key_parts k;
	if (key_parse(item_key, KEY_ITEM, &k, err))
		return err->code;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	int64_t item;
	amend_item_want want = {who, item_key, &item};
	if (store_begin_checked(st, amend_item_may, &want, err))
		return err->code;
	/* The next free "REF.A<n>" of the item, and a place after its plan's actions. */
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT i.cycle_id, i.ref, coalesce((SELECT max(CAST(substr(a.action_id,"
			  " length(i.ref) + 3) AS INTEGER)) FROM action a WHERE a.item_id = i.id"
			  " AND a.origin = 'amendment'), 0) + 1, coalesce((SELECT max(position)"
			  " FROM action a WHERE a.item_id = i.id), 0) FROM item i WHERE i.id = ?1",
			  &s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, item);
	int64_t cycle = 0, n = 0, pos = 0;
	char id[KEY_ID_MAX];
	if (sqlite3_step(s) == SQLITE_ROW) {
		cycle = sqlite3_column_int64(s, 0);
		snprintf(id, sizeof id, "%s.A%lld", store_col(s, 1),
			 (long long)(n = sqlite3_column_int64(s, 2)));
		pos = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (!cycle) {
		store_fail(st, err, "reading the item");
		goto fail;
	}
	date_target t;
	date_parse_target(c->target, &t);
	char due[DATE_ISO_LEN] = "";
	if (t.has_due)
		date_format_iso(t.due, due);
	if (store_prepare(st,
			  "INSERT INTO action(cycle_id, item_id, action_id, position, text, target, due,"
			  " status, origin, amended_by, amended_at, updated_by, updated_at)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'amendment', ?9, ?10, ?9, ?10)"
			  " RETURNING id",
			  &s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, cycle);
	sqlite3_bind_int64(s, 2, item);
	store_bind_text(s, 3, id);
	sqlite3_bind_int64(s, 4, pos + 1);
	store_bind_text(s, 5, c->text);
	store_bind_text(s, 6, c->target);
	store_bind_text(s, 7, due[0] ? due : NULL);
	store_bind_text(s, 8, t.status ? t.status : model_status_name(STATUS_PLANNED));
	store_bind_text(s, 9, who->login);
	store_bind_text(s, 10, now);
	int rc = sqlite3_step(s);
	int64_t action = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, "writing the amendment");
		goto fail;
	}
	util_buf shown = {0};
	/* the new text is searchable, as sync indexes the actions it makes */
	rc = amend_exec(st, "INSERT INTO text_search(rowid, body) VALUES (?1 * 4 + 2, ?3)", action,
			0, c->text, NULL, NULL, err) ||
	     amend_set_owners(st, action, c, &shown, err) ||
	     amend_log(st, action, now, who->login, "amendment created", NULL, c->text, NULL, err) ||
	     amend_log(st, action, now, who->login, "amendment owners", NULL, shown.s, NULL, err) ||
	     amend_log(st, action, now, who->login, "amendment target", NULL, c->target, NULL, err);
	util_buf_free(&shown);
	if (rc)
		goto fail;
	key_format(key_out, ACTION_KEY_LEN, k.establishment, k.cycle, id);
	return store_commit(st, err);
fail:
	store_rollback(st);
	return err->code;
}

/* What amend_action_may checks, and where it leaves the action's state. */
typedef struct amend_action_want {
	const action_actor *who;
	const char *key;
	action_state *cur;
} amend_action_want;

/* store_check_fn: the action exists, is an amendment, and who may change it. */
static int amend_action_may(store *st, void *ctx, ab_err *err)
{
	amend_action_want *w = ctx;
	char item_key[KEY_LEN];
	sqlite3_stmt *s = NULL;
	if (action_get(st, w->key, w->cur, err) ||
	    store_prepare(st,
			  "SELECT a.origin, e.code, c.code, i.ref FROM action a"
			  " JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
			  " JOIN establishment e ON e.id = c.establishment_id WHERE a.id = ?1",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, w->cur->id);
	bool amendment = false;
	if (sqlite3_step(s) == SQLITE_ROW) {
		amendment = !strcmp(store_col(s, 0), "amendment");
		key_format(item_key, sizeof item_key, store_col(s, 1), store_col(s, 2), store_col(s, 3));
	}
	sqlite3_finalize(s);
	if (!amendment)
		return err_set(err, EX_DATAERR,
			       "%s comes from its plan file: change it there and sync (only actions "
			       "added with actionboard action add are changed here)",
			       w->key);
	return auth_check_amend(st, w->who->login, w->who->cfg, item_key, err);
}

/* The action, which must be an amendment the user may change: checked before the write
 * lock and again under it (store_begin_checked). */
static int amend_begin(store *st, const action_actor *who, const char *key, action_state *cur,
		       ab_err *err)
{
	amend_action_want want = {who, key, cur};
	return store_begin_checked(st, amend_action_may, &want, err);
}

/* The action's current text and target, copied (caller frees). */
static int amend_current(store *st, int64_t id, char **text, char **target, char **owners,
			 ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, "SELECT text, target, replace(owner_names, char(31), '; ')"
			  " FROM action WHERE id = ?1", &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		int e = rc == SQLITE_DONE ? err_set(err, EX_DATAERR, "the action is no longer there")
					  : store_fail(st, err, "reading the action");
		sqlite3_finalize(s);
		return e;
	}
	*text = xstrdup(store_col(s, 0));
	*target = xstrdup(store_col(s, 1));
	*owners = xstrdup(store_col(s, 2));
	sqlite3_finalize(s);
	return 0;
}

int amend_edit(store *st, const action_actor *who, const char *key, const amend_change *c,
	       ab_err *err)
{
	if (!c->text && !c->target && !c->owners)
		return err_set(err, EX_USAGE, "say what changes: --text, --owner or --target");
	if (amend_check(c, false, err))
		return err->code;
	action_state cur;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (amend_begin(st, who, key, &cur, err))
		return err->code;
	char *text = NULL, *target = NULL, *owners = NULL;
	util_buf shown = {0};
	int rc = amend_current(st, cur.id, &text, &target, &owners, err);
	if (!rc && c->text && strcmp(c->text, text))
		rc = amend_exec(st, "UPDATE action SET text = ?3 WHERE id = ?1", cur.id, 0, c->text,
				NULL, NULL, err) ||
		     amend_log(st, cur.id, now, who->login, "amendment text", text, c->text, NULL, err);
	if (!rc && c->target && strcmp(c->target, target)) {
		date_target t;
		date_parse_target(c->target, &t);
		char due[DATE_ISO_LEN] = "";
		if (t.has_due)
			date_format_iso(t.due, due);
		rc = amend_exec(st, "UPDATE action SET target = ?3, due = ?4 WHERE id = ?1", cur.id, 0,
				c->target, due[0] ? due : NULL, NULL, err) ||
		     amend_log(st, cur.id, now, who->login, "amendment target", target, c->target,
			       NULL, err);
	}
	if (!rc && c->owners) {
		rc = amend_set_owners(st, cur.id, c, &shown, err);
		if (!rc && strcmp(shown.s ? shown.s : "", owners))
			rc = amend_log(st, cur.id, now, who->login, "amendment owners", owners, shown.s,
				       NULL, err);
	}
	if (!rc)
		rc = amend_stamp(st, cur.id, who->login, now, err);
	free(text), free(target), free(owners);
	util_buf_free(&shown);
	if (rc) {
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}

int amend_retire(store *st, const action_actor *who, const char *key, const char *reason,
		 ab_err *err)
{
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(err, EX_DATAERR, "retiring an action needs a reason");
	if (action_check_text("the reason", reason, err))
		return err->code;
	action_state cur;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (amend_begin(st, who, key, &cur, err))
		return err->code;
	if (amend_exec(st, "UPDATE action SET retired = 1 WHERE id = ?1", cur.id, 0, NULL, NULL,
		       NULL, err) ||
	    amend_log(st, cur.id, now, who->login, "amendment retired", "0", "1", reason, err) ||
	    amend_stamp(st, cur.id, who->login, now, err)) {
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}
