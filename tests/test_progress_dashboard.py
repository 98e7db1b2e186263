"""The 進捗 tab's dashboard: the grades by area, the sections yet to answer, the indicators behind, as the data has them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.progress import grade_id
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import set_initiative
from shiraoka_dx_desktop.services.importing.service import prepare_import
from shiraoka_dx_desktop.services.progress import NOT_ENTERED
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.progress_models import ProgressTableModel as M

from .progress_seed import APPLICATIONS, KIOSK, ONE_STOP, enter_progress
from .test_progress_tab import choose_grade, choose_year, open_progress, shown_names

WELFARE = ("推進体制の立ち上げ", "現行システムの概要調査")  # 福祉課's, nothing entered


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    enter_progress(database)
    snapshot = load_snapshot(database)
    welfare = next(section.id for section in snapshot.sections if section.name == "福祉課")
    Editor(database, "事務局").apply(
        [set_initiative(i.id, lead_section_id=welfare) for i in snapshot.initiatives if i.name in WELFARE]
    )
    window = MainWindow(Document(database, "事務局"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _grades_by_area(database: Database, year: int) -> dict[str, dict[str, int]]:
    """Counted straight from the tables: each area's initiatives by their 評価's code for ``year``."""
    with database.reader() as connection:
        rows = connection.execute(
            "SELECT i.area_id, COALESCE(g.id, ?), count(*) FROM initiative i"
            " LEFT JOIN evaluation e ON e.initiative_id = i.id AND e.fiscal_year = ?"
            " LEFT JOIN evaluation_grade g ON g.id = e.grade_id GROUP BY 1, 2",
            (NOT_ENTERED, year),
        ).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for area_id, key, count in rows:
        counts.setdefault(area_id, {})[key] = count
    return counts


def test_the_bars_count_each_areas_grades_as_the_tables_do(window: MainWindow, database: Database) -> None:
    page = open_progress(window, 2025)
    bars = page.dashboard.bars
    assert {row.key: row.counts for row in bars.rows} == _grades_by_area(database, 2025)
    assert [segment.code for segment in bars.segments] == ["A", "B", "C", "D", "評価なし"]
    assert "(2) マイナンバーカードの普及促進: A 1件、評価なし 2件" in bars.summary().split("\n")
    assert page.dashboard.entered.text() == "評価の記入 2 / 28 件"
    # Told apart without colour: every grade has its own pattern, 評価なし none.
    patterns = {bars.brush(index)[1] for index in range(4)}
    assert len(patterns) == 4 and Qt.BrushStyle.NoBrush not in patterns and bars.segments[-1].empty
    page.dashboard.lists.setCurrentIndex(0)
    page.filters.dashboard.setChecked(True)
    bars.repaint()
    area = window.document.snapshot.areas[1]
    assert bars.segment_rect(area.id, grade_id("A")) is not None
    choose_year(page, 2024)
    assert {row.key: row.counts for row in bars.rows} == _grades_by_area(database, 2024)
    assert page.dashboard.title.text() == "<b>令和6年度の集計</b>"


def test_a_click_on_a_segment_shows_that_areas_initiatives_with_that_grade(window: MainWindow, qtbot: QtBot) -> None:
    page = open_progress(window, 2025)
    bars = page.dashboard.bars
    bars.repaint()
    area = window.document.snapshot.areas[1]  # (2), where コンビニ交付 has A
    rect = bars.segment_rect(area.id, NOT_ENTERED)
    assert rect is not None
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=rect.center())
    names = {i.name for i in window.document.snapshot.initiatives_of(area.id)} - {"コンビニ交付"}
    assert set(shown_names(page)) == names
    rect = bars.segment_rect(area.id, grade_id("A"))
    assert rect is not None
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown_names(page) == ["コンビニ交付"]


def test_the_sections_yet_to_answer_are_listed_with_their_counts_and_filter_the_table(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = open_progress(window, 2025)
    model = page.dashboard.sections_model
    lines = [model.index(r, 0).data() for r in range(model.rowCount())]
    # Those yet to answer first; 市民課 and 総務課 have answered (no survey of theirs imported: no 返送).
    assert lines == [
        "福祉課　未記入 2 / 2 件",
        "（事業主管課なし）　未記入 23 / 23 件",
        "市民課　記入済み 2 / 2 件",
        "総務課　記入済み 1 / 1 件",
    ]
    assert page.dashboard.lists.tabText(0) == "未記入 2課"
    view = page.dashboard.sections
    page.dashboard.lists.setCurrentWidget(view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(0, 0)).center())
    assert sorted(shown_names(page)) == sorted(WELFARE) and page.filters.unentered.isChecked()
    # Once one of them is entered, the dashboard says so a moment later.
    choose_grade(qtbot, page, WELFARE[0], "B 目標どおり")
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "福祉課　未記入 1 / 2 件")
    # A section that has entered everything shows all its initiatives.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(3, 0)).center())
    assert sorted(shown_names(page)) == [ONE_STOP] and not page.filters.unentered.isChecked()


def test_a_sections_line_says_when_its_survey_came_back(window: MainWindow, tmp_path: Path) -> None:
    database = window.document.database
    folder = tmp_path / "照会"
    assert main(["--db", str(database.path), "export", "survey", str(folder), "--year", "R7"]) == 0
    page = open_progress(window, 2025)
    model = page.dashboard.sections_model
    assert all("返送" not in model.index(r, 0).data() for r in range(model.rowCount()))
    # Imported in the window as it came back (nothing changed in it): the line says so at once.
    prepared = prepare_import(database, folder / "進捗照会_令和7年度_総務課.xlsx")
    assert prepared.plan.empty and window.document.log_empty_import(prepared)
    lines = {model.index(r, 0).data().split("　")[0]: model.index(r, 0) for r in range(model.rowCount())}
    general, citizens = lines["総務課"], lines["市民課"]
    assert general.data().startswith("総務課　記入済み 1 / 1 件\n　返送 ")
    assert citizens.data() == "市民課　記入済み 2 / 2 件\n　返送なし"
    assert "照会のブックを令和" in general.data(Qt.ItemDataRole.ToolTipRole)
    assert "照会のブックはまだ取り込んでいません" in citizens.data(Qt.ItemDataRole.ToolTipRole)


def test_the_indicators_behind_are_listed_and_a_click_selects_their_initiative(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = open_progress(window, 2025)
    model = page.dashboard.behind_model
    assert model.rowCount() == 1 and page.dashboard.lists.tabText(1) == "遅れ 1指標"
    line = model.index(0, 0).data()
    assert line.startswith(ONE_STOP) and "オンライン申請の件数: 実績 250 / 年度の目標 400件（達成率 30%）" in line
    view = page.dashboard.behind
    page.dashboard.lists.setCurrentWidget(view)
    page.table.setCurrentIndex(page.proxy.index(shown_names(page).index(KIOSK), M.NAME))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(0, 0)).center())
    assert page.current_initiative() is not None and page.current_initiative().name == ONE_STOP  # type: ignore[union-attr]
    assert page.bottom_tabs.currentWidget() is page.indicators
    current = page.indicators.table.currentIndex()
    assert page.indicators.model.indicator(current.row()).id == APPLICATIONS
    # Ahead once its actual is: off the list.
    indicators = page.indicators.model
    assert indicators.setData(indicators.index(0, indicators.column_of("actual", 2025)), "500")
    qtbot.waitUntil(lambda: model.rowCount() == 0)


def test_the_dashboard_folds_away_and_comes_back_up_to_date(window: MainWindow, qtbot: QtBot) -> None:
    page = open_progress(window, 2025)
    toggle = page.filters.dashboard
    assert toggle.isChecked() and page.dashboard.isVisible()
    beside = page.table.viewport().width()
    toggle.click()
    assert not page.dashboard.isVisible()
    qtbot.waitUntil(lambda: page.table.viewport().width() > beside)  # the table takes the room
    alone = page.table.viewport().width()
    choose_grade(qtbot, page, KIOSK, "C 目標より遅れている")
    qtbot.wait(50)
    assert page.dashboard.entered.text() == "評価の記入 2 / 28 件"  # folded away: nothing counted meanwhile
    toggle.click()
    assert page.dashboard.isVisible()
    qtbot.waitUntil(lambda: page.table.viewport().width() < alone)
    assert page.dashboard.entered.text() == "評価の記入 3 / 28 件"


def test_the_other_years_behind_are_found_meanwhile_and_an_actual_typed_since_is_seen_there(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = open_progress(window, 2025)
    dashboard = page.dashboard
    qtbot.waitUntil(lambda: all(dashboard.behind_by_year.known(year) for year in window.document.snapshot.years))

    def behind_names() -> list[str]:
        model = dashboard.behind_model
        return [model.index(row, 0).data().split("\n")[1].strip() for row in range(model.rowCount())]

    page.table.setCurrentIndex(page.proxy.index(shown_names(page).index(KIOSK), M.NAME))
    indicators = page.indicators.model
    assert indicators.setData(indicators.index(0, indicators.column_of("actual", 2026)), "29")  # behind in 令和8年度
    choose_year(page, 2026)
    assert any(name.startswith("窓口の平均待ち時間") for name in behind_names())
    choose_year(page, 2025)
    assert not any(name.startswith("窓口の平均待ち時間") for name in behind_names())  # ahead in 令和7年度
