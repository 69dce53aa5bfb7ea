/* keymap — see keymap.h. */
#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../core/query.h"
#include "../core/text.h"

#define KEYMAP_MAX_KEYS 5

/* A request's place on one hint line: shown when `word` is set, ordered by `prio`. */
typedef struct keymap_hint {
	unsigned char prio; /* 1 first; the first ones survive a narrow screen */
	const char *word;
} keymap_hint;

typedef struct keymap_entry {
	int in;                         /* KEYMAP_IN_*: where the keys are read */
	tui_request req;
	term_key keys[KEYMAP_MAX_KEYS]; /* the first one names the request on the hint line */
	const char *help;
	const char *hint_key;           /* the key as hints write it, when not its name */
	keymap_hint hint[KEYMAP_SCOPES];
} keymap_entry;

#define CH(c) {false, (c)}
#define FN(c) {true, (c)}
#define CTRL(c) CH((c) & 0x1f)
enum {
	B = KEYMAP_IN_BOARD, P = KEYMAP_IN_EDIT, M = KEYMAP_IN_MENU,
	I = KEYMAP_ITEMS, O = KEYMAP_OWNERS, D = KEYMAP_DETAIL, S = KEYMAP_SEARCH, G = KEYMAP_GAPS,
	E = KEYMAP_ESTATE, W = KEYMAP_OWNED, F = KEYMAP_FOUND
};

/* The keymap, in the order the help lists it. "? help · q quit" come first on every
 * hint line, so an 80-column screen always shows how to learn the rest and leave. */
