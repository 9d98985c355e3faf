#!/usr/bin/env bash
# Throughput of the generated endpoint stubs (loan-offer, realistic preset) against a baseline that
# follows Meta's published Node example (Express, encrypted PEM decrypted per request), in the same
# run, with wrk replaying pre-encrypted signed data_exchange requests. Also prints the RSA-2048
# private-key ceiling from `openssl speed` (every request costs one RSA decryption).
# Two placements: each server on one core with wrk on another (taskset), then all cores shared.
# Usage: bench/endpoint.sh [seconds] [connections]   (defaults: 10 32)
set -euo pipefail
SECS="${1:-10}"
CONNS="${2:-32}"
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
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p flowgen
FLOWGEN="$ROOT/target/release/flowgen"
export PASSPHRASE="bench pass" APP_SECRET="bench_app_secret"
openssl genrsa -traditional -des3 -passout "pass:$PASSPHRASE" -out "$WORK/private.pem" 2048 2>/dev/null
openssl rsa -in "$WORK/private.pem" -passin "pass:$PASSPHRASE" -pubout -out "$WORK/public.pem" 2>/dev/null
node "$HERE/make-bodies.mjs" "$WORK/public.pem" "$APP_SECRET" 500 > "$WORK/bodies.txt"

LANGS=()
for lang in node python rust; do
  [ -d "$ROOT/templates/_shared/endpoint/$lang" ] || continue
  "$FLOWGEN" new loan-offer "$WORK/$lang" --no-input --endpoint "$lang" --preset "$ROOT/presets/loan-offer/indian-bank.yaml" >/dev/null
  case "$lang" in
    node) (cd "$WORK/$lang/endpoint/node" && npm install --silent --no-audit --no-fund) ;;
    python) python3 -m venv "$WORK/venv" && (cd "$WORK/$lang/endpoint/python" && PIP_CACHE_DIR="$ROOT/target/bench-pip" "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check .) ;;
    rust) (cd "$WORK/$lang/endpoint/rust" && CARGO_TARGET_DIR="$ROOT/target/bench-rust-stub" cargo build --release --quiet) ;;
  esac
  LANGS+=("$lang")
done
cp -r "$HERE/baseline" "$WORK/baseline"
(cd "$WORK/baseline" && npm install --silent --no-audit --no-fund)

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

RESULTS=""
# One core per server (wrk on its own core): per-core efficiency, nothing shared.
round "one core" "$PIN_SRV" "$PIN_WRK" "$PIN_N"
# Every core for every server (wrk shares them): what a multi-threaded server gains. The ceiling
# counts all cores, though wrk takes part of them.
if [ "$NCPU" -ge 2 ]; then round "all cores" "0-$((NCPU - 1))" "0-$((NCPU - 1))" "$NCPU"; fi
echo "$RESULTS"
echo "goals: rust >= 4x baseline and >= 70% of the RSA ceiling of the cores it uses; node >= 2x baseline"
