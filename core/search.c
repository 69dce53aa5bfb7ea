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

void search_like(const char *text, char *pattern, size_t n)
{
	size_t j = 0;
	pattern[j++] = '%';
	for (const char *p = text; *p && j < n - 3; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			pattern[j++] = '\\';
		pattern[j++] = *p;
	}
	pattern[j++] = '%';
	pattern[j] = 0;
}

/*
 * ?1 the expression (or, for text without a word, the LIKE pattern), ?2 the limit, ?3
 * today. The best hits first (FTS5's rank is bm25), then each joined to its live row: an
 * item, an action, or a current note and its action. Plans come in the order of their best
 * hit, hits by rank within a plan. A substring search has no rank: plan order.
 */
#define SEARCH_FOUND_WORDS                                                                 \
	"WITH hit AS (SELECT rowid AS r, rank AS score FROM text_search"                     \
	"   WHERE text_search MATCH ?1 ORDER BY rank LIMIT ?2),"                             \
	" found AS ("                                                                        \
	"  SELECT h.score, 1 AS kind, i.id AS item, NULL AS act, i.cycle_id AS cyc, i.text AS body" \
	"   FROM hit h JOIN item i ON i.id = h.r >> 2 WHERE h.r & 3 = 1 AND i.retired = 0"    \
	"  UNION ALL"                                                                         \
	"  SELECT h.score, 2, a.item_id, a.id, a.cycle_id, a.text"                            \
	"   FROM hit h JOIN action a ON a.id = h.r >> 2 WHERE h.r & 3 = 2 AND a.retired = 0"  \
	"  UNION ALL"                                                                         \
	"  SELECT h.score, 3, a.item_id, a.id, a.cycle_id, n.note"                            \
	"   FROM hit h JOIN history n ON n.id = h.r >> 2 JOIN action a ON a.id = n.action_id" \
	"   WHERE h.r & 3 = 3 AND a.retired = 0 AND " RULES_NOTE_CURRENT("n") "),"

#define SEARCH_FOUND_LIKE                                                                  \
	"WITH found AS ("                                                                    \
	"  SELECT 0.0 AS score, 1 AS kind, i.id AS item, NULL AS act, i.cycle_id AS cyc,"     \
	"   i.text AS body FROM item i WHERE i.retired = 0 AND i.text LIKE ?1 ESCAPE '\\'"   \
	"  UNION ALL"                                                                         \
	"  SELECT 0.0, 2, a.item_id, a.id, a.cycle_id, a.text FROM action a"                  \
	"   WHERE a.retired = 0 AND a.text LIKE ?1 ESCAPE '\\'"                                \
	"  UNION ALL"                                                                         \
	"  SELECT 0.0, 3, a.item_id, a.id, a.cycle_id, n.note"                                \
	"   FROM history n JOIN action a ON a.id = n.action_id"                              \
	"   WHERE a.retired = 0 AND n.note LIKE ?1 ESCAPE '\\' AND " RULES_NOTE_CURRENT("n") "),"

#define SEARCH_LIVE                                                                        \
	" live AS (SELECT f.*, min(f.score) OVER (PARTITION BY f.cyc) AS best,"              \
	"   count(*) OVER (PARTITION BY f.cyc) AS n"                                          \
	"  FROM found f JOIN cycle c ON c.id = f.cyc AND c.retired = 0"                       \
	"  JOIN item i ON i.id = f.item AND i.retired = 0)"

#define SEARCH_ROWS                                                                        \
	" SELECT l.kind, l.item, l.act, e.code, e.name, c.code, c.scheme, i.ref, a.action_id,"  \
	"  l.body, a.status, coalesce(" RULES_OVERDUE("a", "?3") ", 0), l.score, l.n"         \
	" FROM live l JOIN cycle c ON c.id = l.cyc JOIN establishment e ON e.id = c.establishment_id" \
	" JOIN item i ON i.id = l.item LEFT JOIN action a ON a.id = l.act"

static const char search_words_sql[] =
	SEARCH_FOUND_WORDS SEARCH_LIVE SEARCH_ROWS " ORDER BY l.best, l.cyc, l.score";
static const char search_like_sql[] =
	SEARCH_FOUND_LIKE SEARCH_LIVE SEARCH_ROWS " ORDER BY l.cyc, l.item, l.kind, l.act LIMIT ?2";

/* How many hits there are in all: every item and action hit, and the current notes. */
static const char search_words_count_sql[] =
	"SELECT count(*) FROM text_search t WHERE text_search MATCH ?1 AND (t.rowid & 3 <> 3"
	" OR EXISTS (SELECT 1 FROM history n WHERE n.id = t.rowid >> 2 AND "
	RULES_NOTE_CURRENT("n") "))";
static const char search_like_count_sql[] = SEARCH_FOUND_LIKE SEARCH_LIVE
	" SELECT count(*) FROM live";

static int search_total(store *st, const char *sql, const char *expr, int *total, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
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
	bool words = search_words(text, expr, sizeof expr);
	if (!words && !*text)
		return 0;
	if (!words)
		search_like(text, expr, sizeof expr);
	if (search_total(st, words ? search_words_count_sql : search_like_count_sql, expr, total,
			 err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st, words ? search_words_sql : search_like_sql, &s, err))
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
