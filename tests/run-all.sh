#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings as errors, and runs
# every test: the C++ suite (unit and integration, against the real server on 127.0.0.1) in the
# dev preset and under the asan-ubsan and tsan presets, then the web client's tests.
# Exits non-zero on the first failure.
#   TILLIT_PRESETS="dev"   runs only the given presets (default: "dev asan-ubsan tsan")
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/install-dependencies.sh

export TILLIT_WERROR=ON
jobs=$(nproc)
for preset in ${TILLIT_PRESETS:-dev asan-ubsan tsan}; do
  echo "== C++: configure, build and test with the ${preset} preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done

echo "== web client: build and test"
(cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck && npm test)

echo "tillit: every test passed"
