"""One UI font, chosen at start-up: the bundled BIZ UDPGothic, unchanged by opening the print preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.fonts import BUNDLED_FAMILY, install_ui_font
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog


def test_the_bundled_font_is_the_ui_font_and_opening_the_print_preview_changes_nothing(
    qapp: QApplication, qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    assert install_ui_font(qapp) == BUNDLED_FAMILY
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    before = QFont(qapp.font())
    table = window.initiative_table
    drawn_before = QFontInfo(table.font()).family()
    row_before = table.verticalHeader().sectionSize(0)
    menu_before = window.menuBar().sizeHint()
    file_menu: Any = window.menuBar().actions()[0].menu()
    submenu_before = file_menu.sizeHint()

    preview = PrintPreviewDialog(window.document.snapshot, "tester", settings, window)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    preview.close()

    assert qapp.font() == before
    assert QFontInfo(table.font()).family() == drawn_before == BUNDLED_FAMILY
    assert table.verticalHeader().sectionSize(0) == row_before
    assert window.menuBar().sizeHint() == menu_before
    assert file_menu.sizeHint() == submenu_before
