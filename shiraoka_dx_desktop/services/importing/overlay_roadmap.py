"""The 工程表 sheet read back: area headings, initiative rows and their cells per fiscal year.

A row belongs to the area whose heading is above it.  A row without an ID is
an initiative typed into the 工程表 only: it is the initiative of that name in
that area (added in 取組項目 too, or already here), or a new one with its
cells.  A merged range holds one value for every year it covers.  The row's
版 column lists the revision of the initiative and of each year's cell as
exported, so each cell merges three-way even without the hidden sheet.
"""

from __future__ import annotations

from typing import Any

from ...domain.era import EraError, parse_fiscal_year
from ...domain.roadmap import CellKind, roadmap_cell_id
from ..commands import parse_cell
from ..exchange import schema
from .sheet_context import (
    RowResult,
    SheetContext,
    area_ids,
    is_area_heading,
    new_id,
    new_initiative,
    normal,
    place_rows,
    row_id,
)
from .state import Content, Doubt, DoubtReason, Key
from .workbook_reader import SheetRows

__all__ = ["phase_text", "roadmap_rows"]

_UNKNOWN = object()  # an initiative 取組項目 says nothing about


def phase_text(content: Content | None) -> str:
    """A roadmap cell as the sheets show it: its phase, the shaded mark, or nothing."""
    if content is None:
        return ""
    return schema.SHADED_MARK if content.get("kind") == CellKind.SHADED else (content.get("phase") or "")


class _Sheet:
    def __init__(self, context: SheetContext, sheet: SheetRows) -> None:
        self.context, self.sheet = context, sheet
        self.years: dict[int, int] = {}
        for column, heading in enumerate(sheet.heading_row):
            try:
                self.years[column] = parse_fiscal_year(heading)
            except EraError:
                continue
        headings = sheet.headings
        self.id_column = headings[schema.ID_HEADING]
        self.revision_column = headings.get(schema.REVISION_HEADING)
        self.name_column = headings.get(schema.ROADMAP_NAME_HEADING, 0)
        self.values = dict(sheet.rows)
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        for first_row, first_column, last_row, last_column in sheet.merges:
            for row in range(first_row, last_row + 1):
                for column in range(first_column, last_column + 1):
                    self.merged[(row, column)] = (first_row, first_column)
        self.merged_rows = {row for row, _column in self.merged}

    def text(self, number: int, column: int | None) -> str:
        if column is None:
            return ""
        if number in self.merged_rows:
            number, column = self.merged.get((number, column), (number, column))
        values = self.values.get(number, [])
        return values[column] if column < len(values) else ""


def roadmap_rows(
    context: SheetContext,
    sheet: SheetRows,
    new_names: dict[tuple[str, str], str],
    initiative_rows: set[str] | None,
) -> None:
    """Read the 工程表; ``initiative_rows`` are the initiatives with a row in 取組項目 (None: no such sheet)."""
    grid = _Sheet(context, sheet)
    areas = area_ids(context)
    area_of: dict[int, str | None] = {}
    entries: list[tuple[int, str]] = []
    current: str | None = None
    for number, _values in sheet.rows:
        notes: list[str] = []
        record_id = row_id(context, sheet, number, grid.text(number, grid.id_column), notes)
        context.notes.extend(notes)
        name = grid.text(number, grid.name_column).strip()
        area = context.contents.get(("policy_area", record_id)) if record_id else None
        if area is not None:
            current = record_id
            heading = f"({area['number']}) {area['title']}"
            if name and normal(name) != normal(heading):
                context.notes.append(
                    f"{sheet.name} {number} 行目: 取組の見出し「{name[:60]}」は変更できないため取り込みません"
                    f"（取組「{heading}」のままです。取組の名前は全体方針で決まります）。"
                )
            continue
        if not record_id and is_area_heading(name):
            current = areas.get(normal(name))
            if current is None:
                context.notes.append(
                    f"{sheet.name} {number} 行目: 取組「{name[:60]}」は全体方針の取組にないため追加できません。"
                    "この見出しの下の取組項目の行は、取組が分からないため取り込みません。"
                )
            continue
        area_of[number] = current
        entries.append((number, record_id))
    present = {record_id for _number, record_id in entries if record_id}

    def process(number: int, record_id: str) -> RowResult:
        return _initiative_row(context, grid, number, record_id, area_of[number], new_names, present)

    place_rows(context, sheet, entries, process, "取組項目")
    rows_of: dict[str, list[int]] = {}
    for number, record_id in entries:
        if record_id:
            rows_of.setdefault(record_id, []).append(number)
    _rows_deleted_or_left(context, sheet, rows_of, initiative_rows)


