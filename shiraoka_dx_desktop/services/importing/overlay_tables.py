"""The 推進体制 and 用語集 sheets read back.

推進体制 is a block per body: the body's row (区分 組織), then rows for its
roles, duties and member sections.  A row belongs to the body of its block; a
body's name typed into its 組織 cell moves it to that body.  A body whose row
was deleted while rows of its block are still in the file is not deleted
behind the user's back: the deletion becomes a question naming those rows.
"""

from __future__ import annotations

from typing import Any

from ...domain.identity import derived_id
from ...domain.organisation import BodyKind, BodyStatus, body_member_id
from ..exchange import schema
from .sheet_context import RowResult, SheetContext, new_id, place_rows, row_id
from .state import Content, Doubt, DoubtReason, Key
from .workbook_reader import SheetRows

__all__ = ["glossary_rows", "organisation_rows"]

_KIND_OF_LABEL = {kind.label: kind.value for kind in BodyKind}
_STATUSES = {status.value for status in BodyStatus}
_ROW_ENTITY = {label: entity for entity, label in schema.ORGANISATION_ROW_KINDS.items()}
_CHILDREN = ("role", "duty", "body_member")
_HEADINGS = dict(schema.ORGANISATION_COLUMNS)


class _Organisation:
    """The sheet's blocks: which body each row belongs to, and the bodies that have a row."""

    def __init__(self, context: SheetContext, sheet: SheetRows) -> None:
        self.context, self.sheet = context, sheet
        self.cells: dict[int, dict[str, str]] = {}
        self.ids: dict[int, str] = {}
        self.entity: dict[int, str] = {}
        self.block: dict[int, str | None] = {}
        self.body_names: dict[str, str] = {}  # name in the file → body id
        self.body_rows: set[str] = set()
        self.orphans: dict[str, list[str]] = {}
        current: str | None = None
        for number, values in sheet.rows:
            cell = {key: (sheet.value(values, heading) or "") for key, heading in _HEADINGS.items()}
            notes: list[str] = []
            record_id = row_id(context, sheet, number, cell["id"], notes)
            context.notes.extend(notes)
            entity = _ROW_ENTITY.get(cell["row_kind"].strip())
            if entity is None:
                context.notes.append(
                    f"{sheet.name} {number} 行目: 区分「{cell['row_kind'][:20]}」が読めないため、この行は取り込みません"
                    "（区分は 組織・役職・所掌事務・構成課 のどれかです）。"
                )
                if record_id:
                    self.keep(record_id)
                continue
            self.cells[number], self.ids[number], self.entity[number] = cell, record_id, entity
            if entity == "body":
                name = cell["body"].strip()
                current = record_id or context.find("body", name=name) or derived_id("imported", "body", name)
                if record_id:
                    self.body_rows.add(record_id)
                if name:
                    self.body_names[name] = current
            self.block[number] = current

    def text(self, number: int, name: str, field: str | None = None) -> str:
        """Row ``number``'s ``name`` cell, refused if too long for the record's ``field`` (default: ``name``)."""
        entity = self.entity[number]
        return self.context.checked(
            self.sheet, number, entity, field or name, _HEADINGS[name], self.cells[number][name]
        )

    def keep(self, record_id: str) -> None:
        """A row that cannot be read still keeps its record (neither changed nor deleted)."""
        for entity in ("body", *_CHILDREN):
            key = (entity, record_id)
            if (here := self.context.as_here(key)) is not None:
                self.context.theirs[key] = here

    def body_of(self, number: int, base: Content | None, row: RowResult) -> str | None:
        """The body a child row belongs to now (None: it cannot be placed, said in ``row``)."""
        cell, block = self.cells[number], self.block[number]
        typed = cell["body"].strip()
        base_body = base.get("body_id") if base is not None else None
        if typed:
            block_names = {name for name, body_id in self.body_names.items() if body_id == block}
            if block is not None:
                block_names |= {str((self.context.contents.get(("body", block)) or {}).get("name", ""))}
            if typed not in block_names:
                target = self.body_names.get(typed) or self.context.find("body", name=typed)
                if target is None:
                    row.notes.append(
                        f"{self.sheet.name} {number} 行目: 組織「{typed[:60]}」が見つからないため、この行は変更しません。"
                    )
                    return None
                return target
        if base_body and base_body != block and base_body not in self.body_rows and base_body in self.deleted_bodies():
            self.orphans.setdefault(base_body, []).append(f"{number} 行目")
            return str(base_body)  # the rows of a body whose own row was deleted
        if block is None:
            row.notes.append(f"{self.sheet.name} {number} 行目: どの組織の行か分からないため、この行は取り込みません。")
        return block

    def deleted_bodies(self) -> set[str]:
        return self.context.listed("body") - self.body_rows


