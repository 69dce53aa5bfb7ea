#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "util.h"

static const char *const auth_role_names[] = {[ROLE_VIEWER] = "viewer", [ROLE_EDITOR] = "editor",
					      [ROLE_ADMIN] = "admin", [ROLE_VERIFIER] = "verifier"};

/* A verifier reads like a viewer, so it is stored as one and marked in auth_verifier
 * (verify.c): the role as the checks read it. */
#define AUTH_ROLE_SQL \
	"CASE WHEN EXISTS (SELECT 1 FROM auth_verifier v WHERE v.login = u.login)" \
	" THEN 'verifier' ELSE u.role END"

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
 * owners of its live actions. `where` finds (?1 its id) the establishment it is in (id,
 * code) and the owners it needs (names joined by ", ", for the refusal). The other two find
 * a row when the owner (?1 its name, or ?1 the login whose stored owners count) owns the
 * thing with id ?3.
 */
typedef struct auth_target {
	const char *noun;         /* in the refusal: "action", "item" */
	const char *where;
	const char *by_name;      /* ?1 an owner's canonical name */
	const char *by_login;     /* ?1 a login with stored owners */
} auth_target;

static const auth_target auth_action = {
	"action",
	"SELECT e.id, e.code, replace(a.owner_names, char(31), ', ') FROM action a"
	" JOIN cycle c ON c.id = a.cycle_id JOIN establishment e ON e.id = c.establishment_id"
	" WHERE a.id = ?1",
	"SELECT 1 FROM action_owner ao JOIN owner o ON o.id = ao.owner_id"
	" WHERE ao.action_id = ?3 AND o.name = ?1",
	"SELECT 1 FROM action_owner ao JOIN auth_user_owner u ON u.owner_id = ao.owner_id"
	" WHERE ao.action_id = ?3 AND u.login = ?1",
};

static const auth_target auth_item = {
	"item",
	"SELECT e.id, e.code, (SELECT group_concat(name, ', ') FROM (SELECT DISTINCT o.name"
	"  FROM action a JOIN action_owner ao ON ao.action_id = a.id JOIN owner o ON o.id = ao.owner_id"
	"  WHERE a.item_id = i.id AND a.retired = 0 ORDER BY o.name))"
	" FROM item i JOIN cycle c ON c.id = i.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id WHERE i.id = ?1",
	"SELECT 1 FROM action a JOIN action_owner ao ON ao.action_id = a.id"
	" JOIN owner o ON o.id = ao.owner_id WHERE a.item_id = ?3 AND a.retired = 0"
	" AND o.name = ?1",
	"SELECT 1 FROM action a JOIN action_owner ao ON ao.action_id = a.id"
	" JOIN auth_user_owner u ON u.owner_id = ao.owner_id WHERE a.item_id = ?3"
	" AND a.retired = 0 AND u.login = ?1",
};

/* Where the thing written sits and whom it needs (auth_target.where). */
typedef struct auth_place {
	int64_t est;
	char code[64], owners[512];
} auth_place;

/* A user's rights as the check reads them, from the database or the settings. */
typedef struct auth_rights {
	char role[16];        /* "" when not listed */
	bool scoped;          /* the rights stop at some establishments */
	bool in_scope;        /* ... and the place's is one of them */
	char establishments[256], owners[512]; /* the user's, for the refusal */
} auth_rights;

static int auth_where(store *st, const auth_target *t, int64_t id, auth_place *p, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, t->where, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	*p = (auth_place){0};
	if (rc == SQLITE_ROW) {
		p->est = sqlite3_column_int64(s, 0);
		snprintf(p->code, sizeof p->code, "%s", store_col(s, 1));
		snprintf(p->owners, sizeof p->owners, "%s", store_col(s, 2) ? store_col(s, 2) : "");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading the users");
}

/* The stored user `login`'s rights at establishment id `est`. */
static int auth_stored_rights(store *st, const char *login, int64_t est, auth_rights *r,
			      ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT " AUTH_ROLE_SQL ","
			  " EXISTS (SELECT 1 FROM auth_user_establishment x WHERE x.login = u.login),"
			  " EXISTS (SELECT 1 FROM auth_user_establishment x WHERE x.login = u.login"
			  "  AND x.establishment_id = ?2),"
			  " (SELECT group_concat(code, ', ') FROM (SELECT e.code FROM"
			  "  auth_user_establishment x JOIN establishment e ON e.id = x.establishment_id"
			  "  WHERE x.login = u.login ORDER BY e.code)),"
			  " (SELECT group_concat(name, ', ') FROM (SELECT o.name FROM auth_user_owner x"
			  "  JOIN owner o ON o.id = x.owner_id WHERE x.login = u.login ORDER BY o.name))"
			  " FROM auth_user u WHERE u.login = ?1",
			  &s, err))
		return err->code;
	store_bind_text(s, 1, login);
	sqlite3_bind_int64(s, 2, est);
	int rc = sqlite3_step(s);
	*r = (auth_rights){0};
	if (rc == SQLITE_ROW) {
		snprintf(r->role, sizeof r->role, "%s", store_col(s, 0));
		r->scoped = sqlite3_column_int(s, 1);
		r->in_scope = sqlite3_column_int(s, 2);
		snprintf(r->establishments, sizeof r->establishments, "%s",
			 store_col(s, 3) ? store_col(s, 3) : "");
		snprintf(r->owners, sizeof r->owners, "%s", store_col(s, 4) ? store_col(s, 4) : "");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading the users");
}

