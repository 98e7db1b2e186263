"""The 進捗 tab as a section's DX推進委員 uses it: a year's 評価, 実績, 課題 and 次年度の取組, entered, undone, filtered."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.domain.progress import evaluation_id, grade_id
from shiraoka_dx_desktop.services.progress import default_fiscal_year
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import INITIATIVES, PROGRESS, MainWindow
from shiraoka_dx_desktop.ui.progress_filter import NO_GRADE
from shiraoka_dx_desktop.ui.progress_models import ProgressTableModel as M
from shiraoka_dx_desktop.ui.progress_page import ProgressPage

from .progress_seed import CONVENIENCE, KIOSK, ONE_STOP, enter_progress, initiative_id
from .test_main_window import type_japanese


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    enter_progress(database)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(database, "市民課 白岡"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_progress(window: MainWindow, year: int = 2025) -> ProgressPage:
    window.tabs.setCurrentIndex(PROGRESS)
    page = window.progress_page
    choose_year(page, year)
    return page


def choose_year(page: ProgressPage, year: int) -> None:
    """Pick a year in the selector, as a click on its item does."""
    combo = page.filters.year
    index = combo.findData(year)
    assert index >= 0, year
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    QApplication.processEvents()  # the turn of the event loop after the click, where the dashboard is counted


def row_of(page: ProgressPage, name: str) -> int:
    """The row of an initiative in the table as shown (filtered and sorted)."""
    rows = [r for r in range(page.proxy.rowCount()) if page.proxy.index(r, M.NAME).data() == name]
    assert len(rows) == 1, name
    return rows[0]


def cell(page: ProgressPage, name: str, column: int) -> str:
    return str(page.proxy.index(row_of(page, name), column).data() or "")


def shown_names(page: ProgressPage) -> list[str]:
    return [page.proxy.index(r, M.NAME).data() for r in range(page.proxy.rowCount())]


def stored(database: Database, initiative: str, year: int) -> tuple[object, ...] | None:
    with database.reader() as connection:
        row = connection.execute(
            "SELECT grade_id, result, issues, next_steps, updated_by FROM evaluation WHERE id = ?",
            (evaluation_id(initiative, year),),
        ).fetchone()
    return tuple(row) if row else None


def edit_text_cell(qtbot: QtBot, page: ProgressPage, name: str, column: int, text: str) -> None:
    """Open the cell's editor, type (Alt+Enter for a new line, as in Excel) and press Enter."""
    index = page.proxy.index(row_of(page, name), column)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    editor.selectAll()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        type_japanese(editor, line)
        if number < len(lines) - 1:
            qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)


def choose_grade(qtbot: QtBot, page: ProgressPage, name: str, text: str) -> None:
    """Open the 評価 cell's drop-down and pick the item reading ``text``."""
    index = page.proxy.index(row_of(page, name), M.GRADE)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    combo = page.table.focusWidget()
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["A 目標より進んでいる", "B 目標どおり", "C 目標より遅れている", "D 評価できない", "（評価なし）"]
    combo.setCurrentIndex(items.index(text))
    combo.activated.emit(items.index(text))
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)


def test_the_tab_comes_after_the_roadmap_and_is_built_when_first_shown(window: MainWindow) -> None:
    assert window.tabs.tabText(PROGRESS) == "進捗" and window.tabs.tabText(PROGRESS - 1) == "工程表"
    assert window.tabs.built(PROGRESS) is None
    window.tabs.setCurrentIndex(PROGRESS)
    page = window.progress_page
    assert page.model.rowCount() == 28 and page.table.isVisible()
    years = [page.filters.year.itemText(i) for i in range(page.filters.year.count())]
    assert years == [f"令和{n}年度（{2018 + n}）" for n in range(5, 10)]
    this_year = default_fiscal_year(window.document.snapshot)
    assert page.filters.year.currentData() == page.fiscal_year == this_year
    headings = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headings == [
        "取組",
        "取組項目",
        "事業主管課",
        "工程",
        "評価",
        "目安",
        "実績",
        "課題",
        "次年度の取組",
        "記入者",
        "記入日",
    ]