def organisation_rows(context: SheetContext, sheet: SheetRows) -> None:
    organisation = _Organisation(context, sheet)
    present = {record_id for record_id in organisation.ids.values() if record_id}
    positions: dict[tuple[str, str], int] = {}

    def process(number: int, record_id: str) -> RowResult:
        return _row(context, organisation, number, record_id, present, positions)

    place_rows(context, sheet, [(number, organisation.ids[number]) for number in organisation.cells], process, "行")
    seen: dict[str, set[str]] = {entity: set() for entity in ("body", *_CHILDREN)}
    for entity, record_id in context.theirs:
        if entity in seen:
            seen[entity].add(record_id)
    for entity, ids in seen.items():
        for record_id in context.listed(entity) - ids:
            context.theirs[(entity, record_id)] = None
    for body_id, rows in organisation.orphans.items():
        key: Key = ("body", body_id)
        name = (context.contents.get(key) or {}).get("name", "")
        context.doubts[key] = Doubt(
            DoubtReason.ROWS_REMAIN,
            f"組織「{name}」の行は削除されていますが、その役職・所掌事務などの行（{sheet.name}の {'・'.join(rows)}）が"
            "残っています。組織を削除すると、これらの行の記録も削除します。",
        )


def _row(
    context: SheetContext,
    organisation: _Organisation,
    number: int,
    record_id: str,
    present: set[str],
    positions: dict[tuple[str, str], int],
) -> RowResult:
    if organisation.entity[number] == "body":
        return _body_row(context, organisation, number, record_id, present)
    return _child_row(context, organisation, number, record_id, present, positions)


def _body_row(
    context: SheetContext, organisation: _Organisation, number: int, record_id: str, present: set[str]
) -> RowResult:
    """A 組織 row: the body, new when the row has no ID."""
    sheet, cell = organisation.sheet, organisation.cells[number]
    row = RowResult()
    key: Key = ("body", record_id)
    base = context.base_of(key, cell["revision"]) if record_id else None
    name = organisation.text(number, "body", "name").strip()
    if not record_id:
        if not name:
            row.notes.append(f"{sheet.name} {number} 行目: 組織の名前が空欄のため、この行は取り込みません。")
            return row
        record_id = new_id(context, "body", present, number, name=name)
        key = ("body", record_id)
        base = context.base_of(key)
    content = context.start(key, base) or _new_record("body", "", 0)
    if name:
        context.set_if_edited(content, base, "name", name, name)
    _body_fields(context, sheet, number, cell, content, base)
    row.records[key] = content
    return row


def _child_row(
    context: SheetContext,
    organisation: _Organisation,
    number: int,
    record_id: str,
    present: set[str],
    positions: dict[tuple[str, str], int],
) -> RowResult:
    """A 役職, 所掌事務 or 構成課 row: in the body of its block (or the one typed), with its section."""
    sheet, cell, entity = organisation.sheet, organisation.cells[number], organisation.entity[number]
    row = RowResult()
    key: Key = (entity, record_id)
    base = context.base_of(key, cell["revision"]) if record_id else None
    start = context.start(key, base) if record_id else None
    body_id = organisation.body_of(number, base, row)
    if body_id is None:
        if record_id and (here := context.as_here(key)) is not None:
            row.records[key] = here  # left as it is
        return row
    section_name = cell["section"].strip()
    section_id = context.find("section", name=section_name) if section_name else None
    if section_name and section_id is None:
        row.notes.append(
            f"{sheet.name} {number} 行目: 課「{section_name[:40]}」が部・課の一覧にないため、この行は変更しません。"
        )
        if record_id and (here := context.as_here(key)) is not None:
            row.records[key] = here
        return row
    if not record_id:
        record_id = _child_id(context, entity, body_id, cell, section_id, present, number, row)
        if not record_id:
            return row
        key = (entity, record_id)
        base = context.base_of(key)
        start = context.start(key, base)
    order = positions.setdefault((entity, body_id), 0)
    positions[(entity, body_id)] = order + 1
    content = start if start is not None else _new_record(entity, body_id, order)
    if base is None or base.get("body_id") != body_id:
        content["body_id"] = body_id
    _child_fields(context, organisation, number, content, base, section_id)
    row.records[key] = content
    return row


def _child_fields(
    context: SheetContext,
    organisation: _Organisation,
    number: int,
    content: dict[str, Any],
    base: Content | None,
    section_id: str | None,
) -> None:
    cell, entity = organisation.cells[number], organisation.entity[number]
    text = organisation.text
    if entity == "role":
        context.set_if_edited(
            content, base, "title", text(number, "kind_or_title", "title").strip(), cell["kind_or_title"]
        )
        context.set_if_edited(content, base, "post", text(number, "post"), cell["post"])
        context.set_if_edited(content, base, "note", text(number, "text", "note"), cell["text"])
        if base is None or base.get("section_id") != section_id:
            content["section_id"] = section_id
    elif entity == "duty":
        context.set_if_edited(content, base, "text", text(number, "text"), cell["text"])
    elif section_id is not None:
        content["section_id"] = section_id


