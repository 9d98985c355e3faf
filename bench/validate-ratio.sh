#!/usr/bin/env bash
# Validation time vs. plain JSON parsing, per real file.
#
#   bench/validate-ratio.sh           run `cargo bench -p flowgen --bench validate` (release), then report
#   bench/validate-ratio.sh --report  only report from the last run (target/criterion/*/*/new/estimates.json)
#   bench/validate-ratio.sh --process whole-process time only (see below)
#
# Baseline: "serde_json::Value parse" of the file's bytes; measured: "flowgen::lint::check" of the
# same text. Prints per file the mean times, the ratio check/parse and the geometric mean ratio.
# The shared corpus is found at ../shared next to the workspace, or via FLOWGEN_SHARED.
#
# Then (and with --process) the whole process on Meta's 2.7 MB insurance template: the release
# `flowgen validate FILE` against `jq empty FILE` in one hyperfine run, printing the ratio of the
# mean wall times and of the mean CPU times (user + system; steadier on a busy machine).
# Goal: validate within 2x of the serde_json parse, and at most 0.2x of jq's time.
set -euo pipefail
cd "$(dirname "$0")/.."
# Criterion resolves a relative CARGO_TARGET_DIR from the package folder, cargo from here.
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$(realpath -m "$CARGO_TARGET_DIR")"
fi
shared="${FLOWGEN_SHARED:-../shared}"
process() {
  local file="$shared/meta-templates/insurance-quote.json"
  command -v hyperfine >/dev/null && command -v jq >/dev/null || { echo "hyperfine and jq are needed for the process timing" >&2; return 0; }
  [ -f "$file" ] || { echo "no $file" >&2; return 0; }
  cargo build --release -p flowgen --bin flowgen >&2
  local bin="${CARGO_TARGET_DIR:-target}/release/flowgen" out
  out="$(mktemp)"
  hyperfine -N --warmup 5 --runs "${RUNS:-60}" --export-json "$out" \
    "$bin validate $file" "jq empty $file" >&2
  python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
f, j = r[0], r[1]
cpu = lambda b: b["user"] + b["system"]
print(f"insurance-quote.json, whole process: flowgen {f['mean']*1e3:.1f} ms (cpu {cpu(f)*1e3:.1f} ms), "
      f"jq {j['mean']*1e3:.1f} ms (cpu {cpu(j)*1e3:.1f} ms); "
      f"ratio wall {f['mean']/j['mean']:.2f}, median {f['median']/j['median']:.2f}, cpu {cpu(f)/cpu(j):.2f}")
PY
  rm -f "$out"
}
if [ "${1:-}" = "--process" ]; then
  process
  exit 0
fi
if [ "${1:-}" != "--report" ]; then
  cargo bench -p flowgen --bench validate -- --noplot >&2
fi
target="${CARGO_TARGET_DIR:-target}/criterion"
[ -d "$target" ] || { echo "no criterion results in $target" >&2; exit 1; }
python3 - "$target" <<'PY'
import json, math, os, sys
root = sys.argv[1]
BASE, CHECK = "serde_json::Value parse", "flowgen::lint::check"
rows = {}
for dirpath, _, files in os.walk(root):
    if "benchmark.json" in files and os.path.basename(dirpath) == "new":
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            b = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            mean = json.load(f)["mean"]["point_estimate"]
        rows.setdefault(b["group_id"], {})[b.get("function_id") or ""] = mean
def fmt(ns):
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= div:
            return f"{ns / div:8.2f} {unit}"
    return f"{ns:8.0f} ns"
ratios = []
print(f"{'file':<72} {'parse':>11} {'validate':>11} {'ratio':>7}")
for group in sorted(rows):
    r = rows[group]
    if BASE not in r or CHECK not in r:
        continue
    ratio = r[CHECK] / r[BASE]
    ratios.append(ratio)
    print(f"{group[:72]:<72} {fmt(r[BASE])} {fmt(r[CHECK])} {ratio:7.2f}")
if not ratios:
    sys.exit("no groups with both benchmarks found")
geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
print(f"{'geometric mean ratio (' + str(len(ratios)) + ' files)':<72} {'':>11} {'':>11} {geo:7.2f}")
PY
[ "${1:-}" = "--report" ] || process
