#!/usr/bin/env bash
# End-to-end tests of the estate on one screen: a small estate written here (three
# establishments, four plans, an owner in two of them), the dashboard in tmux, the
# database checked with the CLI. The overview's counts against `summary`; an owner's
# actions across the estate against `list --owner`, and a status change made there
# against `history`; a search of the estate and Enter landing on the action.
# usage: test_estate.sh BINARY
. "$(dirname "$0")/../lib.sh"
AB=$1
TODAY=2026-11-23
ME=$(id -un)
SOCK="ab-estate-$$"
unset NO_COLOR COLUMNS LINES
tm() { tmux -L "$SOCK" "$@"; }
. "$(dirname "$0")/alive.sh"
trap 'tm kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT

# --- a small estate -------------------------------------------------------------------------
E="$T_TMP/estate"
mkdir -p "$E/establishments" "$E/plans"
cat > "$E/actionboard.yaml" <<'YAML'
establishments: [establishments/*.yaml]
plans: [plans/*.yaml]
owners:
  - {name: Governor, aliases: [The Governor]}
  - {name: HMPPS Estates, aliases: [Estates], shared: true}
  - {name: Head of Healthcare}
YAML
printf 'code: AAA\nname: HMP Alpha\nregion: North West\n' > "$E/establishments/AAA.yaml"
printf 'code: BBB\nname: HMP Beta\nfunction: Training prison\n' > "$E/establishments/BBB.yaml"
printf 'code: CCC\nname: HMP Gamma\ndescription: Local prison\n' > "$E/establishments/CCC.yaml"
# plan FILE EST CYCLE FROM ITEMS...: each ITEM is "REF|TEXT|ACTION;ACTION…", each ACTION
# "ID=OWNER,OWNER=TARGET=TEXT"
plan() {
	local f=$1 est=$2 cyc=$3 from=$4; shift 4
	{
		printf 'establishment: %s\ncycle: "%s"\nscheme: concerns\n' "$est" "$cyc"
		printf 'inspection: [{from: %s, to: %s}]\nitems:\n' "$from" "$from"
		local cat=priority
		for it in "$@"; do
			IFS='|' read -r ref text acts <<<"$it"
			printf '  - ref: "%s"\n    category: %s\n    text: "%s"\n    actions:\n' "$ref" "$cat" "$text"
			cat=key
			IFS=';' read -ra list <<<"$acts"
			for a in "${list[@]}"; do
				IFS='=' read -r id owners target atext <<<"$a"
				printf '      - id: "%s"\n        owners: [%s]\n        target: "%s"\n        text: "%s"\n' \
					"$id" "$owners" "$target" "$atext"
			done
		done
	} > "$E/plans/$f"
}
plan AAA-2019.yaml AAA 2019-08 2019-08-05 \
	"S1|Leaders should reduce violence.|S1.1=Governor=April 2020=A violence reduction strategy."
plan AAA-2022.yaml AAA 2022-07 2022-07-18 \
	"1.1|Drones delivered drugs to the wings.|1.1.1=Governor,Estates=March 2023=Window grilles fitted.;1.1.2=HMPPS Estates=Completed=Netting over the yards.;1.1.3=Governor=June 2027=A drone detection pilot." \
	"1.2|Cells were cold.|1.2.1=HMPPS Estates=February 2023=Repair the boilers.;1.2.2=Head of Healthcare=Ongoing=Warm clothing issued."
plan BBB-2023.yaml BBB 2023-03 2023-03-06 \
	"1.1|Showers were broken.|1.1.1=Estates=January 2024=Replace the showers.;1.1.2=Governor=Completed=Rota for the showers."
plan CCC-2024.yaml CCC 2024-05 2024-05-13 \
	"1.1|Too few prisoners were in education.|1.1.1=Governor=September 2026=More places in classes.;1.1.2=Governor=December 2027=A new workshop."
# Older plans: BBB's of 2020 is finished; DDD has three (2018 with an overdue action, 2021
# finished, 2024 its latest); EEE's latest (2023) is finished but its 2019 plan is not.
plan BBB-2020.yaml BBB 2020-01 2020-01-13 \
	"1.1|The kitchen was dirty.|1.1.1=Head of Healthcare=Completed=A deep clean."
printf 'code: DDD\nname: HMP Delta\nregion: South West\n' > "$E/establishments/DDD.yaml"
printf 'code: EEE\nname: HMP Epsilon\nregion: North West\n' > "$E/establishments/EEE.yaml"
plan DDD-2018.yaml DDD 2018-06 2018-06-04 \
	"S1|Healthcare waiting lists were long.|S1.1=Head of Healthcare=March 2019=More clinics.;S1.2=Head of Healthcare=Completed=A triage nurse."
plan DDD-2021.yaml DDD 2021-02 2021-02-08 \
	"1.1|Visits were cancelled.|1.1.1=Governor=Completed=Visits restored."
plan DDD-2024.yaml DDD 2024-09 2024-09-09 \
	"1.1|Too few staff were trained.|1.1.1=Head of Healthcare=December 2027=Training for all staff."
plan EEE-2019.yaml EEE 2019-03 2019-03-11 \
	"1.1|Medicines were not safe.|1.1.1=Head of Healthcare=June 2020=A new pharmacy."
plan EEE-2023.yaml EEE 2023-11 2023-11-06 \
	"1.1|Cells were damp.|1.1.1=Head of Healthcare=Completed=Damp proofing."
CFG="$E/actionboard.yaml"
DB="$T_TMP/estate.db"
"$AB" --config "$CFG" --db "$DB" sync -q 2>/dev/null
ab() { "$AB" --config "$CFG" --db "$DB" --today $TODAY "$@"; }

start() { # start NAME WxH: the dashboard on the estate
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
		"env TERM=xterm-256color LC_ALL=C.UTF-8 ACTIONBOARD_TEST_SYNC=1 $AB --config $CFG --db $DB --today $TODAY; echo EXIT=\$?; sleep 600"
}
# The overview's establishments as CODE=COUNTED/PLANS/ITEMS/OPEN/LATE/DONE, in screen order
# (VERIF, the verified, left out).
overview_rows() {
	screen "$1" | sed -nE 's/^│[▸ ]([A-Z]{3}) .* ([0-9-]{7}|\(no plan\)) +([0-9]+)\/([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+) +[0-9]+ +[0-9]+% .*/\1=\3\/\4\/\5\/\6\/\7\/\8/p'
}
# The prison groups' headings as GROUP:ESTABLISHMENTS=COUNTED/PLANS/ITEMS/OPEN/LATE/DONE
# (VERIF left out).
overview_groups() {
	screen "$1" | sed -nE 's/^│[▸ ]([^│]+) · ([0-9]+) establishments? +([0-9]+)\/([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+) +[0-9]+ +[0-9]+% .*/\1:\2=\3\/\4\/\5\/\6\/\7\/\8/p'
}
# What summary says an establishment's row must be: its plans that are the latest or still
# have an open action (the rule of the overview), summed; written from summary's plan rows.
# Establishments' prison groups, for the subtotals.
REGIONS='{"AAA": "North West", "EEE": "North West", "DDD": "South West"}'
summary_rows() {
	ab summary --format json | jq -r '
		group_by(.establishment) | .[] | (max_by(.cycle).cycle) as $l | length as $n |
		map(select(.cycle == $l or .actions - .completed - .cancelled > 0)) |
		"\(.[0].establishment)=\(length)/\($n)/\(map(.items) | add)/\(map(.actions - .completed - .cancelled) | add)/\(map(.overdue) | add)/\(map(.completed) | add)"'
}
summary_groups() {
	ab summary --format json | jq -r --argjson g "$REGIONS" '
		group_by(.establishment) | map((max_by(.cycle).cycle) as $l | length as $n |
		  {g: ($g[.[0].establishment] // "no prison group"), n: $n,
		   c: map(select(.cycle == $l or .actions - .completed - .cancelled > 0))}) |
		group_by(.g) | .[] |
		"\(.[0].g):\(length)=\(map(.c | length) | add)/\(map(.n) | add)/\(map(.c[].items) | add)/\(map(.c[] | .actions - .completed - .cancelled) | add)/\(map(.c[].overdue) | add)/\(map(.c[].completed) | add)"'
}
# The owner's list: "EST/CYCLE/ID" of each action line, in screen order.
owned_keys() {
	local est="" cyc="" line re_head='^│[▸ ]HMP [^(]*\(([A-Z]+)\) · ([0-9-]+) ' re_act='^│  [▸ ]([0-9S][0-9.]*) '
	while IFS= read -r line; do
		if [[ $line =~ $re_head ]]; then est=${BASH_REMATCH[1]}; cyc=${BASH_REMATCH[2]}
		elif [[ $line =~ $re_act ]]; then echo "$est/$cyc/${BASH_REMATCH[1]}"; fi
	done < <(screen "$1")
}

# --- the overview, the first screen ----------------------------------------------------------
start main 160x40
check "with several establishments the overview comes first" main "Establishments 5"
check "the header says the estate is on screen" main "actionboard · the estate · 5 establishments"
check "an establishment's region shows" main "North West"
check "its function when it has no region" main "Training prison"
check "its description when it has neither" main "Local prison"
# Row by row against summary: each establishment counts its latest plan and every plan
# that still has an open action (AAA's 2019 plan, DDD's 2018 plan and EEE's 2019 plan,
# whose overdue actions a newer plan must not hide); BBB's finished 2020 plan and DDD's
# finished 2021 plan drop out.
t_eq "the overview's rows, establishment by establishment, agree with summary" \
	"$(overview_rows main | sort)" "$(summary_rows | sort)"
t_eq "which counts the older plans' overdue actions" "$(overview_rows main | grep -E '^(AAA|DDD|EEE)=')" \
	"$(printf 'AAA=2/2/3/5/3/1\nEEE=2/2/2/1/1/1\nDDD=2/3/2/2/1/1')"
t_eq "grouped by prison group, each group's subtotals agree with summary" \
	"$(overview_groups main)" "$(summary_groups)"
t_eq "summary marks the plans the overview counts (in_overview)" \
	"$(ab summary --format json | jq -r '.[] | select(.in_overview) | "\(.establishment)/\(.cycle)"' | sort | paste -sd' ')" \
	"AAA/2019-08 AAA/2022-07 BBB/2023-03 CCC/2024-05 DDD/2018-06 DDD/2024-09 EEE/2019-03 EEE/2023-11"
t_has "and its table says how many" "$(ab summary)" "The estate overview counts 8 of these 10 plans: each establishment's latest and those with open actions."
t_eq "the groups by name, those with none last; in a group, by code" \
	"$(overview_rows main | cut -d= -f1 | paste -sd' ')" "AAA EEE DDD BBB CCC"
check "a row names its latest plan" main "2022-07"
check "the title says what is counted" main "plans counted 8 of 10: latest and open · 7 overdue"
keys main '>'; check "> sorts by the next column" main "by name"
keys main '<' '<'; check "< by the previous one (from code, wrapping: % done)" main "by % done"
keys main '<'; check "and on back" main "by completed"
keys main '<'; check "to overdue" main "by overdue"
t_eq "sorted by overdue: groups by their overdue subtotals, within them establishments" \
	"$(overview_groups main | cut -d: -f1 | paste -sd'|') $(overview_rows main | cut -d= -f1 | paste -sd' ')" \
	"North West|South West|no prison group AAA EEE DDD BBB CCC"
keys main '>' '>' '>'; check "and back to code" main "by code"
# Filter by group: Enter on a group's heading shows it alone.
keys main g; keys main Enter
check "Enter on a group's heading shows that group alone" main "Establishments 2 in North West"
t_eq "only its establishments" "$(overview_rows main | cut -d= -f1 | paste -sd' ')" "AAA EEE"
check "the header says so" main "FILTER group: North West · x clears"
keys main x; check "x shows every group again" main "Establishments 5 · "
# Enter on an establishment offers the plans it counts, the latest first.
keys main g; keys main j; keys main Enter
check "Enter on an establishment with open actions in older plans offers its plans" main "Plans of HMP Alpha with open actions, the latest first"
want=$(ab summary --establishment AAA --format json | jq -r 'sort_by(.cycle) | reverse | to_entries[] | .value |
	"\(.cycle) (\(.scheme))\(if .cycle == "2022-07" then " · latest" else "" end) · \(.actions - .completed - .cancelled) open · \(.overdue) overdue · \(.completed) of \(.actions) done"')
t_eq "the latest first, each with summary's figures" \
	"$(screen main | grep -oE '20[0-9]{2}-[0-9]{2} \((concerns|recommendations)\)[^│]*done' | sed 's/ *$//')" "$want"
keys main j; keys main Enter
check "the older plan opens" main "actionboard · HMP Alpha · inspection Aug 2019"
keys main E
keys main /; keys main -l "beta"
check "/ filters the establishments as you type" main "Establishments 1 matching \"beta\""
t_eq "only the one that matches stays, under its group" "$(overview_rows main | cut -d= -f1) $(overview_groups main | cut -d: -f1)" "BBB no prison group"
keys main Enter; check_not "Enter ends the typing" main "Search: beta"
keys main Enter
check "Enter on an establishment with one plan counted opens it at once" main "actionboard · HMP Beta · inspection Mar 2023 (concerns)"
check "the header says a plan is on screen" main "this plan"
keys main E; check "E returns to the overview from anywhere" main "Establishments 1"
keys main x; check "x clears the overview's filter" main "Establishments 5"
keys main Escape; check "Esc goes back to the plan" main "HMP Beta · inspection Mar 2023"
keys main E; keys main g; keys main j; keys main Enter
check "the plans offered again" main "Plans of HMP Alpha"
keys main Enter
check "Enter picks the latest" main "HMP Alpha · inspection Jul 2022"

# --- the owners pane over a wider scope ------------------------------------------------------
keys main w; check "w widens the owners pane to the establishment" main "in this establishment"
keys main w; check "and to the estate" main "in the estate"
check "where a local owner is one per establishment" main "Governor · AAA"
check "and a shared owner once" main " HMPPS Estates "
for _ in 1 2 3 4 5; do screen main | grep -qF "↵ filter by owner" && break; keys main Tab; sleep 0.2; done
keys main g j j Enter
check "Enter on one prison's Governor in the pane lists that Governor's actions" main "Actions of Governor · establishment CCC"
t_eq "and only theirs" "$(owned_keys main | paste -sd' ')" "CCC/2024-05/1.1.1 CCC/2024-05/1.1.2"
keys main x; check "x: back to the plan" main "HMP Alpha · inspection Jul 2022"
keys main w; check "and back to the plan" main "Owners, o and m: this plan"

# --- an owner's actions across the estate -----------------------------------------------------
keys main W; check "W offers every owner of the estate" main "Owner's actions in the estate"
keys main -l "Estates"; keys main Enter
check "the owner's list names the owner and the scope" main "FILTER owner: HMPPS Estates"
check "its title counts the actions and plans" main "Actions of HMPPS Estates · the estate · 4 in 2 plans · 3 overdue"
# By establishment and plan, overdue first (earliest due first), then plan order.
t_eq "the owner's actions across the estate, grouped, overdue first" "$(owned_keys main | tr '\n' ' ')" \
	"AAA/2022-07/1.2.1 AAA/2022-07/1.1.1 AAA/2022-07/1.1.2 BBB/2023-03/1.1.1 "
t_eq "the same actions as list --owner" "$(owned_keys main | sort | tr '\n' ' ')" \
	"$(ab list --owner "HMPPS Estates" --format json | jq -r '.[].key' | sort | tr '\n' ' ')"
check "the first action is selected and shown in full" main "Repair the boilers."
keys main j; check "j moves to the next action" main "Window grilles fitted."
keys main s; check "s opens the status menu of that action" main "Status of AAA/2022-07/1.1.1"
keys main j j j Enter; check "a note is asked for" main "(optional) ─"
keys main -l "Grilles done across the wing"; keys main Enter
check "the change is confirmed" main "AAA/2022-07/1.1.1: planned → completed (with note)"
t_eq "the history of that action has the change" \
	"$(ab history AAA/2022-07/1.1.1 --format json | jq -r '.[-1] | "\(.user)|\(.kind)|\(.old)|\(.new)|\(.note)"')" \
	"$ME|status|planned|completed|Grilles done across the wing"
t_eq "and no other action changed" "$(ab history AAA/2022-07/1.2.1 --format json | jq -r '[.[] | select(.kind=="status")] | length')" "0"
check "the list shows it completed, one fewer overdue" main "4 in 2 plans · 2 overdue"
keys main a; keys main -l "Grille parts ordered"; keys main Enter
check "a adds a note from the list too" main "AAA/2022-07/1.1.1: note added"
keys main w; check "w narrows the list to the action's establishment" main "this establishment: AAA"
t_eq "only that establishment's actions" "$(owned_keys main | cut -d/ -f1 | sort -u)" "AAA"
keys main w; check "w again: the estate" main "4 in 2 plans"
keys main Enter
check "Enter opens the action in its plan" main "HMP Alpha · inspection Jul 2022"
check "on that action, in the detail" main "▸1.1.1"
keys main Escape Escape; check "Esc, Esc: back to the owner's list" main "FILTER owner: HMPPS Estates"
keys main x; check_not "x closes it" main "FILTER owner"
keys main m; check "m without a users section says what is missing" main "needs a users section"

# --- a search of the estate ------------------------------------------------------------------
keys main F; check "F asks what to search the estate for" main "Search the estate:"
keys main -l "parts ordered"; keys main Enter
check "the results name the words and count the hits" main "Search of the estate for \"parts ordered\" · 1 best of 1 hits"
check "grouped by plan" main "HMP Alpha (AAA) · 2022-07 (concerns) · 1 hit"
check "a note is found" main "note on 1.1.1"
keys main F; keys main C-u; keys main -l "repair"; keys main Enter
check "a new search replaces it" main "action  1.2.1"
keys main Enter
check "Enter goes to the action in its plan" main "HMP Alpha · inspection Jul 2022"
check "with the action selected" main "▸1.2.1"
keys main E; keys main F; keys main -l "rota"; keys main Enter
check "a search from the overview" main "HMP Beta (BBB) · 2023-03"
keys main Enter
check "Enter: the action in its plan" main "HMP Beta · inspection Mar 2023"
check "on the action found" main "▸1.1.2"
keys main Escape Escape; check "Esc, Esc: back to the results" main "Search of the estate for \"rota\""
keys main Escape; check "Esc: back to the overview" main "Establishments 5"
t_has "list --search finds the same words" "$(ab list --search "shower" --format csv)" "BBB/2023-03/1.1.2"
keys main q; check "q leaves" main "EXIT=0"

# --- owners that belong to a prison ------------------------------------------------------------
# Governor is a local role (each prison has its own); HMPPS Estates is shared (settings).
t_eq "owners: a local owner once per establishment, a shared one once" \
	"$(ab owners --format json | jq -r '.[] | "\(.name)@\(.establishment // "-")=\(.total)/\(.open)"' | paste -sd' ')" \
	"Governor@AAA=3/2 Governor@BBB=1/0 Governor@CCC=2/2 Governor@DDD=1/0 HMPPS Estates@-=4/2 Head of Healthcare@AAA=1/1 Head of Healthcare@BBB=1/0 Head of Healthcare@DDD=3/2 Head of Healthcare@EEE=2/1"
t_has "the table says whose Governor" "$(ab owners)" "Governor · CCC"
# The settings decide which owners are shared: a sync that marks Governor shared is one
# update, and Governor is then one owner across the estate.
cp -r "$E" "$T_TMP/shared" && cp "$DB" "$T_TMP/shared.db"
sed -i 's/  - {name: Governor, aliases: \[The Governor\]}/  - {name: Governor, aliases: [The Governor], shared: true}/' "$T_TMP/shared/actionboard.yaml"
t_has "a sync marking an owner shared is one update" \
	"$("$AB" --config "$T_TMP/shared/actionboard.yaml" --db "$T_TMP/shared.db" sync 2>/dev/null)" ": 1 changes (0 added, 1 updated"
t_eq "and the owner is then one across the estate" \
	"$("$AB" --config "$T_TMP/shared/actionboard.yaml" --db "$T_TMP/shared.db" owners --format json | jq -r '.[] | select(.name == "Governor") | "\(.establishment // "-")=\(.total)"')" "-=7"
t_eq "list --owner Governor --establishment CCC: that prison's Governor" \
	"$(ab list --owner Governor --establishment CCC --format json | jq -r '.[].key' | paste -sd' ')" \
	"CCC/2024-05/1.1.1 CCC/2024-05/1.1.2"
start owners 160x40
check "the overview" owners "Establishments 5"
keys owners W; check "W offers each prison's Governor" owners "Governor · CCC"
check "and the shared owner once, without a prison" owners "HMPPS Estates"
keys owners -l "CCC"; keys owners Enter
check "picking CCC's Governor lists that Governor's actions" owners "Actions of Governor · establishment CCC · 2 in 1 plans"
t_eq "and only theirs" "$(owned_keys owners | paste -sd' ')" "CCC/2024-05/1.1.1 CCC/2024-05/1.1.2"
keys owners x q

# "My actions" come from the users stored in the database, not from the settings the
# dashboard read: this database was synced with settings mapping the user to AAA's
# Governor; the dashboard reads $CFG, which has no users section.
cp -r "$E" "$T_TMP/mine"
printf 'users:\n  %s: {role: editor, establishments: [AAA], owners: [The Governor]}\n' "$ME" >> "$T_TMP/mine/actionboard.yaml"
DB2=$T_TMP/mine.db
"$AB" --config "$T_TMP/mine/actionboard.yaml" --db "$DB2" sync -q 2>/dev/null
tm new-session -d -s mine -x 160 -y 40 \
	"env TERM=xterm-256color LC_ALL=C.UTF-8 $AB --config $CFG --db $DB2 --today $TODAY; echo EXIT=\$?; sleep 600"
check "a dashboard on the synced database" mine "Establishments 5"
keys mine m; check "m lists my actions from the stored users" mine "FILTER my actions: Governor"
t_eq "the stored owner's actions in the stored establishment only, not every prison's Governor" \
	"$(owned_keys mine | paste -sd' ')" "AAA/2019-08/S1.1 AAA/2022-07/1.1.1 AAA/2022-07/1.1.3"
keys mine m; check_not "m again closes them" mine "FILTER my actions"
keys mine /; keys mine -l "beta"; keys mine Enter Enter
check "in a plan of another prison" mine "HMP Beta · inspection Mar 2023"
keys mine m; check "m says the user's rights are elsewhere" mine "My actions: none in BBB, your rights are in AAA"
# The dashboard's writes meet the same rule in core: this editor's rights stop at AAA,
# and the refusal says what the action needed.
keys mine s; check "s asks which action" mine "Status of which action of 1.1?"
keys mine Enter
check "the write is refused before anything is typed with the establishment and owner it needed" mine \
	"may write only in establishment AAA, and this action is in BBB: it needs establishment BBB and owner HMPPS Estates"
t_eq "nothing was written" "$("$AB" --db "$DB2" history BBB/2023-03/1.1.1 --format json | jq '[.[] | select(.kind != "sync")] | length')" "0"
keys mine q

# More owners than "my actions" covers at once are refused, saying so, never cut short.
cp -r "$E" "$T_TMP/many"
many=$(for i in $(seq 1 17); do printf 'Owner %d, ' "$i"; done)
for i in $(seq 1 17); do printf '  - {name: Owner %d}\n' "$i"; done >> "$T_TMP/many/actionboard.yaml"
printf 'users:\n  %s: {role: editor, owners: [%sGovernor]}\n' "$ME" "$many" >> "$T_TMP/many/actionboard.yaml"
DB3=$T_TMP/many.db
"$AB" --config "$T_TMP/many/actionboard.yaml" --db "$DB3" sync -q 2>/dev/null
t_eq "the user has 18 owners stored" "$(sqlite3 "$DB3" "SELECT count(*) FROM auth_user_owner")" 18
tm new-session -d -s many -x 160 -y 40 \
	"env TERM=xterm-256color LC_ALL=C.UTF-8 $AB --config $CFG --db $DB3 --today $TODAY; echo EXIT=\$?; sleep 600"
check "a dashboard for the user with many owners" many "Establishments 5"
keys many m; check "m refuses more owners than it covers, saying how many" many "your rights name 18 owners"
keys many q

# --- the counts follow a change made elsewhere -----------------------------------------------
start again 160x40
check "the overview again" again "Establishments 5"
ab set BBB/2023-03/1.1.1 completed >/dev/null
want=$(summary_rows | grep '^BBB')
t_eq "the change is in the summary" "$want" "BBB=1/2/1/0/0/2"
for _ in $(seq 30); do [ "$(overview_rows again | grep '^BBB')" = "$want" ] && break; sleep 0.1; done
t_eq "a change by another process shows in the overview" "$(overview_rows again | grep '^BBB')" "$want"
# The overview redraws only the lines a change touched over its last frame (view_estate.c):
# the whole screen, title and totals too, must then equal a fresh dashboard's. Sorted by
# overdue, a change also moves rows; the keys after the sort clear its message (a frame
# with a message is drawn whole).
start fresh 160x40
check "a fresh overview" fresh "Establishments 5"
for s in again fresh; do
	for _ in $(seq 12); do
		screen "$s" | grep -q "by overdue" && break
		keys "$s" '>'
	done
	keys "$s" j k
done
check "sorted by overdue" again "· by overdue"
check "the other too" fresh "· by overdue"
ab set BBB/2023-03/1.1.1 planned >/dev/null
ab due BBB/2023-03/1.1.1 2020-01-31 --reason "late" >/dev/null 2>&1
ab set EEE/2019-03/1.1.1 completed >/dev/null
sleep 0.3
keys fresh q
start fresh2 160x40
check "a fresh overview after the changes" fresh2 "Establishments 5"
for _ in $(seq 12); do
	screen fresh2 | grep -q "by overdue" && break
	keys fresh2 '>'
done
keys fresh2 j k
for _ in $(seq 30); do [ "$(screen again)" = "$(screen fresh2)" ] && break; sleep 0.1; done
t_eq "after changes elsewhere the overview's whole screen is a fresh one's" "$(screen again)" "$(screen fresh2)"
keys fresh2 q
keys again q

# --- a long owner's list, read a plan at a time as the screen reaches it -----------------------
# 36 plans of HMPPS Estates (two actions each: 1.1.1 completed, 1.1.2 due the March after,
# overdue but in the last year, so overdue first) at 80x24: G, g, PgDn through it all, with
# writes in between (one in the list, one by another process), against list --owner.
E="$T_TMP/long"
mkdir -p "$E/establishments" "$E/plans"
printf 'establishments: [establishments/*.yaml]\nplans: [plans/*.yaml]\nowners:\n  - {name: HMPPS Estates, shared: true}\n  - {name: Governor}\n' > "$E/actionboard.yaml"
for e in LLA LLB LLC; do
	printf 'code: %s\nname: HMP %s\n' "$e" "$e" > "$E/establishments/$e.yaml"
	for y in $(seq 2015 2026); do
		plan "$e-$y.yaml" "$e" "$y-03" "$y-03-02" \
			"1.1|A finding.|1.1.1=HMPPS Estates,Governor=Completed=K $e/$y-03/1.1.1;1.1.2=HMPPS Estates=March $((y + 1))=K $e/$y-03/1.1.2;1.1.3=Governor=June 2027=Not theirs."
	done
done
CFG="$E/actionboard.yaml"
DB="$T_TMP/long.db"
"$AB" --config "$CFG" --db "$DB" sync -q 2>/dev/null
# The action keys in the list part of the screen (not the detail), in screen order.
long_keys() { screen "$1" | sed -nE 's/^│  [▸ ].* K ([A-Z]{3}\/[0-9-]+\/[0-9.]+).*/\1/p'; }
# Each page of the list's keys on one line, paging down from where the cursor is to the end.
long_pages() {
	local prev="" cur same=0
	for _ in $(seq 60); do
		cur=$(long_keys "$1" | paste -sd' ')
		if [ "$cur" = "$prev" ]; then # the end, or a frame not drawn yet
			same=$((same + 1))
			[ $same -ge 5 ] && break
			sleep 0.1
			continue
		fi
		echo "$cur"
		prev=$cur same=0
		keys "$1" NPage
		sleep 0.1
	done
}
# The order the list must have: by establishment and plan; 1.1.2 first while overdue.
long_order() {
	for e in LLA LLB LLC; do
		for y in $(seq 2015 2026); do
			if [ "$y" -lt 2026 ] && ! grep -qx "$e/$y-03/1.1.2" <<<"$1"; then
				echo "$e/$y-03/1.1.2"; echo "$e/$y-03/1.1.1"
			else
				echo "$e/$y-03/1.1.1"; echo "$e/$y-03/1.1.2"
			fi
		done
	done
}
start long 80x24
check "the long estate's overview" long "Establishments 3"
keys long W; check "W offers its owners" long "Owner's actions in the estate"
keys long -l "HMPPS Estates"; keys long Enter
check "the owner's list counts every plan from the kept figures" long "72 in 36 plans · 33 overdue"
t_eq "its first screen: the first plans' actions, overdue first" "$(long_keys long | head -2 | paste -sd' ')" \
	"LLA/2015-03/1.1.2 LLA/2015-03/1.1.1"
keys long G; check "G: the end of the list" long "▸1.1.2"
t_eq "its last lines are the last plan's, read when reached" "$(long_keys long | tail -2 | paste -sd' ')" \
	"LLC/2026-03/1.1.1 LLC/2026-03/1.1.2"
keys long k; check "k: its first action" long "K LLC/2026-03/1.1.1"
keys long s; check "s on it opens its status menu" long "Status of LLC/2026-03/1.1.1"
keys long k Enter; check "a note is asked for" long "(optional) ─"
keys long Enter; check "the change is confirmed" long "LLC/2026-03/1.1.1: completed → blocked"
check "the same action stays selected at the end of the list" long "▸1.1.1"
check "its detail is that action's" long "K LLC/2026-03/1.1.1"
# Its plan's last action moved to a past date: overdue now, first in its plan, and the
# cursor follows it up a line (the plan read again to find it).
keys long j; check "j: the last action" long "▸1.1.2            2027-03-31"
keys long t; keys long C-u; keys long -l "2026-01-31"; keys long Enter
check "a past date is asked about" long "Save it anyway? (y/n)"; keys long y
check "t asks for a reason" long "Reason for moving LLC/2026-03/1.1.2"
keys long -l "Brought forward"; keys long Enter
check "the overdue action moved first in its plan, still selected" long "▸1.1.2    OVERDUE 2026-01-31"
t_eq "its plan's lines: the overdue first" "$(long_keys long | tail -2 | paste -sd' ')" \
	"LLC/2026-03/1.1.2 LLC/2026-03/1.1.1"
check "the list counts it overdue" long "72 in 36 plans · 34 overdue"
ab set LLA/2015-03/1.1.2 completed >/dev/null # another process, at the other end
check "a change elsewhere reaches the list's counts" long "72 in 36 plans · 33 overdue"
keys long g; check "g: back to the start" long "▸1.1.1            -          completed   K LLA/2015-03/1.1.1"
t_eq "g: back to the start, that plan's actions in plan order now" \
	"$(long_keys long | head -2 | paste -sd' ')" "LLA/2015-03/1.1.1 LLA/2015-03/1.1.2"
# PgDn moves by the list's rows (the detail below is not the list's): each page is a run
# of the list's order, no action is stepped over, and the pages reach its end.
pages=$(long_pages long) order=" $(long_order "LLA/2015-03/1.1.2" | sed 's/^LLC\/2026-03\/1.1.1$/X/; s/^LLC\/2026-03\/1.1.2$/LLC\/2026-03\/1.1.1/; s/^X$/LLC\/2026-03\/1.1.2/' | paste -sd' ') " bad=0
while IFS= read -r p; do [[ $order == *" $p "* ]] || { bad=$((bad + 1)); echo "# out of order: $p"; }; done <<<"$pages"
t_eq "PgDn to the end: every page in the list's order" "$(wc -l <<<"$pages") pages, $bad out of order" \
	"$(wc -l <<<"$pages") pages, 0 out of order"
t_eq "the last page ends the list" "$(tail -1 <<<"$pages" | awk '{print $NF}')" "LLC/2026-03/1.1.1"
t_eq "PgDn shows every one of its 72 actions on some page" "$(tr ' ' '\n' <<<"$pages" | sort -u | grep -c /)" "72"
t_eq "the list's actions are list --owner's" \
	"$(long_order "LLA/2015-03/1.1.2" | sort | paste -sd' ')" \
	"$(ab list --owner "HMPPS Estates" --format json | jq -r '.[].key' | sort | paste -sd' ')"
keys long q
t_done
