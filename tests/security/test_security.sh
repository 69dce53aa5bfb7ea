#!/usr/bin/env bash
# The trust boundary of a shared server (docs/SECURITY.md), end to end.
#
# Part 1 runs as anyone: the roles an admin synced into a database decide every write,
# whatever settings file the writer read, and so do the establishments a user's rights stop
# at (a second establishment, BLI, is written for it); stored users are synced idempotently and migrated
# into an older database; a database in a group-writable directory is created 0660
# whatever the umask.
# Part 2 needs root (it is skipped otherwise): it creates Unix users and groups, sets a
# server up with scripts/install-server in a directory of its own, attacks it as those
# users (among them an editor of each establishment and an establishment admin), and
# removes everything it created.
# usage: test_security.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
export ACTIONBOARD_TODAY=2026-11-23
me=$(id -un)
KEY=LIV/2022-07/1.1.1
q() { sqlite3 -batch "$1" "$2"; }

# mk_cfg NAME [USERS-YAML]: a copy of the bundled settings, with that users section.
mk_cfg() {
	rm -rf "$T_TMP/$1"
	cp -r "$SRC/config/default" "$T_TMP/$1"
	[ $# -ge 2 ] && printf 'users:\n%s\n' "$2" >> "$T_TMP/$1/actionboard.yaml"
	echo "$T_TMP/$1/actionboard.yaml"
}

# add_bli DIR: a second establishment, HMP Bristol (BLI), with a plan of a Governor's action
# and a Head of Safety's, and the Head of Safety among the settings' owners. "Governor" owns
# actions in both prisons: the rights must stop at the establishment.
add_bli() {
	printf 'code: BLI\nname: HMP Bristol\nregion: South West\n' > "$1/establishments/BLI.yaml"
	cat > "$1/plans/BLI-2024-03.yaml" <<'YAML'
establishment: BLI
cycle: "2024-03"
scheme: concerns
inspection: [{from: 2024-03-04, to: 2024-03-08}]
items:
  - ref: "1.1"
    category: priority
    text: "Prisoners spent too long locked in their cells."
    actions:
      - {id: "1.1.1", text: "More time out of cell.", owners: [Governor], target: "June 2024"}
      - {id: "1.1.2", text: "Safety reviews each week.", owners: [Head of Safety], target: "June 2027"}
YAML
	sed -i 's/^owners:$/owners:\n  - name: "Head of Safety"/' "$1/actionboard.yaml"
}
BGOV=BLI/2024-03/1.1.1 BSAF=BLI/2024-03/1.1.2 BITEM=BLI/2024-03/1.1 LITEM=LIV/2022-07/1.1

# ==== part 1: stored roles, as any user =======================================================
NOUSERS=$(mk_cfg nousers)
ADMIN=$(mk_cfg admin "  $me: {role: admin}
  someone-else: {role: viewer}")
DEMOTED=$(mk_cfg demoted "  $me: {role: viewer}
  someone-else: {role: admin}")
DB1=$T_TMP/roles.db
"$AB" --config "$ADMIN" --db "$DB1" sync -q 2>/dev/null
t_eq "a sync stores the settings' users in the database" \
	"$(q "$DB1" "select login || ':' || role from auth_user order by login" | paste -sd' ')" \
	"$me:admin someone-else:viewer"
"$AB" --config "$DEMOTED" --db "$DB1" sync -q 2>/dev/null
t_eq "an admin's sync replaces them (here making themself a viewer)" \
	"$(q "$DB1" "select role from auth_user where login = '$me'")" "viewer"
before=$(t_dump "$DB1")
rcs=""
"$AB" --config "$NOUSERS" --db "$DB1" set "$KEY" cancelled >/dev/null 2>"$T_TMP/err"; rcs+="own-settings-without-users=$? "
"$AB" --config "$ADMIN" --db "$DB1" set "$KEY" cancelled >/dev/null 2>>"$T_TMP/err"; rcs+="own-settings-saying-admin=$? "
ACTIONBOARD_CONFIG=$NOUSERS "$AB" --db "$DB1" note "$KEY" hi >/dev/null 2>>"$T_TMP/err"; rcs+="ACTIONBOARD_CONFIG=$? "
mkdir -p "$T_TMP/xdg/actionboard"
{ echo "database: $DB1"; grep -v '^#' "$NOUSERS"; } > "$T_TMP/xdg/actionboard/actionboard.yaml"
cp -r "$SRC/config/default/establishments" "$SRC/config/default/plans" "$T_TMP/xdg/actionboard/"
XDG_CONFIG_HOME=$T_TMP/xdg "$AB" due "$KEY" 2030-01-01 --reason r >/dev/null 2>>"$T_TMP/err"; rcs+="XDG_CONFIG_HOME=$? "
"$AB" --config "$ADMIN" --db "$DB1" sync >/dev/null 2>>"$T_TMP/err"; rcs+="sync-as-admin-of-own-settings=$? "
"$AB" --config "$NOUSERS" --db "$DB1" sync >/dev/null 2>>"$T_TMP/err"; rcs+="sync-dropping-users=$?"
t_eq "a stored viewer is refused whatever settings they read (exit 77)" "$rcs" \
	"own-settings-without-users=77 own-settings-saying-admin=77 ACTIONBOARD_CONFIG=77 XDG_CONFIG_HOME=77 sync-as-admin-of-own-settings=77 sync-dropping-users=77"
t_has "the refusal says the role comes from the database" "$(cat "$T_TMP/err")" "you ($me) are a viewer"
t_has "a refused sync names the stored users" "$(cat "$T_TMP/err")" "those an admin synced into $DB1"
[ "$before" = "$(t_dump "$DB1")" ] && t_pass "the refused attempts wrote nothing" ||
	t_fail "the refused attempts wrote nothing"

# An editor's owners come from the database too (an alias names its owner).
EDITOR=$(mk_cfg editor "  $me: {role: editor, owners: [The Governor]}")
DB2=$T_TMP/editor.db
"$AB" --config "$EDITOR" --db "$DB2" list >/dev/null 2>&1
gov=$("$AB" --db "$DB2" list --format json | jq -r '[.[] | select(.owners | index("Governor"))][0].key')
other=$("$AB" --db "$DB2" list --format json | jq -r '[.[] | select(.owners | index("Governor") | not)][0].key')
"$AB" --config "$NOUSERS" --db "$DB2" set "$gov" in_progress >/dev/null 2>&1; r1=$?
"$AB" --config "$NOUSERS" --db "$DB2" set "$other" in_progress >/dev/null 2>"$T_TMP/err"; r2=$?
t_eq "a database filled from settings with users keeps them: the editor writes their owner's action, not another's" "$r1 $r2" "0 77"
t_has "and is told why" "$(cat "$T_TMP/err")" "only actions of your owners"

# Rights that stop at establishments. Each database is filled from settings naming this user
# (a new database may be filled by anyone), so the stored user is the one under test.
# scoped NAME USER-YAML: a database of LIV and BLI with that user stored; prints its path.
scoped() {
	local cfg
	cfg=$(mk_cfg "$1")
	add_bli "$(dirname "$cfg")"
	printf 'users:\n  %s: %s\n' "$me" "$2" >> "$cfg"
	"$AB" --config "$cfg" --db "$T_TMP/$1.db" sync -q 2>/dev/null
	echo "$T_TMP/$1.db"
}
try() { # DB CMD...: runs a write with settings that have no users; prints its exit status
	local db=$1; shift
	"$AB" --config "$NOUSERS" --db "$db" "$@" >/dev/null 2>>"$T_TMP/serr"; echo -n "$? "
}
: > "$T_TMP/serr"
SE=$(scoped scoped-editor "{role: editor, establishments: [BLI], owners: [Governor]}")
t_eq "the stored user keeps their establishments, by id" \
	"$(q "$SE" "select e.code from auth_user_establishment u join establishment e on e.id = u.establishment_id")" "BLI"
before=$(q "$SE" "select count(*) from history")
t_eq "an editor of BLI's Governor: BLI's Governor action yes; BLI's Head of Safety, LIV's Governor, LIV's item no" \
	"$(try "$SE" set "$BGOV" in_progress; try "$SE" set "$BSAF" in_progress; try "$SE" note "$KEY" hi; try "$SE" judge "$LITEM" self achieved)" \
	"0 77 77 77 "
t_has "a refusal at another prison names the establishment and owner it needed" "$(cat "$T_TMP/serr")" \
	"$KEY: you ($me) may write only in establishment BLI, and this action is in LIV: it needs establishment LIV and owner Governor"
t_has "a refusal of another owner names them too" "$(cat "$T_TMP/serr")" \
	"$BSAF: you ($me) may change only actions of your owners (Governor) in BLI, and this action is not one of them: it needs establishment BLI and owner Head of Safety"
t_eq "only the one write was recorded" "$(q "$SE" "select count(*) from history")" "$((before + 1))"
SA=$(scoped scoped-admin "{role: admin, establishments: [BLI]}")
: > "$T_TMP/serr"
t_eq "an admin of BLI: set, note, undo, judge, link in BLI yes; set, judge, link at LIV no; sync no" \
	"$(try "$SA" set "$BSAF" blocked; try "$SA" note "$BGOV" seen; try "$SA" undo "$BSAF"; try "$SA" judge "$BITEM" self achieved; try "$SA" unlink "$BITEM"
	   try "$SA" set "$KEY" blocked; try "$SA" judge "$LITEM" self achieved; try "$SA" unlink "$LITEM"; try "$SA" sync)" \
	"0 0 0 0 0 77 77 77 77 "
t_has "a refused sync says it is an estate admin's" "$(cat "$T_TMP/serr")" \
	"only an estate admin (one without establishments) may sync the definitions: you ($me) are an admin of BLI only"
SW=$(scoped estate-editor "{role: editor, owners: [Governor]}")
t_eq "without establishments an editor's owners count across the estate, as before" \
	"$(try "$SW" set "$BGOV" in_progress; try "$SW" set "$KEY" in_progress; try "$SW" set "$BSAF" in_progress)" "0 0 77 "
BAD=$(mk_cfg badcode "  $me: {role: editor, establishments: [BLX], owners: [Governor]}")
add_bli "$(dirname "$BAD")"
"$AB" --config "$BAD" --db "$T_TMP/bad.db" sync >/dev/null 2>"$T_TMP/err"
t_eq "a code that names no establishment is a configuration error at FILE:LINE:COL (78)" \
	"$? $(cat "$T_TMP/err")" \
	"78 actionboard: $BAD:$(awk '/BLX/ {print NR ":" index($0, "BLX")}' "$BAD"): unknown establishment 'BLX' for this user (not the code of an establishment file): did you mean 'BLI'?"
# With no policy stored, the settings' users decide by the same rule.
"$AB" --config "$ADMIN" --db "$T_TMP/nopolicy.db" sync -q 2>/dev/null
q "$T_TMP/nopolicy.db" "delete from auth_user_owner; delete from auth_user; delete from auth_policy"
BLIED=$(mk_cfg bliedit "  $me: {role: editor, establishments: [BLI], owners: [Governor]}")
"$AB" --config "$BLIED" --db "$T_TMP/nopolicy.db" set "$KEY" planned >/dev/null 2>"$T_TMP/err"
t_eq "without a stored policy the settings' establishments decide too" "$? $(grep -c 'may write only in establishment BLI' "$T_TMP/err")" "77 1"

# Sync counts and idempotence of the stored users; an admin may drop the policy.
DB3=$T_TMP/sync.db
out=$("$AB" --config "$ADMIN" --db "$DB3" sync 2>/dev/null)
t_has "a first sync counts the users and the policy as added" "$out" "152 added"
"$AB" --db "$DB3" --config "$ADMIN" backup "$T_TMP/d1.db" >/dev/null
out=$("$AB" --config "$ADMIN" --db "$DB3" sync 2>/dev/null)
t_has "the same users again change nothing" "$out" ": 0 changes"
[ "$(t_dump "$T_TMP/d1.db")" = "$(t_dump "$DB3")" ] && t_pass "not even a timestamp" ||
	t_fail "not even a timestamp" "$(diff <(t_dump "$T_TMP/d1.db") <(t_dump "$DB3") | head)"
CHANGED=$(mk_cfg changed "  $me: {role: admin}
  someone-else: {role: editor, owners: [HMPPS, NHSE]}
  third: {role: viewer}")
out=$("$AB" --config "$CHANGED" --db "$DB3" sync 2>/dev/null)
t_has "a changed role and a new user are two changes" "$out" "2 changes (1 added, 1 updated"
t_eq "the owners are stored by id, aliases resolved" \
	"$(q "$DB3" "select group_concat(o.name, '; ') from (select o.name from auth_user_owner u join owner o on o.id = u.owner_id where u.login = 'someone-else' order by o.name) o")" \
	"HMPPS; NHS England"
t_eq "the policy records who changed it" "$(q "$DB3" "select changed_by from auth_policy")" "$me"
out=$("$AB" --config "$NOUSERS" --db "$DB3" sync 2>/dev/null)
t_has "an admin whose settings have no users section removes the policy" "$out" "4 changes (0 added, 4 updated"
"$AB" --config "$NOUSERS" --db "$DB3" set "$KEY" blocked >/dev/null 2>&1
t_eq "and the database is open again, as before there were roles" "$?" "0"
"$AB" --config "$DEMOTED" --db "$DB3" set "$KEY" planned >/dev/null 2>&1
t_eq "with no policy stored, the settings' users still decide (as today)" "$?" "77"

# A database from before the policy tables (schema 2; step 2 -> 3 adds them, and the later
# steps are taken out too: 3 -> 4 adds history.reverses, 4 -> 5 the judgement and item_link
# tables and cycle.urgent_notification, 5 -> 6 the estate's columns, indexes and tables,
# 6 -> 7 the users' establishments, 7 -> 8 owner.shared, 8 -> 9 judgement_withdrawal, then
# verification (auth_verifier among them), evidence, amendments, 12 -> 13 store_file, the kept counts and the change log, the
# verified actions' index) is migrated forward and keeps its data.
cp "$DB3" "$T_TMP/old.db"
V=$(q "$DB3" "pragma user_version")
# The kept counts' triggers (counts_*, change_*, names_*) are named by the database itself;
# names_change and the other tables of the later steps are dropped by name.
q "$T_TMP/old.db" "$(q "$T_TMP/old.db" "select 'drop trigger ' || name || ';' from sqlite_master
	where type = 'trigger' and (name like 'counts_%' or name like 'change_%' or name like 'names_%')")
	drop table names_change; drop table count_hold; drop index action_verified; drop table plan_change; drop table owner_due;
	drop table owner_count; drop table plan_due; drop table plan_count;
	drop table store_file; drop table judgement_withdrawal; drop trigger text_search_item_text; drop trigger text_search_action_text;
	drop trigger text_search_note; drop table text_search; drop table source_file;
	drop index history_note; drop index cycle_order; alter table action drop column owner_names;
	alter table establishment drop column region; alter table establishment drop column function;
	create index action_due on action(retired, status, due);
	drop trigger history_reverses_same_action; drop index history_reversed;
	alter table history drop column reverses;
	drop table judgement; drop table item_link; alter table cycle drop column urgent_notification;
	drop trigger action_verification_ends; drop table auth_verifier;
	alter table action drop column verified_by; alter table action drop column verified_at;
	alter table cycle drop column verification;
	drop table evidence_removal; drop table evidence; drop table evidence_blob;
	alter table action drop column origin; alter table action drop column amended_by;
	alter table action drop column amended_at;
	alter table owner drop column shared; drop table auth_user_establishment; drop table auth_user_owner; drop table auth_user; drop table auth_policy; pragma user_version = 2"
"$AB" --db "$T_TMP/old.db" list --format json >/dev/null 2>&1
t_eq "schema 2 is migrated to $V with the policy tables" \
	"$(q "$T_TMP/old.db" "pragma user_version; select group_concat(name, ' ') from (select name from sqlite_master where type = 'table' and name like 'auth\\_%' escape '\\' order by name)" | paste -sd' ')" \
	"$V auth_policy auth_user auth_user_establishment auth_user_owner auth_verifier"
t_eq "and keeps every action and history row" \
	"$(q "$T_TMP/old.db" "select count(*) from action; select count(*) from history" | paste -sd' ')" \
	"$(q "$DB3" "select count(*) from action; select count(*) from history" | paste -sd' ')"

# Modes: a group-writable directory gets a database its group can write, whatever the umask.
modes() { # DB: the modes of the database, its -wal and its -shm while a reader has it open
	python3 - "$1" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("select count(*) from action").fetchone()
print(" ".join(oct(os.stat(sys.argv[1] + s).st_mode & 0o777)[2:] for s in ("", "-wal", "-shm")))
PY
}
mkdir -m 2775 "$T_TMP/shared" && mkdir -m 0755 "$T_TMP/private" && mkdir -m 1777 "$T_TMP/public"
(umask 022; "$AB" --db "$T_TMP/shared/a.db" sync -q 2>/dev/null)
(umask 077; "$AB" --db "$T_TMP/shared/b.db" sync -q 2>/dev/null)
(umask 022; "$AB" --db "$T_TMP/private/c.db" sync -q 2>/dev/null)
(umask 077; "$AB" --db "$T_TMP/public/d.db" sync -q 2>/dev/null)
t_eq "in a group-writable directory: 0660 under umask 022 and 077, for -wal and -shm too" \
	"$(modes "$T_TMP/shared/a.db") / $(modes "$T_TMP/shared/b.db")" "660 660 660 / 660 660 660"
t_eq "elsewhere the umask still decides (0640 under 022 in a private directory, 0600 under 077 in a /tmp-like one)" \
	"$(modes "$T_TMP/private/c.db") / $(modes "$T_TMP/public/d.db")" "640 640 640 / 600 600 600"

# ==== part 2: a real server, real users ===========================================================
skip_all() {
	echo "ok $((T_N + 1)) - shared server with real users # SKIP $1"
	T_N=$((T_N + 1))
	t_done
	exit $?
}
[ "$(id -u)" -eq 0 ] || skip_all "needs root to create Unix users and groups (run the suite as root)"
for tool in useradd userdel groupadd groupdel usermod setpriv sqlite3 jq meson ninja tmux findmnt; do
	command -v "$tool" >/dev/null || skip_all "'$tool' is missing"
done
findmnt -no OPTIONS -T /var/tmp | grep -qw nosuid && skip_all "/var/tmp is mounted nosuid: a setgid program cannot be tested there"

ROOT=$(mktemp -d /var/tmp/ab-sectest-XXXXXX)
chmod 0755 "$ROOT"
G=absec$$          # the server's group
TEAM=abteam$$      # a group sharing a directory, as colleagues do
A=${G}a E=${G}e V=${G}v X=${G}x   # admin, editor (Governor), viewer, not listed (the attacker)
L=${G}l B=${G}b K=${G}k           # editors of LIV's and of BLI's Governor, BLI's admin
cleanup() {
	tmux -L "$G" kill-server 2>/dev/null
	for u in "$A" "$E" "$V" "$X" "$L" "$B" "$K"; do id "$u" >/dev/null 2>&1 && userdel "$u" 2>/dev/null; done
	for g in "$G" "$TEAM"; do getent group "$g" >/dev/null && groupdel "$g" 2>/dev/null; done
	rm -rf "$ROOT" "$T_TMP"
}
trap cleanup EXIT
groupadd "$TEAM"
for u in "$A" "$E" "$V" "$X" "$L" "$B" "$K"; do
	useradd -M -d "$ROOT/home/$u" -s /bin/sh "$u"
	install -d -o "$u" -g "$(id -g "$u")" -m 0700 "$ROOT/home/$u"
done
usermod -aG "$TEAM" "$E"
usermod -aG "$TEAM" "$X"
SHARED=$ROOT/shared
install -d -o root -g "$TEAM" -m 2775 "$SHARED"
cd "$ROOT"

# as USER CMD...: runs CMD as that user alone (their uid, gid and groups, a clean environment).
as() {
	local u=$1; shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
		env -i PATH=/usr/bin:/bin HOME="$ROOT/home/$u" LANG=C.UTF-8 ACTIONBOARD_TODAY=2026-11-23 "$@"
}
ETC=$ROOT/etc/actionboard STATE=$ROOT/var/lib/actionboard
SAB=$ROOT/usr/bin/actionboard SCFG=$ETC/actionboard.yaml SDB=$STATE/actionboard.db
install_server() {
	"$SRC/scripts/install-server" --admin "$A" --prefix "$ROOT/usr" --etc "$ETC" \
		--state "$STATE" --group "$G" --build "$ROOT/build" >"$T_TMP/install.log" 2>&1
}
install_server; rc=$?
t_eq "install-server sets the server up" "$rc" "0"
[ "$rc" -eq 0 ] || { sed 's/^/#   /' "$T_TMP/install.log"; skip_all "no server to test"; }
t_eq "the program is setgid $G, not setuid" "$(stat -c '%a %U %G' "$SAB")" "2755 root $G"
t_eq "the database's directory is $G's alone" "$(stat -c '%a %U %G' "$STATE")" "2770 root $G"
t_eq "the database is group read-write, nothing for others" "$(stat -c '%a %G' "$SDB")" "660 $G"
t_eq "the settings are root's" "$(stat -c '%a %U %G' "$SCFG" "$ETC" | paste -sd' ')" "644 root root 755 root root"
t_eq "the admin named is the stored admin" "$(q "$SDB" "select login || ':' || role from auth_user")" "$A:admin"

cat >> "$SCFG" <<EOF
  $E: {role: editor, owners: [Governor]}
  $V: {role: viewer}
EOF
out=$(as "$A" "$SAB" sync 2>/dev/null); rc=$?
t_eq "the admin syncs the new users in" "$rc $(q "$SDB" "select count(*) from auth_user")" "0 3"
H=$(q "$SDB" "select count(*) from history")
hist_is() { # NAME ROWS: the history has ROWS rows and the database passes integrity_check
	t_eq "$1: history intact ($2 rows, integrity ok)" \
		"$(q "$SDB" "select count(*) from history") $(q "$SDB" "pragma integrity_check")" "$2 ok"
}

# --- a viewer, through every path ----------------------------------------------------------------
VH=$ROOT/home/$V
# Copied by root and handed over: the clone may sit in a directory only root can enter
# (mktemp -d makes it 0700), and what is tested is the viewer's own settings file.
cp -r "$SRC/config/default" "$VH/cfg" && chown -R "$V:" "$VH/cfg"
as "$V" sh -c "printf 'database: %s\n' '$SDB' >> '$VH/cfg/actionboard.yaml'"
as "$V" mkdir -p "$VH/xdg"
as "$V" cp -r "$VH/cfg" "$VH/xdg/actionboard"
t_eq "a viewer reads every action" "$(as "$V" "$SAB" list --format json | jq length)" "88"
# The system settings are read once: privilege_apply hands what it read to the dashboard
# (at 1m a read of them is 30 ms; here it starts with no terminal, after reading them).
# strace -u, run by root, keeps the program's setgid.
if command -v strace >/dev/null; then
	strace -f -qq -e trace=open,openat -o "$T_TMP/strace" -u "$V" \
		env -i PATH=/usr/bin:/bin HOME="$ROOT/home/$V" LANG=C.UTF-8 \
		ACTIONBOARD_TODAY=2026-11-23 "$SAB" </dev/null >/dev/null 2>&1
	t_eq "the dashboard opens the system settings once, the setgid group held" \
		"$(grep -c "\"$SCFG\"" "$T_TMP/strace") $(grep -q "\"$SDB\"" "$T_TMP/strace" && echo and the database)" \
		"1 and the database"
else
	t_skip "the dashboard opens the system settings once" "strace is missing"
fi
: > "$T_TMP/verr"
vrcs=""
viewer() { # NAME CMD...: runs CMD as the viewer; appends "NAME=EXIT " to vrcs
	local name=$1; shift
	as "$V" "$@" >/dev/null 2>>"$T_TMP/verr"
	vrcs+="$name=$? "
}
viewer plain "$SAB" set "$KEY" cancelled
viewer --config "$SAB" --config "$VH/cfg/actionboard.yaml" set "$KEY" cancelled
viewer --db "$SAB" --db "$SDB" set "$KEY" cancelled
viewer --config=+--db= "$SAB" --config="$VH/cfg/actionboard.yaml" --db="$SDB" set "$KEY" cancelled
viewer ACTIONBOARD_CONFIG env ACTIONBOARD_CONFIG="$VH/cfg/actionboard.yaml" "$SAB" set "$KEY" cancelled
viewer ACTIONBOARD_DB env ACTIONBOARD_DB="$SDB" "$SAB" set "$KEY" cancelled
viewer XDG_CONFIG_HOME env XDG_CONFIG_HOME="$VH/xdg" "$SAB" set "$KEY" cancelled
viewer XDG_DATA_HOME env XDG_DATA_HOME="$VH" "$SAB" set "$KEY" cancelled
viewer --today "$SAB" --today 2019-01-01 set "$KEY" cancelled
viewer note "$SAB" note "$KEY" "hello"
viewer due "$SAB" due "$KEY" 2030-01-01 --reason why
viewer sync "$SAB" sync
t_eq "a viewer's write is refused through every path (exit 77)" "$vrcs" \
	"plain=77 --config=77 --db=77 --config=+--db==77 ACTIONBOARD_CONFIG=77 ACTIONBOARD_DB=77 XDG_CONFIG_HOME=77 XDG_DATA_HOME=77 --today=77 note=77 due=77 sync=77 "
t_has "--config is refused with the reason" "$(cat "$T_TMP/verr")" "--config is not taken on this shared server"
t_has "so are the variables" "$(cat "$T_TMP/verr")" "the variable ACTIONBOARD_CONFIG is not taken"
t_has "the role comes from the server" "$(cat "$T_TMP/verr")" "you ($V) are a viewer and may only read"
as "$V" cp "$SAB" "$VH/ab"
as "$V" "$VH/ab" --config "$VH/cfg/actionboard.yaml" --db "$SDB" set "$KEY" cancelled >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "a copy of the program (not setgid) cannot open the database" "$([ "$rc" -ne 0 ] && echo refused || echo "exit $rc")" "refused"
t_has "it is told so" "$(cat "$T_TMP/err")" "Permission denied"
hist_is "after the viewer's attempts" "$H"

# --- an editor, someone not listed, the admin ------------------------------------------------------
EH=$ROOT/home/$E
gov=$(as "$E" "$SAB" list --format json | jq -r '[.[] | select(.owners | index("Governor"))][0].key')
other=$(as "$E" "$SAB" list --format json | jq -r '[.[] | select(.owners | index("Governor") | not)][0].key')
as "$E" "$SAB" set "$gov" in_progress >/dev/null 2>&1; r1=$?
as "$E" "$SAB" set "$other" in_progress >/dev/null 2>"$T_TMP/err"; r2=$?
t_eq "an editor writes their own owner's action and is refused another's" "$r1 $r2" "0 77"
hist_is "after the editor's writes" "$((H + 1))"
t_eq "the history names the editor" "$(q "$SDB" "select user || ' ' || new from history order by id desc limit 1")" "$E in_progress"
H=$((H + 1))
as "$X" "$SAB" set "$gov" completed >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "a user not listed is refused (exit 77)" "$rc" "77"
t_has "as not listed" "$(cat "$T_TMP/err")" "you ($X) are not listed"
as "$A" "$SAB" set "$other" blocked >/dev/null 2>&1
t_eq "the admin writes any action" "$?" "0"
H=$((H + 1))
hist_is "after the admin's write" "$H"

# --- nobody but root reaches the file ------------------------------------------------------------
drcs="" derr=""
for u in "$V" "$E" "$X" "$A"; do
	as "$u" sqlite3 "$SDB" "select count(*) from history" >/dev/null 2>&1; drcs+="$([ $? -ne 0 ] && echo refused || echo OPEN) "
	as "$u" sqlite3 "$SDB" "drop trigger history_no_delete; delete from history" >/dev/null 2>&1; drcs+="$([ $? -ne 0 ] && echo refused || echo OPEN) "
	derr+=$(as "$u" head -c 16 "$SDB" 2>&1 >/dev/null)
done
t_eq "sqlite3 as the viewer, editor, someone else and the admin: no read, no write" "$drcs" \
	"refused refused refused refused refused refused refused refused "
t_eq "each is a permission error" "$(grep -o 'Permission denied' <<<"$derr" | wc -l)" "4"
hist_is "after the direct attempts" "$H"

# --- files the user asks for are the user's --------------------------------------------------------
as "$E" "$SAB" report -o "$EH/r.md" >/dev/null 2>&1
as "$E" "$SAB" backup "$EH/b.db" >/dev/null 2>&1
egroup=$(id -gn "$E")
t_eq "report -o and backup write files as the user (owner and group), not as $G" \
	"$(stat -c '%U %G' "$EH/r.md" "$EH/b.db" 2>&1 | paste -sd' ')" "$E $egroup $E $egroup"
t_eq "the backup is a sound copy" "$(q "$EH/b.db" "pragma integrity_check; select count(*) from action" | paste -sd' ')" "ok 88"
printf 'Rec No\tConcerns\tResponse\tOwner\tTarget\n1.1\t<p>A concern.</p>\t<p>An action.</p>\tGovernor\tJune 2023\n' > "$ROOT/plan.txt"
chmod 644 "$ROOT/plan.txt"
rcs=""
as "$E" "$SAB" report -o "$STATE/evil.md" >/dev/null 2>&1; rcs+="report=$? "
as "$E" "$SAB" backup --force "$SDB" >/dev/null 2>&1; rcs+="backup=$? "
as "$E" "$SAB" import "$ROOT/plan.txt" --establishment LIV --cycle 2030-01 -o "$STATE/evil.yaml" >/dev/null 2>&1; rcs+="import=$?"
t_eq "nothing can be written into the server's directory" "$rcs" "report=73 backup=73 import=73"
t_eq "which holds only the database" "$(ls -A "$STATE" | grep -v '^actionboard\.db\(-wal\|-shm\)\?$' | wc -l)" "0"
hist_is "after the attempts on the server's directory" "$H"

# --- planted symlinks --------------------------------------------------------------------------------
# The attacker shares a directory with the editor and plants links to the editor's own file
# at the output path and at every fixed name the old code used for its temporary file
# (PATH.tmpPID for import, PATH.tmp-PID for backup): the editor's file must not change.
install -o "$E" -g "$egroup" -m 0644 /dev/null "$EH/precious"
echo precious > "$EH/precious"
planted() { # NAME DEST CMD...: runs CMD as the editor with links planted; checks the file
	local name=$1 dest=$2; shift 2
	rm -f "$SHARED"/* "$EH/pid"
	setpriv --reuid="$E" --regid="$egroup" --init-groups env -i PATH=/usr/bin:/bin HOME="$EH" \
		LANG=C.UTF-8 bash -c 'echo $$ > ~/pid; kill -STOP $$; exec "$@"' _ "$@" >/dev/null 2>"$T_TMP/perr" &
	local job=$! pid="" i
	for ((i = 0; i < 200; i++)); do
		pid=$(cat "$EH/pid" 2>/dev/null)
		[ -n "$pid" ] && grep -q '^State:.*stopped' "/proc/$pid/status" 2>/dev/null && break
		sleep 0.05
	done
	for n in "$dest" "$dest.tmp$pid" "$dest.tmp-$pid" "$dest.$pid"; do
		as "$X" ln -s "$EH/precious" "$n"
	done
	kill -CONT "$pid"
	wait "$job"
	prc=$?
	t_eq "$name: the link's target is unchanged (exit $prc)" "$(cat "$EH/precious")" "precious"
}
planted "report -o" "$SHARED/r.md" "$SAB" report -o "$SHARED/r.md"
t_eq "report -o replaced the link at the destination with the report" "$(stat -c %F "$SHARED/r.md")" "regular file"
planted "import -o" "$SHARED/p.yaml" "$SAB" import "$ROOT/plan.txt" --establishment LIV --cycle 2030-01 -o "$SHARED/p.yaml"
t_eq "import -o replaced the link at the destination with the plan" "$(stat -c %F "$SHARED/p.yaml")" "regular file"
planted "backup" "$SHARED/b.db" "$SAB" backup "$SHARED/b.db"
t_has "backup without --force does not write through a link at the destination" "$(cat "$T_TMP/perr")" "already exists"
planted "backup --force" "$SHARED/b.db" "$SAB" backup --force "$SHARED/b.db"
# Either the copy took the link's name, or a planted name made the backup fail: never a
# success that wrote somewhere else.
if [ "$prc" -eq 0 ]; then
	t_eq "backup --force replaced the link with a sound copy" \
		"$(stat -c %F "$SHARED/b.db") $(q "$SHARED/b.db" "pragma integrity_check")" "regular file ok"
else
	t_has "backup --force that could not write says so" "$(cat "$T_TMP/perr")" "$SHARED/b.db"
fi
hist_is "after the planted links" "$H"

# --- a reader cannot lock writers out ----------------------------------------------------------------
q "$SDB" "pragma wal_checkpoint(truncate)" >/dev/null
rm -f "$SDB-wal" "$SDB-shm"
as "$V" sh -c 'umask 022; exec "$@"' _ "$SAB" list >/dev/null 2>&1
t_eq "a reader under umask 022 who opens first makes -wal and -shm the group can write" \
	"$(stat -c '%a %G' "$SDB-wal" "$SDB-shm" | paste -sd' ')" "660 $G 660 $G"
as "$A" sh -c 'umask 022; exec "$@"' _ "$SAB" set "$KEY" completed >/dev/null 2>"$T_TMP/err"
t_eq "and the admin writes after them" "$? $(cat "$T_TMP/err")" "0 "
H=$((H + 1))
hist_is "after the reader and the writer" "$H"
mkdir "$ROOT/saved" && mv "$SDB" "$SDB-wal" "$SDB-shm" "$ROOT/saved/" 2>/dev/null
as "$V" sh -c 'umask 077; exec "$@"' _ "$SAB" list >/dev/null 2>&1
t_eq "a database a reader under umask 077 creates is still the group's to write" "$(stat -c '%a %G' "$SDB")" "660 $G"
as "$E" sh -c 'umask 077; exec "$@"' _ "$SAB" set "$gov" blocked >/dev/null 2>&1
t_eq "and the editor writes to it" "$?" "0"
t_eq "it took the server's users from root's settings" "$(q "$SDB" "select count(*) from auth_user")" "3"
rm -f "$SDB" "$SDB-wal" "$SDB-shm" && mv "$ROOT/saved/"* "$STATE/"
hist_is "the server's database put back" "$H"

# --- the environment and the install ---------------------------------------------------------------
tmux -L "$G" new-session -d -x 100 -y 30 "setpriv --reuid=$V --regid=$(id -g "$V") --init-groups env -i TERM=screen TERMINFO=$VH/nowhere TERMINFO_DIRS=$VH/nowhere HOME=$VH LANG=C.UTF-8 LC_ALL=$VH/nowhere $SAB; echo EXIT=\$?; sleep 60"
for ((i = 0; i < 100; i++)); do tmux -L "$G" capture-pane -p | grep -q 'Priority concerns' && break; sleep 0.1; done
t_has "the dashboard runs setgid, whatever TERMINFO and LC_ALL say" "$(tmux -L "$G" capture-pane -p)" "Priority concerns"
pid=$(pgrep -u "$V" -x actionboard | head -1)
vg=$(id -g "$V")
t_eq "with the database open it has given the group up for good (real, effective, saved)" \
	"$(awk '/^Gid:/ {print $2, $3, $4}' "/proc/$pid/status")" "$vg $vg $vg"
as "$V" ls "/proc/$pid/fd" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "and the user cannot reach its open database through /proc (it is not dumpable)" \
	"$rc $(grep -c 'Permission denied' "$T_TMP/err")" "2 1"
tmux -L "$G" send-keys q
for ((i = 0; i < 50; i++)); do tmux -L "$G" capture-pane -p | grep -q 'EXIT=' && break; sleep 0.1; done
t_has "and quits cleanly" "$(tmux -L "$G" capture-pane -p)" "EXIT=0"
tmux -L "$G" kill-server 2>/dev/null

chmod 0664 "$SCFG"
as "$V" "$SAB" list >/dev/null 2>"$T_TMP/err"; rc=$?
chmod 0644 "$SCFG"
t_eq "settings others may change are refused (exit 78)" "$rc" "78"
t_has "with the reason" "$(cat "$T_TMP/err")" "not root's alone"
cp "$SAB" "$ROOT/setuid-copy" && chown "$X" "$ROOT/setuid-copy" && chmod 4755 "$ROOT/setuid-copy"
as "$V" "$ROOT/setuid-copy" list >/dev/null 2>"$T_TMP/err"; rc=$?
rm -f "$ROOT/setuid-copy"
t_eq "a setuid install refuses to run (exit 77)" "$rc" "77"

# --- rights that stop at an establishment -----------------------------------------------------------
# Root adds HMP Bristol, whose plan also has a Governor, and three users scoped to one prison.
add_bli "$ETC"
chmod 0644 "$ETC/establishments/BLI.yaml" "$ETC/plans/BLI-2024-03.yaml"
cat >> "$SCFG" <<EOF
  $L: {role: editor, establishments: [LIV], owners: [Governor]}
  $B: {role: editor, establishments: [BLI], owners: [Governor]}
  $K: {role: admin, establishments: [BLI]}
EOF
as "$K" "$SAB" sync >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "BLI's admin may not sync root's new settings in (exit 77)" "$rc $(grep -c 'only an admin may sync' "$T_TMP/err")" "77 1"
as "$A" "$SAB" sync >/dev/null 2>&1; rc=$?
t_eq "the estate admin syncs them in" "$rc $(q "$SDB" "select group_concat(u.login || ':' || e.code, ' ') from auth_user_establishment u join establishment e on e.id = u.establishment_id order by u.login")" \
	"0 $B:BLI $K:BLI $L:LIV"
H=$(q "$SDB" "select count(*) from history") J=$(q "$SDB" "select count(*) from judgement")
: > "$T_TMP/serr"
w() { # USER CMD...: one write as USER through the setgid program; prints "WHO-COMMAND=EXIT "
	local u=$1 name; shift
	case $u in "$L") name=L ;; "$B") name=B ;; "$K") name=K ;; "$A") name=A ;; "$E") name=E ;; "$V") name=V ;; "$X") name=X ;; esac
	as "$u" "$SAB" "$@" >/dev/null 2>>"$T_TMP/serr"
	echo -n "$name-$1=$? "
}
t_eq "LIV's editor: LIV's Governor yes, BLI's Governor no" "$(w "$L" set "$KEY" in_progress; w "$L" set "$BGOV" blocked)" \
	"L-set=0 L-set=77 "
t_eq "BLI's editor: BLI's Governor yes; LIV's Governor, BLI's Head of Safety, LIV's item no" \
	"$(w "$B" set "$BGOV" in_progress; w "$B" note "$KEY" hi; w "$B" set "$BSAF" blocked; w "$B" judge "$LITEM" self achieved)" \
	"B-set=0 B-note=77 B-set=77 B-judge=77 "
t_eq "BLI's admin: anything at BLI (set, undo, judge, unlink); nothing at LIV; no sync" \
	"$(w "$K" set "$BSAF" blocked; w "$K" undo "$BSAF"; w "$K" judge "$BITEM" self achieved; w "$K" unlink "$BITEM"
	   w "$K" set "$KEY" blocked; w "$K" judge "$LITEM" self achieved; w "$K" sync)" \
	"K-set=0 K-undo=0 K-judge=0 K-unlink=0 K-set=77 K-judge=77 K-sync=77 "
t_eq "the estate admin and the estate's Governor editor: both prisons, as before" \
	"$(w "$A" set "$BSAF" in_progress; w "$A" set "$KEY" blocked; w "$E" set "$BGOV" blocked; w "$E" sync)" \
	"A-set=0 A-set=0 E-set=0 E-sync=77 "
t_eq "a viewer and someone not listed: nothing at BLI either" \
	"$(w "$V" set "$BGOV" completed; w "$X" set "$BGOV" completed; w "$V" judge "$BITEM" self achieved)" \
	"V-set=77 X-set=77 V-judge=77 "
t_has "a refusal names the establishment and the owner needed" "$(cat "$T_TMP/serr")" \
	"$BGOV: you ($L) may write only in establishment LIV, and this action is in BLI: it needs establishment BLI and owner Governor"
t_has "a refused sync says it is an estate admin's" "$(cat "$T_TMP/serr")" \
	"only an estate admin (one without establishments) may sync the definitions: you ($K) are an admin of BLI only"
t_eq "the history holds exactly the allowed writes, by whom" \
	"$(q "$SDB" "select user || ':' || count(*) from history where id > $H group by user order by user" | paste -sd' ')" \
	"$A:2 $B:1 $E:1 $K:2 $L:1"
t_eq "and the one allowed judgement is BLI's admin's" \
	"$(q "$SDB" "select count(*) from judgement where id > $J; select recorded_by from judgement where id > $J" | paste -sd' ')" "1 $K"
H=$((H + 7))
hist_is "after the scoped users' writes" "$H"

dump=$(q "$SDB" .dump | sha256sum) cfg=$(sha256sum < "$SCFG")
install_server; rc=$?
t_eq "install-server again: nothing changes" \
	"$rc $(q "$SDB" .dump | sha256sum) $(sha256sum < "$SCFG") $(stat -c '%a %U %G' "$SAB" "$STATE" "$SDB" | paste -sd' ')" \
	"0 $dump $cfg 2755 root $G 2770 root $G 660 root $G"
hist_is "at the end" "$H"
t_done
