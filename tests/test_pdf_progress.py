"""進捗状況報告: the year's 評価 under each area and initiative, the chart's counts, the indicators' figures, the year."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.era import format_fiscal_year
from shiraoka_dx_desktop.domain.progress import DEFAULT_GRADES, figures_for, grade_id
from shiraoka_dx_desktop.services.printing import PrintDocument, layout_document, render_pdf
from shiraoka_dx_desktop.services.printing.display import Box, Hatch, Page, Rect, Text
from shiraoka_dx_desktop.services.printing.progress import SECTION_TITLES
from shiraoka_dx_desktop.services.printing.progress_chart import NOT_ENTERED_PATTERN, pattern_for
from shiraoka_dx_desktop.services.printing.progress_indicators import format_figure, format_share, judgement_text
from shiraoka_dx_desktop.services.progress import (
    EvaluationView,
    FiscalYearError,
    GradeView,
    IndicatorView,
    ProgressYear,
    default_fiscal_year,
    fiscal_year_for_report,
    grades_by_area,
    load_progress,
)
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, Stamp, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database

from .progress_entries import EVALUATIONS, INDICATORS, LONG_ISSUE, NOT_ENTERED_POSITION, YEAR, enter_progress
from .test_pdf_layout import assert_nothing_clipped, with_synthetic_initiatives

EXPORTED_ON = dt.date(2025, 11, 20)
TITLE = "進捗状況報告　令和7年度（2025年度）"


@pytest.fixture
def entered(database: Database) -> Database:
    enter_progress(database)
    return database


def _document(database: Database, paper: str = "A3", year: int = YEAR) -> PrintDocument:
    return layout_document(
        load_snapshot(database),
        paper=paper,  # type: ignore[arg-type]
        report="progress",
        exported_on=EXPORTED_ON,
        user="DX推進課",
        progress=load_progress(database, year),
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content), strict=True).pages]


def _section(document: PrintDocument, number: int) -> list[Page]:
    """The pages of section ``number`` (1–3), recognised by the title at their top."""
    title = SECTION_TITLES[number - 1]
    return [page for page in document.pages if any(text.text.startswith(title) for text in page.texts())]


def _row_texts(page: Page, first_line: str) -> list[list[Text]]:
    """The lines of each cell in the table row whose first cell starts with ``first_line``, left to right."""
    anchor = next(text for text in page.texts() if _starts(first_line, text.text))
    row = anchor.frame
    cells: dict[Box, list[Text]] = {}
    for text in page.texts():
        frame = text.frame
        if abs(frame.y - row.y) < 0.01 and abs(frame.height - row.height) < 0.01:
            cells.setdefault(frame, []).append(text)
    ordered = sorted(cells.items(), key=lambda item: item[0].x)
    return [sorted(texts, key=lambda text: text.baseline) for _, texts in ordered]


def _starts(name: str, line: str) -> bool:
    """Whether ``line`` is the first line of ``name`` as printed (a long name wraps)."""
    return bool(line) and name.startswith(line) and len(line) >= min(len(name), 4)


def _on(pages: list[Page], name: str) -> Page:
    return next(page for page in pages if any(_starts(name, text.text) for text in page.texts()))


def _row(page: Page, first_line: str) -> list[list[str]]:
    return [[text.text for text in cell] for cell in _row_texts(page, first_line)]


def test_each_entered_evaluation_is_printed_under_its_area_and_initiative(entered: Database) -> None:
    snapshot = load_snapshot(entered)
    pages = _pdf_pages(
        render_pdf(snapshot, report="progress", exported_on=EXPORTED_ON, progress=load_progress(entered, YEAR))
    )
    section = _flat("".join(text for text in pages if _flat(SECTION_TITLES[1]) in _flat(text)))
    grades = {grade.code: grade.label for grade in DEFAULT_GRADES}
    for entry in EVALUATIONS:
        initiative = snapshot.initiatives[entry.position]
        area = next(area for area in snapshot.areas if area.id == initiative.area_id)
        following = snapshot.initiatives[entry.position + 1]
        where = [
            section.index(_flat(f"({area.number}) {area.title}")),
            section.index(_flat(initiative.name)),
            section.index(
                f"{entry.grade}{grades[entry.grade]}" if entry.grade else "未記入",
                section.index(_flat(initiative.name)),
            ),
        ]
        for text in (entry.result, entry.issues, entry.next_steps):
            if text:
                where.append(section.index(_flat(text), where[-1]))
        where.append(section.index(_flat(following.name), where[-1]))
        assert where == sorted(where), initiative.name


def test_an_initiative_with_nothing_entered_reads_not_entered_on_a_grey_ground(entered: Database) -> None:
    snapshot = load_snapshot(entered)
    document = _document(entered)
    initiative = snapshot.initiatives[NOT_ENTERED_POSITION]
    page = _on(_section(document, 2), initiative.name)
    _, lead, phase, grade, result, issues, next_steps = _row_texts(page, initiative.name)
    assert [text.text for text in grade] == ["未記入"]
    assert [text.text for cell in (result, issues, next_steps) for text in cell] == ["—", "—", "—"]
    assert [lead[0].text, phase[0].text] == ["未設定", "継続実施"]  # no lead section yet; 令和7年度's roadmap cell
    grounds = [shape for shape in page.shapes if isinstance(shape, Rect) and shape.tag == "not-entered"]
    ground = next(shape for shape in grounds if shape.box.contains(grade[0].extent))
    # Grey enough to show on a black-and-white print, light enough that the black word on it reads.
    assert ground.fill is not None and 0.8 <= ground.fill <= 0.9 and grade[0].grey == 0.0
    # Only rows without a grade have the ground: as many as 未記入 cells on the page.
    assert len(grounds) == sum(1 for text in page.texts() if text.text == "未記入")
    graded = snapshot.initiatives[EVALUATIONS[0].position]
    graded_page = _on(_section(document, 2), graded.name)
    assert _row(graded_page, graded.name)[3] == ["B 目標どおり"]


def test_the_chart_counts_each_grade_by_area_with_the_totals(entered: Database) -> None:
    snapshot = load_snapshot(entered)
    progress = load_progress(entered, YEAR)
    page = _section(_document(entered), 1)[0]
    counts = grades_by_area(snapshot, progress)
    keys = ["A", "B", "C", "D", "未記入"]
    for area in snapshot.areas:
        _, *figures = _row(page, f"({area.number}) {area.title}")
        expected = [counts[area.id][key] for key in keys]
        assert [int(cell[0]) for cell in figures] == [*expected, sum(expected)], area.title
    # As entered: (1) A 1, B 1, one 未記入; (2) C 1, D 1, one without a grade.
    assert [counts[snapshot.areas[0].id][key] for key in keys] == [1, 1, 0, 0, 1]
    assert [counts[snapshot.areas[1].id][key] for key in keys] == [0, 0, 1, 1, 1]
    _, *totals = _row(page, "合計")
    assert [cell[0] for cell in totals] == ["1", "1", "1", "1", "24", "28"]
    # The counts are written in the bar's segments too (each wide enough on A3).
    area_row = next(text for text in page.texts() if text.text.startswith("(1) "))
    segments = [
        text.text
        for text in page.texts()
        if text.frame.y > area_row.frame.y and text.frame.bottom < area_row.frame.bottom
    ]
    assert sorted(segments) == ["1", "1", "1"]
    # The year's 評価 in 和暦 above the chart.
    assert any(
        text.text.startswith("令和7年度の評価：取組項目 28 件のうち、評価の記入 4 件、未記入 24 件")
        for text in page.texts()
    )


def test_the_chart_s_patterns_stay_apart_in_black_and_white(entered: Database) -> None:
    patterns = [pattern_for(position) for position in range(4)] + [NOT_ENTERED_PATTERN]
    assert len(set(patterns)) == 5
    solid = sorted(pattern.ground for pattern in patterns if not pattern.hatched and not pattern.dashed)
    assert all(b - a >= 0.2 for a, b in itertools.pairwise(solid))  # greys a monochrome printer keeps apart
    # Dark grounds carry white figures; the hatched one (C) is drawn as hatching in the bars.
    assert all(pattern.ink == (1.0 if pattern.ground < 0.5 else 0.0) for pattern in patterns)
    page = _section(_document(entered), 1)[0]
    assert any(isinstance(shape, Hatch) for shape in page.shapes)
    assert any(isinstance(shape, Rect) and shape.dashed and shape.tag == "segment" for shape in page.shapes)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_each_indicator_s_figures_match_the_arithmetic(entered: Database, paper: str) -> None:
    pages = _section(_document(entered, paper), 3)
    expected_by_hand = [
        ("400", "50%", "遅れている"),
        ("18", "70%", "進んでいる"),
        ("50", "50%", "目標どおり"),
        ("24.2", "—", "評価できない（実績が未記入）"),
        ("—", "—", "評価できない（基準値または目標値が未設定）"),
    ]
    for measured, by_hand in zip(INDICATORS, expected_by_hand, strict=True):
        page = _on(pages, measured.name)
        # In the 指標名 column, not the 取組項目 one (コンビニ交付 is an initiative too).
        name = next(t for t in page.texts() if _starts(measured.name, t.text) and t.frame.x > page.printable.x + 1)
        line = sorted(
            (t for t in page.texts() if abs(t.baseline - name.baseline) < 0.01 and t.x >= name.frame.x),
            key=lambda t: t.x,
        )
        base, base_year = measured.base or (None, None)
        target, target_year = measured.target or (None, None)
        figures = figures_for(base, base_year, target, target_year, YEAR, measured.actuals.get(YEAR))
        actuals = [
            format_figure(measured.actuals.get(year)) if year in measured.actuals or year <= YEAR else ""
            for year in range(2023, 2028)
        ]
        expected = [
            name.text,  # the name's first line, if it wraps
            measured.unit,
            format_figure(measured.base[0]) if measured.base else "—",
            format_figure(measured.target[0]) if measured.target else "—",
            *(actual for actual in actuals if actual),
            format_figure(figures.prorated_target),
            format_share(figures.achievement),
        ]
        assert [text.text for text in line[:-1]] == expected
        assert (expected[-2], expected[-1]) == by_hand[:2]
        judgement = line[-1]
        cell = "".join(
            t.text
            for t in sorted(page.texts(), key=lambda t: t.baseline)
            if t.frame == judgement.frame and t.baseline >= judgement.baseline
        )
        assert cell.startswith(judgement_text(figures.judgement)) and judgement_text(figures.judgement) == by_hand[2]


def test_the_judgement_is_headed_as_a_suggestion_and_never_replaces_the_section_s_grade(entered: Database) -> None:
    document = _document(entered)
    for page in _section(document, 3):
        texts = [text.text for text in page.texts()]
        assert "判定（目安）" in texts
        assert any("各課の評価ではありません" in text for text in texts)
    summary = _section(document, 1)[0]
    for word, count in (("進んでいる", "1"), ("目標どおり", "1"), ("遅れている", "1"), ("評価できない", "2")):
        assert _row(summary, word)[:2] == [[word], [count]]
    # The first initiative's indicators are one behind, one ahead: its 評価 is still the section's own B.
    initiative = load_snapshot(entered).initiatives[0]
    page = _on(_section(document, 2), initiative.name)
    assert _row(page, initiative.name)[3] == ["B 目標どおり"]


def test_every_page_has_the_title_with_the_year_the_edition_its_number_and_its_column_headings(
    entered: Database,
) -> None:
    document = _document(entered)
    content = render_pdf(
        load_snapshot(entered), report="progress", exported_on=EXPORTED_ON, progress=load_progress(entered, YEAR)
    )
    pages = [_flat(text) for text in _pdf_pages(content)]
    assert len(pages) == len(document.pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert _flat(f"白岡市DX推進全体方針　{TITLE}") in text
        assert "第3版（令和5年11月改訂）" in text
        assert f"{number}/{len(pages)}" in text
    assert PdfReader(io.BytesIO(content)).metadata.subject == TITLE  # type: ignore[union-attr]
    for page in _section(document, 2):
        texts = {text.text for text in page.texts()}
        assert {"取組項目", "事業主管課", "工程", "評価", "実績", "課題", "次年度の取組"} <= texts
    for page in _section(document, 3):
        texts = {text.text for text in page.texts()}
        assert {"指標名", "単位", "基準値", "目標値", "年度の目標", "達成率", "判定（目安）"} <= texts
        assert {format_fiscal_year(year) for year in range(2023, 2028)} <= texts
    assert len(_section(document, 2)) >= 2  # the default 28 initiatives take more than one A3 page


def test_another_year_reports_that_year(entered: Database) -> None:
    document = _document(entered, year=2024)
    assert document.subject == "進捗状況報告　令和6年度（2024年度）"
    texts = [text.text for page in document.pages for text in page.texts()]
    assert not any(EVALUATIONS[0].result in text for text in texts)  # entered for 令和7年度 only
    assert any(text.startswith("令和6年度の評価：取組項目 28 件のうち、評価の記入 0 件") for text in texts)


def test_a_year_without_any_progress_prints_every_initiative_as_not_entered(database: Database) -> None:
    document = _document(database)
    summary = _section(document, 1)[0]
    _, *totals = _row(summary, "合計")
    assert [cell[0] for cell in totals] == ["0", "0", "0", "0", "28", "28"]
    texts = [text.text for page in _section(document, 3) for text in page.texts()]
    assert "指標が登録された取組項目はありません。" in texts
    for page in document.pages:
        assert_nothing_clipped(page)


def _synthetic_progress(snapshot: PolicySnapshot, year: int) -> ProgressYear:
    """Evaluations with long texts for most initiatives and indicators on every seventh, as a large city's might be."""
    grades = [GradeView(grade_id(grade.code), grade.code, grade.label, grade.explanation) for grade in DEFAULT_GRADES]
    stamp = Stamp(dt.datetime(2025, 11, 1, tzinfo=dt.UTC), "test")
    evaluations, indicators = {}, {}
    for number, initiative in enumerate(snapshot.initiatives):
        if number % 9 != 4:
            grade = grades[number % 4].id if number % 11 else None
            text = "業務の見直しと関係課との調整を進めた。" * (1 + number % 5)
            evaluations[initiative.id] = EvaluationView(
                f"e{number}", initiative.id, year, grade, text, LONG_ISSUE * (number % 3), text, stamp
            )
        if number % 7 == 0:
            indicators[initiative.id] = [
                IndicatorView(
                    f"i{number}-{k}",
                    initiative.id,
                    k,
                    "オンラインで完結する手続の件数（子育て・介護・税）" * (1 + k % 2),
                    "件",
                    1200.0 * k,
                    snapshot.first_year,
                    123456.0,
                    snapshot.last_year,
                    {y: 1000.0 * (y - snapshot.first_year) * (k + 1) for y in snapshot.years if y <= year},
                )
                for k in range(1 + number % 3)
            ]
    return ProgressYear(year, grades, evaluations, indicators)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_nothing_is_clipped_with_entered_data_or_many_long_entries(entered: Database, paper: str) -> None:
    for page in _document(entered, paper).pages:
        assert_nothing_clipped(page)
    snapshot = with_synthetic_initiatives(load_snapshot(entered), 300)
    document = layout_document(
        snapshot,
        paper=paper,  # type: ignore[arg-type]
        report="progress",
        exported_on=EXPORTED_ON,
        progress=_synthetic_progress(snapshot, YEAR),
    )
    assert len(document.pages) > 10
    for page in document.pages:
        assert_nothing_clipped(page)
    texts = [text.text for page in document.pages for text in page.texts()]
    assert any(text.startswith(SECTION_TITLES[1] + "（続き）") for text in texts)
    assert any(text.endswith("（続き）") and text.startswith("(") for text in texts)  # an area continued


