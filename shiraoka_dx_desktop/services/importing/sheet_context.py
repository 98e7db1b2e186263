"""What the sheet readers share: the file's base, this terminal's records, and the rows read so far.

See :mod:`.overlay` for how a workbook's rows become the colleague's version of each record.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...domain.identity import derived_id
from ...storage.models import RECORD_MODELS
from ...storage.record_kinds import KINDS
from ..exchange import schema
from .guard import ImportRefusedError
from .state import Content, Doubt, DoubtReason, FileRecord, Key, LocalState
from .survey_scope import scope_base
from .workbook_reader import RawWorkbook, SheetRows

__all__ = [
    "EDITABLE",
    "RowResult",
    "SheetContext",
    "area_ids",
    "is_area_heading",
    "new_id",
    "new_initiative",
    "normal",
    "place_rows",
    "row_id",
]

# The fields the visible sheets edit, by entity; nothing else is ever taken from a file.
EDITABLE: dict[str, frozenset[str]] = {kind.table: kind.exchanged for kind in KINDS if kind.sheet}
_MODELS = {model.__tablename__: model for model in RECORD_MODELS}
_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """Heading text compared loosely: full-width brackets and runs of spaces as typed in Excel."""
    return _SPACES.sub(" ", text.replace("（", "(").replace("）", ")")).strip()


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _is_uuid(text: str) -> bool:
    return _UUID.fullmatch(text) is not None


def _display(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass
class RowResult:
    """What one row says: the records it sets (None: deletes) and what to tell the user about it."""

    records: dict[Key, dict[str, Any] | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class SheetContext:
    """The file, this terminal, and what has been made of the rows so far."""

    def __init__(self, raw: RawWorkbook, local: LocalState, file_name: str) -> None:
        self.raw, self.local, self.file_name = raw, local, file_name
        self.notes: list[str] = list(raw.notes)
        self.base: dict[Key, FileRecord] = dict(raw.exported)
        point = raw.export_point
        self.from_history = (
            not self.base and point is not None and local.wrote(point.database_id, point.history_seq, point.check)
        )
        if self.from_history and point is not None:
            self.base = local.state_at(point.history_seq)
        if raw.survey is not None:  # what a survey never held is not deleted by it
            self.base = scope_base(self.base, raw.survey)
        # Whether the file's base lists every record it held, so that a missing row is a deletion.
        self.complete = bool(self.base)
        self.theirs: dict[Key, dict[str, Any] | None] = {}
        self.doubts: dict[Key, Doubt] = {}
        # Names to identities: this terminal's records, and the file's of the kinds the sheets edit (a file
        # never renames an area or a section, whatever its hidden sheet says).
        self.contents: dict[Key, Content] = dict(local.records)
        self.contents.update(
            {key: record.content for key, record in self.base.items() if not record.deleted and key[0] in EDITABLE}
        )
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], str]] = {}
        # The identity of each roadmap cell here, by (initiative, year): deriving one is a uuid5.
        self.cell_ids: dict[tuple[str, int], str] = {
            (content["initiative_id"], content["fiscal_year"]): rid
            for (entity, rid), content in local.records.items()
            if entity == "roadmap_cell"
        }
        self._next_positions: dict[str, int] = {}
        self._by_entity: dict[str, list[tuple[str, Content]]] | None = None
        self._listed: dict[str, set[str]] | None = None
        self.used_revisions = False

    # -- the base of a row ---------------------------------------------------------------------

    def base_of(self, key: Key, revisions: str | tuple[str, ...] = "") -> Content | None:
        """The values the row was exported with, or the newest earlier ones this terminal knows.

        ``revisions`` is the row's 版 (its revision, then earlier ones); an earlier one found here is
        still a common base: the colleague changed the record since, in the application.
        """
        record = self.base.get(key)
        if record is not None:
            return None if record.deleted else record.content
        prefixes = schema.revision_prefixes(revisions) if isinstance(revisions, str) else revisions
        for prefix in prefixes:
            found = self.local.revision_by_prefix(key, prefix)
            if found is not None:
                self.base[key] = FileRecord(found[0], (), found[1])
                self.used_revisions = True
                return found[1]
        return None

    def start(self, key: Key, base: Content | None) -> dict[str, Any] | None:
        """The values a row's edits go on top of: the base, else this terminal's record."""
        if base is not None:
            return dict(base)
        local = self.local.records.get(key)
        return dict(local) if local is not None else None

    def as_here(self, key: Key) -> dict[str, Any] | None:
        """This terminal's values: what a row that cannot be read leaves the record at (None: not here)."""
        local = self.local.records.get(key)
        return dict(local) if local is not None else None

    def listed(self, entity: str) -> set[str]:
        """The records of ``entity`` the file held, when that can be known."""
        if not self.complete:
            return set()
        if self._listed is None:  # the file's own list: rows' 版 found later add nothing to it
            self._listed = {}
            for (kind, rid), record in self.base.items():
                if not record.deleted:
                    self._listed.setdefault(kind, set()).add(rid)
        return set(self._listed.get(entity, ()))

    # -- names ---------------------------------------------------------------------------------

    def of(self, entity: str) -> list[tuple[str, Content]]:
        if self._by_entity is None:
            self._by_entity = {}
            for (kind, rid), content in self.contents.items():
                self._by_entity.setdefault(kind, []).append((rid, content))
        return self._by_entity.get(entity, [])

    def find(self, entity: str, **values: Any) -> str | None:
        fields = tuple(sorted(values))
        index = self._indexes.get((entity, fields))
        if index is None:
            index = {}
            for record_id, content in self.of(entity):
                index.setdefault(tuple(content.get(name) for name in fields), record_id)
            self._indexes[(entity, fields)] = index
        return index.get(tuple(values[name] for name in fields))

    def plan_years(self) -> tuple[int, int]:
        """The plan period's first and last fiscal years, as this terminal has them."""
        policy = next(content for _rid, content in self.of("policy"))
        return int(policy["plan_first_year"]), int(policy["plan_last_year"])

    def next_position(self, area_id: str) -> int:
        if area_id not in self._next_positions:
            positions = [c["position"] for _, c in self.of("initiative") if c["area_id"] == area_id]
            self._next_positions[area_id] = max(positions, default=-1) + 1
        self._next_positions[area_id] += 1
        return self._next_positions[area_id] - 1

    # -- values ----------------------------------------------------------------------------------

    def checked(self, sheet: SheetRows, number: int, entity: str, name: str, heading: str, text: str) -> str:
        """``text`` if the database can hold it in ``entity.name``; otherwise the file is refused."""
        length = getattr(_MODELS[entity].__table__.columns[name].type, "length", None)
        if length is not None and len(text) > length:
            raise self.refusal(
                sheet,
                number,
                heading,
                f"{len(text):,} 文字あり、上限の {length} 文字を超えています",
                "短くして送り直してもらってください",
            )
        return text

    def refusal(self, sheet: SheetRows, number: int, heading: str, problem: str, action: str) -> ImportRefusedError:
        return ImportRefusedError(
            f"「{self.file_name}」を取り込めません: シート「{sheet.name}」{number} 行目の「{heading}」が{problem}。"
            f"{action}（データベースは変更していません）",
            Path(self.file_name),
        )

    def set_if_edited(
        self, content: dict[str, Any], base: Content | None, name: str, value: Any, shown: str | None
    ) -> None:
        """Take a visible value unless the cell still shows what was exported."""
        if shown is None:
            return  # the column is not in the sheet
        if base is None or shown != schema.visible_text(_display(base.get(name))):
            content[name] = value


