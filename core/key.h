/*
 * key — the global name of an action or an item (actionboard(1)): "ESTABLISHMENT/CYCLE/ID",
 * e.g. action "LIV/2022-07/1.1.3", item "LIV/2022-07/1.1" or "LIV/2019-08/S37".
 *
 * Contract: key_parse() splits a key into its three parts, copied into `out`. Each part
 * is non-empty and fits its buffer (KEY_PLACE_MAX, KEY_ID_MAX, NUL included). The
 * establishment and cycle never hold '/' (the loader refuses it), so the first two '/'
 * separate the parts. An action id never holds '/' either, so an action key has exactly
 * two; an item ref is published text and is everything after the second '/'. On failure
 * it returns EX_DATAERR, naming the text and the form expected for `kind`, and `out` is
 * zeroed. key_format() writes a key with snprintf's semantics. Nothing here reads the
 * database or allocates.
 */
#ifndef AB_KEY_H
#define AB_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define KEY_PLACE_MAX 64 /* establishment code, cycle id */
#define KEY_ID_MAX 256   /* action id, item ref */
#define KEY_LEN (2 * KEY_PLACE_MAX + KEY_ID_MAX) /* a whole key, NUL included */

typedef enum {
	KEY_ACTION, /* ESTABLISHMENT/CYCLE/ACTION-ID */
	KEY_ITEM,   /* ESTABLISHMENT/CYCLE/REF */
	KEY_ANY,    /* either (as for `show`): parsed as KEY_ITEM, the message names both */
} key_kind;

typedef struct key_parts {
	char establishment[KEY_PLACE_MAX];
	char cycle[KEY_PLACE_MAX];
	char id[KEY_ID_MAX]; /* the action id, or the item ref */
} key_parts;

int key_parse(const char *text, key_kind kind, key_parts *out, ab_err *err);
/* Whether text names its establishment and cycle (holds two '/'), rather than being a
 * bare action id or item ref that needs them from elsewhere (--cycle). */
bool key_is_qualified(const char *text);
/* "EST/CYCLE/ID" into buf (at most n bytes, NUL included; NULL parts as ""); returns the
 * key's length. The one way a key is written. */
int key_format(char *buf, size_t n, const char *establishment, const char *cycle,
	       const char *id);

#endif
