"""The colleague's version of each record: the exported values, with what was typed in Excel on top.

A visible cell counts as an edit only when it differs from how the exporter
wrote the exported value, so a file opened and re-saved unchanged brings no
changes.  Rows are matched by the ID column; a row without one is new, and is
matched to an existing record by its natural key (an initiative's area and
name, a term's text, …) so that importing it twice, or two colleagues adding
the same thing, gives one record, not two.  A record the exchange sheet lists
but whose row is gone from its visible sheet was deleted there.

When the exchange sheet is missing or unreadable (a degraded file), the
visible rows alone are compared with this terminal's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.era import EraError, parse_fiscal_year
from ...domain.identity import derived_id
from ...domain.organisation import BodyKind, body_member_id
from ...domain.roadmap import CellKind, roadmap_cell_id
from ..commands import parse_cell
from ..exchange import schema
from .state import Content, FileRecord, IncomingFile, Key, LocalState
from .workbook_reader import RawWorkbook, SheetRows

__all__ = ["build_incoming"]

_KIND_OF_LABEL = {kind.label: kind.value for kind in BodyKind}
_ROW_ENTITY = {label: entity for entity, label in schema.ORGANISATION_ROW_KINDS.items()}


class _Lookup:
    """Names to identities, from the file's records and this terminal's, the file's first."""

    def __init__(self, exported: Mapping[Key, FileRecord], local: LocalState) -> None:
        self.contents: dict[Key, Content] = dict(local.records)
        self.contents.update({key: record.content for key, record in exported.items()})
        self._by_entity: dict[str, list[tuple[str, Content]]] = {}
        for (entity, record_id), content in self.contents.items():
            self._by_entity.setdefault(entity, []).append((record_id, content))
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], str]] = {}
        self._next_positions: dict[str, int] = {}

    def of(self, entity: str) -> list[tuple[str, Content]]:
        return self._by_entity.get(entity, [])

    def next_position(self, area_id: str) -> int:
        """A place at the end of an area for a new initiative, after any placed before it."""
        if area_id not in self._next_positions:
            positions = [c["position"] for _, c in self.of("initiative") if c["area_id"] == area_id]
            self._next_positions[area_id] = max(positions, default=-1) + 1
        self._next_positions[area_id] += 1
        return self._next_positions[area_id] - 1

    def find(self, entity: str, **values: Any) -> str | None:
        """The record of ``entity`` whose fields hold ``values`` (a natural key), if there is one."""
        fields = tuple(sorted(values))
        index = self._indexes.get((entity, fields))
        if index is None:
            index = {}
            for record_id, content in self.of(entity):
                index.setdefault(tuple(content.get(name) for name in fields), record_id)
            self._indexes[(entity, fields)] = index
        return index.get(tuple(values[name] for name in fields))


def build_incoming(raw: RawWorkbook, local: LocalState, *, path: str, sha256: str) -> IncomingFile:
    lookup = _Lookup(raw.exported, local)
    theirs: dict[Key, Content | None] = {
        key: None if record.deleted else dict(record.content) for key, record in raw.exported.items()
    }
    notes = list(raw.notes)
    degraded = not raw.machine_readable

    def listed(entity: str) -> set[str]:
        return {
            record_id for (kind, record_id), record in raw.exported.items() if kind == entity and not record.deleted
        }

    def deleted_unless_seen(entity: str, seen: set[str]) -> None:
        for record_id in listed(entity) - seen:
            theirs[(entity, record_id)] = None

    sheets = raw.sheets
    if (sheet := sheets.get(schema.INITIATIVES_SHEET)) and schema.ID_HEADING in sheet.headings:
        seen, new_names = _initiatives(sheet, raw, lookup, theirs, notes)
        gone = listed("initiative") - seen
        deleted_unless_seen("initiative", seen)
        for key, content in list(theirs.items()):  # the cells go with a deleted initiative
            if key[0] == "roadmap_cell" and content is not None and content["initiative_id"] in gone:
                theirs[key] = None
    else:
        new_names = {}
    if (sheet := sheets.get(schema.ROADMAP_SHEET)) and schema.ID_HEADING in sheet.headings:
        _roadmap(sheet, raw, lookup, theirs, notes, new_names)
    if (sheet := sheets.get(schema.ORGANISATION_SHEET)) and schema.ID_HEADING in sheet.headings:
        for entity, seen in _organisation(sheet, raw, lookup, theirs, notes).items():
            deleted_unless_seen(entity, seen)
    if (sheet := sheets.get(schema.GLOSSARY_SHEET)) and schema.ID_HEADING in sheet.headings:
        deleted_unless_seen("glossary_term", _glossary(sheet, raw, lookup, theirs))
    return IncomingFile(
        path=path,
        sha256=sha256,
        origin=raw.origin,
        exported=raw.exported,
        theirs=theirs,
        degraded=degraded,
        degraded_reason=raw.problem,
        notes=notes,
    )


