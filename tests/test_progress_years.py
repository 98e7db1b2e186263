"""The 進捗 tab keeps each year it has read (and the dashboard each year it has counted): what it then shows of
that year must be what the database holds, after an edit, an undo, an import's changes or a reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.domain.progress import grade_id
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import set_initiative
from shiraoka_dx_desktop.services.progress_commands import evaluation_edit
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import INITIATIVES, MainWindow
from shiraoka_dx_desktop.ui.progress_models import ProgressTableModel as M
from shiraoka_dx_desktop.ui.progress_page import ProgressPage

from .progress_seed import CONVENIENCE, KIOSK, enter_progress, initiative_id
from .test_progress_dashboard import _grades_by_area
from .test_progress_tab import cell, choose_grade, choose_year, open_progress


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    enter_progress(database)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(database, "市民課 白岡"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _bars(page: ProgressPage) -> dict[str, dict[str, int]]:
    return {row.key: {key: count for key, count in row.counts.items() if count} for row in page.dashboard.bars.rows}


def _shows_the_database(page: ProgressPage, database: Database, year: int) -> None:
    assert page.fiscal_year == year and page.dashboard.title.text().endswith("年度の集計</b>")
    assert _bars(page) == _grades_by_area(database, year)


def test_a_year_read_before_shows_an_edit_made_to_it_since_and_its_undo(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2024)
    assert cell(page, CONVENIENCE, M.GRADE) == "B"
    choose_year(page, 2025)  # 2024 is kept, and counted
    assert page.data.has_read(2024) and 2024 in page.dashboard.tallies
    convenience = initiative_id(database, CONVENIENCE)
    assert window.document.submit("評価を変更", [evaluation_edit(convenience, 2024, {"grade_id": grade_id("D")})])
    assert cell(page, CONVENIENCE, M.GRADE) == "A"  # the year shown is not the one edited
    choose_year(page, 2024)
    assert cell(page, CONVENIENCE, M.GRADE) == "D"
    _shows_the_database(page, database, 2024)
    choose_year(page, 2025)
    window.tabs.setCurrentIndex(INITIATIVES)
    window.undo_action.trigger()  # shows the year undone: 2024, as it was read and counted before
    assert page.fiscal_year == 2024 and cell(page, CONVENIENCE, M.GRADE) == "B"
    qtbot.wait(10)  # the dashboard is counted in the next turn of the event loop
    _shows_the_database(page, database, 2024)


def test_an_edit_to_a_year_counted_meanwhile_is_seen_when_it_is_shown(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2025)
    years = window.document.snapshot.years
    qtbot.waitUntil(lambda: all(year in page.dashboard.tallies for year in years), timeout=10_000)
    assert all(page.data.has_read(year) for year in years)
    kiosk = initiative_id(database, KIOSK)
    welfare = next(section.id for section in window.document.snapshot.sections if section.name == "福祉課")
    assert window.document.submit(
        "取込",  # as an import's edits come: several records, another year's among them
        [evaluation_edit(kiosk, 2023, {"grade_id": grade_id("A")}), set_initiative(kiosk, lead_section_id=welfare)],
    )
    choose_year(page, 2023)
    assert cell(page, KIOSK, M.GRADE) == "A" and cell(page, KIOSK, M.LEAD_SECTION) == "福祉課"
    _shows_the_database(page, database, 2023)
    model = page.dashboard.sections_model
    lines = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "福祉課　記入済み 1 / 1 件" in lines  # its one initiative has a 評価 in 2023
    choose_year(page, 2026)  # counted before the initiative changed section
    lines = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "福祉課　未記入 1 / 1 件" in lines  # nothing entered there in 2026
    _shows_the_database(page, database, 2026)


def test_after_a_reload_a_year_read_before_is_read_again(window: MainWindow, qtbot: QtBot, database: Database) -> None:
    page = open_progress(window, 2024)
    choose_year(page, 2025)
    convenience = initiative_id(database, CONVENIENCE)
    # Written by another terminal's import, then the file read again (as 最新の情報に更新 does).
    Editor(database, "他の端末").apply([evaluation_edit(convenience, 2024, {"grade_id": grade_id("C")})])
    window.document.reload()
    assert not page.data.has_read(2024) and not page.dashboard.tallies.get(2024)
    choose_year(page, 2024)
    assert cell(page, CONVENIENCE, M.GRADE) == "C"
    _shows_the_database(page, database, 2024)


def test_a_grade_chosen_in_a_year_then_left_and_shown_again_is_still_there(
    window: MainWindow, qtbot: QtBot, database: Database
) -> None:
    page = open_progress(window, 2024)
    choose_grade(qtbot, page, KIOSK, "C 目標より遅れている")
    choose_year(page, 2025)
    assert cell(page, KIOSK, M.GRADE) == ""
    choose_year(page, 2024)
    assert cell(page, KIOSK, M.GRADE) == "C"
    _shows_the_database(page, database, 2024)
