/* similar — see similar.h. */
#include "similar.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- Porter's stemmer ------------------------------------------------------------- */

/* Whether b[i] is a consonant: not a vowel, and 'y' only after a vowel or first. */
static bool stem_cons(const char *b, size_t i)
{
	switch (b[i]) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
		return false;
	case 'y':
		return i == 0 || !stem_cons(b, i - 1);
	default:
		return true;
	}
}

/* m: the number of vowel-consonant sequences in b[0..n), [C](VC)^m[V]. */
static int stem_measure(const char *b, size_t n)
{
	size_t i = 0;
	int m = 0;
	while (i < n && stem_cons(b, i))
		i++;
	while (i < n) {
		while (i < n && !stem_cons(b, i))
			i++;
		if (i >= n)
			break;
		while (i < n && stem_cons(b, i))
			i++;
		m++;
	}
	return m;
}

static bool stem_has_vowel(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!stem_cons(b, i))
			return true;
	return false;
}

static bool stem_double_cons(const char *b, size_t n)
{
	return n >= 2 && b[n - 1] == b[n - 2] && stem_cons(b, n - 1);
}

/* consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "snow"). */
static bool stem_cvc(const char *b, size_t n)
{
	return n >= 3 && stem_cons(b, n - 3) && !stem_cons(b, n - 2) && stem_cons(b, n - 1) &&
	       !strchr("wxy", b[n - 1]);
}

static bool stem_ends(const char *b, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && !memcmp(b + n - l, suffix, l);
}

/* Replaces the ending `suffix` (present) by `rep`, never longer; returns the new length. */
static size_t stem_replace(char *b, size_t n, const char *suffix, const char *rep)
{
	size_t at = n - strlen(suffix), l = strlen(rep);
	memcpy(b + at, rep, l);
	return at + l;
}

typedef struct stem_rule {
	const char *suffix, *rep;
} stem_rule;

/* The first rule whose suffix ends b (the lists go longest first where they overlap)
 * applies when the rest has m > min; either way no later rule is tried. */
static size_t stem_rules(char *b, size_t n, const stem_rule *rules, int min)
{
	for (const stem_rule *r = rules; r->suffix; r++)
		if (stem_ends(b, n, r->suffix)) {
			if (stem_measure(b, n - strlen(r->suffix)) > min)
				n = stem_replace(b, n, r->suffix, r->rep);
			break;
		}
	return n;
}

static size_t stem_step1(char *b, size_t n)
{
	if (stem_ends(b, n, "sses") || stem_ends(b, n, "ies"))
		n -= 2;
	else if (!stem_ends(b, n, "ss") && stem_ends(b, n, "s"))
		n -= 1;
	bool again = false;
	if (stem_ends(b, n, "eed")) {
		if (stem_measure(b, n - 3) > 0)
			n -= 1;
	} else if (stem_ends(b, n, "ed") && stem_has_vowel(b, n - 2)) {
		n -= 2;
		again = true;
	} else if (stem_ends(b, n, "ing") && stem_has_vowel(b, n - 3)) {
		n -= 3;
		again = true;
	}
	if (again) { /* the removed ending left room for the 'e' put back */
		if (stem_ends(b, n, "at") || stem_ends(b, n, "bl") || stem_ends(b, n, "iz"))
			b[n++] = 'e';
		else if (stem_double_cons(b, n) && !strchr("lsz", b[n - 1]))
			n -= 1;
		else if (stem_measure(b, n) == 1 && stem_cvc(b, n))
			b[n++] = 'e';
	}
	if (stem_ends(b, n, "y") && stem_has_vowel(b, n - 1))
		b[n - 1] = 'i';
	return n;
}

