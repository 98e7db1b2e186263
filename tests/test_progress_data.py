"""The progress cycle's records: evaluations and indicators, their rules, and what deletion and undo do to them."""

from __future__ import annotations

import math

import pytest

from shiraoka_dx_desktop.domain.progress import evaluation_id, grade_id, indicator_actual_id
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import (
    EditRefusedError,
    delete,
    set_evaluation,
    set_indicator,
    set_indicator_actual,
)
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage import record_kinds as kinds
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.database import Database

INDICATOR = "00000000-0000-4000-8000-00000000a001"


def _rows(database: Database, sql: str) -> list[tuple[object, ...]]:
    with database.reader() as connection:
        return [tuple(row) for row in connection.execute(sql).fetchall()]


def _evaluate_and_measure(editor: Editor, initiative_id: str) -> None:
    editor.apply(
        [
            set_evaluation(
                evaluation_id(initiative_id, 2025),
                initiative_id=initiative_id,
                fiscal_year=2025,
                grade_id=grade_id("B"),
                result="転入届のオンライン受付を開始",
                issues="周知が不十分",
                next_steps="広報紙で案内する",
            ),
            set_indicator(
                INDICATOR,
                initiative_id=initiative_id,
                position=0,
                name="オンライン申請の件数",
                unit="件",
                base_value=100,
                base_year=2022,
                target_value=600,
                target_year=2027,
            ),
            set_indicator_actual(
                indicator_actual_id(INDICATOR, 2025), indicator_id=INDICATOR, fiscal_year=2025, value=350
            ),
        ]
    )


def test_an_evaluation_and_an_indicator_are_stored_counted_and_deleted_with_their_initiative(
    database: Database,
) -> None:
    editor = Editor(database, "市民課 白岡")
    initiative = load_snapshot(database).initiatives[0]
    _evaluate_and_measure(editor, initiative.id)
    counts = run_checks(database).counts
    assert (counts["evaluations"], counts["indicators"], counts["indicator_actuals"], counts["grades"]) == (1, 1, 1, 4)
    assert _rows(database, "SELECT grade_id, result, updated_by FROM evaluation") == [
        (grade_id("B"), "転入届のオンライン受付を開始", "市民課 白岡")
    ]
    # Deleting the initiative takes its evaluation, its indicator and the indicator's actual; undo brings all back.
    outcome = editor.apply([delete(kinds.INITIATIVE, initiative.id)])
    assert {change.entity for change in outcome.changes} >= {"evaluation", "indicator", "indicator_actual"}
    assert _rows(database, "SELECT count(*) FROM indicator_actual") == [(0,)]
    editor.apply(outcome.inverse)
    assert _rows(database, "SELECT value FROM indicator_actual") == [(350.0,)]
    assert _rows(database, "SELECT name FROM indicator") == [("オンライン申請の件数",)]
    assert run_checks(database).ok


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda i: set_evaluation(evaluation_id(i, 2031), initiative_id=i, fiscal_year=2031),
            "評価の年度（令和13年度）は計画期間（令和5年度〜令和9年度）の外です",
        ),
        (lambda i: set_indicator("x", initiative_id=i, position=0, name="  "), "指標名を入力してください"),
        (
            lambda i: set_indicator("x", initiative_id=i, position=0, name="件数", base_year=2027, target_year=2025),
            "目標年度は基準年度より後",
        ),
        (
            lambda i: set_indicator("x", initiative_id=i, position=0, name="件数", target_value=math.nan),
            "目標値には数値",
        ),
        (
            lambda i: set_indicator_actual(
                indicator_actual_id(INDICATOR, 2019), indicator_id=INDICATOR, fiscal_year=2019, value=1
            ),
            r"実績の年度（令和元年度）は計画期間",
        ),
    ],
)
def test_bad_progress_input_is_refused_in_words_and_nothing_is_written(database: Database, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    editor = Editor(database, "tester")
    initiative_id = load_snapshot(database).initiatives[0].id
    _evaluate_and_measure(editor, initiative_id)
    before = _rows(database, "SELECT entity, record_id, revision FROM record_revision")
    with pytest.raises(EditRefusedError, match=message):
        editor.apply([edit(initiative_id)])
    assert _rows(database, "SELECT entity, record_id, revision FROM record_revision") == before


def test_a_grade_in_use_cannot_be_deleted(database: Database) -> None:
    editor = Editor(database, "tester")
    _evaluate_and_measure(editor, load_snapshot(database).initiatives[0].id)
    with pytest.raises(EditRefusedError, match="評価の区分「B」は 1 件の評価で使われている"):
        editor.apply([delete(kinds.EVALUATION_GRADE, grade_id("B"))])
    editor.apply([delete(kinds.EVALUATION_GRADE, grade_id("D"))])  # unused: deleted
    assert [code for (code,) in _rows(database, "SELECT code FROM evaluation_grade ORDER BY position")] == [
        "A",
        "B",
        "C",
    ]


def test_the_years_progress_says_who_answered_the_grades_by_area_and_what_is_behind(database: Database) -> None:
    import datetime as dt

    from shiraoka_dx_desktop.services.edits import set_initiative
    from shiraoka_dx_desktop.services.progress import (
        default_fiscal_year,
        grades_by_area,
        indicators_behind,
        load_progress,
        section_progress,
    )

    editor = Editor(database, "tester")
    snapshot = load_snapshot(database)
    first, second = snapshot.initiatives[0], snapshot.initiatives[1]
    section = next(s for s in snapshot.sections if s.name == "市民課")
    editor.apply([set_initiative(i.id, lead_section_id=section.id) for i in (first, second)])
    _evaluate_and_measure(editor, first.id)  # B for 令和7年度, and an indicator at 350 of a pro-rated 400
    snapshot = load_snapshot(database)
    progress = load_progress(database, 2025)
    assert [grade.code for grade in progress.grades] == ["A", "B", "C", "D"]
    assert progress.grade_code(first.id) == "B" and progress.grade_code(second.id) == "未記入"
    citizens = next(item for item in section_progress(snapshot, progress) if item.section == "市民課")
    assert (citizens.initiatives, citizens.entered, citizens.missing) == (2, 1, 1)
    assert grades_by_area(snapshot, progress)[first.area_id]["B"] == 1
    ((initiative, indicator, figures),) = indicators_behind(snapshot, progress)
    assert (initiative.id, indicator.name, figures.prorated_target) == (first.id, "オンライン申請の件数", 400)
    assert load_progress(database, 2024).evaluations == {}  # another year: nothing entered
    assert default_fiscal_year(snapshot, dt.date(2026, 12, 1)) == 2026
    assert default_fiscal_year(snapshot, dt.date(2031, 4, 1)) == 2027  # clamped to the plan period
