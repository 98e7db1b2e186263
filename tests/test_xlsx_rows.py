"""The rows' XML made as text is what openpyxl's own writer makes, character for character."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from shiraoka_dx_desktop.domain.identity import new_id
from shiraoka_dx_desktop.domain.progress import evaluation_id, indicator_actual_id
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Edit, set_evaluation, set_indicator, set_indicator_actual, set_initiative
from shiraoka_dx_desktop.services.exchange import export_workbook, xlsx_rows
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database

NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
TEXTS = [
    "=1+1",
    "  先頭に空白",
    "末尾に空白  ",
    "a & b < c > d \"q\" 'x'",
    "一行目\n二行目\r\n三行目\tタブ",
    "制御\x01\x07文字",
    "#N/A",
    "   ",
    "\u3000全角空白\u3000",
    "絵文字😀𠮷",
    "長" * 40_000,
]
NUMBERS = [0.1, 1e20, -3, 12_345_678_901_234_567, 2.5e-7, 0.0, 1 / 3]


def _odd_values(database: Database) -> None:
    snapshot = load_snapshot(database)
    edits: list[Edit] = []
    for number, (item, text) in enumerate(zip(snapshot.initiatives, TEXTS, strict=False)):
        edits.append(set_initiative(item.id, description=text, note=TEXTS[(number + 3) % len(TEXTS)]))
        edits.append(
            set_evaluation(
                evaluation_id(item.id, 2025),
                initiative_id=item.id,
                fiscal_year=2025,
                result=text,
                issues=TEXTS[-1 - number],
            )
        )
    for number, value in enumerate(NUMBERS):
        indicator = new_id()
        edits.append(
            set_indicator(
                indicator,
                initiative_id=snapshot.initiatives[number].id,
                position=0,
                name=f"指標{number} {TEXTS[number]}",
                unit="件",
                base_value=value,
                base_year=2023,
                target_value=value * 2,
                target_year=2028,
            )
        )
        edits.append(
            set_indicator_actual(
                indicator_actual_id(indicator, 2025), indicator_id=indicator, fiscal_year=2025, value=value
            )
        )
    Editor(database, "事務局").apply(edits)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_the_workbook_is_the_one_openpyxls_writer_makes(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _odd_values(database)
    export_workbook(database, tmp_path / "text.xlsx", user="事務局", now=NOW, fiscal_year=2025)
    monkeypatch.setattr(xlsx_rows.RowXml, "__call__", lambda self, xf, cells, row: self._fallback(xf, cells, row))
    export_workbook(database, tmp_path / "openpyxl.xlsx", user="事務局", now=NOW, fiscal_year=2025)
    made, expected = _parts(tmp_path / "text.xlsx"), _parts(tmp_path / "openpyxl.xlsx")
    assert made.keys() == expected.keys()
    for name, content in expected.items():
        assert made[name] == content, name
    sheets = b"".join(content for name, content in made.items() if name.startswith("xl/worksheets/"))
    assert b'xml:space="preserve"' in sheets and b"&amp;" in sheets and b"1e+20" in sheets  # the cases were met
