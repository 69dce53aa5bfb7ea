#!/usr/bin/env bash
# From status to assurance, from the command line: a second person's verification
# (verify), and how summary, list, history and the exports count it.
# usage: test_governance.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
ME=$(id -un)
export ACTIONBOARD_TODAY=2023-06-01
# The database sits where a second local user (for the two-person checks) can reach it.
chmod 0711 "$T_TMP"
W="$T_TMP/shared"
mkdir -m 0777 "$W"
DB="$W/ab.db"
CFG="$W/actionboard.yaml"
cp -r "$SRC/config/default/." "$W/"
ab() { "$AB" --config "$CFG" --db "$DB" "$@"; }
act() { ab list --format json | jq -r --arg k "$1" ".[] | select(.key == \$k) | $2"; }
ab sync >/dev/null 2>&1
chmod 0666 "$DB"
# Another person: `nobody`, when this runs as root (else those checks are skipped).
OTHER=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	OTHER=nobody
fi
as_other() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		env HOME="$W" XDG_CONFIG_HOME="$W/xdg" XDG_DATA_HOME="$W/xdg" \
		"$AB" --config "$CFG" --db "$DB" "$@"
}
# The rows users write (t_dump stops at the FTS5 table, whose one column it cannot sort by 2).
rows() {
	python3 -c 'import sqlite3,sys
d = sqlite3.connect(sys.argv[1])
for t in ("action", "history", "auth_user", "auth_verifier"):
    for r in d.execute("SELECT * FROM %s ORDER BY 1" % t): print(t, r)' "$DB"
}
skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }

# --- the setting and the state ----------------------------------------------------------------
t_eq "the bundled plans ask for verification: completed actions are awaiting it" \
	"$(ab list --status completed --format json | jq -r '[.[].verification] | unique | join(" ")')" \
	"awaiting"
t_eq "an open action has no verification" "$(act LIV/2022-07/1.1.1 .verification)" "null"

# --- verify, by someone other than the completer ---------------------------------------------
out=$(ab verify LIV/2022-07/1.3.1 --note "Pay policy seen — £ rates match ✓")
t_eq "verify confirms" "$?:$out" "0:LIV/2022-07/1.3.1: verified (version 2)"
t_eq "list: verified, by whom" "$(act LIV/2022-07/1.3.1 '[.verification, .verified_by, .status] | join(" ")')" \
	"verified $ME completed"
t_has "history: the verification and its note" "$(ab history LIV/2022-07/1.3.1)" \
	"verified · Pay policy seen — £ rates match ✓"
ab verify LIV/2022-07/1.3.1 2>"$T_TMP/err"
t_eq "verifying twice is refused (65), saying by whom" "$?:$(grep -c "already verified by $ME" "$T_TMP/err")" "65:1"
ab verify LIV/2022-07/1.1.2 2>"$T_TMP/err"
t_eq "an action not completed cannot be verified (65)" "$?:$(cat "$T_TMP/err")" \
	"65:actionboard: LIV/2022-07/1.1.2 is planned, not completed: there is nothing to verify"

# --- one's own completion ----------------------------------------------------------------------
ab set LIV/2022-07/1.1.1 completed >/dev/null
before=$(rows)
ab verify LIV/2022-07/1.1.1 2>"$T_TMP/err"
t_eq "verifying one's own completion is refused with 77" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: LIV/2022-07/1.1.1: you ($ME) completed it, so someone else must verify it"
t_eq "... and writes nothing" "$(rows)" "$before"
ab verify LIV/2022-07/1.1.1 --reject "not mine to judge" 2>/dev/null
t_eq "nor may the completer reject it (77)" "$?" "77"

# --- reject ------------------------------------------------------------------------------------
j=$(ab verify LIV/2022-07/1.6.1 --reject "No evidence of the GP contract" --format json)
t_eq "reject reopens the action (json)" "$(printf '%s' "$j" | jq -c '[.status, .verification]')" \
	'["in_progress",null]'
t_has "history: the rejection with its reason" "$(ab history LIV/2022-07/1.6.1)" \
	"verification rejected: completed → in_progress · No evidence of the GP contract"