def test_a_years_entries_are_shown_with_the_roadmap_phase_and_who_entered_them(window: MainWindow) -> None:
    page = open_progress(window, 2025)
    assert cell(page, CONVENIENCE, M.GRADE) == "A" and cell(page, CONVENIENCE, M.RESULT) == "交付を開始した"
    assert cell(page, CONVENIENCE, M.PHASE) == "継続実施"  # the roadmap's 令和7年度
    assert cell(page, CONVENIENCE, M.LEAD_SECTION) == "市民課"
    assert cell(page, ONE_STOP, M.ISSUES) == "仕様の確定 人員"  # on one line in the table
    assert cell(page, CONVENIENCE, M.ENTERED_BY) == "市民課 白岡"
    assert cell(page, CONVENIENCE, M.ENTERED_AT).startswith("R")
    tooltip = page.proxy.index(row_of(page, CONVENIENCE), M.GRADE).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("A 目標より進んでいる")

    choose_year(page, 2024)
    assert cell(page, CONVENIENCE, M.GRADE) == "B" and cell(page, CONVENIENCE, M.RESULT) == "準備を終えた"
    assert cell(page, ONE_STOP, M.GRADE) == "" and cell(page, ONE_STOP, M.ISSUES) == ""
    choose_year(page, 2025)
    assert cell(page, ONE_STOP, M.GRADE) == "C"


def test_grade_and_texts_typed_into_the_table_are_stored_and_undone(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2025)
    kiosk = initiative_id(database, KIOSK)
    choose_grade(qtbot, page, KIOSK, "B 目標どおり")
    edit_text_cell(qtbot, page, KIOSK, M.RESULT, "3台設置した\n操作の案内を掲示した")
    edit_text_cell(qtbot, page, KIOSK, M.ISSUES, "利用が少ない")
    edit_text_cell(qtbot, page, KIOSK, M.NEXT_STEPS, "周知を強める")
    assert stored(database, kiosk, 2025) == (
        grade_id("B"),
        "3台設置した\n操作の案内を掲示した",
        "利用が少ない",
        "周知を強める",
        "市民課 白岡",
    )
    assert cell(page, KIOSK, M.GRADE) == "B" and cell(page, KIOSK, M.RESULT) == "3台設置した 操作の案内を掲示した"
    assert page.detail.texts["result"].toPlainText() == "3台設置した\n操作の案内を掲示した"
    stack = window.document.undo_stack
    assert stack.text(stack.count() - 1) == f"次年度の取組を変更（{KIOSK} 令和7年度）"

    for _ in range(4):
        window.undo_action.trigger()
    assert stored(database, kiosk, 2025) == (None, "設置場所を調整した", "", "", "市民課 白岡")
    assert cell(page, KIOSK, M.GRADE) == "" and cell(page, KIOSK, M.RESULT) == "設置場所を調整した"
    window.redo_action.trigger()
    assert cell(page, KIOSK, M.GRADE) == "B" and stored(database, kiosk, 2025)[0] == grade_id("B")  # type: ignore[index]


def test_the_first_entry_creates_the_evaluation_and_undo_removes_it(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2026)
    kiosk = initiative_id(database, KIOSK)
    assert stored(database, kiosk, 2026) is None
    choose_grade(qtbot, page, KIOSK, "D 評価できない")
    assert stored(database, kiosk, 2026) == (grade_id("D"), "", "", "", "市民課 白岡")
    window.undo_action.trigger()
    assert stored(database, kiosk, 2026) is None and cell(page, KIOSK, M.GRADE) == ""
    # Choosing no grade for an initiative with nothing entered stores nothing.
    choose_grade(qtbot, page, KIOSK, "（評価なし）")
    assert stored(database, kiosk, 2026) is None and not window.undo_action.isEnabled()


def test_the_texts_typed_below_the_table_are_saved_as_one_undo_step(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2025)
    page.table.setCurrentIndex(page.proxy.index(row_of(page, KIOSK), M.NAME))
    assert "キオスク端末の導入" in page.detail.title.text()
    editor = page.detail.texts["issues"]
    editor.setFocus()
    for word in ("設置場所", "の確保", "が難しい"):
        type_japanese(editor, word)
        qtbot.wait(page.detail.SAVE_DELAY_MS + 100)  # saved after each pause
    assert stored(database, initiative_id(database, KIOSK), 2025)[2] == "設置場所の確保が難しい"  # type: ignore[index]
    assert cell(page, KIOSK, M.ISSUES) == "設置場所の確保が難しい"
    count = window.document.undo_stack.count()
    window.undo_action.trigger()  # one step for the run of typing
    assert window.document.undo_stack.index() == count - 1
    assert editor.toPlainText() == "" and cell(page, KIOSK, M.ISSUES) == ""


def test_the_grade_chosen_below_the_table_is_stored(window: MainWindow, database: Database) -> None:
    page = open_progress(window, 2025)
    page.table.setCurrentIndex(page.proxy.index(row_of(page, KIOSK), M.NAME))
    combo = page.detail.grade
    index = combo.findData(grade_id("C"))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    QApplication.processEvents()  # the turn of the event loop after the click, where the dashboard is counted
    assert stored(database, initiative_id(database, KIOSK), 2025)[0] == grade_id("C")  # type: ignore[index]
    assert cell(page, KIOSK, M.GRADE) == "C"


