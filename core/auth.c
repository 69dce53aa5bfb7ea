#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "util.h"

static const char *const auth_role_names[] = {[ROLE_VIEWER] = "viewer", [ROLE_EDITOR] = "editor",
					      [ROLE_ADMIN] = "admin"};

/* Runs a one-row query with up to two text parameters and an optional integer one;
 * returns 1 with a row (copying column 0 into out when given), 0 without, -1 on error. */
static int auth_row(store *st, const char *sql, const char *p1, const char *p2, int64_t n3,
		    char *out, size_t outlen, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return -1;
	int params = sqlite3_bind_parameter_count(s);
	if (params >= 1)
		store_bind_text(s, 1, p1);
	if (params >= 2)
		store_bind_text(s, 2, p2);
	if (params >= 3)
		sqlite3_bind_int64(s, 3, n3);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && out)
		snprintf(out, outlen, "%s", store_col(s, 0) ? store_col(s, 0) : "");
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, "reading the users");
	return -1;
}

static int auth_policy_stored(store *st, ab_err *err)
{
	return auth_row(st, "SELECT 1 FROM auth_policy", NULL, NULL, 0, NULL, 0, err);
}

/* ---- the settings' users, for a database with no policy --------------------------- */

static const model_user *auth_settings_user(const model_config *cfg, const char *login)
{
	for (size_t i = 0; cfg && i < cfg->nusers; i++)
		if (!strcmp(cfg->users[i].login, login))
			return &cfg->users[i];
	return NULL;
}

/*
 * What a write changes: an action, or an item (a judgement, a link), which belongs to the
 * owners of its live actions. Each query finds a row when the owner (?1 its name, or ?1 the
 * login whose stored owners count) owns the thing with id ?3.
 */
typedef struct auth_target {
	const char *noun;         /* in the refusal: "action", "item" */
	const char *by_name;      /* ?1 an owner's canonical name */
	const char *by_login;     /* ?1 a login with stored owners */
} auth_target;

static const auth_target auth_action = {
	"action",
	"SELECT 1 FROM action_owner ao JOIN owner o ON o.id = ao.owner_id"
	" WHERE ao.action_id = ?3 AND o.name = ?1",
	"SELECT 1 FROM action_owner ao JOIN auth_user_owner u ON u.owner_id = ao.owner_id"
	" WHERE ao.action_id = ?3 AND u.login = ?1",
};

static const auth_target auth_item = {
	"item",
	"SELECT 1 FROM action a JOIN action_owner ao ON ao.action_id = a.id"
	" JOIN owner o ON o.id = ao.owner_id WHERE a.item_id = ?3 AND a.retired = 0"
	" AND o.name = ?1",
	"SELECT 1 FROM action a JOIN action_owner ao ON ao.action_id = a.id"
	" JOIN auth_user_owner u ON u.owner_id = ao.owner_id WHERE a.item_id = ?3"
	" AND a.retired = 0 AND u.login = ?1",
};

/* Whether one of u's owners (canonical names, or aliases of them) owns the thing `id`. */
static int auth_settings_owned(store *st, const model_config *cfg, const model_user *u,
			       const auth_target *t, int64_t id, bool *owned, ab_err *err)
{
	*owned = false;
	for (size_t i = 0; i < u->nowners && !*owned; i++) {
		const char *canon = model_owner_canonical(cfg, u->owners[i]);
		int r = auth_row(st, t->by_name, canon ? canon : u->owners[i], NULL, id, NULL, 0, err);
		if (r < 0)
			return err->code;
		*owned = r == 1;
	}
	return 0;
}

/* ---- checks ------------------------------------------------------------------------- */

static int auth_refuse_role(ab_err *err, const char *key, const char *login, const char *role,
			    bool stored, const char *noun)
{
	if (!role)
		return err_set(err, EX_NOPERM, "%s: you (%s) are not listed in %s, so you may only read",
			       key, login,
			       stored ? "the users an admin synced into this database"
				      : "the settings' users");
	if (!strcmp(role, "viewer"))
		return err_set(err, EX_NOPERM, "%s: you (%s) are a viewer and may only read", key,
			       login);
	if (!strcmp(noun, "action"))
		return err_set(err, EX_NOPERM,
			       "%s: you (%s) may change only actions of your owners, and this action "
			       "is not one of them",
			       key, login);
	return err_set(err, EX_NOPERM,
		       "%s: you (%s) may change only items of your owners, and none of this %s's "
		       "actions is theirs",
		       key, login, noun);
}

