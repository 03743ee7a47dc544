#!/usr/bin/env bash
# Runs Innkeep's benchmark suite and writes the figures: every figure against its baseline,
# measured side by side in this run (these machines are noisy), as ratios.
#
#   bash scripts/bench.sh            # quick: a few minutes, the 10,000-reservation hotel
#   bash scripts/bench.sh --full     # the large hotel (100,000 reservations); see BENCHMARKS.md
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

out=target/bench
rm -rf "$out/parts"
mkdir -p "$out/parts"

step "Build the bench tools (release)"
cargo build --release -p innkeep-bench
bench=target/release/innkeep-bench

step "Sync: requests against the API's minimum, time against the latency and rate-limit floor"
"$bench" sync --mode "$mode" --out "$out/parts/sync.json"

# BENCH_STEPS

step "Report"
"$bench" report --mode "$mode" --parts "$out/parts" --out "$out/results.json" --markdown BENCHMARKS.md
echo "Figures: $out/results.json; table: BENCHMARKS.md"
