#!/usr/bin/env bash
# The Debian package, built and checked end to end: a root key made as on the offline machine,
# the web client built with its public key, `cpack` on a build folder, the package inspected
# (dpkg-deb -I/-c), installed into a scratch root and purged from it twice (data kept by default,
# deleted with /etc/tillit/purge-data), and the installed unit checked by systemd-analyze.
# Needs dpkg-dev and systemd (deploy/install-dependencies.sh --with-deploy) and the web client's
# node_modules (npm ci). Usage: tests/deploy/package_test.sh [BUILD_DIR]  (default build/dev)
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
build_dir=$(cd "${1:-build/dev}" && pwd)
admin="$build_dir/server/tillit-admin"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
check() { # description, command...
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); else echo "package test FAILED: $what" >&2; exit 1; fi
}

echo "-- a root key (as on the offline machine) and the web client built with its public key"
"$admin" root-key generate --secret-file "$work/root.secret" >/dev/null
public_key=$("$admin" root-key show --secret-file "$work/root.secret" | awk '/^public key:/ {print $3}')
check "root-key show --secret-file prints the public key" test -n "$public_key"
printf '%s\n' "$public_key" >"$work/root.pub"
(cd web-client && timeout 120 node build.mjs --root-public-key-file "$work/root.pub" --outdir "$work/web" >/dev/null)

echo "-- cpack"
(TILLIT_WEB_DIST="$work/web" timeout 300 cpack --config "$build_dir/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log") ||
  { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/pkg/tillit_*.deb)

echo "-- dpkg-deb -I and -c: $(basename "$deb")"
dpkg-deb -I "$deb" >"$work/info"
dpkg-deb -c "$deb" >"$work/contents"
has_field() { grep -Eq "$1" "$work/info"; }
check "package name" has_field '^ Package: tillit$'
for lib in libsodium23 libsqlite3-0 'libssl3' 'libboost-json1.81' adduser; do
  check "Depends names $lib" has_field "^ Depends: .*$lib"
done
for script in postinst prerm postrm conffiles; do check "control has $script" has_field "^ +[0-9]+ bytes, +[0-9]+ lines +[*]? *$script"; done
has_file() { grep -Eq " \./$1\$" "$work/contents"; }
for file in usr/bin/tillit-server usr/bin/tillit-admin usr/share/tillit/web/index.html etc/tillit/tillit.conf \
            lib/systemd/system/tillit.service usr/share/doc/tillit/examples/nginx/tillit.conf usr/share/doc/tillit/operations.md; do
  check "package holds /$file" has_file "$file"
done
check "the configuration is not world-readable" grep -Eq '^-rw-r----- .* \./etc/tillit/tillit.conf$' "$work/contents"
mkdir "$work/unpacked"
dpkg-deb -x "$deb" "$work/unpacked"
check "the packaged web client pins the root public key" grep -rqF "$public_key" "$work/unpacked/usr/share/tillit/web/assets"

echo "-- install into a scratch root, then purge (data kept), install again, purge with purge-data"
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# Scratch root: maintainer scripts run outside it with DPKG_ROOT set; its libraries are the host's.
dpkg_scratch() { dpkg --root="$root" --force-script-chrootless --force-depends --log="$work/dpkg.log" "$@" >>"$work/dpkg.out" 2>&1; }
dpkg_scratch -i "$deb" || { cat "$work/dpkg.out" >&2; exit 1; }
check "data folder made with mode 0700" test "$(stat -c %a "$root/var/lib/tillit")" = 700
check "configuration mode 0640" test "$(stat -c %a "$root/etc/tillit/tillit.conf")" = 640
check "the installed server runs" "$root/usr/bin/tillit-server" --help >/dev/null
check "the installed admin runs" "$root/usr/bin/tillit-admin" --help >/dev/null

# The unit, checked where it was installed. verify needs ExecStart's binary at its path; in a
# container that is the scratch root's, so only that path differs in the copy checked.
mkdir "$work/unit"
sed "s|/usr/bin/tillit-server|$root/usr/bin/tillit-server|" "$root/lib/systemd/system/tillit.service" >"$work/unit/tillit.service"
(cd "$work/unit" && timeout 60 systemd-analyze verify "$work/unit/tillit.service") || { echo "package test FAILED: systemd-analyze verify" >&2; exit 1; }
passed=$((passed + 1))
exposure=$(cd "$work/unit" && timeout 60 systemd-analyze security --offline=true "$work/unit/tillit.service" 2>/dev/null |
           awk '/Overall exposure level/ {print $(NF-2)}')
echo "   systemd-analyze security: exposure $exposure"
check "exposure at most 2.0 (OK)" awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }'

echo "precious" >"$root/var/lib/tillit/tillit.db"
dpkg_scratch --purge tillit || { cat "$work/dpkg.out" >&2; exit 1; }
check "purge removed the binaries" test ! -e "$root/usr/bin/tillit-server"
check "purge removed the configuration" test ! -e "$root/etc/tillit/tillit.conf"
check "purge kept the database by default" test -f "$root/var/lib/tillit/tillit.db"
dpkg_scratch -i "$deb" || { cat "$work/dpkg.out" >&2; exit 1; }
check "an existing database survives a new install" grep -q precious "$root/var/lib/tillit/tillit.db"
touch "$root/etc/tillit/purge-data"
dpkg_scratch --purge tillit || { cat "$work/dpkg.out" >&2; exit 1; }
check "purge with /etc/tillit/purge-data deleted the data" test ! -e "$root/var/lib/tillit"
check "and the marker" test ! -e "$root/etc/tillit"

echo "package test: $passed passed, 0 failed"
