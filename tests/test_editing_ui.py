"""Editing as a committee member does it: typing in cells, ranges, undo across tabs, restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import GLOSSARY, ROADMAP, MainWindow
from shiraoka_dx_desktop.ui.models import GlossaryModel, InitiativeTableModel, RoadmapModel
from shiraoka_dx_desktop.ui.settings import DEFAULT_FONT_SIZE

from .test_main_window import type_japanese


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def _open(qtbot, database: Database, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Document(database, "委員A"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, database: Database, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    return _open(qtbot, database, settings)


def _row(model: RoadmapModel, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def _labels(model: RoadmapModel, name: str) -> list[str]:
    row = _row(model, name)
    return [model.index(row, column).data(Qt.ItemDataRole.EditRole) for column in range(1, model.columnCount())]


def _stored(database: Database, name: str) -> dict[int, str]:
    initiative = next(item for item in load_snapshot(database).initiatives if item.name == name)
    return {year: cell.value.label or "■" for year, cell in initiative.cells.items()}


def _select(view, top: int, left: int, bottom: int, right: int) -> None:  # type: ignore[no-untyped-def]
    model = view.model()
    view.setCurrentIndex(model.index(top, left))
    selection = QItemSelection(model.index(top, left), model.index(bottom, right))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_typing_a_phase_into_a_cell_saves_it_at_once(window: MainWindow, qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex(ROADMAP)
    view, model = window.roadmap_view, window.roadmap_model
    index = model.index(_row(model, "条例改正"), model.column_of_year(2026))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.completer() is not None
    type_japanese(editor, "継続実施")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)  # the delegate commits on the next turn
    assert _labels(model, "条例改正") == ["", "", "実施", "継続実施", ""]
    assert _stored(database, "条例改正") == {2025: "実施", 2026: "継続実施"}
    assert window.document.undo_stack.count() == 1
    assert "条例改正 令和8年度" in window.document.undo_stack.text(0)


def test_delete_clears_a_range_and_undo_redo_follow_the_shortcuts(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    window.tabs.setCurrentIndex(ROADMAP)
    view, model = window.roadmap_view, window.roadmap_model
    row = _row(model, "情報セキュリティ監査")
    _select(view, row, 1, row + 1, 5)  # 監査 and 職員研修, every year
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _labels(model, "情報セキュリティ監査") == [""] * 5
    assert _labels(model, "職員研修の実施") == [""] * 5
    assert _stored(database, "職員研修の実施") == {}
    assert window.document.undo_stack.count() == 1  # one step for the whole range

    window.undo_action.trigger()
    assert _labels(model, "職員研修の実施") == ["実施"] + ["毎年度実施"] * 4
    assert _stored(database, "情報セキュリティ監査")[2023] == "実施"
    window.redo_action.trigger()
    assert _stored(database, "情報セキュリティ監査") == {}
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert {s.toString() for s in window.redo_action.shortcuts()} == {"Ctrl+Y", "Ctrl+Shift+Z"}


def test_copy_gives_excel_text_and_paste_fills_cells_in_one_step(window: MainWindow, database: Database) -> None:
    window.tabs.setCurrentIndex(ROADMAP)
    view, model = window.roadmap_view, window.roadmap_model
    row = _row(model, "コンビニ交付")
    _select(view, row, 3, row, 5)
    assert view.copy_selection() == "継続実施\t拡大の検討\t拡大の検討\r\n"
    assert QGuiApplication.clipboard().text() == "継続実施\t拡大の検討\t拡大の検討\r\n"

    # Paste two rows from Excel below a heading: the heading row is skipped.
    target = _row(model, "推進体制の立ち上げ")
    view.setCurrentIndex(model.index(target - 1, 2))  # the heading of (3)
    assert view.paste("調査\t検討\r\n■\t\r\n")
    assert _labels(model, "推進体制の立ち上げ") == ["■", "調査", "検討", "", ""]
    assert _labels(model, "現行システムの概要調査") == ["■", "■", "", "", ""]
    assert _stored(database, "推進体制の立ち上げ") == {2023: "■", 2024: "調査", 2025: "検討"}
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert _labels(model, "推進体制の立ち上げ") == ["■", "", "", "", ""]


def test_fill_a_range_with_a_phase(window: MainWindow, monkeypatch: pytest.MonkeyPatch, database: Database) -> None:
    from PySide6.QtWidgets import QInputDialog

    window.tabs.setCurrentIndex(ROADMAP)
    view, model = window.roadmap_view, window.roadmap_model
    row = _row(model, "条例改正")
    _select(view, row, 3, row, 5)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: ("準備", True))
    window.fill_action.trigger()
    assert _labels(model, "条例改正") == ["", "", "準備", "準備", "準備"]
    bar = model.index(row, 4).data(Qt.ItemDataRole.UserRole + 1).bar
    assert (bar.first_year, bar.last_year) == (2025, 2027)


def test_undo_spans_tabs(window: MainWindow, database: Database) -> None:
    glossary = window.glossary_model
    lan = next(r for r in range(glossary.rowCount()) if glossary.index(r, 0).data() == "LAN")
    assert glossary.index(lan, GlossaryModel.UPDATED).data().startswith("初期データ（令和")
    assert glossary.setData(glossary.index(lan, 2), "庁内のネットワーク。")
    assert glossary.index(lan, GlossaryModel.UPDATED).data().startswith("委員A（令和")
    assert not glossary.flags(glossary.index(lan, GlossaryModel.UPDATED)) & Qt.ItemFlag.ItemIsEditable
    roadmap = window.roadmap_model
    assert roadmap.setData(roadmap.index(_row(roadmap, "条例改正"), 1), "検討")
    stack = window.document.undo_stack
    assert stack.count() == 2
    stack.undo()
    assert _stored(database, "条例改正") == {2025: "実施"}
    stack.undo()
    terms = {term.term: term.explanation for term in load_snapshot(database).glossary}
    assert terms["LAN"].startswith("Local Area Network の略")
    assert glossary.index(lan, 2).data().startswith("Local Area Network")


def test_a_duplicate_name_is_refused_with_a_message_and_nothing_changes(
    window: MainWindow, refusals: list[str], database: Database
) -> None:
    model = window.initiative_model
    row = next(r for r in range(model.rowCount()) if model.initiative(r).name == "キオスク端末の導入")
    assert not model.setData(model.index(row, InitiativeTableModel.NAME), "コンビニ交付")
    assert refusals == [
        "「(2) マイナンバーカードの普及促進」には「コンビニ交付」という取組項目が既にあります。別の名前にしてください。"
    ]
    assert model.index(row, InitiativeTableModel.NAME).data() == "キオスク端末の導入"
    assert window.document.undo_stack.count() == 0
    assert not model.setData(model.index(row, InitiativeTableModel.LEAD_SECTION), "存在しない課")
    assert "部・課の一覧にありません" in refusals[-1]


def test_lead_section_and_rename_show_who_changed_it(window: MainWindow, database: Database) -> None:
    model = window.initiative_model
    row = next(r for r in range(model.rowCount()) if model.initiative(r).name == "コンビニ交付")
    assert model.setData(model.index(row, InitiativeTableModel.LEAD_SECTION), "市民課")
    assert model.index(row, InitiativeTableModel.LEAD_SECTION).data() == "市民課"
    assert model.index(row, InitiativeTableModel.UPDATED_BY).data() == "委員A"
    assert model.setData(model.index(row, InitiativeTableModel.NAME), "コンビニ交付サービス")
    roadmap = window.roadmap_model
    assert _row(roadmap, "コンビニ交付サービス") > 0


def test_add_move_and_delete_an_initiative(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    from shiraoka_dx_desktop.ui.add_initiative_dialog import AddInitiativeDialog

    def fill_in(dialog: AddInitiativeDialog) -> int:
        dialog.area_box.setCurrentIndex(dialog.area_box.findText("(4) 自治体AI・RPAの利用促進"))
        dialog.name_edit.setText("生成AIの業務利用")
        dialog.add_button.click()
        return dialog.result()

    monkeypatch.setattr(AddInitiativeDialog, "exec", fill_in)
    window.add_initiative_action.trigger()
    roadmap = window.roadmap_model
    row = _row(roadmap, "生成AIの業務利用")
    assert roadmap.index(row - 1, 0).data() == "RPAを活用した書かない窓口システムの導入"

    window.tabs.setCurrentIndex(ROADMAP)
    window.roadmap_view.setCurrentIndex(roadmap.index(row, 0))
    window.move_up_action.trigger()
    row = _row(roadmap, "生成AIの業務利用")
    assert roadmap.index(row + 1, 0).data() == "RPAを活用した書かない窓口システムの導入"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.roadmap_view.setCurrentIndex(roadmap.index(row, 0))
    window.delete_initiative_action.trigger()
    assert all(roadmap.index(r, 0).data() != "生成AIの業務利用" for r in range(roadmap.rowCount()))
    assert len(load_snapshot(database).initiatives) == 28
    window.undo_action.trigger()  # undo the delete
    assert "生成AIの業務利用" in {item.name for item in load_snapshot(database).initiatives}


def test_closing_and_reopening_keeps_edits_and_layout(qtbot, db_path: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    database = open_database(db_path)
    window = _open(qtbot, database, settings)
    window.tabs.setCurrentIndex(GLOSSARY)
    window.step_font(1)
    roadmap = window.roadmap_model
    roadmap.setData(roadmap.index(_row(roadmap, "条例改正"), 1), "調査")
    window.close()
    database.close()

    reopened = open_database(db_path)
    again = _open(qtbot, reopened, settings)
    assert again.tabs.currentIndex() == GLOSSARY
    assert again.font_size() > DEFAULT_FONT_SIZE and again.font().pointSize() == again.font_size()
    assert _labels(again.roadmap_model, "条例改正")[0] == "調査"
    assert again.document.undo_stack.count() == 0  # opening is not an undoable step
    again.close()
    reopened.close()


def test_shortening_the_plan_period_asks_first(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    from PySide6.QtWidgets import QInputDialog

    answers = iter([("令和5年度", True), ("令和8年度", True)])
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: next(answers))
    asked: list[str] = []

    def decline(parent, title, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", decline)
    window.period_action.trigger()
    assert asked and "削除されます" in asked[0]
    assert load_snapshot(database).last_year == 2027

    answers = iter([("令和5年度", True), ("令和10年度", True)])
    window.period_action.trigger()
    assert window.roadmap_model.columnCount() == 7
    assert window.roadmap_model.headerData(6, Qt.Orientation.Horizontal) == "令和10年度\n2028"


def test_filters_by_area_and_lead_section(window: MainWindow) -> None:
    page = window.initiatives_page
    page.area_filter.setCurrentIndex(page.area_filter.findData(window.document.snapshot.areas[2].id))
    assert page.proxy.rowCount() == 10
    assert window.initiative_model.setData(
        window.initiative_model.index(
            next(r for r in range(28) if window.initiative_model.initiative(r).name == "条例改正"),
            InitiativeTableModel.LEAD_SECTION,
        ),
        "総務課",
    )
    page.section_filter.setCurrentIndex(page.section_filter.findData("総務課"))
    names = [page.proxy.index(r, InitiativeTableModel.NAME).data() for r in range(page.proxy.rowCount())]
    assert names == ["条例改正"]
    page.section_filter.setCurrentIndex(page.section_filter.findData("__unset__"))
    assert page.proxy.rowCount() == 9


def test_typing_a_description_is_saved_as_one_step(window: MainWindow, qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    page = window.initiatives_page
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 1).data() == "移行計画")
    page.table.setCurrentIndex(page.proxy.index(row, 1))
    assert page.description.isEnabled() and page.description.toPlainText() == ""
    page.description.setFocus()
    for word in ("標準準拠システムへの", "移行計画を", "策定する。"):
        type_japanese(page.description, word)
        qtbot.wait(page.DESCRIPTION_DELAY_MS + 100)
    descriptions = {i.name: i.description for i in load_snapshot(database).initiatives}
    assert descriptions["移行計画"] == "標準準拠システムへの移行計画を策定する。"
    assert window.document.undo_stack.count() == 1  # three saves, one undo step
    window.undo_action.trigger()
    assert {i.name: i.description for i in load_snapshot(database).initiatives}["移行計画"] == ""
    assert page.description.toPlainText() == ""


def test_a_description_is_saved_when_moving_to_another_row(window: MainWindow, database: Database) -> None:
    page = window.initiatives_page
    page.table.setCurrentIndex(page.proxy.index(0, 1))
    page.description.setPlainText("急いで入力した説明")
    page.table.setCurrentIndex(page.proxy.index(1, 1))  # before the pause has passed
    first = page.model.initiative(page.proxy.mapToSource(page.proxy.index(0, 1)).row())
    assert {i.id: i.description for i in load_snapshot(database).initiatives}[first.id] == "急いで入力した説明"


def test_moving_an_initiative_to_another_area_by_picking_it(window: MainWindow, qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox

    page = window.initiatives_page
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 1).data() == "LGWAN無線化")
    index = page.proxy.index(row, InitiativeTableModel.AREA)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    combo = page.table.focusWidget()
    assert isinstance(combo, QComboBox) and combo.count() == 7
    combo.setCurrentIndex(5)
    page.table.commitData(combo)
    moved = next(i for i in load_snapshot(database).initiatives if i.name == "LGWAN無線化")
    assert moved.area_id == window.document.snapshot.areas[5].id and moved.position == 2
