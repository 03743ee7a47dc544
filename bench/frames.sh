#!/usr/bin/env bash
# The timeline's frame times in the real webview (issue 7, item 6): builds the UI and the app,
# then runs tests/bench/frames.rs under Xvfb, which writes the part file with
# webview.timeline_frame_p95. See bench/README.md.
#
#   bash bench/frames.sh quick|full OUT.json
#
# quick: one round of the four scroll passes; full: three. Both measure the large hotel (300 rooms):
# the figure is about 300 rooms, and a smaller hotel would not show what it costs.
set -euo pipefail
mode=${1:?usage: bench/frames.sh quick|full OUT.json}
out=${2:?usage: bench/frames.sh quick|full OUT.json}
case "$mode" in quick | full) ;; *) echo "bench/frames.sh: the mode is quick or full, not $mode" >&2; exit 2 ;; esac
out=$(realpath -m "$out")
cd "$(dirname "$0")/.."
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build >/dev/null)
touch src-tauri/src/lib.rs
cargo build --features tauri/custom-protocol --bin innkeep
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash -c '
  echo -n innkeep-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  REQUIRE_E2E=1 cargo test --features tauri/custom-protocol --test bench-frames -- "$1" "$2"' _ "$mode" "$out"
