#!/usr/bin/env bash
# Scenario a, idle: how many idle WebSocket connections (TCP for the floor) each target holds and
# the server memory each one costs. The generator runs as 2 processes, to pass the 20,000 open
# files a process may have. Usage: a_idle.sh [OUT_DIR]; QUICK=1 for 2,000 connections.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bench_init "${1:-}"

connections=19000
is_quick && connections=2000
LOADGEN_TIMEOUT=${LOADGEN_TIMEOUT:-300}
for target in $(pick_targets tillit peer floor); do
  run_target a_idle "$target" --scenario idle --processes 2 --connections "$connections"
done
bench_exit
