#!/usr/bin/env bash
# Times `flowgen new <uc> --no-input` against cookiecutter and copier generating an equivalent
# small template (one JSON file + README from a few variables), and prints the ratios.
# Usage: bench/scaffold.sh [use-case] [runs]   (defaults: loan-offer 30)
set -euo pipefail
UC="${1:-loan-offer}"
RUNS="${2:-30}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p flowgen
FLOWGEN="$ROOT/target/release/flowgen"

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet cookiecutter copier

# An equivalent small template for both tools: flow.json and README.md from a few variables.
CC="$WORK/cc-template"
mkdir -p "$CC/{{cookiecutter.dir}}"
cat > "$CC/cookiecutter.json" <<'JSON'
{"dir": "out", "brand": "Acme Bank", "currency": "INR", "amount": "500000", "rate": "12.5"}
JSON
cat > "$CC/{{cookiecutter.dir}}/flow.json" <<'JSON'
{"version": "7.3", "screens": [{"id": "OFFER", "title": "{{cookiecutter.brand}}", "terminal": true,
 "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "{{cookiecutter.amount}} {{cookiecutter.currency}} at {{cookiecutter.rate}}%"}]}}]}
JSON
printf '# {{cookiecutter.brand}}\n' > "$CC/{{cookiecutter.dir}}/README.md"

CP="$WORK/copier-template"
mkdir -p "$CP"
cat > "$CP/copier.yml" <<'YAML'
brand: {type: str, default: Acme Bank}
currency: {type: str, default: INR}
amount: {type: str, default: "500000"}
rate: {type: str, default: "12.5"}
_templates_suffix: .jinja
YAML
cat > "$CP/flow.json.jinja" <<'JSON'
{"version": "7.3", "screens": [{"id": "OFFER", "title": "{{brand}}", "terminal": true,
 "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "{{amount}} {{currency}} at {{rate}}%"}]}}]}
JSON
printf '# {{brand}}\n' > "$CP/README.md.jinja"

run_flowgen() { rm -rf "$WORK/o1"; "$FLOWGEN" new "$UC" "$WORK/o1" --no-input >/dev/null 2>&1; }
run_cookiecutter() { rm -rf "$WORK/o2"; mkdir -p "$WORK/o2"; "$WORK/venv/bin/cookiecutter" --no-input -o "$WORK/o2" "$CC" >/dev/null 2>&1; }
run_copier() { rm -rf "$WORK/o3"; "$WORK/venv/bin/copier" copy --defaults --quiet "$CP" "$WORK/o3" >/dev/null 2>&1; }
export -f run_flowgen run_cookiecutter run_copier
export FLOWGEN UC WORK CC CP

# mean milliseconds of a function over $RUNS runs (after one warm-up)
measure() {
  local fn="$1" start end
  "$fn"
  start=$(date +%s%N)
  for _ in $(seq "$RUNS"); do "$fn"; done
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000 / $RUNS" | bc
}

if command -v hyperfine >/dev/null 2>&1 || { apt-get install -y -qq hyperfine >/dev/null 2>&1 && command -v hyperfine >/dev/null 2>&1; }; then
  # Each tool is run directly (-N, no shell in the timing); the output folder is removed in --prepare,
  # outside the timed part, the same way for all three.
  mkdir -p "$WORK/o2"
  hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/h.json" -N \
    --prepare "rm -rf $WORK/o1" "$FLOWGEN new $UC $WORK/o1 --no-input" \
    --prepare "rm -rf $WORK/o2/out" "$WORK/venv/bin/cookiecutter --no-input -o $WORK/o2 $CC" \
    --prepare "rm -rf $WORK/o3" "$WORK/venv/bin/copier copy --defaults --quiet $CP $WORK/o3" >/dev/null 2>&1 || true
fi
if [ -s "$WORK/h.json" ]; then
  read -r F C P < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(*[round(x["mean"]*1000,3) for x in r])' "$WORK/h.json")
  TOOL=hyperfine
else
  F=$(measure run_flowgen); C=$(measure run_cookiecutter); P=$(measure run_copier)
  TOOL="date loop"
fi
echo "timing with $TOOL, $RUNS runs, use case $UC"
printf '%-14s %9s ms per scaffold\n' flowgen "$F" cookiecutter "$C" copier "$P"
printf 'cookiecutter / flowgen = %sx\n' "$(echo "scale=1; $C / $F" | bc)"
printf 'copier / flowgen       = %sx\n' "$(echo "scale=1; $P / $F" | bc)"
awk -v f="$F" 'BEGIN { if (f < 20) print "goal under 20 ms: met"; else print "goal under 20 ms: NOT met" }'