static const keymap_entry keymap[] = {
	{B, REQ_DOWN, {FN(KEY_DOWN), CH('j')}, "next row (item, owner, action or establishment)", "↑↓",
	 {[O] = {3, "owner"}, [D] = {3, "action"}, [G] = {3, "item"}}},
	{B, REQ_UP, {FN(KEY_UP), CH('k')}, "previous row", NULL, {{0}}},
	{B, REQ_PAGE_DOWN, {FN(KEY_NPAGE), CTRL('F')}, "page down", NULL, {{0}}},
	{B, REQ_PAGE_UP, {FN(KEY_PPAGE), CTRL('B')}, "page up", NULL, {{0}}},
	{B, REQ_FIRST, {FN(KEY_HOME), CH('g')}, "first row", NULL, {{0}}},
	{B, REQ_LAST, {FN(KEY_END), CH('G')}, "last row", NULL, {{0}}},
	{B, REQ_NEXT_PANE, {CH('\t')}, "next pane", NULL, {[I] = {3, "pane"}, [O] = {7, "pane"}}},
	{B, REQ_PREV_PANE, {FN(KEY_BTAB)}, "previous pane", NULL, {{0}}},
	{B, REQ_ENTER, {CH('\r'), CH('\n'), FN(KEY_ENTER), CH('l'), FN(KEY_RIGHT)},
	 "open the item's actions; on an owner: filter by it; on an establishment: its plan "
	 "(a choice when older plans have open actions); on a prison group: that group alone; "
	 "in a list of actions: the action in its plan", "↵",
	 {[I] = {4, "open"}, [O] = {4, "filter by owner"}, [G] = {4, "show on the board"},
	  [E] = {3, "open plan"}, [W] = {3, "go to action"}, [F] = {3, "go to"}}},
	{B, REQ_BACK, {CH(27), FN(KEY_LEFT)},
	 "back: from the actions, from a search, to the screen before", NULL,
	 {[D] = {4, "back"}, [G] = {5, "back"}, [W] = {10, "back"}, [F] = {4, "back"}}},
	{B, REQ_STATUS, {CH('s')},
	 "set the action's status: p i b c x pick one (asks which action on the item list)", NULL,
	 {[I] = {5, "status"}, [D] = {5, "status"}, [W] = {4, "status"}}},
	{B, REQ_NOTE, {CH('a')}, "add a progress note to the action (asks which on the item list)",
	 NULL, {[I] = {6, "note"}, [D] = {6, "note"}, [W] = {5, "note"}}},
	{B, REQ_DUE, {CH('t')}, "revise the due date: 31/03/2027, 31 Mar 2027, +2w, end of march…",
	 NULL, {[D] = {7, "due"}, [W] = {6, "due"}}},
	{B, REQ_HISTORY, {CH('h')}, "history of the action; on it r retracts, e corrects your note",
	 NULL, {[D] = {8, "history"}, [W] = {7, "history"}}},
	{B, REQ_UNDO, {CH('u')}, "undo your latest change to the action (asks first)", NULL,
	 {[D] = {11, "undo"}}},
	{B, REQ_VERIFY, {CH('V')}, "verify another person's completion of the action, or reject it",
	 NULL, {[D] = {13, "verify"}}},
	{B, REQ_EVIDENCE, {CH('e')},
	 "the action's evidence: its files and URLs, attached or removed there", NULL, {{0}}},
	{B, REQ_AMEND, {CH('M')}, "amend the plan: add an action to the item; on an action added "
	 "here: edit or retire it (admins)", NULL, {{0}}},
	{B, REQ_JUDGE, {CH('J')}, "record a judgement on the item: HMIP's (IRP, inspection) or ours",
	 NULL, {[I] = {12, "judge"}, [D] = {12, "judge"}}},
	{B, REQ_LINK, {CH('L')}, "link the item to the earlier finding it repeats (or unlink)", NULL,
	 {[I] = {14, "link"}}},
	{B, REQ_SEARCH, {CH('/')}, "search the plan's items, actions and notes as you type; in the "
	 "overview: filter the establishments as you type", NULL,
	 {[I] = {9, "search"}, [D] = {9, "search"}, [E] = {4, "filter"}}},
	{B, REQ_SEARCH_NEXT, {CH('n')}, "next search match", "n/N", {[S] = {1, "next/prev"}}},
	{B, REQ_SEARCH_PREV, {CH('N')}, "previous search match", NULL, {{0}}},
	{B, REQ_CYCLE, {CH('c')}, "choose another establishment and cycle (older plans too)", NULL,
	 {[I] = {10, "cycle"}, [O] = {8, "cycle"}, [E] = {9, "cycle"}}},
	{B, REQ_GAPS, {CH('D')}, "where our status and the inspectors' judgements disagree", NULL,
	 {[I] = {13, "disagree"}, [G] = {6, "refresh"}}},
	{B, REQ_OWNER, {CH('o')}, "filter by owner (type to narrow the list), in the scope w sets",
	 NULL, {[I] = {7, "owner"}, [D] = {10, "owner"}, [E] = {6, "owner"}}},
	{B, REQ_MINE, {CH('m')}, "my actions: your stored owners, in your establishments, in the scope "
	 "w sets", NULL, {[I] = {8, "mine"}, [O] = {6, "mine"}, [E] = {7, "mine"}}},
	{B, REQ_OVERDUE, {CH('!')}, "filter: overdue only (again: off)", NULL, {{0}}},
	{B, REQ_DUE_SOON, {CH('d')}, "filter: due within " QUERY_DUE_SOON_TEXT " days (again: off)",
	 NULL, {{0}}},
	{B, REQ_STATUS_FILTER, {CH('S')}, "filter by status", NULL, {{0}}},
	{B, REQ_OPEN_ONLY, {CH('H')}, "filter: open actions only, hide completed and cancelled (again: off)",
	 NULL, {{0}}},
	{B, REQ_SORT, {CH('O')}, "sort: plan order → due date → days late → owner → plan order", NULL,
	 {[I] = {11, "sort"}}},
	{B, REQ_SLIPPED, {CH('R')}, "filter: actions whose due date slipped (again: off)", NULL, {{0}}},
	{B, REQ_AGREEMENT_FILTER, {CH('A')},
	 "filter: items the establishment agreed, partly agreed or did not agree", NULL, {{0}}},
	{B, REQ_JUDGED_FILTER, {CH('I')},
	 "filter: items by the inspectors' latest judgement (IRP or inspection), or none yet",
	 NULL, {{0}}},
	{B, REQ_CLEAR, {CH('x')}, "clear every filter; close an owner's list", NULL,
	 {[O] = {5, "clear"}, [W] = {9, "close"}}},
	{B, REQ_ESTATE, {CH('E')}, "the estate overview: every establishment's latest plan, its "
	 "figures, sortable", NULL, {[I] = {15, "estate"}, [O] = {9, "estate"}, [D] = {13, "estate"},
	 [W] = {11, "estate"}, [F] = {5, "estate"}}},
	{B, REQ_OWNER_ESTATE, {CH('W')}, "whose actions: an owner's actions across the estate, by "
	 "establishment and plan, overdue first", NULL, {{0}}},
	{B, REQ_FIND, {CH('F')}, "find words in the whole estate (items, actions, notes), ranked",
	 NULL, {[I] = {16, "find"}, [E] = {5, "find"}}},
	{B, REQ_SCOPE, {CH('w')}, "widen or narrow owners, o and m: this plan, this establishment, "
	 "the estate", NULL, {[O] = {10, "scope"}, [W] = {8, "scope"}}},
	{B, REQ_SORT_NEXT, {CH('>')}, "sort the overview by the next column", "</>",
	 {[E] = {8, "sort"}}},
	{B, REQ_SORT_PREV, {CH('<')}, "sort the overview by the previous column", NULL, {{0}}},
	{B, REQ_HELP, {CH('?')}, "this help", NULL,
	 {[I] = {1, "help"}, [O] = {1, "help"}, [D] = {1, "help"}, [G] = {1, "help"},
	  [E] = {1, "help"}, [W] = {1, "help"}, [F] = {1, "help"}}},
	{B, REQ_REDRAW, {CTRL('L')}, "redraw and reload", NULL, {{0}}},
	{B, REQ_QUIT, {CH('q')}, "quit", NULL,
	 {[I] = {2, "quit"}, [O] = {2, "quit"}, [D] = {2, "quit"}, [G] = {2, "quit"},
	  [E] = {2, "quit"}, [W] = {2, "quit"}, [F] = {2, "quit"}}},
	/* A prompt: a one-line answer or a note in its box. */
	{P, REQ_EDIT_ACCEPT, {CH('\r'), CH('\n'), FN(KEY_ENTER)}, "save the answer (a refused one says why)",
	 NULL, {{0}}},
	{P, REQ_EDIT_CANCEL, {CH(27)}, "cancel: nothing is written (a paste's Esc never cancels)",
	 NULL, {{0}}},
	{P, REQ_EDIT_LEFT, {FN(KEY_LEFT), CTRL('B')}, "character left", NULL, {{0}}},
	{P, REQ_EDIT_RIGHT, {FN(KEY_RIGHT), CTRL('F')}, "character right", NULL, {{0}}},
	{P, REQ_EDIT_UP, {FN(KEY_UP)}, "line up (in a note box)", NULL, {{0}}},
	{P, REQ_EDIT_DOWN, {FN(KEY_DOWN)}, "line down (in a note box)", NULL, {{0}}},
	{P, REQ_EDIT_HOME, {FN(KEY_HOME), CTRL('A')}, "start of the line", NULL, {{0}}},
	{P, REQ_EDIT_END, {FN(KEY_END), CTRL('E')}, "end of the line", NULL, {{0}}},
	{P, REQ_EDIT_WORD_LEFT, {CH(KEYMAP_ALT('b'))}, "word left", NULL, {{0}}},
	{P, REQ_EDIT_WORD_RIGHT, {CH(KEYMAP_ALT('f'))}, "word right", NULL, {{0}}},
	{P, REQ_EDIT_DEL_BACK, {FN(KEY_BACKSPACE), CH(127), CTRL('H')},
	 "delete the character before the cursor", NULL, {{0}}},
	{P, REQ_EDIT_DEL, {FN(KEY_DC), CTRL('D')}, "delete the character under the cursor", NULL,
	 {{0}}},
	{P, REQ_EDIT_KILL_START, {CTRL('U')}, "delete to the start of the line", NULL, {{0}}},
	{P, REQ_EDIT_KILL_END, {CTRL('K')}, "delete to the end of the line", NULL, {{0}}},
	{P, REQ_EDIT_KILL_WORD, {CTRL('W'), CH(KEYMAP_ALT(127))}, "delete the word before the cursor",
	 NULL, {{0}}},
	{P, REQ_EDIT_KILL_NEXT_WORD, {CH(KEYMAP_ALT('d'))}, "delete the word after the cursor", NULL,
	 {{0}}},
	{P, REQ_EDIT_PASTE, {FN(TERM_PASTE)}, "taken whole as text, line breaks kept in a note box; "
	 "refused whole, saying so, when it does not fit", NULL, {{0}}},
	/* A menu or picker. */
	{M, REQ_MENU_PICK, {CH('\r'), CH('\n'), FN(KEY_ENTER)}, "pick the highlighted choice", NULL,
	 {{0}}},
	{M, REQ_MENU_CANCEL, {CH(27)}, "cancel (q too, in a menu without a filter)", NULL, {{0}}},
	{M, REQ_MENU_MOVE, {FN(KEY_DOWN), FN(KEY_UP)},
	 "move; PgDn PgUp Home End by pages and to the ends; j and k in a menu without a filter",
	 NULL, {{0}}},
	{M, REQ_MENU_LETTER, {CH('p'), CH('i'), CH('b'), CH('c'), CH('x')},
	 "in the status menu: that status at once", NULL, {{0}}},
	{M, REQ_MENU_FILTER, {FN(TERM_PASTE)},
	 "typing (or pasting) narrows a picker: every word, any order and case", NULL, {{0}}},
	{M, REQ_VERIFY_ACCEPT, {CH('v')}, "verification (V): verify the completion", NULL, {{0}}},
	{M, REQ_VERIFY_REJECT, {CH('r')}, "verification (V): reject it, reopened with a reason",
	 NULL, {{0}}},
	{M, REQ_AMEND_ADD, {CH('a')}, "amend the plan (M): add an action to the item", NULL, {{0}}},
	{M, REQ_AMEND_EDIT, {CH('e')}, "amend the plan (M): edit the action's text, owners, target",
	 NULL, {{0}}},
	{M, REQ_AMEND_RETIRE, {CH('r')}, "amend the plan (M): retire the action, with a reason",
	 NULL, {{0}}},
	{M, REQ_EVIDENCE_ADD, {CH('a')}, "evidence (e): attach a file or a URL", NULL, {{0}}},
	{M, REQ_EVIDENCE_REMOVE, {CH('d')}, "evidence (e): remove the selected one, with a reason",
	 NULL, {{0}}},
};

