#!/usr/bin/env bash
# The shared server in operation (docs/SECURITY.md, issue 24), with real Unix users on a
# server set up by scripts/install-server: a viewer who may not write never holds the write
# lock; the -wal file stays small however many processes write; `restore`; the database's
# directory checked in privileged mode.
#
# The first part runs as anyone (one user's database); the rest needs root, like the suite
# `security`, and is skipped otherwise. The sizes follow AB_TEST_STRESS like the suite
# multiuser: `full` (the default: 1,000 stops of a viewer's write, 5,000 writes) or `short`
# (100 stops, 1,000 writes). Figures (times, sizes) are printed as TAP comments, never
# asserted as times.
# usage: test_server.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
export ACTIONBOARD_TODAY=2026-11-23
case ${AB_TEST_STRESS:-full} in
full) STOPS=1000 WRITES=5000 ;;
short) STOPS=100 WRITES=1000 ;;
*) echo "Bail out! AB_TEST_STRESS is '$AB_TEST_STRESS', not full or short"; exit 1 ;;
esac
echo "# size: $STOPS stops, $WRITES writes (AB_TEST_STRESS=${AB_TEST_STRESS:-full})"
me=$(id -un)
KEY=LIV/2022-07/1.1.1
q() { sqlite3 -batch -cmd '.timeout 10000' "$1" "$2"; }
now_ms() { date +%s%3N; }
# hold DB SQL: a python process opens DB, runs SQL and stays until killed; $held is its pid.
hold() {
	: > "$T_TMP/held"
	python3 - "$1" "$2" > "$T_TMP/held" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute(sys.argv[2]).fetchall()
print(os.getpid(), flush=True)
time.sleep(3600)
PY
	held=$!
	for ((i = 0; i < 100; i++)); do [ -s "$T_TMP/held" ] && break; sleep 0.05; done
}

# ==== part 1: as anyone ==========================================================================
DB=$T_TMP/one.db
"$AB" --db "$DB" sync -q 2>/dev/null
# Another process holds the write lock past the busy timeout: the refusal names it.
hold "$DB" "begin immediate"
"$AB" --db "$DB" note "$KEY" "waiting" >/dev/null 2>"$T_TMP/err"; rc=$?
kill "$held"; wait "$held" 2>/dev/null
t_eq "a write that outwaits the busy timeout fails with 75" "$rc" "75"
t_has "and names the process holding the lock, and its user" "$(cat "$T_TMP/err")" \
	"the write lock is held by process $(cat "$T_TMP/held") of $me"

# --- restore ----------------------------------------------------------------------------------------
# A dashboard stays open throughout: it must show what the restore put back.
R=$T_TMP/r.db
"$AB" --db "$R" sync -q 2>/dev/null
"$AB" --db "$R" backup "$T_TMP/before.db" >/dev/null
"$AB" --db "$R" set "$KEY" blocked >/dev/null
"$AB" --db "$R" note "$KEY" "after the backup" >/dev/null
SOCK=ab-srv-$$
tmux -L "$SOCK" new-session -d -x 120 -y 30 \
	"env -u NO_COLOR -u COLUMNS TERM=xterm-256color $AB --db $R; sleep 60" 2>/dev/null
seen() { # TEXT: waits up to 5 s for the dashboard to show TEXT
	for ((i = 0; i < 50; i++)); do tmux -L "$SOCK" capture-pane -p | grep -qF -- "$1" && return 0; sleep 0.1; done
	return 1
}
seen "BLOCKED" && t_pass "the dashboard shows the change made after the backup" ||
	t_fail "the dashboard shows the change made after the backup" "$(tmux -L "$SOCK" capture-pane -p)"
hist=$(q "$R" "select count(*) from history")
out=$("$AB" --db "$R" restore "$T_TMP/before.db" --keep "$T_TMP/kept.db" 2>&1); rc=$?
t_eq "restore puts the backup back" "$rc $out" \
	"0 restored $R from $T_TMP/before.db; what it held before is in $T_TMP/kept.db"
t_eq "the database is the backup again, and sound" \
	"$(q "$R" "select count(*) from history; pragma integrity_check" | paste -sd' ')" \
	"$(q "$T_TMP/before.db" "select count(*) from history") ok"
