/* edit_amend — see edit_amend.h. */
#include "edit_amend.h"

#include <string.h>

#include "../config/config.h"
#include "../core/amend.h"
#include "../core/key.h"
#include "../core/query.h"
#include "edit_priv.h"

/* The owners typed, split at ';' in place and trimmed; their count. */
static size_t amend_split(char *s, const char *out[AMEND_MAX_OWNERS])
{
	size_t n = 0;
	for (char *tok = strtok(s, ";"); tok && n < AMEND_MAX_OWNERS; tok = strtok(NULL, ";")) {
		tok += strspn(tok, " ");
		size_t len = strlen(tok);
		while (len && tok[len - 1] == ' ')
			tok[--len] = 0;
		if (len)
			out[n++] = tok;
	}
	return n;
}

/* The owners prompt's check (prompt.h): on Enter, the first name that is neither an owner
 * nor an alias in the settings refuses the line, with the closest name as config check
 * gives it, so a misspelling is fixed before the target is asked. Without settings, core
 * checks them on saving (amend.h). */
static bool amend_owners_hint(void *arg, const char *text, bool enter, char *hint, size_t n)
{
	const model_config *cfg = ((const view_ctx *)arg)->cfg->settings;
	hint[0] = 0;
	if (!enter || !cfg || !cfg->nowners)
		return true;
	char copy[1024];
	const char *names[AMEND_MAX_OWNERS];
	snprintf(copy, sizeof copy, "%s", text);
	size_t k = amend_split(copy, names);
	for (size_t i = 0; i < k; i++) {
		if (model_owner_canonical(cfg, names[i]))
			continue;
		const char *near = config_owner_suggest(cfg, names[i]);
		snprintf(hint, n, "✗ unknown owner '%s'%s%s%s", names[i],
			 near ? ": did you mean '" : " (actionboard owners lists them)",
			 near ? near : "", near ? "'?" : "");
		return false;
	}
	return true;
}

/* Asks for the text, owners and target, each offered as `was` (the amendment's, or empty). */
static bool amend_ask(const view_ctx *c, const prompt_screen *ps, const char *what, char *text,
		      char *owners, char *target)
{
	char label[700];
	snprintf(label, sizeof label, "Text of %s (Enter: next, Esc cancels): ", what);
	if (!prompt_line(ps, label, text, ACTION_TEXT_BUF, ACTION_TEXT_MAX, NULL) || term_done() ||
	    !text[0])
		return false;
	prompt_check check = {.hint = amend_owners_hint, .arg = (void *)c};
	if (!prompt_line_checked(ps, "Owners, separated by ; (names or aliases; Enter: next, Esc "
				 "cancels): ", owners, 1024, 0, &check) || term_done() || !owners[0])
		return false;
	return prompt_line(ps, "Target, as a plan words it: March 2027, Ongoing (Enter saves, Esc "
			   "cancels): ", target, 256, 0, NULL) && !term_done() && target[0];
}

bool edit_amend(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_item *it,
		const board_action *ac)
{
	const board_cycle *cy = board_cycle_current(c->b);
	if (!it || !cy) {
		view_message(c, true, " No item selected");
		return false;
	}
	if (!edit_db_writable(c))
		return false;
	char item_key[512], title[600], add_label[600], edit_label[600], retire_label[600];
	key_format(item_key, sizeof item_key, cy->establishment, cy->cycle, it->ref);
	/* the letters are the key table's (keymap.h), which the help lists */
	const char keys[] = {(char)keymap_menu_key(REQ_AMEND_ADD),
			     (char)keymap_menu_key(REQ_AMEND_EDIT),
			     (char)keymap_menu_key(REQ_AMEND_RETIRE), 0};
	snprintf(add_label, sizeof add_label, "%c  add an action to %s", keys[0], it->ref);
	snprintf(edit_label, sizeof edit_label, "%c  edit %s (an amendment)", keys[1],
		 ac ? ac->action_id : "");
	snprintf(retire_label, sizeof retire_label, "%c  retire %s (an amendment)", keys[2],
		 ac ? ac->action_id : "");
	const char *choices[] = {add_label, edit_label, retire_label};
	/* only an action added in the tool is edited or retired here (amend.h) */
	int nchoices = ac && ac->amendment ? 3 : 1;
	snprintf(title, sizeof title, "Amend the plan at %s (letter, or ↑↓ Enter)", item_key);
	int pick = prompt_menu_keys(ps, title, choices, nchoices, 0, keys);
	if (pick < 0 || term_done())
		return edit_cancelled(c);
	ab_err err = {0};
	char text[ACTION_TEXT_BUF] = "", owners[1024] = "", target[256] = "", done[800], key[512];
	const char *names[AMEND_MAX_OWNERS];
	int rc;
	if (pick == 2) {
		char label[700];
		snprintf(label, sizeof label, "Why retire %s? (required, Esc cancels): ", ac->key);
		if (!prompt_line(ps, label, text, sizeof text, ACTION_TEXT_MAX, NULL) || term_done() ||
		    !text[strspn(text, " ")])
			return edit_cancelled(c);
		rc = amend_retire(c->cfg->st, &e->actor, ac->key, text, &err);
		snprintf(done, sizeof done, "%s: amendment retired", ac->key);
		return edit_outcome(c, e, rc, &err, ac->key, text, done, false);
	}
	if (pick == 1) { /* the amendment's own values, to change */
		snprintf(text, sizeof text, "%s", ac->text);
		snprintf(target, sizeof target, "%s", ac->target);
		size_t i = 0;
		for (const char *p = ac->owners; *p && i + 3 < sizeof owners; p++)
			if (*p == QUERY_OWNER_SEP)
				owners[i++] = ';', owners[i++] = ' ';
			else
				owners[i++] = *p;
		owners[i] = 0;
	}
	/* what was typed for this same add or edit and not saved is offered again */
	char kept_key[600];
	snprintf(kept_key, sizeof kept_key, "amend %s", pick ? ac->key : item_key);
	if (e->kept_text[0] && !strcmp(e->kept_key, kept_key)) {
		snprintf(owners, sizeof owners, "%s", e->kept_owners);
		snprintf(target, sizeof target, "%s", e->kept_target);
	}
	edit_take_kept(e, kept_key, text, sizeof text);
	if (!amend_ask(c, ps, pick ? ac->key : "the new action", text, owners, target))
		return edit_cancelled(c);
	/* owners is split in place: the line as typed is kept first, for a refusal */
	snprintf(e->kept_owners, sizeof e->kept_owners, "%s", owners);
	snprintf(e->kept_target, sizeof e->kept_target, "%s", target);
	amend_change ch = {.text = text, .target = target, .owners = names};
	ch.nowners = amend_split(owners, names);
	if (pick == 0) {
		rc = amend_add(c->cfg->st, &e->actor, item_key, &ch, key, &err);
		snprintf(done, sizeof done, "%s: amendment added", rc ? item_key : key);
	} else {
		rc = amend_edit(c->cfg->st, &e->actor, ac->key, &ch, &err);
		snprintf(done, sizeof done, "%s: amendment changed", ac->key);
	}
	return edit_outcome(c, e, rc, &err, kept_key, text, done, false);
}
