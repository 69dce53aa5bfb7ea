#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

static void *fx_alloc(void *p, size_t n, size_t size)
{
	void *q = realloc(p, n * size);
	if (!q)
		abort();
	return q;
}

static char *fx_str(const char *s)
{
	char *c = s ? strdup(s) : NULL;
	if (s && !c)
		abort();
	return c;
}

void fx_set(char **field, const char *s)
{
	free(*field);
	*field = fx_str(s);
}

/* Collects the NULL-terminated string arguments into a new array. */
static char **fx_strv(va_list ap, size_t *n)
{
	char **v = NULL;
	*n = 0;
	for (const char *s; (s = va_arg(ap, const char *));) {
		v = fx_alloc(v, *n + 1, sizeof *v);
		v[(*n)++] = fx_str(s);
	}
	return v;
}

model_config *fx_config(void)
{
	model_config *cfg = calloc(1, sizeof *cfg);
	if (!cfg)
		abort();
	cfg->path = fx_str("fixture.yaml");
	return cfg;
}

void fx_owner(model_config *cfg, const char *name, ...)
{
	cfg->owners = fx_alloc(cfg->owners, cfg->nowners + 1, sizeof *cfg->owners);
	model_owner *o = &cfg->owners[cfg->nowners++];
	*o = (model_owner){.name = fx_str(name)};
	va_list ap;
	va_start(ap, name);
	o->aliases = fx_strv(ap, &o->naliases);
	va_end(ap);
}

void fx_establishment(model_config *cfg, const char *code, const char *name)
{
	cfg->establishments = fx_alloc(cfg->establishments, cfg->nestablishments + 1,
				       sizeof *cfg->establishments);
	cfg->establishments[cfg->nestablishments++] =
		(model_establishment){.code = fx_str(code), .name = fx_str(name)};
}

model_plan *fx_plan(model_config *cfg, const char *est, const char *cycle, const char *scheme,
		    const char *from, const char *to)
{
	cfg->plans = fx_alloc(cfg->plans, cfg->nplans + 1, sizeof *cfg->plans);
	model_plan *p = &cfg->plans[cfg->nplans++];
	*p = (model_plan){.establishment = fx_str(est), .cycle = fx_str(cycle),
			  .scheme = fx_str(scheme), .ninspection = 1};
	p->inspection = fx_alloc(NULL, 1, sizeof *p->inspection);
	snprintf(p->inspection[0].from, sizeof p->inspection[0].from, "%s", from);
	snprintf(p->inspection[0].to, sizeof p->inspection[0].to, "%s", to);
	return p;
}

model_item *fx_item(model_plan *p, const char *ref, const char *category, const char *text)
{
	p->items = fx_alloc(p->items, p->nitems + 1, sizeof *p->items);
	model_item *it = &p->items[p->nitems++];
	*it = (model_item){.ref = fx_str(ref), .category = fx_str(category), .text = fx_str(text)};
	return it;
}

model_action *fx_action(model_item *it, const char *id, const char *target, const char *text,
			...)
{
	it->actions = fx_alloc(it->actions, it->nactions + 1, sizeof *it->actions);
	model_action *a = &it->actions[it->nactions++];
	*a = (model_action){.id = fx_str(id), .target = fx_str(target), .text = fx_str(text)};
	va_list ap;
	va_start(ap, text);
	a->owners = fx_strv(ap, &a->nowners);
	va_end(ap);
	return a;
}

store *fx_store(const model_config *cfg, const char *name, sync_stats *stats)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	unlink(path);
	store *st = NULL;
	ab_err err = {0};
	sync_stats ignored;
	if (store_open(path, STORE_CREATE, &st, &err) ||
	    sync_apply(st, cfg, "tester", stats ? stats : &ignored, NULL, NULL, &err)) {
		printf("# fixture %s: %s\n", name, err.msg);
		test_failures++;
		store_close(st);
		return NULL;
	}
	return st;
}

char *fx_dump(store *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ab_err err = {0};
	if (!fp)
		abort();
	CHECK_INT(store_dump(st, fp, &err), 0);
	fclose(fp);
	return buf;
}

date_t fx_date(const char *iso)
{
	date_t d = {0};
	CHECK(date_parse_iso(iso, &d));
	return d;
}
