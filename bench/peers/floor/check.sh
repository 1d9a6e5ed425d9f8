#!/usr/bin/env bash
# Runs tillit-floor-check against a fresh tillit-floor on 127.0.0.1 (a ctest, and by hand):
# pairing, frames in order and byte-identical both ways, back-pressure, bad frames, 400 pairs.
# Usage: check.sh TILLIT_FLOOR TILLIT_FLOOR_CHECK
set -euo pipefail
floor_binary=$1 check_binary=$2
out=$(mktemp)
"$floor_binary" --port 0 >"$out" &
floor_pid=$!
trap 'kill "$floor_pid" 2>/dev/null; wait "$floor_pid" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q 'listening' "$out" && break; sleep 0.1; done
port=$(sed -n 's/^floor: listening on .*:\([0-9]*\)$/\1/p' "$out")
[[ -n $port ]] || { echo "check.sh: the floor did not start" >&2; exit 1; }
timeout 120 "$check_binary" --port "$port" --pid "$floor_pid"
