/*
 * action — the writes users make: status, notes and revised due dates, with permissions,
 * optimistic versions and an append-only history.
 *
 * Contract: every write is one BEGIN IMMEDIATE transaction that checks permission, checks
 * the version the caller saw (when expected_version > 0), updates the action, bumps its
 * version and appends a history row (user, time, old, new, note). Errors: EX_DATAERR for
 * an unknown key or bad value, EX_NOPERM when the user may not change the action,
 * EX_TEMPFAIL for a stale version (err says who changed it and what it is now).
 * Keys are "ESTABLISHMENT/CYCLE/ACTION-ID", parsed by key_parse(KEY_ACTION) (core/key.h).
 *
 * Text a user gives (a status change's note, a note, a due date's reason) is checked here,
 * where every front end's writes enter, before anything is written: it must be valid
 * UTF-8 without control characters other than tab and newline (no C0 or C1 control, DEL,
 * or bidi control: text.h's text_input_ok) and at most ACTION_TEXT_MAX characters long.
 * Otherwise EX_DATAERR, the message saying what is wrong and at which byte offset.
 */
#ifndef AB_ACTION_H
#define AB_ACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "err.h"
#include "model.h"
#include "store.h"

/* The longest note or reason, in characters; ACTION_TEXT_BUF bytes hold any text that long
 * (UTF-8 takes at most 4 bytes a character) with its NUL. */
#define ACTION_TEXT_MAX 4000
#define ACTION_TEXT_BUF (4 * ACTION_TEXT_MAX + 1)

/* Who is writing, and the settings they read (actionboard.yaml(5) `users`). The users an admin
 * synced into the database take precedence over cfg's (auth.h). */
typedef struct action_actor {
	const char *login;
	const model_config *cfg; /* NULL or no `users` section: everyone may edit everything */
} action_actor;

typedef struct action_state {
	int64_t id, version;
	char status[16];
	char due[DATE_ISO_LEN]; /* effective; "" when none */
	char updated_by[256], updated_at[32];
	/* After a write: the status and due date ("" for none) it replaced, read inside its
	 * transaction, so exactly its history row's old value; "" from action_get. */
	char was_status[16], was_due[DATE_ISO_LEN];
} action_state;

/* Checks text a user gives against the rule above; `what` names it in the message ("the
 * note"). Every write below calls it; front ends may call it to refuse early. */
int action_check_text(const char *what, const char *text, ab_err *err);


int action_get(store *st, const char *key, action_state *out, ab_err *err);
/* Whether the actor may change this action at all (EX_NOPERM with the reason in err). */
int action_check_permission(store *st, const action_actor *who, const char *key, ab_err *err);

int action_set_status(store *st, const action_actor *who, const char *key,
		      int64_t expected_version, model_status status, const char *note,
		      action_state *out, ab_err *err);
int action_add_note(store *st, const action_actor *who, const char *key, const char *text,
		    action_state *out, ab_err *err);
/* A new due date with its reason (required); the date derived from the target is kept. */
int action_revise_due(store *st, const action_actor *who, const char *key,
		      int64_t expected_version, date_t due, const char *reason,
		      action_state *out, ab_err *err);

typedef struct action_event {
	const char *at, *user, *kind, *field, *old, *new_, *note;
} action_event;
typedef int (*action_event_fn)(const action_event *e, void *ctx);
/* The action's history, oldest first. */
int action_history(store *st, const char *key, action_event_fn fn, void *ctx, ab_err *err);

#endif
