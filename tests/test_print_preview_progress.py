"""印刷プレビュー of the 進捗状況報告: the 年度 choice appears with it alone, and choosing a year lays the year out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.printing.display import Hatch
from shiraoka_dx_desktop.services.progress import ProgressYear, load_progress
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.print_painter import PagePainter, print_font_family
from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog

from .progress_entries import EVALUATIONS, enter_progress

TODAY = dt.date(2025, 6, 1)  # 令和7年度
PROGRESS_CHOICE = "進捗状況報告（年度ごとの評価・指標）"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class Loader:
    """load_progress over the test's database, counting what it is asked for."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.years: list[int] = []

    def __call__(self, year: int) -> ProgressYear:
        self.years.append(year)
        return load_progress(self.database, year)


@pytest.fixture
def loader(database: Database) -> Loader:
    enter_progress(database)
    return Loader(database)


@pytest.fixture
def dialog(qtbot: QtBot, database: Database, settings: QSettings, loader: Loader) -> PrintPreviewDialog:
    preview = PrintPreviewDialog(load_snapshot(database), "DX推進課", settings, today=TODAY, progress=loader)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def _texts(dialog: PrintPreviewDialog) -> list[str]:
    assert dialog.document is not None
    return [text.text for page in dialog.document.pages for text in page.texts()]


def test_the_year_choice_appears_with_the_progress_report_only(dialog: PrintPreviewDialog, loader: Loader) -> None:
    assert dialog.report == "roadmap" and not dialog.year_box.isVisible() and not dialog.year_label.isVisible()
    assert loader.years == []  # nothing read for a report that needs none
    dialog.report_box.setCurrentText(PROGRESS_CHOICE)
    assert dialog.year_box.isVisible() and dialog.year_label.text() == "年度:"
    assert [dialog.year_box.itemText(i) for i in range(dialog.year_box.count())] == [
        "令和5年度",
        "令和6年度",
        "令和7年度",
        "令和8年度",
        "令和9年度",
    ]
    assert dialog.year_box.currentText() == "令和7年度"  # this fiscal year
    assert dialog.document is not None and dialog.document.subject == "進捗状況報告　令和7年度（2025年度）"
    assert any(EVALUATIONS[0].result in text for text in _texts(dialog))
    dialog.report_box.setCurrentText("取組項目一覧")
    assert not dialog.year_box.isVisible()


def test_choosing_another_year_lays_that_year_out(dialog: PrintPreviewDialog, loader: Loader) -> None:
    dialog.report_box.setCurrentText(PROGRESS_CHOICE)
    before = len(dialog.document.pages) if dialog.document else 0
    dialog.year_box.setCurrentText("令和6年度")
    assert dialog.document is not None and dialog.document.subject == "進捗状況報告　令和6年度（2024年度）"
    texts = _texts(dialog)
    assert not any(EVALUATIONS[0].result in text for text in texts)  # entered for 令和7年度 only
    assert any(text.startswith("令和6年度の評価：取組項目 28 件のうち、評価の記入 0 件") for text in texts)
    assert len(dialog.document.pages) <= before
    assert dialog.page_label.text() == f"1 / {len(dialog.document.pages)} ページ"
    # Back to 令和7年度 and over to A4: the year's data is read once and kept while the preview is open.
    dialog.year_box.setCurrentText("令和7年度")
    dialog.paper_box.setCurrentText("A4（横）")
    assert dialog.document.paper == "A4" and dialog.document.subject.endswith("令和7年度（2025年度）")
    assert loader.years == [2025, 2024]


def test_the_saved_file_is_named_with_its_year(
    dialog: PrintPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog.report_box.setCurrentText(PROGRESS_CHOICE)
    dialog.year_box.setCurrentText("令和6年度")
    proposed: list[str] = []

    def save(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        proposed.append(directory)
        return "", file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    assert dialog.save() is None
    assert Path(proposed[0]).name == "白岡市DX推進全体方針_進捗状況報告_令和6年度_20250601.pdf"


def test_without_the_year_s_data_the_progress_report_is_not_offered(
    qtbot: QtBot, database: Database, settings: QSettings
) -> None:
    settings.setValue("print/report", "progress")  # chosen last time, in a window that could
    preview = PrintPreviewDialog(load_snapshot(database), "", settings, today=TODAY)
    qtbot.addWidget(preview)
    choices = [preview.report_box.itemText(i) for i in range(preview.report_box.count())]
    assert PROGRESS_CHOICE not in choices and len(choices) == 4
    assert preview.report == "roadmap"


def test_the_chart_paints_in_the_preview_as_laid_out(dialog: PrintPreviewDialog) -> None:
    dialog.report_box.setCurrentText(PROGRESS_CHOICE)
    assert dialog.document is not None
    page = dialog.document.pages[0]
    hatch = next(shape for shape in page.shapes if isinstance(shape, Hatch))
    scale = 0.5
    image = QImage(int(page.width * scale), int(page.height * scale), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.scale(scale, scale)
    PagePainter(print_font_family()).paint(painter, page)
    painter.end()
    # Inside the hatched (C) segment some pixels are inked and some are white: hatching, not a flat grey.
    xs = [x for x, _ in hatch.points]
    ys = [y for _, y in hatch.points]
    shades = {
        image.pixelColor(int(x * scale), int(y * scale)).lightness() > 200
        for x in range(int(min(xs)) + 2, int(max(xs)) - 2)
        for y in range(int(min(ys)) + 2, int(max(ys)) - 2, 3)
    }
    assert shades == {True, False}


def test_the_print_command_gives_the_preview_the_window_s_progress(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiraoka_dx_desktop.ui.document import Document
    from shiraoka_dx_desktop.ui.main_window import MainWindow

    enter_progress(database)
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    given: list[object] = []

    def preview(parent: object, snapshot: object, user: str, settings: object, **kwargs: object) -> None:
        given.append(kwargs.get("progress"))

    monkeypatch.setattr("shiraoka_dx_desktop.ui.print_preview.show_print_preview", preview)
    window.print_action.trigger()
    loader = given[0]
    assert callable(loader)
    progress = loader(2025)
    assert isinstance(progress, ProgressYear) and progress.fiscal_year == 2025
    assert {evaluation.result for evaluation in progress.evaluations.values()} == {e.result for e in EVALUATIONS}