/* "a, b, c" into out (truncated to its size). */
static void auth_join(char **v, size_t n, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? ", " : "", v[i]);
}

/* The settings' user `login`'s rights at the establishment with code `code`. */
static void auth_settings_rights(const model_config *cfg, const char *login, const char *code,
				 auth_rights *r)
{
	const model_user *u = auth_settings_user(cfg, login);
	*r = (auth_rights){0};
	if (!u)
		return;
	snprintf(r->role, sizeof r->role, "%s", auth_role_names[u->role]);
	r->scoped = u->nestablishments > 0;
	for (size_t i = 0; i < u->nestablishments; i++)
		r->in_scope |= !strcmp(u->establishments[i], code);
	auth_join(u->establishments, u->nestablishments, r->establishments, sizeof r->establishments);
	auth_join(u->owners, u->nowners, r->owners, sizeof r->owners);
}

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
			    bool stored)
{
	if (!*role)
		return err_set(err, EX_NOPERM, "%s: you (%s) are not listed in %s, so you may only read",
			       key, login,
			       stored ? "the users an admin synced into this database"
				      : "the settings' users");
	return err_set(err, EX_NOPERM, "%s: you (%s) are a %s and may only read%s", key, login, role,
		       !strcmp(role, "verifier") ? " and verify" : "");
}

/* What the thing needs, for a refusal: "establishment LIV and owner Governor". */
static void auth_needs(const auth_target *t, const auth_place *p, char *out, size_t len)
{
	if (!*p->owners)
		snprintf(out, len, "establishment %s and an admin (no owner holds it)", p->code);
	else
		snprintf(out, len, "establishment %s and %s %s", p->code,
			 t == &auth_item ? "one of the owners" : "owner", p->owners);
}

static int auth_refuse_place(ab_err *err, const char *key, const char *login,
			     const auth_rights *r, const auth_target *t, const auth_place *p)
{
	char needs[700];
	auth_needs(t, p, needs, sizeof needs);
	return err_set(err, EX_NOPERM,
		       "%s: you (%s) may write only in establishment%s %s, and this %s is in %s: "
		       "it needs %s",
		       key, login, strchr(r->establishments, ',') ? "s" : "", r->establishments,
		       t->noun, p->code, needs);
}

static int auth_refuse_owner(ab_err *err, const char *key, const char *login,
			     const auth_rights *r, const auth_target *t, const auth_place *p)
{
	char needs[700];
	auth_needs(t, p, needs, sizeof needs);
	if (t == &auth_action)
		return err_set(err, EX_NOPERM,
			       "%s: you (%s) may change only actions of your owners (%s) in %s, and "
			       "this action is not one of them: it needs %s",
			       key, login, *r->owners ? r->owners : "none",
			       r->scoped ? r->establishments : "the estate", needs);
	return err_set(err, EX_NOPERM,
		       "%s: you (%s) may change only items of your owners (%s) in %s, and none of "
		       "this %s's actions is theirs: it needs %s",
		       key, login, *r->owners ? r->owners : "none",
		       r->scoped ? r->establishments : "the estate", t->noun, needs);
}

/*
 * The one rule, whichever users decide (the stored ones, or with no policy the settings'):
 * a listed editor or admin; when the user names establishments, the thing is in one of
 * them; and for an editor, one of their owners holds it.
 */
