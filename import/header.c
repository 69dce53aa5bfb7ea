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
		im->nranges = date_parse_ranges(v, im->ranges, sizeof im->ranges / sizeof im->ranges[0]);
	} else if (((imp_starts_ci(s, "action plan") && (v = after_label(s, "action plan"))) ||
		    (imp_starts_ci(s, "establishment") && (v = after_label(s, "establishment")))) &&
		   !im->est_name && names_establishment(v)) {
		im->est_name = v;
		im->est_line = line;
	}
	return 0;
}

/* A word that names the kind of establishment, not the place. */
static bool kind_word(const char *p, size_t n)
{
	static const char *const kinds[] = {"hmp", "yoi", "hmyoi", "hmp/yoi", "hmp&yoi", "&", "and",
					    "hm", "prison", "irc", "hmirc", "stc", "young",
					    "offender", "institution"};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (n && strlen(kinds[k]) == n && !strncasecmp(p, kinds[k], n))
			return true;
	return false;
}

/*
 * The establishment code from its name: the first three letters of the place, after the
 * kind of establishment ("HMP Liverpool" is LIV, "HMP/YOI Hindley" HIN). A guess: warns.
 * NULL when the name has no place in it.
 */
static const char *derive_code(imp *im)
{
	const char *p = im->est_name;
	for (;;) {
		p = imp_skip_spaces(p);
		size_t n = 0;
		while (p[n] && p[n] != ' ' && p[n] != '/')
			n++;
		if (*p == '/')
			n = 1;
		else if (!kind_word(p, n))
			break;
		p += n;
	}
	char code[4] = {0};
	size_t k = 0;
	for (; *p && *p != ' ' && k < 3; p++)
		if (imp_alpha(*p))
			code[k++] = (char)(*p & ~0x20); /* ASCII upper case */
	if (k == 0)
		return NULL;
	imp_warn(im, im->est_line, "establishment code '%s' derived from '%s'; give --establishment CODE if it differs",
		 code, imp_excerpt(im, im->est_name, 60));
	return imp_strdup(im, code);
}

int imp_plan_ids(imp *im, const char **code, const char **cycle)
{
	*code = im->opt->establishment;
	if (!*code && !(*code = im->est_name ? derive_code(im) : NULL))
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "no establishment name found in the header; give --establishment CODE");
	*cycle = im->opt->cycle;
	if (!*cycle) {
		if (!im->nranges)
			return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
					  "no inspection dates found in the header; give --cycle ID");
		char *c = imp_alloc(im, 16);
		snprintf(c, 16, "%04d-%02d", im->ranges[0].from.y, im->ranges[0].from.m);
		*cycle = c;
	}
	return 0;
}
