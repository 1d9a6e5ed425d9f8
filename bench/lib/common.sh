# bench/lib/common.sh: what the scenario scripts and bench/run.sh share. Source it, then call
# bench_init OUT_DIR: installs what is missing, builds, makes the Tillit data folder (20
# counsellors), and sets OUT. Then per target: run_target NAME TARGET LOADGEN-ARGS... starts a
# fresh server pinned to core 0, runs tillit-loadgen pinned to core 1 under `timeout`, writes
# OUT/NAME-TARGET.json and stops the server. A trap stops whatever is still running on exit.
# Environment: QUICK=1 (short runs), TARGETS="tillit peer floor" (run only these),
# LOADGEN_TIMEOUT (seconds one generator run may take, default 300).
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TILLIT_SERVER=$BENCH_ROOT/build/release/server/tillit-server
TILLIT_ADMIN=$BENCH_ROOT/build/release/server/tillit-admin
TILLIT_LOADGEN=$BENCH_ROOT/build/release/bench/loadgen/tillit-loadgen
TILLIT_FLOOR=$BENCH_ROOT/build/release/bench/peers/floor/tillit-floor
NODE_PEER_DIR=$BENCH_ROOT/bench/peers/node-ws
SERVER_PID='' SERVER_PORT='' SERVER_LOG='' BENCH_CHILD='' BENCH_FAILED=0

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
is_quick() { [[ -n ${QUICK:-} && ${QUICK:-} != 0 ]]; }

# Every server and the generator may hold up to 20,000 files (the most this machine allows).
ulimit -n 20000 2>/dev/null || die "cannot raise the open files limit to 20000 (hard limit $(ulimit -Hn))"

