#!/usr/bin/env bash
# Times the operations that must stay instant at the size of the whole estate.
# usage: bench/run.sh [BUILD-DIR]   (results: bench/RESULTS.md, written by hand)
set -euo pipefail
B=${1:-build}/actionboard
T=$(mktemp -d /tmp/ab-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 "$(dirname "$0")/gen_estate.py" "$T/cfg"
export ACTIONBOARD_TODAY=2026-11-23
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); printf '%-60s %6.3f s\n' "${*:3}" "$(echo "$e - $s" | bc)"; }
t "$B" --config "$T/cfg/actionboard.yaml" --db "$T/e.db" sync
t "$B" --config "$T/cfg/actionboard.yaml" --db "$T/e.db" sync
t "$B" --config "$T/cfg/actionboard.yaml" --db "$T/e.db" check
t "$B" --db "$T/e.db" list --establishment E060 --cycle 2022-06
t "$B" --db "$T/e.db" list --items --establishment E060 --cycle 2022-06
t "$B" --db "$T/e.db" owners --establishment E060 --cycle 2022-06
t "$B" --db "$T/e.db" list --owner "Head of Security" --overdue --establishment E060
t "$B" --db "$T/e.db" list --overdue --format json
t "$B" --db "$T/e.db" owners
t "$B" --db "$T/e.db" set E060/2022-06/1.1.1 completed
ls -la "$T/e.db" | awk '{printf "database size: %.1f MB\n", $5 / 1048576}'