static int auth_check_settings(store *st, const char *login, const model_config *cfg,
			       const char *key, const auth_target *t, int64_t id, ab_err *err)
{
	if (!cfg || !cfg->has_users)
		return 0; /* no users section: every local user may edit everything */
	const model_user *u = auth_settings_user(cfg, login);
	if (!u || u->role == ROLE_VIEWER)
		return auth_refuse_role(err, key, login, u ? "viewer" : NULL, false, t->noun);
	if (u->role == ROLE_ADMIN)
		return 0;
	bool owned;
	if (auth_settings_owned(st, cfg, u, t, id, &owned, err))
		return err->code;
	return owned ? 0 : auth_refuse_role(err, key, login, "editor", false, t->noun);
}

static int auth_check(store *st, const char *login, const model_config *cfg, const char *key,
		      const auth_target *t, int64_t id, ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy < 0)
		return err->code;
	if (!policy)
		return auth_check_settings(st, login, cfg, key, t, id, err);
	char role[16];
	int r = auth_row(st, "SELECT role FROM auth_user WHERE login = ?1", login, NULL, 0, role,
			 sizeof role, err);
	if (r < 0)
		return err->code;
	if (!r || !strcmp(role, "viewer"))
		return auth_refuse_role(err, key, login, r ? role : NULL, true, t->noun);
	if (!strcmp(role, "admin"))
		return 0;
	r = auth_row(st, t->by_login, login, NULL, id, NULL, 0, err);
	if (r < 0)
		return err->code;
	return r ? 0 : auth_refuse_role(err, key, login, role, true, t->noun);
}

int auth_check_action(store *st, const char *login, const model_config *cfg, const char *key,
		      int64_t id, ab_err *err)
{
	return auth_check(st, login, cfg, key, &auth_action, id, err);
}

int auth_check_item(store *st, const char *login, const model_config *cfg, const char *key,
		    int64_t id, ab_err *err)
{
	return auth_check(st, login, cfg, key, &auth_item, id, err);
}

int auth_check_sync(store *st, const char *login, const model_config *cfg, ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy < 0)
		return err->code;
	if (policy) {
		int r = auth_row(st, "SELECT 1 FROM auth_user WHERE login = ?1 AND role = 'admin'",
				 login, NULL, 0, NULL, 0, err);
		if (r < 0)
			return err->code;
		return r ? 0
			 : err_set(err, EX_NOPERM,
				   "only an admin may sync the definitions (you are %s; the users are "
				   "those an admin synced into %s)",
				   login, store_path(st));
	}
	if (!cfg->has_users)
		return 0;
	const model_user *u = auth_settings_user(cfg, login);
	if (u && u->role == ROLE_ADMIN)
		return 0;
	/* An empty database may be filled by anyone: there is nothing yet to protect. */
	int found = auth_row(st, "SELECT 1 FROM establishment LIMIT 1", NULL, NULL, 0, NULL, 0, err);
	if (found < 0)
		return err->code;
	if (found)
		return err_set(err, EX_NOPERM,
			       "only an admin may sync the definitions (you are %s; see the users "
			       "section of %s)",
			       login, cfg->path);
	return 0;
}

/* ---- storing the users --------------------------------------------------------------- */

static int auth_exec(store *st, const char *sql, const char *p1, const char *p2, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	if (sqlite3_bind_parameter_count(s) >= 1)
		store_bind_text(s, 1, p1);
	if (sqlite3_bind_parameter_count(s) >= 2)
		store_bind_text(s, 2, p2);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing the users");
}

static int auth_cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/*
 * One user as the database should hold it: "role|id,id,..." with the owner ids ascending
 * and without repeats, the form compared with what is stored. Returns 0 or sets err.
 */
static int auth_user_wanted(store *st, const model_config *cfg, const model_user *u,
			    util_buf *out, ab_err *err)
{
	int64_t *ids = u->nowners ? xmalloc(u->nowners * sizeof *ids) : NULL;
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < u->nowners && !rc; i++) {
		const char *canon = model_owner_canonical(cfg, u->owners[i]);
		char id[32];
		int r = auth_row(st, "SELECT id FROM owner WHERE name = ?1", canon ? canon : u->owners[i],
				 NULL, 0, id, sizeof id, err);
		if (r < 0)
			rc = err->code;
		else if (!r)
			rc = err_set_at(err, EX_CONFIG, u->pos.file, u->pos.line, u->pos.col,
					"user %s: unknown owner '%s'", u->login, u->owners[i]);
		else
			ids[n++] = strtoll(id, NULL, 10);
	}
	if (!rc) {
		if (n) /* a user with no owners has no array to sort (qsort of NULL is undefined) */
			qsort(ids, n, sizeof *ids, auth_cmp_id);
		util_buf_printf(out, "%s|", auth_role_names[u->role]);
		for (size_t i = 0; i < n; i++)
			if (!i || ids[i] != ids[i - 1])
				util_buf_printf(out, "%s%lld", i ? "," : "", (long long)ids[i]);
	}
	free(ids);
	return rc;
}

