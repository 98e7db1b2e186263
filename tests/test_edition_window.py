"""A saved edition in the window: shown as it was beside the draft, never changed, printed and exported as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QSettings, QUrl
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.editions import create_edition, edition_snapshot
from shiraoka_dx_desktop.services.edits import set_initiative
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.edition_window import EditionWindow
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.print_preview import PrintPreviewDialog
from shiraoka_dx_desktop.ui.window_tabs import POLICY

RENAMED = "転出・転入手続きのワンストップ化（電子申請）"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, database: Database, settings: QSettings) -> MainWindow:
    """The main window over a policy with 第4版 saved and the first initiative renamed since (the draft of 第5版)."""
    create_edition(database, "第4版", year=2026, month=4, user="事務局", note="進捗管理を追加")
    first = load_snapshot(database).initiatives[0]
    shown = MainWindow(Document(database, "事務局"), settings)
    qtbot.addWidget(shown)
    shown.document.submit("取組項目名の変更", [set_initiative(first.id, name=RENAMED)])
    return shown


def _pick(monkeypatch: pytest.MonkeyPatch, wanted: str, offered: list[list[str]]) -> None:
    def get_item(parent: QWidget, title: str, text: str, items: list[str], *args: object) -> tuple[str, bool]:
        offered.append(list(items))
        return next(item for item in items if item.startswith(wanted)), True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))


def _edition_windows() -> list[EditionWindow]:
    return [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, EditionWindow)]


def _open(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, wanted: str) -> EditionWindow:
    offered: list[list[str]] = []
    _pick(monkeypatch, wanted, offered)
    window.show_edition_action.trigger()
    assert offered == [["第4版（令和8年4月改訂）", "第3版（令和5年11月改訂）"]]  # newest first, saved ones only
    (shown,) = _edition_windows()
    qtbot.addWidget(shown)
    return shown


def test_a_saved_edition_is_shown_as_it_was_beside_the_draft(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _open(qtbot, window, monkeypatch, "第4版")
    frozen = edition_snapshot(database, "第4版")
    assert "第4版（保存された版・読み取り専用）" in shown.windowTitle()
    banner = shown.findChild(QLabel, "editionBanner")
    assert banner is not None and "第4版（令和8年4月改訂）" in banner.text() and "進捗管理を追加" in banner.text()
    assert [shown.tabs.tabText(i) for i in range(shown.tabs.count())] == [
        "方針",
        "取組項目",
        "工程表",
        "推進体制",
        "用語集",
    ]

    initiatives = shown.initiatives_page.model
    assert initiatives.rowCount() == len(frozen.initiatives)
    assert initiatives.initiative(0).name == frozen.initiatives[0].name != RENAMED
    assert window.initiative_model.initiative(0).name == RENAMED  # the draft, in the main window
    roadmap = shown.roadmap_page.model
    first_row = roadmap.row_of(frozen.initiatives[0].id)
    assert first_row is not None and roadmap.index(first_row, 0).data() == frozen.initiatives[0].name
    year, cell = next(iter(frozen.initiatives[0].cells.items()))
    assert roadmap.index(first_row, roadmap.column_of_year(year)).data() == cell.value.label
    assert shown.glossary_page.model.rowCount() == len(frozen.glossary)
    policy = shown.policy_browser.toPlainText()
    assert frozen.vision in policy and "第4版" in policy and "第5版" not in policy
    organisation = shown.organisation_browser.toPlainText()
    assert all(body.name in organisation for body in frozen.bodies)
    assert all(duty in organisation for body in frozen.bodies for duty in body.duties)
    assert "DX推進本部 本部（設置済）" in organisation and "headquarters" not in organisation

    window.document.undo_stack.undo()  # the draft changes again: the edition does not
    assert window.initiative_model.initiative(0).name == frozen.initiatives[0].name
    assert shown.initiatives_page.model.initiative(0).name == frozen.initiatives[0].name


def test_nothing_in_a_saved_edition_can_be_changed(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _open(qtbot, window, monkeypatch, "第3版")
    before = edition_snapshot(database, "第3版")
    draft = load_snapshot(database)
    no_edits = QAbstractItemView.EditTrigger.NoEditTriggers
    assert shown.initiatives_page.table.editTriggers() == no_edits
    assert shown.roadmap_page.view.editTriggers() == no_edits
    assert shown.glossary_page.table.editTriggers() == no_edits
    shown.initiatives_page.table.setCurrentIndex(shown.initiatives_page.proxy.index(0, 1))
    assert shown.initiatives_page.description.isReadOnly()
    assert "Ctrl+F" not in shown.initiatives_page.search.placeholderText()  # the main window's shortcut

    view = shown.roadmap_page.view
    row = shown.roadmap_page.model.row_of(before.initiatives[0].id)
    assert row is not None
    view.setCurrentIndex(shown.roadmap_page.model.index(row, 1))
    assert view.paste("■") is False and view.fill(None) is False
    assert "「第3版」は保存された版なので変更できません" in shown.message.text()
    assert shown.roadmap_page.model.setData(shown.roadmap_page.model.index(row, 0), "別の名前") is False
    assert edition_snapshot(database, "第3版") == before
    assert load_snapshot(database).initiatives == draft.initiatives


def test_the_policy_tab_links_each_saved_edition_to_its_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.tabs.setCurrentIndex(POLICY)
    html = window.policy_browser.toHtml()
    assert html.count("［表示］") == 3  # 第3版 and 第4版 (第1版 and 第2版 were never saved), and the note saying so
    assert "ここで編集する内容は、第4版の次の版の作業中の内容です" in window.policy_browser.toPlainText()
    assert "edition:%E7%AC%AC3%E7%89%88" in html
    window.policy_browser.anchorClicked.emit(QUrl("edition:%E7%AC%AC3%E7%89%88"))
    (shown,) = _edition_windows()
    qtbot.addWidget(shown)
    assert "第3版" in shown.windowTitle()


def test_a_saved_edition_prints_and_exports_as_it_was(
    qtbot: QtBot, window: MainWindow, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _open(qtbot, window, monkeypatch, "第3版")
    old_name = edition_snapshot(database, "第3版").initiatives[0].name
    proposed: list[str] = []

    def save(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        proposed.append(Path(directory).name)
        return str(tmp_path / Path(directory).name), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(PrintPreviewDialog, "exec", lambda dialog: dialog.save() and 1)
    shown.print_preview()
    pdf = tmp_path / proposed[-1]
    assert "第3版" in proposed[-1] and pdf.exists()
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert old_name in printed and RENAMED not in printed and "第3版" in printed
    assert f"PDFを保存しました: {pdf}" == shown.message.text()

    _pick(monkeypatch, "A4", [])
    shown.export_workbook()
    xlsx = tmp_path / proposed[-1]
    assert "第3版" in xlsx.name and xlsx.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        cells = [cell for row in workbook["取組項目"].iter_rows(values_only=True) for cell in row]
    finally:
        workbook.close()
    assert old_name in cells and RENAMED not in cells
    assert "第3版の内容" in shown.message.text()


def test_with_no_saved_edition_the_window_says_how_to_make_one(
    qtbot: QtBot, database: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(database.path) as connection:
        connection.execute("DELETE FROM edition_snapshot")
    window = MainWindow(Document(database, "事務局"), settings)
    qtbot.addWidget(window)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *args: said.append(text))
    window.show_edition_action.trigger()
    assert said and "［方針］→［新しい版を作成］" in said[0]
    assert not _edition_windows()
    window.tabs.setCurrentIndex(POLICY)
    assert "［表示］" not in window.policy_browser.toPlainText()


def test_closing_an_edition_window_deletes_it(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _pick(monkeypatch, "第4版", [])
    window.show_edition_action.trigger()
    (shown,) = _edition_windows()
    shown.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not _edition_windows()
