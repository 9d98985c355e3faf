#!/usr/bin/env bash
# Times `flowgen update` on an edited loan-offer project (Node endpoint) against `copier update` on
# the equivalent template, in the same hyperfine run, and prints the median ratio.
#
# The equivalent copier template is the flowgen project itself: every generated file, flow.json and
# README.md rendered by Jinja from the brand, the rest copied. Both sides then see the same change:
# template v2 changes one text of flow.json (the UPI helper), and the owner has changed another text
# of flow.json and the endpoint's handler. copier needs the project and the template in git (a
# tagged template, a clean project); flowgen needs neither. Each timed run starts from the edited
# project (restored in --prepare, outside the timing), so every run does the full merge.
# Usage: bench/update.sh [runs]   (default 10; ROUNDS=3)
set -euo pipefail
RUNS="${1:-10}"
ROUNDS="${ROUNDS:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
# On a tmpfs when there is one (OUT_PARENT overrides), for the reason bench/scaffold.sh gives.
OUT_PARENT="${OUT_PARENT:-$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$WORK")}"
OUT="$(mktemp -d -p "$OUT_PARENT")"
trap 'rm -rf "$WORK" "$OUT"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
git_q() { git -c init.defaultBranch=main -c advice.detachedHead=false "$@" >/dev/null; }

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p flowgen
FLOWGEN="$ROOT/target/release/flowgen"
command -v hyperfine >/dev/null 2>&1 || { echo "bench/update.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet copier
COPIER="$WORK/venv/bin/copier"

OLD_TEXT='For example name@bank'
NEW_TEXT='For example yourname@okbank'
owner_edits() {  # $1: project dir
  sed -i 's/"Submit application"/"Send my application"/' "$1/flow.json"
  sed -i '1i // owner: our own eligibility rule' "$1/endpoint/node/src/handler.js"
}

# flowgen: the project, the owner's edits, a forked template folder (v2, one changed text).
"$FLOWGEN" new loan-offer "$OUT/fg.orig" --no-input --endpoint node >/dev/null
owner_edits "$OUT/fg.orig"
cp -r "$ROOT/templates" "$WORK/templates"
sed -i 's/^template_version: 1$/template_version: 2/' "$WORK/templates/loan-offer/manifest.yaml"
sed -i "s/upi_helper: $OLD_TEXT/upi_helper: $NEW_TEXT/" "$WORK/templates/loan-offer/locales/en_US.yaml"

# copier: the same files as a tagged template (v1, then v2 with the same change).
CP="$WORK/copier-template"
mkdir -p "$CP"
(cd "$OUT/fg.orig/.flowgen/base" && cp -r . "$CP/")
BRAND="$(jq -r '.params.brand' "$CP/endpoint/node/config.json")"
for f in flow.json README.md; do
  sed "s/$BRAND/{{ brand }}/g" "$CP/$f" > "$CP/$f.jinja" && rm "$CP/$f"
done
cat > "$CP/copier.yml" <<YAML
brand: {type: str, default: "$BRAND"}
_templates_suffix: .jinja
YAML
printf '{{ _copier_answers|to_nice_yaml -}}\n' > "$CP/{{ _copier_conf.answers_file }}.jinja"
(cd "$CP" && git_q init && git_q add -A && git_q commit -m v1 && git_q tag v1)
"$COPIER" copy --defaults --quiet --vcs-ref v1 "$CP" "$OUT/cp"
sed -i "s/$OLD_TEXT/$NEW_TEXT/" "$CP/flow.json.jinja"
(cd "$CP" && git_q commit -am v2 && git_q tag v2)
(cd "$OUT/cp" && git_q init && git_q add -A && git_q commit -m generated)
owner_edits "$OUT/cp"
(cd "$OUT/cp" && git_q commit -am edited && git_q tag edited)

# Each side's result is checked once before timing: both merge cleanly and keep both changes.
cp -a "$OUT/fg.orig" "$OUT/fg"
"$FLOWGEN" update "$OUT/fg" --templates "$WORK/templates" >/dev/null
"$COPIER" update --defaults --quiet --vcs-ref v2 "$OUT/cp" >/dev/null 2>&1
for p in "$OUT/fg" "$OUT/cp"; do
  grep -q "$NEW_TEXT" "$p/flow.json" && grep -q "Send my application" "$p/flow.json" \
    && grep -q "owner: our own" "$p/endpoint/node/src/handler.js" \
    || { echo "bench/update.sh: $p did not merge both changes" >&2; exit 1; }
done

cat > "$WORK/reset-fg" <<SH
rm -rf "$OUT/fg" && cp -a "$OUT/fg.orig" "$OUT/fg"
SH
cat > "$WORK/reset-cp" <<SH
git -C "$OUT/cp" reset -q --hard edited && git -C "$OUT/cp" clean -qfdx
SH
for round in $(seq "$ROUNDS"); do
  # flowgen before and after copier (averaged), as bench/scaffold.sh does; -N: no shell in the timing.
  hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/h$round.json" -N \
    --prepare "bash $WORK/reset-fg" "$FLOWGEN update $OUT/fg --templates $WORK/templates" \
    --prepare "bash $WORK/reset-cp" "$COPIER update --defaults --quiet --vcs-ref v2 $OUT/cp" \
    --prepare "bash $WORK/reset-fg" "$FLOWGEN update $OUT/fg --templates $WORK/templates" >/dev/null
done
python3 - "$RUNS" "$(df -T "$OUT" | awk 'NR==2 {print $2}')" "$WORK"/h*.json <<'PY'
import json, statistics, sys
runs, fs, files = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds = []
for f in files:
    r = json.load(open(f))["results"]
    wall = [x["median"] * 1000 for x in r]
    cpu = [(x["user"] + x["system"]) * 1000 for x in r]
    rounds.append(((wall[0] + wall[2]) / 2, wall[1], (cpu[0] + cpu[2]) / 2, cpu[1]))
print(f"hyperfine, {len(rounds)} rounds x {runs} runs, edited loan-offer project (node endpoint), on {fs}")
print("(wall = median wall-clock time; cpu = mean user+system time, which a busy machine disturbs less)")
print(f"{'round':>5} {'flowgen wall ms':>16} {'copier wall ms':>15} {'ratio':>7} {'flowgen cpu ms':>15} {'copier cpu ms':>14}")
for i, (f, c, fc, cc) in enumerate(rounds, 1):
    print(f"{i:>5} {f:>16.2f} {c:>15.1f} {c / f:>6.1f}x {fc:>15.2f} {cc:>14.1f}")
f = statistics.median(r[0] for r in rounds)
ratio = statistics.median(r[1] / r[0] for r in rounds)
fc = statistics.median(r[2] for r in rounds)
print(f"median: flowgen update {f:.2f} ms wall ({fc:.2f} ms cpu); copier update / flowgen update = {ratio:.1f}x")
print("goal under 50 ms:", "met" if f < 50 else "NOT met")
print("goal at least 30x faster than copier update:", "met" if ratio >= 30 else "NOT met")
PY
