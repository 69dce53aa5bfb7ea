/*
 * header — the labelled lines before the plan table: the establishment's name ("Action
 * Plan: HMP Liverpool", "ESTABLISHMENT: HMP LIVERPOOL"), "Action Plan Submitted: …",
 * "Report Published: …" and the inspection's dates ("A Response to the HMIP Inspection:
 * 18–19 and 25–29 July 2022"), all read by core/date.h. Then the establishment code and
 * cycle id, from the options or derived from what the header said.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "import_priv.h"

/* The text after `label` (case-insensitive, anywhere in s) and an optional colon. */
static const char *after_label(const char *s, const char *label)
{
	const char *p = strcasestr(s, label);
	if (!p)
		return NULL;
	p = imp_skip_spaces(p + strlen(label));
	if (*p == ':')
		p = imp_skip_spaces(p + 1);
	return p;
}

/* "HMP Liverpool", "HMP/YOI Hindley", not "ACTION PLAN: HMCIP REPORT". */
static bool names_establishment(const char *v)
{
	static const char *const kinds[] = {"HMP", "YOI", "HMYOI", "Prison", "IRC", "STC"};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		const char *p = strcasestr(v, kinds[k]);
		if (p && (p == v || !imp_alnum(p[-1])) && !imp_alnum(p[strlen(kinds[k])]))
			return true;
	}
	return false;
}

/* A labelled date, once: the first one understood counts; one not understood warns. */
static void header_date(imp *im, const char *v, int line, const char *what, date_t *d, bool *has)
{
	if (*has)
		return;
	if (date_parse_day(v, d))
		*has = true;
	else
		imp_warn(im, line, "%s date '%s' not understood; left out", what, imp_excerpt(im, v, 60));
}

/*
 * The inspection's dates, and words after them ("18 January 2016 Attached") left out
 * with a warning: the longest run of words from the start that reads as dates. Text
 * with digits that reads as none is a warning too (the cycle then needs --cycle).
 */
static int inspection_dates(imp *im, const char *v, int line)
{
	const size_t max = sizeof im->ranges / sizeof im->ranges[0];
	char *t = imp_strdup(im, v);
	size_t len = strlen(t);
	for (int cut = 0; cut <= 8 && len; cut++) {
		t[len] = 0;
		if ((im->nranges = date_parse_ranges(t, im->ranges, max))) {
			im->ranges_line = line;
			if (cut)
				imp_warn(im, line, "words after the inspection dates left out: '%s'",
					 imp_excerpt(im, imp_skip_spaces(v + len), 60));
			return 0;
		}
		while (len && t[len - 1] != ' ') /* one word fewer */
			len--;
		while (len && t[len - 1] == ' ')
			len--;
	}
	if (strpbrk(v, "0123456789") && strlen(v) < 160)
		imp_warn(im, line, "inspection dates '%s' not understood; left out (give --cycle ID)",
			 imp_excerpt(im, v, 60));
	return 0;
}

int imp_header_line(imp *im, const char *raw, int line)
{
	char *s = imp_clean(im, raw, strlen(raw));
	const char *v;
	if (!*s)
		return 0;
	if ((v = after_label(s, "plan submitted"))) {
		header_date(im, v, line, "plan submitted", &im->submitted, &im->has_submitted);
	} else if ((v = after_label(s, "report published")) ||
		   (imp_starts_ci(s, "published") && (v = after_label(s, "published")))) {
		header_date(im, v, line, "report published", &im->published, &im->has_published);
	} else if ((v = after_label(s, "inspection")) && !im->nranges && *v) {
		if (!strncasecmp(v, "dates", 5))
			v = imp_skip_spaces(v + 5 + (v[5] == ':'));
		return inspection_dates(im, v, line);
	} else if (((imp_starts_ci(s, "action plan") && (v = after_label(s, "action plan"))) ||
		    (imp_starts_ci(s, "establishment") && (v = after_label(s, "establishment")))) &&
		   !im->est_name && *v && (names_establishment(v) || imp_starts_ci(s, "establishment"))) {
		im->est_name = v;
		im->est_line = line;
	}
	return 0;
}

/* The establishment the settings know by this name (its key as register.c makes it). */
static const model_establishment *settings_establishment(imp *im, const char *key)
{
	const model_config *cfg = im->opt->settings;
	char k[96];
	for (size_t i = 0; cfg && i < cfg->nestablishments; i++) {
		const model_establishment *e = &cfg->establishments[i];
		if (e->name && e->code && (imp_register_key(e->name, k, sizeof k), !strcmp(k, key)))
			return e;
	}
	return NULL;
}

/* "HMP Foo" is not in the register: an error naming the nearest names. */
static int unknown_establishment(imp *im, const char *name)
{
	const imp_reg *near[3];
	size_t n = imp_register_nearest(name, near, 3);
	char list[256] = "";
	for (size_t i = 0; i < n; i++) {
		size_t at = strlen(list);
		snprintf(list + at, sizeof list - at, "%s%s (%s)", i ? ", " : "", near[i]->name, near[i]->code);
	}
	return err_set_at(im->err, EX_DATAERR, im->name, im->est_line, 0,
			  "establishment '%s' is neither in the settings nor in the prison register "
			  "(nearest: %s); give --establishment CODE", imp_excerpt(im, name, 60), list);
}

