"""The application log records events, rotates, and never holds the content of a record."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.logs import configure_logging, log

SECRET = "外に出してはならない説明文"


def _log_text(db_path: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted((db_path.parent / "logs").glob("*.log*")))


def test_events_are_logged_without_record_content(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "out.xlsx"
    assert main(["--db", str(db_path), "export", "xlsx", str(exported)]) == 0
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["取組項目"]
    headings = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, headings["説明"]).value = SECRET
    workbook.save(tmp_path / "back.xlsx")
    assert main(["--db", str(db_path), "import", str(tmp_path / "back.xlsx")]) == 0
    assert main(["--db", str(db_path), "backup"]) == 0
    capsys.readouterr()
    text = _log_text(db_path)
    assert "start 0." in text and "export xlsx" in text
    assert "import back.xlsx" in text and "applied 1, kept 0, rejected 0" in text
    assert "backup " in text and "(before-import)" in text and "(manual)" in text
    assert SECRET not in text


def test_the_log_rotates(db_path: Path) -> None:
    log_file = configure_logging(db_path, max_bytes=2_000)
    assert log_file is not None
    for number in range(600):
        log.info("event %d", number)
    files = sorted(log_file.parent.glob("shiraoka-dx.log*"))
    assert len(files) == 6  # the current file and five old ones
    assert all(path.stat().st_size <= 2_100 for path in files)
