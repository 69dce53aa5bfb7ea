#!/bin/bash
# Kept figures (core/counts.h) always equal a recount: after random status changes, revised
# dates and undos, after syncs that retire and restore plans and actions, and after a writer
# killed with SIGKILL in the middle of its transaction. `check --deep` is the recount; the
# suite first shows that it finds a planted drift, so that its "ok" means something.
# Usage: test_counts.sh ACTIONBOARD SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
E=$T_TMP/estate
export ACTIONBOARD_TODAY=2026-11-23
python3 "$SRC/bench/gen_estate.py" --establishments 5 --plans 16 --actions 900 --seed 22 "$E" >/dev/null
ab() { "$AB" --config "$E/actionboard.yaml" --db "$T_TMP/ab.db" "$@"; }
deep() { # deep NAME: check --deep passes, and no plan is left held (count_hold)
	local out
	out=$(ab check --deep 2>&1)
	t_eq "$1: check --deep" "$?/$(printf '%s\n' "$out" | tail -1)" \
		"0/$T_TMP/ab.db: ok (integrity_check, every plan's figures recounted)"
	t_eq "$1: no plan held" "$(sqlite3 -cmd ".timeout 5000" "$T_TMP/ab.db" "SELECT count(*) FROM count_hold")" 0
}

# The first sync loads an empty database (core/sync_load.c: indexes and the figures'
# triggers made after the rows, in its one transaction). One that fails at its last plan
# file, every other plan written, leaves the database as it was, with every index and
# trigger (the sqlite3 shell's list, compared).
indexes() { sqlite3 -cmd ".timeout 5000" "$T_TMP/ab.db" "SELECT group_concat(name || ':' || sql, char(10))
  FROM (SELECT name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name)"; }
sed 's|^plans: .*|plans: []|' "$E/actionboard.yaml" >"$E/settings-only.yaml"
ab --config "$E/settings-only.yaml" list >/dev/null 2>&1 # the schema, and no plan
before_idx=$(indexes)
t_has "an empty database has action_order" "$before_idx" "action_order:CREATE INDEX action_order"
t_has "an empty database has counts_owner_link" "$before_idx" "counts_owner_link:CREATE TRIGGER counts_owner_link"
# A sync with no plan to load leaves the schema alone: no index dropped and made again,
# which would make every open dashboard prepare its statements again.
sv() { sqlite3 -cmd ".timeout 5000" "$T_TMP/ab.db" "PRAGMA schema_version"; }
sv0=$(sv)
ab --config "$E/settings-only.yaml" sync -q 2>/dev/null
ab --config "$E/settings-only.yaml" sync -q 2>/dev/null
t_eq "syncs with no plan: the schema untouched" "$(sv)" "$sv0"
first=$(ls "$E/plans" | head -1)
cp "$E/plans/$first" "$E/plans/zzz-again.yaml" # its cycle defined twice: an error at the end
out=$(ab sync -q 2>&1)
t_eq "a first sync failing at its last file: exit 78" "$?" 78
t_has "a first sync failing at its last file: why" "$out" "zzz-again.yaml"
rm "$E/plans/zzz-again.yaml"
t_eq "a first sync failing: no action committed" "$(sqlite3 "$T_TMP/ab.db" "SELECT count(*) FROM action")" 0
t_eq "a first sync failing: every index and trigger kept" "$(indexes)" "$before_idx"
ab sync -q 2>/dev/null
deep "after the first sync"
t_eq "the first sync: every index and trigger, as before it" "$(indexes)" "$before_idx"
# The first sync filled every plan's figures once at its end (count_hold, core/counts.h);
# another connection, here the sqlite3 shell, still has the triggers keep them.
t_eq "the first sync filled the figures" \
	"$(sqlite3 "$T_TMP/ab.db" "SELECT sum(actions) = (SELECT count(*) FROM action) FROM plan_count")" 1
sqlite3 "$T_TMP/ab.db" "UPDATE action SET status = 'completed' WHERE id IN (SELECT id FROM action
  WHERE status <> 'completed' ORDER BY id LIMIT 3);
  UPDATE action SET due_revised = '2027-01-31' WHERE id = (SELECT max(id) FROM action);
  DELETE FROM action_owner WHERE action_id = (SELECT min(action_id) FROM action_owner)" || t_fail "the sqlite3 shell wrote"
deep "after writes by the sqlite3 shell"
# A plan's latest due date (plan_count.last_due) moves back when every open action due that
# day is done, and forward again when one reopens (schema 19, counts_sql.h).
latest() { sqlite3 "$T_TMP/ab.db" "SELECT last_due FROM plan_count WHERE cycle_id = (SELECT min(id) FROM cycle)"; }
was=$(latest)
sqlite3 "$T_TMP/ab.db" "UPDATE action SET status = 'completed' WHERE cycle_id = (SELECT min(id) FROM cycle)
  AND is_open AND due_effective = '$was'" || t_fail "the sqlite3 shell completed the latest"
t_eq "the latest due date done: it moves back" "$([ "$(latest)" \< "$was" ] && echo earlier)" earlier
deep "after the latest due date's actions were done"
sqlite3 "$T_TMP/ab.db" "UPDATE action SET status = 'in_progress' WHERE id = (SELECT max(id) FROM action
  WHERE cycle_id = (SELECT min(id) FROM cycle) AND due_effective = '$was')" || t_fail "the sqlite3 shell reopened one"
t_eq "one of them reopened: the latest due date again" "$(latest)" "$was"
deep "after one reopened"