def test_the_suggested_grade_is_shown_beside_the_grade_and_never_in_its_place(
    window: MainWindow, database: Database
) -> None:
    page = open_progress(window, 2025)
    # One-stop: its indicator is at 30 % of the way where 60 % was due: C, as its section also said.
    assert (cell(page, ONE_STOP, M.GRADE), cell(page, ONE_STOP, M.SUGGESTED)) == ("C", "C")
    # Kiosks: the waiting time is ahead (90 % of the way): A suggested; the section has no grade yet.
    assert (cell(page, KIOSK, M.GRADE), cell(page, KIOSK, M.SUGGESTED)) == ("", "A")
    tooltip = page.proxy.index(row_of(page, KIOSK), M.SUGGESTED).data(Qt.ItemDataRole.ToolTipRole)
    assert "目安: A 目標より進んでいる（評価は変わりません）" in tooltip and "窓口の平均待ち時間" in tooltip
    assert cell(page, CONVENIENCE, M.SUGGESTED) == ""  # no indicator, no suggestion
    page.table.setCurrentIndex(page.proxy.index(row_of(page, KIOSK), M.NAME))
    assert page.detail.suggestion.text() == "目安（指標から）: A 目標より進んでいる"
    assert page.detail.grade.currentText() == "（評価なし）"
    assert stored(database, initiative_id(database, KIOSK), 2025)[0] is None  # type: ignore[index]


def test_filters_show_the_rows_they_name(window: MainWindow) -> None:
    page = open_progress(window, 2025)
    bar = page.filters
    bar.unentered.setChecked(True)  # nothing at all entered: 25 of 28
    assert len(shown_names(page)) == 25 and CONVENIENCE not in shown_names(page) and KIOSK not in shown_names(page)
    assert bar.count.text() == "25 / 28 件"
    bar.unentered.setChecked(False)
    bar.choose(bar.grade, grade_id("A"))
    assert shown_names(page) == [CONVENIENCE]
    bar.choose(bar.grade, NO_GRADE)
    assert len(shown_names(page)) == 26 and KIOSK in shown_names(page)  # 実績 only: no grade
    bar.choose(bar.grade, "__all__")
    bar.choose(bar.section, "市民課")
    assert sorted(shown_names(page)) == sorted([KIOSK, CONVENIENCE])
    bar.choose(bar.section, "__all__")
    type_japanese(bar.search, "人員")  # in one-stop's 課題
    assert shown_names(page) == [ONE_STOP]
    bar.search.clear()
    area = window.document.snapshot.areas[6]
    bar.choose(bar.area, area.id)
    assert len(shown_names(page)) == len(window.document.snapshot.initiatives_of(area.id))


def test_ctrl_f_on_the_tab_goes_to_its_search(window: MainWindow, qtbot: QtBot) -> None:
    page = open_progress(window, 2025)
    page.table.setFocus()
    window.focus_search()
    assert window.tabs.currentIndex() == PROGRESS
    qtbot.waitUntil(page.filters.search.hasFocus)


def test_a_row_entered_while_filtered_stays_until_the_filter_is_chosen_again(window: MainWindow, qtbot: QtBot) -> None:
    page = open_progress(window, 2025)
    page.filters.unentered.setChecked(True)
    first = shown_names(page)[0]
    choose_grade(qtbot, page, first, "B 目標どおり")
    assert shown_names(page)[0] == first and cell(page, first, M.GRADE) == "B"  # still there, as typed
    page.filters.unentered.setChecked(False)
    page.filters.unentered.setChecked(True)
    assert first not in shown_names(page)


def test_undo_of_an_evaluation_from_another_tab_shows_the_progress_tab_and_its_year(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2025)
    choose_grade(qtbot, page, KIOSK, "A 目標より進んでいる")
    choose_year(page, 2024)
    window.tabs.setCurrentIndex(INITIATIVES)
    window.undo_action.trigger()
    assert window.tabs.currentIndex() == PROGRESS
    assert page.fiscal_year == 2025 and page.filters.year.currentData() == 2025  # the year of the undone 評価
    assert cell(page, KIOSK, M.GRADE) == ""
    assert page.current_initiative() is not None and page.current_initiative().name == KIOSK  # type: ignore[union-attr]
    assert "進捗タブ" in window.statusBar().currentMessage()


def test_the_lead_section_is_chosen_from_the_list_and_refused_when_not_in_it(
    window: MainWindow, database: Database, refusals: list[str]
) -> None:
    page = open_progress(window, 2025)
    index = page.proxy.index(row_of(page, KIOSK), M.LEAD_SECTION)
    assert page.proxy.setData(index, "総務課")
    assert cell(page, KIOSK, M.LEAD_SECTION) == "総務課"
    window.tabs.setCurrentIndex(INITIATIVES)  # the 取組項目 tab shows it too
    model = window.initiative_model
    row = next(r for r in range(model.rowCount()) if model.initiative(r).name == KIOSK)
    assert model.index(row, model.LEAD_SECTION).data() == "総務課"
    window.tabs.setCurrentIndex(PROGRESS)
    assert not page.proxy.setData(index, "存在しない課")
    assert refusals == ["「存在しない課」は部・課の一覧にありません。一覧から選んでください。"]
    assert cell(page, KIOSK, M.LEAD_SECTION) == "総務課"


