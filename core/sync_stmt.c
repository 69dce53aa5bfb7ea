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