t_eq "what it held is kept" "$(q "$T_TMP/kept.db" "select count(*) from history")" "$hist"
for ((i = 0; i < 50; i++)); do tmux -L "$SOCK" capture-pane -p | grep -qF "BLOCKED" || break; sleep 0.1; done
tmux -L "$SOCK" capture-pane -p | grep -qF "BLOCKED" &&
	t_fail "the open dashboard reloads: the change is gone from its screen" "$(tmux -L "$SOCK" capture-pane -p)" ||
	t_pass "the open dashboard reloads: the change is gone from its screen"
tmux -L "$SOCK" kill-server 2>/dev/null
"$AB" --db "$R" note "$KEY" "after the restore" >/dev/null 2>&1
t_eq "and takes writes again" "$? $(q "$R" "pragma integrity_check")" "0 ok"
out=$("$AB" --db "$R" restore "$T_TMP/before.db" 2>&1)
kept=$(ls "$T_TMP"/r-before-restore-*.db 2>/dev/null | head -1)
t_eq "without --keep the current contents go beside the backup, named after the database and the time" \
	"$([ -n "$kept" ] && q "$kept" "select count(*) from history")" "$(($(q "$T_TMP/before.db" "select count(*) from history") + 1))"
# Restores within one second (the wall clock frozen by libfaketime, as tests/e2e/screens.sh
# does): each keeps what it replaced under a name of its own.
LIBFAKETIME=$(ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 \
	/usr/local/lib/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
if [ -n "$LIBFAKETIME" ]; then
	rm -f "$T_TMP"/r-before-restore-*.db; rcs=""
	for i in 1 2 3; do
		env FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$LIBFAKETIME" FAKETIME="2026-11-23 10:15:00" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
			"$AB" --db "$R" restore "$T_TMP/before.db" >/dev/null 2>>"$T_TMP/err3"; rcs+="$? "
	done
	t_eq "three restores in the same second all succeed, each keeping a file of its own" \
		"$rcs$(cd "$T_TMP" && ls r-before-restore-*.db | paste -sd' ')" \
		"0 0 0 r-before-restore-20261123T101500Z-2.db r-before-restore-20261123T101500Z-3.db r-before-restore-20261123T101500Z.db"
else
	t_pass "three restores in the same second # SKIP libfaketime is not installed"
fi
dump=$(q "$R" .dump | sha256sum)
"$AB" --db "$R" restore "$T_TMP/before.db" --keep "$T_TMP/kept.db" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "--keep PATH that exists: 73, and says to give another path (restore has no --force)" \
	"$rc $(cat "$T_TMP/err")" \
	"73 actionboard: $T_TMP/kept.db: already exists; restore never replaces a file: give --keep a path that does not exist"
t_eq "and nothing changed" "$(q "$R" .dump | sha256sum)" "$dump"

# What is refused leaves the database as it was.
dump=$(q "$R" .dump | sha256sum)
printf 'not a database at all, but long enough to have a header' > "$T_TMP/junk.db"
q "$T_TMP/other.db" "create table t(x); insert into t values (1)"
cp "$T_TMP/before.db" "$T_TMP/newer.db" && q "$T_TMP/newer.db" "pragma user_version = 9999"
cp "$T_TMP/before.db" "$T_TMP/damaged.db"
python3 - "$T_TMP/damaged.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
root = db.execute("select rootpage from sqlite_master where name = 'history'").fetchone()[0]
db.close()
with open(sys.argv[1], "r+b") as f:  # a leaf of the history table, scribbled over
    f.seek((root - 1) * 4096 + 8)
    f.write(b"\xff" * 64)
PY
rcs=""
for f in junk other newer damaged missing; do
	"$AB" --db "$R" restore "$T_TMP/$f.db" --keep "$T_TMP/k-$f.db" >/dev/null 2>>"$T_TMP/rerr"; rcs+="$f=$? "
done
t_eq "refused: not SQLite, another program's, a newer schema, damaged, missing" "$rcs" \
	"junk=65 other=65 newer=78 damaged=65 missing=66 "
t_has "a damaged backup is named as such" "$(cat "$T_TMP/rerr")" "the backup is damaged (integrity_check:"
t_has "a newer one says which schema" "$(cat "$T_TMP/rerr")" "a backup of schema 9999"
[ "$dump" = "$(q "$R" .dump | sha256sum)" ] && [ -z "$(ls "$T_TMP"/k-*.db 2>/dev/null)" ] &&
	t_pass "and nothing was changed or kept" || t_fail "and nothing was changed or kept"
# One restore at a time: the lock another restore holds (flock on the database file).
python3 - "$R" > "$T_TMP/flock" <<'PY' &
import fcntl, os, sys, time
f = open(sys.argv[1], "rb")
fcntl.flock(f, fcntl.LOCK_EX)
print(os.getpid(), flush=True)
time.sleep(30)
PY
flocker=$!
for ((i = 0; i < 100; i++)); do [ -s "$T_TMP/flock" ] && break; sleep 0.05; done
"$AB" --db "$R" restore "$T_TMP/before.db" --keep "$T_TMP/k-busy.db" >/dev/null 2>"$T_TMP/err"; rc=$?
kill "$flocker"; wait "$flocker" 2>/dev/null
t_eq "a restore while another runs is refused (75)" "$rc $(cat "$T_TMP/err")" \
	"75 actionboard: $R: another restore of this database is running; nothing was changed"

# --- a file-level copy over a live database ---------------------------------------------------------------
# Another process keeps the database open (so its -wal file is not emptied) and is killed,
# leaving frames in -wal; then a backup is renamed over the database, as the issue's
# restore by hand did. SQLite would replay the old -wal onto it: refused at open.
L=$T_TMP/live.db
"$AB" --db "$L" sync -q 2>/dev/null
"$AB" --db "$L" backup "$T_TMP/live-backup.db" >/dev/null
hold "$L" "select count(*) from action"
"$AB" --db "$L" note "$KEY" "in the -wal file" >/dev/null
kill -KILL "$held"; wait "$held" 2>/dev/null
t_eq "(the -wal file has frames)" "$([ -s "$L-wal" ] && echo yes)" "yes"
cp "$L" "$T_TMP/pair.db" && cp "$L-wal" "$T_TMP/pair.db-wal"
"$AB" --db "$T_TMP/pair.db" history "$KEY" 2>&1 | grep -c "in the -wal file" > "$T_TMP/out"
t_eq "a database copied together with its -wal file opens, with the changes in it" "$(cat "$T_TMP/out")" "1"
mv "$T_TMP/live-backup.db" "$L"
sum=$(sha256sum "$L" "$L-wal")
"$AB" --db "$L" list >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "a backup renamed over the database, its -wal file left beside it: refused (65)" "$rc" "65"
t_has "saying what happened and what to do" "$(cat "$T_TMP/err")" \
	"this file was put in place of the database by a file-level copy while the -wal file of the one that was there stayed beside it"
"$AB" --db "$L" note "$KEY" "accepted half-way?" >/dev/null 2>&1
t_eq "a write is refused too, and neither file changed" "$? $(sha256sum "$L" "$L-wal")" "65 $sum"

# ==== part 2: a real server, real users ============================================================
skip_all() {
	echo "ok $((T_N + 1)) - shared server with real users # SKIP $1"
	T_N=$((T_N + 1))
	t_done
	exit $?
}
[ "$(id -u)" -eq 0 ] || skip_all "needs root to create Unix users and groups (run the suite as root)"
for tool in useradd userdel groupadd groupdel setpriv sqlite3 jq meson ninja findmnt pgrep; do
	command -v "$tool" >/dev/null || skip_all "'$tool' is missing"
done
findmnt -no OPTIONS -T /var/tmp | grep -qw nosuid && skip_all "/var/tmp is mounted nosuid: a setgid program cannot be tested there"

ROOT=$(mktemp -d /var/tmp/ab-srvtest-XXXXXX)
chmod 0755 "$ROOT"
G=absrv$$
A=${G}a E=${G}e V=${G}v
cleanup() {
	[ -n "${loop:-}" ] && kill "$loop" 2>/dev/null
	[ -n "${idle:-}" ] && kill "$idle" 2>/dev/null
	tmux -L "ab-srvd-$$" kill-server 2>/dev/null
	pkill -CONT -u "$V" 2>/dev/null
	for u in "$A" "$E" "$V"; do
		pkill -KILL -u "$u" 2>/dev/null
		id "$u" >/dev/null 2>&1 && userdel "$u" 2>/dev/null
	done
	getent group "$G" >/dev/null && groupdel "$G" 2>/dev/null
	rm -rf "$ROOT" "$T_TMP"
}
trap cleanup EXIT
for u in "$A" "$E" "$V"; do
	useradd -M -d "$ROOT/home/$u" -s /bin/sh "$u"
	install -d -o "$u" -g "$(id -g "$u")" -m 0700 "$ROOT/home/$u"
done
cd "$ROOT"
# as USER CMD...: runs CMD as that user alone (their uid, gid and groups, a clean environment).
as() {
	local u=$1; shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
		env -i PATH=/usr/bin:/bin HOME="$ROOT/home/$u" LANG=C.UTF-8 ACTIONBOARD_TODAY=2026-11-23 "$@"
}
ETC=$ROOT/etc/actionboard STATE=$ROOT/var/lib/actionboard
SAB=$ROOT/usr/bin/actionboard SCFG=$ETC/actionboard.yaml SDB=$STATE/actionboard.db
"$SRC/scripts/install-server" --admin "$A" --prefix "$ROOT/usr" --etc "$ETC" \
	--state "$STATE" --group "$G" --build "$ROOT/build" >"$T_TMP/install.log" 2>&1
rc=$?
t_eq "install-server sets the server up" "$rc" "0"
[ "$rc" -eq 0 ] || { sed 's/^/#   /' "$T_TMP/install.log"; skip_all "no server to test"; }
cat >> "$SCFG" <<EOF2
  $E: {role: editor, owners: [Governor]}
  $V: {role: viewer}
EOF2
as "$A" "$SAB" sync -q 2>/dev/null
t_eq "the admin syncs the users in" "$(q "$SDB" "select count(*) from auth_user")" "3"
gov=$(as "$E" "$SAB" list --format json | jq -r '[.[] | select(.owners | index("Governor"))][0].key')
H=$(q "$SDB" "select count(*) from history")
hist_is() { # NAME ROWS: the history has ROWS rows and the database passes integrity_check
	t_eq "$1: history intact ($2 rows, integrity ok)" \
		"$(q "$SDB" "select count(*) from history") $(q "$SDB" "pragma integrity_check")" "$2 ok"
}

# --- no lock without the right to write -----------------------------------------------------------
# The viewer runs `set` over and over; each round stops the one running at a random moment
# (SIGSTOP), and an editor must then write at once. Before the check came ahead of
# BEGIN IMMEDIATE, a stop between the two held every writer off.
# One more connection stays open meanwhile (root's, idle, as a dashboard's would be), so
# that the viewer is never the first process to open the database nor the last to close it:
# those two moments are SQLite's own (the first rebuilds the shared index of the -wal file
# under the write lock, the last checkpoints it), not a write, and a process stopped in
# them delays writers whatever its rights (docs/SECURITY.md, "What is left").
hold "$SDB" "select count(*) from action"
idle=$held
as "$V" bash -c 'while :; do "$1" set "$2" cancelled >/dev/null 2>&1; done' _ "$SAB" "$KEY" &
loop=$!
writers=""
blocked=0 stopped=0 worst=0 writes=0
misses=0
for ((i = 0; i < STOPS && misses < 10 * STOPS; i++)); do
	sleep "0.00$((RANDOM % 10))"
	pid=$(pgrep -u "$V" -x actionboard | head -1)
	# Between two of the viewer's processes: try again.
	[ -n "$pid" ] && kill -STOP "$pid" 2>/dev/null || { i=$((i - 1)) misses=$((misses + 1)); continue; }
	stopped=$((stopped + 1))
	t0=$(now_ms)
	as "$E" timeout 60 "$SAB" note "$gov" "round $i" >/dev/null 2>"$T_TMP/err"; rc=$?
	ms=$(($(now_ms) - t0))
	kill -CONT "$pid" 2>/dev/null
	[ "$ms" -gt "$worst" ] && worst=$ms
	if [ "$rc" -eq 0 ]; then writes=$((writes + 1)); else
		blocked=$((blocked + 1))
		[ "$blocked" -le 3 ] && echo "# round $i: the editor's write failed ($rc): $(cat "$T_TMP/err")"
	fi
done
# $loop is the subshell that runs `as`: killing it leaves the viewer's bash loop running (it
# is setpriv's child, not the subshell itself), and its `set`s would go on reading the
# database through the -wal checks below. The viewer runs nothing else: all of it goes.
kill "$loop"; pkill -KILL -u "$V" 2>/dev/null; wait "$loop" 2>/dev/null; loop=
while pgrep -u "$V" >/dev/null; do sleep 0.05; done
kill "$idle"; wait "$idle" 2>/dev/null; idle=
echo "# $stopped stops of the viewer's set; the editor's slowest write took $worst ms"
t_eq "a viewer's set stopped $STOPS times at random moments never blocks the editor" \
	"$blocked blocked, $writes written" "0 blocked, $STOPS written"
H=$((H + STOPS))
hist_is "after the stops" "$H"

# --- restore on the server -------------------------------------------------------------------------------
AH=$ROOT/home/$A
as "$A" "$SAB" backup "$AH/b.db" >/dev/null 2>&1
as "$E" "$SAB" note "$gov" "after the admin's backup" >/dev/null 2>&1
as "$E" "$SAB" restore "$AH/b.db" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "an editor may not restore (77)" "$rc" "77"
t_has "and is told only an admin may" "$(cat "$T_TMP/err")" "only an admin may restore the database"
as "$A" "$SAB" restore "$AH/b.db" --keep "$AH/kept.db" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "the admin restores through the setgid program, the current contents kept as the admin's file" \
	"$rc $(stat -c %U "$AH/kept.db" 2>&1) $(q "$AH/kept.db" "select count(*) from history")" "0 $A $((H + 1))"
hist_is "after the admin's restore" "$H"
"$SAB" restore "$AH/kept.db" --keep "$ROOT/root-kept.db" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "root restores too (in privileged mode)" "$rc $(cat "$T_TMP/err")" "0 "
H=$((H + 1))
hist_is "after root's restore" "$H"

# --- a -wal file that stays small ---------------------------------------------------------------------
# Separate processes, the editor and the admin at once, no dashboard open; root watches the
# -wal file's size meanwhile (a stat, not a connection).
(while :; do stat -c %s "$SDB-wal" 2>/dev/null || echo 0; sleep 0.1; done) > "$T_TMP/walsizes" &
watch=$!
for u in "$E" "$A"; do
	as "$u" bash -c 'for ((i = 0; i < $3; i++)); do
		t=$(date +%s%N); "$1" note "$2" "w$i" >/dev/null || exit 1; echo $(( ($(date +%s%N) - t) / 1000 ))
	done' _ "$SAB" "$gov" "$((WRITES / 2))" > "$T_TMP/times.$u" &
	writers+=" $!"
done
wait $writers
sleep 0.3
kill "$watch"; wait "$watch" 2>/dev/null
wal=$(stat -c %s "$SDB-wal")
t_eq "$WRITES writes by two users, each its own process, all acknowledged" \
	"$(cat "$T_TMP/times.$E" "$T_TMP/times.$A" | wc -l)" "$WRITES"
H=$((H + WRITES))
hist_is "after the writes" "$H"
most=$(sort -n "$T_TMP/walsizes" | tail -1)
echo "# -wal after $WRITES writes: $wal bytes; the most it held meanwhile: $most bytes"
t_eq "the -wal file stays under 8 MB throughout" "$([ "$most" -lt $((8 * 1024 * 1024)) ] && echo small || echo "$most bytes")" "small"
# The two writers' last closes may overlap (each then leaves the rest to the other, as
# neither waits): one more write with nobody else there must leave it empty.
as "$E" "$SAB" note "$gov" "alone" >/dev/null 2>&1
H=$((H + 1))
t_eq "a writer that closes with nobody else there leaves it empty" "$(stat -c %s "$SDB-wal")" "0"
first=$(head -n 100 "$T_TMP/times.$E" | awk '{s += $1} END {printf "%.1f", s / NR / 1000}')
last=$(tail -n 100 "$T_TMP/times.$E" | awk '{s += $1} END {printf "%.1f", s / NR / 1000}')
echo "# ms per write (the editor's, two writers at once): first 100 $first, last 100 $last"
# --- the database's directory, checked at every start ---------------------------------------------------
rcs=""
chmod 2775 "$STATE"
as "$V" "$SAB" list >/dev/null 2>"$T_TMP/err"; rcs+="others-may-read=$? "
chmod 2770 "$STATE"
t_has "the message says what the directory must be" "$(cat "$T_TMP/err")" \
	"$STATE: the database's directory must be root's and the server group's alone (mode 2770"
chown "$E" "$STATE"
as "$V" "$SAB" list >/dev/null 2>/dev/null; rcs+="a-user's=$? "
chown root "$STATE"
chmod g+w "$ROOT/var/lib"
as "$V" "$SAB" list >/dev/null 2>"$T_TMP/err"; rcs+="a-parent-group-writable=$? "
chmod g-w "$ROOT/var/lib"
t_eq "a database directory others may read, a user's, or under a writable parent: refused at start (78)" \
	"$rcs" "others-may-read=78 a-user's=78 a-parent-group-writable=78 "
t_has "naming the parent" "$(cat "$T_TMP/err")" "$ROOT/var/lib: directory not root's alone"
as "$V" "$SAB" list >/dev/null 2>&1
t_eq "and put back, the server starts again" "$?" "0"

# --- a running dashboard, the database moved or truncated under it -----------------------------------
# The editor's dashboard runs setgid and has given the group up, so it cannot look the path
# up: it learns of a move from the watch it set on the directory while it could.
SOCK2=ab-srvd-$$
tm() { tmux -L "$SOCK2" "$@"; }
dash() { # dash NAME: the editor's dashboard in tmux, in the first action's detail
	tm new-session -d -s "$1" -x 160 -y 40 "setpriv --reuid=$E --regid=$(id -g "$E") --init-groups env -i PATH=/usr/bin:/bin HOME=$ROOT/home/$E TERM=xterm-256color LANG=C.UTF-8 ACTIONBOARD_TODAY=2026-11-23 $SAB; echo EXIT=\$?; sleep 600"
	on "$1" "Key concerns" && tm send-keys -t "$1" g Enter
}
on() { # on NAME TEXT: waits up to 5 s for TEXT on the screen
	for ((i = 0; i < 50; i++)); do tm capture-pane -p -t "$1" | grep -qF -- "$2" && return 0; sleep 0.1; done
	return 1
}
shows() { # shows TEST NAME TEXT
	if on "$2" "$3"; then t_pass "$1"; else t_fail "$1" "'$3' not on screen:" "$(tm capture-pane -p -t "$2")"; fi
}
note() { tm send-keys -t "$1" a; on "$1" "Note for " && tm send-keys -t "$1" -l "$2" && tm send-keys -t "$1" Enter; }
FIRST=LIV/2022-07/1.1.1
dash moved
note moved "before the move"
shows "the setgid dashboard adds a note" moved "$FIRST: note added"
H=$((H + 1))
mv "$SDB" "$ROOT/moved.db"
cp "$ROOT/moved.db" "$SDB" && chgrp "$G" "$SDB" && chmod 0660 "$SDB"
# (nothing may open the copy meanwhile: with the old -wal file beside it, that is the very
# mix-up this guards against)
note moved "after the move"
shows "after root moved the database and put a copy in its place, it refuses the next note" moved \
	"Not saved (your text is kept): the database $SDB was moved, removed or replaced since it was opened"
tm send-keys -t moved q; shows "the dashboard quits" moved "EXIT=0"
t_eq "the -wal file beside the copy was emptied into the file it belonged to" "$(stat -c %s "$SDB-wal" 2>/dev/null || echo 0)" "0"
said() { q "$1" "select count(*) from history where note = '$2'"; }
# The copy holds the first note only if a checkpoint had put it in the file before the cp
# (timing: seen under ASan), so that count is not asserted; the refused note is nowhere.
t_eq "which has the first note and not the refused one; the copy has not the refused one" \
	"$(said "$ROOT/moved.db" "before the move") $(said "$ROOT/moved.db" "after the move") $(said "$SDB" "after the move")" "1 0 0"
rm -f "$SDB" "$SDB-wal" "$SDB-shm" && mv "$ROOT/moved.db" "$SDB"
hist_is "the database put back" "$H"
"$SAB" backup "$ROOT/saved.db" >/dev/null
dash trunc
on trunc "$FIRST"
: > "$SDB"
note trunc "after the truncation"
on trunc "$SDB"
screen=$(tm capture-pane -p -t trunc)
# Which check meets it first depends on what SQLite still holds in memory: the write's
# own (the file is not the one opened) or the read before it (the file is damaged).
case $screen in
*"the database $SDB was truncated or overwritten since it was opened"* | *"the database file $SDB is damaged"*)
	t_pass "a truncated database is named as such" ;;
*) t_fail "a truncated database is named as such" "$screen" ;;
esac
case $screen in *"Not permitted"*) t_fail "and not as a refusal" "$screen" ;; *) t_pass "and not as a refusal" ;; esac
tm kill-server 2>/dev/null
rm -f "$SDB" "$SDB-wal" "$SDB-shm" && cp "$ROOT/saved.db" "$SDB" && chgrp "$G" "$SDB" && chmod 0660 "$SDB"
hist_is "the database put back from its backup" "$H"
t_done