def _base_or_local(key: Key, raw: RawWorkbook, lookup: _Lookup) -> dict[str, Any] | None:
    record = raw.exported.get(key)
    if record is not None:
        return dict(record.content)
    local = lookup.contents.get(key)
    return dict(local) if local is not None else None


def _set_if_edited(content: dict[str, Any], base: Content | None, name: str, value: Any, shown: str) -> None:
    """Take a visible value unless the cell still shows what was exported."""
    if base is None or shown != schema.visible_text(_display(base.get(name))):
        content[name] = value


def _display(value: Any) -> str:
    return "" if value is None else str(value)


# -- 取組項目 ------------------------------------------------------------------------------------


def _initiatives(
    sheet: SheetRows,
    raw: RawWorkbook,
    lookup: _Lookup,
    theirs: dict[Key, Content | None],
    notes: list[str],
) -> tuple[set[str], dict[str, str]]:
    headings = dict(schema.INITIATIVE_COLUMNS)
    area_ids = {
        f"({content['number']}) {content['title']}": record_id for record_id, content in lookup.of("policy_area")
    }
    seen: set[str] = set()
    new_names: dict[str, str] = {}
    for number, values in sheet.rows:
        cell = {key: sheet.value(values, heading) for key, heading in headings.items()}
        name = (cell["name"] or "").strip()
        area_text = (cell["area"] or "").strip()
        record_id = (cell["id"] or "").strip()
        key = ("initiative", record_id)
        base = _base_or_local(key, raw, lookup) if record_id else None
        area_id = area_ids.get(area_text)
        if area_id is None and (base is None or area_text):
            if not record_id and not name:
                continue
            notes.append(f"取組項目 {number} 行目: 取組「{area_text}」が見つからないため、この行は取り込みません。")
            if record_id:
                seen.add(record_id)
            continue
        if not record_id:
            if not name:
                continue
            record_id = lookup.find("initiative", area_id=area_id, name=name) or derived_id(
                "imported", "initiative", area_id, name
            )
            key = ("initiative", record_id)
            base = _base_or_local(key, raw, lookup)
            new_names[name] = record_id
        seen.add(record_id)
        content: dict[str, Any] = dict(base) if base is not None else _new_initiative(area_id or "", name, lookup)
        exported = raw.exported.get(key)
        shown_base = exported.content if exported is not None else None
        if area_id is not None and (shown_base is None or shown_base.get("area_id") != area_id):
            content["area_id"] = area_id
        for field in ("name", "description", "note"):
            text = cell[field]
            if text is not None:
                _set_if_edited(content, shown_base, field, text, text)
        if (position := _position(cell["position"])) is not None:
            _set_if_edited(content, shown_base, "position", position, str(position + 1))
        if cell["inferred"] is not None:
            inferred = cell["inferred"].strip() == schema.INFERRED_MARK
            if shown_base is None or bool(shown_base.get("inferred")) != inferred:
                content["inferred"] = inferred
        if (lead := cell["lead_section"]) is not None:
            lead = lead.strip()
            section_id = lookup.find("section", name=lead) if lead else None
            if lead and section_id is None:
                notes.append(f"取組項目 {number} 行目: 事業主管課「{lead}」が部・課の一覧にないため、変更しません。")
            elif shown_base is None or shown_base.get("lead_section_id") != section_id:
                content["lead_section_id"] = section_id
        theirs[key] = content
    return seen, new_names


def _position(text: str | None) -> int | None:
    try:
        return int(float((text or "").strip())) - 1
    except ValueError:
        return None


