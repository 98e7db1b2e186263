"""The progress cycle as the window, the report and the command line read it: one fiscal year at a time.

:func:`load_progress` reads the 評価 scale, every initiative's evaluation for one fiscal
year and every indicator with its actuals, in three queries with the standard library's
``sqlite3`` (as the snapshot does; nothing here needs SQLAlchemy).  The rest are plain
functions over that and the snapshot: who has answered, the grades by area, the
indicators behind their pro-rated target.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from ..domain.era import EraError, era_of, fiscal_year_of, format_fiscal_year, parse_fiscal_year
from ..domain.progress import BEHIND, TOLERANCE, IndicatorFigures, achievement, elapsed_share, figures_for
from ..storage.database import Database
from ..storage.errors import KnownError
from .snapshot import InitiativeView, PolicySnapshot, Stamp

__all__ = [
    "NOT_ENTERED",
    "EvaluationView",
    "FiscalYearError",
    "GradeView",
    "IndicatorView",
    "ProgressYear",
    "SectionProgress",
    "default_fiscal_year",
    "fiscal_year_for_report",
    "grades_by_area",
    "indicator_order",
    "indicators_behind",
    "load_progress",
    "section_progress",
]

NOT_ENTERED = "未記入"


class GradeView(NamedTuple):
    id: str
    code: str
    label: str
    explanation: str


class EvaluationView(NamedTuple):
    id: str
    initiative_id: str
    fiscal_year: int
    grade_id: str | None
    result: str
    issues: str
    next_steps: str
    stamp: Stamp

    @property
    def entered(self) -> bool:
        """Whether the section has said anything for the year (a grade or any text)."""
        return bool(self.grade_id or self.result.strip() or self.issues.strip() or self.next_steps.strip())


class IndicatorView(NamedTuple):
    id: str
    initiative_id: str
    position: int
    name: str
    unit: str
    base_value: float | None
    base_year: int | None
    target_value: float | None
    target_year: int | None
    actuals: dict[int, float]

    def figures(self, fiscal_year: int) -> IndicatorFigures:
        """The pro-rated target, the achievement and the suggested judgement for ``fiscal_year``."""
        return figures_for(
            self.base_value,
            self.base_year,
            self.target_value,
            self.target_year,
            fiscal_year,
            self.actuals.get(fiscal_year),
        )


class ProgressYear(NamedTuple):
    fiscal_year: int
    grades: list[GradeView]
    evaluations: dict[str, EvaluationView]  # by initiative id
    indicators: dict[str, list[IndicatorView]]  # by initiative id, in their order

    def grade(self, grade_id: str | None) -> GradeView | None:
        return next((grade for grade in self.grades if grade.id == grade_id), None) if grade_id else None

    def grade_codes(self) -> dict[str | None, str]:
        """Each grade's code by its id (the first of the scale with that id, as :meth:`grade` finds it)."""
        codes: dict[str | None, str] = {}
        for grade in self.grades:
            codes.setdefault(grade.id, grade.code)
        return codes

    def grade_code(self, initiative_id: str) -> str:
        """The initiative's 評価 code for the year, or 未記入."""
        evaluation = self.evaluations.get(initiative_id)
        grade = self.grade(evaluation.grade_id) if evaluation else None
        return grade.code if grade else NOT_ENTERED


class SectionProgress(NamedTuple):
    section: str  # the lead section's name; "" for initiatives without one
    initiatives: int
    entered: int

    @property
    def missing(self) -> int:
        return self.initiatives - self.entered


def default_fiscal_year(snapshot: PolicySnapshot, today: dt.date | None = None) -> int:
    """This fiscal year, clamped to the plan period."""
    year = fiscal_year_of(today or dt.date.today())
    return min(max(year, snapshot.first_year), snapshot.last_year)


class FiscalYearError(KnownError):
    """A fiscal year the user asked for that cannot be read, or lies outside the plan period."""


def fiscal_year_for_report(snapshot: PolicySnapshot, text: str | int | None, today: dt.date | None = None) -> int:
    """The fiscal year the user asked for (令和7年度, R7, 2025), within the plan period; by default this year's.

    Raises :class:`FiscalYearError`, naming what was given and what to type, for anything else.
    """
    default = default_fiscal_year(snapshot, today)
    if text is None:
        return default
    period = f"{format_fiscal_year(snapshot.first_year)}〜{format_fiscal_year(snapshot.last_year)}"
    era = era_of(dt.date(default, 12, 31))
    examples = f"「{format_fiscal_year(default)}」「{era.letter}{era.year_of(default)}」「{default}」"
    try:
        year = text if isinstance(text, int) else parse_fiscal_year(text)
        named = format_fiscal_year(year)
    except EraError:
        raise FiscalYearError(
            f"「{text}」は年度として読めません。計画期間（{period}）の年度を{examples}のように指定してください。"
        ) from None
    if year not in snapshot.years:
        given = "" if named == str(text) else f"（{named}）"
        raise FiscalYearError(
            f"「{text}」{given}は計画期間（{period}）の外です。{period}の年度を{examples}のように指定してください。"
        )
    return year