static int auth_check(store *st, const char *login, const model_config *cfg, const char *key,
		      const auth_target *t, int64_t id, ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy < 0)
		return err->code;
	if (!policy && (!cfg || !cfg->has_users))
		return 0; /* no users anywhere: every local user may edit everything */
	auth_place p;
	auth_rights r;
	if (auth_where(st, t, id, &p, err))
		return err->code;
	if (policy && auth_stored_rights(st, login, p.est, &r, err))
		return err->code;
	if (!policy)
		auth_settings_rights(cfg, login, p.code, &r);
	if (!*r.role || !strcmp(r.role, "viewer") || !strcmp(r.role, "verifier"))
		return auth_refuse_role(err, key, login, r.role, policy);
	if (r.scoped && !r.in_scope)
		return auth_refuse_place(err, key, login, &r, t, &p);
	if (!strcmp(r.role, "admin"))
		return 0;
	bool owned;
	if (policy) {
		int found = auth_row(st, t->by_login, login, NULL, id, NULL, 0, err);
		if (found < 0)
			return err->code;
		owned = found;
	} else if (auth_settings_owned(st, cfg, auth_settings_user(cfg, login), t, id, &owned, err)) {
		return err->code;
	}
	return owned ? 0 : auth_refuse_owner(err, key, login, &r, t, &p);
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

/*
 * Whether login is an admin (or, with `verifier`, a verifier) whose rights reach the
 * establishment with id `est` and code `code`: 1, 0 (r says what they are), -1 on error.
 * Without users anywhere every local user may.
 */
static int auth_admin_at(store *st, const char *login, const model_config *cfg, int64_t est,
			 const char *code, bool verifier, auth_rights *r, ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy < 0)
		return -1;
	*r = (auth_rights){0};
	if (!policy && (!cfg || !cfg->has_users))
		return 1;
	if (policy ? auth_stored_rights(st, login, est, r, err) != 0
		   : (auth_settings_rights(cfg, login, code, r), 0))
		return -1;
	bool role = !strcmp(r->role, "admin") || (verifier && !strcmp(r->role, "verifier"));
	return role && (!r->scoped || r->in_scope);
}

/* "you are an admin of LIV only" or "you are a viewer", for a refusal. */
static void auth_what_you_are(const auth_rights *r, char *out, size_t len)
{
	if (!*r->role)
		snprintf(out, len, "you are not listed");
	else if (r->scoped)
		snprintf(out, len, "you are %s of %s only",
			 !strcmp(r->role, "admin") ? "an admin" : r->role, r->establishments);
	else
		snprintf(out, len, "you are %s %s", strchr("aeiou", r->role[0]) ? "an" : "a", r->role);
}

/* auth_admin_at as a check: 0, or EX_NOPERM naming what `key` needs (`doing` it needs
 * `who` of the establishment) and what the user is. */
static int auth_check_admin_at(store *st, const char *login, const model_config *cfg,
			       const char *key, int64_t est, const char *code, bool verifier,
			       const char *doing, ab_err *err)
{
	auth_rights r;
	int ok = auth_admin_at(st, login, cfg, est, code, verifier, &r, err);
	if (ok < 0)
		return err->code;
	if (ok)
		return 0;
	char you[400];
	auth_what_you_are(&r, you, sizeof you);
	return err_set(err, EX_NOPERM, "%s: you (%s) may not %s: it needs %s of establishment %s, and %s",
		       key, login, doing, verifier ? "an admin or a verifier" : "an admin", code, you);
}

int auth_check_verify(store *st, const char *login, const model_config *cfg, const char *key,
		      int64_t id, ab_err *err)
{
	auth_place p;
	if (auth_where(st, &auth_action, id, &p, err))
		return err->code;
	return auth_check_admin_at(st, login, cfg, key, p.est, p.code, true, "verify", err);
}

int auth_check_amend(store *st, const char *login, const model_config *cfg,
		     const char *item_key, ab_err *err)
{
	char code[64];
	snprintf(code, sizeof code, "%.*s", (int)strcspn(item_key, "/"), item_key);
	char id[32] = "";
	if (auth_row(st, "SELECT id FROM establishment WHERE code = ?1", code, NULL, 0, id,
		     sizeof id, err) < 0)
		return err->code;
	return auth_check_admin_at(st, login, cfg, item_key, strtoll(id, NULL, 10), code, false,
				   "amend the plan", err);
}

/* Syncing the definitions or restoring the database changes every establishment and the
 * roles: an admin of some establishments only may not. */
static int auth_refuse_scoped_admin(ab_err *err, const char *login, const char *what,
				    const char *establishments)
{
	return err_set(err, EX_NOPERM,
		       "only an estate admin (one without establishments) may %s: "
		       "you (%s) are an admin of %s only",
		       what, login, establishments);
}

int auth_check_sync(store *st, const char *login, const model_config *cfg, ab_err *err)
{
	return auth_check_admin(st, login, cfg, "sync the definitions", err);
}