def _new_initiative(area_id: str, name: str, lookup: _Lookup) -> dict[str, Any]:
    return {
        "area_id": area_id,
        "position": lookup.next_position(area_id),
        "name": name,
        "description": "",
        "lead_section_id": None,
        "inferred": False,
        "note": "",
    }


# -- 工程表 ----------------------------------------------------------------------------------------


def _roadmap(
    sheet: SheetRows,
    raw: RawWorkbook,
    lookup: _Lookup,
    theirs: dict[Key, Content | None],
    notes: list[str],
    new_names: dict[str, str],
) -> None:
    year_columns: dict[int, int] = {}
    for column, heading in enumerate(sheet.heading_row):
        try:
            year_columns[column] = parse_fiscal_year(heading)
        except EraError:
            continue
    id_column = sheet.headings[schema.ID_HEADING]
    name_column = sheet.headings.get(schema.ROADMAP_NAME_HEADING, 0)
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for first_row, first_column, last_row, last_column in raw.roadmap_merges:
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                merged[(row, column - 1)] = (first_row, first_column - 1)
    by_number = {number: values for number, values in sheet.rows}
    initiatives = {key[1] for key, content in theirs.items() if key[0] == "initiative" and content is not None}
    initiatives |= {record_id for record_id, _ in lookup.of("initiative")}
    for number, values in sheet.rows:
        record_id = values[id_column].strip() if id_column < len(values) else ""
        if not record_id:
            name = values[name_column].strip() if name_column < len(values) else ""
            record_id = new_names.get(name, "")
        if record_id not in initiatives:
            continue  # an area heading, or a row nobody can place
        for column, year in year_columns.items():
            source = merged.get((number, column), (number, column))
            source_values = by_number.get(source[0], values)
            text = source_values[source[1]] if source[1] < len(source_values) else ""
            _cell(record_id, year, text, raw, lookup, theirs)


def _cell(
    initiative_id: str, year: int, text: str, raw: RawWorkbook, lookup: _Lookup, theirs: dict[Key, Content | None]
) -> None:
    key = ("roadmap_cell", roadmap_cell_id(initiative_id, year))
    exported = raw.exported.get(key)
    shown_base = exported.content if exported is not None else None
    was = _cell_text(shown_base)
    if exported is not None and schema.visible_text(was) == text:
        return  # as exported
    if exported is None and raw.machine_readable and not text.strip() and key not in theirs:
        return  # empty then and empty now (a cell added here since is not the file's business)
    value = parse_cell(text)
    if value is None:
        theirs[key] = None
        return
    base = _base_or_local(key, raw, lookup)
    content: dict[str, Any] = base or {
        "initiative_id": initiative_id,
        "fiscal_year": year,
        "inferred": False,
        "note": "",
    }
    if _cell_text(content) != (schema.SHADED_MARK if value.kind == CellKind.SHADED else value.label):
        content["inferred"] = False  # typed by a person: no longer an inference
    content["kind"] = value.kind.value
    content["phase"] = value.phase
    theirs[key] = content


def _cell_text(content: Content | None) -> str:
    if content is None:
        return ""
    return schema.SHADED_MARK if content.get("kind") == CellKind.SHADED else (content.get("phase") or "")


# -- 推進体制 -------------------------------------------------------------------------------------


