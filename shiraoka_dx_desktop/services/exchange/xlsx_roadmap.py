"""The 工程表 sheet: policy areas as heading rows, initiatives beneath, one column per fiscal year.

Each bar (adjacent years holding the same phase) is one merged range with a
grey fill and its phase centred, like the arrows of the printed policy; a
shaded cell without a label is darker and holds "■", the mark the app uses
for it in text.  Imported only when a workbook is written.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain.era import format_fiscal_year
from ...domain.roadmap import PHASE_VOCABULARY, CellKind, bars
from ..snapshot import InitiativeView
from .records import ExportData
from .schema import (
    ID_HEADING,
    REVISION_HEADING,
    ROADMAP_NAME_HEADING,
    SHADED_MARK,
    roadmap_revisions_text,
    visible_revisions,
)
from .xlsx_pages import PageText, PrintedRow, keep_headings_with_next, setup_page
from .xlsx_styles import SheetRows, Stylist, guard_ids, guard_revisions, lines_needed, row_height

__all__ = ["write_roadmap_sheet"]

NAME_WIDTH = 44.0
YEAR_WIDTH = 16.0
ID_WIDTH = 6.0
FIRST_ROW = 3  # below the two heading rows


def write_roadmap_sheet(worksheet: Any, data: ExportData, *, paper: str, page: PageText) -> None:
    snapshot = data.snapshot
    history = _CellRevisions(data)
    stylist = Stylist(worksheet)
    years = list(snapshot.years)
    last_year_column = 1 + len(years)
    id_column = last_year_column + 1
    revision_letter = get_column_letter(id_column + 1)
    groups = [(area, snapshot.initiatives_of(area.id)) for area in snapshot.areas]
    last_row = FIRST_ROW - 1 + sum(1 + len(initiatives) for _area, initiatives in groups)

    # Everything before the rows in the sheet's XML is set first: the rows are written as they come.
    last_year_letter = get_column_letter(last_year_column)
    id_letter = get_column_letter(id_column)
    worksheet.column_dimensions["A"].width = NAME_WIDTH
    for column in range(2, last_year_column + 1):
        worksheet.column_dimensions[get_column_letter(column)].width = YEAR_WIDTH
    worksheet.column_dimensions[id_letter].width = ID_WIDTH
    worksheet.column_dimensions[revision_letter].width = ID_WIDTH
    worksheet.freeze_panes = f"B{FIRST_ROW}"
    printed_last_row = max(last_row, FIRST_ROW)
    setup_page(
        worksheet,
        paper=paper,
        page=page,
        print_area=f"A1:{last_year_letter}{printed_last_row}",
        title_rows=f"1:{FIRST_ROW - 1}",
    )

    rows = SheetRows(worksheet, f"A1:{revision_letter}{last_row}")
    _headings(rows, stylist, years)
    printed_width = NAME_WIDTH + YEAR_WIDTH * len(years)
    printed: list[PrintedRow] = []
    row = FIRST_ROW
    for area, initiatives in groups:
        heading = f"({area.number}) {area.title}"
        rows.merge(row, 1, last_year_column)
        area_cell = stylist.cell(heading, "area")
        cells = [area_cell, *(stylist.cell(None, "area") for _year in years), stylist.cell(area.id, "id")]
        cells.append(stylist.cell(visible_revisions(history.revisions[area.id]), "id"))
        height = row_height(lines_needed(heading, printed_width, 11), 11)
        rows.append(row, cells, height)
        printed.append(PrintedRow(row, height, heading=True))
        row += 1
        for initiative in initiatives:
            cell_revisions = {year: history.of(initiative.id, year) for year in years}
            revision = roadmap_revisions_text(history.revisions[initiative.id], cell_revisions)
            height = _initiative_row(rows, stylist, row, initiative, years, revision)
            printed.append(PrintedRow(row, height, heading=False))
            row += 1

    guard_ids(worksheet, f"{id_letter}{FIRST_ROW}:{id_letter}{printed_last_row}")
    guard_revisions(worksheet, f"{revision_letter}{FIRST_ROW}:{revision_letter}{printed_last_row}")
    _suggest_phases(worksheet, f"B{FIRST_ROW}:{last_year_letter}{printed_last_row}")
    title_height = sum(worksheet.row_dimensions[number].height for number in range(1, FIRST_ROW))
    keep_headings_with_next(worksheet, printed, paper=paper, printed_width=printed_width, title_height=title_height)


class _CellRevisions:
    """Each year's cell of an initiative: whether there is one, and the revisions it has or had."""

    def __init__(self, data: ExportData) -> None:
        self.revisions = data.revisions()
        self.live = data.by_year("roadmap_cell", "initiative_id")
        self.deleted = data.by_year("roadmap_cell", "initiative_id", deleted=True)

    def of(self, initiative_id: str, year: int) -> tuple[bool, tuple[str, ...]]:
        """A cell deleted here says what it was."""
        record = self.live.get((initiative_id, year))
        if record is not None:
            return True, (record.revision, *record.ancestors)
        gone = self.deleted.get((initiative_id, year))
        return False, (gone.revision, *gone.ancestors) if gone is not None else ()


