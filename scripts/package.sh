#!/usr/bin/env bash
# Builds Innkeep's Linux packages, a .deb and a .rpm, in target/release/bundle/{deb,rpm}/.
#
#   bash scripts/package.sh            # build both packages
#   bash scripts/package.sh --check    # build them, then install each into a clean folder, start
#                                      # the installed binary under Xvfb and check it shows the demo
#                                      # hotel (screenshots in target/packages/)
#   SKIP_BUILD=1 bash scripts/package.sh --check    # check the packages already built
#
# No AppImage: bundling one downloads tools at bundle time, which these machines cannot. Windows
# (.msi, NSIS) and macOS (.app, .dmg) bundles are configured in tauri.conf.json and build with
# `tauri build` on those systems.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    *) echo "usage: bash scripts/package.sh [--check]" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\n==> %s\n' "$*"; }
target=${CARGO_TARGET_DIR:-$PWD/target}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "Building the UI and the app (release: link-time optimised, several minutes)"
  (cd ui && npm run build)
  cargo build --release --features tauri/custom-protocol --bin innkeep
  say "Packing the .deb and the .rpm"
  # `tauri bundle` packs the binary just built (`tauri build` would build it again).
  ui/node_modules/.bin/tauri bundle --bundles deb,rpm
fi
# One version for everything: [workspace.package] in Cargo.toml (tauri.conf.json names none, so
# Tauri takes the app crate's).
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
deb="$target/release/bundle/deb/Innkeep_${version}_amd64.deb"
rpm="$target/release/bundle/rpm/Innkeep-${version}-1.x86_64.rpm"
for f in "$deb" "$rpm"; do
  [ -f "$f" ] || { echo "package.sh: $f was not made" >&2; exit 1; }
  echo "$(basename "$f"): $(du -h "$f" | cut -f1)"
done
[ "$check" = 1 ] || exit 0

# Each package is unpacked into a clean folder (what dpkg or rpm would put under /), its files are
# checked, and its binary is started with a fresh data folder: a first start, in demo mode.
out="$target/packages"
rm -rf "$out"
mkdir -p "$out"
fail=0
check_package() {
  local kind=$1 file=$2 root="$out/$1-root"
  say "Checking the $kind: installed into a clean folder, started under Xvfb"
  mkdir -p "$root"
  case "$kind" in
    deb) dpkg-deb -x "$file" "$root" ;;
    rpm) (cd "$root" && rpm2cpio "$file" | cpio -idm --quiet) ;;
  esac
  local entry="$root/usr/share/applications/Innkeep.desktop"
  for f in "$root/usr/bin/innkeep" "$entry" "$root/usr/share/icons/hicolor/128x128/apps/innkeep.png"; do
    [ -e "$f" ] || { echo "$kind: missing ${f#"$root"}" >&2; return 1; }
  done
  grep -q '^Exec=innkeep' "$entry" && grep -q '^Name=Innkeep' "$entry" && grep -q '^Icon=innkeep' "$entry" ||
    { echo "$kind: the desktop entry does not start Innkeep by name with its icon:" >&2; cat "$entry" >&2; return 1; }
  INNKEEP_DATA_DIR="$out/$kind-data" XDG_DATA_HOME="$out/$kind-share" XDG_CONFIG_HOME="$out/$kind-config" \
    XDG_CACHE_HOME="$out/$kind-cache" xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash -c '
      bin=$1; shot=$2
      echo -n innkeep-package-check | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
      "$bin" >"$shot.log" 2>&1 & pid=$!
      # Shown: the reservation table'"'"'s area is mostly light and holds a share of dark text (as
      # bench/app.sh tells a painted window), and the demo hotel'"'"'s rows have come in.
      for _ in $(seq 1 120); do
        sleep 0.5
        kill -0 $pid 2>/dev/null || { echo "the app exited" >&2; exit 1; }
        import -window root "$shot" 2>/dev/null || continue
        dark=$(convert "$shot" -crop 1000x400+220+300 +repage -threshold 50% -format "%[fx:(1-mean)*100]" info: 2>/dev/null || echo 0)
        if awk -v d="$dark" "BEGIN{exit !(d > 1 && d < 40)}"; then
          sleep 3
          import -window root "$shot"
          kill $pid; wait $pid 2>/dev/null || true
          exit 0
        fi
      done
      kill $pid 2>/dev/null || true
      echo "the window never showed the reservations" >&2
      exit 1
    ' _ "$root/usr/bin/innkeep" "$out/$kind.png" || { echo "$kind: see $out/$kind.png and $out/$kind.png.log" >&2; return 1; }
  # The demo hotel reached the cache: the first start synced the demo accounts.
  local stays
  stays=$(sqlite3 "$out/$kind-data/innkeep.db" "SELECT count(*) FROM reservations" 2>/dev/null || echo 0)
  [ "$stays" -gt 0 ] || { echo "$kind: the first start cached no reservations" >&2; return 1; }
  echo "$kind: starts and shows the demo hotel, $stays reservations cached (screenshot: $out/$kind.png)"
}
check_package deb "$deb" || fail=1
check_package rpm "$rpm" || fail=1
exit $fail
