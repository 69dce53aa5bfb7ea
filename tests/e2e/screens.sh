#!/usr/bin/env bash
# Whole screens against golden files, as tig's tests do: the dashboard in tmux at a fixed
# size, a fixed day (--today) and a fixed wall clock (faketime), driven by a script of keys.
# No sleeping: after the keys of a step the test sends the test-sync character
# (ACTIONBOARD_TEST_SYNC, tui/term.h) and waits for the terminal title the dashboard sets
# once everything before it is drawn; the screen is then captured and compared, line by
# line, with tests/golden/NAME-WxH.txt. Every step runs at 80x24 and at 200x60.
#
# usage: screens.sh BINARY SOURCE_ROOT            compare (a TAP suite)
#        screens.sh BINARY SOURCE_ROOT --update   write the golden files again and print
#                                                 the diff of each one that changed
# The user's login shows on screen; the golden files hold it as USER, which keeps their
# layout only for a login of four letters (root, as CI runs): with another, the suite is
# skipped (reported as a skip).
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
UPDATE=${3:-}
GOLD="$SRC/tests/golden"
TODAY=2026-11-23
ME=$(id -un)
SOCK="ab-screens-$$"
unset NO_COLOR COLUMNS LINES
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT

# libfaketime preloaded, not through the faketime wrapper: the wrapper opens a semaphore
# named by its pid, which the dashboards this suite kills leave in /dev/shm; once pids wrap,
# a wrapper refuses to start ("sem_open: File exists") and a fixture's change went missing.
LIBFAKETIME=$(ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 \
	/usr/local/lib/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
if [ -z "$LIBFAKETIME" ]; then
	echo "1..0 # SKIP libfaketime is not installed (scripts/setup installs faketime)"; exit 0
fi
if [ "${#ME}" -ne 4 ]; then
	echo "1..0 # SKIP the golden screens are recorded for a login of four letters; this is '$ME'"
	exit 0
fi
# The wall clock of every write and of every "changed at" on screen, frozen; the monotonic
# clock (the dashboard's polling) runs. ASan must let libfaketime come first.
CLOCK=(env TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
	LD_PRELOAD="$LIBFAKETIME" FAKETIME="2026-11-23 10:00:00")

# --- the estate on screen: the bundled plans, with names in other scripts -------------------
# Owners with a CJK name, combining accents (decomposed é) and a right-to-left name; for
# the overview, a second estate with two more establishments (with more than one, the
# dashboard opens on the overview).
CFG="$T_TMP/cfg"
cp -r "$SRC/config/default" "$CFG"
CJK="李小龍 (NHS England)"
ACC=$(printf 'Jose\xcc\x81 Ferna\xcc\x81ndez (Novus)')
RTL="מנהלת קיבולת (Capacity)"
sed -i -e "s/\"NHS England\"/\"$CJK\"/g" -e "s/\"Novus Managers\"/\"$ACC\"/g" \
	-e "s/\"Capacity Management, HMPPS Prison Supply Directorate\"/\"$RTL\"/g" \
	"$CFG/actionboard.yaml" "$CFG"/plans/*.yaml
CFG2="$T_TMP/cfg-estate"
cp -r "$CFG" "$CFG2"
printf 'code: TKY\nname: 府中刑務所 Fuchū Prison\nregion: 東京都 Tokyo\n' >"$CFG2/establishments/TKY.yaml"
printf 'code: TLV\nname: כלא תל אביב\nfunction: Remand prison\n' >"$CFG2/establishments/TLV.yaml"
# fixture CONFIG DB: the plans synced, then a few changes made on the command line; a
# command that fails stops the suite (the screens would differ for another reason).
fixture() {
	local ab=("${CLOCK[@]}" "$AB" --config "$1/actionboard.yaml" --db "$2" --today "$TODAY")
	"${ab[@]}" sync -q &&
	"${ab[@]}" note LIV/2022-07/1.1.1 "✅ grilles fitted on A and B wings ✅ ❌ ⭐ ⏰ ⚡ — next: C wing" >/dev/null &&
	"${ab[@]}" set LIV/2022-07/1.1.3 blocked --note "Waiting on the contractor" >/dev/null &&
	"${ab[@]}" due LIV/2022-07/1.1.3 2027-03-31 --reason "Contractor delayed" >/dev/null &&
	"${ab[@]}" judge LIV/2022-07/1.8 inspection not_achieved --date 2025-06-10 >/dev/null || return 1
	for a in 1.8.1 1.8.2 1.8.3 1.8.4; do "${ab[@]}" set "LIV/2022-07/$a" completed >/dev/null || return 1; done
}
for f in "$CFG plan" "$CFG2 estate"; do
	if ! fixture "${f% *}" "$T_TMP/${f#* }.db" 2>"$T_TMP/fixture.err"; then
		echo "Bail out! the ${f#* } fixture failed: $(tail -n 3 "$T_TMP/fixture.err")"; exit 1
	fi
done

# --- driving ---------------------------------------------------------------------------------
SESSION="" SIZE="" SYNCS=0
# open plan|estate: a fresh copy of that fixture and the dashboard on it, ready for keys.
open() {
	[ -n "$SESSION" ] && tm kill-session -t "$SESSION" 2>/dev/null
	SESSION="s${SIZE}-$((++OPENS))"
	local cfg=$CFG
	[ "$1" = estate ] && cfg=$CFG2
	# A new file each time: a session's database (and its -wal) is never reused.
	local db="$T_TMP/run-$SIZE-$OPENS.db"
	sqlite3 "$T_TMP/$1.db" ".backup '$db'" # whole, whatever its -wal holds
	SYNCS=0
	tm new-session -d -s "$SESSION" -x "${SIZE%x*}" -y "${SIZE#*x}" \
		"env TERM=tmux-256color LC_ALL=C.UTF-8 ACTIONBOARD_TEST_SYNC=1 $(printf '%q ' "${CLOCK[@]}") $AB --config $cfg/actionboard.yaml --db $db --today ${TODAY_RUN:-$TODAY}; sleep 600"
	synced 0 || t_fail "$SESSION starts" "the dashboard never started: $(tm capture-pane -p -t "$SESSION")"
}
# synced N: waits (a deadline, not a delay) until the dashboard says it drew everything
# before its Nth sync.
synced() {
	local end=$(( $(date +%s) + 30 ))
	until [ "$(tm display -p -t "$SESSION" '#{pane_title}')" = "actionboard-sync $1" ]; do
		[ "$(date +%s)" -gt "$end" ] && return 1
		sleep 0.02
	done
}
k() { tm send-keys -t "$SESSION" "$@"; }
type_() { tm send-keys -t "$SESSION" -l "$1"; }
# paste TEXT: as a terminal pastes it (bracketed, since the dashboard asks for that).
paste() { tm set-buffer -b ab "$1"; tm paste-buffer -p -d -b ab -t "$SESSION"; }
# shot NAME: the screen now, against tests/golden/NAME-WxH.txt.
shot() {
	local name="$1-$SIZE" got="$T_TMP/got"
	SYNCS=$((SYNCS + 1))
	tm send-keys -t "$SESSION" -l $'\U0010FFFD'
	if ! synced "$SYNCS"; then
		t_fail "$name" "the dashboard never signalled it had drawn (sync $SYNCS)"
		return
	fi
	tm capture-pane -p -t "$SESSION" | sed -E "s/(^|[^[:alnum:]])$ME([^[:alnum:]]|$)/\1USER\2/g" >"$got"
	if [ -n "$UPDATE" ]; then
		if ! cmp -s "$got" "$GOLD/$name.txt"; then
			echo "# --- $name changed:"
			diff -u --label "old/$name.txt" --label "new/$name.txt" "$GOLD/$name.txt" "$got" 2>/dev/null |
				sed 's/^/# /'
			[ -f "$GOLD/$name.txt" ] || sed 's/^/# + /' "$got"
			cp "$got" "$GOLD/$name.txt"
		fi
		t_pass "$name (written)"
	elif [ ! -f "$GOLD/$name.txt" ]; then
		t_fail "$name" "no golden file $GOLD/$name.txt (run with --update, review the diff)"
	elif cmp -s "$got" "$GOLD/$name.txt"; then
		t_pass "$name"
	else
		t_fail "$name" "the screen differs from $name.txt (- golden, + screen):" \
			"$(diff -u "$GOLD/$name.txt" "$got" | tail -n +3)"
	fi
}

# --- the steps, the same keys at each size ---------------------------------------------------
steps() {
	OPENS=0
	open plan
	shot plan
	k j Enter; shot detail-long-action
	k NPage; shot detail-page-down
	k G; shot detail-end
	k j j; shot detail-j-past-the-end
	k Escape; k k Enter j j; shot detail-blocked-revised
	k g; shot detail-note-emoji
	k s; shot status-menu
	k c; shot status-note-box
	type_ "Installed on A wing; B wing waits for the contractor, who expects to finish by the end of March. Photos are in the shared folder under Estates/2026."
	k Up M-b; type_ "(all) "; shot status-note-typed
	k Escape; k a; paste "Pasted in one go: Esc inside $(printf '\033')q is text, never keys
and a second line"; shot note-pasted
	k Escape; k t C-u; type_ "31/03/2027"; shot due-preview
	k Enter; shot due-reason-box
	k Escape; k t C-u; type_ "31/02/2027"; k Enter; shot due-error
	k C-u; type_ "01/01/2020"; k Enter; shot due-past-confirm
	k n Escape; k a; type_ "Checked"; k Enter; shot note-saved
	k u; shot undo-confirm
	k n; k h; shot history
	k q Escape; k o; shot owner-picker
	type_ "Jose"; shot owner-picker-filtered
	k Escape; k c; shot cycle-picker
	k Escape; k S; shot status-filter
	k Escape; k '?'; shot help
	k End; shot help-end
	k q; k / ; type_ "drugs"; shot search-prompt
	k Enter; shot search-results
	k Escape; k D; shot disagreement
	k Escape; k g; k J; shot judge-whose
	k Enter; shot judge-value
	k Enter; k C-u; type_ "12/05/2023"; shot judge-date
	k Enter; shot judge-note
	k Escape; k L; shot link-picker
	k Escape; k E; shot estate-one
	open estate
	shot estate
	k '>' '>'; shot estate-sorted
	k W; shot owner-estate-picker
	type_ "Governor"; k Enter; shot owner-estate
	k Escape; k F; type_ "drones"; k Enter; shot estate-find
	# Enter on an establishment whose older plan has open actions: which plan; a group alone.
	open estate
	k j j Enter; shot estate-plan-menu
	k Escape k Enter; shot estate-group-alone
	# The governance popups on an action completed here: verify, evidence, amend.
	open plan
	k j Enter s c Enter; k V; shot verify-menu
	k v; shot verify-note
	k Enter; shot verify-refused
	k e; shot evidence-empty
	k a; shot evidence-attach
	type_ "https://example.org/photos/a-wing.jpg"; k Enter; shot evidence-note
	type_ "Photos of the grilles"; k Enter; k e; shot evidence-list
	k Escape; k M; shot amend-menu
	k a; shot amend-text
	type_ "Fit grilles on C wing"; k Enter; shot amend-owners
	type_ "Governor"; k Enter; shot amend-target
	type_ "March 2027"; k Enter; shot amend-saved
	k G M; shot amend-menu-amendment
	k Escape
	# The 2019 plan filtered by the establishment's answer, the 2022 one by the judgement.
	open plan
	k c; type_ "2019"; k Enter; k A; shot agreement-menu
	k j j Enter; shot agreement-partly
	k x c; type_ "2022"; k Enter; k I; shot judged-menu
	k j Enter; shot judged-not-achieved
	# The statutory clock before the IRP window opens.
	TODAY_RUN=2023-03-01 open plan
	shot plan-before-irp
	TODAY_RUN=""
}

for SIZE in 80x24 200x60; do
	steps
done
t_done
