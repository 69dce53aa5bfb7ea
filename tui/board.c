/* board — see board.h. Everything is read through core/query.h and core/catalog.h. */
#include "board.h"

#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/counts.h"
#include "../core/query.h"
#include "../core/key.h"

static void board_free_cycles(board *b)
{
	for (size_t i = 0; i < b->ncycles; i++) {
		board_cycle *c = &b->cycles[i];
		free(c->establishment);
		free(c->establishment_name);
		free(c->cycle);
		free(c->scheme);
		free(c->inspection_start);
		free(c->label);
	}
	free(b->cycles);
	b->cycles = NULL;
	b->ncycles = 0;
}

static void board_free_items(board *b)
{
	for (size_t i = 0; i < b->nitems; i++) {
		board_item *it = &b->items[i];
		free(it->ref);
		free(it->category);
		free(it->directed_to);
		free(it->agreement);
		free(it->agreement_note);
		free(it->repeated_from);
		free(it->text);
		free(it->as);
	}
	free(b->items);
	b->items = NULL;
	b->nitems = 0;
	for (int p = 0; p < 2; p++) {
		free(b->pane[p]);
		b->pane[p] = NULL;
		b->npane[p] = 0;
	}
}

static void board_free_owners(board *b)
{
	for (size_t i = 0; i < b->nowners; i++)
		free(b->owners[i].name), free(b->owners[i].establishment);
	free(b->owners);
	b->owners = NULL;
	b->nowners = 0;
}

void board_action_release(board_action *a)
{
	free(a->key);
	free(a->action_id);
	free(a->text);
	free(a->owners);
	free(a->target);
	free(a->due);
	free(a->due_original);
	free(a->due_reason);
	free(a->status);
	free(a->updated_by);
	free(a->updated_at);
	free(a->last_note);
	free(a->last_note_by);
	free(a->last_note_at);
	free(a->verification);
	free(a->verified_by);
	memset(a, 0, sizeof *a);
}

static void board_free_actions(board *b)
{
	for (size_t i = 0; i < b->nactions; i++)
		board_action_release(&b->actions[i]);
	free(b->actions);
	b->actions = NULL;
	b->nactions = 0;
	b->actions_item = 0;
}

static void board_free_gaps(board *b)
{
	for (size_t i = 0; i < b->ngaps; i++) {
		free(b->gaps[i].establishment);
		free(b->gaps[i].cycle);
		free(b->gaps[i].ref);
		free(b->gaps[i].text);
	}
	free(b->gaps);
	b->gaps = NULL;
	b->ngaps = 0;
}

void board_init(board *b, store *st, date_t today)
{
	memset(b, 0, sizeof *b);
	b->st = st;
	b->today = today;
	b->filter.status = -1;
	b->owners_scope = -1;
}

void board_filter_clear(board *b)
{
	for (size_t i = 0; i < b->filter.nowners; i++)
		free(b->filter.owners[i]);
	b->filter.nowners = 0;
	b->filter.mine = false;
	b->filter.status = -1;
	b->filter.overdue = b->filter.due_soon = b->filter.open_only = false;
	b->filter.slipped = false;
	b->filter.agreement = b->filter.judged = NULL;
}

void board_free(board *b)
{
	board_free_cycles(b);
	board_free_items(b);
	board_free_owners(b);
	board_free_actions(b);
	board_free_gaps(b);
	board_filter_clear(b);
}

const char *board_scope_name(int scope)
{
	static const char *const names[BOARD_SCOPES] = {"this plan", "this establishment",
							"the estate"};
	return scope >= 0 && scope < BOARD_SCOPES ? names[scope] : "?";
}

const board_cycle *board_cycle_current(const board *b)
{
	return b->cur < b->ncycles ? &b->cycles[b->cur] : NULL;
}

bool board_filtered(const board *b)
{
	const board_filter *f = &b->filter;
	return f->nowners || f->status >= 0 || f->overdue || f->due_soon || f->open_only ||
	       f->slipped || f->agreement || f->judged;
}

int board_filter_owners(board *b, const char *const *names, size_t n, bool mine, ab_err *err)
{
	if (n > BOARD_MAX_OWNERS) /* refused, never silently cut short; the filter stays */
		return err_set(err, EX_USAGE,
			       "you own actions as %zu owners: \"my actions\" covers at most %d;"
			       " pick one with o", n, BOARD_MAX_OWNERS);
	for (size_t i = 0; i < b->filter.nowners; i++)
		free(b->filter.owners[i]);
	b->filter.nowners = 0;
	b->filter.mine = mine;
	for (size_t i = 0; i < n; i++) {
		b->filter.owners[i] = xstrdup(names[i]);
		b->filter.nowners = i + 1;
	}
	return 0;
}

