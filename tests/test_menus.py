"""Menus for a newcomer: a guide inside the application, a backup on demand, commands only where they apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.guide_dialog import GuideDialog
from shiraoka_dx_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    window = MainWindow(Document(database, "tester"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def _menu_texts(window: MainWindow, title: str) -> list[str]:
    menu: Any = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(title))
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_help_has_a_guide_naming_this_terminal_s_folders(
    qtbot: QtBot, window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _menu_texts(window, "ヘルプ")[0] == "使い方(&G)…"
    shown: list[str] = []
    monkeypatch.setattr(GuideDialog, "exec", lambda dialog: shown.append(dialog.browser.toPlainText()) or 0)
    window.show_guide()
    (text,) = shown
    for words in ("各課とのやり取り", "Ctrl+Z", "Ctrl+E", str(db_path), str(db_path.parent / "backups")):
        assert words in text, words


def test_the_file_menu_makes_a_backup(window: MainWindow) -> None:
    assert "バックアップを作成(&B)" in _menu_texts(window, "ファイル")


def test_commands_are_enabled_only_on_the_tab_they_act_on(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(1)  # 工程表
    assert not window.add_term_action.isEnabled() and window.fill_action.isEnabled()
    assert window.add_initiative_action.isEnabled()
    window.tabs.setCurrentIndex(3)  # 用語集
    assert window.add_term_action.isEnabled() and not window.fill_action.isEnabled()
    assert not window.add_initiative_action.isEnabled()
    window.tabs.setCurrentIndex(0)  # 取組項目
    assert window.add_initiative_action.isEnabled() and not window.clear_action.isEnabled()


def test_menu_items_leave_room_for_their_drawn_text(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QMenu

    from shiraoka_dx_desktop.ui.menu_style import MenuTextStyle

    menus = [menu for menu in window.menuBar().findChildren(QMenu) if menu.title()]  # not the bar's overflow list
    assert len(menus) == 5  # ファイル, 書出し, 編集, 表示, ヘルプ
    for menu in menus:
        # The style is set as the menu first opens: the menu as opened has it.
        menu.popup(window.mapToGlobal(QPoint(0, 0)))
        qtbot.waitUntil(menu.isVisible)
        assert isinstance(menu.style(), MenuTextStyle), menu.title()
        metrics = QFontMetrics(menu.font())
        labels = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
        shortcuts = [metrics.horizontalAdvance(a.shortcut().toString()) for a in menu.actions()]
        needed = max(metrics.horizontalAdvance(label) for label in labels) + max(shortcuts)
        assert menu.width() >= needed + metrics.horizontalAdvance("漢"), menu.title()
        menu.hide()
