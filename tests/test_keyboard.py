"""Every editor works from the keyboard alone, in a sensible order, and says what it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import GLOSSARY, INITIATIVES, ORGANISATION, ROADMAP, MainWindow


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _focus_chain(page: QWidget) -> list[QWidget]:
    """The widgets Tab visits on a page, in order."""
    chain: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and len(chain) < 200:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(page) and page.isAncestorOf(widget):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


_CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractItemView)


@pytest.mark.parametrize("tab", [INITIATIVES, ROADMAP, ORGANISATION, GLOSSARY])
def test_every_control_explains_itself(window: MainWindow, tab: int) -> None:
    window.tabs.setCurrentIndex(tab)
    controls = [w for w in _focus_chain(window.tabs.currentWidget()) if isinstance(w, _CONTROLS)]
    assert controls
    silent = [type(w).__name__ for w in controls if not w.toolTip()]
    assert silent == []


def test_tab_order_follows_the_page_from_top_left(window: MainWindow) -> None:
    page = window.initiatives_page
    assert _focus_chain(page)[:5] == [page.search, page.area_filter, page.section_filter, page.table, page.description]
    window.tabs.setCurrentIndex(ORGANISATION)
    organisation = window.organisation_page
    chain = _focus_chain(organisation)
    expected = [
        organisation.body_list,
        organisation.name,
        organisation.kind,
        organisation.status,
        organisation.description,
        organisation.roles,
        organisation.duties,
        organisation.members,
    ]
    assert [w for w in chain if w in expected] == expected


def test_organisation_is_edited_with_the_keyboard_alone(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    window.tabs.setCurrentIndex(ORGANISATION)
    page = window.organisation_page
    # Choose a body with the arrow keys.
    page.body_list.setFocus()
    qtbot.keyClick(page.body_list, Qt.Key.Key_End)
    team = page.current_body()
    assert team is not None and team.name.startswith("電子申請推進チーム")
    # Make a section a member with the space bar.
    members = page.members
    row = 0
    name = page.members_model.index(row, 0).data()
    was_member = name in team.members
    members.setFocus()
    members.setCurrentIndex(page.members_model.index(row, 0))
    qtbot.keyClick(members, Qt.Key.Key_Space)
    stored = next(b for b in load_snapshot(database).bodies if b.id == team.id)
    assert (name in stored.members) is not was_member
    # Back to the first body, and rename its first role: F2, type, Enter.
    page.body_list.setFocus()
    qtbot.keyClick(page.body_list, Qt.Key.Key_Home)
    headquarters = page.current_body()
    assert headquarters is not None and headquarters.name == "DX推進本部"
    page.roles.setFocus()
    page.roles.setCurrentIndex(page.roles_model.index(0, 0))
    qtbot.keyClick(page.roles, Qt.Key.Key_F2)
    editor = page.roles.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Leader")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop pass
    qtbot.waitUntil(lambda: page.roles.state() != QAbstractItemView.State.EditingState)
    stored = next(b for b in load_snapshot(database).bodies if b.id == headquarters.id)
    assert stored.roles[0].title == "Leader"
    assert page.roles_model.index(0, 0).data() == "Leader"


def test_a_term_is_edited_in_place_and_stays_selected(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    window.tabs.setCurrentIndex(GLOSSARY)
    table, proxy = window.glossary_table, window.glossary_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "LAN")
    index = proxy.index(row, 1)  # 読み
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "lan")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert {t.term: t.reading for t in load_snapshot(database).glossary}["LAN"] == "lan"
    # The value changed, not the rows: the cursor is still on the term just edited.
    assert table.currentIndex().data() == "lan"
