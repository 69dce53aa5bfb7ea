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
  - {name: HMPPS Estates, aliases: [Estates]}
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
CFG="$E/actionboard.yaml"
DB="$T_TMP/estate.db"
"$AB" --config "$CFG" --db "$DB" sync -q 2>/dev/null
ab() { "$AB" --config "$CFG" --db "$DB" --today $TODAY "$@"; }

start() { # start NAME WxH: the dashboard on the estate
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
		"env TERM=xterm-256color LC_ALL=C.UTF-8 ACTIONBOARD_TEST_SYNC=1 $AB --config $CFG --db $DB --today $TODAY; echo EXIT=\$?; sleep 600"
}
screen() { tm capture-pane -p -t "$1"; }
keys() { tm send-keys -t "$@"; }
wait_for() {
	local end=$(( $(date +%s%N) / 1000000 + ${3:-5} * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
check() {
	if wait_for "$2" "$3"; then t_pass "$1"; else t_fail "$1" "'$3' not on screen:" "$(screen "$2")"; fi
}
# The overview's rows as CODE=ITEMS/OPEN/LATE/DONE.
overview_rows() {
	screen "$1" | sed -nE 's/^│[▸ ]([A-Z]{3}) .* ([0-9-]{7}|\(no plan\)) +([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+) +[0-9]+% .*/\1=\3\/\4\/\5\/\6/p'
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
check "with several establishments the overview comes first" main "Establishments 3"
check "the header says the estate is on screen" main "actionboard · the estate · 3 establishments"
check "an establishment's region shows" main "North West"
check "its function when it has no region" main "Training prison"
check "its description when it has neither" main "Local prison"
# Each row's figures are those summary gives for the establishment's latest plan.
want=$(ab summary --format json | jq -r '
	group_by(.establishment) | map(max_by(.cycle)) | .[] |
	"\(.establishment)=\(.items)/\(.actions - .completed - .cancelled)/\(.overdue)/\(.completed)"')
t_eq "the overview's items, open, overdue and completed agree with summary" \
	"$(overview_rows main)" "$want"
check "the latest plan of each is named" main "2022-07"
keys main '>'; check "> sorts by the next column" main "by name"
keys main '<' '<'; check "< by the previous one (from code, wrapping: % done)" main "by % done"
keys main '<'; check "and on back" main "by completed"
keys main '>' '>'
keys main /; keys main -l "beta"
check "/ filters the establishments as you type" main "Establishments 1 matching \"beta\""
t_eq "only the one that matches stays" "$(overview_rows main | cut -d= -f1)" "BBB"
keys main Enter; check_not "Enter ends the typing" main "Search: beta"
keys main Enter
check "Enter opens its latest plan" main "actionboard · HMP Beta · inspection Mar 2023 (concerns)"
check "the header says a plan is on screen" main "this plan"
keys main E; check "E returns to the overview from anywhere" main "Establishments 1"
keys main x; check "x clears the overview's filter" main "Establishments 3"
keys main Escape; check "Esc goes back to the plan" main "HMP Beta · inspection Mar 2023"
keys main E; keys main g; keys main Enter
check "the first establishment's latest plan" main "HMP Alpha · inspection Jul 2022"

# --- the owners pane over a wider scope ------------------------------------------------------
keys main w; check "w widens the owners pane to the establishment" main "in this establishment"
keys main w; check "and to the estate" main "in the estate"
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
keys main Escape; check "Esc: back to the overview" main "Establishments 3"
t_has "list --search finds the same words" "$(ab list --search "shower" --format csv)" "BBB/2023-03/1.1.2"
keys main q; check "q leaves" main "EXIT=0"

# --- the counts follow a change made elsewhere -----------------------------------------------
start again 160x40
check "the overview again" again "Establishments 3"
ab set BBB/2023-03/1.1.1 completed >/dev/null
want=$(ab summary --establishment BBB --format json | jq -r '.[0] | "BBB=\(.items)/\(.actions - .completed - .cancelled)/\(.overdue)/\(.completed)"')
t_eq "the change is in the summary" "$want" "BBB=1/0/0/2"
for _ in $(seq 30); do [ "$(overview_rows again | grep '^BBB')" = "$want" ] && break; sleep 0.1; done
t_eq "a change by another process shows in the overview" "$(overview_rows again | grep '^BBB')" "$want"
keys again q
t_done