int auth_check_admin(store *st, const char *login, const model_config *cfg, const char *what,
		     ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy < 0)
		return err->code;
	if (policy) {
		auth_rights r;
		if (auth_stored_rights(st, login, 0, &r, err))
			return err->code;
		if (!strcmp(r.role, "admin"))
			return r.scoped ? auth_refuse_scoped_admin(err, login, what, r.establishments)
					: 0;
		return err_set(err, EX_NOPERM,
			       "only an admin may %s (you are %s; the users are "
			       "those an admin synced into %s)",
			       what, login, store_path(st));
	}
	if (!cfg->has_users)
		return 0;
	const model_user *u = auth_settings_user(cfg, login);
	if (u && u->role == ROLE_ADMIN && !u->nestablishments)
		return 0;
	/* An empty database may be filled by anyone: there is nothing yet to protect. */
	int found = auth_row(st, "SELECT 1 FROM establishment LIMIT 1", NULL, NULL, 0, NULL, 0, err);
	if (found < 0)
		return err->code;
	if (found && u && u->role == ROLE_ADMIN) {
		auth_rights r;
		auth_settings_rights(cfg, login, "", &r);
		return auth_refuse_scoped_admin(err, login, what, r.establishments);
	}
	if (found)
		return err_set(err, EX_NOPERM,
			       "only an admin may %s (you are %s; see the users "
			       "section of %s)",
			       what, login, cfg->path);
	return 0;
}

/* ---- a user's owners and establishments ----------------------------------------------- */

static int auth_scope_settings(const model_config *cfg, const char *login, auth_scope_fn fn,
			       void *ctx, ab_err *err)
{
	if (!cfg || !cfg->has_users)
		return err_set(err, EX_NOUSER,
			       "'my actions' needs a users section in the settings mapping %s to owners",
			       login);
	const model_user *u = auth_settings_user(cfg, login);
	if (!u)
		return err_set(err, EX_NOUSER, "%s is not listed in the settings' users section",
			       login);
	int rc = 0;
	for (size_t i = 0; i < u->nowners && !rc; i++) {
		const char *canon = model_owner_canonical(cfg, u->owners[i]);
		rc = fn(true, canon ? canon : u->owners[i], ctx);
	}
	for (size_t i = 0; i < u->nestablishments && !rc; i++)
		rc = fn(false, u->establishments[i], ctx);
	return rc;
}

int auth_user_scope(store *st, const char *login, const model_config *cfg, auth_scope_fn fn,
		    void *ctx, ab_err *err)
{
	int policy = auth_policy_stored(st, err);
	if (policy <= 0)
		return policy < 0 ? err->code : auth_scope_settings(cfg, login, fn, ctx, err);
	int listed = auth_row(st, "SELECT 1 FROM auth_user WHERE login = ?1", login, NULL, 0, NULL,
			      0, err);
	if (listed <= 0)
		return listed < 0 ? err->code
				  : err_set(err, EX_NOUSER,
					    "%s is not listed in the users an admin synced into %s",
					    login, store_path(st));
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT 1, o.name FROM auth_user_owner x JOIN owner o ON o.id = x.owner_id"
			  " WHERE x.login = ?1"
			  " UNION ALL SELECT 0, e.code FROM auth_user_establishment x"
			  " JOIN establishment e ON e.id = x.establishment_id WHERE x.login = ?1"
			  " ORDER BY 1 DESC, 2",
			  &s, err))
		return err->code;
	store_bind_text(s, 1, login);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW)
		cbrc = fn(sqlite3_column_int(s, 0), store_col(s, 1), ctx);
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading the users");
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
 * Appends "id,id,..." to out: the ids `sql` (?1 a name) finds for the names, ascending and
 * without repeats. Owner names go through their aliases (cfg given); a name it does not
 * find is a configuration error at pos[i] (or at the user), named by `what`.
 */
static int auth_ids(store *st, const char *sql, const model_config *cfg, const model_user *u,
		    char *const *names, const model_pos *pos, size_t count, const char *what,
		    util_buf *out, ab_err *err)
{
	int64_t *ids = count ? xmalloc(count * sizeof *ids) : NULL;
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < count && !rc; i++) {
		const char *canon = cfg ? model_owner_canonical(cfg, names[i]) : NULL;
		model_pos at = pos ? pos[i] : u->pos;
		char id[32];
		int r = auth_row(st, sql, canon ? canon : names[i], NULL, 0, id, sizeof id, err);
		if (r < 0)
			rc = err->code;
		else if (!r)
			rc = err_set_at(err, EX_CONFIG, at.file, at.line, at.col,
					"user %s: unknown %s '%s'", u->login, what, names[i]);
		else
			ids[n++] = strtoll(id, NULL, 10);
	}
	if (n) /* a user with no owners has no array to sort (qsort of NULL is undefined) */
		qsort(ids, n, sizeof *ids, auth_cmp_id);
	for (size_t i = 0; i < n && !rc; i++)
		if (!i || ids[i] != ids[i - 1])
			util_buf_printf(out, "%s%lld", i ? "," : "", (long long)ids[i]);
	free(ids);
	return rc;
}