# Installs what is missing, builds the four programs and the Node peer's modules. Once per run.
bench_setup() {
  [[ -n ${BENCH_SETUP_DONE:-} ]] && return 0
  "$BENCH_ROOT/deploy/install-dependencies.sh" || die "installing the dependencies failed"
  local missing=()
  command -v perf >/dev/null || missing+=(linux-perf)
  command -v taskset >/dev/null || missing+=(util-linux)
  if ((${#missing[@]} > 0)); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
      die "installing ${missing[*]} failed"
    fi
  fi
  perf stat -e raw_syscalls:sys_enter -- true >/dev/null 2>&1 ||
    say "warning: 'perf stat -e raw_syscalls:sys_enter' does not work here; system calls will not be counted"
  say "building (release preset)"
  (cd "$BENCH_ROOT" && cmake --preset release >/dev/null &&
    cmake --build --preset release --target tillit-server tillit-admin tillit-loadgen tillit-floor) ||
    die "the build failed"
  if [[ ! -d $NODE_PEER_DIR/node_modules ]]; then
    (cd "$NODE_PEER_DIR" && npm ci --no-audit --no-fund) || die "npm ci for the Node peer failed"
  fi
  export BENCH_SETUP_DONE=1
}

# Creates bench-c-1 … bench-c-20 (counsellors, one random password in DIR/bench-password), once.
make_tillit_data() {
  local dir=$1 pw i
  [[ -s $dir/bench-password && -f $dir/tillit.db ]] && return 0
  mkdir -p "$dir" && chmod 0700 "$dir" || return 1
  pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  (umask 077 && printf '%s\n' "$pw" >"$dir/bench-password") || return 1
  say "creating 20 counsellor accounts in $dir"
  for i in $(seq 1 20); do
    printf '%s\n' "$pw" | "$TILLIT_ADMIN" --data-dir "$dir" account create "bench-c-$i" --role counsellor \
      --languages sv,en,ar --lanes support,consultation --password-stdin >/dev/null || return 1
  done
  # Open around the clock: outside the opening hours every join is answered "closed".
  "$TILLIT_ADMIN" --data-dir "$dir" hours set --timezone Europe/Stockholm --mon 00:00-24:00 --tue 00:00-24:00 \
    --wed 00:00-24:00 --thu 00:00-24:00 --fri 00:00-24:00 --sat 00:00-24:00 --sun 00:00-24:00 >/dev/null || return 1
}

# Setup, a work folder (shared with child scripts, removed by whoever made it), the data folder,
# and OUT (the results folder, created) with machine.json.
bench_init() {
  OUT=${1:-$BENCH_ROOT/bench/results}
  OUT=$(mkdir -p "$OUT" && cd "$OUT" && pwd) || die "cannot create $OUT"
  bench_setup
  if [[ -z ${BENCH_WORK:-} ]]; then
    BENCH_WORK=$(mktemp -d /tmp/tillit-bench.XXXXXX) || die "mktemp failed"
    BENCH_WORK_OWNER=$$
    export BENCH_WORK
  fi
  export BENCH_DATA_DIR=${BENCH_DATA_DIR:-$BENCH_WORK/data}
  make_tillit_data "$BENCH_DATA_DIR" || die "creating the counsellor accounts failed"
  [[ -f $OUT/machine.json ]] || write_machine_json "$OUT/machine.json"
}

# The machine the numbers come from, for the table.
write_machine_json() {
  local model
  model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  node -e '
    const [file, model, cores, kernel, quick, commit] = process.argv.slice(1);
    const mem = Object.fromEntries(require("fs").readFileSync("/proc/meminfo", "utf8").split("\n")
      .map((l) => l.match(/^(\w+):\s+(\d+) kB/)).filter(Boolean).map((m) => [m[1], Number(m[2]) * 1024]));
    require("fs").writeFileSync(file, JSON.stringify({ model, cores: Number(cores), kernel,
      mem_total_bytes: mem.MemTotal, mem_available_bytes: mem.MemAvailable, node: process.version,
      quick: quick === "1", commit, date: new Date().toISOString() }, null, 2) + "\n");
  ' "$1" "${model:-unknown}" "$(nproc)" "$(uname -r)" "$(is_quick && echo 1 || echo 0)" \
    "$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# Alive and not a zombie (an exited child not yet reaped still answers kill -0).
_alive() {
  local s
  { s=$(<"/proc/$1/stat"); } 2>/dev/null || return 1
  s=${s##*) }
  [[ ${s:0:1} != Z ]]
}

# _start NAME PATTERN COMMAND...: starts COMMAND on core 0, waits (30 s at most) until its output
# matches the sed PATTERN that captures the port; sets SERVER_PID, SERVER_PORT, SERVER_LOG.
_start() {
  local name=$1 pattern=$2 deadline=$((SECONDS + 30))
  shift 2
  [[ -z $SERVER_PID ]] || stop_server
  SERVER_LOG=$(mktemp "$BENCH_WORK/$name.XXXXXX.log")
  taskset -c 0 "$@" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$! SERVER_PORT=''
  until [[ -n $SERVER_PORT ]]; do
    SERVER_PORT=$(sed -n "$pattern" "$SERVER_LOG" | head -1)
    [[ -n $SERVER_PORT ]] && break
    if ! _alive "$SERVER_PID" || ((SECONDS >= deadline)); then
      say "$name did not start listening; its output:"
      tail -n 20 "$SERVER_LOG" >&2
      stop_server
      return 1
    fi
    sleep 0.1
  done
  say "$name listening on 127.0.0.1:$SERVER_PORT (pid $SERVER_PID)"
}

start_tillit() {
  local data=$1 web=$BENCH_ROOT/web-client/dist
  [[ -d $web ]] || { web=$BENCH_WORK/web-root && mkdir -p "$web"; }
  _start tillit-server 's/.*"event":"listening".*"port":\([0-9][0-9]*\).*/\1/p' \
    "$TILLIT_SERVER" --listen-address 127.0.0.1 --port 0 --data-dir "$data" --web-root "$web" --threads 1 \
    --max-connections 19500 --ws-messages-per-second 100000 --ws-message-burst 100000 --max-capacity 50 \
    --ws-write-queue-frames 100000 --idle-timeout 600 --joins-per-minute 0 --max-connections-per-client 19500
}
start_peer() {
  _start node-peer 's/^peer: listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' \
    node "$NODE_PEER_DIR/relay.mjs" --port 0
}
start_floor() {
  _start tillit-floor 's/^floor: listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$TILLIT_FLOOR" --port 0
}
start_target() {
  case $1 in
    tillit) start_tillit "$BENCH_DATA_DIR" ;;
    peer) start_peer ;;
    floor) start_floor ;;
    *) die "unknown target $1" ;;
  esac
}

# SIGTERM, up to 20 s to finish, then SIGKILL.
stop_server() {
  local pid=$SERVER_PID i
  [[ -n $pid ]] || return 0
  SERVER_PID=''
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 200; i++)); do _alive "$pid" || break; sleep 0.1; done
  if _alive "$pid"; then
    say "pid $pid did not stop within 20 s of SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

