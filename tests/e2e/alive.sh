# Sourced by the e2e suites (after they define tm): reading a dashboard's screen in tmux
# and sending it keys, waiting for a text to show, and proving that a dashboard is alive
# before a check that something is NOT on its screen, which a blank or frozen screen would
# otherwise pass.
screen() { tm capture-pane -p -t "$1"; }
keys() { tm send-keys -t "$@"; }
# wait_for NAME TEXT [SECONDS]: polls the screen until TEXT shows (deadline, not speed).
wait_for() {
	local end=$(( $(date +%s%N) / 1000000 + ${3:-5} * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
# check NAME SESSION TEXT: passes when TEXT shows within 5 s, else shows the screen.
check() {
	if wait_for "$2" "$3"; then t_pass "$1"; else t_fail "$1" "'$3' not on screen:" "$(screen "$2")"; fi
}
declare -A E2E_SYNCS
# e2e_alive SESSION: true when the screen is not blank and, while the dashboard runs with
# ACTIONBOARD_TEST_SYNC, it has handled and drawn every key sent before (the test sync of
# tui/term.h: a private-use character in, the terminal's title out). A dashboard that has
# left (the shell after it holds the pane) is given the usual moment instead.
e2e_alive() {
	local s=$1 n end
	if [ "$(tm display -p -t "$s" '#{pane_current_command}')" = actionboard ] &&
		[[ "$(tm display -p -t "$s" '#{pane_title}')" == actionboard-sync* ]]; then
		n=$(( ${E2E_SYNCS[$s]:-0} + 1 ))
		E2E_SYNCS[$s]=$n
		tm send-keys -t "$s" -l $'\U0010FFFD'
		end=$(( $(date +%s) + 5 ))
		until [ "$(tm display -p -t "$s" '#{pane_title}')" = "actionboard-sync $n" ]; do
			[ "$(date +%s)" -gt "$end" ] && return 1
			sleep 0.02
		done
	else
		sleep 0.3
	fi
	[ -n "$(tm capture-pane -p -t "$s" | tr -d ' \n')" ]
}
# check_not NAME SESSION TEXT: passes when the screen is alive and TEXT is not on it.
check_not() {
	if ! e2e_alive "$2"; then
		t_fail "$1" "the screen is blank, or the dashboard did not answer:" "$(tm capture-pane -p -t "$2")"
	elif tm capture-pane -p -t "$2" | grep -qF -- "$3"; then
		t_fail "$1" "'$3' still on screen:" "$(tm capture-pane -p -t "$2")"
	else
		t_pass "$1"
	fi
}
