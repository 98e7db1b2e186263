"""The window and every dialog open within the screen: 1366×768 (the commonest terminal) and 1920×1080."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui import screen_fit
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import ORGANISATION, PROGRESS, MainWindow

from .terminals import Terminal

# 1366×768 less a 40-pixel task bar; 1920×1080 likewise.
SMALL = QRect(0, 0, 1366, 728)
LARGE = QRect(0, 0, 1920, 1040)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class Screen:
    """The available geometry the application sees, as a test sets it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.area = QRect(SMALL)
        monkeypatch.setattr(screen_fit, "available_geometry", lambda widget: QRect(self.area))


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Screen:
    return Screen(monkeypatch)


def _open_window(qtbot: QtBot, database: Database, settings: QSettings) -> MainWindow:
    window = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def assert_within(widget: QWidget, area: QRect) -> None:
    frame = widget.frameGeometry()
    assert area.contains(frame), f"{widget.windowTitle()}: {frame} is not inside {area}"
    assert widget.minimumSizeHint().width() <= area.width()
    assert widget.minimumSizeHint().height() <= area.height()
    # Every button shown is wholly inside the window: none is cut off at the bottom edge.
    for button in widget.findChildren(QAbstractButton):
        if button.isVisibleTo(widget) and button.window() is widget:
            rect = QRect(button.mapTo(widget, QPoint(0, 0)), button.size())
            assert widget.rect().contains(rect), f"{widget.windowTitle()}: 「{button.text()}」 at {rect}"


def test_first_start_takes_most_of_a_small_screen(qtbot: QtBot, database: Database, settings, screen) -> None:  # type: ignore[no-untyped-def]
    window = _open_window(qtbot, database, settings)
    assert_within(window, SMALL)
    assert window.width() >= 0.8 * SMALL.width() and window.height() >= 0.8 * SMALL.height()
    # The status bar, with the user's name, is on the screen.
    bar = window.statusBar()
    assert bar.isVisible() and SMALL.contains(QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size()))


def test_first_start_uses_a_large_screen(qtbot: QtBot, database: Database, settings, screen) -> None:  # type: ignore[no-untyped-def]
    screen.area = QRect(LARGE)
    window = _open_window(qtbot, database, settings)
    assert_within(window, LARGE)
    assert window.width() >= 0.8 * LARGE.width() and window.height() >= 0.8 * LARGE.height()


def test_a_remembered_geometry_is_pulled_back_inside_a_smaller_screen(
    qtbot: QtBot, database: Database, settings: QSettings, screen: Screen
) -> None:
    screen.area = QRect(LARGE)
    window = _open_window(qtbot, database, settings)
    window.setGeometry(300, 150, 1600, 880)
    window.close()
    screen.area = QRect(SMALL)
    again = _open_window(qtbot, database, settings)
    assert_within(again, SMALL)


def test_a_remembered_geometry_that_fits_is_kept(
    qtbot: QtBot, database: Database, settings: QSettings, screen: Screen
) -> None:
    window = _open_window(qtbot, database, settings)
    window.setGeometry(100, 60, 1000, 600)
    window.close()
    again = _open_window(qtbot, database, settings)
    assert again.geometry() == QRect(100, 60, 1000, 600)


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[tuple[Terminal, Terminal]]:
    secretariat = Terminal(tmp_path / "事務局", "事務局", pristine_database)
    colleague = Terminal(tmp_path / "市民課", "市民課", pristine_database)
    yield secretariat, colleague
    secretariat.close()
    colleague.close()


