"""The colleague's version of each record: what the file was exported at, with what was typed in Excel on top.

*The base.*  What each row was exported at is found, in this order, from the
hidden exchange sheet (when it survived), from this terminal's own history at
the moment the file was exported (the cover's 書出し番号, when this database
wrote the file), and from the row's own 版 column, looked up in this
terminal's history.  So a file whose hidden sheet a sanitising gateway removed
still merges three-way; only the first two tell which rows existed, and so
which were deleted.

*The rows.*  A visible cell counts as an edit only when it differs from how
the exporter wrote the base value, so a file opened and re-saved unchanged
brings no changes.  Rows are matched by their ID; a row without one is new and
is matched to an existing record by its natural key (an initiative's area and
name, a term), unless that record has its own row in the sheet.  A row whose
ID appears twice is a copy: the one still as exported is the original and the
others are new records; when none is, the user decides.

*What comes out* is only what a visible sheet edits (:data:`EDITABLE`): the
vision, the areas, the sections and the fields no sheet shows are never
changed by an import, whatever the hidden sheet says.  Every row ends applied,
unchanged, or named in :attr:`~.state.IncomingFile.notes` with what was done
with it and why.  A value the database cannot hold (too long, an unknown 状態)
refuses the whole file, naming sheet, row and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...storage.record_kinds import KINDS
from ..exchange import schema
from .overlay_indicators import indicator_rows
from .overlay_progress import progress_rows
from .overlay_roadmap import roadmap_rows
from .overlay_tables import glossary_rows, organisation_rows
from .sheet_context import (
    EDITABLE,
    RowResult,
    SheetContext,
    area_ids,
    new_id,
    new_initiative,
    normal,
    place_rows,
    row_id,
)
from .state import Content, IncomingFile, Key, LocalState
from .survey_scope import flag_other_sections
from .workbook_reader import RawWorkbook, SheetRows

__all__ = ["build_incoming"]


def build_incoming(raw: RawWorkbook, local: LocalState, *, path: str, sha256: str) -> IncomingFile:
    """The colleague's version of every record the file's visible sheets describe."""
    context = SheetContext(raw, local, Path(path).name)
    sheets = raw.sheets
    new_initiatives: dict[tuple[str, str], str] = {}
    initiative_rows: set[str] = set()
    if (sheet := sheets.get(schema.INITIATIVES_SHEET)) is not None:
        initiative_rows = _initiatives(context, sheet, new_initiatives)
    if (sheet := sheets.get(schema.ROADMAP_SHEET)) is not None:
        roadmap_rows(context, sheet, new_initiatives, initiative_rows if schema.INITIATIVES_SHEET in sheets else None)
    if (sheet := sheets.get(schema.PROGRESS_SHEET)) is not None:
        progress_rows(context, sheet, new_initiatives)
    if (sheet := sheets.get(schema.INDICATORS_SHEET)) is not None:
        indicator_rows(context, sheet, new_initiatives)
    if (sheet := sheets.get(schema.ORGANISATION_SHEET)) is not None:
        organisation_rows(context, sheet)
    if (sheet := sheets.get(schema.GLOSSARY_SHEET)) is not None:
        glossary_rows(context, sheet)
    _deleted_there(context, sheets)
    _owned_by_deleted_records(context)
    _pin_unshown_fields(context)
    if raw.survey is not None:
        flag_other_sections(context, raw.survey)
    if not context.complete and (sheets or raw.exported):
        context.notes.append(
            "このブックには書き出したときの記録の一覧（非表示のシート）がなく、このデータベースから書き出したものでもない"
            "ため、削除された行は判定できません。行が削除されていても、取込では削除しません。"
        )
    theirs: dict[Key, Content | None] = dict(context.theirs)
    degraded = not context.complete and not context.used_revisions
    reason = raw.problem if degraded else ""
    if not raw.machine_readable and not raw.exchange_unread and not degraded:
        how = "書出し番号とこの端末の履歴" if context.from_history else "各行の「版」列"
        context.notes.insert(0, f"非表示のシートがないため、{how}から書き出したときの内容を求めて比べました。")
    return IncomingFile(
        path=path,
        sha256=sha256,
        origin=raw.origin,
        exported={key: record for key, record in context.base.items() if key[0] in EDITABLE},
        theirs=theirs,
        degraded=degraded,
        degraded_reason=reason,
        notes=context.notes,
        doubts=context.doubts,
        survey=raw.survey,
    )


# Which sheet shows the records of each entity.
_SHEET_OF = {kind.table: kind.sheet for kind in KINDS if kind.sheet}


def _deleted_there(context: SheetContext, sheets: Mapping[str, SheetRows]) -> None:
    """Records the exporting terminal had deleted (listed in the hidden sheet) are deleted there."""
    for key, record in context.raw.exported.items():
        if record.deleted and _SHEET_OF.get(key[0]) in sheets and key not in context.theirs:
            context.theirs[key] = None


def _owned_by_deleted_records(context: SheetContext) -> None:
    """What a deleted initiative or indicator owns goes with it, each listed (unless the deletion is in doubt).

    An initiative's cells, evaluations and indicators, and an indicator's actuals: owners
    are followed down, so a deleted initiative's indicators take their actuals.
    """
    deleted = {key for key, content in context.theirs.items() if content is None} - set(context.doubts)
    if not deleted:
        return
    for kind in KINDS:  # parents before children: an owner is marked before what it owns is looked at
        if kind.owner is None or kind.owner_column is None:
            continue
        for key, record in context.base.items():
            if key[0] != kind.table or record.deleted:
                continue
            owner = (kind.owner, record.content.get(kind.owner_column))
            if owner in deleted and context.theirs.setdefault(key, None) is None:
                deleted.add(key)


def _pin_unshown_fields(context: SheetContext) -> None:
    """What no sheet shows stays as it is here: only new records take the file's values for those fields."""
    unshown: dict[str, list[str]] = {}
    for key, content in context.theirs.items():
        mine = context.local.records.get(key)
        if content is None or mine is None:
            continue
        names = unshown.get(key[0])
        if names is None:
            names = unshown[key[0]] = [name for name in mine if name not in EDITABLE[key[0]]]
        for name in names:
            content[name] = mine[name]


