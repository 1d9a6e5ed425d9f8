#!/usr/bin/env bash
# Scenario c, latency: 1,000 chats at a fixed offered rate of 1,000, 10,000 and 50,000 frames/s
# in all; one-way latency percentiles per rate. Usage: c_latency.sh [OUT_DIR]; QUICK=1 measures
# 3 s per rate instead of 15 s.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bench_init "${1:-}"

timing=(--warmup 2 --duration 15)
is_quick && timing=(--warmup 1 --duration 3)
LOADGEN_TIMEOUT=${LOADGEN_TIMEOUT:-240}
for target in $(pick_targets tillit peer floor); do
  run_target c_latency "$target" --scenario latency --chats 1000 --payload-bytes 300 --rates 1000,10000,50000 \
    "${timing[@]}"
done
bench_exit
