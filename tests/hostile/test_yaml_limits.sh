#!/usr/bin/env bash
# Hostile YAML: each limit of the loader (config/config.c) refuses its input within a second
# of CPU time (and three of wall time, which a busy machine stretches), in at most 64 MB
# resident, with the documented FILE:LINE:COL message and exit 78, and
# leaves the database as it was, under `check` and `sync` both. Inputs come from
# yaml_inputs.py (generated, streamed or sparse: nothing large is ever written to disk).
# usage: test_yaml_limits.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
CFG=$T_TMP/cfg
DB=$T_TMP/ab.db
PLAN=$CFG/plans/X.yaml
MAX_CPU_MS=1000
MAX_WALL_MS=3000
MAX_KB=65536
export ACTIONBOARD_TODAY=2026-11-23
# A build under AddressSanitizer reserves terabytes of address space for its shadow memory
# and runs several times slower and larger: there every message, exit status and database
# check still runs, while the time and size limits are the plain build's to check.
if grep -qa __asan_init "$AB"; then
	export AB_SANITIZED=1
	MAX_CPU_MS=60000 MAX_WALL_MS=120000 MAX_KB=$((64 * 1024 * 1024))
	echo "# sanitizer build: time and size limits are checked by the plain build"
fi

gen() { python3 "$HERE/yaml_inputs.py" "$@"; }

mkdir -p "$CFG"
cp -r "$SRC/config/default/." "$CFG/"
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" sync -q >/dev/null 2>&1
t_dump "$DB" >"$T_TMP/before"
cp "$DB" "$T_TMP/before.db"
# same_db: the database holds what it held before (the same bytes, or else the same rows).
same_db() {
	cmp -s "$DB" "$T_TMP/before.db" && return 0
	t_dump "$DB" >"$T_TMP/after"
	cmp -s "$T_TMP/before" "$T_TMP/after"
}
[ -s "$T_TMP/before" ] && t_pass "the bundled configuration fills a database" ||
	t_fail "the bundled configuration fills a database"

# run CMD: runs `actionboard CMD` on the configuration (with $WRITER feeding the FIFO $PLAN
# when set); sets rc, ms (wall), cpu (ms), kb (peak resident) and msg (the first line of
# stderr); stdout is in $T_TMP/out.
run() {
	local wpid=
	if [ -n "${WRITER-}" ]; then
		timeout 30 $WRITER >"$PLAN" 2>/dev/null &
		wpid=$!
	fi
	read -r rc ms cpu kb < <(python3 "$HERE/measure.py" "$T_TMP/out" "$T_TMP/err" \
		"$AB" --config "$CFG/actionboard.yaml" --db "$DB" "$1")
	[ -n "$wpid" ] && { kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null; }
	msg=$(head -n1 "$T_TMP/err")
}

