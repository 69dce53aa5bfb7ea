/* search — see search.h. */
#include "search.h"

#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "store_priv.h"
#include "text.h"

/*
 * Whether a code point may be part of a word for the index's tokenizer (unicode61: letters,
 * digits and private use are; punctuation, symbols and spaces are not). Outside ASCII this
 * leaves out the blocks of punctuation and symbols a plan's text uses (£, –, •, ’, ×);
 * a character wrongly counted only makes a search find nothing where a substring search
 * would have found the symbol.
 */
static bool search_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp == TEXT_BAD || (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7)
		return false;
	return !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
	       !(cp >= 0xFE30 && cp <= 0xFE6F) && !(cp >= 0xFF00 && cp <= 0xFF0F);
}

bool search_words(const char *text, char *buf, size_t n)
{
	bool word = false;
	for (const char *p = text; *p;) {
		uint32_t cp;
		p += text_decode(p, &cp);
		word |= search_word_char(cp);
	}
	if (!word || n < 6)
		return buf[0] = 0, false;
	/* One FTS5 string (its quotes doubled): the tokenizer makes it a phrase; " *" makes
	 * the phrase's last word a prefix. Cut at a whole character when it does not fit. */
	size_t j = 0;
	buf[j++] = '"';
	for (const char *p = text; *p;) {
		uint32_t cp;
		int len = text_decode(p, &cp);
		size_t need = (size_t)len + (*p == '"');
		if (j + need + 4 > n)
			break;
		if (*p == '"')
			buf[j++] = '"';
		memcpy(buf + j, p, (size_t)len);
		j += (size_t)len;
		p += len;
	}
	memcpy(buf + j, "\" *", 4);
	return true;
}

/*
 * ?1 the expression, ?2 the limit, ?3 today. The best hits first (FTS5's rank is bm25),
 * then each joined to its live row: an item, an action, or a note and its action. Plans
 * come in the order of their best hit, hits by rank within a plan.
 */
static const char search_sql[] =
	"WITH hit AS (SELECT rowid AS r, rank AS score FROM text_search"
	"   WHERE text_search MATCH ?1 ORDER BY rank LIMIT ?2),"
	" found AS ("
	"  SELECT h.score, 1 AS kind, i.id AS item, NULL AS act, i.cycle_id AS cyc, i.text AS body"
	"   FROM hit h JOIN item i ON i.id = h.r >> 2 WHERE h.r & 3 = 1 AND i.retired = 0"
	"  UNION ALL"
	"  SELECT h.score, 2, a.item_id, a.id, a.cycle_id, a.text"
	"   FROM hit h JOIN action a ON a.id = h.r >> 2 WHERE h.r & 3 = 2 AND a.retired = 0"
	"  UNION ALL"
	"  SELECT h.score, 3, a.item_id, a.id, a.cycle_id, n.note"
	"   FROM hit h JOIN history n ON n.id = h.r >> 2 JOIN action a ON a.id = n.action_id"
	"   WHERE h.r & 3 = 3 AND a.retired = 0),"
	" live AS (SELECT f.*, min(f.score) OVER (PARTITION BY f.cyc) AS best,"
	"   count(*) OVER (PARTITION BY f.cyc) AS n"
	"  FROM found f JOIN cycle c ON c.id = f.cyc AND c.retired = 0"
	"  JOIN item i ON i.id = f.item AND i.retired = 0)"
	" SELECT l.kind, l.item, l.act, e.code, e.name, c.code, c.scheme, i.ref, a.action_id,"
	"  l.body, a.status, coalesce(" RULES_OVERDUE("a", "?3") ", 0), l.score, l.n"
	" FROM live l JOIN cycle c ON c.id = l.cyc JOIN establishment e ON e.id = c.establishment_id"
	" JOIN item i ON i.id = l.item LEFT JOIN action a ON a.id = l.act"
	" ORDER BY l.best, l.cyc, l.score";

static const char search_count_sql[] =
	"SELECT count(*) FROM text_search WHERE text_search MATCH ?1";

static int search_total(store *st, const char *expr, int *total, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, search_count_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, expr);
	int rc = sqlite3_step(s);
	*total = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, "searching");
}

int search_run(store *st, const char *text, date_t today, int limit, search_fn fn, void *ctx,
	       int *total, ab_err *err)
{
	char expr[1100], iso[DATE_ISO_LEN];
	*total = 0;
	if (!search_words(text, expr, sizeof expr))
		return 0;
	if (search_total(st, expr, total, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st, search_sql, &s, err))
		return err->code;
	date_format_iso(today, iso);
	store_bind_text(s, 1, expr);
	sqlite3_bind_int(s, 2, limit);
	store_bind_text(s, 3, iso);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		search_hit h = {
			.kind = (search_kind)sqlite3_column_int(s, 0),
			.item_id = sqlite3_column_int64(s, 1),
			.action_id = sqlite3_column_int64(s, 2),
			.establishment = store_col(s, 3),
			.establishment_name = store_col(s, 4),
			.cycle = store_col(s, 5),
			.scheme = store_col(s, 6),
			.item_ref = store_col(s, 7),
			.action_key_id = store_col(s, 8),
			.text = store_col(s, 9),
			.status = store_col(s, 10),
			.overdue = sqlite3_column_int(s, 11) != 0,
			.rank = sqlite3_column_double(s, 12),
			.plan_hits = sqlite3_column_int(s, 13),
		};
		cbrc = fn(&h, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "searching");
}