def _child_id(
    context: SheetContext,
    entity: str,
    body_id: str,
    cell: dict[str, str],
    section_id: str | None,
    present: set[str],
    number: int,
    row: RowResult,
) -> str:
    if entity == "body_member":
        if section_id is None:
            row.notes.append(f"推進体制 {number} 行目: 構成課の課が空欄のため、この行は取り込みません。")
            return ""
        return body_member_id(body_id, section_id)
    if entity == "role":
        title = cell["kind_or_title"].strip()
        if not title:
            row.notes.append(f"推進体制 {number} 行目: 役職の名前が空欄のため、この行は取り込みません。")
            return ""
        return new_id(context, "role", present, number, body_id=body_id, title=title, post=cell["post"])
    text = cell["text"]
    if not text.strip():
        row.notes.append(f"推進体制 {number} 行目: 所掌事務の内容が空欄のため、この行は取り込みません。")
        return ""
    return new_id(context, "duty", present, number, body_id=body_id, text=text)


def _body_fields(
    context: SheetContext,
    sheet: SheetRows,
    number: int,
    cell: dict[str, str],
    content: dict[str, Any],
    base: Content | None,
) -> None:
    kind_label = cell["kind_or_title"].strip()
    if kind_label:
        kind = _KIND_OF_LABEL.get(kind_label)
        if kind is None:
            raise context.refusal(
                sheet,
                number,
                _HEADINGS["kind_or_title"],
                f"「{kind_label[:20]}」で、組織の種別として読めません（{'・'.join(_KIND_OF_LABEL)} のどれかです）",
                "種別を直して送り直してもらってください",
            )
        context.set_if_edited(content, base, "kind", kind, kind_label)
    status = cell["status"].strip()
    if status:
        if status not in _STATUSES:
            raise context.refusal(
                sheet,
                number,
                _HEADINGS["status"],
                f"「{status[:20]}」で、読めません（{'・'.join(sorted(_STATUSES))} のどちらかです）",
                "状態を直して送り直してもらってください",
            )
        context.set_if_edited(content, base, "status", status, status)
    description = context.checked(sheet, number, "body", "description", _HEADINGS["text"], cell["text"])
    context.set_if_edited(content, base, "description", description, cell["text"])


def _new_record(entity: str, body_id: str, position: int) -> dict[str, Any]:
    if entity == "body":
        return {"name": "", "kind": BodyKind.PROJECT_TEAM.value, "status": "想定", "description": "", "position": 1000}
    if entity == "role":
        return {"body_id": body_id, "position": position, "title": "", "post": "", "section_id": None, "note": ""}
    if entity == "duty":
        return {"body_id": body_id, "position": position, "text": ""}
    return {"body_id": body_id, "position": position, "section_id": None}


# -- 用語集 ----------------------------------------------------------------------------------------


def glossary_rows(context: SheetContext, sheet: SheetRows) -> None:
    headings = dict(schema.GLOSSARY_COLUMNS)
    cells = {
        number: {key: (sheet.value(values, heading) or "") for key, heading in headings.items()}
        for number, values in sheet.rows
    }
    notes: list[str] = []
    ids = {number: row_id(context, sheet, number, cell["id"], notes) for number, cell in cells.items()}
    context.notes.extend(notes)
    present = {record_id for record_id in ids.values() if record_id}
    last = [max((c["position"] for _, c in context.of("glossary_term")), default=-1)]

    def process(number: int, record_id: str) -> RowResult:
        cell = cells[number]
        row = RowResult()
        values = {
            name: context.checked(sheet, number, "glossary_term", name, headings[name], cell[name])
            for name in ("term", "reading", "explanation")
        }
        term = values["term"].strip()
        key: Key = ("glossary_term", record_id)
        base = context.base_of(key, cell["revision"]) if record_id else None
        if not record_id:
            if not term:
                row.notes.append(f"{sheet.name} {number} 行目: 用語が空欄のため、この行は取り込みません。")
                return row
            record_id = new_id(context, "glossary_term", present, number, term=term)
            key = ("glossary_term", record_id)
            base = context.base_of(key)
        content = context.start(key, base)
        if content is None:
            last[0] += 1
            content = {"term": term, "reading": "", "explanation": "", "position": last[0]}
        if not term:
            row.notes.append(f"{sheet.name} {number} 行目: 用語が空欄のため、用語は変更しません。")
            values.pop("term")
        for name, value in values.items():
            context.set_if_edited(content, base, name, value.strip() if name == "term" else value, cell[name])
        row.records[key] = content
        return row

    place_rows(context, sheet, [(number, ids[number]) for number in cells], process, "用語")
    seen = {record_id for entity, record_id in context.theirs if entity == "glossary_term"}
    for record_id in context.listed("glossary_term") - seen:
        context.theirs[("glossary_term", record_id)] = None
