/*
 * owners — owner cells as the settings name them. The settings' owners and aliases are
 * recognised anywhere in a cell, longest first and at word boundaries, and folded onto
 * their canonical names; what is between them is a joiner ("and", "&", "/", ",", "+",
 * ";") or an owner the settings do not know, kept as published.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_priv.h"

/* An owner cell longer than this is not split (it is kept whole, as published). */
#define MAX_OWNER_CELL 1000

static int known_cmp(const void *a, const void *b)
{
	const imp_known *x = a, *y = b;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

void imp_owners_init(imp *im)
{
	const model_config *cfg = im->opt->settings;
	if (!cfg)
		return;
	size_t n = 0;
	for (size_t i = 0; i < cfg->nowners; i++)
		n += 1 + cfg->owners[i].naliases;
	im->known = imp_alloc(im, (n + 1) * sizeof *im->known);
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		for (size_t j = 0; j <= o->naliases; j++) {
			const char *pat = j ? o->aliases[j - 1] : o->name;
			if (pat && *pat)
				im->known[im->nknown++] = (imp_known){pat, o->name, strlen(pat)};
		}
	}
	qsort(im->known, im->nknown, sizeof *im->known, known_cmp);
}

/* The longest known owner name or alias at s[i], at word boundaries; NULL if none. */
static const imp_known *known_at(imp *im, const char *s, size_t i)
{
	if (i > 0 && imp_alnum(s[i - 1]))
		return NULL;
	for (size_t k = 0; k < im->nknown; k++) {
		const imp_known *kn = &im->known[k];
		if (!strncasecmp(s + i, kn->pat, kn->len) && !imp_alnum(s[i + kn->len]))
			return kn;
	}
	return NULL;
}

const char *imp_fold_owner(imp *im, const char *name)
{
	size_t n = strlen(name);
	while (n > 0 && (name[n - 1] == '.' || name[n - 1] == ','))
		n--;
	for (size_t k = 0; k < im->nknown; k++)
		if (im->known[k].len == n && !strncasecmp(name, im->known[k].pat, n))
			return im->known[k].canon;
	for (size_t k = 0; k < im->nknown; k++) /* an alias that ends in '.' ("Governor.") */
		if (!strcasecmp(name, im->known[k].pat))
			return im->known[k].canon;
	return NULL;
}

/* A joiner between joint owners: "and", "&", "/", ",", "+", ";". */
static size_t joiner_at(const char *s, size_t i)
{
	if (s[i] && strchr("&/,+;", s[i]))
		return 1;
	if ((i == 0 || s[i - 1] == ' ') && !strncasecmp(s + i, "and", 3) && !imp_alnum(s[i + 3]))
		return 3;
	return 0;
}

/* Adds an owner: to the group before when a joiner came between, else as a new group. */
static void groups_add(imp *im, imp_ogroups *og, const char *name, bool *joined)
{
	if (!og->n || !*joined) {
		imp_grow(im, &og->g, og->n, &og->cap, sizeof *og->g);
		og->g[og->n++] = (imp_strs){0};
	}
	*joined = false;
	imp_strs_add(im, &og->g[og->n - 1], name);
}

/* The end of an owner the settings do not know, from `start`: the next joiner or known
 * owner at a word start. */
static size_t unknown_end(imp *im, const char *s, size_t n, size_t start)
{
	size_t i = start;
	while (i < n && !((i == start || s[i - 1] == ' ' || s[i - 1] == '/') &&
			  (joiner_at(s, i) || known_at(im, s, i))) && !strchr("&/,+;", s[i]))
		i++;
	return i;
}

/*
 * Known names (longest first) are recognised anywhere; owners joined by "and", "/", "&"
 * or "," form one group, owners side by side ("Governor. Governor Governor") separate
 * groups, which may be one per action. A cell naming no known owner is one owner, as
 * published.
 */
void imp_owner_groups(imp *im, const char *s, imp_ogroups *out)
{
	imp_ogroups og = {0};
	size_t n = strlen(s);
	bool any = false, joined = true;
	for (size_t i = 0, k; i < n && n <= MAX_OWNER_CELL;) {
		const imp_known *kn;
		if (s[i] == ' ' || s[i] == '.') {
			i++;
		} else if ((k = joiner_at(s, i))) {
			joined = true;
			i += k;
		} else if ((kn = known_at(im, s, i))) {
			groups_add(im, &og, kn->canon, &joined);
			any = true;
			i += kn->len;
		} else {
			size_t start = i, end = i = unknown_end(im, s, n, start);
			while (end > start && (s[end - 1] == ' ' || s[end - 1] == '.'))
				end--;
			const char *name = end > start ? imp_strndup(im, s + start, end - start) : "";
			if (*name)
				groups_add(im, &og, name, &joined);
			og.guessed = og.guessed || *name;
			if (!og.unknown && *name)
				og.unknown = name;
		}
	}
	if (!any) { /* no known owner: the cell as published */
		og = (imp_ogroups){0};
		bool nj = false;
		if (*s)
			groups_add(im, &og, s, &nj);
	}
	*out = og;
}

void imp_ogroups_union(imp *im, const imp_ogroups *og, imp_strs *out)
{
	*out = (imp_strs){0};
	for (size_t i = 0; i < og->n; i++)
		for (size_t j = 0; j < og->g[i].n; j++)
			imp_strs_add(im, out, og->g[i].v[j]);
}
