"""The roadmap as CSV, as Japanese Excel opens it."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.editing import Editor, Upsert
from shiraoka_dx_desktop.services.exchange import FileWriteError, export_roadmap_csv
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database

CONVENIENCE_STORE = "3ba22c32-1273-45c7-884c-d2b9e28f92bb"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_bom_and_has_wareki_headings_and_every_row(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "工程表.csv"
    summary = export_roadmap_csv(database, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = _rows(path)
    assert rows[0] == [
        "取組",
        "取組項目",
        "令和5年度（2023年度）",
        "令和6年度（2024年度）",
        "令和7年度（2025年度）",
        "令和8年度（2026年度）",
        "令和9年度（2027年度）",
        "ID",
    ]
    snapshot = load_snapshot(database)
    assert [row[1] for row in rows[1:]] == [item.name for item in snapshot.initiatives]
    assert summary.initiatives == len(rows) - 1 == 28
    by_id = {row[-1]: row for row in rows[1:]}
    assert by_id[CONVENIENCE_STORE][:7] == [
        "(2) マイナンバーカードの普及促進",
        "コンビニ交付",
        "継続実施",
        "継続実施",
        "継続実施",
        "拡大の検討",
        "拡大の検討",
    ]
    # Shading without a label is written as the app writes it in text.
    assert by_id["faff1e7b-e571-434c-ac99-de33834d5d62"][2:7] == ["■", "", "", "", ""]


@pytest.mark.parametrize(("name", "written"), [("=1+1", "'=1+1"), ("+81-480-92-1111", "'+81-480-92-1111"), ("-", "-")])
def test_csv_fields_excel_would_evaluate_are_neutralised(
    database: Database, tmp_path: Path, name: str, written: str
) -> None:
    Editor(database, "委員A").apply([Upsert("initiative", CONVENIENCE_STORE, {"name": name})])
    path = tmp_path / "roadmap.csv"
    export_roadmap_csv(database, path)
    assert {row[-1]: row for row in _rows(path)}[CONVENIENCE_STORE][1] == written


def test_csv_failure_leaves_the_existing_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roadmap.csv"
    path.write_text("old", encoding="utf-8")

    def locked(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileWriteError) as raised:
        export_roadmap_csv(database, path)
    assert "roadmap.csv" in raised.value.message
    assert path.read_text(encoding="utf-8") == "old"
    assert [item.name for item in tmp_path.iterdir() if item.suffix == ".tmp"] == []


def test_command_line_writes_the_csv(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "roadmap.csv"
    assert main(["--db", str(db_path), "export", "csv", str(out)]) == 0
    assert "CSV" in capsys.readouterr().out
    assert len(_rows(out)) == 29


def test_command_line_names_a_missing_folder(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "export", "csv", str(tmp_path / "なし" / "roadmap.csv")]) == 2
    assert "フォルダ" in capsys.readouterr().err
