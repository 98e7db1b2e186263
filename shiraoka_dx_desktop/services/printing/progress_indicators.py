"""進捗状況報告, 3 指標の状況: a block of lines per indicator under its initiative, the figures of every year.

Each initiative with indicators is one row; each of its indicators a block of lines level across
the columns (a dotted rule between two): 指標名, 単位, 基準値 and 目標値 with their years, the actual
of every year of the plan (the report's year on a light ground), the year's pro-rated target, the
achievement and the judgement the arithmetic suggests (:mod:`...domain.progress`), headed
判定（目安）: a suggestion beside the section's own 評価, never in its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...domain.era import format_fiscal_year
from ...domain.progress import Judgement
from ..progress import IndicatorView
from ..snapshot import InitiativeView
from .display import Box, Line, Rect, Shape
from .table import Cell, Column, Decorate, Row
from .text import Align, TextStyle

if TYPE_CHECKING:
    from .progress import ProgressLayout

__all__ = ["EMPTY", "IndicatorTable", "format_figure", "format_share", "judgement_text"]

EMPTY = "—"
# 取組項目, 指標名, 単位, 基準値, 目標値 | the plan's years | 年度の目標, 達成率, 判定（目安）
_INDICATOR_LEFT = (0.13, 0.13, 0.045, 0.075, 0.075)
_INDICATOR_RIGHT = (0.075, 0.06, 0.12)
_YEAR_SHARE = 0.058  # a year's column, as long as the plan is not longer than eight years
_YEARS_MOST = 0.45
_SMALLEST_FIGURE = 0.6
_INDICATOR_ALIGN: tuple[Align, ...] = ("left", "left", "centre", "right", "right")
_THIS_YEAR_FILL = 0.93


def format_figure(value: float | None) -> str:
    """An indicator's value as printed: ``1,250``, ``12.5``, ``333.33``; — when there is none."""
    if value is None:
        return EMPTY
    rounded = round(value, 2)
    if rounded == int(rounded):
        return f"{int(rounded):,d}"
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def format_share(value: float | None) -> str:
    """達成率 as printed (``58%``), as the domain's reasons write it; — when there is none."""
    return EMPTY if value is None else f"{value:.0%}"


def judgement_text(judgement: Judgement) -> str:
    """遅れている; 評価できない with its reason: 評価できない（実績が未記入）."""
    return judgement.word if judgement.judged else f"{judgement.word}（{judgement.reason}）"


def _value_and_year(value: float | None, year: int | None) -> str:
    return format_figure(value) + (f"\n{format_fiscal_year(year)}" if year is not None else "")