def _print_preview(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog

    return PrintPreviewDialog(window.document.snapshot, "tester", window.settings, window)


def _progress_preview(window: MainWindow) -> QDialog:
    """The print preview with the 進捗状況報告 chosen: its widest toolbar, with the 年度 choice."""
    from shiraoka_dx_desktop.services.progress import load_progress
    from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog

    database = window.document.database
    dialog = PrintPreviewDialog(
        window.document.snapshot,
        "tester",
        window.settings,
        window,
        report="progress",
        progress=lambda year: load_progress(database, year),
    )
    assert dialog.year_box.isVisibleTo(dialog)
    return dialog


def _import_log(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.services.importing.service import load_import_log
    from shiraoka_dx_desktop.ui.import_log_dialog import ImportLogDialog

    return ImportLogDialog(load_import_log(window.document.database), window)


def _sections(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.ui.organisation_page import SectionsDialog

    return SectionsDialog(window.document, window)


def _add_initiative(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.ui.add_initiative_dialog import AddInitiativeDialog

    return AddInitiativeDialog(window.document.snapshot, lambda area, name: True, window)


def _add_indicator(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.ui.indicator_dialog import AddIndicatorDialog

    return AddIndicatorDialog("マイナポータルを活用したオンライン申請の対象手続の拡大", lambda fields: True, window)


def _guide(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.ui.guide_dialog import GuideDialog

    return GuideDialog(window.document.database.path, window)


def _edition_window(window: MainWindow) -> QDialog:
    from shiraoka_dx_desktop.services.editions import edition_snapshot, list_editions
    from shiraoka_dx_desktop.ui.edition_window import EditionWindow

    database = window.document.database
    edition = list_editions(database)[-1]
    snapshot = edition_snapshot(database, edition.label)
    return EditionWindow(snapshot, edition, database, "tester", window.settings, window)


def _comparison(window: MainWindow) -> QDialog:
    """The 新旧対照表: 第3版 against the working draft, its pages shown."""
    from shiraoka_dx_desktop.ui.comparison_dialog import ComparisonDialog

    dialog = ComparisonDialog(window.document, window.settings, window)
    assert dialog.document is not None and dialog.pdf_button.isEnabled()
    return dialog


DIALOGS: dict[str, Callable[[MainWindow], QDialog]] = {
    "print preview": _print_preview,
    "print preview, 進捗状況報告": _progress_preview,
    "import log": _import_log,
    "sections": _sections,
    "add initiative": _add_initiative,
    "add indicator": _add_indicator,
    "guide": _guide,
    "saved edition": _edition_window,
    "新旧対照表": _comparison,
}


@pytest.mark.parametrize("area", [SMALL, LARGE], ids=["1366x768", "1920x1080"])
@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_fits_with_its_buttons_visible(
    qtbot: QtBot, database: Database, settings: QSettings, screen: Screen, name: str, area: QRect
) -> None:
    screen.area = QRect(area)
    window = _open_window(qtbot, database, settings)
    dialog = DIALOGS[name](window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_within(dialog, area)


@pytest.mark.parametrize("area", [SMALL, LARGE], ids=["1366x768", "1920x1080"])
def test_the_import_review_fits_with_its_buttons_visible(
    qtbot: QtBot, settings: QSettings, screen: Screen, office: tuple[Terminal, Terminal], area: QRect
) -> None:
    from shiraoka_dx_desktop.services.importing.service import prepare_import
    from shiraoka_dx_desktop.ui.import_dialog import ImportDialog

    screen.area = QRect(area)
    secretariat, colleague = office
    colleague.describe("キオスク端末の導入", "市民課の説明")
    window = _open_window(qtbot, secretariat.database, settings)
    dialog = ImportDialog(window.document, prepare_import(secretariat.database, colleague.export()), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_within(dialog, area)
    assert load_snapshot(secretariat.database).initiatives  # nothing applied by looking


def test_long_body_names_wrap_in_the_list_on_a_small_screen(qtbot: QtBot, database: Database, settings, screen) -> None:  # type: ignore[no-untyped-def]
    window = _open_window(qtbot, database, settings)
    window.tabs.setCurrentIndex(ORGANISATION)
    body_list = window.body_list
    qtbot.waitUntil(body_list.isVisible)
    long_row = next(
        row for row in range(window.body_model.rowCount()) if "管理運営委員会" in window.body_model.index(row, 0).data()
    )
    rect = body_list.visualRect(window.body_model.index(long_row, 0))
    # All of it on screen, on two lines, with no sideways scrolling.
    assert body_list.viewport().rect().contains(rect)
    assert rect.height() > 1.5 * body_list.fontMetrics().height()
    assert not body_list.horizontalScrollBar().isVisible()


def test_the_section_names_take_the_width_of_their_dialog(qtbot: QtBot, database: Database, screen) -> None:  # type: ignore[no-untyped-def]
    from shiraoka_dx_desktop.ui.organisation_page import SectionsDialog

    dialog = SectionsDialog(Document(database, "tester"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.table.horizontalHeader()
    assert header.length() == dialog.table.viewport().width()
    assert header.sectionSize(0) > header.sectionSize(1) + header.sectionSize(2)


@pytest.mark.parametrize("area", [SMALL, LARGE], ids=["1366x768", "1920x1080"])
def test_the_progress_tab_fits_with_its_table_usable_beside_the_dashboard(
    qtbot: QtBot, database: Database, settings: QSettings, screen: Screen, area: QRect
) -> None:
    screen.area = QRect(area)
    window = _open_window(qtbot, database, settings)
    window.tabs.setCurrentIndex(PROGRESS)
    page = window.progress_page
    qtbot.waitUntil(page.dashboard.isVisible)
    qtbot.wait(50)  # laid out
    assert_within(window, area)
    table = page.table
    # Every column on screen side by side: nothing to scroll sideways to.
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert table.viewport().height() >= 8 * table.verticalHeader().defaultSectionSize()
    for widget in (page.filters.dashboard, page.filters.unentered, page.filters.count, page.dashboard.lists):
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert window.rect().contains(rect), widget
    text = page.detail.texts["result"]
    assert text.height() >= 3 * text.fontMetrics().lineSpacing()
    bars = page.dashboard.bars
    assert bars.height() >= bars.minimumSizeHint().height()  # every area's bar and the legend, whole
