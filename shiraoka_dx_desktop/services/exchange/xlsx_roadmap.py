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
from ..snapshot import InitiativeView, PolicySnapshot
from .schema import ID_HEADING, ROADMAP_NAME_HEADING, SHADED_MARK
from .xlsx_pages import PageText, PrintedRow, keep_headings_with_next, setup_page
from .xlsx_styles import Stylist, guard_ids, lines_needed, merge, put, row_height

__all__ = ["write_roadmap_sheet"]

NAME_WIDTH = 44.0
YEAR_WIDTH = 16.0
ID_WIDTH = 6.0
FIRST_ROW = 3  # below the two heading rows


def write_roadmap_sheet(worksheet: Any, snapshot: PolicySnapshot, *, paper: str, page: PageText) -> None:
    stylist = Stylist(worksheet)
    years = list(snapshot.years)
    last_year_column = 1 + len(years)
    id_column = last_year_column + 1
    _headings(worksheet, stylist, years, id_column)

    printed_width = NAME_WIDTH + YEAR_WIDTH * len(years)
    printed: list[PrintedRow] = []
    row = FIRST_ROW
    for area in snapshot.areas:
        heading = f"({area.number}) {area.title}"
        put(worksheet, row, 1, heading, stylist, "area")
        merge(worksheet, row, 1, last_year_column)
        put(worksheet, row, id_column, area.id, stylist, "id")
        height = row_height(lines_needed(heading, printed_width, 11), 11)
        worksheet.row_dimensions[row].height = height
        printed.append(PrintedRow(row, height, heading=True))
        row += 1
        for initiative in snapshot.initiatives_of(area.id):
            height = _initiative_row(worksheet, stylist, row, initiative, years)
            put(worksheet, row, id_column, initiative.id, stylist, "id")
            printed.append(PrintedRow(row, height, heading=False))
            row += 1
    last_row = max(row - 1, FIRST_ROW)

    last_year_letter = get_column_letter(last_year_column)
    id_letter = get_column_letter(id_column)
    worksheet.column_dimensions["A"].width = NAME_WIDTH
    for column in range(2, last_year_column + 1):
        worksheet.column_dimensions[get_column_letter(column)].width = YEAR_WIDTH
    worksheet.column_dimensions[id_letter].width = ID_WIDTH
    worksheet.freeze_panes = f"B{FIRST_ROW}"
    guard_ids(worksheet, f"{id_letter}{FIRST_ROW}:{id_letter}{last_row}")
    _suggest_phases(worksheet, f"B{FIRST_ROW}:{last_year_letter}{last_row}")
    setup_page(
        worksheet,
        paper=paper,
        page=page,
        print_area=f"A1:{last_year_letter}{last_row}",
        title_rows=f"1:{FIRST_ROW - 1}",
    )
    title_height = sum(worksheet.row_dimensions[number].height for number in range(1, FIRST_ROW))
    keep_headings_with_next(worksheet, printed, paper=paper, printed_width=printed_width, title_height=title_height)


def _headings(worksheet: Any, stylist: Stylist, years: list[int], id_column: int) -> None:
    put(worksheet, 1, 1, ROADMAP_NAME_HEADING, stylist, "heading")
    merge(worksheet, 1, 1, 1, last_row=2)
    for offset, year in enumerate(years):
        put(worksheet, 1, 2 + offset, format_fiscal_year(year), stylist, "heading_upper")
        put(worksheet, 2, 2 + offset, f"{year}年度", stylist, "heading")
    put(worksheet, 1, id_column, ID_HEADING, stylist, "id_heading")
    merge(worksheet, 1, id_column, id_column, last_row=2)
    worksheet.row_dimensions[1].height = row_height(1)
    worksheet.row_dimensions[2].height = row_height(1)


def _initiative_row(worksheet: Any, stylist: Stylist, row: int, initiative: InitiativeView, years: list[int]) -> float:
    """Write one initiative's row; returns its height in points."""
    put(worksheet, row, 1, initiative.name, stylist, "text_middle")
    lines = lines_needed(initiative.name, NAME_WIDTH)
    column_of = {year: 2 + offset for offset, year in enumerate(years)}
    empty = set(years)
    for bar in bars(initiative.cell_values(), years):
        shaded = bar.value.kind == CellKind.SHADED
        first, last = column_of[bar.first_year], column_of[bar.last_year]
        label = SHADED_MARK if shaded else bar.value.label
        put(worksheet, row, first, label, stylist, "shaded" if shaded else "bar")
        if last > first:
            merge(worksheet, row, first, last)
        empty.difference_update(range(bar.first_year, bar.last_year + 1))
        lines = max(lines, lines_needed(label, YEAR_WIDTH * bar.span))
    for year in empty:
        stylist.apply(worksheet.cell(row=row, column=column_of[year]), "centred")
    height = row_height(lines)
    worksheet.row_dimensions[row].height = height
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
    worksheet.add_data_validation(validation)
