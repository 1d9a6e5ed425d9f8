#!/usr/bin/env bash
# Scenario d, churn: help-seekers arrive at 2,000 a second, are paired, exchange 2 frames and
# leave, 100,000 in all; pairings per second, join-to-paired time and whether memory comes back.
# Tillit and the peer (the floor does no pairing). Usage: d_churn.sh [OUT_DIR]; QUICK=1 runs
# 10,000 chats at 1,000 a second.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bench_init "${1:-}"

load=(--rate 2000 --total 100000)
is_quick && load=(--rate 1000 --total 10000)
LOADGEN_TIMEOUT=${LOADGEN_TIMEOUT:-240}
for target in $(pick_targets tillit peer); do
  run_target d_churn "$target" --scenario churn "${load[@]}" --chat-frames 2 --concurrency 2000
done
bench_exit
