"""Tabs are built when first shown; painting never touches the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import GLOSSARY, INITIATIVES, ORGANISATION, POLICY, ROADMAP, MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot: QtBot, database: Database, settings: QSettings) -> MainWindow:
    window = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_only_the_tab_on_show_is_built_at_start(qtbot: QtBot, database: Database, settings: QSettings) -> None:
    window = _window(qtbot, database, settings)
    assert window.tabs.built(INITIATIVES) is not None
    assert all(window.tabs.built(tab) is None for tab in (ROADMAP, ORGANISATION, GLOSSARY, POLICY))
    window.tabs.setCurrentIndex(ROADMAP)
    assert window.tabs.built(ROADMAP) is window.roadmap_page
    assert window.tabs.currentWidget().isVisible() and window.roadmap_view.isVisible()


def test_the_restored_tab_is_the_one_built(qtbot: QtBot, database: Database, settings: QSettings) -> None:
    settings.setValue("window/tab", GLOSSARY)
    window = _window(qtbot, database, settings)
    assert window.tabs.currentIndex() == GLOSSARY
    assert window.glossary_table.isVisible() and window.glossary_model.rowCount() == 30
    assert window.tabs.built(INITIATIVES) is None


def test_a_menu_command_builds_the_page_it_needs(
    qtbot: QtBot, database: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, database, settings)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("ノーコード", True))
    window.add_term()
    assert window.tabs.currentIndex() == GLOSSARY
    terms = [window.glossary_model.index(r, 0).data() for r in range(window.glossary_model.rowCount())]
    assert "ノーコード" in terms


@pytest.fixture
def no_database_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a view read the database while painting")

    def start() -> None:
        monkeypatch.setattr(Database, "reader", refuse)
        monkeypatch.setattr(Database, "session", refuse)

    yield start  # type: ignore[misc]


def test_scrolling_the_roadmap_reads_nothing_from_the_database(
    qtbot: QtBot, database: Database, settings: QSettings, no_database_reads: object
) -> None:
    window = _window(qtbot, database, settings)
    window.resize(900, 300)
    window.tabs.setCurrentIndex(ROADMAP)
    no_database_reads()  # type: ignore[operator]
    view = window.roadmap_view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0  # there is something to scroll
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
    for tab in (ORGANISATION, GLOSSARY, POLICY, INITIATIVES):
        window.tabs.setCurrentIndex(tab)
        window.repaint()