# Runs COMMAND in the background and waits for it, so that a signal reaches the trap at once
# (which then stops COMMAND too). Returns COMMAND's status.
run_child() {
  local rc=0
  "$@" &
  BENCH_CHILD=$!
  wait "$BENCH_CHILD" || rc=$?
  BENCH_CHILD=''
  return "$rc"
}

# tillit-loadgen ARGS on core 1, at most LOADGEN_TIMEOUT seconds (timeout also ends the
# generator's child processes: it signals its whole process group).
run_loadgen() {
  local limit=${LOADGEN_TIMEOUT:-300} rc=0
  say "tillit-loadgen $*"
  run_child taskset -c 1 timeout -k 10 "$limit" "$TILLIT_LOADGEN" "$@" || rc=$?
  ((rc == 124 || rc == 137)) && say "tillit-loadgen ran out of time (${limit} s)"
  return "$rc"
}

# The targets of a scenario, narrowed to $TARGETS when that is set.
pick_targets() {
  local t
  for t in "$@"; do
    [[ -z ${TARGETS:-} || " $TARGETS " == *" $t "* ]] && echo "$t"
  done
}

# run_target NAME TARGET LOADGEN-ARGS...: one fresh server, one generator run, OUT/NAME-TARGET.json
# (and OUT/NAME-TARGET.log, the server's output, when the run failed).
# Adds the staff options for tillit and the peer (the generator logs counsellors in for every
# scenario there). Failures set BENCH_FAILED.
run_target() {
  local name=$1 target=$2 json staff=() rc=0
  shift 2
  json=$OUT/$name-$target.json
  rm -f "$json" "$OUT/$name-$target.log"
  if [[ $target != floor ]]; then
    staff=(--counsellors 20 --capacity 50 --pseudonym-prefix bench-c- --password-file "$BENCH_DATA_DIR/bench-password")
  fi
  say "== $name against $target"
  if ! start_target "$target"; then BENCH_FAILED=1 && return 1; fi
  run_loadgen "$@" --target "$target" --port "$SERVER_PORT" --server-pid "$SERVER_PID" --json "$json" \
    "${staff[@]}" || rc=$?
  if ((rc != 0)); then
    say "$name against $target failed (exit $rc); the server's last lines (all: $OUT/$name-$target.log):"
    tail -n 10 "$SERVER_LOG" >&2
    cp "$SERVER_LOG" "$OUT/$name-$target.log"
    BENCH_FAILED=1
  fi
  stop_server
  return "$rc"
}

# A scenario's exit status: 1 when any of its runs failed.
bench_exit() { exit "$BENCH_FAILED"; }

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n $BENCH_CHILD ]]; then
    kill -TERM "$BENCH_CHILD" 2>/dev/null
    wait "$BENCH_CHILD" 2>/dev/null
  fi
  stop_server
  [[ ${BENCH_WORK_OWNER:-} == "$$" && -d ${BENCH_WORK:-} ]] && rm -rf "$BENCH_WORK"
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
