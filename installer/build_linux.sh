#!/usr/bin/env bash
# Build the Linux one-folder bundle: installer/dist/shiraoka-dx/
#
#   installer/build_linux.sh
#
# Environment (all optional):
#   PYTHON               the interpreter for a new build venv (default: python3.11)
#   SHIRAOKA_BUILD_VENV  use this existing virtual environment instead of making a clean one;
#                        it must already hold the application (pip install . or -e .);
#                        only PyInstaller is added to it
#   WHEELHOUSE           install offline from this folder (pip --no-index --find-links)
#
# A clean venv is made in installer/build/venv each time, the application is installed into
# it from this checkout as a wheel (so the bundle holds what the wheel holds), PyInstaller
# runs installer/shiraoka-dx.spec, and the bundle's size is printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dist="$here/dist"
work="$here/build/pyinstaller"
python="${PYTHON:-python3.11}"
if ! command -v "$python" >/dev/null 2>&1 && [ -z "${PYTHON:-}" ] &&
  python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  python=python3
fi

pip_options=(--disable-pip-version-check --no-input -q)
if [ -n "${WHEELHOUSE:-}" ]; then
  pip_options+=(--no-index --find-links "$WHEELHOUSE")
fi

if [ -n "${SHIRAOKA_BUILD_VENV:-}" ]; then
  venv="$SHIRAOKA_BUILD_VENV"
  [ -x "$venv/bin/python" ] || { echo "build_linux.sh: $venv is not a virtual environment" >&2; exit 2; }
  echo "== using the existing environment $venv"
  "$venv/bin/python" -m pip install "${pip_options[@]}" -c "$here/constraints.txt" -r "$here/requirements-build.txt"
else
  venv="$here/build/venv"
  command -v "$python" >/dev/null 2>&1 || { echo "build_linux.sh: $python not found (set PYTHON=...)" >&2; exit 2; }
  echo "== a clean build environment in $venv ($("$python" -V 2>&1))"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  # The application as a wheel (not editable), with the exact versions that ship.
  "$venv/bin/python" -m pip install "${pip_options[@]}" -c "$here/constraints.txt" \
    "$root" -r "$here/requirements-build.txt"
fi

"$venv/bin/python" - <<'EOF'
import importlib.metadata as m, sys
names = ["shiraoka-dx-desktop", "PySide6-Essentials", "SQLAlchemy", "alembic", "openpyxl", "python-calamine", "reportlab", "pyinstaller"]
print("== Python", sys.version.split()[0] + ";", ", ".join(f"{n} {m.version(n)}" for n in names))
EOF

echo "== PyInstaller"
rm -rf "$dist/shiraoka-dx"
started=$(date +%s)
# From the work folder, not the checkout: "python -m" would put the current folder on sys.path
# and PyInstaller would take the package from the checkout instead of the installed wheel.
mkdir -p "$work"
(cd "$work" && "$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" "$here/shiraoka-dx.spec")
echo "== built in $(( $(date +%s) - started )) s: $dist/shiraoka-dx"

bundle="$dist/shiraoka-dx"
[ -x "$bundle/shiraoka-dx" ] || { echo "build_linux.sh: $bundle/shiraoka-dx was not made" >&2; exit 1; }
echo "== bundle size: $(du -sh "$bundle" | cut -f1) ($(du -sb "$bundle" | cut -f1) bytes, $(find "$bundle" -type f | wc -l) files)"