def test_a_long_plan_period_narrows_the_year_columns_without_overflow(entered: Database) -> None:
    snapshot = load_snapshot(entered)
    snapshot.first_year, snapshot.last_year = 2019, 2034
    document = layout_document(
        snapshot, paper="A4", report="progress", exported_on=EXPORTED_ON, progress=_synthetic_progress(snapshot, 2025)
    )
    for page in document.pages:
        assert_nothing_clipped(page)


def test_the_progress_report_needs_the_year_s_progress(database: Database) -> None:
    with pytest.raises(ValueError, match="progress"):
        layout_document(load_snapshot(database), report="progress", exported_on=EXPORTED_ON)


# -- choosing the year ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["令和7年度", "R7", "r7", "2025", "2025年度", "令和７年度", "R7年度"])
def test_a_year_is_read_however_it_is_written(database: Database, text: str) -> None:
    assert fiscal_year_for_report(load_snapshot(database), text) == 2025


def test_the_default_year_is_this_fiscal_year_within_the_plan(database: Database) -> None:
    snapshot = load_snapshot(database)
    assert fiscal_year_for_report(snapshot, None, dt.date(2025, 11, 20)) == 2025
    assert fiscal_year_for_report(snapshot, None, dt.date(2026, 3, 31)) == 2025
    assert fiscal_year_for_report(snapshot, None, dt.date(2031, 6, 1)) == 2027  # after the plan: its last year


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("令和12年度", "「令和12年度」は計画期間（令和5年度〜令和9年度）の外です"),
        ("2030", "「2030」（令和12年度）は計画期間（令和5年度〜令和9年度）の外です"),
        ("R4", "「R4」（令和4年度）は計画期間"),
        ("来年度", "「来年度」は年度として読めません"),
        ("令和", "「令和」は年度として読めません"),
    ],
)
def test_a_year_outside_the_plan_or_unreadable_is_refused_in_words(database: Database, text: str, says: str) -> None:
    with pytest.raises(FiscalYearError) as refused:
        fiscal_year_for_report(load_snapshot(database), text, dt.date(2025, 11, 20))
    assert says in refused.value.message
    assert "「令和7年度」「R7」「2025」のように指定してください" in refused.value.message


