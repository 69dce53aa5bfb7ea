/* pick — see pick.h. */
#include "pick.h"

#include <stdlib.h>
#include <string.h>



const char *pick_owner(view_ctx *c, const prompt_screen *ps)
{
	board *b = c->b;
	size_t n = b->nowners;
	const char **names = xcalloc(n ? n : 1, sizeof *names);
	int initial = -1;
	for (size_t i = 0; i < n; i++) {
		names[i] = b->owners[i].name;
		if (b->filter.nowners == 1 && !strcmp(b->filter.owners[0], names[i]))
			initial = (int)i;
	}
	int pick = prompt_menu(ps, "Filter by owner (type to narrow, Enter picks, Esc cancels)",
			       names, (int)n, initial, true);
	if (pick >= 0)
		board_filter_owners(b, &names[pick], 1, false);
	free(names);
	return pick >= 0 ? "" : NULL;
}

/* The settings' user entry for this login, or NULL after saying what is missing. */
static const model_user *pick_user(view_ctx *c)
{
	const model_config *s = c->cfg->settings;
	if (!s || !s->has_users) {
		view_message(c, true, " 'my actions' needs a users section in the settings mapping "
			     "%s to owners", c->cfg->user);
		return NULL;
	}
	const model_user *u = NULL;
	for (size_t i = 0; i < s->nusers; i++)
		if (!strcmp(s->users[i].login, c->cfg->user))
			u = &s->users[i];
	if (!u || !u->nowners) {
		view_message(c, true, " %s %s in the settings' users section", c->cfg->user,
			     u ? "has no owners mapped" : "is not listed");
		return NULL;
	}
	return u;
}

size_t pick_my_owners(view_ctx *c, const char **names, size_t max)
{
	const model_user *u = pick_user(c);
	size_t n = 0;
	for (size_t i = 0; u && i < u->nowners && n < max; i++) {
		const char *canon = model_owner_canonical(c->cfg->settings, u->owners[i]);
		names[n++] = canon ? canon : u->owners[i];
	}
	return n;
}

const char *pick_mine(view_ctx *c)
{
	board *b = c->b;
	if (b->filter.mine) {
		board_filter_owners(b, NULL, 0, false);
		return "My actions: off";
	}
	const char *names[BOARD_MAX_OWNERS];
	size_t n = pick_my_owners(c, names, BOARD_MAX_OWNERS);
	if (!n)
		return NULL;
	board_filter_owners(b, names, n, true);
	return "";
}

const char *pick_status(view_ctx *c, const prompt_screen *ps)
{
	const char *choices[STATUS_COUNT + 1] = {"any status"};
	for (int i = 0; i < STATUS_COUNT; i++)
		choices[i + 1] = model_status_name((model_status)i);
	int pick = prompt_menu(ps, "Filter by status", choices, STATUS_COUNT + 1,
			       c->b->filter.status + 1, false);
	if (pick < 0)
		return NULL;
	c->b->filter.status = pick - 1;
	return "Status filter: off";
}

/* "LIV · HMP Liverpool · 2019-08 (recommendations) · inspected 2019-08-05": the code
 * too, so that typing "LIV" or "2019" narrows the list. (The figures of each plan are on
 * the estate overview, E: counting every plan here would read the whole estate.) */
static char *pick_cycle_label(const board_cycle *cy)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s · %s · %s (%s)%s%s", cy->establishment,
		 cy->establishment_name, cy->cycle, cy->scheme,
		 cy->inspection_start ? " · inspected " : "",
		 cy->inspection_start ? cy->inspection_start : "");
	return xstrdup(buf);
}

int pick_cycle(view_ctx *c, const prompt_screen *ps)
{
	board *b = c->b;
	ab_err err = {0};
	if (board_refresh_cycles(b, &err)) {
		view_message(c, true, " %s", err.msg);
		return PICK_NOTHING;
	}
	size_t n = b->ncycles;
	char **labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = pick_cycle_label(&b->cycles[i]);
	labels[n] = xstrdup("All plans · where our status and the inspectors' judgements disagree");
	int pick = prompt_menu(ps, "Establishment and cycle", (const char *const *)labels,
			       (int)n + 1, (int)b->cur, true);
	for (size_t i = 0; i <= n; i++)
		free(labels[i]);
	free(labels);
	if (pick >= 0 && (size_t)pick == n)
		return PICK_GAPS;
	if (pick < 0 || (size_t)pick == b->cur)
		return PICK_NOTHING;
	b->cur = (size_t)pick;
	return PICK_CYCLE;
}

bool pick_owner_in(view_ctx *c, const prompt_screen *ps, const char *establishment, char *out,
		   size_t n)
{
	const char *const *names;
	size_t count;
	ab_err err = {0};
	if (span_owner_names(c->sp, establishment, &names, &count, &err)) {
		view_message(c, true, " %s", err.msg);
		return false;
	}
	char title[200];
	snprintf(title, sizeof title, "Owner's actions in %s%s",
		 establishment ? "establishment " : "the estate", establishment ? establishment : "");
	int pick = prompt_menu(ps, title, names, (int)count, -1, true);
	if (pick >= 0)
		snprintf(out, n, "%s", names[pick]);
	return pick >= 0;
}
