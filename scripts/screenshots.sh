#!/usr/bin/env bash
# Takes the guides' screenshots from the real app: runs the end-to-end tests that visit every
# screen (tests/e2e/screens.rs), the desk's day with the provider gone at the end (tests/e2e/desk.rs)
# and the providers connected through the form (tests/e2e/providers.rs) under Xvfb, then copies their screenshots into docs/screenshots/ under the names the guides use.
#
#   bash scripts/screenshots.sh
#
# Run it after a change to the UI and commit the pictures that changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
target=${CARGO_TARGET_DIR:-$PWD/target}

(cd ui && npm run build)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash -c '
    echo -n innkeep-screenshots | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    REQUIRE_E2E=1 cargo test --features tauri/custom-protocol --test e2e -- every_screen_in_both_themes demo_hotel_book_cancel_and_offline every_provider_connect_see_book_cancel'

shots="$target/e2e-screenshots"
# docs/screenshots/NAME.png  <-  the test's screenshot
pairs=(
  "reservations:screens/light-reservations"
  "reservation:screens/light-detail"
  "today:screens/light-today"
  "today-dark:screens/dark-today"
  "timeline:screens/light-timeline"
  "guests:screens/light-guests"
  "accounts:screens/light-accounts"
  "activity:screens/light-activity"
  "settings:screens/light-settings"
  "new-booking:screens/light-booking"
  "offline:demo/05-offline"
  "replace-credentials:providers/reservanto-6-replace-credentials"
)
mkdir -p docs/screenshots
for pair in "${pairs[@]}"; do
  name=${pair%%:*} from="$shots/${pair#*:}.png"
  [ -s "$from" ] || { echo "screenshots.sh: the tests made no $from" >&2; exit 1; }
  cp "$from" "docs/screenshots/$name.png"
  echo "docs/screenshots/$name.png"
done