/* The stored form of one user (as auth_user_wanted makes it): 1, or 0 when not stored. */
static int auth_user_stored(store *st, const char *login, util_buf *out, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT u.role || '|' || coalesce((SELECT group_concat(owner_id, ',') FROM"
			  " (SELECT owner_id FROM auth_user_owner WHERE login = u.login"
			  " ORDER BY owner_id)), '') FROM auth_user u WHERE u.login = ?1",
			  &s, err))
		return -1;
	store_bind_text(s, 1, login);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		util_buf_puts(out, store_col(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading the users"), -1;
	return rc == SQLITE_ROW;
}

/* Replaces one user's row and owners with the wanted form "role|id,id". */
static int auth_user_write(store *st, const char *login, const char *wanted, ab_err *err)
{
	const char *bar = strchr(wanted, '|');
	char role[16];
	snprintf(role, sizeof role, "%.*s", (int)(bar - wanted), wanted);
	if (auth_exec(st, "DELETE FROM auth_user_owner WHERE login = ?1", login, NULL, err) ||
	    auth_exec(st, "INSERT INTO auth_user(login, role) VALUES (?1, ?2)"
		      " ON CONFLICT (login) DO UPDATE SET role = excluded.role",
		      login, role, err))
		return err->code;
	for (const char *p = bar + 1; *p; p += strcspn(p, ","), p += *p == ',') {
		char id[32];
		snprintf(id, sizeof id, "%.*s", (int)strcspn(p, ","), p);
		if (auth_exec(st,
			      "INSERT INTO auth_user_owner(login, owner_id) VALUES (?1, CAST(?2 AS INTEGER))",
			      login, id, err))
			return err->code;
	}
	return 0;
}

/* Writes one user of cfg when the database holds it otherwise; counts what it did. */
static int auth_sync_user(store *st, const model_config *cfg, const model_user *u, int *added,
			  int *updated, ab_err *err)
{
	util_buf want = {0}, have = {0};
	int stored = auth_user_wanted(st, cfg, u, &want, err) ? -1
		     : auth_user_stored(st, u->login, &have, err);
	int rc = stored < 0 ? err->code : 0;
	if (!rc && (!stored || strcmp(want.s, have.s))) {
		rc = auth_user_write(st, u->login, want.s, err);
		if (!rc)
			(*(stored ? updated : added))++;
	}
	util_buf_free(&want);
	util_buf_free(&have);
	return rc;
}

/* Removes the stored users that cfg no longer lists (every one when cfg is NULL). */
static int auth_drop_unlisted(store *st, const model_config *cfg, int *updated, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, "SELECT login FROM auth_user ORDER BY login", &s, err))
		return err->code;
	util_buf gone = {0}; /* logins, each ending in NUL, collected before deleting */
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *login = store_col(s, 0);
		if (!cfg || !auth_settings_user(cfg, login))
			util_buf_add(&gone, login, strlen(login) + 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		util_buf_free(&gone);
		return store_fail(st, err, "reading the users");
	}
	int failed = 0;
	for (size_t off = 0; off < gone.len && !failed; off += strlen(gone.s + off) + 1) {
		failed = auth_exec(st, "DELETE FROM auth_user_owner WHERE login = ?1", gone.s + off,
				   NULL, err) ||
			 auth_exec(st, "DELETE FROM auth_user WHERE login = ?1", gone.s + off, NULL, err);
		if (!failed)
			(*updated)++;
	}
	util_buf_free(&gone);
	return failed ? err->code : 0;
}

int auth_sync_users(store *st, const model_config *cfg, const char *login, const char *now,
		    int *added, int *updated, ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy < 0)
		return err->code;
	if (!cfg->has_users) {
		/* The admin's settings no longer have a users section: the policy goes. */
		if (!policy)
			return 0;
		if (auth_drop_unlisted(st, NULL, updated, err))
			return err->code;
		(*updated)++;
		return auth_exec(st, "DELETE FROM auth_policy", NULL, NULL, err);
	}
	int before = *added + *updated;
	for (size_t i = 0; i < cfg->nusers; i++)
		if (auth_sync_user(st, cfg, &cfg->users[i], added, updated, err))
			return err->code;
	if (auth_drop_unlisted(st, cfg, updated, err))
		return err->code;
	if (policy && *added + *updated == before)
		return 0;
	if (!policy)
		(*added)++;
	return auth_exec(st,
			 "INSERT OR REPLACE INTO auth_policy(id, changed_at, changed_by)"
			 " VALUES (1, ?1, ?2)",
			 now, login, err);
}