# -- 取組項目 ------------------------------------------------------------------------------------


_INITIATIVE_HEADINGS = dict(schema.INITIATIVE_COLUMNS)


def _initiatives(context: SheetContext, sheet: SheetRows, new_names: dict[tuple[str, str], str]) -> set[str]:
    """Returns the initiatives that have a row."""
    rows = _InitiativeRows(context, sheet, new_names)
    place_rows(context, sheet, [(number, rows.ids[number]) for number in rows.cells], rows.process, "取組項目")
    seen = {rid for (entity, rid), content in context.theirs.items() if entity == "initiative"}
    for record_id in context.listed("initiative") - seen:
        context.theirs[("initiative", record_id)] = None
    return seen


class _InitiativeRows:
    """The 取組項目 sheet's rows: their cells and IDs read once, then each row read as a record."""

    def __init__(self, context: SheetContext, sheet: SheetRows, new_names: dict[tuple[str, str], str]) -> None:
        self.context, self.sheet, self.new_names = context, sheet, new_names
        self.areas = area_ids(context)
        self.cells = {
            number: {key: sheet.value(values, heading) for key, heading in _INITIATIVE_HEADINGS.items()}
            for number, values in sheet.rows
        }
        notes: list[str] = []
        self.ids = {number: row_id(context, sheet, number, cell["id"], notes) for number, cell in self.cells.items()}
        context.notes.extend(notes)
        self.present = {record_id for record_id in self.ids.values() if record_id}

    def process(self, number: int, record_id: str) -> RowResult:
        """Row ``number`` read as initiative ``record_id`` ("" for a new one): which record it is, then its values."""
        context, sheet, cell = self.context, self.sheet, self.cells[number]
        row = RowResult()
        name = context.checked(
            sheet, number, "initiative", "name", _INITIATIVE_HEADINGS["name"], (cell["name"] or "").strip()
        )
        area_text = normal(cell["area"] or "")
        area_id = self.areas.get(area_text)
        key = ("initiative", record_id)
        base = context.base_of(key, cell["revision"] or "") if record_id else None
        start = context.start(key, base) if record_id else None
        if area_id is None and (start is None or area_text):
            where = f"取組「{cell['area'] or ''}」が一覧にない" if area_text else "取組が空欄の"
            row.notes.append(
                f"{sheet.name} {number} 行目（{name or '名前なし'}）: {where}ため、この行は取り込みません。"
            )
            if record_id and (here := context.as_here(key)) is not None:
                row.records[key] = here  # neither changed nor deleted
            return row
        if not record_id:
            if not name:
                row.notes.append(f"{sheet.name} {number} 行目: 取組項目の名前が空欄のため、この行は取り込みません。")
                return row
            assert area_id is not None
            record_id = self.new_names.get((area_id, name)) or new_id(
                context, "initiative", self.present, number, area_id=area_id, name=name
            )
            self.new_names[(area_id, name)] = record_id
            key = ("initiative", record_id)
            base = context.base_of(key)
            start = context.start(key, base)
        content = start if start is not None else new_initiative(context, area_id or "", name)
        if area_id is not None and (base is None or base.get("area_id") != area_id):
            content["area_id"] = area_id
        self._values(number, name, content, base, row)
        row.records[key] = content
        return row

    def _values(self, number: int, name: str, content: dict[str, Any], base: Content | None, row: RowResult) -> None:
        """The row's values into ``content``, each where the row differs from what it was exported at."""
        context, sheet, cell = self.context, self.sheet, self.cells[number]
        if not name:
            row.notes.append(f"{sheet.name} {number} 行目: 取組項目の名前が空欄のため、名前は変更しません。")
        else:
            context.set_if_edited(content, base, "name", name, cell["name"])
        for name_ in ("description", "note"):
            if (text := cell[name_]) is not None:
                context.set_if_edited(content, base, name_, text, text)
        _position(context, sheet, number, cell["position"], content, base, row)
        if cell["inferred"] is not None:
            inferred = cell["inferred"].strip() == schema.INFERRED_MARK
            if base is None or bool(base.get("inferred")) != inferred:
                content["inferred"] = inferred
        if (lead := cell["lead_section"]) is not None:
            lead = lead.strip()
            section_id = context.find("section", name=lead) if lead else None
            if lead and section_id is None:
                row.notes.append(
                    f"{sheet.name} {number} 行目: 事業主管課「{lead}」が部・課の一覧にないため、事業主管課は変更しません。"
                )
            elif base is None or base.get("lead_section_id") != section_id:
                content["lead_section_id"] = section_id


def _position(
    context: SheetContext,
    sheet: SheetRows,
    number: int,
    text: str | None,
    content: dict[str, Any],
    base: Content | None,
    row: RowResult,
) -> None:
    if text is None or not text.strip():
        return
    try:
        position = int(float(text.strip())) - 1
    except ValueError:
        row.notes.append(
            f"{sheet.name} {number} 行目: 表示順「{text.strip()[:20]}」は数ではないため、表示順は変更しません。"
        )
        return
    context.set_if_edited(content, base, "position", max(position, 0), text.strip())
