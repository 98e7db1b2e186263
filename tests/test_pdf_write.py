"""Writing the PDF file: atomically, with a Japanese message when it cannot be written, reportlab loaded late."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from shiraoka_dx_desktop.services.printing import PdfWriteError, PrintFontError, write_pdf
from shiraoka_dx_desktop.services.printing.fonts import load_fonts
from shiraoka_dx_desktop.storage.database import Database

TODAY = dt.date(2025, 6, 1)


def test_write_pdf_writes_the_report_and_says_what_it_wrote(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "工程表.pdf"
    summary = write_pdf(database, path, paper="A4", report="all", user="山田", today=TODAY)
    reader = PdfReader(path, strict=True)
    assert summary.pages == len(reader.pages) >= 3
    assert summary.bytes_written == path.stat().st_size
    assert (
        summary.describe()
        == f"PDFを書き出しました: {path}（工程表・取組項目一覧・推進体制、A4横、{summary.pages}ページ）"
    )
    assert [entry for entry in tmp_path.iterdir() if entry.name.endswith(".tmp")] == []


def test_defaults_are_the_roadmap_on_a3(database: Database, tmp_path: Path) -> None:
    summary = write_pdf(database, tmp_path / "out.pdf", today=TODAY)
    assert (summary.report, summary.paper) == ("roadmap", "A3")
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    assert float(page.mediabox.width) == pytest.approx(1190.55, abs=0.05)


def test_a_failed_write_leaves_the_existing_file_untouched(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "工程表.pdf"
    path.write_bytes(b"%PDF-1.4 the previous print")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(PdfWriteError) as raised:
        write_pdf(database, path, today=TODAY)
    assert "空き容量が足りない" in raised.value.message
    assert "元のファイルは変更していません" in raised.value.message
    assert path.read_bytes() == b"%PDF-1.4 the previous print"
    assert [entry for entry in tmp_path.iterdir() if entry.name.endswith(".tmp")] == []


def test_a_file_held_open_by_a_viewer_is_explained(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "工程表.pdf"
    path.write_bytes(b"%PDF open in Acrobat")

    def locked(self: Path, target: Path) -> Path:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(PdfWriteError) as raised:
        write_pdf(database, path, today=TODAY)
    assert "PDFビューアー" in raised.value.message and "閉じて" in raised.value.message
    assert path.read_bytes() == b"%PDF open in Acrobat"
    assert [entry for entry in tmp_path.iterdir() if entry.name.endswith(".tmp")] == []


def test_an_unwritable_folder_is_explained(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(PdfWriteError) as raised:
        write_pdf(database, tmp_path / "工程表.pdf", today=TODAY)
    assert "書き込む権限がありません" in raised.value.message and str(tmp_path) in raised.value.message


def test_a_missing_folder_is_named_in_the_message(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "ない" / "工程表.pdf"
    with pytest.raises(PdfWriteError) as raised:
        write_pdf(database, path, today=TODAY)
    assert "保存先のフォルダ" in raised.value.message and "ない" in raised.value.message
    assert not path.parent.exists()


def test_a_folder_given_as_the_file_is_refused(database: Database, tmp_path: Path) -> None:
    with pytest.raises(PdfWriteError) as raised:
        write_pdf(database, tmp_path, today=TODAY)
    assert "フォルダです" in raised.value.message


def test_a_missing_bundled_font_is_explained(tmp_path: Path) -> None:
    with pytest.raises(PrintFontError) as raised:
        load_fonts(tmp_path)
    assert "印刷用のフォント" in raised.value.message and "入れ直して" in raised.value.message


def test_the_bundled_font_travels_with_its_licence() -> None:
    from shiraoka_dx_desktop.services.printing import font_dir

    folder = font_dir()
    assert (folder / "BIZUDPGothic-Regular.ttf").is_file()
    assert (folder / "BIZUDPGothic-Bold.ttf").is_file()
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2022 The BIZ UDGothic Project Authors" in licence


def test_importing_the_printing_modules_does_not_load_reportlab() -> None:
    code = (
        "import sys; import shiraoka_dx_desktop.services.printing, shiraoka_dx_desktop.ui.print_preview;"
        "print('reportlab' in sys.modules)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.strip() == "False"
