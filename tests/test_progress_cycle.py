"""The year's whole progress cycle, as the secretariat runs it.

Lead sections are assigned; the survey is written; two sections fill in their workbooks (one saved again by
LibreOffice, as a section without Excel would); both come back through the import; the status, the
dashboard and the 進捗状況報告 then say what was typed, number for number.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.progress import figures_for
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import set_indicator, set_initiative
from shiraoka_dx_desktop.services.printing import layout_document
from shiraoka_dx_desktop.services.printing.progress_indicators import format_figure, format_share, judgement_text
from shiraoka_dx_desktop.services.progress import load_progress
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow

from .test_pdf_progress import _on, _row, _section
from .test_progress_tab import open_progress

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
YEAR = 2025
WAITING = "00000000-0000-4000-8000-0000000c0001"

# What each section types for 令和7年度: (initiative position in the policy, 評価, 実績, 課題, 次年度の取組).
CITIZENS_TYPED = [
    (0, "A", "転出・転入予約を412件受け付けた", "", "対象の手続を広げる"),
    (1, "B", "子育て・介護の26手続をオンライン化", "申請後の処理が紙のまま", "電子決裁と連携する"),
]  # position 2, also 市民課's, is left empty
GENERAL_TYPED = [
    (3, "C", "出張申請受付を14回実施", "周知が足りない", "月1回に増やす"),
    (4, "D", "集計方法を見直し中", "", ""),
]
# 窓口の平均待ち時間 (set by the secretariat on initiative 0): 30 → 10 minutes over 2022–2027, 16 typed for 2025.
# 総務課 adds one on initiative 3: 8 → 35 over 2022–2027, 14 typed for 2025.
ADDED_INDICATOR = ("出張申請の受付件数", "件", 8, "令和4年度", 35, "R9", 14)


def _assign(db_path: Path) -> PolicySnapshot:
    database = open_database(db_path)
    try:
        snapshot = load_snapshot(database)
        sections = {section.name: section.id for section in snapshot.sections}
        leads = {0: "市民課", 1: "市民課", 2: "市民課", 3: "総務課", 4: "総務課"}
        edits: list[Any] = [
            set_initiative(snapshot.initiatives[position].id, lead_section_id=sections[name])
            for position, name in leads.items()
        ]
        edits.append(
            set_indicator(
                WAITING,
                initiative_id=snapshot.initiatives[0].id,
                position=0,
                name="窓口の平均待ち時間",
                unit="分",
                base_value=30,
                base_year=2022,
                target_value=10,
                target_year=2027,
            )
        )
        Editor(database, "DX推進課").apply(edits)
        return load_snapshot(database)
    finally:
        database.close()


def _fill(path: Path, snapshot: PolicySnapshot, typed: list[tuple[int, str, str, str, str]]) -> None:
    workbook = openpyxl.load_workbook(path)
    worksheet = workbook["進捗"]
    headings = [cell.value for cell in worksheet[1]]
    column = {heading: headings.index(heading) for heading in headings}
    for position, grade, result, issues, next_steps in typed:
        name = snapshot.initiatives[position].name
        row = next(
            row
            for row in worksheet.iter_rows(min_row=2)
            if row[column["取組項目"]].value == name and row[column["年度"]].value == "令和7年度"
        )
        for heading, value in (("評価", grade), ("実績", result), ("課題", issues), ("次年度の取組", next_steps)):
            row[column[heading]].value = value or None
    workbook.save(path)


def _type_actual(path: Path, name: str, value: float) -> None:
    workbook = openpyxl.load_workbook(path)
    worksheet = workbook["指標"]
    headings = [cell.value for cell in worksheet[1]]
    row = next(row for row in worksheet.iter_rows(min_row=2) if row[headings.index("指標名")].value == name)
    row[headings.index("実績（令和7年度）")].value = value
    workbook.save(path)


def _add_indicator(path: Path, initiative: str) -> None:
    workbook = openpyxl.load_workbook(path)
    worksheet = workbook["指標"]
    headings = [cell.value for cell in worksheet[1]]
    name, unit, base, base_year, target, target_year, actual = ADDED_INDICATOR
    values = {"取組項目": initiative, "指標名": name, "単位": unit, "基準値": base, "基準年度": base_year}
    values |= {"目標値": target, "目標年度": target_year, "実績（令和7年度）": actual}
    worksheet.append([values.get(str(heading)) for heading in headings])
    workbook.save(path)


def _resave_with_libreoffice(path: Path, folder: Path) -> Path:
    assert SOFFICE is not None
    folder.mkdir()
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = folder / path.name
    assert resaved.exists() and resaved.read_bytes() != path.read_bytes()
    return resaved


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_the_whole_progress_cycle(
    db_path: Path, tmp_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = _assign(db_path)
    names = [initiative.name for initiative in snapshot.initiatives]

    # The survey for 令和7年度: one workbook for each of the two sections.
    folder = tmp_path / "照会"
    assert main(["--db", str(db_path), "export", "survey", str(folder), "--year", "令和7年度"]) == 0
    citizens, general = folder / "進捗照会_令和7年度_市民課.xlsx", folder / "進捗照会_令和7年度_総務課.xlsx"
    assert sorted(folder.iterdir()) == sorted([citizens, general])

    # 市民課 fills in its workbook in Excel; 総務課 in LibreOffice, which saves it its own way.
    _fill(citizens, snapshot, CITIZENS_TYPED)
    _type_actual(citizens, "窓口の平均待ち時間", 16)
    _fill(general, snapshot, GENERAL_TYPED)
    _add_indicator(general, names[3])
    general = _resave_with_libreoffice(general, tmp_path / "LibreOffice")

    capsys.readouterr()
    for returned in (citizens, general):
        assert main(["--db", str(db_path), "import", str(returned)]) == 0, capsys.readouterr()
    capsys.readouterr()

    # The status: who answered, how much, and that both files came back.
    assert main(["--db", str(db_path), "progress", "--year", "R7", "--json"]) == 0
    status = {row["section"]: row for row in json.loads(capsys.readouterr().out)["sections"]}
    assert (status["市民課"]["initiatives"], status["市民課"]["entered"], status["市民課"]["missing"]) == (3, 2, 1)
    assert (status["総務課"]["initiatives"], status["総務課"]["entered"], status["総務課"]["missing"]) == (2, 2, 0)
    assert status["市民課"]["returned_at"] and status["総務課"]["returned_at"]

    _check_dashboard(db_path, tmp_path, qtbot)
    _check_report(db_path, tmp_path, capsys)


def _check_dashboard(db_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    database = Database(db_path)
    window = MainWindow(Document(database, "DX推進課"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = open_progress(window, YEAR)
    dashboard = page.dashboard
    assert dashboard.entered.text() == "評価の記入 4 / 28 件"
    counts = {row.key: row.counts for row in dashboard.bars.rows}
    areas = window.document.snapshot.areas
    grades = {grade.code: grade.id for grade in load_progress(database, YEAR).grades}
    assert counts[areas[0].id][grades["A"]] == 1 and counts[areas[0].id][grades["B"]] == 1
    assert counts[areas[1].id][grades["C"]] == 1 and counts[areas[1].id][grades["D"]] == 1
    lines = [dashboard.sections_model.index(r, 0).data() for r in range(dashboard.sections_model.rowCount())]
    assert lines[0].startswith("市民課　未記入 1 / 3 件\n　返送 ")
    assert any(line.startswith("総務課　記入済み 2 / 2 件\n　返送 ") for line in lines)
    behind = [dashboard.behind_model.index(r, 0).data() for r in range(dashboard.behind_model.rowCount())]
    assert len(behind) == 1 and "出張申請の受付件数" in behind[0]  # 14 against the year's 24.2
    window.close()


def _check_report(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "進捗状況報告.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(out), "--report", "progress", "--year", "R7"]) == 0
    printed = "".join(page.extract_text() for page in PdfReader(out).pages).replace("\n", "")
    database = Database(db_path)
    try:
        snapshot = load_snapshot(database)
        progress = load_progress(database, YEAR)
    finally:
        database.close()
    for _position, _grade, *texts in (*CITIZENS_TYPED, *GENERAL_TYPED):
        assert all(text.replace("・", "") in printed.replace("・", "") for text in texts if text)
    document = layout_document(snapshot, paper="A3", report="progress", progress=progress, exported_on=dt.date.today())
    # The chart: each area's counts as typed, the totals, and the year's figures above it.
    summary = _section(document, 1)[0]
    first, second = snapshot.areas[0], snapshot.areas[1]
    assert [cell[0] for cell in _row(summary, f"({first.number}) {first.title}")[1:]] == ["1", "1", "0", "0", "1", "3"]
    second_row = [cell[0] for cell in _row(summary, f"({second.number}) {second.title}")[1:]]
    assert second_row == ["0", "0", "1", "1", "1", "3"]
    assert [cell[0] for cell in _row(summary, "合計")[1:]] == ["1", "1", "1", "1", "24", "28"]
    # Each evaluated initiative's row: lead section, 評価 with its label, and the texts as typed.
    labels = {grade.code: grade.label for grade in progress.grades}
    rows = _section(document, 2)
    for (position, grade, result, issues, next_steps), section in [
        *((entry, "市民課") for entry in CITIZENS_TYPED),
        *((entry, "総務課") for entry in GENERAL_TYPED),
    ]:
        name = snapshot.initiatives[position].name
        _, lead, _phase, shown_grade, shown_result, shown_issues, shown_next = _row(_on(rows, name), name)
        assert lead == [section] and shown_grade == [f"{grade} {labels[grade]}"]
        for shown, typed in ((shown_result, result), (shown_issues, issues), (shown_next, next_steps)):
            assert "".join(shown) == (typed or "—"), name
    # The indicators: base, target, the typed actual, and the pro-rated target, achievement and judgement
    # worked out by hand (60 % of 2022–2027 has passed by 2025).
    pages = _section(document, 3)
    by_hand = [
        ("窓口の平均待ち時間", "30", "10", "16", "18", "70%", "進んでいる"),  # 30 - 0.6 × 20; (30 - 16) / 20
        ("出張申請の受付件数", "8", "35", "14", "24.2", "22%", "遅れている"),  # 8 + 0.6 × 27; (14 - 8) / 27
    ]
    for name, base, target, actual, prorated, achieved, judged in by_hand:
        page = _on(pages, name)
        flat = [text for cell in _row(page, name) for text in cell]
        places = [flat.index(text) for text in (base, target, actual, prorated, achieved)]
        assert places == sorted(places), (name, flat)
        assert judged in "".join(flat), (name, flat)
        figures = figures_for(float(base), 2022, float(target), 2027, YEAR, float(actual))
        assert (format_figure(figures.prorated_target), format_share(figures.achievement)) == (prorated, achieved)
        assert judgement_text(figures.judgement) == judged
