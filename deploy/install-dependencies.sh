#!/usr/bin/env bash
# Installs what Tillit needs to build, run and test on Debian 12, and nothing that is already
# there. Run as root. Used by deploy/run-demo.sh and tests/run-all.sh; safe to run again.
#   --with-browser   also install Debian's chromium (for the web client's browser tests)
#   --with-deploy    also install nginx, openssl, systemd and dpkg-dev (for the deployment tests:
#                    nginx in front, systemd-analyze, the Debian package)
#   --with-fuzzing   also install clang and its libFuzzer runtime (for the fuzz preset, tests/fuzz)
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
          libsodium-dev libsqlite3-dev libhowardhinnant-date-dev libcli11-dev libgtest-dev libssl-dev tzdata ca-certificates)
for arg in "$@"; do
  case "$arg" in
    --with-browser) packages+=(chromium) ;;
    --with-deploy) packages+=(nginx openssl systemd dpkg-dev file) ;;
    --with-fuzzing) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "usage: $0 [--with-browser] [--with-deploy] [--with-fuzzing]" >&2; exit 2 ;;
  esac
done
# Node.js and npm build the web client. Any Node.js from 18 on will do, also one not from Debian.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "tillit: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then echo "tillit: run as root to install packages" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 18)); then echo "tillit: Node.js 18 or newer is needed, found $(node --version)" >&2; exit 1; fi
