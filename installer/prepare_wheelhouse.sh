#!/usr/bin/env bash
# On a PC with internet: collect every wheel the LGWAN build PC needs to build the Windows
# installer with no network (64-bit Windows, CPython 3.11).
#
#   installer/prepare_wheelhouse.sh [OUT_DIR]          (default: installer/wheelhouse)
#
# Environment: PYTHON (default python3.11) builds the application's wheel and runs pip;
# WITH_TOOLS=1 also downloads the Python 3.11.9 and Inno Setup 6 installers into OUT_DIR/tools.
#
# OUT_DIR then holds:
#   shiraoka_dx_desktop-<version>-py3-none-any.whl    the application, built from this checkout
#   every wheel it needs at run time, for win_amd64 / cp311, at the versions in constraints.txt
#   PyInstaller and what it needs on Windows (pefile, pywin32-ctypes, ...)
#   hatchling and its requirements (to build from the checkout instead: build_windows.ps1 -FromSource)
#   SHA256SUMS                                         to check the files after carrying them
#   README.txt                                         what this is, when and from which commit
# installer/check_wheelhouse.py checks that nothing is missing for Windows (pip cannot: run
# here, it evaluates "; sys_platform == 'win32'" markers for this machine, not for Windows).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/wheelhouse}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || { echo "prepare_wheelhouse.sh: $python not found (set PYTHON=...)" >&2; exit 2; }

target=(--platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all:)
# Requirements that carry a "; sys_platform == 'win32'" marker somewhere in the tree: pip on
# this machine would skip them, so they are named here.  check_wheelhouse.py finds any new one.
windows_only=(pefile pywin32-ctypes)
# To build the application's wheel from the checkout on the build PC (-FromSource).
build_backend=(hatchling)

rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

echo "== the application's wheel, from $root"
"$python" -m pip wheel --disable-pip-version-check --no-deps -q -w "$out" "$root"
app_wheel=$(find "$out" -maxdepth 1 -name 'shiraoka_dx_desktop-*.whl' | head -n 1)
[ -n "$app_wheel" ] || { echo "prepare_wheelhouse.sh: the application's wheel was not built" >&2; exit 1; }
echo "   $(basename "$app_wheel")"

echo "== its requirements, PyInstaller and hatchling, for win_amd64 / CPython 3.11"
"$python" -m pip download --disable-pip-version-check -q -d "$out" "${target[@]}" \
  -c "$here/constraints.txt" --find-links "$out" \
  "$app_wheel" -r "$here/requirements-build.txt" "${windows_only[@]}" "${build_backend[@]}" setuptools

if [ "${WITH_TOOLS:-0}" = 1 ]; then
  echo "== the Python and Inno Setup installers"
  mkdir -p "$out/tools"
  # 3.11.9 is the last Python 3.11 release with a Windows installer.
  curl -fL --retry 3 -o "$out/tools/python-3.11.9-amd64.exe" \
    https://www.python.org/ftp/python/3.11.9/python-3.11.9-amd64.exe
  curl -fL --retry 3 -o "$out/tools/innosetup-6.exe" https://jrsoftware.org/download.php/is.exe
fi

echo "== SHA256SUMS"
(
  cd "$out"
  sums=$(find . -type f ! -name SHA256SUMS ! -name README.txt | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum)
  printf '%s\n' "$sums" >SHA256SUMS
)
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
cat >"$out/README.txt" <<EOF
shiraoka-dx wheelhouse for the offline Windows build (installer/README.md).
Made $(date -u +%Y-%m-%dT%H:%M:%SZ) from commit $commit with $("$python" -V 2>&1), pip $("$python" -m pip --version | cut -d' ' -f2).
Target: 64-bit Windows, CPython 3.11 (python-3.11.9-amd64.exe).
Check after carrying:  py -3.11 installer\\check_wheelhouse.py installer\\wheelhouse
Build:                 installer\\build_windows.bat   (uses installer\\wheelhouse when present)
EOF

echo "== check (win_amd64)"
"$python" "$here/check_wheelhouse.py" "$out" --target win_amd64 \
  --require shiraoka-dx-desktop --require pyinstaller --require hatchling
echo "== wheelhouse ready: $out ($(du -sh "$out" | cut -f1), $(find "$out" -name '*.whl' | wc -l) wheels)"
