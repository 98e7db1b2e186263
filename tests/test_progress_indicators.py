"""Indicators on the 進捗 tab: added in a form, their actuals typed per year, what is not a number refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.indicator_dialog import AddIndicatorDialog
from shiraoka_dx_desktop.ui.indicator_model import ACTUAL, BASE, JUDGEMENT, NAME, PRORATED, TARGET_YEAR
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.progress_models import ProgressTableModel as M
from shiraoka_dx_desktop.ui.progress_page import ProgressPage

from .progress_seed import APPLICATIONS, CONVENIENCE, ONE_STOP, enter_progress
from .test_progress_tab import cell, open_progress, row_of


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    enter_progress(database)
    window = MainWindow(
        Document(database, "市民課 白岡"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _select(page: ProgressPage, name: str) -> None:
    page.table.setCurrentIndex(page.proxy.index(row_of(page, name), M.NAME))


def _rows(database: Database, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    with database.reader() as connection:
        return [tuple(row) for row in connection.execute(sql, parameters)]


def _shown(page: ProgressPage) -> list[list[str]]:
    model = page.indicators.model
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_selected_initiatives_indicators_show_every_years_actual_and_the_years_figures(window: MainWindow) -> None:
    page = open_progress(window, 2025)
    _select(page, ONE_STOP)
    model = page.indicators.model
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headings == [
        "指標名",
        "単位",
        *(f"令和{n}年度\n実績" for n in range(5, 10)),
        "年度の目標",
        "達成率",
        "判定（目安）",
        "基準値",
        "基準年度",
        "目標値",
        "目標年度",
    ]
    assert _shown(page) == [
        [
            *("オンライン申請の件数", "件"),
            *("", "", "250", "", ""),  # 令和5〜9年度
            *("400", "30%", "C 目標より遅れている"),
            *("100", "令和4年度", "600", "令和9年度"),
        ]
    ]
    assert page.bottom_tabs.tabText(1) == "指標（1 件）(&K)"
    _select(page, CONVENIENCE)
    assert _shown(page) == [] and page.indicators.heading.text().startswith("指標はまだありません")


def test_an_indicator_added_in_the_form_is_stored_selected_and_undone(
    window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_progress(window, 2025)
    _select(page, CONVENIENCE)
    problems: list[str] = []

    def fill_and_add(dialog: AddIndicatorDialog) -> int:
        dialog.name_edit.setText("コンビニ交付の件数")
        dialog.unit_edit.setText("件")
        dialog.base_edit.setText("１，２００")  # full-width, with a separator, as typed on a Japanese keyboard
        dialog.base_year_edit.setText("R4")
        dialog.target_edit.setText("２０００件")
        dialog.target_year_edit.setText("令和8年度")
        dialog.try_add()
        problems.append(dialog.problem.text())
        return 1

    monkeypatch.setattr(AddIndicatorDialog, "exec", fill_and_add)
    window.add_indicator_action.trigger()
    assert problems == [""]
    assert _rows(
        database,
        "SELECT name, unit, base_value, base_year, target_value, target_year FROM indicator WHERE name = ?",
        "コンビニ交付の件数",
    ) == [("コンビニ交付の件数", "件", 1200.0, 2022, 2000.0, 2026)]
    model = page.indicators.model
    assert model.index(0, model.column_of(NAME)).data() == "コンビニ交付の件数"
    current = page.indicators.table.currentIndex()
    assert (current.row(), current.column()) == (0, model.column_of(ACTUAL, 2025))  # ready for this year's 実績
    assert cell(page, CONVENIENCE, M.SUGGESTED) == "D"  # an indicator without an actual: cannot be judged
    window.undo_action.trigger()
    assert _rows(database, "SELECT count(*) FROM indicator") == [(2,)] and model.rowCount() == 0


def test_a_form_value_that_is_not_a_number_is_named_and_nothing_is_stored(
    window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_progress(window, 2025)
    _select(page, CONVENIENCE)
    problems: list[str] = []

    def fill_and_add(dialog: AddIndicatorDialog) -> int:
        dialog.name_edit.setText("交付件数")
        dialog.base_edit.setText("約千件")
        dialog.try_add()
        problems.append(dialog.problem.text())
        return 0

    monkeypatch.setattr(AddIndicatorDialog, "exec", fill_and_add)
    page.indicators.add_button.click()
    assert problems == ["基準値「約千件」は数値として読めません。数字で入力してください（例: 1200、3.5）。"]
    assert _rows(database, "SELECT count(*) FROM indicator") == [(2,)]
    assert window.document.undo_stack.count() == 0


def test_actuals_typed_into_the_table_are_stored_and_the_figures_follow(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2025)
    _select(page, ONE_STOP)
    model = page.indicators.model
    table = page.indicators.table
    index = model.index(0, model.column_of(ACTUAL, 2025))
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClicks(table, "4")  # typing into a cell opens its editor, in place of what it held
    qtbot.keyClicks(table.focusWidget(), "50")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)  # the delegate commits on the next turn
    assert _rows(
        database, "SELECT value FROM indicator_actual WHERE indicator_id = ? AND fiscal_year = 2025", APPLICATIONS
    ) == [(450.0,)]
    assert (
        model.index(0, model.column_of(JUDGEMENT)).data() == "A 目標より進んでいる"
    )  # 70 % of the way where 60 % was due
    assert cell(page, ONE_STOP, M.SUGGESTED) == "A"
    assert model.index(0, model.column_of(PRORATED)).data() == "400"
    # A year's actual emptied is removed.
    assert model.setData(model.index(0, model.column_of(ACTUAL, 2025)), "")
    assert _rows(database, "SELECT count(*) FROM indicator_actual WHERE indicator_id = ?", APPLICATIONS) == [(0,)]
    assert model.index(0, model.column_of(JUDGEMENT)).data() == "D 評価できない"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert model.index(0, model.column_of(ACTUAL, 2025)).data() == "250"


@pytest.mark.parametrize(
    ("column", "typed", "message"),
    [
        ((ACTUAL, 2025), "たくさん", "令和7年度の実績「たくさん」は数値として読めません"),
        ((BASE, None), "1.2.3", "基準値「1.2.3」は数値として読めません"),
        ((TARGET_YEAR, None), "来年", "目標年度「来年」は年度として読めません"),
        ((TARGET_YEAR, None), "2021", "目標年度は基準年度より後の年度にしてください"),
        ((NAME, None), "  ", "指標名を入力してください"),
    ],
)
def test_what_cannot_be_stored_is_refused_in_japanese_and_nothing_is_written(
    window: MainWindow,
    database: Database,
    refusals: list[str],
    column: tuple[str, int | None],
    typed: str,
    message: str,
) -> None:
    page = open_progress(window, 2025)
    _select(page, ONE_STOP)
    model = page.indicators.model
    before = _rows(database, "SELECT entity, record_id, revision FROM record_revision")
    assert not model.setData(model.index(0, model.column_of(*column)), typed)
    assert len(refusals) == 1 and message in refusals[0]
    assert _rows(database, "SELECT entity, record_id, revision FROM record_revision") == before
    assert model.index(0, model.column_of(ACTUAL, 2025)).data() == "250"


def test_an_indicator_is_deleted_with_its_actuals_after_asking_and_undo_restores_both(
    window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_progress(window, 2025)
    _select(page, ONE_STOP)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    model = page.indicators.model
    page.indicators.table.setCurrentIndex(model.index(0, 0))
    window.delete_indicator_action.trigger()
    assert asked == [
        "指標「オンライン申請の件数」と年度ごとの実績 1 件を削除します。\n削除は「元に戻す」で取り消せます。"
    ]
    assert _rows(database, "SELECT count(*) FROM indicator_actual WHERE indicator_id = ?", APPLICATIONS) == [(0,)]
    assert model.rowCount() == 0 and cell(page, ONE_STOP, M.SUGGESTED) == ""
    window.undo_action.trigger()
    assert _rows(database, "SELECT value FROM indicator_actual WHERE indicator_id = ?", APPLICATIONS) == [(250.0,)]
    assert model.rowCount() == 1 and cell(page, ONE_STOP, M.SUGGESTED) == "C"
