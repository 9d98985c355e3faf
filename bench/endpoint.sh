#!/usr/bin/env bash
# Throughput of the generated endpoint stubs (loan-offer, realistic preset) against a baseline that
# follows Meta's published Node example (Express, encrypted PEM decrypted per request), in the same
# run, with wrk replaying pre-encrypted signed data_exchange requests. Also prints the RSA-2048
# private-key ceiling from `openssl speed` (every request costs one RSA decryption).
# Two placements: each server on one core with wrk on another (taskset), then all cores shared.
# Then the shared store (issue 18): the insurance-quote `details` request (reads and writes the
# per-token state) on one instance with the memory store, one instance with Redis, and two
# instances sharing one Redis (a wrk per instance, as a load balancer would split them): req/s and
# p99 each, and the Redis cost per request. `bench/endpoint.sh ... store` runs only that part.
# Usage: bench/endpoint.sh [seconds] [connections] [all|store]   (defaults: 10 32 all)
# BENCH_LANGS="node python" limits the stubs; FLOWGEN=path skips building flowgen.
set -euo pipefail
SECS="${1:-10}"
CONNS="${2:-32}"
PART="${3:-all}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/bench/endpoint"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -- -"$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then PIN_WRK=0; PIN_SRV=1; else PIN_WRK=0; PIN_SRV=0; fi
PIN_N=1

echo "== building flowgen and the stubs"
if [ -z "${FLOWGEN:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p flowgen
  FLOWGEN="$ROOT/target/release/flowgen"
fi
export PASSPHRASE="bench pass" APP_SECRET="bench_app_secret"
openssl genrsa -traditional -des3 -passout "pass:$PASSPHRASE" -out "$WORK/private.pem" 2048 2>/dev/null
openssl rsa -in "$WORK/private.pem" -passin "pass:$PASSPHRASE" -pubout -out "$WORK/public.pem" 2>/dev/null
node "$HERE/make-bodies.mjs" "$WORK/public.pem" "$APP_SECRET" 500 > "$WORK/bodies.txt"

LANGS=()
for lang in ${BENCH_LANGS:-node python rust}; do
  [ -d "$ROOT/templates/_shared/endpoint/$lang" ] || continue
  for uc in loan-offer insurance-quote; do
    [ "$PART" = store ] && [ "$uc" = loan-offer ] && continue
    preset=(); [ "$uc" = loan-offer ] && preset=(--preset "$ROOT/presets/loan-offer/indian-bank.yaml")
    out="$WORK/$lang"; [ "$uc" = insurance-quote ] && out="$WORK/iq-$lang"
    "$FLOWGEN" new "$uc" "$out" --no-input --endpoint "$lang" "${preset[@]}" >/dev/null
    case "$lang" in
      node) (cd "$out/endpoint/node" && npm install --silent --no-audit --no-fund) ;;
      python) [ -d "$WORK/venv" ] || python3 -m venv "$WORK/venv"; (cd "$out/endpoint/python" && PIP_CACHE_DIR="$ROOT/target/bench-pip" "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check .) ;;
      rust) (cd "$out/endpoint/rust" && CARGO_TARGET_DIR="$ROOT/target/bench-rust-stub" cargo build --release --quiet) ;;
    esac
  done
  LANGS+=("$lang")
done
if [ "$PART" != store ]; then
  cp -r "$HERE/baseline" "$WORK/baseline"
  (cd "$WORK/baseline" && npm install --silent --no-audit --no-fund)
fi

# start NAME DIR CMD...: runs CMD in DIR on the server cores, waits for "listening on".
start() {
  local name="$1" dir="$2"; shift 2
  local port=$((20000 + RANDOM % 20000))
  rm -f "$WORK/$name.log" "$WORK/$name.pid"
  (cd "$dir" && PORT=$port PRIVATE_KEY="$(cat "$WORK/private.pem")" \
    setsid bash -c 'echo $$ > "$0"; exec taskset -c "$1" "${@:2}"' "$WORK/$name.pid" "$SRV_CPUS" "$@" >"$WORK/$name.log" 2>&1 &) 2>/dev/null
  for _ in $(seq 50); do [ -s "$WORK/$name.pid" ] && break; sleep 0.1; done
  PIDS+=("$(cat "$WORK/$name.pid")")
  for _ in $(seq 600); do grep -q "listening on" "$WORK/$name.log" 2>/dev/null && break; sleep 0.1; done
  grep -q "listening on" "$WORK/$name.log" || { echo "$name did not start:"; cat "$WORK/$name.log"; exit 1; }
  PORT_OF=$port
}
stop_last() {
  local p="${PIDS[-1]}"
  kill -- -"$p" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  unset 'PIDS[-1]'
}

