#!/usr/bin/env bash
# Scenario e, login: bursts of 8, 64 and 256 simultaneous staff logins (Argon2id, 64 MiB each)
# against Tillit only; how many succeed or are told to retry, and the server's peak memory
# growth. Usage: e_login.sh [OUT_DIR]; QUICK=1 for bursts of 8 and 16.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bench_init "${1:-}"

logins=8,64,256
is_quick && logins=8,16
LOADGEN_TIMEOUT=${LOADGEN_TIMEOUT:-180}
for target in $(pick_targets tillit); do
  run_target e_login "$target" --scenario login --logins "$logins"
done
bench_exit
