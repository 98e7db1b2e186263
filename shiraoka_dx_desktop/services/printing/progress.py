"""進捗状況報告: one fiscal year's 評価 by area, a chart of the grades, and the indicators.

The paper the 事務局 hands the DX推進本部.  Three sections, each from a fresh page under its title:

1. 評価の状況: per area one stacked bar of the sections' 評価 (A, B, C, D …, 未記入) with the counts
   beside it and the totals (:mod:`.progress_chart`); then how many indicators the arithmetic
   suggests are ahead, on target or behind, and how that is worked out.
2. 取組項目ごとの評価: under the area headings, each initiative with its 事業主管課, the year's 工程, its
   評価 (未記入 on a grey ground when none was entered), 実績, 課題 and 次年度の取組.
3. 指標の状況: each initiative with indicators, a block of lines per indicator: base and target with
   their years, the actual of every year of the plan, the year's pro-rated target, the achievement
   and the suggested judgement, headed 判定（目安）: never presented as the section's own 評価.

Everything comes from the snapshot and the year's :class:`~..progress.ProgressYear`: nothing here
reads the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ...domain.era import format_fiscal_year
from ...domain.progress import JUDGEMENT_WORDS, TOLERANCE
from ...domain.roadmap import CellKind
from ..progress import NOT_ENTERED, GradeView, ProgressYear, grades_by_area
from ..reports import report as report_spec
from ..snapshot import AreaView, InitiativeView, PolicySnapshot
from .display import Box, OutlineEntry, Page, Rect, Shape
from .progress_chart import legend_shapes, rule_above, stacked_bar
from .progress_indicators import EMPTY, IndicatorTable
from .roadmap import area_heading
from .sheet import Sheet
from .table import Cell, Column, Row, Table, TablePage, layout_table
from .text import Align, TextStyle, Typesetter

__all__ = ["INFERRED_MARK", "SECTION_TITLES", "ProgressLayout", "layout_progress"]

SECTION_TITLES = ("1　評価の状況", "2　取組項目ごとの評価", "3　指標の状況")
INFERRED_MARK = "※"
_SHADED = "網掛け"
_NO_LEAD = "未設定"
_JUDGEMENT_NOTE = (
    "判定は、各課の評価ではなく、指標の実績から機械的に算出した目安です（「3 指標の状況」に指標ごとに示します）。"
)
_NOT_ENTERED_FILL = 0.86
# 取組項目, 事業主管課, 工程, 評価, 実績, 課題, 次年度の取組
_EVALUATION_SHARES = (0.15, 0.085, 0.075, 0.11, 0.19, 0.19, 0.20)


@dataclass(frozen=True)
class _Styles:
    title: TextStyle
    subtitle: TextStyle
    lead: TextStyle
    heading: TextStyle
    column: TextStyle
    column_note: TextStyle
    name: TextStyle
    text: TextStyle
    missing: TextStyle
    grade: TextStyle
    figure: TextStyle
    count: TextStyle
    total: TextStyle
    legend: TextStyle
    note: TextStyle
    padding: float
    gap: float


def _styles(sheet: Sheet) -> _Styles:
    return _Styles(
        title=sheet.style(13, bold=True, leading=1.4),
        subtitle=sheet.style(11.5, bold=True, leading=1.4),
        lead=sheet.style(10.5, leading=1.4),
        heading=sheet.style(12.5, bold=True, leading=1.5),
        column=sheet.style(10.5, bold=True, leading=1.35),
        column_note=sheet.style(9, grey=0.3, leading=1.3),
        name=sheet.style(10.5, bold=True, leading=1.4),
        text=sheet.style(10, leading=1.45),
        missing=sheet.style(10, grey=0.45, leading=1.45),
        grade=sheet.style(10, bold=True, leading=1.45),
        figure=sheet.style(10, leading=1.4),
        count=sheet.style(11, leading=1.4),
        total=sheet.style(11, bold=True, leading=1.4),
        legend=sheet.style(10, leading=1.3),
        note=sheet.style(9, grey=0.2, leading=1.35),
        padding=sheet.size(5),
        gap=sheet.size(7),
    )


class _Block(NamedTuple):
    height: float
    draw: Callable[[float], list[Shape]]
    after: float = 0.0  # space below it


class _Flow:
    """A section's pages: its title atop each (（続き） after the first), blocks and tables one under
    another, a fresh page when the next does not fit, and the section's notes under each page's part."""

    def __init__(self, layout: ProgressLayout, title: str, notes: Sequence[str] = ()) -> None:
        self.layout = layout
        self.title = title
        styles, body = layout.styles, layout.sheet.body
        self.note_lines = [line for note in notes for line in layout.typesetter.wrap(note, body.width, styles.note)]
        self.notes_height = len(self.note_lines) * styles.note.line_height + styles.gap if self.note_lines else 0.0
        self.pages: list[Page] = []
        self.top = self.start = body.y
        self.new_page()

    @property
    def bottom(self) -> float:
        return self.layout.sheet.body.bottom - self.notes_height

    def new_page(self) -> None:
        self._notes()
        layout = self.layout
        page = layout.sheet.new_page("progress")
        if not self.pages:
            page.outline.append(OutlineEntry(self.title, 1))
        page.shapes.extend(layout.title_shapes(self.title + ("（続き）" if self.pages else "")))
        self.pages.append(page)
        self.top = self.start = layout.sheet.body.y + layout.styles.title.line_height + layout.styles.gap

    def block(self, block: _Block) -> None:
        """Something ``block.height`` tall, drawn from the top it is given, then ``block.after`` of space."""
        self.keep(block.height)
        self.pages[-1].shapes.extend(block.draw(self.top))
        self.top += block.height + block.after

    def keep(self, height: float) -> None:
        """A fresh page unless what follows, ``height`` tall, fits on this one."""
        if self.top + height > self.bottom and self.top > self.start:
            self.new_page()

    def table(self, table: Table) -> None:
        """A table from here on, over as many pages as it takes; started afresh rather than torn at once."""
        if self.top > self.start and self.bottom - self.top < self.layout.sheet.body.height * 0.2:
            self.new_page()
        laid = self._lay(table)
        if len(laid) > 1 and self.top > self.start:
            self.new_page()
            laid = self._lay(table)
        for index, table_page in enumerate(laid):
            if index:
                self.new_page()
            self.pages[-1].shapes.extend(table_page.shapes)
            self.pages[-1].outline.extend(OutlineEntry(title, 2) for title in table_page.outline)
            self.top = table_page.bottom

    def _lay(self, table: Table) -> list[TablePage]:
        body = self.layout.sheet.body
        return layout_table(table, Box(body.x, self.top, body.width, self.bottom - self.top), self.layout.typesetter)

    def finish(self) -> list[Page]:
        self._notes()
        return self.pages

    def _notes(self) -> None:
        if not self.pages or not self.note_lines:
            return
        style, body = self.layout.styles.note, self.layout.sheet.body
        frame = Box(body.x, self.top + self.layout.styles.gap, body.width, len(self.note_lines) * style.line_height)
        self.pages[-1].shapes.extend(self.layout.typesetter.place(self.note_lines, frame, style))


class ProgressLayout:
    def __init__(self, snapshot: PolicySnapshot, progress: ProgressYear, sheet: Sheet, typesetter: Typesetter) -> None:
        self.snapshot = snapshot
        self.progress = progress
        self.sheet = sheet
        self.typesetter = typesetter
        self.styles = _styles(sheet)
        self.year = progress.fiscal_year
        self.year_text = format_fiscal_year(progress.fiscal_year)
        self.areas = {area.id: area for area in snapshot.areas}
        self.measured = [
            (initiative, indicators)
            for initiative in snapshot.initiatives
            if (indicators := progress.indicators.get(initiative.id))
        ]

    # -- shared pieces ---------------------------------------------------------------

    def title_shapes(self, text: str) -> list[Shape]:
        style, body = self.styles.title, self.sheet.body
        frame = Box(body.x, body.y, body.width, style.line_height)
        return list(self.typesetter.place([self.typesetter.fit(text, body.width, style)], frame, style))

    def text_block(self, lines: Sequence[str], style: TextStyle, *, wrap: bool = False) -> _Block:
        """Lines across the body (wrapped to it if ``wrap``), set a little off whatever stands above."""
        body, space = self.sheet.body, self.sheet.size(3)
        if wrap:
            lines = [line for text in lines for line in self.typesetter.wrap(text, body.width, style)]

        def draw(top: float) -> list[Shape]:
            frame = Box(body.x, top + space, body.width, len(lines) * style.line_height)
            return list(self.typesetter.place(lines, frame, style))

        return _Block(space + len(lines) * style.line_height, draw, self.styles.gap)

    def table_height(self, table: Table) -> float:
        """How tall ``table`` is on one page."""
        laid = layout_table(table, Box(0, 0, self.sheet.body.width, 1e9), self.typesetter)
        return laid[0].bottom if laid else 0.0

    def column(self, width: float, title: str, note: str = "") -> Column:
        styles, inner = self.styles, width - 2 * self.styles.padding
        lines, style = self.typesetter.shrink_to_fit(title, inner, styles.column, smallest=0.7)
        stack = [Cell(tuple(lines), style)]
        if note:
            note_lines, note_style = self.typesetter.shrink_to_fit(note, inner, styles.column_note, smallest=0.7)
            stack.append(Cell(tuple(note_lines), note_style))
        return Column(width, tuple(stack))

    def cell(self, text: str, width: float, style: TextStyle, align: Align = "left") -> Cell:
        return Cell(tuple(self.typesetter.wrap(text, width - 2 * self.styles.padding, style)), style, align)

    def area_row(self, area: AreaView, continued: bool = False) -> Row:
        style = self.styles.heading
        text = area_heading(area) + ("（続き）" if continued else "")
        cell = Cell((self.typesetter.fit(text, self.sheet.body.width - 2 * self.styles.padding, style),), style)
        return Row(heading=cell, group=area.id, outline="" if continued else area_heading(area))

    def table(self, columns: Sequence[Column], rows: Sequence[Row], valign: Literal["top", "middle"] = "top") -> Table:
        return Table(
            columns=columns,
            rows=rows,
            padding=self.styles.padding,
            continued=lambda group: self.area_row(self.areas[group], continued=True),
            valign=valign,
        )

    # -- the pages -------------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages = [*self.summary_pages(), *self.evaluation_pages(), *self.indicator_pages()]
        pages[0].outline.insert(0, OutlineEntry(report_spec("progress").heading(self.year)))
        return pages

    # -- 1 評価の状況 -----------------------------------------------------------------

    def summary_pages(self) -> list[Page]:
        styles, body, grades = self.styles, self.sheet.body, self.progress.grades
        flow = _Flow(self, SECTION_TITLES[0])
        flow.block(self.text_block([self._lead()], styles.lead, wrap=True))
        _, legend_height = legend_shapes(self.typesetter, Box(body.x, 0, body.width, 0), grades, styles.legend)

        def legend(top: float) -> list[Shape]:
            frame = Box(body.x, top, body.width, legend_height)
            return legend_shapes(self.typesetter, frame, grades, styles.legend)[0]

        flow.block(_Block(legend_height, legend, styles.gap))
        flow.table(self.chart_table())
        flow.block(self.text_block(["棒の長さは、取組ごとの取組項目数を100%とした割合です。"], styles.note))
        # The suggestions' counts, their table and the words under it kept together.
        title = self.text_block(["指標の判定（目安）"], styles.subtitle)
        judgements = self.judgement_table()
        note = self.text_block([_JUDGEMENT_NOTE], styles.note, wrap=True)
        flow.keep(styles.gap + title.height + title.after + self.table_height(judgements) + note.height)
        flow.block(_Block(styles.gap, lambda top: [], 0.0))
        flow.block(title)
        flow.table(judgements)
        flow.block(note)
        return flow.finish()

    def _lead(self) -> str:
        counts = self.grade_counts()
        total = sum(sum(count.values()) for count in counts.values())
        missing = sum(count[NOT_ENTERED] for count in counts.values())
        indicators = sum(len(indicators) for _, indicators in self.measured)
        return (
            f"{self.year_text}の評価：取組項目 {total:,d} 件のうち、評価の記入 {total - missing:,d} 件、"
            f"未記入 {missing:,d} 件。指標 {indicators:,d} 件（{len(self.measured):,d} 取組項目）。"
        )

    def grade_counts(self) -> dict[str, Counter[str]]:
        return grades_by_area(self.snapshot, self.progress)

    def chart_table(self) -> Table:
        width = self.sheet.body.width
        keys = [grade.code for grade in self.progress.grades] + [NOT_ENTERED, "計"]
        count_width = width * 0.30 / len(keys)
        columns = [
            self.column(width * 0.30, "取組"),
            self.column(width * 0.40, "評価の内訳", "（取組項目数に占める割合）"),
            *(self.column(count_width, key) for key in keys),
        ]
        counts = self.grade_counts()
        rows = [
            self._chart_row(area_heading(area), counts.get(area.id, Counter()), columns) for area in self.snapshot.areas
        ]
        totals: Counter[str] = Counter()
        for count in counts.values():
            totals.update(count)
        rows.append(self._chart_row("合計", totals, columns, total=True))
        return self.table(columns, rows, valign="middle")

    def _chart_row(self, label: str, counts: Counter[str], columns: Sequence[Column], *, total: bool = False) -> Row:
        styles, grades = self.styles, self.progress.grades
        keys = [grade.code for grade in grades] + [NOT_ENTERED]
        figures = [counts[key] for key in keys]
        figures.append(sum(figures))
        strong = styles.total if total else styles.count
        cells = [
            self.cell(label, columns[0].width, styles.name if total else styles.text),
            Cell(() if figures[-1] else ("取組項目なし",), styles.missing, "centre"),
            *(
                Cell((f"{figure:,d}",), strong if figure or index == len(keys) else styles.missing, "centre")
                for index, figure in enumerate(figures)
            ),
        ]
        bar_height = self.sheet.size(18)

        def decorate(row: Box, boxes: list[Box]) -> list[Shape]:
            slot = boxes[1].inset(styles.padding, (row.height - bar_height) / 2)
            shapes: list[Shape] = [rule_above(row)] if total else []
            return shapes + stacked_bar(self.typesetter, slot, counts, grades, styles.count)

        return Row(tuple(cells), min_height=bar_height + 2 * self.sheet.size(7), decorate=decorate)

    def judgement_table(self) -> Table:
        width = self.sheet.body.width
        columns = [
            self.column(width * 0.14, "判定（目安）"),
            self.column(width * 0.07, "指標の件数"),
            self.column(width * 0.50, "判定のしかた"),
        ]
        tally = Counter(
            indicator.figures(self.year).judgement.position
            for _, indicators in self.measured
            for indicator in indicators
        )
        band = f"基準値から目標値までの差の{TOLERANCE:.0%}"
        how = (
            f"実績が年度の目標を上回り、その差が{band}を超える",
            f"実績と年度の目標との差が{band}以内",
            f"実績が年度の目標を下回り、その差が{band}を超える",
            "実績が未記入、基準値・目標値が未設定、または基準と目標の年度・値が同じ",
        )
        styles = self.styles
        rows = [
            Row(
                (
                    self.cell(word, columns[0].width, styles.grade),
                    Cell((f"{tally[position]:,d}",), styles.count if tally[position] else styles.missing, "centre"),
                    self.cell(how[position], columns[2].width, styles.text),
                )
            )
            for position, word in enumerate(JUDGEMENT_WORDS)
        ]
        total = Cell((f"{sum(tally.values()):,d}",), styles.total, "centre")
        rows.append(Row((self.cell("計", columns[0].width, styles.name), total, Cell()), decorate=_rule))
        return self.table(columns, rows, valign="middle")

    # -- 2 取組項目ごとの評価 -----------------------------------------------------------

    def evaluation_pages(self) -> list[Page]:
        width = self.sheet.body.width
        widths = [width * share for share in _EVALUATION_SHARES]
        titles = ("取組項目", "事業主管課", "工程", "評価", "実績", "課題", "次年度の取組")
        columns = [
            self.column(w, title, f"（{self.year_text}）" if title == "工程" else "")
            for w, title in zip(widths, titles, strict=True)
        ]
        rows: list[Row] = []
        for area in self.snapshot.areas:
            rows.append(self.area_row(area))
            initiatives = self.snapshot.initiatives_of(area.id)
            rows.extend(self.evaluation_row(initiative, widths) for initiative in initiatives)
            if not initiatives:
                rows.append(
                    Row(
                        (Cell(("取組項目はありません",), self.styles.missing), *(Cell() for _ in widths[1:])),
                        group=area.id,
                    )
                )
        flow = _Flow(self, SECTION_TITLES[1], self._evaluation_notes())
        flow.table(self.table(columns, rows))
        return flow.finish()

    def _evaluation_notes(self) -> list[str]:
        grades = self.progress.grades
        scale = f"（{grades[0].code}〜{grades[-1].code}）" if grades else ""
        notes = [
            f"工程：{self.year_text}の工程表の欄（{_SHADED}＝工程名のない網掛け、{EMPTY}＝工程なし）。"
            f"{NOT_ENTERED}：評価{scale}が入力されていない取組項目。評価・実績・課題・次年度の取組は各事業主管課の記入による。"
        ]
        if any((cell := i.cells.get(self.year)) is not None and cell.inferred for i in self.snapshot.initiatives):
            notes.append(f"{INFERRED_MARK} 方針の表から読み取れず、本文から推定した年度の工程")
        return notes

    def evaluation_row(self, initiative: InitiativeView, widths: Sequence[float]) -> Row:
        styles = self.styles
        evaluation = self.progress.evaluations.get(initiative.id)
        grade = self.progress.grade(evaluation.grade_id) if evaluation is not None else None
        phase = self.phase_text(initiative)
        lead = initiative.lead_section
        texts = ("", "", "") if evaluation is None else (evaluation.result, evaluation.issues, evaluation.next_steps)
        cells = (
            self.cell(initiative.name, widths[0], styles.name),
            self.cell(lead, widths[1], styles.text) if lead else self.cell(_NO_LEAD, widths[1], styles.missing),
            self.cell(phase, widths[2], styles.missing if phase == EMPTY else styles.text),
            self.grade_cell(grade, widths[3]),
            *(
                self.cell(text.strip(), width, styles.text) if text.strip() else self.cell(EMPTY, width, styles.missing)
                for text, width in zip(texts, widths[4:], strict=True)
            ),
        )
        return Row(cells, group=initiative.area_id, decorate=None if grade is not None else _mark_not_entered)

    def phase_text(self, initiative: InitiativeView) -> str:
        """The roadmap cell's phase for the year: its label, 網掛け, or — when it is empty."""
        cell = initiative.cells.get(self.year)
        if cell is None:
            return EMPTY
        text = cell.value.label if cell.value.kind == CellKind.PHASE and cell.value.label else _SHADED
        return text + (INFERRED_MARK if cell.inferred else "")

    def grade_cell(self, grade: GradeView | None, width: float) -> Cell:
        """「B 目標どおり」 on one line if it fits (a little smaller if need be), else the code above the label."""
        if grade is None:
            return Cell((NOT_ENTERED,), self.styles.text)
        inner = width - 2 * self.styles.padding
        lines, style = self.typesetter.shrink_to_fit(
            f"{grade.code} {grade.label}".strip(), inner, self.styles.grade, smallest=0.85
        )
        if len(lines) > 1:
            label, style = self.typesetter.shrink_to_fit(grade.label, inner, self.styles.grade, smallest=0.85)
            lines = [grade.code, *label]
        return Cell(tuple(lines), style)

    # -- 3 指標の状況 -----------------------------------------------------------------

    def indicator_pages(self) -> list[Page]:
        table = IndicatorTable(self)
        flow = _Flow(self, SECTION_TITLES[2], table.notes())
        if not self.measured:
            flow.block(self.text_block(["指標が登録された取組項目はありません。"], self.styles.lead))
        else:
            flow.table(self.table(table.columns(), table.rows()))
        return flow.finish()


def _mark_not_entered(row: Box, boxes: list[Box]) -> list[Shape]:
    """未記入: the 評価 cell on a grey ground, so that a missing grade shows at a glance in black and white."""
    return [Rect(boxes[3].inset(0.3), fill=_NOT_ENTERED_FILL, tag="not-entered")]


def _rule(row: Box, boxes: list[Box]) -> list[Shape]:
    return [rule_above(row)]


def layout_progress(
    snapshot: PolicySnapshot, progress: ProgressYear, sheet: Sheet, typesetter: Typesetter
) -> list[Page]:
    """The 進捗状況報告 pages for ``progress``'s fiscal year, without header and footer."""
    return ProgressLayout(snapshot, progress, sheet, typesetter).pages()
