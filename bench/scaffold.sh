#!/usr/bin/env bash
# Times `flowgen new <uc> --no-input` against cookiecutter and copier generating an equivalent
# small template (one JSON file + README from a few variables), and prints the ratios.
# Usage: bench/scaffold.sh [use-case] [runs]   (defaults: loan-offer 30; ROUNDS=3)
set -euo pipefail
UC="${1:-loan-offer}"
RUNS="${2:-30}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
# Outputs go to a tmpfs when there is one (OUT_PARENT overrides): this machine's ext4 gets several
# times slower at creating directories when hundreds are made per second, which is the benchmark
# loop, not a scaffold. All three tools write to the same place.
OUT_PARENT="${OUT_PARENT:-$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$WORK")}"
OUT="$(mktemp -d -p "$OUT_PARENT")"
trap 'rm -rf "$WORK" "$OUT"' EXIT

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

# The machine's speed can drift between minutes (shared cores), so the three tools are timed
# together in each of $ROUNDS rounds (flowgen before and after the other two, averaged) and the
# ratios are taken per round; the median round is reported.
ROUNDS="${ROUNDS:-3}"
if ! command -v hyperfine >/dev/null 2>&1; then
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
command -v hyperfine >/dev/null 2>&1 || { echo "bench/scaffold.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
mkdir -p "$OUT/o2"
for round in $(seq "$ROUNDS"); do
  # Each tool is run directly (-N, no shell in the timing); the output folder is removed in
  # --prepare, outside the timed part, the same way for all three.
  hyperfine --warmup 3 --runs "$RUNS" --export-json "$WORK/h$round.json" -N \
    --prepare "rm -rf $OUT/o1" "$FLOWGEN new $UC $OUT/o1 --no-input" \
    --prepare "rm -rf $OUT/o2/out" "$WORK/venv/bin/cookiecutter --no-input -o $OUT/o2 $CC" \
    --prepare "rm -rf $OUT/o3" "$WORK/venv/bin/copier copy --defaults --quiet $CP $OUT/o3" \
    --prepare "rm -rf $OUT/o1" "$FLOWGEN new $UC $OUT/o1 --no-input" >/dev/null
done
python3 - "$UC" "$RUNS" "$(df -T "$OUT" | awk 'NR==2 {print $2}')" "$WORK"/h*.json <<'PY'
import json, statistics, sys
uc, runs, fs, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rounds = []
for f in files:
    r = json.load(open(f))["results"]
    f1, c, p, f2 = (x["mean"] * 1000 for x in r)
    rounds.append([(f1 + f2) / 2, c, p])
print(f"hyperfine, {len(rounds)} rounds x {runs} runs, use case {uc}, output on {fs} (baseline: cookiecutter and copier)")
print(f"{'round':>5} {'flowgen ms':>11} {'cookiecutter ms':>16} {'copier ms':>10} {'cc/flowgen':>11} {'copier/flowgen':>15}")
for i, (f, c, p) in enumerate(rounds, 1):
    print(f"{i:>5} {f:>11.3f} {c:>16.3f} {p:>10.3f} {c / f:>10.1f}x {p / f:>14.1f}x")
med = lambda xs: statistics.median(xs)
f = med([r[0] for r in rounds])
cc = med([r[1] / r[0] for r in rounds])
cp = med([r[2] / r[0] for r in rounds])
print(f"median: flowgen {f:.3f} ms per scaffold; cookiecutter / flowgen = {cc:.1f}x; copier / flowgen = {cp:.1f}x")
print("goal under 20 ms per scaffold:", "met" if f < 20 else "NOT met")
print("goal at least 30x faster than either:", "met" if min(cc, cp) >= 30 else "NOT met")
PY