/*
 * One user as the database should hold it: "role|owner ids|establishment ids", each list
 * ascending and without repeats, the form compared with what is stored. Returns 0 or sets
 * err.
 */
static int auth_user_wanted(store *st, const model_config *cfg, const model_user *u,
			    util_buf *out, ab_err *err)
{
	util_buf_printf(out, "%s|", auth_role_names[u->role]);
	if (auth_ids(st, "SELECT id FROM owner WHERE name = ?1", cfg, u, u->owners, NULL,
		     u->nowners, "owner", out, err))
		return err->code;
	util_buf_puts(out, "|");
	if (auth_ids(st, "SELECT id FROM establishment WHERE code = ?1", NULL, u,
		     u->establishments, u->establishments_pos, u->nestablishments, "establishment",
		     out, err))
		return err->code;
	return 0;
}

/* The stored form of one user (as auth_user_wanted makes it): 1, or 0 when not stored. */
static int auth_user_stored(store *st, const char *login, util_buf *out, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT " AUTH_ROLE_SQL " || '|' || coalesce((SELECT group_concat(owner_id, ',') FROM"
			  " (SELECT owner_id FROM auth_user_owner WHERE login = u.login"
			  " ORDER BY owner_id)), '') || '|' || coalesce((SELECT"
			  " group_concat(establishment_id, ',') FROM (SELECT establishment_id FROM"
			  " auth_user_establishment WHERE login = u.login ORDER BY establishment_id)), '')"
			  " FROM auth_user u WHERE u.login = ?1",
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

/* Inserts (?1 login, ?2 one id) for each id of the list "id,id" that ends at '|' or NUL. */
static int auth_write_ids(store *st, const char *sql, const char *login, const char *list,
			  ab_err *err)
{
	for (const char *p = list; *p && *p != '|'; p += strcspn(p, ",|"), p += *p == ',') {
		char id[32];
		snprintf(id, sizeof id, "%.*s", (int)strcspn(p, ",|"), p);
		if (auth_exec(st, sql, login, id, err))
			return err->code;
	}
	return 0;
}

/* Removes one user's owners, establishments and verifier mark (the user row stays). */
static int auth_user_clear(store *st, const char *login, ab_err *err)
{
	return auth_exec(st, "DELETE FROM auth_user_owner WHERE login = ?1", login, NULL, err) ||
			       auth_exec(st, "DELETE FROM auth_user_establishment WHERE login = ?1",
					 login, NULL, err) ||
			       auth_exec(st, "DELETE FROM auth_verifier WHERE login = ?1", login,
					 NULL, err)
		       ? err->code
		       : 0;
}

/* Replaces one user's row, owners and establishments with the wanted form. */
static int auth_user_write(store *st, const char *login, const char *wanted, ab_err *err)
{
	const char *bar = strchr(wanted, '|'), *bar2 = strchr(bar + 1, '|');
	char role[16];
	snprintf(role, sizeof role, "%.*s", (int)(bar - wanted), wanted);
	bool verifier = !strcmp(role, "verifier");
	if (auth_user_clear(st, login, err) ||
	    auth_exec(st, "INSERT INTO auth_user(login, role) VALUES (?1, ?2)"
		      " ON CONFLICT (login) DO UPDATE SET role = excluded.role",
		      login, verifier ? "viewer" : role, err) ||
	    (verifier &&
	     auth_exec(st, "INSERT INTO auth_verifier(login) VALUES (?1)", login, NULL, err)) ||
	    auth_write_ids(st,
			   "INSERT INTO auth_user_owner(login, owner_id) VALUES (?1, CAST(?2 AS INTEGER))",
			   login, bar + 1, err) ||
	    auth_write_ids(st,
			   "INSERT INTO auth_user_establishment(login, establishment_id)"
			   " VALUES (?1, CAST(?2 AS INTEGER))",
			   login, bar2 + 1, err))
		return err->code;
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
		failed = auth_user_clear(st, gone.s + off, err) ||
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