# A planted drift is found, named and fails the check.
sqlite3 "$T_TMP/ab.db" "UPDATE plan_count SET open = open + 1 WHERE cycle_id = (SELECT min(id) FROM cycle);
  UPDATE plan_due SET n = n + 2 WHERE cycle_id = (SELECT max(id) FROM cycle) AND
  due = (SELECT max(due) FROM plan_due WHERE cycle_id = (SELECT max(id) FROM cycle));
  UPDATE owner_count SET completed = completed + 1 WHERE (cycle_id, owner_id) =
  (SELECT cycle_id, owner_id FROM owner_count LIMIT 1);
  DELETE FROM owner_due WHERE (cycle_id, owner_id, due) = (SELECT cycle_id, owner_id, due FROM owner_due LIMIT 1)"
out=$(ab check --deep 2>&1)
rc=$?
t_eq "a planted drift: exit 65" "$rc" 65
t_has "a planted drift: named" "$out" "drift in "
t_has "a planted drift: an owner's" "$out" " owner_count "
t_has "a planted drift: an owner's due date" "$out" " owner_due "
t_has "a planted drift: counted" "$out" "4 kept figures differ from a recount"
sqlite3 "$T_TMP/ab.db" "UPDATE plan_count SET open = open - 1 WHERE cycle_id = (SELECT min(id) FROM cycle);
  UPDATE plan_due SET n = n - 2 WHERE cycle_id = (SELECT max(id) FROM cycle) AND
  due = (SELECT max(due) FROM plan_due WHERE cycle_id = (SELECT max(id) FROM cycle));
  UPDATE owner_count SET completed = completed - 1 WHERE (cycle_id, owner_id) =
  (SELECT cycle_id, owner_id FROM owner_count LIMIT 1);
  DELETE FROM owner_due; INSERT INTO owner_due SELECT a.cycle_id, ao.owner_id, a.due_effective, count(*)
  FROM action a JOIN action_owner ao ON ao.action_id = a.id
  WHERE a.retired = 0 AND a.is_open AND a.due_effective IS NOT NULL GROUP BY 1, 2, 3"
deep "the drift taken back"

# Random writes: statuses, revised dates (later and earlier, slipping or not), notes, undos.
mapfile -t keys < <(ab list --format csv 2>/dev/null | tail -n +2 | cut -d, -f1)
t_ok() { if "$@"; then t_pass "${*:1:3}"; else t_fail "${*:1:3}"; fi; }
RANDOM=22
statuses=(planned in_progress blocked completed cancelled)
dates=(2020-01-31 2026-11-22 2026-11-23 2026-12-15 2027-06-30 2030-01-01)
failed=0
for i in $(seq 1 120); do
	k=${keys[RANDOM % ${#keys[@]}]}
	case $((RANDOM % 4)) in
	0 | 1) ab set "$k" "${statuses[RANDOM % 5]}" >/dev/null 2>&1 || failed=$((failed + 1)) ;;
	2) ab due "$k" "${dates[RANDOM % 6]}" --reason "test $i" >/dev/null 2>&1 || failed=$((failed + 1)) ;;
	3) ab undo "$k" >/dev/null 2>&1 ;; # may have nothing to take back
	esac
done
t_eq "random writes all succeeded" "$failed" 0
t_eq "the writes changed figures" "$(sqlite3 "$T_TMP/ab.db" "SELECT sum(slipped) > 0 AND sum(completed) > 0 FROM plan_count")" 1
deep "after 120 random writes and undos"

# A sync that retires a whole plan and some actions of another, then restores them.
cp -r "$E/plans" "$T_TMP/plans.orig"
gone=$(ls "$E/plans" | head -1)
rm "$E/plans/$gone"
other=$(ls "$E/plans" | sed -n 2p)
python3 - "$E/plans/$other" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
# drop every second action block of the file ("      - id: ..." under actions:)
blocks = re.split(r"(?m)^(?=      - id: )", s)
keep = [b for i, b in enumerate(blocks) if i == 0 or i % 2 or "actions:" in b]
open(p, "w", encoding="utf-8").write("".join(keep))
PY
ab sync -q 2>/dev/null
t_eq "the sync retired" "$(sqlite3 "$T_TMP/ab.db" "SELECT count(*) > 1 FROM action WHERE retired = 1")" 1
deep "after a sync that retires"
rm -r "$E/plans" && cp -r "$T_TMP/plans.orig" "$E/plans"
ab sync -q 2>/dev/null
t_eq "the sync restored" "$(sqlite3 "$T_TMP/ab.db" "SELECT count(*) FROM action WHERE retired = 1")" 0
deep "after a sync that restores"

# A writer killed in the middle: a full sync of a changed estate, SIGKILLed at random
# moments (some before its commit, perhaps some after); whatever survives recounts equal.
python3 "$SRC/bench/gen_estate.py" --establishments 5 --plans 16 --actions 900 --seed 23 --force "$E" >/dev/null
before=$(sqlite3 "$T_TMP/ab.db" "SELECT max(id) FROM action")
early=0
for delay in 0.02 0.05 0.08 0.12 0.2; do
	ab sync -q --full 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$(sqlite3 "$T_TMP/ab.db" "SELECT max(id) FROM action")" = "$before" ] && early=$((early + 1))
	deep "after a sync killed at ${delay}s"
done
t_eq "a writer was killed before its commit" "$((early > 0))" 1
ab sync -q 2>/dev/null
deep "after the sync finished"
t_done
