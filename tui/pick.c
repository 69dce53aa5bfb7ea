/* pick — see pick.h. */
#include "pick.h"

#include "../core/judge.h"

#include <stdlib.h>
#include <string.h>

#include "../core/auth.h"
#include "../render/render.h"



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
	ab_err err = {0};
	if (pick >= 0 && board_filter_owners(b, &names[pick], 1, false, &err))
		view_message(c, true, " %s", err.msg);
	free(names);
	return pick >= 0 ? "" : NULL;
}

static int pick_on_scope(bool is_owner, const char *name, void *ctx)
{
	pick_my *m = ctx;
	if (is_owner)
		m->owners_named++;
	else
		m->within_named++;
	if (is_owner && m->nowners < PICK_MY_MAX) {
		snprintf(m->owner[m->nowners], sizeof m->owner[0], "%s", name);
		m->owners[m->nowners] = m->owner[m->nowners];
		m->nowners++;
	} else if (!is_owner && m->nwithin < PICK_MY_MAX) {
		snprintf(m->est[m->nwithin], sizeof m->est[0], "%s", name);
		m->within[m->nwithin] = m->est[m->nwithin];
		m->nwithin++;
	}
	return 0;
}

bool pick_my_scope(view_ctx *c, pick_my *m)
{
	memset(m, 0, sizeof *m);
	ab_err err = {0};
	if (auth_user_scope(c->b->st, c->cfg->user, c->cfg->settings, pick_on_scope, m, &err)) {
		view_message(c, true, " %s", err.msg);
		return false;
	}
	if (!m->nowners)
		view_message(c, true, " %s has no owners mapped in the users section", c->cfg->user);
	if (m->owners_named > PICK_MY_MAX || m->within_named > PICK_MY_MAX) {
		view_message(c, true, " My actions: your rights name %zu owners and %zu establishments;"
			     " at most %d of each at once: pick an owner with o",
			     m->owners_named, m->within_named, PICK_MY_MAX);
		return false;
	}
	return m->nowners > 0;
}

/* Whether the plan on screen is in one of the user's establishments (or they have none). */
static bool pick_within(view_ctx *c, const pick_my *m)
{
	const board_cycle *cy = board_cycle_current(c->b);
	bool in = !m->nwithin || !cy;
	for (size_t i = 0; i < m->nwithin && !in; i++)
		in = !strcmp(m->within[i], cy->establishment);
	if (!in)
		view_message(c, true, " My actions: none in %s, your rights are in %s%s",
			     cy->establishment, m->within[0], m->nwithin > 1 ? " and others" : "");
	return in;
}

const char *pick_mine(view_ctx *c)
{
	board *b = c->b;
	if (b->filter.mine) {
		ab_err err = {0};
		board_filter_owners(b, NULL, 0, false, &err); /* none: nothing to refuse */
		return "My actions: off";
	}
	pick_my m;
	if (!pick_my_scope(c, &m) || !pick_within(c, &m))
		return NULL;
	ab_err err = {0};
	if (board_filter_owners(b, m.owners, m.nowners, true, &err)) {
		view_message(c, true, " %s", err.msg);
		return NULL;
	}
	return "";
}

const char *pick_status(view_ctx *c, const prompt_screen *ps)
{
	const char *choices[STATUS_COUNT + 1] = {"any status"};
	for (int i = 0; i < STATUS_COUNT; i++)
		choices[i + 1] = model_status_label((model_status)i);
	int pick = prompt_menu(ps, "Filter by status", choices, STATUS_COUNT + 1,
			       c->b->filter.status + 1, false);
	if (pick < 0)
		return NULL;
	c->b->filter.status = pick - 1;
	return "Status filter: off";
}

const char *pick_agreement(view_ctx *c, const prompt_screen *ps)
{
	static const char *const values[] = {NULL, "agreed", "partly_agreed", "not_agreed"};
	static const char *const choices[] = {"any answer", "agreed", "partly agreed",
					      "not agreed"};
	int now = 0;
	for (int i = 1; i < 4; i++)
		if (c->b->filter.agreement && !strcmp(c->b->filter.agreement, values[i]))
			now = i;
	int pick = prompt_menu(ps, "Filter by the establishment's answer", choices, 4, now, false);
	if (pick < 0)
		return NULL;
	c->b->filter.agreement = values[pick];
	return "Agreement filter: off";
}

const char *pick_judged(view_ctx *c, const prompt_screen *ps)
{
	/* Any, then the inspection's values and the IRP's, best last, then none yet. */
	const char *values[16] = {NULL}, *choices[16] = {"any judgement"};
	int n = 1, now = 0;
	for (int s = JUDGE_INSPECTION; s >= JUDGE_IRP; s--)
		for (const char *const *v = judge_values((judge_source)s); *v && n < 14; v++, n++) {
			values[n] = *v;
			choices[n] = judge_value_words(*v);
		}
	values[n] = "none";
	choices[n++] = "no judgement yet";
	for (int i = 1; i < n; i++)
		if (c->b->filter.judged && !strcmp(c->b->filter.judged, values[i]))
			now = i;
	int pick = prompt_menu(ps, "Filter by the inspectors' latest judgement (IRP or inspection)",
			       choices, n, now, false);
	if (pick < 0)
		return NULL;
	c->b->filter.judged = values[pick];
	return "Judgement filter: off";
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
	const char **labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		board_cycle *cy = &b->cycles[i];
		if (!cy->label)
			cy->label = pick_cycle_label(cy);
		labels[i] = cy->label;
	}
	labels[n] = "All plans · where our status and the inspectors' judgements disagree";
	int pick = prompt_menu(ps, "Establishment and cycle", labels, (int)n + 1, (int)b->cur,
			       true);
	free(labels);
	if (pick >= 0 && (size_t)pick == n)
		return PICK_GAPS;
	if (pick < 0 || (size_t)pick == b->cur)
		return PICK_NOTHING;
	b->cur = (size_t)pick;
	return PICK_CYCLE;
}

bool pick_owner_in(view_ctx *c, const prompt_screen *ps, const char *establishment, char *out,
		   size_t n, char *est_out, size_t en)
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
		span_owner_label(c->sp, (size_t)pick, out, n, est_out, en);
	return pick >= 0;
}