ab verify LIV/2022-07/1.6.1 --reject "   " 2>/dev/null
t_eq "a rejection needs a reason (65)" "$?" "65"
ab verify LIV/2022-07/1.3.1 --note x --reject y 2>/dev/null
t_eq "--note and --reject together: usage (64)" "$?" "64"

# --- a later status change ends a verification ------------------------------------------------
ab set LIV/2022-07/1.3.1 in_progress >/dev/null
t_eq "a status change ends the verification" \
	"$(act LIV/2022-07/1.3.1 '[.verification, .verified_by] | map(tostring) | join(" ")')" "null null"

# --- counts: summary, exports ------------------------------------------------------------------
ab verify "$(ab list --cycle 2022-07 --status completed --format json | jq -r '[.[] | select(.updated_by == null)][0].key')" >/dev/null
s=$(ab summary --cycle 2022-07 --format json)
t_eq "summary json: verified apart from completed, not verified" \
	"$(printf '%s' "$s" | jq -c '.[0] | [.completed, .verified, .completed_not_verified]')" \
	"$(ab list --cycle 2022-07 --status completed --format json | jq -c '[length, ([.[] | select(.verification == "verified")] | length), ([.[] | select(.verification != "verified")] | length)]')"
t_eq "... one of them verified" "$(printf '%s' "$s" | jq '.[0].verified')" "1"
t_has "summary table: the verified counted apart" "$(ab summary --cycle 2022-07)" \
	"completed: 1 verified, "
ab export --cycle 2022-07 --format csv -o "$T_TMP/x.csv" 2>/dev/null
t_has "export csv carries verification, verified_by, verified_at" "$(head -1 "$T_TMP/x.csv")" \
	",verification,verified_by,verified_at"

# --- who may verify: roles ------------------------------------------------------------------------
role() { cp "$SRC/config/default/actionboard.yaml" "$CFG"; printf 'users:\n  %s: %s\n' "$ME" "$1" >>"$CFG"; }
key=$(ab list --cycle 2019-08 --status completed --format json | jq -r '.[0].key')
role '{role: editor, owners: [Governor]}'
ab verify "$key" 2>"$T_TMP/err"
t_eq "an editor may not verify (77)" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: $key: you ($ME) may not verify: only an admin or a verifier may"
role '{role: verifier}'
ab verify "$key" >/dev/null
t_eq "a verifier may verify" "$?:$(act "$key" .verification)" "0:verified"
ab note "$key" "a verifier reads only" 2>"$T_TMP/err"
t_eq "a verifier may not change actions (77)" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: $key: you ($ME) are a verifier and may only read and verify"
role '{role: supervisor}'
ab check 2>"$T_TMP/err" >/dev/null
t_has "an unknown role names the four" "$(cat "$T_TMP/err")" "(expected viewer, editor, admin or verifier)"
cp "$SRC/config/default/actionboard.yaml" "$CFG"

# --- a stored policy keeps the verifier role --------------------------------------------------------
printf 'users:\n  %s: {role: admin}\n  nobody: {role: verifier}\n' "$ME" >>"$CFG"
ab sync >/dev/null 2>&1
t_eq "sync stores a verifier as a viewer marked in auth_verifier" \
	"$(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute(\"select u.role from auth_user u join auth_verifier v using(login) where login='nobody'\").fetchone()[0])" "$DB")" "viewer"
ab sync >/dev/null 2>&1
t_eq "syncing the same users again changes nothing" "$(ab sync 2>&1 | grep -c 'no changes\|0 changes')" "1"

# --- two people -------------------------------------------------------------------------------------
if [ -n "$OTHER" ]; then
	ab set LIV/2022-07/1.2.1 completed >/dev/null
	out=$(as_other verify LIV/2022-07/1.2.1 --note "checked by a second person")
	t_eq "another person (a stored verifier) verifies my completion" "$?:$out" \
		"0:LIV/2022-07/1.2.1: verified (version 3)"
	t_eq "... recorded as theirs" "$(act LIV/2022-07/1.2.1 .verified_by)" "nobody"
	as_other set LIV/2022-07/1.2.1 in_progress 2>/dev/null
	t_eq "... who may still not change the status (77)" "$?" "77"
else
	skip "another person verifies my completion" "needs root, setpriv and the user nobody"
fi

t_done