/* Region and function the settings leave out, from the register, said (not written:
 * the settings are the user's). */
static void register_adds(imp *im, const model_establishment *e, const imp_reg *r)
{
	char says[256] = "";
	size_t at = 0;
	if (!e->region)
		at += (size_t)snprintf(says, sizeof says, "region: %s", *r->country ? r->country : "?");
	if (!e->function && at < sizeof says)
		snprintf(says + at, sizeof says - at, "%sfunction: %s%s%s%s%s", at ? "; " : "", r->types,
			 *r->category ? ", category " : "", r->category, *r->holds ? ", holds " : "", r->holds);
	imp_warn(im, im->est_line, "establishments/%s.yaml leaves out %s; the prison register (%s) says %s", e->code,
		 !e->region && !e->function ? "region and function" : !e->region ? "region" : "function", r->code, says);
}

/*
 * The establishment code for the name in the header: the settings' code for an
 * establishment they know (the bundled Liverpool plans stay LIV), else the register's
 * agency code. Either is said in a warning; a name in neither, or one the register has
 * twice, is an error.
 */
static int establishment_code(imp *im, const char **code)
{
	char key[96];
	const char *name = im->est_name;
	imp_register_key(name, key, sizeof key);
	const model_establishment *e = *key ? settings_establishment(im, key) : NULL;
	const imp_reg *hit[4];
	size_t n = imp_register_find(name, hit, 4);
	if (e) {
		imp_warn(im, im->est_line, "establishment '%s' is %s in the settings (%s); give --establishment CODE if it differs",
			 imp_excerpt(im, name, 60), e->code, e->name);
		if (n == 1 && (!e->region || !e->function))
			register_adds(im, e, hit[0]);
		*code = e->code;
		return 0;
	}
	if (!n)
		return unknown_establishment(im, name);
	if (n > 1)
		return err_set_at(im->err, EX_DATAERR, im->name, im->est_line, 0,
				  "establishment '%s' could be %s (%s) or %s (%s) in the prison register; "
				  "give --establishment CODE", imp_excerpt(im, name, 60), hit[0]->name, hit[0]->code,
				  hit[1]->name, hit[1]->code);
	const imp_reg *r = hit[0];
	imp_warn(im, im->est_line,
		 "establishment code '%s' from the prison register for '%s' (%s%s; %s%s%s%s%s); not in the "
		 "settings: add establishments/%s.yaml before sync; give --establishment CODE if it differs",
		 r->code, imp_excerpt(im, name, 60), r->name, r->active ? "" : ", closed", r->country,
		 *r->category ? ", category " : "", r->category, *r->holds ? ", holds " : "", r->holds, r->code);
	*code = r->code;
	return 0;
}

/* --establishment CODE for a header that names another establishment (by the settings'
 * code or the register's): said, as a plan filed under the wrong prison is wrong in every
 * field that follows. */
static void given_code_check(imp *im, const char *given)
{
	char key[96];
	imp_register_key(im->est_name, key, sizeof key);
	const model_establishment *e = *key ? settings_establishment(im, key) : NULL;
	const imp_reg *hit[2];
	const char *named = e ? e->code : imp_register_find(im->est_name, hit, 2) == 1 ? hit[0]->code : NULL;
	if (named && strcmp(named, given))
		imp_warn(im, im->est_line, "the header names '%s' (%s in the %s), but --establishment is %s",
			 imp_excerpt(im, im->est_name, 60), named, e ? "settings" : "prison register", given);
}

int imp_plan_ids(imp *im, const char **code, const char **cycle)
{
	*code = im->opt->establishment;
	if (!*code && !im->est_name)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "no establishment name found in the header; give --establishment CODE");
	int rc = *code ? 0 : establishment_code(im, code);
	if (rc)
		return rc;
	if (im->opt->establishment && im->est_name)
		given_code_check(im, *code);
	*cycle = im->opt->cycle;
	if (!*cycle) {
		if (!im->nranges)
			return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
					  "no inspection dates found in the header; give --cycle ID");
		char *c = imp_alloc(im, 16);
		snprintf(c, 16, "%04d-%02d", im->ranges[0].from.y, im->ranges[0].from.m);
		*cycle = c;
		const date_t *a = &im->ranges[0].from, *b = &im->ranges[im->nranges - 1].to;
		if (a->y != b->y)
			imp_warn(im, im->ranges_line, "the inspection runs across a year's end (%04d-%02d-%02d to "
				 "%04d-%02d-%02d): cycle %s, from its first day; give --cycle ID if it differs",
				 a->y, a->m, a->d, b->y, b->m, b->d, c);
	}
	return 0;
}
