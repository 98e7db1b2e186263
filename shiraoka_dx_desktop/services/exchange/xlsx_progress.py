"""The 進捗 and 指標 sheets: each initiative's evaluation for the year, and its indicators with every year's actual.

Imported only when a workbook is written.  See :mod:`.schema` for the columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain.era import format_fiscal_year
from ...domain.progress import evaluation_id
from ...domain.roadmap import CellKind
from ..snapshot import InitiativeView
from .records import ExportData, ExportRecord
from .schema import (
    INDICATOR_COLUMNS,
    PROGRESS_COLUMNS,
    SHADED_MARK,
    actual_heading,
    roadmap_revisions_text,
    visible_revisions,
)
from .xlsx_pages import PageText
from .xlsx_tables import TableRow, write_table

__all__ = ["write_indicators_sheet", "write_progress_sheet"]

_PROGRESS_WIDTHS = {
    "area": 18.0,
    "name": 26.0,
    "lead_section": 12.0,
    "fiscal_year": 10.0,
    "phase": 10.0,
    "grade": 6.0,
    "result": 40.0,
    "issues": 32.0,
    "next_steps": 32.0,
}
_INDICATOR_WIDTHS = {
    "initiative": 26.0,
    "name": 26.0,
    "unit": 7.0,
    "base_value": 10.0,
    "base_year": 10.0,
    "target_value": 10.0,
    "target_year": 10.0,
}
_ACTUAL_WIDTH = 11.0


def _phase(initiative: InitiativeView, year: int) -> str:
    cell = initiative.cells.get(year)
    if cell is None:
        return ""
    return SHADED_MARK if cell.value.kind == CellKind.SHADED else cell.value.label


def write_progress_sheet(
    worksheet: Any, data: ExportData, years: Sequence[int], *, fiscal_year: int, paper: str, page: PageText
) -> None:
    """A row per initiative for each of ``years``; rows of a year other than ``fiscal_year`` are for reference."""
    snapshot = data.snapshot
    revisions = data.revisions()
    areas = {area.id: f"({area.number}) {area.title}" for area in snapshot.areas}
    grades = {record.id: record.content["code"] for record in data.records.get("evaluation_grade", ())}
    evaluations = data.by_year("evaluation", "initiative_id")
    rows: list[TableRow] = []
    for initiative in snapshot.initiatives:
        for year in years:
            found = evaluations.get((initiative.id, year))
            # A year not entered yet has its row under the identity its evaluation will have.
            record_id = found.id if found is not None else evaluation_id(initiative.id, year)
            entry = found.content if found is not None else {}
            values = {
                "area": areas.get(initiative.area_id, ""),
                "name": initiative.name,
                "lead_section": initiative.lead_section,
                "fiscal_year": format_fiscal_year(year),
                "phase": _phase(initiative, year),
                "grade": grades.get(entry.get("grade_id") or "", ""),
                "result": entry.get("result", ""),
                "issues": entry.get("issues", ""),
                "next_steps": entry.get("next_steps", ""),
                "id": record_id,
                "revision": visible_revisions(revisions.get(record_id, ())),
            }
            style = "text" if year == fiscal_year else "reference"
            rows.append(TableRow(values, style=style, styles={"grade": "centred_top"} if style == "text" else {}))
    write_table(worksheet, PROGRESS_COLUMNS, _PROGRESS_WIDTHS, rows, len(rows), freeze="C2", paper=paper, page=page)
    codes = [record.content["code"] for record in sorted(data.records.get("evaluation_grade", ()), key=_position)]
    if codes:
        _grade_choices(worksheet, codes, len(rows))


def _position(record: ExportRecord) -> tuple[int, str]:
    return (record.content["position"], record.content["code"])


def _grade_choices(worksheet: Any, codes: Sequence[str], count: int) -> None:
    """A drop-down of the scale's codes in the 評価 column, refusing anything else as it is typed."""
    letter = get_column_letter(next(i for i, (key, _h) in enumerate(PROGRESS_COLUMNS, 1) if key == "grade"))
    listed = "・".join(codes)
    validation = DataValidation(
        type="list",
        formula1=f'"{",".join(codes)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="評価",
        error=f"評価は {listed} のどれかを選んでください（空欄は未記入）。",
        showInputMessage=True,
        promptTitle="評価",
        prompt=f"{listed} から選びます。",
    )
    validation.add(f"{letter}2:{letter}{max(count + 1, 2)}")
    worksheet.data_validations.append(validation)  # what add_data_validation does; write-only sheets lack it


def write_indicators_sheet(worksheet: Any, data: ExportData, *, paper: str, page: PageText) -> None:
    """A row per indicator, in the initiatives' order, with one actual column per year of the plan."""
    snapshot = data.snapshot
    years = list(snapshot.years)
    revisions = data.revisions()
    actuals = data.by_year("indicator_actual", "indicator_id")
    deleted = data.by_year("indicator_actual", "indicator_id", deleted=True)
    by_initiative: dict[str, list[ExportRecord]] = {}
    for record in data.records.get("indicator", ()):
        by_initiative.setdefault(record.content["initiative_id"], []).append(record)
    actual_keys = [f"actual:{year}" for year in years]
    columns = (*INDICATOR_COLUMNS, *zip(actual_keys, map(actual_heading, years), strict=True), *PROGRESS_COLUMNS[-2:])
    widths = {**_INDICATOR_WIDTHS, **dict.fromkeys(actual_keys, _ACTUAL_WIDTH)}
    numbers = dict.fromkeys(("base_value", "target_value", *actual_keys), "number")
    numbers.update(dict.fromkeys(("base_year", "target_year", "unit"), "centred_top"))
    rows: list[TableRow] = []
    for initiative in snapshot.initiatives:
        for record in sorted(by_initiative.get(initiative.id, ()), key=lambda r: (r.content["position"], r.id)):
            c = record.content
            values: dict[str, object] = {
                "initiative": initiative.name,
                "name": c["name"],
                "unit": c["unit"],
                "base_value": c["base_value"],
                "base_year": format_fiscal_year(c["base_year"]) if c["base_year"] is not None else "",
                "target_value": c["target_value"],
                "target_year": format_fiscal_year(c["target_year"]) if c["target_year"] is not None else "",
                "id": record.id,
            }
            cells: dict[int, tuple[bool, Sequence[str]]] = {}
            for year, key in zip(years, actual_keys, strict=True):
                actual = actuals.get((record.id, year))
                gone = deleted.get((record.id, year)) if actual is None else None
                values[key] = actual.content["value"] if actual is not None else None
                known = actual or gone
                cells[year] = (actual is not None, (known.revision, *known.ancestors) if known is not None else ())
            values["revision"] = roadmap_revisions_text(revisions[record.id], cells)
            rows.append(TableRow(values, styles=numbers))
    write_table(worksheet, columns, widths, rows, len(rows), freeze="C2", paper=paper, page=page)