def _initiative_row(
    context: SheetContext,
    grid: _Sheet,
    number: int,
    record_id: str,
    area_id: str | None,
    new_names: dict[tuple[str, str], str],
    present: set[str],
) -> RowResult:
    sheet = grid.sheet
    row = RowResult()
    name = grid.text(number, grid.name_column).strip()
    name = context.checked(sheet, number, "initiative", "name", schema.ROADMAP_NAME_HEADING, name)
    own, cell_revisions = schema.parse_roadmap_revisions(grid.text(number, grid.revision_column))
    key: Key = ("initiative", record_id)
    if record_id and key not in context.contents and key not in context.theirs:
        row.notes.append(f"{sheet.name} {number} 行目: ID の取組項目が見つからないため、新しい行として扱います。")
        record_id, own, cell_revisions = "", "", {}
    if record_id:
        base = context.base_of(key, own)
        _rename(context, row, key, base, name, number)
    else:
        if not name:
            if any(grid.text(number, column).strip() for column in grid.years):
                row.notes.append(f"{sheet.name} {number} 行目: 取組項目の名前が空欄のため、この行は取り込みません。")
            return row
        if area_id is None:
            row.notes.append(
                f"{sheet.name} {number} 行目（{name[:60]}）: どの取組の下の行か分からないため、この行は取り込みません。"
            )
            return row
        record_id = new_names.get((area_id, name)) or new_id(
            context, "initiative", present, number, area_id=area_id, name=name
        )
        new_names[(area_id, name)] = record_id
        key = ("initiative", record_id)
        if key not in context.theirs:
            base = context.base_of(key)
            start = context.start(key, base)
            if start is None:
                row.notes.append(
                    f"{sheet.name} {number} 行目: 「{name[:60]}」は工程表だけに追加された行のため、"
                    "上の見出しの取組の取組項目として追加します。"
                )
                start = new_initiative(context, area_id, name)
            row.records[key] = start
    for column, year in grid.years.items():
        text = grid.text(number, column)
        cell = _cell(context, sheet, number, record_id, year, text, cell_revisions.get(year))
        if cell is not None:
            row.records[cell[0]] = cell[1]
    return row


def _rename(context: SheetContext, row: RowResult, key: Key, base: Content | None, name: str, number: int) -> None:
    """An initiative renamed in the 工程表: taken unless 取組項目 renamed it too, to something else."""
    sheet_name = schema.ROADMAP_SHEET
    if not name or base is None or name == schema.visible_text(str(base.get("name", ""))):
        return
    listed = context.theirs.get(key, _UNKNOWN)
    if listed is None:
        return  # deleted in 取組項目: decided with the rows left (see below)
    if listed is _UNKNOWN:
        start = context.start(key, base)
        if start is not None:
            row.records[key] = {**start, "name": name}
        return
    assert isinstance(listed, dict)
    if listed.get("name") == base.get("name"):
        row.records[key] = {**listed, "name": name}
    elif listed.get("name") != name:
        row.notes.append(
            f"{sheet_name} {number} 行目: 取組項目の名前が、取組項目シートでは「{listed.get('name')}」、"
            f"工程表では「{name[:60]}」に変わっています。取組項目シートの名前を使います。"
        )


def _cell(
    context: SheetContext,
    sheet: SheetRows,
    number: int,
    initiative_id: str,
    year: int,
    text: str,
    revisions: schema.YearRevisions | None,
) -> tuple[Key, dict[str, Any] | None] | None:
    """The colleague's version of one cell, or None when the row says nothing about it.

    ``revisions`` is what the row's 版 says of the year (None: nothing; the hidden sheet or this
    terminal's history may know).
    """
    if revisions is not None and not revisions.present and not revisions.revisions and not text.strip():
        return None  # no cell when exported, and none now
    key: Key = ("roadmap_cell", context.cell_ids.get((initiative_id, year)) or roadmap_cell_id(initiative_id, year))
    base = context.base_of(key, revisions.revisions if revisions is not None else ())
    absent_then = (context.complete and key not in context.base) if revisions is None else not revisions.present
    if base is not None and not absent_then and schema.visible_text(phase_text(base)) == text:
        return key, dict(base)  # as exported
    if not text.strip():
        if absent_then and (base is None or revisions is None or not revisions.revisions):
            return None  # empty then and empty now (a cell added here since is not the file's business)
        return key, None  # cleared there (or deleted there, with the values it had as the base)
    value = parse_cell(text)
    if value is None:
        return key, None
    label = schema.SHADED_MARK if value.kind == CellKind.SHADED else value.label
    context.checked(sheet, number, "roadmap_cell", "phase", f"{year}年度", value.phase or "")
    content = context.start(key, base) or {
        "initiative_id": initiative_id,
        "fiscal_year": year,
        "inferred": False,
        "note": "",
    }
    if phase_text(content) != label:
        content["inferred"] = False  # typed by a person: no longer an inference
    content["kind"] = value.kind.value
    content["phase"] = value.phase
    return key, content


def _rows_deleted_or_left(
    context: SheetContext, sheet: SheetRows, rows_of: dict[str, list[int]], initiative_rows: set[str] | None
) -> None:
    """Account for initiatives whose 工程表 row was deleted, and those deleted in 取組項目 whose row is left here."""
    for record_id in sorted(context.listed("initiative")):
        key: Key = ("initiative", record_id)
        numbers = rows_of.get(record_id)
        name = str((context.contents.get(key) or {}).get("name", ""))
        if numbers and key in context.theirs and context.theirs[key] is None:
            where = "・".join(f"{number} 行目" for number in numbers)
            context.doubts[key] = Doubt(
                DoubtReason.ROWS_REMAIN,
                f"取組項目シートでは削除されていますが、{sheet.name}の {where} に残っています。"
                "削除すると、その工程表のセルも削除します。",
            )
        elif not numbers and context.theirs.get(key, _UNKNOWN) is not None:
            why = "取組項目シートには残っている" if initiative_rows is not None else "取組項目シートがない"
            context.notes.append(
                f"{sheet.name}: 「{name[:60]}」の行が削除されていますが、{why}ため、取組項目は削除せず、"
                "工程表のセルも変更しません。"
            )
