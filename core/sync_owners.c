/* sync_owners — the settings' owners and aliases into the database (sync_priv.h). */

#include <string.h>

#include "sync_priv.h"

/* ---- owners ---------------------------------------------------------------------- */

/* The settings' canonical name for a name or alias, else the name itself. */
const char *sync_canonical(sync_ctx *c, const char *name)
{
	long long i;
	return util_map_get(&c->canon, name, &i) ? c->cfg->owners[i].name : name;
}

/* The lookup tables: the owners the database holds and the settings' names and aliases
 * (as model_owner_canonical reads them: the first owner naming a word wins). */
static int sync_owner_maps(sync_ctx *c)
{
	sqlite3_stmt *s = sync_q(c, Q_OWNER_LIST);
	int rc;
	while ((rc = sync_row(c, s)) == 1)
		util_map_put(&c->owners, store_col(s, 1), sqlite3_column_int64(s, 0));
	sqlite3_reset(s);
	if (rc < 0)
		return c->err->code;
	model_owner_index(c->cfg, &c->canon);
	return 0;
}

/* The owner's id, creating the owner when new; -1 on error. */
static sqlite3_int64 sync_owner(sync_ctx *c, const char *name)
{
	long long id;
	if (util_map_get(&c->owners, name, &id))
		return id;
	sqlite3_stmt *s = sync_q(c, Q_OWNER_ADD);
	long long i;
	store_bind_text(s, 1, name);
	sqlite3_bind_int(s, 2, util_map_get(&c->canon, name, &i) && c->cfg->owners[i].shared);
	if (sync_run(c, s))
		return -1;
	id = sqlite3_last_insert_rowid(store_db(c->st));
	c->stats->added++;
	util_map_put(&c->owners, name, id);
	return id;
}

/* The action_owner rows of a new action (or of one whose owners changed). */
int sync_owner_rows(sync_ctx *c, sqlite3_int64 id, const model_action *a)
{
	for (size_t i = 0; i < a->nowners; i++) {
		sqlite3_int64 owner = sync_owner(c, sync_canonical(c, a->owners[i]));
		if (owner < 0)
			return c->err->code;
		sqlite3_stmt *s = sync_q(c, Q_AOWN_ADD);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, owner);
		sqlite3_bind_int(s, 3, (int)i);
		if (sync_run(c, s))
			return c->err->code;
	}
	return 0;
}

/*
 * A fingerprint of what, besides a plan file, decides its rows: the rules' version and
 * the settings' owners with their aliases, in order.
 */
void sync_context(sync_ctx *c)
{
	util_hash h;
	util_hash_init(&h);
	util_hash_add(&h, SYNC_RULES, sizeof SYNC_RULES);
	for (size_t i = 0; i < c->cfg->nowners; i++) {
		const model_owner *o = &c->cfg->owners[i];
		util_hash_add(&h, o->name, strlen(o->name) + 1);
		for (size_t j = 0; j < o->naliases; j++)
			util_hash_add(&h, o->aliases[j], strlen(o->aliases[j]) + 1);
		util_hash_add(&h, "\n", 1);
	}
	/* the settings' verification default decides a plan's cycle row too (verify.h); only
	 * when set, so that settings without it keep their fingerprint */
	if (c->cfg->verification)
		util_hash_add(&h, "verification: required", sizeof "verification: required");
	util_hash_hex(&h, c->context);
}

int sync_owners(sync_ctx *c)
{
	const model_config *cfg = c->cfg;
	if (sync_owner_maps(c))
		return c->err->code;
	for (size_t i = 0; i < cfg->nowners; i++) {
		if (sync_owner(c, cfg->owners[i].name) < 0)
			return c->err->code;
		/* Shared across the estate or one per establishment, as the settings say now. */
		sqlite3_stmt *sh = sync_q(c, Q_OWNER_SHARED);
		store_bind_text(sh, 1, cfg->owners[i].name);
		sqlite3_bind_int(sh, 2, cfg->owners[i].shared);
		if (sync_run(c, sh))
			return c->err->code;
		c->stats->updated += sqlite3_changes(store_db(c->st));
	}
	/* Aliases: drop those that are gone or now name another owner, add the new ones. */
	sqlite3_stmt *s = sync_q(c, Q_ALIAS_LIST);
	int rc;
	while ((rc = sync_row(c, s)) == 1) {
		const char *alias = store_col(s, 0), *owner = store_col(s, 1);
		const char *want = model_owner_canonical(cfg, alias);
		if (want && strcmp(want, alias) && !strcmp(want, owner))
			continue;
		sqlite3_stmt *d = sync_q(c, Q_ALIAS_DEL);
		store_bind_text(d, 1, alias);
		c->stats->updated++;
		if (sync_run(c, d))
			return c->err->code;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return c->err->code;
	for (size_t i = 0; i < cfg->nowners; i++)
		for (size_t j = 0; j < cfg->owners[i].naliases; j++) {
			sqlite3_stmt *a = sync_q(c, Q_ALIAS_SET);
			store_bind_text(a, 1, cfg->owners[i].aliases[j]);
			store_bind_text(a, 2, cfg->owners[i].name);
			/* INSERT fails on an alias that stays; only a new one adds a row. */
			int r = sqlite3_step(a);
			sqlite3_reset(a);
			if (r == SQLITE_DONE)
				c->stats->added++;
			else if ((r & 0xFF) != SQLITE_CONSTRAINT)
				return store_fail(c->st, c->err, "syncing owner aliases");
		}
	return 0;
}