class IndicatorTable:
    """The columns, rows and notes of 3 指標の状況, in the report's layout (its styles, cells, area headings)."""

    def __init__(self, layout: ProgressLayout) -> None:
        self.layout = layout
        self.snapshot = layout.snapshot
        self.year = layout.year
        self.year_text = layout.year_text

    def columns(self) -> list[Column]:
        year_note = f"（{self.year_text}）"
        titles = [
            ("取組項目", ""),
            ("指標名", ""),
            ("単位", ""),
            ("基準値", "（基準年度）"),
            ("目標値", "（目標年度）"),
        ]
        titles += [(format_fiscal_year(year), f"{year}年度") for year in self.snapshot.years]
        titles += [("年度の目標", year_note), ("達成率", year_note), ("判定（目安）", year_note)]
        return [self.layout.column(w, title, note) for w, (title, note) in zip(self.widths(), titles, strict=True)]

    def rows(self) -> list[Row]:
        """Under each area's heading, a row per initiative with indicators; areas without any left out."""
        widths, rows = self.widths(), []
        for area in self.snapshot.areas:
            measured = [(i, indicators) for i, indicators in self.layout.measured if i.area_id == area.id]
            if measured:
                rows.append(self.layout.area_row(area))
                rows.extend(self.row(initiative, indicators, widths) for initiative, indicators in measured)
        return rows

    def widths(self) -> list[float]:
        """The columns' widths: the plan's years share what the others leave, more of it for a long plan."""
        width, years = self.layout.sheet.body.width, self.snapshot.years
        fixed = sum(_INDICATOR_LEFT) + sum(_INDICATOR_RIGHT)
        years_share = min(_YEARS_MOST, max(1 - fixed, _YEAR_SHARE * len(years)))
        squeeze = (1 - years_share) / fixed
        year = years_share / max(1, len(years))
        shares = (*(part * squeeze for part in _INDICATOR_LEFT), *(year for _ in years))
        return [width * part for part in (*shares, *(part * squeeze for part in _INDICATOR_RIGHT))]

    def notes(self) -> list[str]:
        return [
            f"年度の目標：基準値から目標値までを年度で按分した{self.year_text}の値。"
            "達成率：（実績－基準値）÷（目標値－基準値）。網掛けの列は報告年度の実績。",
            "判定（目安）：実績と年度の目標から機械的に算出した目安で、各課の評価ではありません"
            "（判定のしかたは「1 評価の状況」）。",
        ]

    def texts(self, indicator: IndicatorView) -> list[str]:
        """What each column but the first says of one indicator."""
        figures = indicator.figures(self.year)
        return [
            indicator.name,
            indicator.unit or EMPTY,
            _value_and_year(indicator.base_value, indicator.base_year),
            _value_and_year(indicator.target_value, indicator.target_year),
            *(self._actual(indicator, year) for year in self.snapshot.years),
            format_figure(figures.prorated_target),
            format_share(figures.achievement),
            judgement_text(figures.judgement),
        ]

    def _actual(self, indicator: IndicatorView, year: int) -> str:
        value = indicator.actuals.get(year)
        # A year still to come has nothing to report: left blank rather than marked missing.
        return format_figure(value) if value is not None or year <= self.year else ""

    def row(self, initiative: InitiativeView, indicators: Sequence[IndicatorView], widths: Sequence[float]) -> Row:
        """One row per initiative: a block of lines per indicator, aligned across the columns, a dotted rule between."""
        rooms = [width - 2 * self.layout.styles.padding for width in widths[1:]]
        texts = [self.texts(indicator) for indicator in indicators]
        styles = [self._column_style(column, [row[column] for row in texts], room) for column, room in enumerate(rooms)]
        columns: list[list[str]] = [[] for _ in rooms]
        spacers: list[int] = []
        for index, row in enumerate(texts):
            if index:
                spacers.append(len(columns[0]))
                for lines in columns:
                    lines.append("")
            wrapped = [
                self.layout.typesetter.wrap(text, room, style)
                for text, room, style in zip(row, rooms, styles, strict=True)
            ]
            depth = max(len(lines) for lines in wrapped)
            for lines, block in zip(columns, wrapped, strict=True):
                lines.extend([*block, *([""] * (depth - len(block)))])
        year_aligns: list[Align] = ["right"] * len(self.snapshot.years)
        aligns: list[Align] = [*_INDICATOR_ALIGN[1:], *year_aligns, "right", "right", "left"]
        cells = [self.layout.cell(initiative.name, widths[0], self.layout.styles.name)]
        cells += [Cell(tuple(lines), style, align) for lines, style, align in zip(columns, styles, aligns, strict=True)]
        this_year = len(_INDICATOR_LEFT) + self.year - self.snapshot.first_year
        return Row(tuple(cells), group=initiative.area_id, decorate=self._rules(spacers, this_year))

    def _column_style(self, column: int, texts: Sequence[str], room: float) -> TextStyle:
        """The figures of a year, the pro-rated target and the achievement a little smaller rather than broken
        (a long plan's narrow columns); the line pitch kept, so that each indicator's lines stay level."""
        style = self.layout.styles.figure
        first_figure = len(_INDICATOR_LEFT) - 1
        if not first_figure <= column < first_figure + len(self.snapshot.years) + 2:
            return style
        widest = max((self.layout.typesetter.width(text, style) for text in texts), default=0.0)
        factor = max(_SMALLEST_FIGURE, min(1.0, room / widest)) if widest else 1.0
        return TextStyle(style.size * factor, style.bold, style.grey, style.leading / factor)

    def _rules(self, spacers: Sequence[int], this_year: int) -> Decorate:
        padding, pitch = self.layout.styles.padding, self.layout.styles.figure.line_height

        def decorate(row: Box, boxes: list[Box]) -> list[Shape]:
            shapes: list[Shape] = []
            if 0 <= this_year < len(boxes):
                shapes.append(Rect(boxes[this_year].inset(0.3), fill=_THIS_YEAR_FILL, tag="this-year"))
            for spacer in spacers:
                y = row.y + padding + (spacer + 0.5) * pitch
                shapes.append(Line((boxes[1].x, y), (row.right, y), grey=0.6, line_width=0.4, dashed=True))
            return shapes

        return decorate
