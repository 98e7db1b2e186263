"""The 工程表 as a printed table: areas as headings, initiatives beneath, fiscal years across.

Each run of equal phases is one arrow spanning its years with the phase on
it, as in the policy's own tables; unlabelled shading is a plain bar.  The
事業主管課 column appears when any initiative names its lead section.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.era import format_fiscal_year
from ...domain.roadmap import LEGEND_INFERRED as INFERRED_WORDS
from ...domain.roadmap import LEGEND_PHASE, LEGEND_SHADED, Bar, CellKind, bars
from ..snapshot import AreaView, InitiativeView, PolicySnapshot
from .bars import bar_shapes, label_frame
from .display import Box, OutlineEntry, Page, Shape
from .sheet import Sheet
from .table import Cell, Column, Row, Table, layout_table
from .text import TextStyle, Typesetter

__all__ = ["LEGEND_INFERRED", "area_heading", "layout_roadmap"]

LEGEND_INFERRED = f"斜線：{INFERRED_WORDS}"
_BAR_INSET = 3.0  # between a bar and the column lines
_BAR_MARGIN = 4.0  # above and below a bar in its row
_BAR_PAD = 2.0  # above and below a label in its bar


@dataclass(frozen=True)
class _Styles:
    name: TextStyle
    lead: TextStyle
    label: TextStyle
    small_label: TextStyle
    heading: TextStyle
    column: TextStyle
    western: TextStyle
    legend: TextStyle
    padding: float


def _styles(sheet: Sheet) -> _Styles:
    return _Styles(
        name=sheet.style(12, leading=1.35),
        lead=sheet.style(10, leading=1.35),
        label=sheet.style(11, leading=1.3),
        small_label=sheet.style(9.5, leading=1.25),
        heading=sheet.style(12.5, bold=True, leading=1.5),
        column=sheet.style(12, bold=True, leading=1.35),
        western=sheet.style(9.5, grey=0.3, leading=1.3),
        legend=sheet.style(10, leading=1.3),
        padding=sheet.size(5),
    )


def area_heading(area: AreaView) -> str:
    return f"({area.number}) {area.title}"


class _RoadmapLayout:
    def __init__(self, snapshot: PolicySnapshot, sheet: Sheet, typesetter: Typesetter) -> None:
        self.snapshot = snapshot
        self.sheet = sheet
        self.typesetter = typesetter
        self.styles = _styles(sheet)
        self.years = snapshot.years
        self.with_lead = any(initiative.lead_section for initiative in snapshot.initiatives)
        width = sheet.body.width
        self.name_width = width * (0.25 if self.with_lead else 0.28)
        self.lead_width = width * 0.10 if self.with_lead else 0.0
        self.year_width = (width - self.name_width - self.lead_width) / max(1, len(self.years))
        self.first_year_column = 2 if self.with_lead else 1
        self.inferred_anywhere = any(
            cell.inferred for initiative in snapshot.initiatives for cell in initiative.cells.values()
        )

    # -- the table -------------------------------------------------------------------

    def _heading(self, text: str, width: float, style: TextStyle) -> Cell:
        lines, fitted = self.typesetter.shrink_to_fit(text, width - 2 * self.styles.padding, style, smallest=0.65)
        return Cell(tuple(lines), fitted)

    def columns(self) -> list[Column]:
        styles = self.styles
        columns = [Column(self.name_width, (self._heading("取組項目", self.name_width, styles.column),))]
        if self.with_lead:
            columns.append(Column(self.lead_width, (self._heading("事業主管課", self.lead_width, styles.column),)))
        for year in self.years:
            heading = (
                self._heading(format_fiscal_year(year), self.year_width, styles.column),
                self._heading(f"{year}年度", self.year_width, styles.western),
            )
            columns.append(Column(self.year_width, heading))
        return columns

    def heading_row(self, area: AreaView, continued: bool) -> Row:
        text = area_heading(area) + ("（続き）" if continued else "")
        inner = self.sheet.body.width - 2 * self.styles.padding
        cell = Cell((self.typesetter.fit(text, inner, self.styles.heading),), self.styles.heading)
        return Row(heading=cell, group=area.id, outline="" if continued else area_heading(area))

    def initiative_row(self, initiative: InitiativeView) -> Row:
        styles, padding = self.styles, self.styles.padding
        name = self.typesetter.wrap(initiative.name, self.name_width - 2 * padding, styles.name)
        cells = [Cell(tuple(name), styles.name)]
        if self.with_lead:
            lead = self.typesetter.wrap(initiative.lead_section, self.lead_width - 2 * padding, styles.lead)
            cells.append(Cell(tuple(line for line in lead if line), styles.lead))
        cells.extend(Cell() for _ in self.years)
        runs = bars(initiative.cell_values(), self.years)
        labels = [self._label(run) for run in runs]
        bar_height = max(
            [
                styles.label.line_height + 2 * _BAR_PAD,
                *(len(lines) * style.line_height + 2 * _BAR_PAD for lines, style in labels),
            ]
        )
        inferred = {year for year, cell in initiative.cells.items() if cell.inferred}

        def decorate(row: Box, boxes: list[Box]) -> list[Shape]:
            return self._bars(runs, labels, inferred, row, boxes, bar_height)

        return Row(tuple(cells), min_height=bar_height + 2 * _BAR_MARGIN, decorate=decorate, group=initiative.area_id)

    def _bar_box_width(self, run: Bar) -> float:
        return run.span * self.year_width - 2 * _BAR_INSET

    def _label(self, run: Bar) -> tuple[list[str], TextStyle]:
        styles = self.styles
        if run.value.kind == CellKind.SHADED or not run.value.label:
            return [], styles.label
        probe = Box(0, 0, self._bar_box_width(run), styles.label.line_height + 2 * _BAR_PAD)
        room = label_frame(probe).width
        for style in (styles.label, styles.small_label):
            if self.typesetter.width(run.value.label, style) <= room:
                return [run.value.label], style
        # Too narrow a run for its phase: wrap it, the bar grows taller (and its head with it).
        style = styles.small_label
        tall = Box(0, 0, probe.width, 4 * style.line_height)
        return self.typesetter.wrap(run.value.label, max(label_frame(tall).width, style.size), style), style

    def _bars(
        self,
        runs: list[Bar],
        labels: list[tuple[list[str], TextStyle]],
        inferred: set[int],
        row: Box,
        boxes: list[Box],
        bar_height: float,
    ) -> list[Shape]:
        shapes: list[Shape] = []
        first_year = self.years.start
        top = row.centre_y - bar_height / 2
        for run, (lines, style) in zip(runs, labels, strict=True):
            first = boxes[self.first_year_column + run.first_year - first_year]
            last = boxes[self.first_year_column + run.last_year - first_year]
            box = Box(first.x + _BAR_INSET, top, last.right - first.x - 2 * _BAR_INSET, bar_height)
            labelled = run.value.kind == CellKind.PHASE and bool(run.value.label)
            frame = label_frame(box) if labelled else box
            block = len(lines) * style.line_height
            texts = self.typesetter.place(lines, frame, style, top=box.centre_y - block / 2, align="centre")
            slabs = _inferred_slabs(run, inferred, boxes, self.first_year_column - first_year)
            shapes.extend(bar_shapes(box, labelled=labelled, labels=texts, inferred=slabs))
        return shapes

    # -- the legend ------------------------------------------------------------------

    def legend_height(self) -> float:
        return self.styles.legend.line_height + 2 * self.sheet.size(6)

    def legend(self, top: float) -> list[Shape]:
        style = self.styles.legend
        frame = Box(self.sheet.body.x, top, self.sheet.body.width, self.legend_height())
        sample_height = style.size * 1.3
        sample_top = frame.centre_y - sample_height / 2
        line_top = frame.centre_y - style.line_height / 2
        shapes: list[Shape] = []
        x = frame.x
        items: list[tuple[bool, bool, str]] = [
            (True, False, LEGEND_PHASE),
            (False, False, LEGEND_SHADED),
        ]
        if self.inferred_anywhere:
            items.append((True, True, LEGEND_INFERRED))
        shapes.append(self.typesetter.line("凡例", x, line_top, style, frame))
        x += self.typesetter.width("凡例", style) + 12
        for labelled, hatched, text in items:
            box = Box(x, sample_top, sample_height * 3.2, sample_height)
            slabs = [(box.x, box.right)] if hatched else []
            shapes.extend(bar_shapes(box, labelled=labelled, labels=[], inferred=slabs))
            x = box.right + 6
            fitted = self.typesetter.fit(text, max(0.0, frame.right - x), style)
            shapes.append(self.typesetter.line(fitted, x, line_top, style, frame))
            x += self.typesetter.width(fitted, style) + 22
        return shapes

    # -- the pages -------------------------------------------------------------------

    def pages(self) -> list[Page]:
        rows: list[Row] = []
        for area in self.snapshot.areas:
            rows.append(self.heading_row(area, continued=False))
            initiatives = self.snapshot.initiatives_of(area.id)
            for initiative in initiatives:
                rows.append(self.initiative_row(initiative))
            if not initiatives:
                note = Cell(("取組項目はありません",), self.styles.lead)
                rows.append(Row((note, *(Cell() for _ in self.columns()[1:])), group=area.id))
        areas = {area.id: area for area in self.snapshot.areas}
        table = Table(
            columns=self.columns(),
            rows=rows,
            padding=self.styles.padding,
            continued=lambda group: self.heading_row(areas[group], continued=True),
        )
        body = self.sheet.body
        table_area = Box(body.x, body.y, body.width, body.height - self.legend_height())
        pages: list[Page] = []
        for number, table_page in enumerate(layout_table(table, table_area, self.typesetter)):
            page = self.sheet.new_page("roadmap")
            page.shapes.extend(table_page.shapes)
            page.shapes.extend(self.legend(table_page.bottom))
            if number == 0:
                page.outline.append(OutlineEntry("工程表"))
            page.outline.extend(OutlineEntry(title, 1) for title in table_page.outline)
            pages.append(page)
        return pages


def _inferred_slabs(run: Bar, inferred: set[int], boxes: list[Box], offset: int) -> list[tuple[float, float]]:
    """The x ranges of the run's inferred years, adjacent years merged."""
    slabs: list[tuple[float, float]] = []
    for year in range(run.first_year, run.last_year + 1):
        if year not in inferred:
            continue
        column = boxes[offset + year]
        if slabs and abs(slabs[-1][1] - column.x) < 0.01:
            slabs[-1] = (slabs[-1][0], column.right)
        else:
            slabs.append((column.x, column.right))
    return slabs


def layout_roadmap(snapshot: PolicySnapshot, sheet: Sheet, typesetter: Typesetter) -> list[Page]:
    """The 工程表 pages, without header and footer."""
    return _RoadmapLayout(snapshot, sheet, typesetter).pages()
