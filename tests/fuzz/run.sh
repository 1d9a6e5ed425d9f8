#!/usr/bin/env bash
# Runs one libFuzzer target of tests/fuzz for as long as asked, from its seed corpus:
#   tests/fuzz/run.sh TARGET SECONDS     TARGET: control_message, http_request, crypto_frames, or all
# Builds the fuzz preset first (clang; TILLIT_FUZZ_NO_BUILD=1 skips that, as ctest does). What the
# fuzzer finds new goes to build/fuzz/corpus/TARGET (the committed seeds stay as they are); a crash
# leaves its input in build/fuzz/artifacts/ and makes this exit non-zero. Reproduce one with
#   build/fuzz/tests/fuzz/fuzz_TARGET build/fuzz/artifacts/crash-…
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
targets=(control_message http_request crypto_frames)

if (($# != 2)) || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 TARGET|all SECONDS   (targets: ${targets[*]})" >&2
  exit 2
fi
if [[ $1 == all ]]; then
  for t in "${targets[@]}"; do "$0" "$t" "$2"; done
  exit 0
fi
target=$1
seconds=$2
[[ " ${targets[*]} " == *" $target "* ]] || { echo "$0: no fuzz target '$target' (${targets[*]})" >&2; exit 2; }

build="${TILLIT_FUZZ_BUILD_DIR:-$root/build/fuzz}"
if [[ -z ${TILLIT_FUZZ_NO_BUILD:-} ]]; then
  (cd "$root" && cmake --preset fuzz -B "$build" >/dev/null && nice cmake --build "$build" --target "fuzz_$target")
fi

corpus="$build/corpus/$target"
artifacts="$build/artifacts"
mkdir -p "$corpus" "$artifacts"
# Limits: an input that runs 10 s is a hang; 2.5 GiB is far more than any input should need
# (a login's Argon2id takes 64 MiB). The dictionary teaches the fuzzer the protocol's words.
options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=20000 -print_final_stats=1
         -artifact_prefix="$artifacts/$target-")
[[ -f $here/$target.dict ]] && options+=(-dict="$here/$target.dict")
echo "== fuzzing $target for ${seconds}s"
exec nice "$build/tests/fuzz/fuzz_$target" "${options[@]}" "$corpus" "$here/corpus/$target"