# -- rows and their copies -----------------------------------------------------------------------


def _commit(context: SheetContext, row: RowResult) -> None:
    context.notes.extend(row.notes)
    for key, content in row.records.items():
        context.theirs[key] = content


def _unchanged(context: SheetContext, row: RowResult) -> bool:
    """Whether the row still says what was exported (a base is known for each of its records)."""
    for key, content in row.records.items():
        record = context.base.get(key)
        base = None if record is None or record.deleted else dict(record.content)
        if content is None:
            if base is not None:
                return False
            continue
        if base is None or any(content.get(name) != base.get(name) for name in EDITABLE[key[0]]):
            return False
    return True


def place_rows(
    context: SheetContext,
    sheet: SheetRows,
    rows: list[tuple[int, str]],
    process: Callable[[int, str], RowResult],
    label: str,
) -> None:
    """Process each (row number, ID) and commit it; a row whose ID appears more than once is a copy or a doubt.

    ``process(number, record_id)`` reads the row as that record ("" for a new one).
    """
    numbers_by_id: dict[str, list[int]] = defaultdict(list)
    for number, record_id in rows:
        if record_id:
            numbers_by_id[record_id].append(number)
    for number, record_id in rows:
        numbers = numbers_by_id.get(record_id, [])
        if len(numbers) <= 1:
            _commit(context, process(number, record_id))
        elif number == numbers[0]:
            _copies(context, sheet, numbers, record_id, process, label)


