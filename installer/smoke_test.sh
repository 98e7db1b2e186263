#!/usr/bin/env bash
# Smoke-test a frozen one-folder build, headless, and measure it.
#
#   installer/smoke_test.sh [DIST_DIR]        (default: installer/dist/shiraoka-dx)
#   installer/smoke_test.sh PROGRAM           the same tests and timings for any shiraoka-dx
#                                             program, e.g. .venv/bin/shiraoka-dx (for comparison)
#
# Everything runs in a private temporary HOME (no real user data is touched):
#   1. --version
#   2. check --json on a fresh database (created from the bundled migrations and default data):
#      exit 0, "ok": true, every count non-zero
#   3. export xlsx and export csv (exit 0, files written), and export pdf and backup when the
#      program has them
#   4. import --dry-run --json of the workbook just exported (exit 0, nothing to change)
#   5. the main window, offscreen (QT_QPA_PLATFORM=offscreen): the program must still be running
#      once it is idle, must have loaded its write path (SQLAlchemy), which it does only after the
#      main window is shown, must end on SIGTERM (exit 143) and must leave no traceback on stderr
#   6. when Xvfb, xdotool and xwininfo are installed: the main window on a real X server (xcb):
#      it must be mapped with the application's title, and Ctrl+Q must close it with exit 0
#   7. Linux: every shared library in the bundle resolves (ldd)
# and prints the start-up times (median of RUNS runs) and the bundle size.
#
# Environment: RUNS (default 5) runs per timing; IDLE_MS (default 500) of no CPU use count as idle;
# WINDOW_TIMEOUT (default 60) seconds; SMOKE_XCB=0 skips step 6; SMOKE_FIGURES=FILE also writes
# the figures to FILE.  Exit status 0 only if all passed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-$here/dist/shiraoka-dx}"
if [ -d "$target" ]; then
  dist="$(cd "$target" && pwd)"
  exe="$dist/shiraoka-dx"
else
  dist="" # a program outside a bundle: no bundle checks
  exe="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"
fi
runs="${RUNS:-5}"
idle_ms="${IDLE_MS:-500}"
window_timeout="${WINDOW_TIMEOUT:-60}"
[ -x "$exe" ] || { echo "smoke_test.sh: no program at $exe" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/shiraoka-dx-smoke.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# A private user: data, settings and runtime folders in the temporary folder, and a user name
# already set so that the first start does not ask for one (a modal dialog would wait forever).
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share"
export XDG_CACHE_HOME="$tmp/home/.cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_CONFIG_HOME/ShiraokaCity" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"
printf '[user]\nname=smoke-test\n' >"$XDG_CONFIG_HOME/ShiraokaCity/shiraoka-dx.ini"
unset SHIRAOKA_DX_DB DISPLAY WAYLAND_DISPLAY
export QT_QPA_PLATFORM=offscreen
db="$tmp/fresh.sqlite"

failures=0
pass() { printf '  ok    %s\n' "$1"; }
fail() {
  printf '  FAIL  %s\n' "$1" >&2
  failures=$((failures + 1))
}
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk 'NF { v[++n] = $1 } END { if (n == 0) { print "n/a"; exit } m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; printf "%.3f", m }'; }
# CPU time (user + system, in clock ticks) a process has used so far.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo gone; }
no_traceback() { ! grep -Eq 'Traceback|Error:|ModuleNotFoundError|ImportError|Could not (load|find) the Qt platform plugin|Aborted|Segmentation' "$1"; }

echo "== smoke test of ${dist:-$exe}"
echo "   $("$exe" --version 2>&1)"

