#!/usr/bin/env bash
# Sets everything up and runs every test: format and lint checks, the UI's type check and unit
# tests, the Rust unit and integration tests (a real SQLite file, the sandboxes over real HTTP,
# the real Secret Service), and the end-to-end tests of the real app through tauri-driver and
# WebKitWebDriver under Xvfb, and the .deb and .rpm packages built and started from clean
# folders. The same command runs in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check, unit tests, build"
(cd ui && npm run typecheck && npm test && npm run build)

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --features tauri/custom-protocol -- -D warnings

step "Dependencies: licenses and duplicates (cargo-deny, offline)"
# Advisories are left out: they need the advisory database from the network. See deny.toml.
# cargo-deny reads every crate of the lock file, other platforms' too, which a Linux build never
# downloads: fetch them first (a no-op when they are there).
cargo fetch --locked --quiet
cargo deny --color never --locked --offline check licenses bans sources

step "Rust: build the app and the tests"
cargo test --workspace --features tauri/custom-protocol --no-run

step "Rust: every test, with a real keyring and a virtual display"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash -c '
    echo -n innkeep-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    # One invocation with the same features as the build above, so nothing compiles twice.
    # A failing end-to-end test prints its step log (how far it got, and when).
    REQUIRE_SECRET_SERVICE=1 REQUIRE_E2E=1 cargo test --workspace --features tauri/custom-protocol'

step "Packages: the .deb and the .rpm built, installed into clean folders and started"
bash scripts/package.sh --check

step "Generated TypeScript bindings are up to date"
if [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  git status --short -- ui/src/bindings
  echo "ui/src/bindings changed when the tests regenerated them: commit the new files." >&2
  exit 1
fi