# check_refusal NAME CMD MATCHES: the last run() exited 78, fast and small, with a message
# for which MATCHES is true, and the database did not change.
check_refusal() {
	local name="$1 ($2)" problems=()
	[ "$rc" = 78 ] || problems+=("exit $rc, want 78")
	$3 || problems+=("got:  $msg" "want: $WANT")
	[ "$cpu" -le $MAX_CPU_MS ] || problems+=("took $cpu ms of CPU, more than $MAX_CPU_MS")
	[ "$ms" -le $MAX_WALL_MS ] || problems+=("took $ms ms, more than $MAX_WALL_MS")
	[ "$kb" -le $MAX_KB ] || problems+=("peak resident $kb KB, more than $MAX_KB")
	same_db || problems+=("the database changed")
	echo "# $name: $ms ms ($cpu ms CPU), peak $((kb / 1024)) MB"
	if [ ${#problems[@]} -eq 0 ]; then t_pass "$name"; else t_fail "$name" "${problems[@]}"; fi
}
exact() { [ "$msg" = "$WANT" ]; }
like() { [[ $msg == $WANT ]]; }

# refused NAME WANT: the plan file now in place is refused with exactly
# "actionboard: $PLAN:WANT" by check and by sync.
refused() {
	WANT="actionboard: $PLAN:$2"
	for cmd in check sync; do
		run "$cmd"
		check_refusal "$1" "$cmd" exact
	done
}
# refused_like NAME GLOB: the same, the message matching "actionboard: $PLAN:GLOB".
refused_like() {
	WANT="actionboard: $PLAN:$2"
	for cmd in check sync; do
		run "$cmd"
		check_refusal "$1" "$cmd" like
	done
}
# accepted NAME SUMMARY: check passes and its summary holds SUMMARY.
accepted() {
	run check
	local out
	out=$(cat "$T_TMP/out")
	echo "# $1: $ms ms ($cpu ms CPU), peak $((kb / 1024)) MB"
	if [ "$rc" = 0 ]; then t_has "$1" "$out" "$2"; else t_fail "$1" "exit $rc: $msg"; fi
}

# --- what must still load ----------------------------------------------------------------
gen good "$PLAN"
accepted "a small valid plan loads" "3 plans, 41 items, 89 actions"
gen alias-ok "$PLAN"
accepted "an anchored owners list used twice loads" "3 plans, 42 items, 90 actions"
gen tab-newline "$PLAN"
accepted "a tab and a literal block's line feeds load" "3 plans, 42 items"
"$AB" --config "$CFG/actionboard.yaml" --db "$T_TMP/tn.db" sync -q >/dev/null 2>&1
t_eq "and are kept as written" \
	"$("$AB" --db "$T_TMP/tn.db" list --items --cycle 2030-01 --format json | jq -c '[.[].text]')" \
	'["tab\there","first line\nsecond\tline\n"]'
gen crlf "$PLAN"
accepted "CR LF line ends load" "3 plans, 41 items"
gen long "$PLAN" 65536
accepted "a value of exactly 64 KiB loads" "3 plans, 41 items"
gen padded "$PLAN" 8388608
accepted "a file of exactly 8 MiB loads" "3 plans, 41 items"
# A plan of a few MB written like the real ones: the 2019 plan's items 120 times over.
python3 - "$SRC/config/default/plans/LIV-2019-08.yaml" "$PLAN" <<'PY'
import re, sys
head, items = open(sys.argv[1]).read().split("items:\n", 1)
out = [head.replace('cycle: "2019-08"', 'cycle: "2030-01"'), "items:\n"]
for k in range(120):
    out.append(re.sub(r'(ref|id): "', lambda m: '%s: "k%d-' % (m.group(1), k), items))
open(sys.argv[2], "w").write("".join(out))
PY
accepted "a 4.6 MB plan of real shape loads" "3 plans, 3520 items"
[ "$cpu" -le 5000 ] && t_pass "and within five seconds of CPU" || t_fail "and within five seconds of CPU" "$cpu ms"

# --- aliases -------------------------------------------------------------------------------
gen laughs "$PLAN" 10
refused "billion laughs (ten levels of ten aliases)" \
	"18:15: aliases would repeat more than 65536 bytes of text, this file's budget (its size, at least 64 KiB)"
gen laughs-text "$PLAN"
refused "one long value aliased twice" \
	"14:9: aliases would repeat more than 65536 bytes of text, this file's budget (its size, at least 64 KiB)"
gen alias-nodes "$PLAN"
refused "aliases repeating 1000 empty values 300 times" \
	"14:997: more than 250000 values, lists and mappings in one file (counting all that aliases repeat)"
gen alias-undefined "$PLAN"
refused "an alias to no anchor" "11:17: alias '*nope' names no anchor defined before it"
gen alias-recursive "$PLAN"
refused "an alias inside what it names" "11:31: alias '*r' is inside the list or mapping it names"
gen anchor-twice "$PLAN"
refused "an anchor defined twice" "7:11: anchor '&x' is defined twice (first at line 5)"

# --- nesting -------------------------------------------------------------------------------
gen flow "$PLAN" 1000000
refused "a million nested flow lists" "1:39: lists and mappings nested deeper than 32 levels"
gen flow-map "$PLAN" 1000000
refused "a million nested flow mappings" "1:132: lists and mappings nested deeper than 32 levels"
gen block "$PLAN" 1000000
refused "a million nested block lists" "1:65: lists and mappings nested deeper than 32 levels"
gen indented "$PLAN" 2000
refused "2000 nested block mappings" "33:33: lists and mappings nested deeper than 32 levels"

# --- size ----------------------------------------------------------------------------------
gen good "$PLAN"
truncate -s 1G "$PLAN"
refused "a 1 GB (sparse) file" \
	"1:1: the file holds 1073741824 bytes: a configuration file may hold at most 8388608 (8 MiB)"
gen padded "$PLAN" 8388609
refused "a file one byte over 8 MiB" \
	"1:1: the file holds 8388609 bytes: a configuration file may hold at most 8388608 (8 MiB)"
rm -f "$PLAN"
mkfifo "$PLAN"
WRITER="python3 $HERE/yaml_inputs.py stream - 1073741824"
refused_like "1 GB streamed through a FIFO" \
	"[0-9]*:[0-9]*: the file goes on past 8388608 bytes (8 MiB), the most a configuration file may hold"
WRITER="python3 $HERE/yaml_inputs.py stream - 8388608"
accepted "exactly 8 MiB through a FIFO loads" "3 plans, 41 items"
WRITER=
rm -f "$PLAN"
gen nodes "$PLAN" 250001
refused "250001 nodes" \
	"4:499991: more than 250000 values, lists and mappings in one file (counting all that aliases repeat)"
gen nodes "$PLAN" 250000
refused "250000 nodes pass the node limit (the plan is wrong otherwise)" \
	"4:9: 'an item' must be a mapping, not a scalar"

# --- values --------------------------------------------------------------------------------
gen long "$PLAN" 65537
refused "a value one byte over 64 KiB" "7:11: a value of 65537 bytes: one value may hold at most 65536 bytes (64 KiB)"
gen long "$PLAN" 1000000
refused "a value of 1 MB" "7:11: a value of 1000000 bytes: one value may hold at most 65536 bytes (64 KiB)"
gen nul "$PLAN"
refused "a \\0 escape in a ref" "5:10: a NUL character (\\0) at character 2 of this value, which would cut it short"

# Every control character as an escape in an item's text; the bidirectional ones also raw.
tail="at character 2 of this value: a value may hold no control character but tab and line feed"
for cp in $(seq 1 8) $(seq 11 31) 127 $(seq 128 159); do
	gen escaped "$PLAN" "$cp"
	refused "$(printf 'escaped U+%04X' "$cp")" "$(printf '7:11: the control character U+%04X %s' "$cp" "$tail")"
done
for cp in $(seq $((0x202A)) $((0x202E))) $(seq $((0x2066)) $((0x2069))); do
	gen escaped "$PLAN" "$cp"
	refused "$(printf 'escaped U+%04X' "$cp")" "$(printf '7:11: the bidirectional control U+%04X %s' "$cp" "$tail")"
	gen raw "$PLAN" "$cp"
	refused "$(printf 'raw U+%04X' "$cp")" "$(printf '7:11: the bidirectional control U+%04X %s' "$cp" "$tail")"
done
# Raw control bytes and bad UTF-8 never reach the loader's checks: libyaml refuses them.
gen bytes "$PLAN" 01
refused "a raw U+0001" "7:12: YAML syntax: control characters are not allowed"
gen bytes "$PLAN" 1b
refused "a raw ESC" "7:12: YAML syntax: control characters are not allowed"
gen bytes "$PLAN" c29b
refused "a raw U+009B" "7:12: YAML syntax: control characters are not allowed"
gen bytes "$PLAN" ff
refused "a byte that is not UTF-8" "7:12: YAML syntax: invalid leading UTF-8 octet"
gen bytes "$PLAN" c0af
refused "an overlong UTF-8 '/'" "7:12: YAML syntax: invalid length of a UTF-8 sequence"
gen bytes "$PLAN" eda080
refused "a UTF-8 surrogate" "7:12: YAML syntax: invalid Unicode character"
gen bytes "$PLAN" e282
refused "a cut UTF-8 sequence" "7:13: YAML syntax: invalid trailing UTF-8 octet"

t_done
