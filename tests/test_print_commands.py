"""Printing from the command line and from the ファイル menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog


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


def test_the_print_command_saves_the_previewed_pages_as_a_pdf(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    target = tmp_path / "本部会議" / "工程表.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda parent, title, proposed, kinds: (str(target), kinds))
    )
    shown: list[str] = []

    def press_save(tries: int = 100) -> None:
        previews = [dialog for dialog in window.findChildren(PrintPreviewDialog) if dialog.isVisible()]
        if not previews:
            if tries:
                QTimer.singleShot(10, lambda: press_save(tries - 1))
            return
        try:
            shown.append(previews[0].page_label.text())
            previews[0].save_button.click()  # 保存
        finally:
            if previews[0].isVisible():  # never left waiting for an answer
                previews[0].reject()

    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    QTimer.singleShot(0, press_save)
    window.print_action.trigger()

    reader = PdfReader(target, strict=True)
    assert shown == [f"1 / {len(reader.pages)} ページ"]  # the pages the preview showed
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (1191, 842)  # A3 landscape
    text = first.extract_text()
    assert "白岡市DX推進全体方針　工程表" in text and "キオスク端末の導入" in text and "出力者 委員A" in text
    assert f"1 / {len(reader.pages)}" in text  # the page number printed in the footer
    assert window.statusBar().currentMessage() == f"PDFを保存しました: {target}"
