#!/usr/bin/env bash
# Installs what building, running and testing Innkeep needs on Debian 12 (or Ubuntu 22.04+):
# the WebKitGTK and D-Bus libraries, Xvfb, gnome-keyring, WebKitWebDriver, Rust and Node.js
# if missing, tauri-driver, and the UI's npm packages. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_PACKAGES=(
  build-essential pkg-config curl file ca-certificates libssl-dev
  libwebkit2gtk-4.1-dev   # the webview Tauri renders in (pulls GTK 3, libsoup 3, libdbus)
  dbus                    # dbus-run-session: a private session bus for the keyring and the app
  gnome-keyring           # a real Secret Service for credentials
  webkit2gtk-driver       # WebKitWebDriver, driven by tauri-driver in end-to-end tests
  xvfb xauth              # a display for the app in tests and on headless machines
  imagemagick x11-apps    # screenshots of the running app
  xdotool e2fsprogs       # the export test answers the native save dialog; chattr makes a folder read-only for root
  rpm2cpio cpio sqlite3   # scripts/package.sh --check unpacks the .rpm and reads the cache it made
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] || {
    say "Installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
  }
  export PATH="$HOME/.cargo/bin:$PATH"
fi

node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  say "Installing Node.js from Debian"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends nodejs npm
  node_ok || { echo "Innkeep's UI build (Vite 8) needs Node.js 20.19+ or 22.12+; this machine has $(node --version). Install a newer Node.js (e.g. from nodejs.org) and run again." >&2; exit 1; }
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  say "Installing tauri-driver 2 (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --version '^2' --locked
fi

# cargo-deny checks the dependency tree's licenses and duplicate crates (deny.toml).
CARGO_DENY_VERSION=0.20.2
if ! cargo install --list | grep -qx "cargo-deny v$CARGO_DENY_VERSION:"; then
  say "Installing cargo-deny $CARGO_DENY_VERSION (dependency licenses and duplicates)"
  cargo install cargo-deny --version "=$CARGO_DENY_VERSION" --locked
fi

say "Installing the UI's npm packages"
(cd ui && npm ci --no-audit --no-fund)
