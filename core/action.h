/*
 * action — the writes users make: status, notes and revised due dates, with permissions,
 * optimistic versions and an append-only history.
 *
 * Contract: every write is one BEGIN IMMEDIATE transaction that checks permission, checks
 * the version the caller saw (when expected_version > 0), updates the action, bumps its
 * version and appends a history row (user, time, old, new, note). Errors: EX_DATAERR for
 * an unknown key or bad value, EX_NOPERM when the user may not change the action,
 * EX_TEMPFAIL for a stale version (err says who changed it, when, and what it is now).
 * History is append-only (triggers refuse any UPDATE or DELETE): a mistake is put right by
 * a later event that reverses it (history.reverses; each event reversed at most once):
 *   - undo (action_undo): your latest change to the action still in effect (a status, a
 *     due date, a note or a correction) is reversed by an event of its kind with field
 *     "undo": the status or the revised due date and its reason as they were before it, a
 *     note withdrawn, a correction's text back to what it corrected;
 *   - a note retracted (field "retract", no text) or corrected (field "correct", the new
 *     text) by its author (action_note_revise).
 * A reversed event stays in the history (marked by reversed_by); its note is no longer
 * the action's latest note nor in reports, where a correction stands for what it corrects.
 * Keys are "ESTABLISHMENT/CYCLE/ACTION-ID", parsed by key_parse(KEY_ACTION) (core/key.h).
 *
 * Text a user gives (a status change's note, a note, a correction, a due date's reason) is
 * checked here, where every front end's writes enter, before anything is written: it must
 * be valid UTF-8 without control characters other than tab and newline (no C0 or C1
 * control, DEL, or bidi control: text.h's text_input_ok) and at most ACTION_TEXT_MAX
 * characters long.
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
/* Inside a write's transaction (store_begin): appends one history event to action `id`,
 * for the writes of other modules (verify.c, evidence.c, amend.c); `field` says what the
 * event is (NULL for a plain change). */
int action_log(store *st, int64_t id, const char *now, const char *user, const char *kind,
	       const char *field, const char *old, const char *new_, const char *note,
	       ab_err *err);
/* Inside a write's transaction: runs one fixed UPDATE of action `id` (?1 id, ?2 user, ?3
 * time, ?4 and ?5 its own values, NULL when unused). */
int action_update(store *st, const char *sql, int64_t id, const char *user, const char *now,
		  const char *v4, const char *v5, ab_err *err);
/* Begins a user's write to the action (the transaction is then open: commit or roll back):
 * reads its state into cur and checks the actor's right before the write lock and again
 * under it (store_begin_checked), so a user who may not write never holds the lock; with
 * expected_version > 0 a change made meanwhile is refused (EX_TEMPFAIL, naming who and
 * when). On failure nothing is open. */
int action_begin(store *st, const action_actor *who, const char *key, int64_t expected_version,
		 action_state *cur, ab_err *err);
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

/* One history event. `field` names the definition a sync changed, or for a user's event
 * how it acts on an earlier one ("undo", "retract", "correct"; NULL for a plain change).
 * id 0: an event not (yet) stored; reverses/reversed_by 0: none; reversed_as: the field of
 * the event that reversed this one (NULL when none). */
typedef struct action_event {
	const char *at, *user, *kind, *field, *old, *new_, *note;
	int64_t id, reverses, reversed_by;
	const char *reversed_as;
} action_event;
typedef int (*action_event_fn)(const action_event *e, void *ctx);
/* The action's history, oldest first. */
int action_history(store *st, const char *key, action_event_fn fn, void *ctx, ab_err *err);

#define ACTION_KEY_LEN 512

/* An event copied out of the store (fixed buffers, nothing to free): what an undo will
 * reverse or has reversed. A note is cut to fit; it is for showing, never for writing. */
typedef struct action_change {
	int64_t id, reverses; /* reverses: the note a correction corrects; 0 when none */
	char key[ACTION_KEY_LEN];
	char at[32], user[256], kind[8], old[64], new_[64], note[256];
} action_change;
/* The change as an event for render_event_change(); points into c. */
action_event action_change_event(const action_change *c);

/*
 * Your (who->login's) latest change to the action that is still in effect, without
 * writing anything: for asking "undo this?". EX_DATAERR when there is none.
 */
int action_undo_find(store *st, const action_actor *who, const char *key, action_change *out,
		     ab_err *err);
/*
 * Reverses that change (see above). `event` (when > 0) is the change the caller showed the
 * user: when it is no longer the one to undo, EX_TEMPFAIL and nothing is written. When
 * someone else changed the same value (status or due date) after it, EX_TEMPFAIL naming
 * who and when; nothing is written. *undone gets the change reversed (may be NULL).
 */
int action_undo(store *st, const action_actor *who, const char *key, int64_t event,
		action_change *undone, action_state *out, ab_err *err);
/*
 * Retracts (text NULL) or corrects (the new text) the note of history event `event`, which
 * must be a note (alone, not one given with a status or date: undo that change instead),
 * still in effect, and written by who->login (else EX_NOPERM). The action's key goes to
 * key_out (may be NULL). Unknown event, not a note, already reversed: EX_DATAERR.
 */
int action_note_revise(store *st, const action_actor *who, int64_t event, const char *text,
		       char key_out[ACTION_KEY_LEN], action_state *out, ab_err *err);

#endif