# --- 1, 2: check --json on a fresh database ------------------------------------------------------
echo "== check --json"
started=$(now)
status=0
"$exe" --db "$db" check --json >"$tmp/check.json" 2>"$tmp/check.err" || status=$?
fresh_check=$(seconds_since "$started")
# Every part of the default policy is there (none counted 0); the year's progress is empty until sections report.
if [ "$status" -eq 0 ] && grep -q '"ok": true' "$tmp/check.json" &&
  ! grep -Ev '"(evaluations|indicators|indicator_actuals)"' "$tmp/check.json" | grep -Eq '": 0,?$' &&
  no_traceback "$tmp/check.err"; then
  pass "fresh database created and checked in ${fresh_check} s: $(tr -d ' \n' <"$tmp/check.json" | grep -o '"initiatives":[0-9]*') initiatives, schema $(grep -o '"schema": "[^"]*"' "$tmp/check.json" | cut -d'"' -f4)"
else
  fail "check --json on a fresh database (exit $status)"
  cat "$tmp/check.json" "$tmp/check.err" >&2
fi

check_times=()
for _ in $(seq "$runs"); do
  started=$(now)
  if "$exe" --db "$db" check --json >/dev/null 2>&1; then
    check_times+=("$(seconds_since "$started")")
  else
    fail "check --json on the existing database"
  fi
done
check_median=$(printf '%s\n' "${check_times[@]}" | median)
((${#check_times[@]} != runs)) || pass "check --json on the existing database: median ${check_median} s (${check_times[*]})"

# --- 3: exports -----------------------------------------------------------------------------------
echo "== export"
started=$(now)
if "$exe" --db "$db" export xlsx "$tmp/out.xlsx" >"$tmp/export.out" 2>"$tmp/export.err" &&
  [ -s "$tmp/out.xlsx" ] && [ "$(head -c 2 "$tmp/out.xlsx")" = "PK" ] && no_traceback "$tmp/export.err"; then
  pass "export xlsx in $(seconds_since "$started") s: $(wc -c <"$tmp/out.xlsx") bytes"
else
  fail "export xlsx"
  cat "$tmp/export.out" "$tmp/export.err" >&2
fi
if "$exe" --db "$db" export csv "$tmp/out.csv" >/dev/null 2>"$tmp/csv.err" && [ -s "$tmp/out.csv" ]; then
  pass "export csv: $(wc -l <"$tmp/out.csv") lines"
else
  fail "export csv"
  cat "$tmp/csv.err" >&2
fi
if "$exe" export --help 2>/dev/null | grep -qw pdf; then
  # The printed roadmap: reportlab and the bundled BIZ UDPGothic.
  if "$exe" --db "$db" export pdf "$tmp/out.pdf" >/dev/null 2>"$tmp/pdf.err" &&
    [ "$(head -c 4 "$tmp/out.pdf")" = "%PDF" ] && no_traceback "$tmp/pdf.err"; then
    pass "export pdf: $(wc -c <"$tmp/out.pdf") bytes"
  else
    fail "export pdf"
    cat "$tmp/pdf.err" >&2
  fi
fi
if "$exe" --help 2>/dev/null | grep -qw backup; then
  mkdir -p "$tmp/copies"
  if "$exe" --db "$db" backup "$tmp/copies" >/dev/null 2>"$tmp/backup.err" &&
    [ -n "$(find "$tmp/copies" -type f -size +0)" ] && no_traceback "$tmp/backup.err"; then
    pass "backup: $(find "$tmp/copies" -type f | head -n 1 | xargs basename)"
  else
    fail "backup"
    cat "$tmp/backup.err" >&2
  fi
fi
for font in BIZUDPGothic-Regular.ttf BIZUDPGothic-Bold.ttf OFL.txt; do
  [ -n "$dist" ] || break
  if [ -f "$dist/_internal/resources/fonts/$font" ]; then
    pass "bundled resources/fonts/$font"
  elif [ -d "$dist/_internal/resources/fonts" ]; then
    fail "bundled resources/fonts/$font"
  fi
done

# --- 4: import the workbook back ------------------------------------------------------------------
echo "== import --dry-run"
status=0
"$exe" --db "$db" import "$tmp/out.xlsx" --dry-run --json >"$tmp/import.json" 2>"$tmp/import.err" || status=$?
if [ "$status" -eq 0 ] && no_traceback "$tmp/import.err"; then
  pass "import --dry-run --json of the exported workbook (exit 0)"
else
  fail "import --dry-run --json (exit $status)"
  head -c 2000 "$tmp/import.json" >&2
  cat "$tmp/import.err" >&2
fi

# --- 5: the window, offscreen ---------------------------------------------------------------------
# Start-up is the time until the program is up and idle: started, window built and shown, the
# write path loaded in the background, and then no CPU used for IDLE_MS.  The write path
# (SQLAlchemy) is imported only once the main window is shown (tests/test_layers.py), so seeing
# it loaded proves the window is up; a modal error box instead would leave it unloaded.
window_run() { # prints "idle_seconds shown_seconds"
  local log="$1" pid started ticks last_ticks last_change shown="" elapsed quiet
  started=$(now)
  "$exe" --db "$db" 2>"$log" &
  pid=$!
  pids+=("$pid")
  last_ticks=-1
  last_change=$(now)
  while :; do
    ticks=$(cpu_ticks "$pid")
    if [ "$ticks" = gone ]; then
      echo "exited"
      return 0
    fi
    if [ -z "$shown" ] && grep -q '/sqlalchemy/' "/proc/$pid/maps" 2>/dev/null; then
      shown=$(seconds_since "$started")
    fi
    if [ "$ticks" != "$last_ticks" ]; then
      last_ticks=$ticks
      last_change=$(now)
    fi
    quiet=$(awk -v a="$last_change" -v b="$(now)" 'BEGIN { printf "%d", (b - a) * 1000 }')
    if [ -n "$shown" ] && [ "$quiet" -ge "$idle_ms" ]; then
      break
    fi
    elapsed=$(seconds_since "$started")
    if awk -v e="$elapsed" -v t="$window_timeout" 'BEGIN { exit !(e > t) }'; then
      echo "timeout"
      kill -KILL "$pid" 2>/dev/null || true
      return 0
    fi
    sleep 0.01
  done
  idle=$(awk -v a="$started" -v b="$last_change" 'BEGIN { printf "%.3f", b - a }')
  sleep 1 # still alive a moment later?
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "exited"
    return 0
  fi
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  echo "$idle $shown $status"
}

echo "== main window, offscreen"
idle_times=()
shown_times=()
for run in $(seq "$runs"); do
  read -r idle shown status < <(window_run "$tmp/window-$run.err")
  if [ "$idle" = exited ] || [ "$idle" = timeout ]; then
    fail "window run $run: the program $idle before its window was up and idle"
    cat "$tmp/window-$run.err" >&2
    continue
  fi
  if [ "$status" -ne 143 ]; then
    fail "window run $run: exit $status on SIGTERM (expected 143)"
  fi
  if ! no_traceback "$tmp/window-$run.err"; then
    fail "window run $run: errors on stderr"
    cat "$tmp/window-$run.err" >&2
    continue
  fi
  idle_times+=("$idle")
  shown_times+=("$shown")
done
if ((${#idle_times[@]} == runs)); then
  pass "main window shown, program idle and ended by SIGTERM in all $runs runs"
  noise=$(grep -hv 'This plugin does not support propagateSizeHints' "$tmp"/window-*.err | sort -u || true)
  [ -z "$noise" ] || printf '        stderr said:\n%s\n' "$noise" | sed 's/^/        /'
fi
window_idle=$(printf '%s\n' "${idle_times[@]}" | median)
window_loaded=$(printf '%s\n' "${shown_times[@]}" | median)

# --- 6: the window on an X server -----------------------------------------------------------------
window_mapped="n/a"
if [ "${SMOKE_XCB:-1}" != 0 ] && command -v Xvfb >/dev/null && command -v xdotool >/dev/null &&
  command -v xwininfo >/dev/null; then
  echo "== main window on Xvfb (xcb)"
  # A display number of our own: a random high one, tried until an Xvfb of ours holds it.
  display=""
  for _ in $(seq 20); do
    candidate=":$((200 + RANDOM % 700))"
    # -noreset: by default the server resets when its last client leaves, refusing connections meanwhile.
    Xvfb "$candidate" -screen 0 1920x1080x24 -nolisten tcp -noreset >"$tmp/xvfb.log" 2>&1 &
    xvfb=$!
    pids+=("$xvfb")
    for _ in $(seq 100); do
      kill -0 "$xvfb" 2>/dev/null || break
      if DISPLAY="$candidate" xwininfo -root >/dev/null 2>&1; then
        sleep 0.2 # an Xvfb that lost the display to another one exits at once: make sure ours is alive
        kill -0 "$xvfb" 2>/dev/null && display="$candidate"
        break
      fi
      sleep 0.05
    done
    [ -z "$display" ] || break
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
  done
  xcb_runs=$runs
  [ -n "$display" ] || { fail "Xvfb did not start"; cat "$tmp/xvfb.log" >&2; xcb_runs=0; }
  mapped_times=()
  for run in $(seq "$xcb_runs"); do
    started=$(now)
    DISPLAY="$display" QT_QPA_PLATFORM=xcb "$exe" --db "$db" 2>"$tmp/xcb-$run.err" &
    pid=$!
    pids+=("$pid")
    window=""
    while [ -z "$window" ] && kill -0 "$pid" 2>/dev/null; do
      window=$(DISPLAY="$display" xdotool search --onlyvisible --pid "$pid" --name '白岡市DX推進' 2>/dev/null | head -n 1 || true)
      [ -n "$window" ] || sleep 0.01
      awk -v e="$(seconds_since "$started")" -v t="$window_timeout" 'BEGIN { exit !(e > t) }' && break
    done
    if [ -z "$window" ]; then
      kill -0 "$xvfb" 2>/dev/null || echo "        (the X server $display is gone: $(cat "$tmp/xvfb.log"))" >&2
      fail "xcb run $run: no main window"
      kill -KILL "$pid" 2>/dev/null || true
      cat "$tmp/xcb-$run.err" >&2
      continue
    fi
    mapped_times+=("$(seconds_since "$started")")
    sleep 1
    DISPLAY="$display" xdotool windowfocus --sync "$window" key --clearmodifiers ctrl+q 2>/dev/null || true
    status=0
    for _ in $(seq 500); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
    if kill -0 "$pid" 2>/dev/null; then
      fail "xcb run $run: Ctrl+Q did not close the window"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" || status=$?
    if [ "$status" -ne 0 ] || ! no_traceback "$tmp/xcb-$run.err"; then
      fail "xcb run $run: exit $status"
      cat "$tmp/xcb-$run.err" >&2
    fi
  done
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  if ((${#mapped_times[@]} == runs)); then
    window_mapped=$(printf '%s\n' "${mapped_times[@]}" | median)
    pass "main window mapped with its title and closed with Ctrl+Q (exit 0) in all $runs runs"
  fi
else
  echo "== main window on Xvfb: skipped (needs Xvfb, xdotool and xwininfo; apt-get install xvfb xdotool x11-utils)"
fi

# --- 7: shared libraries --------------------------------------------------------------------------
if [ -n "$dist" ] && command -v ldd >/dev/null; then
  echo "== shared libraries"
  internal="$dist/_internal"
  missing=$(find "$internal" -name '*.so*' -type f -print0 |
    LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" xargs -0 -n 50 ldd 2>/dev/null |
    grep 'not found' | sort -u || true)
  if [ -z "$missing" ]; then
    pass "every bundled library resolves its dependencies"
  else
    fail "unresolved libraries:"
    echo "$missing" >&2
  fi
fi

# --- Figures --------------------------------------------------------------------------------------
if [ -n "$dist" ]; then
  size="$(du -sh "$dist" | cut -f1) ($(du -sb "$dist" | cut -f1) bytes, $(find "$dist" -type f | wc -l) files)"
else
  size="n/a (not a bundle)"
fi
figures="== figures ($(uname -m), $(nproc) CPUs, $runs runs each, median; $(date -u +%Y-%m-%dT%H:%MZ))
bundle size                                   $size
check --json, fresh database (creates it)     ${fresh_check} s
check --json, existing database               ${check_median} s
window offscreen: write path loaded (shown)   ${window_loaded} s
window offscreen: up and idle                 ${window_idle} s
window on Xvfb: mapped with its title         ${window_mapped} s"
printf '\n%s\n' "$figures"
[ -z "${SMOKE_FIGURES:-}" ] || printf '%s\n' "$figures" >"$SMOKE_FIGURES"

if [ "$failures" -ne 0 ]; then
  echo "smoke test FAILED: $failures problem(s)" >&2
  exit 1
fi
echo "smoke test passed"
