"""The tabular sheets: 取組項目, 推進体制 and 用語集, one record per row with its ID in the last column.

Imported only when a workbook is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from ...domain.era import format_date
from ...domain.organisation import BodyKind
from ...domain.reading import reading_key
from .records import ExportData
from .schema import (
    GLOSSARY_COLUMNS,
    INFERRED_MARK,
    INITIATIVE_COLUMNS,
    ORGANISATION_COLUMNS,
    ORGANISATION_ROW_KINDS,
    visible_revisions,
)
from .xlsx_pages import PageText, PrintedRow, keep_headings_with_next, setup_page
from .xlsx_styles import (
    FORMAT_NAMES,
    SheetRows,
    Stylist,
    format_size,
    guard_ids,
    guard_revisions,
    lines_needed,
    row_height,
)

__all__ = [
    "TableRow",
    "local_time",
    "write_glossary_sheet",
    "write_initiatives_sheet",
    "write_organisation_sheet",
    "write_table",
]

_ID_WIDTH = 6.0
# Columns for the importer, not for reading: narrow, grey, not printed.
_MACHINE = frozenset({"id", "revision"})
_INITIATIVE_WIDTHS = {
    "area": 22.0,
    "position": 6.0,
    "name": 30.0,
    "lead_section": 13.0,
    "description": 60.0,
    "inferred": 5.0,
    "note": 26.0,
    "updated_by": 13.0,
    "updated_at": 19.0,
}
_ORGANISATION_WIDTHS = {
    "body": 26.0,
    "row_kind": 9.0,
    "kind_or_title": 16.0,
    "post": 18.0,
    "section": 14.0,
    "status": 7.0,
    "text": 64.0,
}
_GLOSSARY_WIDTHS = {"term": 20.0, "reading": 22.0, "explanation": 90.0}


@dataclass(frozen=True, slots=True)
class TableRow:
    values: Mapping[str, object]
    style: str = "text"
    styles: Mapping[str, str] = field(default_factory=dict)


def local_time(moment: dt.datetime) -> str:
    """``令和7年6月2日 14:03`` in the terminal's time zone, as the app shows change times."""
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def write_table(
    worksheet: Any,
    columns: Sequence[tuple[str, str]],
    widths: Mapping[str, float],
    rows: Iterable[TableRow],
    count: int,
    *,
    freeze: str,
    paper: str,
    page: PageText,
) -> None:
    """Write the heading row and ``count`` rows below it; the last two columns are the ID and 版."""
    stylist = Stylist(worksheet)
    last_letter = get_column_letter(len(columns))
    id_letter = get_column_letter(len(columns) - 1)
    printed_letter = get_column_letter(len(columns) - 2)  # the ID and 版 columns are not printed
    last_row = max(1 + count, 2)
    # Everything before the rows in the sheet's XML is set first: the rows are written as they come.
    for index, (key, _heading) in enumerate(columns, 1):
        worksheet.column_dimensions[get_column_letter(index)].width = widths.get(key, _ID_WIDTH)
    worksheet.freeze_panes = freeze
    setup_page(worksheet, paper=paper, page=page, print_area=f"A1:{printed_letter}{last_row}", title_rows="1:1")

    sheet = SheetRows(worksheet, f"A1:{last_letter}{1 + count}")
    headings = [stylist.cell(heading, "id_heading" if key in _MACHINE else "heading") for key, heading in columns]
    title_height = row_height(1)
    sheet.append(1, headings, title_height)
    sizes = {name: format_size(name) for name in FORMAT_NAMES}
    measured: dict[tuple[str, str, str], int] = {}
    printed: list[PrintedRow] = []
    row = 1
    for row_data in rows:
        row += 1
        lines = 1
        cells = []
        for key, _heading in columns:
            value = row_data.values.get(key, "")
            style = "id" if key in _MACHINE else row_data.styles.get(key, row_data.style)
            cells.append(stylist.cell(value, style))
            if isinstance(value, str) and value and key not in _MACHINE:
                measure = (value, key, style)  # many rows repeat an area, a section, a name or a time
                needed = measured.get(measure)
                if needed is None:
                    needed = measured[measure] = lines_needed(value, widths[key], sizes[style])
                lines = max(lines, needed)
        height = row_height(lines)
        sheet.append(row, cells, height)
        printed.append(PrintedRow(row, height, heading=row_data.style == "group"))
    if row != 1 + count:
        raise ValueError(f"{row - 1} rows written, {count} announced")
    worksheet.auto_filter.ref = f"A1:{last_letter}{last_row}"
    guard_ids(worksheet, f"{id_letter}2:{id_letter}{last_row}")
    guard_revisions(worksheet, f"{last_letter}2:{last_letter}{last_row}")
    printed_width = sum(widths.get(key, _ID_WIDTH) for key, _heading in columns[:-2])
    keep_headings_with_next(worksheet, printed, paper=paper, printed_width=printed_width, title_height=title_height)


