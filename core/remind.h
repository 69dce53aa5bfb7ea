/*
 * remind — the reminders each owner needs (actionboard(1) remind): their actions overdue,
 * due within N days, completed and awaiting verification, and open with no update in
 * REMIND_STALE_DAYS days, each listed once (under the first of those that applies), and
 * the RFC 5322 message that carries them.
 *
 * Contract:
 * - remind_collect() calls fn once per owner of the settings who has something to hear
 *   about, in the settings' order, with the addresses their reminders go to: the owner's
 *   `email` and the `email` of every user whose owners include them (aliases count), each
 *   once. An owner with nothing to hear about is never passed; one with no address is
 *   passed with naddr 0 (the caller says so). Strings are valid during the call only.
 * - remind_message() appends the message: From, To, Subject (RFC 2047 encoded when not
 *   ASCII), Date, Message-ID, MIME-Version, a plain text UTF-8 body (8bit), lines at most
 *   998 octets, LF line ends (sendmail -t takes them).
 * - remind_address_ok(): one addr-spec name@domain of printable ASCII without spaces or
 *   any of <>(),;:\" (so nothing in a header can be injected), at most 254 bytes.
 * Nothing writes to the store.
 */
#ifndef AB_REMIND_H
#define AB_REMIND_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "err.h"
#include "model.h"
#include "store.h"
#include "util.h"

#define REMIND_STALE_DAYS 60
#define REMIND_MAX_ADDR 16

typedef enum { REMIND_OVERDUE, REMIND_DUE_SOON, REMIND_AWAITING, REMIND_STALE, REMIND_KINDS } remind_kind;

typedef struct remind_line {
	char *key, *text, *due; /* due: "" when none */
	remind_kind kind;
} remind_line;

typedef struct remind_owner {
	const char *owner;
	const char *addr[REMIND_MAX_ADDR];
	size_t naddr;
	const remind_line *lines; /* by kind, then plan order */
	size_t nlines;
} remind_owner;

typedef int (*remind_fn)(const remind_owner *o, void *ctx);

bool remind_address_ok(const char *a);
/* The heading of a kind of line ("Overdue", "Due within 30 days", ...), into buf. */
void remind_kind_words(remind_kind k, int days, char *buf, size_t n);
int remind_collect(store *st, const model_config *cfg, date_t today, int days, remind_fn fn,
		   void *ctx, ab_err *err);
/* `from` an address (remind_address_ok), `date` an RFC 5322 date-time, `msgid` the
 * Message-ID without <>. */
void remind_message(util_buf *out, const remind_owner *o, const char *from, const char *date,
		   const char *msgid, int days);

#endif