# -- the command line ----------------------------------------------------------------


def _entered_file(db_path: Path) -> Path:
    database = open_database(db_path)
    try:
        enter_progress(database)
    finally:
        database.close()
    return db_path


@pytest.mark.parametrize("year", ["令和7年度", "R7", "2025"])
def test_export_pdf_progress_writes_the_year_s_report(
    db_path: Path, tmp_path: Path, year: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "進捗.pdf"
    assert (
        main(["--db", str(_entered_file(db_path)), "export", "pdf", str(out), "--report", "progress", "--year", year])
        == 0
    )
    assert "進捗状況報告　令和7年度（2025年度）、A3横" in capsys.readouterr().out
    text = _flat("".join(_pdf_pages(out.read_bytes())))
    assert _flat(TITLE) in text and _flat(EVALUATIONS[2].issues) in text


def test_export_pdf_progress_without_a_year_reports_this_fiscal_year(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "進捗.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(out), "--report", "progress", "--paper", "A4"]) == 0
    database = open_database(db_path)
    try:
        year = default_fiscal_year(load_snapshot(database))
    finally:
        database.close()
    assert _flat(f"進捗状況報告{format_fiscal_year(year)}（{year}年度）") in _flat(_pdf_pages(out.read_bytes())[0])


@pytest.mark.parametrize("year", ["令和12年度", "2031", "R4", "abc", "令和元年度"])
def test_a_bad_year_exits_2_naming_it_and_writes_nothing(
    db_path: Path, tmp_path: Path, year: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "進捗.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(out), "--report", "progress", "--year", year]) == 2
    error = capsys.readouterr().err
    assert error.startswith("エラー: ") and f"「{year}」" in error
    assert "計画期間（令和5年度〜令和9年度）" in error and "のように指定してください" in error
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []


@pytest.mark.parametrize("report", ["roadmap", "initiatives", "organisation", "all"])
def test_a_year_with_a_report_that_has_none_is_refused(
    db_path: Path, tmp_path: Path, report: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(out), "--report", report, "--year", "R7"]) == 2
    error = capsys.readouterr().err
    assert "「R7」" in error and "--report progress --year R7" in error
    assert not out.exists()


def test_all_is_still_the_three_policy_reports(database: Database) -> None:
    document = layout_document(load_snapshot(database), report="all", exported_on=EXPORTED_ON)
    assert Counter(page.report for page in document.pages).keys() == {"roadmap", "initiatives", "organisation"}
    assert document.subject == "工程表・取組項目一覧・推進体制"
