# Sourced by test_tui.sh (its helpers and $AB, $DB, $TODAY): the terminal goes away under
# a running dashboard. Each time the dashboard must be gone within 2 s, having used under
# 1 s of CPU (a dead terminal must never become a busy loop), and leave the database
# unlocked and whole.
HANGUP_PY="$(dirname "$0")/hangup.py"

# gone_ok NAME "gone MS CPU" [PID]: the report of hangup.py, checked; a PID still alive
# is killed, so that a failure leaves no busy process behind.
gone_ok() {
	local state ms cpu
	read -r state ms cpu <<<"$2"
	[ "$state" = alive ] && [ -n "${3:-}" ] && kill -KILL "$3" 2>/dev/null
	if [ "$state" = gone ] && [ "$ms" -le 2000 ] && awk -v c="$cpu" 'BEGIN{exit !(c < 1)}'; then
		t_pass "$1 (gone after ${ms} ms, ${cpu} s CPU)"
	else
		t_fail "$1" "want: gone within 2000 ms using < 1 s CPU" "got:  $2"
	fi
}
# unlocked NAME: another process writes at once, and the database is whole.
unlocked() {
	local t0 t1 out
	t0=$(date +%s%N)
	out=$("$AB" --db "$DB" set LIV/2022-07/1.2.1 in_progress --note "after $1" 2>&1)
	local rc=$?
	t1=$(date +%s%N)
	local ms=$(( (t1 - t0) / 1000000 ))
	if [ $rc -eq 0 ] && [ $ms -lt 2000 ]; then t_pass "after $1 a write succeeds at once (${ms} ms)"
	else t_fail "after $1 a write succeeds at once" "rc=$rc after ${ms} ms: $out"; fi
	t_eq "after $1 the database is whole" "$(sqlite3 "$DB" 'pragma integrity_check')" "ok"
}
# start_pid NAME PIDFILE SETSID: a dashboard in tmux that writes its pid first; with
# SETSID=1 in a session of its own (setsid -w), so the terminal's SIGHUP never reaches it.
start_pid() {
	local wrap=""
	[ "$3" = 1 ] && wrap="setsid -w"
	tm new-session -d -s "$1" -x 100 -y 30 \
		"env TERM=xterm-256color LC_ALL=C.UTF-8 $wrap sh -c 'echo \$\$ > $2; exec $AB --db $DB --today $TODAY'; echo EXIT=\$?; sleep 600"
	wait_for "$1" "Priority concerns 4"
}

# --- the tmux session is killed, with an edit half typed ------------------------------------
before=$("$AB" --db "$DB" history LIV/2022-07/1.2.1 --format json)
for setsid in 1 0; do
	how=$([ $setsid = 1 ] && echo "in a session of its own (setsid -w)" || echo "on its terminal")
	start_pid hup "$T_TMP/hup.pid" $setsid
	keys hup Enter s; wait_for hup "Status of"; keys hup j Enter; wait_for hup "(optional) ─"
	keys hup -l "never saved"
	pid=$(cat "$T_TMP/hup.pid")
	tm kill-session -t hup
	gone_ok "killing the tmux session ends a dashboard $how" "$(python3 "$HANGUP_PY" watch "$pid" 3)" "$pid"
	unlocked "the session was killed ($how)"
done
t_eq "the edit open when the terminal went away wrote nothing" \
	"$("$AB" --db "$DB" history LIV/2022-07/1.2.1 --format json | jq -c '[.[] | select(.note != null and (.note | startswith("after ")) | not)]')" \
	"$(printf '%s' "$before" | jq -c '[.[] | select(.note != null and (.note | startswith("after ")) | not)]')"

# --- the terminal itself closes ---------------------------------------------------------------
# The tmux server exits (every pty it holds closes), on a socket of its own.
tmux -L "$SOCK-b" new-session -d -s gone -x 100 -y 30 \
	"env TERM=xterm-256color LC_ALL=C.UTF-8 setsid -w sh -c 'echo \$\$ > $T_TMP/gone.pid; exec $AB --db $DB --today $TODAY'"
end=$(( $(date +%s) + 5 ))
until tmux -L "$SOCK-b" capture-pane -p -t gone 2>/dev/null | grep -qF "Priority concerns 4" ||
	[ "$(date +%s)" -ge $end ]; do sleep 0.1; done
pid=$(cat "$T_TMP/gone.pid")
tmux -L "$SOCK-b" kill-server
gone_ok "killing the tmux server (its ptys close) ends the dashboard" \
	"$(python3 "$HANGUP_PY" watch "$pid" 3)" "$pid"
unlocked "the tmux server went away"
# A pty whose master is closed: with the kernel's SIGHUP (the dashboard leads the
# terminal's session), and without it, when only the terminal can tell (no controlling
# terminal, and the parent stays).
for mode in ctty noctty; do
	gone_ok "closing the pty ends the dashboard ($mode)" \
		"$(LC_ALL=C.UTF-8 python3 "$HANGUP_PY" pty $mode 3 "Priority concerns" \
			"$AB" --db "$DB" --today $TODAY)"
	unlocked "the pty closed ($mode)"
done

# --- signals on a live terminal: leave cleanly and give the terminal back ---------------------
for sig in HUP TERM; do
	start_pid sig "$T_TMP/sig.pid" 0
	pid=$(cat "$T_TMP/sig.pid")
	kill -$sig "$pid"
	gone_ok "SIG$sig ends the dashboard" "$(python3 "$HANGUP_PY" watch "$pid" 3)" "$pid"
	check "SIG$sig: the program exits 0" sig "EXIT=0"
	check_not "SIG$sig: the terminal is restored (the dashboard is gone)" sig "Priority concerns"
	unlocked "SIG$sig"
	tm kill-session -t sig
done