# p99 of a wrk --latency report, in ms.
p99_ms() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'; }

# bench NAME: wrk against the server on $PORT_OF; prints requests/s.
bench() {
  local out
  BODIES="$WORK/bodies.txt" taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNS" -d2s -s "$HERE/replay.lua" "http://127.0.0.1:$PORT_OF/" >/dev/null
  out=$(BODIES="$WORK/bodies.txt" taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/replay.lua" "http://127.0.0.1:$PORT_OF/")
  if echo "$out" | grep -q "Non-2xx"; then echo "$1: some answers were not 200:" >&2; echo "$out" >&2; fi
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

# round LABEL SRV_CPUS WRK_CPUS N: every server in turn, then the table for that placement.
round() {
  local label="$1"; SRV_CPUS="$2"; WRK_CPUS="$3"; local n="$4" name r sign
  declare -A RPS
  echo "== $label: baseline (Express, PEM decrypted per request)"
  start baseline "$WORK/baseline" node server.js; RPS[baseline]=$(bench baseline); stop_last
  for lang in "${LANGS[@]}"; do
    echo "== $label: $lang stub"
    dir="$WORK/$lang/endpoint/$lang"
    case "$lang" in
      node) start node "$dir" npm start ;;
      python) start python "$dir" "$WORK/venv/bin/python" -m flow_endpoint ;;
      rust) start rust "$dir" env CARGO_TARGET_DIR="$ROOT/target/bench-rust-stub" cargo run --release --quiet ;;
    esac
    RPS[$lang]=$(bench "$lang")
    stop_last
  done
  sign=$(taskset -c "$SRV_CPUS" openssl speed -seconds 5 -multi "$n" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $(NF-1)}')
  RESULTS+="
$label: loan-offer data_exchange, $CONNS connections, ${SECS}s; servers on CPU $SRV_CPUS, wrk on CPU $WRK_CPUS
$(printf '%-10s %10s %12s %14s' server "req/s" "x baseline" "% RSA ceiling")"
  for name in baseline "${LANGS[@]}"; do
    r=${RPS[$name]}
    RESULTS+="
$(printf '%-10s %10.0f %11.2fx %13.1f%%' "$name" "$r" "$(echo "$r / ${RPS[baseline]}" | bc -l)" "$(echo "100 * $r / $sign" | bc -l)")"
  done
  RESULTS+="
$(printf 'RSA-2048 private ops/s, openssl speed on %s core(s): %.0f' "$n" "$sign")
"
}

# load PORT... : one wrk per port at the same time (connections split between them), replaying
# $STORE_BODIES; prints "<total req/s> <worst p99 ms>".
load() {
  local per=$((CONNS / $#)) i=0 port
  [ "$per" -ge 1 ] || per=1
  for port in "$@"; do
    BODIES="$STORE_BODIES" wrk -t1 -c"$per" -d2s -s "$HERE/replay.lua" "http://127.0.0.1:$port/" >/dev/null &
  done
  wait
  for port in "$@"; do
    BODIES="$STORE_BODIES" wrk -t1 -c"$per" -d"${SECS}s" --latency -s "$HERE/replay.lua" "http://127.0.0.1:$port/" > "$WORK/wrk-$i.txt" &
    i=$((i + 1))
  done
  wait
  cat "$WORK"/wrk-*.txt | grep -q "Non-2xx" && { echo "store run: some answers were not 200:" >&2; cat "$WORK"/wrk-*.txt >&2; }
  local rps p99
  rps=$(awk '/Requests\/sec/ {s += $2} END {print s}' "$WORK"/wrk-*.txt)
  p99=$(for f in "$WORK"/wrk-*.txt; do p99_ms < "$f"; done | sort -g | tail -1)
  rm -f "$WORK"/wrk-*.txt
  echo "$rps $p99"
}

# start_iq LANG NAME [ENV...]: the insurance-quote stub of LANG, with extra environment.
start_iq() {
  local lang="$1" name="$2"; shift 2
  local dir="$WORK/iq-$lang/endpoint/$lang"
  case "$lang" in
    node) start "$name" "$dir" env "$@" npm start ;;
    python) start "$name" "$dir" env "$@" "$WORK/venv/bin/python" -m flow_endpoint ;;
    rust) start "$name" "$dir" env "$@" CARGO_TARGET_DIR="$ROOT/target/bench-rust-stub" cargo run --release --quiet ;;
  esac
}