void board_filter_describe(const board *b, bool brief, char *buf, size_t n)
{
	const board_filter *f = &b->filter;
	size_t len = 0;
	buf[0] = 0;
#define ADD(...) do { if (len < n) len += (size_t)snprintf(buf + len, n - len, __VA_ARGS__); } while (0)
	if (f->nowners) {
		ADD("%s", f->mine ? (brief ? "mine: " : "my actions: ") : brief ? "" : "owner: ");
		for (size_t i = 0; i < f->nowners; i++)
			ADD("%s%s", i ? ", " : "", f->owners[i]);
	}
	if (f->status >= 0)
		ADD("%s%s%s", len ? " · " : "", brief ? "" : "status: ",
		    model_status_label((model_status)f->status));
	if (f->overdue)
		ADD("%soverdue", len ? " · " : "");
	if (f->due_soon)
		ADD(brief ? "%sdue ≤%d d" : "%sdue within %d days", len ? " · " : "",
		    BOARD_DUE_SOON_DAYS);
	if (f->open_only)
		ADD("%sopen%s", len ? " · " : "", brief ? "" : " only");
	if (f->slipped)
		ADD("%sslipped%s", len ? " · " : "", brief ? "" : " dates");
	if (f->agreement)
		ADD("%s%s", len ? " · " : "", !strcmp(f->agreement, "agreed") ? "agreed"
					     : !strcmp(f->agreement, "not_agreed") ? "not agreed"
										  : "partly agreed");
	if (f->judged)
		ADD("%sjudged: %s", len ? " · " : "",
		    strcmp(f->judged, "none") ? judge_value_words(f->judged) : "no judgement");
#undef ADD
}

const char *board_sort_name(query_sort sort)
{
	switch (sort) {
	case QUERY_SORT_PLAN: return "plan order";
	case QUERY_SORT_DUE: return "due date";
	case QUERY_SORT_LATE: return "days late";
	case QUERY_SORT_OWNER: return "owner";
	case QUERY_SORT_REF: return "action id";
	}
	return "?";
}