def _headings(rows: SheetRows, stylist: Stylist, years: list[int]) -> None:
    # 取組項目, ID and 版 span both heading rows.
    id_column = 2 + len(years)
    rows.merge(1, 1, 1, last_row=2)
    rows.merge(1, id_column, id_column, last_row=2)
    rows.merge(1, id_column + 1, id_column + 1, last_row=2)
    upper = [stylist.cell(format_fiscal_year(year), "heading_upper") for year in years]
    machine = [stylist.cell(ID_HEADING, "id_heading"), stylist.cell(REVISION_HEADING, "id_heading")]
    rows.append(1, [stylist.cell(ROADMAP_NAME_HEADING, "heading"), *upper, *machine], row_height(1))
    lower = [stylist.cell(f"{year}年度", "heading") for year in years]
    empty = [stylist.cell(None, "id_heading"), stylist.cell(None, "id_heading")]
    rows.append(2, [stylist.cell(None, "heading"), *lower, *empty], row_height(1))


def _initiative_row(
    rows: SheetRows, stylist: Stylist, row: int, initiative: InitiativeView, years: list[int], revision: str
) -> float:
    """Write one initiative's row; returns its height in points."""
    lines = lines_needed(initiative.name, NAME_WIDTH)
    cells = [stylist.cell(initiative.name, "text_middle")]
    first_year = years[0] if years else 0
    bar_cells: dict[int, Any] = {}
    for bar in bars(initiative.cell_values(), years):
        shaded = bar.value.kind == CellKind.SHADED
        label = SHADED_MARK if shaded else bar.value.label
        style = "shaded" if shaded else "bar"
        first = 2 + bar.first_year - first_year
        bar_cells[bar.first_year] = stylist.cell(label, style)
        for year in range(bar.first_year + 1, bar.last_year + 1):
            bar_cells[year] = stylist.cell(None, style)  # merged: the first cell's format, no value
        if bar.last_year > bar.first_year:
            rows.merge(row, first, first + bar.last_year - bar.first_year)
        lines = max(lines, lines_needed(label, YEAR_WIDTH * bar.span))
    for year in years:
        cell = bar_cells.get(year)
        cells.append(stylist.cell(None, "centred") if cell is None else cell)
    cells.append(stylist.cell(initiative.id, "id"))
    cells.append(stylist.cell(revision, "id"))
    height = row_height(lines)
    rows.append(row, cells, height)
    return height


def _suggest_phases(worksheet: Any, cells: str) -> None:
    # A drop-down of the policy's phases that still accepts any other text: the vocabulary is a suggestion.
    choices = ",".join((*PHASE_VOCABULARY, SHADED_MARK))
    validation = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=False,
        showInputMessage=False,
    )
    validation.add(cells)
    worksheet.data_validations.append(validation)  # what add_data_validation does; write-only sheets lack it