def load_progress(database: Database, fiscal_year: int) -> ProgressYear:
    """The scale, the year's evaluations and every indicator with its actuals."""
    from .progress_reader import read_evaluations, read_indicators  # the row readers, shared with re-reads

    with database.reader() as connection:
        grades = [
            GradeView(*row)
            for row in connection.execute(
                "SELECT id, code, label, explanation FROM evaluation_grade ORDER BY position, code"
            )
        ]
        evaluations = {
            view.initiative_id: view for view in read_evaluations(connection, "WHERE fiscal_year = ?", (fiscal_year,))
        }
        indicators: dict[str, list[IndicatorView]] = {}
        for view in read_indicators(connection, ""):  # sorted here: SQLite would sort 10,000 rows in a temporary tree
            listed = indicators.get(view.initiative_id)
            if listed is None:
                indicators[view.initiative_id] = [view]
            else:
                listed.append(view)
    for listed in indicators.values():
        if len(listed) > 1:
            listed.sort(key=indicator_order)
    return ProgressYear(fiscal_year, grades, evaluations, indicators)


def indicator_order(indicator: IndicatorView) -> tuple[int, str]:
    """An initiative's indicators are listed by their position, then by name (unique within the initiative)."""
    return indicator.position, indicator.name


def section_progress(snapshot: PolicySnapshot, progress: ProgressYear) -> list[SectionProgress]:
    """Per lead section: its initiatives and how many have an entry for the year; the busiest first."""
    evaluations = progress.evaluations
    initiatives = snapshot.initiatives
    totals = Counter(initiative.lead_section for initiative in initiatives)
    entered = Counter(
        initiative.lead_section
        for initiative in initiatives
        if (evaluation := evaluations.get(initiative.id)) is not None and evaluation.entered
    )
    return sorted(
        (SectionProgress(section, count, entered[section]) for section, count in totals.items()),
        key=lambda item: (item.section == "", -item.missing, item.section),
    )


def grades_by_area(snapshot: PolicySnapshot, progress: ProgressYear) -> dict[str, Counter[str]]:
    """Per area id: how many initiatives have each 評価 code (and 未記入)."""
    counts: dict[str, Counter[str]] = {area.id: Counter() for area in snapshot.areas}
    codes = progress.grade_codes()
    evaluations = progress.evaluations
    pairs = Counter(  # (area, code) counted in C rather than one Counter increment at a time
        (
            initiative.area_id,
            NOT_ENTERED
            if (evaluation := evaluations.get(initiative.id)) is None
            else codes.get(evaluation.grade_id, NOT_ENTERED),
        )
        for initiative in snapshot.initiatives
    )
    for (area_id, code), count in pairs.items():
        counts.setdefault(area_id, Counter())[code] += count
    return counts


def indicators_behind(
    snapshot: PolicySnapshot, progress: ProgressYear
) -> list[tuple[InitiativeView, IndicatorView, IndicatorFigures]]:
    """The indicators whose actual for the year is behind its pro-rated target, in the policy's order."""
    year = progress.fiscal_year
    indicators = progress.indicators
    behind = []
    for initiative in snapshot.initiatives:
        for indicator in indicators.get(initiative.id, ()):
            if _may_be_behind(indicator, year):
                figures = indicator.figures(year)
                if figures.judgement.position == BEHIND:
                    behind.append((initiative, indicator, figures))
    return behind


def _may_be_behind(indicator: IndicatorView, fiscal_year: int) -> bool:
    """False for an indicator :func:`...domain.progress.judge` cannot find behind in the year: without an
    actual, a base or a target, or on or past its pro-rated target (the same arithmetic, without wording
    the reason and the figures of every indicator that is not behind)."""
    actual = indicator.actuals.get(fiscal_year)
    base, base_year = indicator.base_value, indicator.base_year
    target, target_year = indicator.target_value, indicator.target_year
    if actual is None or base is None or target is None or base_year is None or target_year is None:
        return False
    share = elapsed_share(base_year, target_year, fiscal_year)
    reached = achievement(base, target, actual)
    return share is not None and reached is not None and not (reached >= share - TOLERANCE)  # as judge's last branch
