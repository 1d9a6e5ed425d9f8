#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings as errors, and runs
# every test: the C++ suite (unit and integration, against the real server on 127.0.0.1) in the
# dev preset and under the asan-ubsan and tsan presets, each libFuzzer target of tests/fuzz for
# 15 s (the fuzz preset, clang), then the web client's tests, the Node peer's tests (bench/), then
# the browser tests (Debian's chromium driving the real pages against the dev preset's
# tillit-server), then the Debian package test (tests/deploy/package_test.sh). The C++ suite includes nginx in front of the server.
# Exits non-zero on the first failure.
#   TILLIT_PRESETS="dev"   runs only the given presets (default: "dev asan-ubsan tsan fuzz"); the dev
#                          preset's tillit-server and tillit-admin are built for the browser tests anyway
#   TILLIT_ARTIFACTS_DIR   where the browser tests put screenshots and logs (default: web-client/test-artifacts)
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/install-dependencies.sh --with-browser --with-fuzzing --with-deploy

export TILLIT_WERROR=ON
export TILLIT_REQUIRE_DEPLOY_TOOLS=1  # the nginx test fails instead of skipping without nginx
jobs=$(nproc)
presets="${TILLIT_PRESETS:-dev asan-ubsan tsan fuzz}"
for preset in $presets; do
  echo "== C++: configure, build and test with the ${preset} preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done

echo "== web client: build and test"
(cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck && npm test)

echo "== bench: the Node peer's tests (the reference relay of docs/benchmarks.md)"
(cd bench/peers/node-ws && npm ci --no-audit --no-fund --loglevel=error && npm test)

if [[ " $presets " != *" dev "* ]]; then
  echo "== browser tests: build the dev preset's tillit-server and tillit-admin"
  cmake --preset dev >/dev/null
  cmake --build --preset dev -j "$jobs" --target tillit-server tillit-admin
fi
echo "== web client: browser tests (chromium) against build/dev/server"
dev_bin="$PWD/build/dev/server"
(cd web-client && TILLIT_SERVER_BINARY="$dev_bin/tillit-server" TILLIT_ADMIN_BINARY="$dev_bin/tillit-admin" \
  npm run --silent test:browser)

echo "== deploy: the Debian package (cpack, dpkg-deb, scratch-root install and purge, systemd-analyze)"
./tests/deploy/package_test.sh build/dev

echo "tillit: every test passed"
