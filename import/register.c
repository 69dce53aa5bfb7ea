/*
 * register — the official register of prisons, YOIs, IRCs and STCs of England and Wales
 * with their three-letter agency codes (data/prison-register.tsv, from the Ministry of
 * Justice's ministryofjustice/prison-register, MIT licence: data/README.md), built into
 * the program (data/embed.py), and names looked up in it in every form plans print them:
 * "HMP Liverpool", "HMP LIVERPOOL", "HMP & YOI Holme House", "HMP/YOI Hindley", "HMYOI
 * Aylesbury", "HMP The Verne", "The Mount", "Liverpool (HMP)". A name is its place words:
 * the kind words (HMP, YOI, Prison, Young Offender Institution, IRC, …), '&', '/',
 * brackets and apostrophes are left out, letters compared in upper case. The register is
 * read once into static storage (no allocation).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "import_priv.h"

extern const char register_tsv[];

#define REG_MAX 400
#define KEY_MAX 96

static imp_reg reg[REG_MAX];
static char reg_key[REG_MAX][KEY_MAX];
static unsigned reg_kinds[REG_MAX];
static size_t nreg;
static char reg_text[65536]; /* the register is some 10 KB; a larger one loads nothing: see load() */

/* Kind words: each, the kinds it says (bits), 0 for a joining word. */
static unsigned kind_word(const char *w, size_t n)
{
	static const struct { const char *w; unsigned k; } words[] = {
		{"HMP", IMP_KIND_HMP}, {"PRISON", IMP_KIND_HMP}, {"HM", 0}, {"HER", 0}, {"HIS", 0},
		{"MAJESTY", 0}, {"MAJESTYS", 0}, {"AND", 0}, {"HMYOI", IMP_KIND_YOI}, {"YOI", IMP_KIND_YOI},
		{"YOUNG", IMP_KIND_YOI}, {"OFFENDER", 0}, {"OFFENDERS", 0}, {"INSTITUTION", 0},
		{"IRC", IMP_KIND_IRC}, {"HMIRC", IMP_KIND_IRC}, {"IMMIGRATION", IMP_KIND_IRC}, {"REMOVAL", 0},
		{"CENTRE", 0}, {"STC", IMP_KIND_STC}, {"SECURE", IMP_KIND_STC}, {"TRAINING", 0},
		{"YCS", IMP_KIND_YOI}, {"CEM", IMP_KIND_HMP},
	};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k].w) == n && !strncasecmp(w, words[k].w, n))
			return words[k].k | 0x100;
	return 0;
}

unsigned imp_register_key(const char *name, char *key, size_t max)
{
	unsigned kinds = 0;
	size_t j = 0;
	const char *p = name;
	while (*p) {
		char word[KEY_MAX];
		size_t n = 0;
		while (*p && !imp_alnum(*p))
			p++;
		while (*p && (imp_alnum(*p) || *p == '\'' || !strncmp(p, "\xE2\x80\x99", 3))) {
			if (imp_alnum(*p) && n + 1 < sizeof word)
				word[n++] = (char)(imp_lower(*p) ? *p - 'a' + 'A' : *p);
			p += *p == '\xE2' ? 3 : 1;
		}
		if (!n)
			continue;
		unsigned k = kind_word(word, n);
		if (k) {
			kinds |= k & 0xFF;
			continue;
		}
		if (j && j + 1 < max)
			key[j++] = ' ';
		for (size_t i = 0; i < n && j + 1 < max; i++)
			key[j++] = word[i];
	}
	key[j < max ? j : max - 1] = 0;
	return kinds;
}

/* The register, cut into entries once: a copy of the text, fields split in place. */
static void load(void)
{
	if (nreg || strlen(register_tsv) >= sizeof reg_text)
		return; /* (grown past the buffer: every name is then unknown, an error, never a wrong code) */
	memcpy(reg_text, register_tsv, strlen(register_tsv) + 1);
	for (char *line = reg_text, *next; line && *line && nreg < REG_MAX; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (*line == '#' || !*line)
			continue;
		char *f[7] = {0};
		size_t nf = imp_split_cells(line, f, 7);
		if (nf < 7)
			continue;
		reg[nreg] = (imp_reg){.code = f[0], .name = f[1], .active = f[2][0] == '1', .types = f[3],
				      .category = f[4], .holds = f[5], .country = f[6]};
		reg_kinds[nreg] = imp_register_key(f[1], reg_key[nreg], KEY_MAX) | imp_register_key(f[3], (char[8]){0}, 8);
		nreg++;
	}
}

size_t imp_register_find(const char *printed, const imp_reg **out, size_t max)
{
	char key[KEY_MAX];
	unsigned kinds = imp_register_key(printed, key, sizeof key);
	load();
	size_t n = 0, active = 0;
	const imp_reg *hit[8];
	unsigned hk[8];
	for (size_t i = 0; i < nreg && *key; i++)
		if (!strcmp(reg_key[i], key) && n < 8)
			hit[n] = &reg[i], hk[n++] = reg_kinds[i], active += reg[i].active;
	/* several with this place: those of the kind the plan prints, then the open ones */
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!kinds || !hk[i] || (kinds & hk[i]))
			hit[k] = hit[i], hk[k++] = hk[i];
	if (k)
		n = k;
	k = 0;
	for (size_t i = 0; i < n && n > 1; i++)
		if (hit[i]->active)
			hit[k++] = hit[i];
	if (k)
		n = k;
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = hit[i];
	return n;
}

/* Edit distance of two keys (bytes), at most 64 bytes of each compared. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[65];
	la = la > 64 ? 64 : la;
	lb = lb > 64 ? 64 : lb;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

size_t imp_register_nearest(const char *printed, const imp_reg **out, size_t max)
{
	char key[KEY_MAX];
	imp_register_key(printed, key, sizeof key);
	load();
	size_t n = 0, dist[8];
	if (max > 8)
		max = 8;
	for (size_t i = 0; i < nreg; i++) {
		if (!reg[i].active)
			continue;
		size_t d = distance(key, reg_key[i]), at = n < max ? n++ : max;
		while (at > 0 && dist[at - 1] > d) { /* insertion into the best `max` */
			if (at < max)
				out[at] = out[at - 1], dist[at] = dist[at - 1];
			at--;
		}
		if (at < max)
			out[at] = &reg[i], dist[at] = d;
	}
	return n;
}
