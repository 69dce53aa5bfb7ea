#include "verify.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "key.h"
#include "rules.h"
#include "store_priv.h"

int verify_get(store *st, const char *key, verify_state *out, ab_err *err)
{
	key_parts k;
	sqlite3_stmt *s;
	if (key_parse(key, KEY_ACTION, &k, err))
		return err->code;
	if (store_prepare(st,
			  "SELECT a.status, coalesce(" RULES_VERIFICATION("a", "c") ", ''),"
			  " coalesce(a.verified_by, ''), coalesce(a.verified_at, ''), c.verification,"
			  " a.version, coalesce((SELECT h.user FROM history h WHERE h.action_id = a.id"
			  "  AND h.kind = 'status' AND h.new = 'completed' ORDER BY h.id DESC LIMIT 1), ''),"
			  " a.retired FROM action a JOIN cycle c ON c.id = a.cycle_id"
			  " JOIN establishment e ON e.id = c.establishment_id"
			  " WHERE e.code = ?1 AND c.code = ?2 AND a.action_id = ?3",
			  &s, err))
		return err->code;
	store_bind_text(s, 1, k.establishment);
	store_bind_text(s, 2, k.cycle);
	store_bind_text(s, 3, k.id);
	int rc = sqlite3_step(s), retired = 0;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		snprintf(out->status, sizeof out->status, "%s", store_col(s, 0));
		snprintf(out->verification, sizeof out->verification, "%s", store_col(s, 1));
		snprintf(out->verified_by, sizeof out->verified_by, "%s", store_col(s, 2));
		snprintf(out->verified_at, sizeof out->verified_at, "%s", store_col(s, 3));
		out->required = sqlite3_column_int(s, 4);
		out->version = sqlite3_column_int64(s, 5);
		snprintf(out->completed_by, sizeof out->completed_by, "%s", store_col(s, 6));
		retired = sqlite3_column_int(s, 7);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE || retired)
		return err_set(err, EX_DATAERR, "no such action '%s'%s", key,
			       retired ? " (it was retired)" : "");
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, "reading");
}

/* What verify_may checks, and where it leaves the action's state. */
typedef struct verify_want {
	const action_actor *who;
	const char *key;
	action_state *cur;
	verify_state *v;
} verify_want;

/* store_check_fn: the action exists and the user may verify it. */
static int verify_may(store *st, void *ctx, ab_err *err)
{
	verify_want *w = ctx;
	if (action_get(st, w->key, w->cur, err) || verify_get(st, w->key, w->v, err))
		return err->code;
	return auth_check_verify(st, w->who->login, w->who->cfg, w->key, w->cur->id, err);
}

/* The action, its state, and whether who may act on it now: checked before the write lock
 * and again under it (store_begin_checked), so a user who may not verify never holds it. */
static int verify_begin(store *st, const action_actor *who, const char *key, bool reject,
			action_state *cur, verify_state *v, ab_err *err)
{
	verify_want want = {who, key, cur, v};
	if (store_begin_checked(st, verify_may, &want, err))
		return err->code;
	if (model_status_parse(v->status) != STATUS_COMPLETED) {
		err_set(err, EX_DATAERR, "%s is %s, not completed: there is nothing to %s", key,
			v->status, reject ? "reject" : "verify");
		goto fail;
	}
	if (!reject && v->verified_at[0]) {
		char when[CLOCK_SHOW_LEN];
		clock_show(v->verified_at, when);
		err_set(err, EX_DATAERR, "%s was already verified by %s at %s", key, v->verified_by,
			when);
		goto fail;
	}
	if (v->completed_by[0] && !strcmp(v->completed_by, who->login)) {
		err_set(err, EX_NOPERM,
			"%s: you (%s) completed it, so someone else must %s it", key, who->login,
			reject ? "reject" : "verify");
		goto fail;
	}
	return 0;
fail:
	store_rollback(st);
	return err->code;
}

static int verify_finish(store *st, const char *key, verify_state *out, ab_err *err)
{
	if (out && verify_get(st, key, out, err)) {
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}

int verify_action(store *st, const action_actor *who, const char *key, const char *note,
		  verify_state *out, ab_err *err)
{
	action_state cur;
	verify_state v;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (action_check_text("the note", note, err))
		return err->code;
	if (verify_begin(st, who, key, false, &cur, &v, err))
		return err->code;
	if (action_update(st,
			 "UPDATE action SET verified_by = ?2, verified_at = ?3, version = version + 1,"
			 " updated_by = ?2, updated_at = ?3 WHERE id = ?1",
			 cur.id, who->login, now, NULL, NULL, err) ||
	    action_log(st, cur.id, now, who->login, "status", "verify",
		       model_status_name(STATUS_COMPLETED), "verified",
		       note, err)) {
		store_rollback(st);
		return err->code;
	}
	return verify_finish(st, key, out, err);
}

int verify_reject(store *st, const action_actor *who, const char *key, const char *reason,
		  verify_state *out, ab_err *err)
{
	action_state cur;
	verify_state v;
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(err, EX_DATAERR, "a rejection needs a reason");
	if (action_check_text("the reason", reason, err))
		return err->code;
	if (verify_begin(st, who, key, true, &cur, &v, err))
		return err->code;
	if (action_update(st,
			 "UPDATE action SET status = 'in_progress', version = version + 1,"
			 " updated_by = ?2, updated_at = ?3 WHERE id = ?1",
			 cur.id, who->login, now, NULL, NULL, err) ||
	    action_log(st, cur.id, now, who->login, "status", "reject",
		       model_status_name(STATUS_COMPLETED), model_status_name(STATUS_IN_PROGRESS),
		       reason, err)) {
		store_rollback(st);
		return err->code;
	}
	return verify_finish(st, key, out, err);
}

int verify_sync(store *st, const model_plan *p, bool required_by_default, int *updated,
		ab_err *err)
{
	bool required = p->verification_set ? p->verification : required_by_default;
	sqlite3_stmt *s; /* kept by the store: sync runs it for every plan */
	if (store_prepare_kept(st,
			       "UPDATE cycle SET verification = ?3 WHERE id = (SELECT c.id FROM cycle c"
			       " JOIN establishment e ON e.id = c.establishment_id"
			       " WHERE e.code = ?1 AND c.code = ?2) AND verification <> ?3",
			       &s, err))
		return err->code;
	store_bind_text(s, 1, p->establishment);
	store_bind_text(s, 2, p->cycle);
	sqlite3_bind_int(s, 3, required ? 1 : 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "syncing the plan's verification");
	*updated += sqlite3_changes(store_db(st));
	return 0;
}
