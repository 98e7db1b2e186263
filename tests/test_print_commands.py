"""Printing from the command line and from the ファイル menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow


def test_export_pdf_writes_the_report_asked_for(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "組織図.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(out), "--paper", "A4", "--report", "organisation"]) == 0
    assert "推進体制" in capsys.readouterr().out
    page = PdfReader(out).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)  # A4 landscape
    assert "DX推進本部" in page.extract_text()


def test_export_pdf_to_a_missing_folder_fails_with_exit_2(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "export", "pdf", str(tmp_path / "ない" / "out.pdf")]) == 2
    assert "エラー:" in capsys.readouterr().err


def test_the_print_command_opens_the_preview(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    calls: list[tuple[object, ...]] = []

    def preview(parent: object, snapshot: object, user: str, settings: object, **kwargs: object) -> Path:
        calls.append((parent, user))
        return tmp_path / "工程表.pdf"

    monkeypatch.setattr("shiraoka_dx_desktop.ui.print_preview.show_print_preview", preview)
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    window.print_action.trigger()
    assert calls == [(window, "委員A")]
    assert "PDFを保存しました" in window.statusBar().currentMessage()