/* True when `owners` (QUERY_OWNER_SEP-joined) includes `name`. */
static bool board_owners_has(const char *owners, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = owners; p && *p;) {
		const char *end = strchr(p, QUERY_OWNER_SEP);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* The query filter for the current cycle and filters, without the owner when several
 * owners are filtered (core filters one owner; the board unions several itself). */
static query_filter board_query_filter(const board *b)
{
	const board_cycle *c = board_cycle_current(b);
	query_filter f = {.today = b->today};
	if (c) {
		f.establishment = c->establishment;
		f.cycle = c->cycle;
	}
	if (b->filter.nowners == 1)
		f.owner = b->filter.owners[0];
	if (b->filter.status >= 0)
		f.status = model_status_name((model_status)b->filter.status);
	f.overdue = b->filter.overdue;
	f.open = b->filter.open_only;
	f.due_within = b->filter.due_soon ? BOARD_DUE_SOON_DAYS : 0;
	f.slipped = b->filter.slipped;
	f.agreement = b->filter.agreement;
	f.judged = b->filter.judged;
	f.sort = b->sort;
	return f;
}

/* The same for items: in core's order of items for the sort (query.h), which is the order
 * `list --items --sort` gives; items have no owner, so by owner they keep the plan's. */
static query_filter board_items_filter(const board *b)
{
	query_filter f = board_query_filter(b);
	if (f.sort == QUERY_SORT_OWNER)
		f.sort = QUERY_SORT_PLAN;
	return f;
}

static bool board_action_wanted(const board *b, const char *owners)
{
	if (b->filter.nowners < 2)
		return true;
	for (size_t i = 0; i < b->filter.nowners; i++)
		if (board_owners_has(owners, b->filter.owners[i]))
			return true;
	return false;
}

/* ---- loading -------------------------------------------------------------------- */

typedef struct board_load_ctx {
	board *b;
	size_t cap;
	ab_err *err;
} board_load_ctx;

static int board_on_cycle(const catalog_cycle *r, void *ctx)
{
	board_load_ctx *lc = ctx;
	board *b = lc->b;
	XGROW(b->cycles, b->ncycles, lc->cap);
	b->cycles[b->ncycles++] = (board_cycle){
		.establishment = xstrdup(r->establishment),
		.establishment_name = xstrdup(r->establishment_name),
		.cycle = xstrdup(r->cycle),
		.scheme = xstrdup(r->scheme),
		.inspection_start = xstrdup(r->inspection_start),
	};
	return 0;
}

/* The change log's number is read first: a sync committing in between is then seen by the
 * next board_refresh_cycles(), never missed. */
static int board_load_cycles(board *b, ab_err *err)
{
	board_free_cycles(b);
	if (counts_changes(b->st, 0, NULL, NULL, &b->cycles_seen, err))
		return err->code;
	board_load_ctx lc = {b, 0, err};
	return catalog_plans(b->st, board_on_cycle, &lc, err);
}

/* counts_change_fn: a change of the whole estate (a sync that wrote) may add, retire or
 * rename plans. */
static int board_on_change(const char *establishment, const char *cycle, void *ctx)
{
	(void)cycle;
	if (!establishment)
		*(bool *)ctx = true;
	return 0;
}

/* Whether the list of cycles may have changed since it was read: a sync wrote, or the
 * database was replaced (a restore starts the numbers again). */
static int board_cycles_stale(board *b, bool *stale, ab_err *err)
{
	long long latest;
	bool whole = false;
	if (counts_changes(b->st, b->cycles_seen, board_on_change, &whole, &latest, err))
		return err->code;
	*stale = !b->ncycles || whole || latest < b->cycles_seen;
	return 0;
}

int board_select_cycle(board *b, const char *establishment, const char *cycle, ab_err *err)
{
	if (!b->ncycles && board_load_cycles(b, err))
		return err->code;
	if (!b->ncycles)
		return err_set(err, EX_NOINPUT, "the database holds no plans (try: actionboard sync)");
	size_t found = b->ncycles;
	const char *est = establishment ? establishment : b->cycles[0].establishment;
	for (size_t i = 0; i < b->ncycles; i++) {
		if (strcmp(b->cycles[i].establishment, est))
			continue;
		if (!cycle || !strcmp(b->cycles[i].cycle, cycle))
			found = i; /* without a cycle: the last (latest) one */
	}
	if (found == b->ncycles)
		return err_set(err, EX_DATAERR, "no cycle %s%s%s in the database", est,
			       cycle ? "/" : "", cycle ? cycle : "");
	b->cur = found;
	return board_load(b, err);
}

/* Which item pane a category belongs to, by scheme. */
static int board_item_pane(const board *b, const char *category)
{
	const board_cycle *c = board_cycle_current(b);
	bool concerns = c && !strcmp(c->scheme, "concerns");
	const char *upper = concerns ? "priority" : "key";
	return strcmp(category, upper) ? BOARD_LOWER : BOARD_UPPER;
}

const char *board_pane_title(const board *b, int which)
{
	const board_cycle *c = board_cycle_current(b);
	bool concerns = c && !strcmp(c->scheme, "concerns");
	if (which == BOARD_UPPER)
		return concerns ? "Priority concerns" : "Key recommendations";
	return concerns ? "Key concerns" : "General recommendations";
}

static int board_on_item(const query_item *r, void *ctx)
{
	board_load_ctx *lc = ctx;
	board *b = lc->b;
	XGROW(b->items, b->nitems, lc->cap);
	b->items[b->nitems++] = (board_item){
		.id = r->id, .seq = r->seq,
		.ref = xstrdup(r->ref), .category = xstrdup(r->category),
		.directed_to = xstrdup(r->directed_to), .agreement = xstrdup(r->agreement),
		.agreement_note = xstrdup(r->agreement_note),
		.repeated_from = xstrdup(r->repeated_from), .text = xstrdup(r->text),
		.total = r->actions_total, .completed = r->actions_completed,
		.overdue = r->actions_overdue,
	};
	return 0;
}

static int board_on_owner(const query_owner *r, void *ctx)
{
	board_load_ctx *lc = ctx;
	board *b = lc->b;
	XGROW(b->owners, b->nowners, lc->cap);
	b->owners[b->nowners++] = (board_owner){
		.name = xstrdup(r->name),
		.establishment = xstrdup(r->establishment),
		.total = r->total, .open = r->open,
		.overdue = r->overdue, .completed = r->completed,
	};
	return 0;
}

static board_item *board_item_by_id(board *b, int64_t id)
{
	for (size_t i = 0; i < b->nitems; i++)
		if (b->items[i].id == id)
			return &b->items[i];
	return NULL;
}

/* Several owners ("my actions"): recount each item from its wanted actions. */
static int board_on_action_count(const query_action *r, void *ctx)
{
	board_load_ctx *lc = ctx;
	board_item *it = board_item_by_id(lc->b, r->item_id);
	if (!it || !board_action_wanted(lc->b, r->owners))
		return 0;
	it->total++;
	it->completed += model_status_parse(r->status) == STATUS_COMPLETED;
	it->overdue += r->overdue;
	return 0;
}

static int board_recount_for_owners(board *b, ab_err *err)
{
	for (size_t i = 0; i < b->nitems; i++)
		b->items[i].total = b->items[i].completed = b->items[i].overdue = 0;
	query_filter f = board_query_filter(b);
	board_load_ctx lc = {b, 0, err};
	if (query_actions(b->st, &f, board_on_action_count, &lc, err))
		return err->code;
	size_t keep = 0;
	for (size_t i = 0; i < b->nitems; i++) {
		if (b->items[i].total) {
			b->items[keep++] = b->items[i];
			continue;
		}
		board_item *it = &b->items[i];
		free(it->ref); free(it->category); free(it->directed_to); free(it->agreement);
		free(it->agreement_note); free(it->repeated_from); free(it->text); free(it->as);
	}
	b->nitems = keep;
	return 0;
}

static int board_on_match(const query_item *r, void *ctx)
{
	board_item *it = board_item_by_id(((board_load_ctx *)ctx)->b, r->id);
	if (it && !it->match) {
		it->match = true;
		((board_load_ctx *)ctx)->b->nmatches++;
	}
	return 0;
}

/* Marks the items the search finds (search.h: the words of item and action text and
 * current notes), the one search of `list --search` and F. */
static int board_mark_matches(board *b, ab_err *err)
{
	b->nmatches = 0;
	if (!b->search[0])
		return 0;
	query_filter f = board_items_filter(b);
	f.search = b->search;
	board_load_ctx lc = {b, 0, err};
	if (b->filter.nowners < 2)
		return query_items(b->st, &f, board_on_match, &lc, err);
	for (size_t i = 0; i < b->filter.nowners; i++) {
		f.owner = b->filter.owners[i];
		if (query_items(b->st, &f, board_on_match, &lc, err))
			return err->code;
	}
	return 0;
}

/* Each item's judgements, links and slips. */
static int board_assess_items(board *b, ab_err *err)
{
	assess_reader *r;
	if (assess_reader_open(b->st, &r, err))
		return err->code;
	const board_cycle *c = b->ncycles ? &b->cycles[b->cur] : NULL;
	/* The plan's items in two statements, not one per item. */
	int rc = c && b->nitems ? assess_reader_scope(r, c->establishment, c->cycle, err) : 0;
	for (size_t i = 0; i < b->nitems && !rc; i++) {
		board_item *it = &b->items[i];
		it->as = xmalloc(sizeof *it->as);
		rc = assess_read(r, it->id, it->as, err);
	}
	assess_reader_close(r);
	return rc;
}

/* The owners of the scope with their counts. The estate's (a pass over every action) are
 * read again only when the database changed since; a plan's or an establishment's are
 * cheap, and read with every load. */
static int board_load_owners(board *b, ab_err *err)
{
	const board_cycle *c = board_cycle_current(b);
	long long version = 0;
	if (b->scope == BOARD_SCOPE_ESTATE) {
		if (store_data_version(b->st, &version, err))
			return err->code;
		if (b->owners_scope == BOARD_SCOPE_ESTATE && b->owners_version == version)
			return 0;
	}
	board_free_owners(b);
	query_filter place = {.today = b->today};
	if (c && b->scope != BOARD_SCOPE_ESTATE)
		place.establishment = c->establishment;
	if (c && b->scope == BOARD_SCOPE_PLAN)
		place.cycle = c->cycle;
	board_load_ctx lc = {b, 0, err};
	b->owners_scope = -1;
	if (query_owners(b->st, &place, board_on_owner, &lc, err))
		return err->code;
	b->owners_scope = b->scope;
	b->owners_version = version;
	return 0;
}

static void board_split_panes(board *b)
{
	for (int p = 0; p < 2; p++)
		if (b->nitems)
			b->pane[p] = xcalloc(b->nitems, sizeof *b->pane[p]);
	for (size_t i = 0; i < b->nitems; i++) {
		int p = board_item_pane(b, b->items[i].category);
		b->pane[p][b->npane[p]++] = i;
	}
}

int board_refresh_cycles(board *b, ab_err *err)
{
	/* Keep the cycle by name: a sync may have added or retired cycles since. */
	char est[64] = "", cyc[64] = "";
	const board_cycle *c = board_cycle_current(b);
	if (c) {
		snprintf(est, sizeof est, "%s", c->establishment);
		snprintf(cyc, sizeof cyc, "%s", c->cycle);
	}
	bool stale = true;
	if (board_cycles_stale(b, &stale, err))
		return err->code;
	if (!stale) /* 11,449 plans at 1m: not read again for nothing at every c */
		return 0;
	if (board_load_cycles(b, err))
		return err->code;
	b->cur = 0;
	for (size_t i = 0; i < b->ncycles; i++)
		if (!strcmp(b->cycles[i].establishment, est) && !strcmp(b->cycles[i].cycle, cyc))
			b->cur = i;
	return 0;
}

int board_load(board *b, ab_err *err)
{
	/* The list of cycles is read once, and again only when the picker opens after a sync
	 * (board_refresh_cycles): a change anywhere must not make every open dashboard read
	 * the estate's plans. */
	if (!b->ncycles && board_refresh_cycles(b, err))
		return err->code;
	board_free_items(b);
	board_free_actions(b);
	if (!b->ncycles)
		return 0;
	query_filter items_f = board_items_filter(b);
	if (b->filter.nowners > 1)
		items_f.owner = NULL;
	board_load_ctx lc = {b, 0, err};
	if (query_items(b->st, &items_f, board_on_item, &lc, err))
		return err->code;
	if (b->filter.nowners > 1 && board_recount_for_owners(b, err))
		return err->code;
	if (board_load_owners(b, err) || board_mark_matches(b, err) || board_assess_items(b, err))
		return err->code;
	const board_cycle *c = board_cycle_current(b);
	if (statutory_plan(b->st, c->establishment, c->cycle, b->today, &b->clock, err))
		return err->code;
	board_split_panes(b);
	return 0;
}

void board_action_fill(board_action *a, const query_action *r)
{
	char key[512];
	key_format(key, sizeof key, r->establishment, r->cycle, r->action_id);
	*a = (board_action){
		.id = r->id, .version = r->version, .key = xstrdup(key),
		.action_id = xstrdup(r->action_id), .text = xstrdup(r->text),
		.owners = xstrdup(r->owners), .target = xstrdup(r->target),
		.due = xstrdup(r->due), .due_original = xstrdup(r->due_original),
		.due_reason = xstrdup(r->due_reason), .status = xstrdup(r->status),
		.updated_by = xstrdup(r->updated_by), .updated_at = xstrdup(r->updated_at),
		.last_note = xstrdup(r->last_note), .last_note_by = xstrdup(r->last_note_by),
		.last_note_at = xstrdup(r->last_note_at), .overdue = r->overdue,
		.verification = xstrdup(r->verification), .verified_by = xstrdup(r->verified_by),
		.amendment = r->origin && !strcmp(r->origin, "amendment"),
	};
}

static int board_on_action(const query_action *r, void *ctx)
{
	board_load_ctx *lc = ctx;
	board *b = lc->b;
	if (!board_action_wanted(b, r->owners))
		return 0;
	XGROW(b->actions, b->nactions, lc->cap);
	board_action_fill(&b->actions[b->nactions++], r);
	return 0;
}

int board_load_actions(board *b, int64_t item_id, ab_err *err)
{
	board_free_actions(b);
	if (!item_id)
		return 0;
	query_filter f = board_query_filter(b);
	f.item_id = item_id;
	board_load_ctx lc = {b, 0, err};
	if (query_actions(b->st, &f, board_on_action, &lc, err))
		return err->code;
	b->actions_item = item_id;
	return 0;
}

/* ---- where our status and the inspectors disagree --------------------------------------- */

typedef struct board_gaps_ctx {
	board *b;
	size_t cap;
	ab_err *err;
} board_gaps_ctx;

static int board_on_gap(const assess_row *r, void *ctx)
{
	board_gaps_ctx *gc = ctx;
	board *b = gc->b;
	XGROW(b->gaps, b->ngaps, gc->cap);
	board_gap *g = &b->gaps[b->ngaps++];
	*g = (board_gap){.item_id = r->item_id, .establishment = xstrdup(r->establishment),
			 .cycle = xstrdup(r->cycle), .ref = xstrdup(r->ref),
			 .text = xstrdup(r->text), .as = *r->a};
	return 0;
}

int board_load_gaps(board *b, ab_err *err)
{
	board_free_gaps(b);
	board_gaps_ctx gc = {b, 0, err};
	return assess_disagreements(b->st, NULL, NULL, board_on_gap, &gc, err);
}

bool board_find_cycle(board *b, const char *establishment, const char *cycle)
{
	for (size_t i = 0; i < b->ncycles; i++)
		if (!strcmp(b->cycles[i].establishment, establishment) &&
		    !strcmp(b->cycles[i].cycle, cycle)) {
			b->cur = i;
			return true;
		}
	return false;
}