#define KEYMAP_N (sizeof keymap / sizeof *keymap)

/* An unused slot of keys[] is {false, 0}: no key is NUL. */
static bool keymap_key_set(term_key k)
{
	return k.fn || k.code;
}

static tui_request keymap_find(int in, term_key k)
{
	for (size_t i = 0; i < KEYMAP_N; i++)
		for (int j = 0; keymap[i].in == in && j < KEYMAP_MAX_KEYS &&
				keymap_key_set(keymap[i].keys[j]); j++)
			if (keymap[i].keys[j].fn == k.fn && keymap[i].keys[j].code == k.code)
				return keymap[i].req;
	return REQ_NONE;
}

tui_request keymap_request(term_key k)
{
	return keymap_find(KEYMAP_IN_BOARD, k);
}

tui_request keymap_edit_request(term_key k)
{
	return keymap_find(KEYMAP_IN_EDIT, k);
}

int keymap_menu_key(tui_request req)
{
	for (size_t i = 0; i < KEYMAP_N; i++)
		if (keymap[i].in == KEYMAP_IN_MENU && keymap[i].req == req && !keymap[i].keys[0].fn)
			return keymap[i].keys[0].code;
	return 0;
}

/* How help names a key; NULL for the second spelling of one key (Enter as \n). */
static const char *keymap_key_name(term_key k, char *buf, size_t n)
{
	static const struct { int code; const char *name; } fn[] = {
		{KEY_DOWN, "↓"}, {KEY_UP, "↑"}, {KEY_LEFT, "←"}, {KEY_RIGHT, "→"},
		{KEY_NPAGE, "PgDn"}, {KEY_PPAGE, "PgUp"}, {KEY_HOME, "Home"}, {KEY_END, "End"},
		{KEY_BTAB, "Shift-Tab"}, {KEY_ENTER, NULL}, {KEY_BACKSPACE, "Bksp"},
		{KEY_DC, "Del"}, {TERM_PASTE, "a paste"},
	};
	if (k.fn) {
		for (size_t i = 0; i < sizeof fn / sizeof *fn; i++)
			if (fn[i].code == k.code)
				return fn[i].name;
		return NULL;
	}
	switch (k.code) {
	case '\t': return "Tab";
	case '\r': return "Enter";
	case '\n': return NULL;
	case 27: return "Esc";
	case 127: return NULL; /* Backspace, as the terminal's key */
	}
	if ((k.code & KEYMAP_ALT(0)) == KEYMAP_ALT(0))
		snprintf(buf, n, "Alt-%s", (k.code & 0xff) == 127 ? "Bksp"
					   : (char[]){(char)(k.code & 0xff) - 32, 0});
	else if (k.code < 0x20)
		snprintf(buf, n, "Ctrl-%c", k.code + '@');
	else
		snprintf(buf, n, "%c", k.code);
	return buf;
}

