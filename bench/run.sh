#!/usr/bin/env bash
# bench/run.sh: the one command for the benchmarks. Installs what is missing, builds, creates the
# counsellor accounts once, runs scenarios a–e against their targets (a fresh server each), then
# prints the results table (bench/lib/table.mjs). Results: OUT_DIR/*.json (default bench/results).
# Usage: bench/run.sh [OUT_DIR]    QUICK=1 bench/run.sh for a short trial run.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

out=${1:-$BENCH_ROOT/bench/results}
mkdir -p "$out" && rm -f "$out"/[a-e]_*-*.json "$out"/[a-e]_*-*.log "$out"/machine.json
bench_init "$out"
export BENCH_SETUP_DONE BENCH_WORK BENCH_DATA_DIR

failed=()
for scenario in a_idle b_throughput c_latency d_churn e_login; do
  rc=0
  run_child bash "$BENCH_ROOT/bench/scenarios/$scenario.sh" "$OUT" || rc=$?
  ((rc >= 128)) && exit "$rc" # interrupted
  ((rc != 0)) && failed+=("$scenario")
done

node "$BENCH_ROOT/bench/lib/table.mjs" "$OUT" || failed+=(table)
if ((${#failed[@]} > 0)); then
  say "failed: ${failed[*]} (see the output above)"
  exit 1
fi
