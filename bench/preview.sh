#!/usr/bin/env bash
# Times `flowgen preview` (lint + page) on Meta's 2.7 MB insurance template and on each generated
# Flow, with hyperfine, and prints each page's size. Goal: under 100 ms each (release build).
# Usage: bench/preview.sh [runs]   (default 20; TEMPLATES=/path/to/meta-templates overrides)
set -euo pipefail
RUNS="${1:-20}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TEMPLATES="${TEMPLATES:-/work/shared/meta-templates}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p flowgen
FLOWGEN="$ROOT/target/release/flowgen"

flows=()
if [ -f "$TEMPLATES/insurance-quote.json" ]; then
  cp "$TEMPLATES/insurance-quote.json" "$WORK/meta-insurance-quote.json"
  flows+=("$WORK/meta-insurance-quote.json")
else
  echo "note: $TEMPLATES/insurance-quote.json not found (set TEMPLATES): Meta's template skipped" >&2
fi
for uc in $("$FLOWGEN" list | awk 'NF {print $1}' | grep -E '^[a-z]+(-[a-z]+)+$'); do
  "$FLOWGEN" new "$uc" "$WORK/$uc" --no-input >/dev/null
  cp "$WORK/$uc/flow.json" "$WORK/$uc.json"
  flows+=("$WORK/$uc.json")
done

printf '%-28s %10s %12s %10s\n' flow "flow KB" "page KB" "median ms"
for f in "${flows[@]}"; do
  name="$(basename "$f" .json)"
  hyperfine --runs "$RUNS" --warmup 3 --style none --export-json "$WORK/$name.bench.json" \
    "$FLOWGEN preview $f --out $WORK/$name.html" >/dev/null 2>&1
  median_ms="$(jq '.results[0].median * 1000 | . * 10 | round / 10' "$WORK/$name.bench.json")"
  printf '%-28s %10d %12d %10s\n' "$name" $(( $(stat -c %s "$f") / 1024 )) \
    $(( $(stat -c %s "$WORK/$name.html") / 1024 )) "$median_ms"
done