def test_a_value_edit_is_refreshed_in_place_and_a_deletion_reloads(window: MainWindow, database: Database) -> None:
    page = open_progress(window, 2025)
    snapshot = window.document.snapshot
    reloads: list[None] = []
    window.document.reloaded.connect(lambda: reloads.append(None))
    page.table.setCurrentIndex(page.proxy.index(row_of(page, ONE_STOP), M.NAME))
    assert page.proxy.setData(page.proxy.index(row_of(page, ONE_STOP), M.RESULT), "契約した")
    assert window.document.snapshot is snapshot and reloads == []  # nothing read but the evaluation
    assert page.current_initiative().name == ONE_STOP  # type: ignore[union-attr]
    # Deleting the initiative (its evaluation and indicator go with it) lays the rows out again.
    from shiraoka_dx_desktop.services import commands

    initiative = next(i for i in snapshot.initiatives if i.name == ONE_STOP)
    window.document.submit("削除", commands.delete_initiative(initiative))
    assert reloads == [None] and ONE_STOP not in shown_names(page) and page.model.rowCount() == 27
    window.undo_action.trigger()
    assert cell(page, ONE_STOP, M.RESULT) == "契約した" and cell(page, ONE_STOP, M.SUGGESTED) == "C"


@pytest.fixture
def no_database_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a view read the database while painting")

    def start() -> None:
        monkeypatch.setattr(Database, "reader", refuse)
        monkeypatch.setattr(Database, "session", refuse)

    yield start  # type: ignore[misc]


def test_scrolling_and_selecting_read_nothing_from_the_database(
    window: MainWindow, no_database_reads: object, qtbot: QtBot
) -> None:
    window.resize(900, 400)
    page = open_progress(window, 2025)
    # The dashboard reads the other years between what the user does; once it has, nothing is read.
    years = window.document.snapshot.years
    qtbot.waitUntil(lambda: all(year in page.dashboard.tallies for year in years), timeout=10_000)
    no_database_reads()  # type: ignore[operator]
    bar = page.table.verticalScrollBar()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        page.table.viewport().repaint()
    for row in range(page.proxy.rowCount()):
        page.table.setCurrentIndex(page.proxy.index(row, M.NAME))
    page.dashboard.refresh()
    window.repaint()


def test_every_model_of_the_tab_passes_the_model_tester_through_edits_undo_and_reload(  # type: ignore[no-untyped-def]
    qtmodeltester, window: MainWindow, database: Database
) -> None:
    page = open_progress(window, 2025)
    page.table.setCurrentIndex(page.proxy.index(row_of(page, ONE_STOP), M.NAME))
    for model in (
        page.model,
        page.proxy,
        page.indicators.model,
        page.dashboard.sections_model,
        page.dashboard.behind_model,
    ):
        qtmodeltester.check(model)
    assert page.proxy.setData(page.proxy.index(row_of(page, ONE_STOP), M.GRADE), grade_id("B"))
    indicators = page.indicators.model
    assert indicators.setData(indicators.index(0, indicators.column_of("actual", 2025)), "500")
    assert indicators.setData(indicators.index(0, indicators.column_of("name")), "電子申請の件数")
    choose_year(page, 2026)
    for _ in range(3):
        window.undo_action.trigger()
    window.document.reload()
    page.dashboard.refresh()
    assert page.model.rowCount() == 28 and cell(page, ONE_STOP, M.GRADE) == "C"


def test_nothing_of_the_tab_is_imported_until_it_is_first_shown(db_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from shiraoka_dx_desktop.ui.app import make_application
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow, PROGRESS
app = make_application()
window = MainWindow(Document(open_database(Path({str(db_path)!r})), "t"), QSettings({str(db_path.with_suffix(".ini"))!r}, QSettings.Format.IniFormat))
window.show()
app.processEvents()
tab = ("ui.progress", "ui.indicator", "ui.grade_bars", "services.progress_")  # the tab's own modules
ours = lambda: sorted(m for m in sys.modules if any(m.startswith("shiraoka_dx_desktop." + t) for t in tab))
print(ours())
window.tabs.setCurrentIndex(PROGRESS)
print("shiraoka_dx_desktop.ui.progress_page" in ours())
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    before, after = result.stdout.split("\n")[:2]
    assert before == "[]" and after == "True"
