#!/usr/bin/env bash
# Runs Innkeep's benchmark suite and writes the figures: every figure against its baseline,
# measured side by side in this run (these machines are noisy), as ratios.
#
#   bash scripts/bench.sh            # quick: the medium hotel (300 rooms, ~20,000 reservations)
#   bash scripts/bench.sh --full     # the large hotel (300 rooms, ~100,000 reservations)
#
# Only some steps: BENCH_STEPS="sync store" (of sync, store, app, frames). See BENCHMARKS.md.
#
# Output: target/bench/results.json (every figure, and the ratios by name) and the table in
# BENCHMARKS.md. Each step writes its own part file to target/bench/parts/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=quick
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    *) echo "usage: bash scripts/bench.sh [--quick|--full]" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s\n' "$*"; }
steps=${BENCH_STEPS:-sync store app frames}
wants() { [[ " $steps " == *" $1 "* ]]; }

out=target/bench
# Parts of steps not run this time stay from the last run, so the report shows every figure.
mkdir -p "$out/parts"

step "Build the bench tools (release)"
cargo build --release -p innkeep-bench
bench=target/release/innkeep-bench

wants sync && step "Sync: requests against the API's minimum, time against the latency and rate-limit floor"
wants sync && "$bench" sync --mode "$mode" --out "$out/parts/sync.json"

wants store && step "Cache: writes against a raw SQLite insert of the same rows; the screens' reads on that cache"
wants store && "$bench" store --mode "$mode" --out "$out/parts/store.json"

wants app && step "App: cold start, idle memory and .deb size against a bare Tauri app built in this run"
wants app && bash bench/app.sh "$mode" "$out/parts/app.json"

wants frames && step "Webview: the timeline's frame times while scrolling 300 rooms x 365 nights"
wants frames && bash bench/frames.sh "$mode" "$out/parts/frames.json"

step "Report"
"$bench" report --mode "$mode" --parts "$out/parts" --out "$out/results.json" --markdown BENCHMARKS.md
echo "Figures: $out/results.json; table: BENCHMARKS.md"
