#!/usr/bin/env bash
# CI: build the Linux one-folder bundle from this checkout and smoke-test the frozen program.
#
#   bash installer/ci.sh          (about 2 minutes on the 2-core build machine)
#
# Installs the system packages the build and the test need when missing (as .ci/run does),
# runs installer/build_linux.sh (a clean venv in installer/build/venv, the bundle in
# installer/dist/shiraoka-dx), then installer/smoke_test.sh on it.  The figures (bundle size,
# start-up times) are printed and kept in installer/dist/smoke-figures.txt.  Exit status 0
# only if the bundle was built and every smoke test passed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's run-time libraries (xcb and offscreen), binutils for PyInstaller (objdump, strip), and
# Xvfb, xdotool and xwininfo for the window test on a real X server.
packages=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
  binutils xvfb xdotool x11-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

started=$(date +%s)
installer/build_linux.sh
SMOKE_FIGURES=installer/dist/smoke-figures.txt RUNS="${RUNS:-5}" installer/smoke_test.sh installer/dist/shiraoka-dx
installer/survey_smoke_test.sh installer/dist/shiraoka-dx
echo "== installer CI done in $(($(date +%s) - started)) s"
