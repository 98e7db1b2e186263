"""各課への照会: one workbook per lead section, holding only its initiatives, read back within its scope."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.progress import grade_id
from shiraoka_dx_desktop.logs import log
from shiraoka_dx_desktop.services.importing.merge import ConflictReason, ItemKind
from shiraoka_dx_desktop.services.importing.service import prepare_import
from shiraoka_dx_desktop.services.progress import load_progress
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database

from .progress_seed import CONVENIENCE, KIOSK, ONE_STOP, enter_progress

CITIZENS = "進捗照会_令和7年度_市民課.xlsx"
GENERAL = "進捗照会_令和7年度_総務課.xlsx"


@pytest.fixture
def surveyed(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The seed's progress (市民課: two initiatives, 総務課: one), and the 令和7年度 survey written."""
    database = open_database(db_path)
    enter_progress(database)
    database.close()
    assert main(["--db", str(db_path), "export", "survey", str(tmp_path / "照会"), "--year", "R7"]) == 0
    printed = capsys.readouterr().out
    assert "2 課分" in printed and "事業主管課が未設定の取組項目 25 件" in printed
    return tmp_path / "照会"


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _with(database_path: Path, work: Any) -> Any:
    database = Database(database_path)
    try:
        return work(database)
    finally:
        database.close()


def test_each_lead_section_gets_a_workbook_of_only_its_initiatives(surveyed: Path) -> None:
    assert sorted(path.name for path in surveyed.iterdir()) == sorted([CITIZENS, GENERAL])
    workbook = openpyxl.load_workbook(surveyed / CITIZENS)
    assert workbook.sheetnames == ["表紙", "工程表", "取組項目", "進捗", "指標", "_exchange"]
    assert {row["取組項目"] for row in _sheet(surveyed / CITIZENS, "取組項目")} == {KIOSK, CONVENIENCE}
    roadmap = [row[0] for row in workbook["工程表"].iter_rows(min_row=3, values_only=True)]
    assert KIOSK in roadmap and CONVENIENCE in roadmap and ONE_STOP not in roadmap
    progress = _sheet(surveyed / CITIZENS, "進捗")
    # Last year's entries for reference, then this year's, for each initiative.
    convenience = [(row["年度"], row["評価"], row["実績"]) for row in progress if row["取組項目"] == CONVENIENCE]
    assert convenience == [("令和6年度", "B", "準備を終えた"), ("令和7年度", "A", "交付を開始した")]
    assert [row["指標名"] for row in _sheet(surveyed / CITIZENS, "指標")] == ["窓口の平均待ち時間"]
    cover = [[cell for cell in row if cell] for row in workbook["表紙"].iter_rows(values_only=True)]
    facts = {row[0]: row[1] for row in cover if len(row) == 2}
    assert facts["照会先"] == "市民課" and facts["進捗の年度"].startswith("令和7年度")
    text = "\n".join(str(cell) for row in cover for cell in row)
    assert "評価は一覧から選びます: A 目標より進んでいる" in text
    # The hidden sheet lists only these records (and the names they use), not the other section's.
    listed = {row[1] for row in workbook["_exchange"].iter_rows(values_only=True) if row and row[0] == "initiative"}
    ids = {row["ID"] for row in _sheet(surveyed / CITIZENS, "取組項目")}
    assert listed == ids