def _copies(
    context: SheetContext,
    sheet: SheetRows,
    numbers: list[int],
    record_id: str,
    process: Callable[[int, str], RowResult],
    label: str,
) -> None:
    read = {number: process(number, record_id) for number in numbers}
    original = next((number for number in numbers if _unchanged(context, read[number])), None)
    first = original if original is not None else numbers[0]
    listed = "・".join(f"{number} 行目" for number in numbers)
    _commit(context, read[first])
    if original is None:
        for key in read[first].records:
            context.doubts[key] = Doubt(
                DoubtReason.DUPLICATE_ROW,
                f"{sheet.name}の {listed} が同じ ID です（行のコピー）。どの行が元の{label}か分からないため、"
                f"{first} 行目を元の行として、取り込むかどうかを決めてください。",
            )
    for number in numbers:
        if number == first:
            continue
        if read[number].records == read[first].records:
            context.notes.append(
                f"{sheet.name} {number} 行目: {first} 行目と同じ ID・同じ内容の行です。一つの{label}として扱います。"
            )
            continue
        copy = process(number, "")
        context.notes.append(
            f"{sheet.name} {number} 行目: {first} 行目と同じ ID の行（行のコピー）で内容が違うため、"
            f"新しい{label}として扱います。"
        )
        _commit(context, copy)
        if original is None:
            for key in copy.records:
                context.doubts[key] = Doubt(
                    DoubtReason.DUPLICATE_ROW,
                    f"{sheet.name} {number} 行目は {first} 行目と同じ ID の行です（行のコピー）。"
                    f"新しい{label}として追加するかどうかを決めてください。",
                )


def row_id(context: SheetContext, sheet: SheetRows, number: int, text: str | None, notes: list[str]) -> str:
    record_id = (text or "").strip()
    if record_id and not _is_uuid(record_id):
        notes.append(f"{sheet.name} {number} 行目: ID「{record_id[:40]}」は読めないため、新しい行として扱います。")
        return ""
    return record_id


def new_id(context: SheetContext, entity: str, present: set[str], number: int, **natural: Any) -> str:
    """An existing record with the same natural key, unless it has its own row; else a new identity."""
    found = context.find(entity, **natural)
    if found is not None and found not in present:
        return found
    parts = [natural[name] for name in sorted(natural)]
    if found is not None:
        return derived_id("imported", entity, *parts, "row", number)
    return derived_id("imported", entity, *parts)


def area_ids(context: SheetContext) -> dict[str, str]:
    return {
        normal(f"({content['number']}) {content['title']}"): record_id
        for record_id, content in context.of("policy_area")
    }


def new_initiative(context: SheetContext, area_id: str, name: str) -> dict[str, Any]:
    return {
        "area_id": area_id,
        "position": context.next_position(area_id),
        "name": name,
        "description": "",
        "lead_section_id": None,
        "inferred": False,
        "note": "",
    }


_AREA_HEADING = re.compile(r"^\s*[(（]\s*[0-9０-９]+\s*[)）]")


def is_area_heading(text: str) -> bool:
    """Whether ``text`` reads like an area heading of the 工程表 (``(1) 自治体の…``)."""
    return bool(_AREA_HEADING.match(text))
