"""印刷プレビュー: the pages shown before saving, paper and report chosen, saved as PDF where the user says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.printing.display import Text
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.print_painter import OVERSCALE, PagePainter, print_font_family
from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def snapshot(database: Database) -> PolicySnapshot:
    return load_snapshot(database)


@pytest.fixture
def dialog(qtbot: QtBot, snapshot: PolicySnapshot, settings: QSettings) -> PrintPreviewDialog:
    preview = PrintPreviewDialog(snapshot, "DX推進課 山田", settings, today=TODAY)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def _answer_save(monkeypatch: pytest.MonkeyPatch, answer: str, proposed: list[str]) -> None:
    def save(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        proposed.append(directory)
        return answer, file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))


def test_preview_opens_on_page_one_of_the_a3_roadmap(dialog: PrintPreviewDialog) -> None:
    assert dialog.document is not None
    assert dialog.document.paper == "A3" and dialog.document.report == "roadmap"
    total = len(dialog.document.pages)
    assert dialog.page_label.text() == f"1 / {total} ページ"
    assert not dialog.previous_button.isEnabled()
    assert dialog.next_button.isEnabled() == (total > 1)
    # Fit to width: the page fills the view, less the margins round it.
    viewport = dialog.scroll_area.viewport().width()
    assert dialog.strip.page_rect(0).width() == pytest.approx(viewport - 2 * dialog.strip.GAP, abs=2)


def test_next_page_and_zoom(dialog: PrintPreviewDialog, qtbot: QtBot) -> None:
    dialog.report_box.setCurrentText("すべて（工程表・取組項目一覧・推進体制）")
    assert dialog.document is not None and dialog.document.report == "all"
    total = len(dialog.document.pages)
    dialog.next_button.click()
    assert dialog.page_label.text() == f"2 / {total} ページ"
    dialog.go_to_page(total - 1)
    assert dialog.page_label.text() == f"{total} / {total} ページ"
    assert not dialog.next_button.isEnabled()
    dialog.zoom_box.setCurrentText("100%")
    page = dialog.document.pages[0]
    assert dialog.strip.page_rect(0).width() == pytest.approx(page.width * dialog.logicalDpiX() / 72, abs=1)


def test_paper_choice_lays_out_again_and_is_remembered(dialog: PrintPreviewDialog, settings: QSettings) -> None:
    dialog.paper_box.setCurrentText("A4（横）")
    assert dialog.document is not None
    assert dialog.document.paper == "A4"
    assert dialog.document.pages[0].width == pytest.approx(841.89, abs=0.05)
    assert settings.value("print/paper") == "A4"


def test_save_writes_the_previewed_pages_and_remembers_the_folder(
    dialog: PrintPreviewDialog, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "本部会議"
    folder.mkdir()
    proposed: list[str] = []
    _answer_save(monkeypatch, str(folder / "工程表"), proposed)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog.paper_box.setCurrentText("A4（横）")
    dialog.open_after_save.setChecked(True)

    saved = dialog.save()

    assert saved == folder / "工程表.pdf"
    assert dialog.saved_path == saved
    assert dialog.result() == PrintPreviewDialog.DialogCode.Accepted
    reader = PdfReader(saved, strict=True)
    assert dialog.document is not None
    assert len(reader.pages) == len(dialog.document.pages)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(841.89, abs=0.05)
    assert proposed[0].endswith(".pdf") and "工程表" in proposed[0] and "20250601" in proposed[0]
    assert settings.value("print/last_folder") == str(folder)
    assert settings.value("print/open_after_save") in (True, "true")
    assert opened == [QUrl.fromLocalFile(str(saved))]
    assert opened[0].isLocalFile()


def test_the_next_save_starts_in_the_last_folder(
    qtbot: QtBot, snapshot: PolicySnapshot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.setValue("print/last_folder", str(tmp_path))
    preview = PrintPreviewDialog(snapshot, "", settings, today=TODAY, report="organisation")
    qtbot.addWidget(preview)
    proposed: list[str] = []
    _answer_save(monkeypatch, "", proposed)  # cancelled
    assert preview.save() is None
    assert Path(proposed[0]).parent == tmp_path
    assert "推進体制" in Path(proposed[0]).name
    assert preview.saved_path is None


def test_a_file_that_cannot_be_written_is_explained_and_the_preview_stays(
    dialog: PrintPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_save(monkeypatch, str(tmp_path / "ない" / "工程表.pdf"), [])
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(f"{title}|{text}"))
    )
    assert dialog.save() is None
    assert len(shown) == 1 and "保存先のフォルダ" in shown[0]
    assert dialog.isVisible()


def test_preview_text_is_measured_as_the_pdf_measures_it(dialog: PrintPreviewDialog) -> None:
    """Qt draws the bundled font with the advances the layout used: the preview is the PDF."""
    assert dialog.document is not None
    image = QImage(200, 200, QImage.Format.Format_ARGB32)
    painter = PagePainter(print_font_family())
    texts = [shape for shape in dialog.document.pages[0].shapes if isinstance(shape, Text) and shape.text]
    assert len(texts) > 50
    for text in texts:
        metrics = QFontMetricsF(painter.font(text.bold, text.size), image)
        width = metrics.horizontalAdvance(text.text) / OVERSCALE
        assert width == pytest.approx(text.width, rel=0.005, abs=0.1), text.text


def test_a_page_paints_ink_where_the_layout_puts_it(dialog: PrintPreviewDialog) -> None:
    assert dialog.document is not None
    page = dialog.document.pages[0]
    scale = 0.5
    image = QImage(int(page.width * scale), int(page.height * scale), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.scale(scale, scale)
    PagePainter(print_font_family()).paint(painter, page)
    painter.end()
    title = next(text for text in page.texts() if text.text.startswith("白岡市DX推進全体方針"))
    dark = sum(
        1
        for x in range(int(title.extent.x * scale), int(title.extent.right * scale))
        for y in range(int(title.extent.y * scale), int(title.extent.bottom * scale))
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 50
    corner = image.pixelColor(2, 2)
    assert corner.lightness() == 255  # the margin stays blank
