# Shared helpers for the shell test suites: TAP output, temporary trees, assertions.
# Usage: . lib.sh; then `t_eq NAME GOT WANT`, `t_has`, `t_skip NAME REASON`, and `t_done` at the end.
set -u
T_N=0
T_FAIL=0
T_TMP=$(mktemp -d /tmp/ab-test-XXXXXX)
trap 'rm -rf "$T_TMP"' EXIT
export ACTIONBOARD_CONFIG= XDG_CONFIG_HOME="$T_TMP/xdg-config" XDG_DATA_HOME="$T_TMP/xdg-data"
export NO_COLOR=1 COLUMNS=100 LC_ALL=C.UTF-8

t_pass() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_fail() {
	T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1))
	echo "not ok $T_N - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/#   /'
	return 0
}
# t_skip NAME REASON: a check that did not run. TAP's "# SKIP" directive; scripts/test
# counts and lists it as skipped, never as passed.
t_skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }
# t_eq NAME GOT WANT
t_eq() {
	if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "got:  $2" "want: $3"; fi
}
# t_has NAME HAYSTACK NEEDLE
t_has() {
	case "$2" in *"$3"*) t_pass "$1" ;; *) t_fail "$1" "'$3' not in:" "$2" ;; esac
}
# t_done: the plan line last, as TAP allows.
t_done() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}
# Every table of a database, rows in key order (needs python3's sqlite3 module).
t_dump() {
	python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# store_file records which files the writes went to (inodes), not data: left out.
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name <> 'store_file' ORDER BY name"):
    # every column in the ORDER BY: a table of one column (text_search) stopped the dump
    n = len(db.execute(f'SELECT * FROM "{t}" LIMIT 0').description)
    for row in db.execute(f'SELECT * FROM "{t}" ORDER BY ' + ", ".join(str(i + 1) for i in range(n))):
        print(t, row)
PY
}
