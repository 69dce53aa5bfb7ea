#!/usr/bin/env bash
# Many users on one database, with real processes: concurrent writers and readers,
# conflicting edits, writers killed mid-write, permissions, the audit trail, shared files.
# usage: test_multiuser.sh BINARY SOURCE_ROOT [WRITERS CHANGES KILLS]
# The stress comes in two sizes, chosen by AB_TEST_STRESS: `full` (the default: 8 writers x
# 300 changes, 200 kills) and `short` (4 x 60, 40 kills), which scripts/test uses under the
# sanitizers and for --quick. Every check runs at either size; arguments 3-5 override it.
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
case ${AB_TEST_STRESS:-full} in
full) size=(8 300 200) ;;
short) size=(4 60 40) ;;
*) echo "Bail out! AB_TEST_STRESS is '$AB_TEST_STRESS', not full or short"; exit 1 ;;
esac
WRITERS=${3:-${size[0]}} CHANGES=${4:-${size[1]}} KILLS=${5:-${size[2]}}
echo "# stress: $WRITERS writers x $CHANGES changes, $KILLS kills (AB_TEST_STRESS=${AB_TEST_STRESS:-full})"
DB="$T_TMP/shared.db"
export ACTIONBOARD_TODAY=2026-11-23
ab() { "$AB" --db "$DB" "$@"; }
# The sqlite3 shell starts in milliseconds (python3 takes a tenth of a second or more, which
# the crash loop below would pay 200 times); rows print as a|b|c.
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }
ab sync -q 2>/dev/null
me=$(id -un)

