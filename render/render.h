/*
 * render — how actionboard's data looks to people: progress reports (Markdown, HTML),
 * `show` as text, and THE one line for a history event, used by `history`, `show`, the
 * reports and the dashboard alike.
 *
 * One header for the whole layer, because its callers (cli, tui, tests) need a handful of
 * entry points and nothing of how each format is written; the formats share the report's
 * private model through report_priv.h, which nothing outside render/ includes.
 *
 * Contract:
 * - render reads data only through core's query API (query.h, digest.h, catalog.h,
 *   action.h): no SQL, nothing of the store's private header. It never writes to the
 *   database.
 * - render_report() writes one report to `fp`: one section per plan (cycle) that matches
 *   the options, each with its figures, status per owner, actions by due month, and per
 *   item its agreement, actions done/total, overdue actions with owners and days late, and
 *   the notes recorded on or after `since`. HTML is one self-contained document: inline
 *   CSS and SVG, no script, no reference to anything outside the file; every text is
 *   escaped. An unknown establishment, cycle or owner is EX_DATAERR; a failed write
 *   EX_IOERR. Plans with no matching action are left out; with none at all the report
 *   says so.
 * - render_show() writes `show`'s text for the item or action `ref` names, wrapped to
 *   `cols` columns; for an action, its history follows.
 * - render_event_change() and render_event_line() append to a util_buf (util.h: the
 *   caller owns the buffer). The event's values are made
 *   safe by text_safe_add (core/text.h): line breaks and tabs become spaces, so a line
 *   stays one line, and anything a terminal could act on becomes TEXT_MARK. The arrow is
 *   "→" (actionboard writes UTF-8).
 * - Every text from the data or the user that render writes — show's fields, the
 *   reports' Markdown and HTML — is made safe the same way before it is escaped for its
 *   format, so a report or `show` is valid UTF-8 that never drives a terminal.
 */
#ifndef AB_RENDER_H
#define AB_RENDER_H

#include <stdio.h>

#include "../core/action.h"
#include "../core/assess.h"
#include "../core/date.h"
#include "../core/digest.h"
#include "../core/err.h"
#include "../core/store.h"
#include "../core/util.h"

typedef enum { RENDER_MARKDOWN, RENDER_HTML } render_format;

typedef struct render_report_opts {
	const char *establishment, *cycle; /* NULL: every one */
	const char *owner;                 /* canonical name or alias; NULL: every owner */
	const char *since;                 /* "YYYY-MM-DD": notes from that day; NULL: all */
	render_format format;
	date_t today;
	const char *version;               /* printed in the HTML footer; may be NULL */
	bool pack;                         /* the IRP evidence pack (render_pack) */
} render_report_opts;

int render_report(store *st, const render_report_opts *o, FILE *fp, ab_err *err);
/*
 * The IRP evidence pack of the plan o->cycle (of o->establishment, needed only when several
 * establishments have that cycle: else EX_USAGE), as one HTML document for A4 (pack.c):
 * a first page of where each concern or recommendation stands, then each one on a page of
 * its own with its finding, judgements, links, and each action's status, due date and
 * slip, verification, evidence and history. o->owner and o->since do not apply.
 */
int render_pack(store *st, const render_report_opts *o, FILE *fp, ab_err *err);

int render_show(store *st, const digest_ref *ref, date_t today, int cols, FILE *fp,
		ab_err *err);

/*
 * What an event changed, without who or when or its note:
 *   status planned → completed          due 2023-06-30 → 2027-03-31  (none: "none")
 *   note                                definition text: OLD → NEW    (sync; none: "-")
 *   note #12 retracted                  note #12 corrected            undo of #11: status …
 *   undo of #12: note withdrawn         undo of #14: note restored (a correction undone)
 * and, when a later event reversed it, " (undone by #16)", " (retracted by #15)" or
 * " (corrected by #14)".
 */
void render_event_change(util_buf *b, const action_event *e);
/*
 * The event as one line (no newline): "#ID  AT  USER  CHANGE" (the id only for a stored
 * event; AT as clock_show() writes it: local time, or UTC after --utc), then the note
 * after ": " for a note and after " · " for a change that carries one, e.g.
 *   #7    23 Nov 2026 10:15  jsmith       status planned → completed · Grilles fitted
 */
void render_event_line(util_buf *b, const action_event *e);

/*
 * An item beside our own status, in the words the reports and the dashboard share
 * (assess.c); each appends to b (nothing when there is nothing to say):
 *   render_judged   "HMIP at the IRP: insufficient progress (2023-05-11, jsmith) · HMIP
 *                    at the next inspection: not achieved (2025-06-10, jsmith) · own
 *                    assessment: achieved (2023-04-01, jsmith)"; `who` adds the recorder
 *   render_lineage  "raised before in 2019-08 (2.88, partly agreed; HMIP at the next
 *                    inspection: not achieved, 2022-07-29)", then for an item a later one
 *                    repeats, "raised again in LIV/2022-07/1.8"
 *   render_ours     our side: "4/4 actions closed, last completed 2023-01-20" or "own
 *                    assessment: achieved (2023-04-01)", as the disagreement rule reads it
 *   render_theirs   the inspectors' judgement that counts: "HMIP at the next inspection:
 *                    not achieved (2025-06-10)"
 */
void render_judged(util_buf *b, const assess_item *a, bool who);
void render_lineage(util_buf *b, const assess_item *a);
void render_ours(util_buf *b, const assess_item *a);
void render_theirs(util_buf *b, const assess_item *a);

#endif
