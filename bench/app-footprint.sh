#!/usr/bin/env bash
# Measures the desktop app as a person meets it: time from launch until the window shows the
# demo hotel (first paint of the reservation list, found by polling the screen), and the idle
# memory of the whole process tree (app + WebKit processes) after it settled.
#
#   bash bench/app-footprint.sh [path/to/innkeep]     (default: target/release/innkeep)
#
# Needs Xvfb, dbus-run-session and ImageMagick (scripts/setup.sh installs them). Prints one JSON
# object; run it twice side by side with another build to compare (machines here are noisy).
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(realpath "${1:-target/release/innkeep}")
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure_once() {
  local n=$1
  INNKEEP_DATA_DIR="$work/data-$n" XDG_CONFIG_HOME="$work/config-$n" xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- bash -c '
      app=$1; out=$2
      start=$(date +%s.%N)
      "$app" >/dev/null 2>&1 & pid=$!
      # The reservation table is dark text on a light card: the first frame where that part of
      # the screen is mostly light (not the black root window before the app maps) but holds a
      # fair share of dark text is the moment the demo hotel is on screen.
      shown=""
      for _ in $(seq 1 300); do
        if import -window root -crop 1000x400+220+300 +repage "$out.png" 2>/dev/null; then
          dark=$(/usr/bin/convert "$out.png" -threshold 50% -format "%[fx:(1-mean)*100]" info: 2>/dev/null || echo 0)
          if awk -v d="$dark" "BEGIN{exit !(d > 1 && d < 40)}"; then shown=$(date +%s.%N); break; fi
        fi
        sleep 0.1
      done
      sleep 15
      total_rss=0; total_pss=0
      tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
      for p in $(tree $pid); do
        [ -r /proc/$p/smaps_rollup ] || continue
        rss=$(awk "/^Rss:/{print \$2}" /proc/$p/smaps_rollup); pss=$(awk "/^Pss:/{print \$2}" /proc/$p/smaps_rollup)
        total_rss=$((total_rss + rss)); total_pss=$((total_pss + pss))
      done
      kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
      echo "${start} ${shown:-0} ${total_rss} ${total_pss}" > "$out"
    ' _ "$app" "$work/result-$n" >/dev/null 2>&1
  cat "$work/result-$n"
}

results=()
for n in $(seq 1 "$runs"); do results+=("$(measure_once "$n")"); done
printf '%s\n' "${results[@]}" | awk -v app="$(basename "$app")" '
  { start=$1; shown=$2; rss+=$3; pss+=$4; if (shown > 0) { t=shown-start; times = times (times ? "," : "") sprintf("%.2f", t) } n++ }
  END { printf "{\"app\": \"%s\", \"runs\": %d, \"launch_to_reservations_s\": [%s], \"idle_tree_rss_mb\": %.0f, \"idle_tree_pss_mb\": %.0f}\n", app, n, times, rss/n/1024, pss/n/1024 }'
