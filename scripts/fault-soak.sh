#!/usr/bin/env bash
# The fault suite's larger soak: more sandboxes (seeds), more faults per sync, optionally the
# large hotel, and more SIGKILLs of a running `innkeep-cli sync`. Reports land in
# target/fault-suite/ (report.json, report.md, kill.json), as in CI.
#
#   bash scripts/fault-soak.sh                 # 5 seeds, 4 faults per sync, 20 kills
#   FAULT_SUITE_SEEDS=20 FAULT_SUITE_SCALE=large FAULT_SUITE_KILLS=50 bash scripts/fault-soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export FAULT_SUITE_SEEDS="${FAULT_SUITE_SEEDS:-5}"
export FAULT_SUITE_FAULTS="${FAULT_SUITE_FAULTS:-4}"
export FAULT_SUITE_SCALE="${FAULT_SUITE_SCALE:-demo}"
export FAULT_SUITE_KILLS="${FAULT_SUITE_KILLS:-20}"
export FAULT_SUITE_SEED="${FAULT_SUITE_SEED:-11}"

echo "==> fault suite: $FAULT_SUITE_SEEDS seeds, $FAULT_SUITE_FAULTS faults per sync, scale $FAULT_SUITE_SCALE"
cargo test -p innkeep-services --test fault_suite -- --nocapture

echo "==> kill test: $FAULT_SUITE_KILLS kills (needs a keyring: a private D-Bus session with gnome-keyring)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash -c '
    echo -n innkeep-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    REQUIRE_SECRET_SERVICE=1 cargo test -p innkeep-cli --test kill_mid_sync -- --nocapture'

target="${CARGO_TARGET_DIR:-target}"
echo "==> reports: $target/fault-suite/"
cat "$target/fault-suite/report.md"
