#!/usr/bin/env bash
# The database under hostile conditions: a backup under steady writers, a database file
# truncated or replaced under a running dashboard, a 0-byte file, writers racing on one
# action, a path that looks like an SQLite URI, and a user who may not read the file.
# usage: test_store_robust.sh BINARY [SOURCE_ROOT]
. "$(dirname "$0")/../lib.sh"
AB=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export ACTIONBOARD_TODAY=2026-11-23
KEY=LIV/2022-07/1.1.1
ms() { echo $(($(date +%s%N) / 1000000)); }
newdb() { "$AB" --db "$1" sync >/dev/null 2>&1; }
sql() { python3 -c 'import sqlite3, sys; print("\n".join("|".join(map(str, r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$@"; }

# --- backup under three steady writers ---------------------------------------------------------
BIG="$T_TMP/big.db"
newdb "$BIG"
# ~105 MB of notes in one statement (about a second; each note is also indexed in text_search,
# which about doubles its size); the -wal folded back into the file.
python3 - "$BIG" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 42000)
INSERT INTO history(action_id, at, user, kind, note)
SELECT (SELECT min(id) FROM action), '2024-01-01T00:00:00Z', 'generator', 'note',
       hex(randomblob(500)) FROM n""")
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
PY
size=$(stat -c %s "$BIG")
t_eq "the database to copy is about 105 MB" "$([ "$size" -ge 100000000 ] && [ "$size" -le 115000000 ] && echo yes || echo "no ($size bytes)")" "yes"
writers() { sql "$BIG" "SELECT count(*) FROM history WHERE note LIKE 'writer %'"; }
for w in 1 2 3; do
	(while [ ! -e "$T_TMP/stop" ]; do "$AB" --db "$BIG" note "$KEY" "writer $w" >/dev/null 2>&1; done) &
done
sleep 1
before=$(writers)
start=$(ms)
timeout 30 "$AB" --db "$BIG" backup "$T_TMP/copy.db" >/dev/null 2>"$T_TMP/err"; rc=$?
took=$(($(ms) - start))
after=$(writers)
touch "$T_TMP/stop"; wait; rm -f "$T_TMP/stop"
echo "# backup of $size bytes under three writers: ${took} ms, rc $rc; writers' notes $before before, $after after"
t_eq "backup under three steady writers exits 0" "$rc $(cat "$T_TMP/err")" "0 "
t_eq "and finishes in under 10 s" "$([ "$took" -lt 10000 ] && echo yes || echo "no (${took} ms)")" "yes"
t_eq "the writers were writing all along" "$([ "$after" -gt "$before" ] && echo yes || echo "no ($before, $after)")" "yes"
t_eq "the copy passes integrity_check" "$(sql "$T_TMP/copy.db" "PRAGMA integrity_check" 2>&1)" "ok"
in_copy=$(sql "$T_TMP/copy.db" "SELECT count(*) FROM history WHERE note LIKE 'writer %'")
t_eq "the copy is one moment of the database, taken during the backup" \
	"$([ "$in_copy" -ge "$before" ] && [ "$in_copy" -le "$after" ] && echo yes || echo "no ($before <= $in_copy <= $after)")" "yes"
t_eq "no temporary file is left" "$(cd "$T_TMP" && ls -A | grep -c '^copy[.]db.')" "0"
rm -f "$BIG" "$BIG"-* "$T_TMP/copy.db"

# --- a database truncated to 0 bytes -----------------------------------------------------------
# Four committed notes left in the -wal file (the writer exits without checkpointing), then
# the file itself truncated: no command may delete that -wal or fill the file anew.
Z="$T_TMP/trunc.db"
newdb "$Z"
python3 - "$Z" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_autocheckpoint = 0")
for i in range(4):
    db.execute("INSERT INTO history(action_id, at, user, kind, note)"
               " VALUES ((SELECT min(id) FROM action), '2026-11-23T00:00:00Z', 'x', 'note', ?)",
               (f"committed {i}",))
os._exit(0)
PY
: >"$Z"
wal=$(md5sum <"$Z-wal")
for cmd in "list" "show $KEY" "note $KEY hello" "set $KEY blocked" "sync" "backup $T_TMP/b.db" "report --format html"; do
	# shellcheck disable=SC2086
	"$AB" --db "$Z" $cmd >/dev/null 2>"$T_TMP/err"; rc=$?
	t_eq "$cmd on a 0-byte database exits 65" "$rc" "65"
	t_has "and names the file as empty" "$(cat "$T_TMP/err")" "$Z: the file is empty (0 bytes), not a database"
done
t_eq "the file is still 0 bytes" "$(stat -c %s "$Z")" "0"
t_eq "its -wal file, with the committed notes, is untouched" "$(md5sum <"$Z-wal")" "$wal"
t_eq "no backup was made" "$([ -e "$T_TMP/b.db" ] && echo made || echo none)" "none"

# A database whose first fill was interrupted has the schema and no establishment: the
# next command fills it, as before.
I="$T_TMP/interrupted.db"
newdb "$T_TMP/full.db"
python3 - "$T_TMP/full.db" "$I" <<'PY'
import sqlite3, sys
src = sqlite3.connect(sys.argv[1])
# FTS5's shadow tables (text_search_data ...) come with its virtual table: not made twice.
ddl = [r[2] for r in src.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                                 " ORDER BY type = 'table' DESC, rowid")
       if not (r[0] == "table" and r[1].startswith("text_search_"))]
ids = [src.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version")]
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
for s in ddl:
    db.execute(s)
db.execute(f"PRAGMA application_id = {ids[0]}")
db.execute(f"PRAGMA user_version = {ids[1]}")
PY
n=$("$AB" --db "$I" list --format json 2>"$T_TMP/err" | jq length)
t_eq "a database with the schema but no establishment is filled by the next command" "$n" "88"
t_has "which says so" "$(cat "$T_TMP/err")" "filled $I from"

# A database removed but its -wal file left: a new database there would take that -wal
# as its own, so none is made until it is moved aside.
mv "$Z" "$T_TMP/trunc.kept"
"$AB" --db "$Z" sync >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "a -wal file without its database stops a new one being made (73)" "$rc" "73"
t_has "and says what to move" "$(tail -n1 "$T_TMP/err")" "no database, but the -wal file of one that was here: move $Z-wal and $Z-shm aside first"
t_eq "which is kept" "$(md5sum <"$Z-wal")" "$wal"
mv "$Z-wal" "$T_TMP/trunc.kept-wal"; rm -f "$Z-shm"
"$AB" --db "$Z" sync >/dev/null 2>&1; rc=$?
t_eq "once moved, the database is made" "$rc $("$AB" --db "$Z" list --format json | jq length)" "0 88"

# --- the database truncated or replaced under a running dashboard ----------------------------
SOCK="ab-robust-$$"
tm() { tmux -L "$SOCK" "$@"; }
if command -v tmux >/dev/null; then
	trap 'tm kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT
	# dash NAME DB: the dashboard in tmux, in the first action's detail.
	dash() {
		tm new-session -d -s "$1" -x 160 -y 40 \
			"env TERM=xterm-256color LC_ALL=C.UTF-8 $AB --db $2; echo EXIT=\$?; sleep 600"
		wait_for "$1" "Key concerns" && tm send-keys -t "$1" g Enter
	}
	wait_for() { # wait_for SESSION TEXT: polls the screen for up to 5 s
		local end=$(($(ms) + 5000))
		while [ "$(ms)" -lt $end ]; do
			tm capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
			sleep 0.1
		done
		return 1
	}
	check() { # check NAME SESSION TEXT
		if wait_for "$2" "$3"; then t_pass "$1"; else t_fail "$1" "'$3' not on screen:" "$(tm capture-pane -p -t "$2")"; fi
	}
	note() { tm send-keys -t "$1" a; wait_for "$1" "Note for " && tm send-keys -t "$1" -l "$2" && tm send-keys -t "$1" Enter; }
	notes() { sql "$1" "SELECT count(*) FROM history WHERE kind = 'note'"; }
	unset NO_COLOR COLUMNS LINES

	T="$T_TMP/dash-trunc.db"
	newdb "$T"
	dash trunc "$T"
	note trunc "first note"
	check "the dashboard adds a note" trunc "$KEY: note added"
	: >"$T"
	note trunc "after the truncation"
	check "after the file is truncated it refuses the next note, keeping the text" trunc \
		"Not saved (your text is kept): the database $T was truncated or overwritten since it was opened"
	tm send-keys -t trunc q; check "the dashboard quits" trunc "EXIT=0"
	t_eq "the truncated file stays empty" "$(stat -c %s "$T")" "0"
	t_eq "and its -wal file is kept" "$([ -s "$T-wal" ] && echo yes)" "yes"
	"$AB" --db "$T" list >/dev/null 2>&1; rc=$?
	t_eq "the next command refuses the empty file" "$rc" "65"
	tm kill-session -t trunc

	R="$T_TMP/dash-moved.db"
	newdb "$R"
	newdb "$T_TMP/other.db"
	ln "$R" "$T_TMP/orphan.db" # the orphan stays reachable, to count its notes
	dash moved "$R"
	note moved "first note"
	check "a second dashboard adds a note" moved "$KEY: note added"
	mv "$T_TMP/other.db" "$R"
	note moved "after the mv"
	check "after another file is moved over the database it refuses the next note" moved \
		"Not saved (your text is kept): the database $R was replaced by another file since it was opened"
	tm send-keys -t moved q; check "the dashboard quits" moved "EXIT=0"
	t_eq "the old -wal file beside the file moved in is emptied" "$(stat -c %s "$R-wal")" "0"
	t_eq "into the orphan: it has the first note and not the refused one" "$(notes "$T_TMP/orphan.db")" "1"
	t_eq "and the file moved in has none of its notes" "$(notes "$R")" "0"
	tm kill-server 2>/dev/null
else
	t_skip "dashboard checks" "tmux is not installed"
fi

# --- writers racing on one action: each prints exactly the change its history row holds -----
C="$T_TMP/race.db"
newdb "$C"
statuses=(planned in_progress blocked completed cancelled)
for w in 1 2 3 4; do
	(for i in $(seq 10 28); do
		"$AB" --db "$C" set "$KEY" "${statuses[$(((w * 7 + i) % 5))]}" 2>&1
		"$AB" --db "$C" due LIV/2022-07/1.1.2 "2027-0$w-$i" --reason "writer $w" 2>&1
	done >"$T_TMP/out.$w") &
done
wait
# Each write bumps the version by one and appends one row, so the Nth row of a kind on an
# action was written by the command that printed version 1 + N. People read a status as
# words ("in progress"); JSON keeps the name (in_progress).
expect() { # expect KEY KIND: the confirmations the history says were printed
	"$AB" --db "$C" history "$1" --format json |
		jq -r --arg k "$1" --arg kind "$2" '[.[] | select(.kind == $kind)] | to_entries[] |
			"\($k): \($kind) \(.value.old // "none" | sub("_"; " ")) → \(.value.new | sub("_"; " ")) (version \(.key + 2))"' | sort
}
got=$(cat "$T_TMP"/out.* | sort)
want=$( (expect "$KEY" status; expect LIV/2022-07/1.1.2 due) | sort)
t_eq "152 writes by four racing writers all printed a confirmation" "$(printf '%s\n' "$got" | grep -c ' → ')" "152"
if [ "$got" = "$want" ]; then t_pass "every printed old → new is exactly its history row's"
else t_fail "every printed old → new is exactly its history row's" "$(diff <(echo "$want") <(echo "$got") | head -8)"; fi

# --- a path is always a path, never an SQLite URI ---------------------------------------------
mkdir "$T_TMP/uri"
(cd "$T_TMP/uri" && "$AB" --db 'file:x?mode=ro' sync >/dev/null 2>"$T_TMP/err"); rc=$?
t_eq "--db 'file:x?mode=ro' syncs" "$rc $(grep -v warning "$T_TMP/err")" "0 "
t_eq "into a file of exactly that name, nothing else" "$(ls -A "$T_TMP/uri")" "file:x?mode=ro"
t_eq "which is a database with every action" \
	"$(cd "$T_TMP/uri" && "$AB" --db 'file:x?mode=ro' list --format json | jq length)" "88"

# --- a user who may not read the database -----------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
	t_skip "unreadable database and snapshot paths" "they need root, to run as nobody"
elif ! runuser -u nobody -- "$AB" --version >/dev/null 2>&1; then
	t_skip "unreadable database and snapshot paths" "nobody cannot run $AB"
else
	chmod 755 "$T_TMP"
	P="$T_TMP/pub"
	mkdir -m 755 "$P" "$P/private"
	as_nobody() { runuser -u nobody -- env XDG_CONFIG_HOME="$P/none" XDG_DATA_HOME="$P/none" "$AB" "$@"; }
	newdb "$P/locked.db"
	chmod 000 "$P/locked.db"
	as_nobody --db "$P/locked.db" list >/dev/null 2>"$T_TMP/err"; rc=$?
	t_eq "a database of mode 000 exits 77 for another user" "$rc" "77"
	t_eq "who is told they cannot read it" "$(cat "$T_TMP/err")" "actionboard: $P/locked.db: cannot read: Permission denied"
	newdb "$P/private/group.db"
	chmod 770 "$P/private"
	as_nobody --db "$P/private/group.db" note "$KEY" hi >/dev/null 2>"$T_TMP/err"; rc=$?
	t_eq "a database in a directory of the group's, for one outside it, exits 77" "$rc" "77"
	t_eq "with the same words, not 'cannot create'" "$(tail -n1 "$T_TMP/err")" \
		"actionboard: $P/private/group.db: cannot read: Permission denied"
	t_eq "and nothing is created there" "$(ls -A "$P/private")" "group.db"
	# A reader who may not create the -shm file reads an immutable snapshot through a file:
	# URI: a name with the URI's own characters must still be that file.
	NAME='file:a b%41?c#d.db'
	newdb "$P/$NAME"
	chmod 644 "$P/$NAME"
	for db in "$P/$NAME" "$NAME"; do
		n=$(cd "$P" && runuser -u nobody -- env XDG_CONFIG_HOME="$P/none" "$AB" --db "$db" list --format json 2>"$T_TMP/err" | jq length)
		t_eq "the snapshot of '$db' has every action" "$n" "88"
		t_has "and says it is a snapshot" "$(cat "$T_TMP/err")" "read-only snapshot"
	done
fi
t_done