def _organisation(
    sheet: SheetRows, raw: RawWorkbook, lookup: _Lookup, theirs: dict[Key, Content | None], notes: list[str]
) -> dict[str, set[str]]:
    headings = dict(schema.ORGANISATION_COLUMNS)
    seen: dict[str, set[str]] = {"body": set(), "role": set(), "duty": set(), "body_member": set()}
    current_body: str | None = None
    positions: dict[tuple[str, str], int] = {}
    for number, values in sheet.rows:
        cell = {key: (sheet.value(values, heading) or "") for key, heading in headings.items()}
        entity = _ROW_ENTITY.get(cell["row_kind"].strip())
        record_id = cell["id"].strip()
        if entity is None:
            notes.append(f"推進体制 {number} 行目: 区分「{cell['row_kind']}」が読めないため、この行は取り込みません。")
            if record_id:
                for ids in seen.values():
                    ids.add(record_id)
            continue
        body_name = cell["body"].strip()
        if entity == "body":
            body_id = record_id or lookup.find("body", name=body_name)
        else:  # the rows beneath a body's row are its own, whatever its name became
            body_id = current_body or lookup.find("body", name=body_name)
        if body_id is None:
            notes.append(f"推進体制 {number} 行目: 組織「{body_name}」が見つからないため、この行は取り込みません。")
            continue
        if entity == "body":
            current_body = body_id
            record_id = record_id or derived_id("imported", "body", body_name)
        section_name = cell["section"].strip()
        section_id = lookup.find("section", name=section_name) if section_name else None
        if section_name and section_id is None:
            notes.append(
                f"推進体制 {number} 行目: 課「{section_name}」が部・課の一覧にないため、この行は取り込みません。"
            )
            if record_id:
                seen[entity].add(record_id)
            continue
        if entity == "body_member":
            if section_id is None:
                continue
            record_id = record_id or body_member_id(body_id, section_id)
        elif not record_id:
            natural = cell["kind_or_title"] if entity == "role" else cell["text"]
            record_id = derived_id("imported", entity, body_id, natural.strip())
        key = (entity, record_id)
        seen[entity].add(record_id)
        exported = raw.exported.get(key)
        shown_base = exported.content if exported is not None else None
        content = _base_or_local(key, raw, lookup)
        order = positions.setdefault((entity, body_id), 0)
        positions[(entity, body_id)] = order + 1
        if content is None:
            content = _new_organisation_record(entity, body_id, order)
        if entity == "body":
            _set_if_edited(content, shown_base, "name", body_name, body_name)
            kind = _KIND_OF_LABEL.get(cell["kind_or_title"].strip())
            if kind is not None:
                _set_if_edited(content, shown_base, "kind", kind, cell["kind_or_title"].strip())
            if cell["status"].strip():
                _set_if_edited(content, shown_base, "status", cell["status"].strip(), cell["status"].strip())
            _set_if_edited(content, shown_base, "description", cell["text"], cell["text"])
        elif entity == "role":
            _set_if_edited(content, shown_base, "title", cell["kind_or_title"].strip(), cell["kind_or_title"])
            _set_if_edited(content, shown_base, "post", cell["post"], cell["post"])
            _set_if_edited(content, shown_base, "note", cell["text"], cell["text"])
            if shown_base is None or shown_base.get("section_id") != section_id:
                content["section_id"] = section_id
        elif entity == "duty":
            _set_if_edited(content, shown_base, "text", cell["text"], cell["text"])
        else:
            content["section_id"] = section_id
        theirs[key] = content
    return seen


def _new_organisation_record(entity: str, body_id: str, position: int) -> dict[str, Any]:
    if entity == "body":
        return {"name": "", "kind": BodyKind.PROJECT_TEAM.value, "status": "想定", "description": "", "position": 1000}
    if entity == "role":
        return {"body_id": body_id, "position": position, "title": "", "post": "", "section_id": None, "note": ""}
    if entity == "duty":
        return {"body_id": body_id, "position": position, "text": ""}
    return {"body_id": body_id, "position": position, "section_id": None}


# -- 用語集 ----------------------------------------------------------------------------------------


def _glossary(sheet: SheetRows, raw: RawWorkbook, lookup: _Lookup, theirs: dict[Key, Content | None]) -> set[str]:
    headings = dict(schema.GLOSSARY_COLUMNS)
    seen: set[str] = set()
    last = max((c["position"] for _, c in lookup.of("glossary_term")), default=-1)
    for _number, values in sheet.rows:
        cell = {key: (sheet.value(values, heading) or "") for key, heading in headings.items()}
        term = cell["term"].strip()
        record_id = cell["id"].strip()
        if not record_id:
            if not term:
                continue
            record_id = lookup.find("glossary_term", term=term) or derived_id("imported", "glossary_term", term)
        key = ("glossary_term", record_id)
        seen.add(record_id)
        exported = raw.exported.get(key)
        shown_base = exported.content if exported is not None else None
        content = _base_or_local(key, raw, lookup)
        if content is None:
            last += 1
            content = {"term": term, "reading": "", "explanation": "", "position": last}
        for field in ("term", "reading", "explanation"):
            _set_if_edited(content, shown_base, field, cell[field], cell[field])
        theirs[key] = content
    return seen
