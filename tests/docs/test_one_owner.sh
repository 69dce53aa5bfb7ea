#!/usr/bin/env bash
# One owner for every rule (docs/ARCHITECTURE.md): the C sources spell each of these in one
# file only, so that a second spelling fails here instead of drifting apart.
# usage: test_one_owner.sh SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
SRC=$1
# owned NAME OWNER PATTERN: PATTERN (grep -E) appears in no C file of the program but OWNER
# (a file, or files as an extended regular expression),
# comments aside (lines that begin "/*", " *" or "//").
owned() {
	local got
	got=$(cd "$SRC" && grep -nE -- "$3" core/*.[ch] config/*.[ch] import/*.[ch] render/*.[ch] \
		tui/*.[ch] cli/*.[ch] | grep -vE "^($2):" | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/\*|\*|//)')
	t_eq "$1: only in ${2//\\/}" "$got" ""
}
owned "a key is written by key_format" core/key.c '"%s/%s/%s'
owned "month names are one table" core/date.c '"(Jan|January|Sep|September)"'
owned "status words are one table" core/model.c '"in[ _]progress"|"planned"|"blocked"'
owned "local time: today and the times shown" 'core/date\.c|core/clock\.c' 'localtime_r'
owned "stored times, and a day's start as one" core/clock.c 'gmtime_r|mktime|timegm'
owned "the due-soon window" core/query.h '(DUE_SOON_DAYS|due_within|\.days) *= *[0-9]|today, [0-9]+,'
owned "what a search matches" core/search.h 'text_search MATCH \?7'
owned "an event in effect (not undone, retracted or corrected)" core/rules.h 'NOT EXISTS \(SELECT 1 FROM history r WHERE r\.reverses'
t_done