/* The help's lines are the table's rows, with a heading line before the prompts' rows and
 * before the menus'. */
bool keymap_help_line(size_t i, char *buf, size_t n)
{
	static const char *const heading[] = {
		[KEYMAP_IN_EDIT] = "In a prompt (one line, or a note in its box):",
		[KEYMAP_IN_MENU] = "In a menu or picker:",
	};
	size_t row = 0;
	for (size_t line = 0; row < KEYMAP_N; line++, row++) {
		bool first = row && keymap[row].in != keymap[row - 1].in;
		if (first && line++ == i) {
			snprintf(buf, n, "%s", "");
			return true;
		}
		if (first && line++ == i) {
			snprintf(buf, n, "%s", heading[keymap[row].in]);
			return true;
		}
		if (line == i)
			break;
	}
	if (row >= KEYMAP_N)
		return false;
	const keymap_entry *e = &keymap[row];
	char label[64] = "", name[16];
	size_t len = 0;
	for (int j = 0; j < KEYMAP_MAX_KEYS && keymap_key_set(e->keys[j]); j++) {
		const char *s = keymap_key_name(e->keys[j], name, sizeof name);
		if (s && len < sizeof label)
			len += (size_t)snprintf(label + len, sizeof label - len, "%s%s",
						len ? " " : "", s);
	}
	/* Pad by display width: labels hold arrows, one column but three bytes. */
	int pad = 15 - text_width(label);
	snprintf(buf, n, "%s%*s %s", label, pad > 0 ? pad : 0, "", e->help);
	return true;
}

void keymap_hints(int scope, int width, char *buf, size_t n)
{
	unsigned char last = 0;
	for (;;) {
		/* the entry with the next priority (a few dozen entries: a scan each is fine) */
		const keymap_entry *next = NULL;
		for (size_t i = 0; i < KEYMAP_N; i++) {
			const keymap_hint *h = &keymap[i].hint[scope];
			if (h->word && h->prio > last && (!next || h->prio < next->hint[scope].prio))
				next = &keymap[i];
		}
		if (!next)
			return;
		last = next->hint[scope].prio;
		char name[16], item[128];
		const char *key = next->hint_key ? next->hint_key
				: keymap_key_name(next->keys[0], name, sizeof name);
		snprintf(item, sizeof item, "%s %s %s", buf[0] ? " ·" : "", key,
			 next->hint[scope].word);
		size_t used = strlen(buf), add = strlen(item);
		if (text_width(buf) + text_width(item) > width || used + add >= n)
			return;
		memcpy(buf + used, item, add + 1);
	}
}
