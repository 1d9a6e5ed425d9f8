#!/usr/bin/env bash
# Scenario b, throughput: 1,000 chats relaying 300-byte frames as fast as the server takes them;
# frames per server CPU second, CPU and system calls per frame. Usage: b_throughput.sh [OUT_DIR];
# QUICK=1 measures 3 s instead of 30 s.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bench_init "${1:-}"

timing=(--warmup 5 --duration 30)
is_quick && timing=(--warmup 1 --duration 3)
LOADGEN_TIMEOUT=${LOADGEN_TIMEOUT:-180}
for target in $(pick_targets tillit peer floor); do
  run_target b_throughput "$target" --scenario throughput --chats 1000 --payload-bytes 300 --window 16 "${timing[@]}"
done
bench_exit
