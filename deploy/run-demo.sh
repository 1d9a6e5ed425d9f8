#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the server and the web client,
# creates a demo counsellor and supervisor in ./data, and runs tillit-server on 127.0.0.1
# until Ctrl-C. For trying Tillit out, not for production (see docs/operations.md then).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${TILLIT_PORT:-8080}"
data_dir="data"
counsellor_password="demo-counsellor-passphrase"
supervisor_password="demo-supervisor-passphrase"

./deploy/install-dependencies.sh

echo "tillit: building the server (release preset)"
cmake --preset release >/dev/null
cmake --build --preset release --target tillit-server tillit-admin

admin=(./build/release/server/tillit-admin --data-dir "$data_dir")
# A development root key on this machine, so that a counsellor's new key is certified at once.
# UNSAFE FOR PRODUCTION: see docs/security.md for the offline root key.
dev_keys="$data_dir/dev-root-key"
"${admin[@]}" root-key dev-init "$dev_keys" >/dev/null

echo "tillit: building the web client (with the development root key pinned)"
(cd web-client && npm ci --no-audit --no-fund --loglevel=error &&
  TILLIT_ROOT_PUBLIC_KEY_FILE="../$dev_keys/root-key.pub" npm run --silent build)

create_demo_account() { # pseudonym role password
  if "${admin[@]}" account list | awk '{print $1}' | grep -qx "$1"; then return; fi
  printf '%s\n' "$3" | "${admin[@]}" account create "$1" --role "$2" --languages sv,en,ar \
    --lanes support,consultation --password-stdin
}
create_demo_account demo-counsellor counsellor "$counsellor_password"
create_demo_account demo-supervisor supervisor "$supervisor_password"
# Open around the clock, so that the demo can be tried at any hour.
"${admin[@]}" hours set --timezone Europe/Stockholm --mon 00:00-24:00 --tue 00:00-24:00 --wed 00:00-24:00 \
  --thu 00:00-24:00 --fri 00:00-24:00 --sat 00:00-24:00 --sun 00:00-24:00 >/dev/null

base="http://127.0.0.1:${port}"
cat <<TEXT

  Tillit demo
  -----------
  Help-seeker page:       ${base}/
  Counsellor console:     ${base}/counsellor/   log in as demo-counsellor / ${counsellor_password}
  Supervisor dashboard:   ${base}/supervisor/   log in as demo-supervisor / ${supervisor_password}
  Health check:           ${base}/healthz
  Data folder:            $(pwd)/${data_dir}   (accounts: ${admin[*]} account list)

  Counsellor keys are certified automatically with a development root key in
  ${data_dir}/dev-root-key: UNSAFE FOR PRODUCTION (see docs/security.md).

  Letters (the mailbox, "Write a letter" on the help-seeker page) can be sealed to a counsellor
  once they have logged in to the console one time: that makes their mailbox key.

  Stop with Ctrl-C.

TEXT
exec ./build/release/server/tillit-server --listen-address 127.0.0.1 --port "$port" --data-dir "$data_dir" \
  --web-root web-client/dist --dev-root-key-file "$dev_keys/root-key.secret"
