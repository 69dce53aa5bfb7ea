# Sourced by the e2e suites (after they define tm): proving that a dashboard in tmux is
# alive before a check that something is NOT on its screen, which a blank or frozen screen
# would otherwise pass.
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