static const stem_rule stem_step2_rules[] = {
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
	{"izer", "ize"}, {"abli", "able"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"},
	{"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"},
	{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"},
	{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {NULL, NULL}};

static const stem_rule stem_step3_rules[] = {
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"},
	{"ful", ""}, {"ness", ""}, {NULL, NULL}};

static size_t stem_step4(char *b, size_t n)
{
	static const char *const suffixes[] = {
		"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
		"ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", NULL};
	for (const char *const *s = suffixes; *s; s++)
		if (stem_ends(b, n, *s)) {
			size_t rest = n - strlen(*s);
			bool ion_ok = strcmp(*s, "ion") || (rest && strchr("st", b[rest - 1]));
			if (stem_measure(b, rest) > 1 && ion_ok)
				n = rest;
			break;
		}
	return n;
}

static size_t stem_step5(char *b, size_t n)
{
	if (stem_ends(b, n, "e")) {
		int m = stem_measure(b, n - 1);
		if (m > 1 || (m == 1 && !stem_cvc(b, n - 1)))
			n -= 1;
	}
	if (stem_measure(b, n) > 1 && stem_double_cons(b, n) && b[n - 1] == 'l')
		n -= 1;
	return n;
}

size_t similar_stem(char *word, size_t len)
{
	if (len <= 2)
		return len;
	len = stem_step1(word, len);
	len = stem_rules(word, len, stem_step2_rules, 0);
	len = stem_rules(word, len, stem_step3_rules, 0);
	len = stem_step4(word, len);
	len = stem_step5(word, len);
	word[len] = 0;
	return len;
}

/* ---- words ------------------------------------------------------------------------- */

/* Function words that say nothing about a finding's subject (checked before stemming). */
static bool similar_stopword(const char *w)
{
	static const char *const words[] = {
		"about", "above", "after", "again", "against", "all", "also", "and", "any", "are",
		"because", "been", "before", "being", "below", "between", "both", "but", "can",
		"could", "did", "does", "doing", "down", "during", "each", "few", "for", "from",
		"further", "had", "has", "have", "having", "her", "here", "hers", "him", "his",
		"how", "into", "its", "itself", "just", "may", "might", "more", "most", "much",
		"must", "nor", "not", "now", "off", "once", "only", "other", "our", "ours", "out",
		"over", "own", "same", "shall", "she", "should", "some", "such", "than", "that",
		"the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
		"through", "too", "under", "until", "upon", "very", "was", "were", "what", "when",
		"where", "which", "while", "who", "whom", "why", "will", "with", "within", "would",
		"you", "your", NULL};
	for (const char *const *s = words; *s; s++)
		if (!strcmp(*s, w))
			return true;
	return false;
}

/* Calls fn(ctx, stem) for each counted word of text; stops at fn's non-zero result. */
static int similar_words(const char *text, int (*fn)(void *ctx, const char *stem), void *ctx)
{
	char w[SIMILAR_WORD_MAX + 1];
	for (const char *p = text ? text : ""; *p;) {
		size_t n = 0;
		while (*p && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) {
			if (n < SIMILAR_WORD_MAX)
				w[n++] = (char)(*p | 0x20);
			p++;
		}
		if (!n) {
			p++;
			continue;
		}
		w[n] = 0;
		if (n < 3 || similar_stopword(w))
			continue;
		similar_stem(w, n);
		int rc = fn(ctx, w);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- the corpus -------------------------------------------------------------------- */

typedef struct similar_term {
	char *stem;
	int df;       /* documents holding it */
	size_t doc;   /* the last document that counted it, plus one (0: none) */
	size_t slot;  /* its entry in that document */
} similar_term;

typedef struct similar_entry {
	size_t term;
	double w; /* raw count while adding; the normalised weight after finish */
} similar_entry;

struct similar_corpus {
	similar_term *terms;
	size_t nterms, cterms;
	size_t *table;     /* open addressing: term index + 1, 0 = empty */
	size_t tcap;       /* a power of two */
	similar_entry *entries; /* each document's contiguous */
	size_t nentries, centries;
	size_t *starts;    /* where each document's entries start (ndocs of them) */
	size_t cstarts;
	size_t ndocs;
	double weight;     /* while adding: what the current text's words count */
	bool finished;
};

similar_corpus *similar_new(void)
{
	return xcalloc(1, sizeof(similar_corpus));
}

void similar_free(similar_corpus *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nterms; i++)
		free(c->terms[i].stem);
	free(c->terms);
	free(c->entries);
	free(c->starts);
	free(c->table);
	free(c);
}

static uint64_t similar_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t similar_nterms(const similar_corpus *c)
{
	return c->nterms;
}

/* Doubles the table (kept at most half full) and rehashes. */
static void similar_grow_table(similar_corpus *c)
{
	size_t cap = c->tcap ? c->tcap * 2 : 1024;
	size_t *t = xcalloc(cap, sizeof *t);
	const similar_term *terms = c->terms;
	for (size_t i = 0; i < similar_nterms(c); i++) {
		size_t h = similar_hash(terms[i].stem) & (cap - 1);
		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = i + 1;
	}
	free(c->table);
	c->table = t;
	c->tcap = cap;
}

/* The term's index, added when new. */
static size_t similar_term_id(similar_corpus *c, const char *stem)
{
	if ((similar_nterms(c) + 1) * 2 > c->tcap)
		similar_grow_table(c);
	size_t h = similar_hash(stem) & (c->tcap - 1);
	similar_term *terms = c->terms;
	for (; c->table[h]; h = (h + 1) & (c->tcap - 1))
		if (!strcmp(terms[c->table[h] - 1].stem, stem))
			return c->table[h] - 1;
	similar_term t = {.stem = xstrdup(stem)};
	XGROW(c->terms, c->nterms, c->cterms);
	c->terms[c->nterms++] = t;
	c->table[h] = similar_nterms(c);
	return similar_nterms(c) - 1;
}

/* One word of the document being added: a new entry, or more weight on its entry. */
static int similar_count(void *ctx, const char *stem)
{
	similar_corpus *c = ctx;
	size_t id = similar_term_id(c, stem);
	similar_term *t = &c->terms[id];
	if (t->doc == c->ndocs + 1) {
		c->entries[t->slot].w += c->weight;
		return 0;
	}
	t->doc = c->ndocs + 1;
	t->slot = c->nentries;
	t->df++;
	similar_entry e = {id, c->weight};
	XGROW(c->entries, c->nentries, c->centries);
	c->entries[c->nentries++] = e;
	return 0;
}

int similar_add(similar_corpus *c, const char *primary, const char *secondary)
{
	if (c->finished)
		return -1;
	XGROW(c->starts, c->ndocs, c->cstarts);
	c->starts[c->ndocs] = c->nentries; /* ndocs counts it once its words are in */
	c->weight = 1.0;
	similar_words(primary, similar_count, c);
	c->weight = SIMILAR_SECONDARY_WEIGHT;
	similar_words(secondary, similar_count, c);
	c->ndocs++;
	return 0;
}

static int similar_entry_cmp(const void *a, const void *b)
{
	size_t x = ((const similar_entry *)a)->term, y = ((const similar_entry *)b)->term;
	return (x > y) - (x < y);
}

/* Document d's entries: [*first, *first + *n). */
static const similar_entry *similar_doc(const similar_corpus *c, size_t d, size_t *n)
{
	const size_t *starts = c->starts;
	size_t end = d + 1 < c->ndocs ? starts[d + 1] : c->nentries;
	*n = end - starts[d];
	return c->entries + starts[d];
}

void similar_finish(similar_corpus *c)
{
	if (c->finished)
		return;
	const similar_term *terms = c->terms;
	for (size_t d = 0; d < c->ndocs; d++) {
		size_t n;
		similar_entry *e = (similar_entry *)similar_doc(c, d, &n);
		double norm = 0;
		for (size_t i = 0; i < n; i++) {
			double idf = log((double)c->ndocs / terms[e[i].term].df);
			e[i].w = log1p(e[i].w) * idf;
			norm += e[i].w * e[i].w;
		}
		norm = sqrt(norm);
		for (size_t i = 0; i < n; i++)
			e[i].w = norm > 0 ? e[i].w / norm : 0;
		if (n > 1)
			qsort(e, n, sizeof *e, similar_entry_cmp);
	}
	c->finished = true;
}

double similar_cosine(const similar_corpus *c, size_t a, size_t b)
{
	if (!c->finished || a >= c->ndocs || b >= c->ndocs)
		return 0;
	size_t na, nb, i = 0, j = 0;
	const similar_entry *x = similar_doc(c, a, &na), *y = similar_doc(c, b, &nb);
	double dot = 0;
	while (i < na && j < nb) {
		if (x[i].term == y[j].term)
			dot += x[i++].w * y[j++].w;
		else if (x[i].term < y[j].term)
			i++;
		else
			j++;
	}
	return dot;
}