# The store: one instance + memory, one instance + Redis, two instances + one Redis.
store_round() {
  SRV_CPUS="0-$((NCPU - 1))"
  redis-server --port 0 --unixsocket "$WORK/redis.sock" --save "" --appendonly no --dir "$WORK" \
    --daemonize yes --pidfile "$WORK/redis.pid" >/dev/null
  for _ in $(seq 100); do [ -S "$WORK/redis.sock" ] && break; sleep 0.05; done
  local redis="REDIS_URL=unix://$WORK/redis.sock" lang m r two a b
  RESULTS+="
store: insurance-quote details (state read + written), $CONNS connections, ${SECS}s, all cores shared
$(printf '%-8s %-24s %10s %9s' stub run "req/s" "p99 ms")"
  for lang in "${LANGS[@]}"; do
    echo "== store: $lang"
    node "$HERE/make-bodies.mjs" "$WORK/public.pem" "$APP_SECRET" 500 "$WORK/iq-$lang/endpoint/$lang/config.json" > "$WORK/iq-bodies.txt"
    STORE_BODIES="$WORK/iq-bodies.txt"
    start_iq "$lang" "$lang-mem"; m=$(load "$PORT_OF"); stop_last
    start_iq "$lang" "$lang-redis" "$redis" KEY_PREFIX="bench-$lang-1"; r=$(load "$PORT_OF"); stop_last
    start_iq "$lang" "$lang-a" "$redis" KEY_PREFIX="bench-$lang-2"; a=$PORT_OF
    start_iq "$lang" "$lang-b" "$redis" KEY_PREFIX="bench-$lang-2"; b=$PORT_OF
    two=$(load "$a" "$b"); stop_last; stop_last
    set -- $m; local m_rps=$1 m_p99=$2
    set -- $r; local r_rps=$1 r_p99=$2
    set -- $two
    RESULTS+="
$(printf '%-8s %-24s %10.0f %9.2f' "$lang" "1 instance, memory" "$m_rps" "$m_p99")
$(printf '%-8s %-24s %10.0f %9.2f' "$lang" "1 instance, Redis" "$r_rps" "$r_p99")
$(printf '%-8s %-24s %10.0f %9.2f' "$lang" "2 instances, one Redis" "$1" "$2")
$(printf '%-8s Redis cost per request: %.0f us of server time (1/req/s, Redis vs memory), p99 %+.2f ms' "$lang" "$(echo "1000000 / $r_rps - 1000000 / $m_rps" | bc -l)" "$(echo "$r_p99 - $m_p99" | bc -l)")"
  done
  kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  RESULTS+="
"
}

RESULTS=""
if [ "$PART" != store ]; then
  # One core per server (wrk on its own core): per-core efficiency, nothing shared.
  round "one core" "$PIN_SRV" "$PIN_WRK" "$PIN_N"
  # Every core for every server (wrk shares them): what a multi-threaded server gains. The ceiling
  # counts all cores, though wrk takes part of them.
  if [ "$NCPU" -ge 2 ]; then round "all cores" "0-$((NCPU - 1))" "0-$((NCPU - 1))" "$NCPU"; fi
fi
if command -v redis-server >/dev/null; then store_round; else echo "redis-server not installed: no store run" >&2; fi
echo "$RESULTS"
[ "$PART" = store ] || echo "goals: rust >= 4x baseline and >= 70% of the RSA ceiling of the cores it uses; node >= 2x baseline"
