"""取組項目一覧: every initiative with its area, lead section, description and roadmap in words.

A table under area headings, the same as the 工程表's, but the roadmap is
written out (令和5年度〜令和7年度　継続実施), one line per run of equal phases.
"""

from __future__ import annotations

from ...domain.era import format_fiscal_year
from ...domain.roadmap import Bar, CellKind, bars
from ..snapshot import AreaView, InitiativeView, PolicySnapshot
from .display import Box, OutlineEntry, Page, Shape
from .roadmap import area_heading
from .sheet import Sheet
from .table import Cell, Column, Row, Table, layout_table
from .text import TextStyle, Typesetter

__all__ = ["INFERRED_MARK", "SHADED_TEXT", "layout_initiatives", "roadmap_lines"]

INFERRED_MARK = "※"
SHADED_TEXT = "網掛け（工程名なし）"
_NO_ROADMAP = "工程なし"
_NO_LEAD = "未設定"
_FOOTNOTE = f"{INFERRED_MARK} 方針の表から読み取れず、本文から推定した年度を含む工程"
_WIDTHS = (0.22, 0.1, 0.43, 0.25)  # 取組項目, 事業主管課, 概要, 工程


def _span(run: Bar) -> str:
    first = format_fiscal_year(run.first_year)
    return first if run.span == 1 else f"{first}〜{format_fiscal_year(run.last_year)}"


def roadmap_lines(initiative: InitiativeView, years: range) -> list[str]:
    """The initiative's roadmap in words, one line per bar; inferred years marked ※."""
    lines = []
    for run in bars(initiative.cell_values(), years):
        phase = SHADED_TEXT if run.value.kind == CellKind.SHADED else run.value.label
        inferred = any(
            (cell := initiative.cells.get(year)) is not None and cell.inferred
            for year in range(run.first_year, run.last_year + 1)
        )
        lines.append(f"{_span(run)}　{phase}{INFERRED_MARK if inferred else ''}")
    return lines


class _InitiativesLayout:
    def __init__(self, snapshot: PolicySnapshot, sheet: Sheet, typesetter: Typesetter) -> None:
        self.snapshot = snapshot
        self.sheet = sheet
        self.typesetter = typesetter
        self.padding = sheet.size(5)
        self.text = sheet.style(10.5, leading=1.45)
        self.name = sheet.style(11, bold=True, leading=1.4)
        self.missing = sheet.style(10.5, grey=0.45, leading=1.45)
        self.heading = sheet.style(12.5, bold=True, leading=1.5)
        self.column = sheet.style(11, bold=True, leading=1.35)
        self.note = sheet.style(9.5, grey=0.2, leading=1.3)
        self.widths = [sheet.body.width * share for share in _WIDTHS]

    def _cell(self, text: str, column: int, style: TextStyle) -> Cell:
        width = self.widths[column] - 2 * self.padding
        return Cell(tuple(self.typesetter.wrap(text, width, style)), style)

    def row(self, initiative: InitiativeView) -> Row:
        lead = initiative.lead_section
        description = initiative.description.strip()
        roadmap = roadmap_lines(initiative, self.snapshot.years)
        width = self.widths[3] - 2 * self.padding
        wrapped = [line for text in roadmap for line in self.typesetter.wrap(text, width, self.text)]
        cells = (
            self._cell(initiative.name, 0, self.name),
            self._cell(lead, 1, self.text) if lead else self._cell(_NO_LEAD, 1, self.missing),
            self._cell(description, 2, self.text) if description else self._cell("—", 2, self.missing),
            Cell(tuple(wrapped), self.text) if wrapped else self._cell(_NO_ROADMAP, 3, self.missing),
        )
        return Row(cells, group=initiative.area_id)

    def heading_row(self, area: AreaView, continued: bool) -> Row:
        text = area_heading(area) + ("（続き）" if continued else "")
        inner = self.sheet.body.width - 2 * self.padding
        cell = Cell((self.typesetter.fit(text, inner, self.heading),), self.heading)
        return Row(heading=cell, group=area.id, outline="" if continued else area_heading(area))

    def footnote_height(self) -> float:
        return self.note.line_height + 2 * self.sheet.size(4)

    def pages(self) -> list[Page]:
        titles = ("取組項目", "事業主管課", "概要", "工程")
        columns = [
            Column(width, (Cell((title,), self.column),)) for width, title in zip(self.widths, titles, strict=True)
        ]
        rows: list[Row] = []
        for area in self.snapshot.areas:
            rows.append(self.heading_row(area, continued=False))
            initiatives = self.snapshot.initiatives_of(area.id)
            rows.extend(self.row(initiative) for initiative in initiatives)
            if not initiatives:
                empty = Cell(("取組項目はありません",), self.missing)
                rows.append(Row((empty, Cell(), Cell(), Cell()), group=area.id))
        areas = {area.id: area for area in self.snapshot.areas}
        table = Table(
            columns=columns,
            rows=rows,
            padding=self.padding,
            continued=lambda group: self.heading_row(areas[group], continued=True),
            valign="top",
        )
        inferred = any(cell.inferred for item in self.snapshot.initiatives for cell in item.cells.values())
        body = self.sheet.body
        area_box = Box(body.x, body.y, body.width, body.height - (self.footnote_height() if inferred else 0))
        pages = []
        for number, table_page in enumerate(layout_table(table, area_box, self.typesetter)):
            page = self.sheet.new_page("initiatives")
            page.shapes.extend(table_page.shapes)
            if inferred:
                page.shapes.extend(self._footnote(table_page.bottom))
            if number == 0:
                page.outline.append(OutlineEntry("取組項目一覧"))
            page.outline.extend(OutlineEntry(title, 1) for title in table_page.outline)
            pages.append(page)
        return pages

    def _footnote(self, top: float) -> list[Shape]:
        frame = Box(self.sheet.body.x, top, self.sheet.body.width, self.footnote_height())
        line_top = frame.y + self.sheet.size(4)
        return list(self.typesetter.place([_FOOTNOTE], frame, self.note, top=line_top))


def layout_initiatives(snapshot: PolicySnapshot, sheet: Sheet, typesetter: Typesetter) -> list[Page]:
    """The 取組項目一覧 pages, without header and footer."""
    return _InitiativesLayout(snapshot, sheet, typesetter).pages()
