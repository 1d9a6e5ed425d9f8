#!/usr/bin/env bash
# Builds the centre's Debian package: the release preset's tillit-server and tillit-admin, the web
# client with the centre's root public key pinned, then CPack (docs/operations.md).
#   deploy/build-package.sh ROOT_PUBLIC_KEY_FILE
# ROOT_PUBLIC_KEY_FILE holds the "public key:" line that `tillit-admin root-key generate` printed
# on the offline machine. TILLIT_QUICK_EXIT_URL sets the quick exit's neutral site (build.mjs).
# Prints the package's path and the key's fingerprint: compare it with the published one.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: $0 ROOT_PUBLIC_KEY_FILE   (the centre's root public key, not a secret)" >&2
  exit 2
fi
key_file=$(realpath "$1")

./deploy/install-dependencies.sh
if ! command -v dpkg-shlibdeps >/dev/null; then
  echo "tillit: dpkg-shlibdeps is missing: apt-get install dpkg-dev file (or deploy/install-dependencies.sh --with-deploy)" >&2
  exit 1
fi

cmake --preset release >/dev/null
cmake --build --preset release --target tillit-server tillit-admin
build=build/release
# Refuses anything that is not a root public key, and shows the fingerprint the pages will show.
"$build/server/tillit-admin" root-key show --public-key-file "$key_file"

echo "tillit: building the web client with that root public key"
(cd web-client && npm ci --no-audit --no-fund --loglevel=error &&
  node build.mjs --root-public-key-file "$key_file" --outdir "../$build/web-dist")

(cd "$build" && TILLIT_WEB_DIST="$PWD/web-dist" cpack -G DEB >/dev/null)
ls -1 "$PWD/$build"/tillit_*.deb
