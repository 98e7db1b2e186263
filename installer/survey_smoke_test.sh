#!/usr/bin/env bash
# The frozen program writes a large survey round on two cores: the second process it starts is the
# program itself (multiprocessing's spawn through freeze_support), which must write its share and end.
#
#   installer/survey_smoke_test.sh [DIST_DIR]     (default: installer/dist/shiraoka-dx)
#
# A database of 3,200 synthetic initiatives with lead sections is made with the checkout's .venv
# (bench.synthetic), then `export survey` runs the frozen program on it: exit 0, one workbook per
# lead section, the log saying a second process wrote its share, no traceback, and no process left.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="$(cd "${1:-$here/dist/shiraoka-dx}" && pwd)"
exe="$dist/shiraoka-dx"
python="$here/../.venv/bin/python"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/shiraoka-dx-survey.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
unset SHIRAOKA_DX_DB DISPLAY WAYLAND_DISPLAY

echo "== survey on two cores (frozen)"
(cd "$here/.." && "$python" -m bench.synthetic "$tmp/big.sqlite" --initiatives 3200 >/dev/null)
"$python" - "$tmp/big.sqlite" <<'PY'
import sys
from pathlib import Path

from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import set_initiative
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.opening import open_database

database = open_database(Path(sys.argv[1]))
snapshot = load_snapshot(database)
sections = [section.id for section in snapshot.sections if section.kind == "課"][:6]
edits = [set_initiative(item.id, lead_section_id=sections[i % len(sections)]) for i, item in enumerate(snapshot.initiatives)]
Editor(database, "smoke").apply(edits)
database.close()
PY
"$exe" --db "$tmp/big.sqlite" export survey "$tmp/out" --year R7 >"$tmp/out.txt" 2>"$tmp/err.txt" || {
  cat "$tmp/out.txt" "$tmp/err.txt" >&2
  echo "  FAIL  export survey exited non-zero" >&2
  exit 1
}
files=$(find "$tmp/out" -name '進捗照会_令和7年度_*.xlsx' | wc -l)
[ "$files" -eq 6 ] || { echo "  FAIL  $files workbooks written, 6 expected" >&2; exit 1; }
grep -q "written by a second process" "$tmp/logs/shiraoka-dx.log" || {
  echo "  FAIL  the log does not say a second process wrote its share" >&2
  tail -20 "$tmp/logs/"* >&2 || true
  exit 1
}
! grep -Eq 'Traceback|Error' "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; echo "  FAIL  traceback" >&2; exit 1; }
sleep 1
! pgrep -f "$dist/shiraoka-dx.*(multiprocessing|spawn_main)" >/dev/null || { echo "  FAIL  a process was left" >&2; exit 1; }
echo "  ok    6 workbooks, a second process wrote its share, none left"