def test_an_untouched_survey_brings_nothing_even_without_its_hidden_sheet(
    surveyed: Path, db_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(surveyed / GENERAL)
    del workbook["_exchange"]  # a sanitising gateway
    workbook.save(tmp_path / "sanitised.xlsx")
    for path in (surveyed / GENERAL, tmp_path / "sanitised.xlsx"):
        plan = _with(db_path, lambda database, path=path: prepare_import(database, path).plan)
        assert plan.items == [], [(item.entity, item.kind) for item in plan.items]


def test_a_filled_survey_is_imported_and_its_return_is_shown(
    surveyed: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = openpyxl.load_workbook(surveyed / GENERAL)
    worksheet = workbook["進捗"]
    headings = [cell.value for cell in worksheet[1]]
    for row in worksheet.iter_rows(min_row=2):
        if row[headings.index("年度")].value == "令和7年度":
            row[headings.index("評価")].value = "B"
            row[headings.index("次年度の取組")].value = "外部支援を受けて調達する"
    workbook.save(tmp_path / "back.xlsx")
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", str(tmp_path / "back.xlsx")]) == 0
    assert "評価 令和7年度" in capsys.readouterr().out
    assert main(["--db", str(db_path), "progress", "--year", "R7", "--json"]) == 0
    sections = {row["section"]: row for row in json.loads(capsys.readouterr().out)["sections"]}
    assert sections["総務課"]["returned_at"] is not None
    assert sections["市民課"]["returned_at"] is None
    one_stop = next(i.id for i in _with(db_path, load_snapshot).initiatives if i.name == ONE_STOP)
    evaluation = _with(db_path, lambda database: load_progress(database, 2025)).evaluations[one_stop]
    assert (evaluation.grade_id, evaluation.next_steps, evaluation.result) == (
        grade_id("B"),
        "外部支援を受けて調達する",
        "調達が遅れた",
    )


def test_another_sections_initiative_in_a_survey_is_flagged_and_a_new_one_is_the_sections(
    surveyed: Path, db_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(surveyed / CITIZENS)
    initiatives = workbook["取組項目"]
    headings = [cell.value for cell in initiatives[1]]
    area = initiatives.cell(2, headings.index("取組") + 1).value
    # A row for 総務課's initiative typed in, and a new initiative of the section's own.
    snapshot = _with(db_path, load_snapshot)
    one_stop = next(i for i in snapshot.initiatives if i.name == ONE_STOP)
    other_area = next(f"({a.number}) {a.title}" for a in snapshot.areas if a.id == one_stop.area_id)
    initiatives.append({1: other_area, 3: ONE_STOP, 5: "市民課が書き換えた説明"})
    initiatives.append({1: area, 3: "窓口キャッシュレス決済", 5: "新しい取組"})
    workbook.save(tmp_path / "back.xlsx")
    plan = _with(db_path, lambda database: prepare_import(database, tmp_path / "back.xlsx").plan)
    flagged = [item for item in plan.items if item.reason is ConflictReason.OTHER_SECTION]
    assert [(item.entity, (item.theirs or {}).get("description")) for item in flagged] == [
        ("initiative", "市民課が書き換えた説明")
    ]
    assert "市民課が事業主管課の取組項目ではありません" in flagged[0].detail
    (added,) = [item for item in plan.items if item.kind is ItemKind.ADDED and item.entity == "initiative"]
    citizens = next(s.id for s in snapshot.sections if s.name == "市民課")
    assert added.theirs is not None and added.theirs["lead_section_id"] == citizens


def test_a_survey_of_another_year_is_refused(
    surveyed: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "export", "survey", str(tmp_path / "令和8年度"), "--year", "R8"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", str(surveyed / CITIZENS)]) == 2
    message = capsys.readouterr().err
    assert "令和7年度の照会（市民課あて）" in message and "いま照会しているのは令和8年度" in message
    assert "データベースは変更していません" in message


def test_a_survey_needs_lead_sections(tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "export", "survey", str(tmp_path / "out")]) == 2
    assert "事業主管課が設定された取組項目がありません" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_a_large_round_is_written_on_two_cores_the_same(
    surveyed: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiraoka_dx_desktop.services.exchange import survey_workers
    from shiraoka_dx_desktop.services.exchange.survey_writer import export_survey

    moment = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    _with(db_path, lambda database: export_survey(database, tmp_path / "one", fiscal_year=2025, now=moment))
    monkeypatch.setattr(survey_workers, "PARALLEL_FROM", 0)  # the seed's 28 initiatives count as large
    started: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        started.append("process")
        return ProcessPoolExecutor(*args, **kwargs)

    monkeypatch.setattr(survey_workers, "ProcessPoolExecutor", counted)
    said: list[str] = []
    monkeypatch.setattr(log, "warning", lambda text, *args: said.append(text % args))
    monkeypatch.setattr(log, "info", lambda text, *args: said.append(text % args))
    _with(db_path, lambda database: export_survey(database, tmp_path / "two", fiscal_year=2025, now=moment))
    assert started == ["process"]
    assert said == ["survey: 1 of 2 workbooks written by a second process"]  # its share, and nothing failed
    for name in (CITIZENS, GENERAL):
        assert _values(tmp_path / "two" / name) == _values(tmp_path / "one" / name), name


def test_without_a_second_process_every_workbook_is_still_written(
    surveyed: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiraoka_dx_desktop.services.exchange import survey_workers
    from shiraoka_dx_desktop.services.exchange.survey_writer import export_survey

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no process for you")

    monkeypatch.setattr(survey_workers, "PARALLEL_FROM", 0)
    monkeypatch.setattr(survey_workers, "ProcessPoolExecutor", refused)
    summary = _with(db_path, lambda database: export_survey(database, tmp_path / "out", fiscal_year=2025))
    assert sorted(path.name for _name, path, _count in summary.files) == sorted([CITIZENS, GENERAL])
    assert all(path.is_file() for _name, path, _count in summary.files)