# --- concurrency: writers and readers at once -----------------------------------------
mapfile -t keys < <(ab list --cycle 2022-07 --format json | jq -r '.[0:12][] | .key')
statuses=(planned in_progress blocked completed cancelled)
base=$(sql "select count(*) from history where kind='status'")
start=$(date +%s.%N)
writer() { # N: CHANGES status changes over 12 shared actions; logs what was acknowledged
	local w=$1 i k s
	for ((i = 0; i < CHANGES; i++)); do
		k=${keys[$(( (i * 7 + w) % ${#keys[@]} ))]}
		s=${statuses[$(( (i + w) % 5 ))]}
		if "$AB" --db "$DB" set "$k" "$s" --note "w$w-$i" >/dev/null 2>>"$T_TMP/werr$w"; then
			echo "$k $s w$w-$i" >> "$T_TMP/ack$w"
		fi
	done
}
reader() { # N: lists continuously until the writers finish
	local r=$1 n=0
	while [ ! -f "$T_TMP/writers-done" ]; do
		if ab list --format json 2>>"$T_TMP/rerr$r" | jq -e 'length == 88' >/dev/null; then
			n=$((n + 1))
		else
			echo "bad read" >> "$T_TMP/rerr$r"
		fi
	done
	echo "$n" > "$T_TMP/reads$r"
}
for r in 1 2 3 4; do reader "$r" & done
pids=()
for ((w = 1; w <= WRITERS; w++)); do writer "$w" & pids+=($!); done
wait "${pids[@]}"
touch "$T_TMP/writers-done"
wait
end=$(date +%s.%N)
acked=$(cat "$T_TMP"/ack* | wc -l)
werrs=$(cat "$T_TMP"/werr* | wc -l)
rerrs=$(cat "$T_TMP"/rerr* 2>/dev/null | wc -l)
reads=$(cat "$T_TMP"/reads* | paste -sd+ | bc)
echo "# concurrency: $WRITERS writers x $CHANGES changes, 4 readers: $acked acknowledged, $werrs writer errors, $reads reads, $rerrs reader errors, $(echo "$end - $start" | bc) s"
t_eq "every write was acknowledged" "$acked" "$((WRITERS * CHANGES))"
t_eq "no writer saw an error" "$werrs" "0"
t_eq "no reader saw an error" "$rerrs" "0"
t_eq "history rows equal the changes acknowledged" "$(( $(sql "select count(*) from history where kind='status'") - base ))" "$acked"
# The last history row of each action is an acknowledged write, and the action shows it.
cat "$T_TMP"/ack* | sort > "$T_TMP/acked"
sql "select e.code||'/'||c.code||'/'||a.action_id, h.new, h.note from history h join action a on a.id=h.action_id join cycle c on c.id=a.cycle_id join establishment e on e.id=c.establishment_id where h.kind='status' and h.id=(select max(id) from history where action_id=a.id and kind='status') order by 1" | tr '|' ' ' > "$T_TMP/last"
missing=$(comm -23 <(sort "$T_TMP/last") "$T_TMP/acked" | wc -l)
t_eq "the last change of each action is an acknowledged one" "$missing" "0"
final=$(ab list --format json | jq -r '.[] | "\(.key) \(.status)"' | sort)
want=$(awk '{print $1, $2}' "$T_TMP/last" | sort)
mismatch=$(comm -13 <(echo "$final") <(echo "$want") | wc -l)
t_eq "each action's status is its last acknowledged write" "$mismatch" "0"
t_eq "versions count every change" "$(sql "select sum(version - 1) from action where id in (select action_id from history where kind='status' and note like 'w%')")" "$acked"

# --- conflict: two writers from the same version ----------------------------------------
k=LIV/2022-07/1.7.1
v=$(ab list --format json | jq -r ".[] | select(.key==\"$k\") | .version")
( ab set "$k" completed --note "first" --if-version "$v" >/dev/null 2>"$T_TMP/c1"; echo $? > "$T_TMP/rc1" ) &
( ab set "$k" blocked --note "second" --if-version "$v" >/dev/null 2>"$T_TMP/c2"; echo $? > "$T_TMP/rc2" ) &
wait
rcs=$(sort "$T_TMP/rc1" "$T_TMP/rc2" | paste -sd,)
t_eq "two writers from version $v: one succeeds, the other exits 75" "$rcs" "0,75"
winner=$([ "$(cat "$T_TMP/rc1")" = 0 ] && echo completed || echo blocked)
t_eq "the winner's value stands" "$(ab list --format json | jq -r ".[] | select(.key==\"$k\") | .status")" "$winner"
t_has "the loser is told the current value" "$(cat "$T_TMP/c1" "$T_TMP/c2")" "it is now '$winner'"
t_eq "only one history row was written" "$(ab history "$k" --format json | jq '[.[] | select(.kind=="status")] | length')" "1"
ab set "$k" planned --if-version "$((v + 1))" >/dev/null 2>&1
t_eq "re-applying on top of the current version works" "$?" "0"

# --- crash safety: a writer killed with SIGKILL at random moments -------------------------
kill_ok=0 kill_bad=0 lost=0
: > "$T_TMP/kacked"
for ((n = 1; n <= KILLS; n++)); do
	setsid bash -c '
		i=0
		while :; do
			i=$((i + 1))
			"$1" --db "$2" set LIV/2019-08/S37.$(( i % 3 + 1 )) in_progress --note "k$3-$i" >/dev/null 2>&1 &&
				echo "k$3-$i" >> "$4"
		done' _ "$AB" "$DB" "$n" "$T_TMP/kacked" &
	pg=$!
	sleep "$(printf '0.%03d' $(( RANDOM % 150 + 20 )))" # 20 to 169 ms
	kill -9 -- "-$pg" 2>/dev/null
	wait "$pg" 2>/dev/null
	[ "$(sql 'pragma integrity_check')" = ok ] && kill_ok=$((kill_ok + 1)) || kill_bad=$((kill_bad + 1))
done
sql "select note from history where note like 'k%'" | sort > "$T_TMP/kdb"
lost=$(comm -23 <(sort "$T_TMP/kacked") "$T_TMP/kdb" | wc -l)
echo "# crash: $KILLS kills, $(wc -l < "$T_TMP/kacked") acknowledged writes, $lost lost, integrity ok $kill_ok times"
t_eq "integrity_check is ok after every one of $KILLS kills" "$kill_ok/$kill_bad" "$KILLS/0"
t_eq "every acknowledged change survived the kills" "$lost" "0"

# --- permissions ----------------------------------------------------------------------------
CFG="$T_TMP/cfg"
cp -r "$SRC/config/default" "$CFG"
perm_case() { # NAME USERS-YAML
	local name=$1
	cp "$SRC/config/default/actionboard.yaml" "$CFG/actionboard.yaml"
	printf 'users:\n%s\n' "$2" >> "$CFG/actionboard.yaml"
	local before; before=$(t_dump "$DB")
	local k=LIV/2022-07/1.6.2 rcs="" rc
	"$AB" --config "$CFG/actionboard.yaml" --db "$DB" set "$k" completed >/dev/null 2>"$T_TMP/perr"; rcs+="set=$? "
	"$AB" --config "$CFG/actionboard.yaml" --db "$DB" note "$k" "hello" >/dev/null 2>>"$T_TMP/perr"; rcs+="note=$? "
	"$AB" --config "$CFG/actionboard.yaml" --db "$DB" due "$k" 2027-01-01 --reason r >/dev/null 2>>"$T_TMP/perr"; rcs+="due=$? "
	"$AB" --config "$CFG/actionboard.yaml" --db "$DB" sync >/dev/null 2>>"$T_TMP/perr"; rcs+="sync=$?"
	t_eq "$name is refused on every write path (exit 77)" "$rcs" "set=77 note=77 due=77 sync=77"
	[ "$before" = "$(t_dump "$DB")" ] && t_pass "$name: nothing was written" || t_fail "$name: nothing was written"
}
perm_case "a viewer" "  $me: {role: viewer}"
perm_case "an editor of another owner" "  $me: {role: editor, owners: [Governor]}"
perm_case "an unlisted user" "  someone-else: {role: admin}"
t_has "the refusal says why" "$(cat "$T_TMP/perr")" "you ($me) are not listed"
cp "$SRC/config/default/actionboard.yaml" "$CFG/actionboard.yaml"
printf 'users:\n  %s: {role: editor, owners: [Head of Transformation]}\n' "$me" >> "$CFG/actionboard.yaml"
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" set LIV/2022-07/1.6.2 completed >/dev/null 2>&1
t_eq "an editor may change their own owner's action" "$?" "0"
cp "$SRC/config/default/actionboard.yaml" "$CFG/actionboard.yaml"
printf 'users:\n  %s: {role: admin}\n' "$me" >> "$CFG/actionboard.yaml"
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" set LIV/2019-08/2.48.1 blocked >/dev/null 2>&1
t_eq "an admin may change anything" "$?" "0"
out=$(sql "update history set user='x'" 2>&1); t_has "UPDATE on the history fails" "$out" "append-only"
out=$(sql "delete from history" 2>&1); t_has "DELETE on the history fails" "$out" "append-only"
t_eq "unknown action key exits 65" "$(ab set LIV/2022-07/9.9.9 completed 2>/dev/null; echo $?)" "65"

# --- the database on a shared path ------------------------------------------------------------
NEW="$T_TMP/group/new.db"
mkdir -p "$T_TMP/group"
(umask 002; "$AB" --db "$NEW" sync -q 2>/dev/null)
modes=$(stat -c '%a' "$NEW" "$NEW-wal" "$NEW-shm" 2>/dev/null | paste -sd' ')
# -wal and -shm exist while a connection is open; check them from inside one.
modes=$(python3 - "$NEW" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("select count(*) from action").fetchone()
print(" ".join(oct(os.stat(sys.argv[1] + s).st_mode & 0o777)[2:] for s in ("", "-wal", "-shm")))
PY
)
t_eq "database, -wal and -shm are group-writable (0660 under umask 002)" "$modes" "660 660 660"
out=$("$AB" --db "$NEW" backup "$T_TMP/copy.db" 2>&1); t_has "backup writes a copy" "$out" "backed up"
t_eq "the copy is complete" "$("$AB" --db "$T_TMP/copy.db" list --format json | jq length)" "88"
"$AB" --db "$NEW" backup "$T_TMP/copy.db" >/dev/null 2>&1
t_eq "backup refuses to overwrite without --force" "$?" "73"
# backup while a writer works
( for i in $(seq 1 40); do "$AB" --db "$NEW" set LIV/2022-07/1.1.1 blocked --note "b$i" >/dev/null; done ) &
for i in 1 2 3; do "$AB" --db "$NEW" backup --force "$T_TMP/copy$i.db" >/dev/null 2>&1 || echo fail >> "$T_TMP/berr"; done
wait
t_eq "backups during writes succeed and are sound" "$(cat "$T_TMP/berr" 2>/dev/null | wc -l)/$(python3 -c "import sqlite3;print(sqlite3.connect('$T_TMP/copy3.db').execute('pragma integrity_check').fetchone()[0])")" "0/ok"
# A reader without write permission (as nobody) can browse but not write.
if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	chmod 755 "$T_TMP"; chmod 755 "$T_TMP/group"; chmod 644 "$NEW"
	rm -f "$NEW-wal" "$NEW-shm"
	# The bundled settings, copied where nobody can read them: the source tree itself may
	# sit in a directory only its owner can enter (a clone under mktemp -d).
	cp -r "$SRC/config/default" "$T_TMP/group/cfg"
	chmod -R a+rX "$T_TMP/group/cfg"
	as_nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent \
			"$AB" --config "$T_TMP/group/cfg/actionboard.yaml" --db "$NEW" "$@"
	}
	t_eq "read-only browsing still works" "$(as_nobody list --format json 2>/dev/null | jq length)" "88"
	as_nobody set LIV/2022-07/1.1.1 completed >/dev/null 2>"$T_TMP/roerr"; rc=$?
	t_eq "a write to a read-only database exits 77" "$rc" "77"
	t_has "and says the database is read-only" "$(cat "$T_TMP/roerr")" "read-only"
else
	t_skip "a read-only database as another user" "no setpriv or no nobody user"
fi
t_done