def write_initiatives_sheet(worksheet: Any, data: ExportData, *, paper: str, page: PageText) -> None:
    snapshot = data.snapshot
    revisions = data.revisions()
    areas = {area.id: f"({area.number}) {area.title}" for area in snapshot.areas}
    times: dict[dt.datetime, str] = {}  # many records share a change time

    def changed(moment: dt.datetime) -> str:
        text = times.get(moment)
        if text is None:
            text = times[moment] = local_time(moment)
        return text

    rows = (
        TableRow(
            {
                "area": areas.get(item.area_id, ""),
                "position": item.position + 1,
                "name": item.name,
                "lead_section": item.lead_section,
                "description": item.description,
                "inferred": INFERRED_MARK if item.inferred else "",
                "note": item.note,
                "updated_by": item.updated_by,
                "updated_at": changed(item.updated_at),
                "id": item.id,
                "revision": visible_revisions(revisions[item.id]),
            },
            styles={"position": "centred_top", "inferred": "centred_top"},
        )
        for item in snapshot.initiatives
    )
    count = len(snapshot.initiatives)
    write_table(worksheet, INITIATIVE_COLUMNS, _INITIATIVE_WIDTHS, rows, count, freeze="D2", paper=paper, page=page)


def _kind_label(kind: str) -> str:
    try:
        return BodyKind(kind).label
    except ValueError:
        return kind


def write_organisation_sheet(worksheet: Any, data: ExportData, *, paper: str, page: PageText) -> None:
    """A block per body, as the printed chart reads: the body's row, then its roles, duties and sections.

    The rows of a block belong to the body above them; 組織 is left empty on
    them (typing a body's name there moves the row to that body).
    """
    revisions = data.revisions()
    member_ids = {
        (record.content["body_id"], record.content["section_id"]): record.id for record in data.records["body_member"]
    }
    kinds = ORGANISATION_ROW_KINDS

    def row(values: dict[str, object], **options: Any) -> TableRow:
        record_id = str(values.get("id", ""))
        revision = visible_revisions(revisions[record_id]) if record_id in revisions else ""
        return TableRow({**values, "revision": revision}, **options)

    rows: list[TableRow] = []
    for body in data.snapshot.bodies:
        values = {"body": body.name, "row_kind": kinds["body"], "kind_or_title": _kind_label(body.kind)}
        rows.append(row({**values, "status": body.status, "text": body.description, "id": body.id}, style="group"))
        child: dict[str, str] = {}
        for role in body.roles:
            values = {"row_kind": kinds["role"], "kind_or_title": role.title, "post": role.post}
            rows.append(row({**values, "section": role.section, "text": role.note, "id": role.id}, styles=child))
        for duty_id, duty in zip(body.duty_ids, body.duties, strict=True):
            rows.append(row({"row_kind": kinds["duty"], "text": duty, "id": duty_id}, styles=child))
        for section_id, section in zip(body.member_section_ids, body.members, strict=True):
            values = {"row_kind": kinds["body_member"], "section": section}
            rows.append(row({**values, "id": member_ids.get((body.id, section_id), "")}, styles=child))
    write_table(
        worksheet, ORGANISATION_COLUMNS, _ORGANISATION_WIDTHS, rows, len(rows), freeze="B2", paper=paper, page=page
    )


def write_glossary_sheet(worksheet: Any, data: ExportData, *, paper: str, page: PageText) -> None:
    revisions = data.revisions()
    terms = list(enumerate(data.snapshot.glossary))
    # 五十音順 where a reading is known, as the app lists them; terms without one follow in stored order.
    terms.sort(key=lambda pair: reading_key(pair[1].reading) if pair[1].reading else f"\uffff{pair[0]:06d}")
    rows = (
        TableRow(
            {
                "term": term.term,
                "reading": term.reading,
                "explanation": term.explanation,
                "id": term.id,
                "revision": visible_revisions(revisions[term.id]),
            }
        )
        for _index, term in terms
    )
    write_table(worksheet, GLOSSARY_COLUMNS, _GLOSSARY_WIDTHS, rows, len(terms), freeze="B2", paper=paper, page=page)
