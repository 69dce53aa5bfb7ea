/* sync_stmt — the statement helpers every part of sync uses (sync_priv.h): the bottom of
 * sync, calling nothing of the others. */
#include "sync_priv.h"

/* Resets a statement and clears its bindings. */
sqlite3_stmt *sync_q(sync_ctx *c, int which)
{
	sqlite3_stmt *s = c->q[which];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

/* Runs a statement to completion; returns 0 or sets err. */
int sync_run(sync_ctx *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(c->st, c->err, "syncing");
	return 0;
}

/* Steps a lookup; returns 1 with a row, 0 with none, -1 on error. */
int sync_row(sync_ctx *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(c->st, c->err, "syncing");
	return -1;
}

void sync_bind_item(sqlite3_stmt *s, int base, const model_item *it, int pos)
{
	store_bind_text(s, base + 2, it->ref);
	sqlite3_bind_int(s, base + 3, pos);
	if (it->seq)
		sqlite3_bind_int(s, base + 4, it->seq);
	else
		sqlite3_bind_null(s, base + 4);
	store_bind_text(s, base + 5, it->category);
	store_bind_text(s, base + 6, it->directed_to);
	store_bind_text(s, base + 7, it->agreement);
	store_bind_text(s, base + 8, it->agreement_note);
	store_bind_text(s, base + 9, it->repeated_from);
	store_bind_text(s, base + 10, it->text);
}

void sync_bind_action(sqlite3_stmt *s, int base, sqlite3_int64 cyc, sqlite3_int64 item,
		      const model_action *a, int pos, const char *due, const char *status,
		      const char *owners)
{
	sqlite3_bind_int64(s, base + 1, cyc);
	sqlite3_bind_int64(s, base + 2, item);
	store_bind_text(s, base + 3, a->id);
	sqlite3_bind_int(s, base + 4, pos);
	store_bind_text(s, base + 5, a->text);
	store_bind_text(s, base + 6, a->target);
	store_bind_text(s, base + 7, due);
	store_bind_text(s, base + 8, status);
	store_bind_text(s, base + 9, owners);
}
