"""Reading an exchange workbook into plain rows: its sheets found by their headings, the cover, the exchange sheet.

python-calamine (a Rust reader) reads every sheet, hidden or not, with its
merged ranges, and evaluates nothing: a formula arrives as the value Excel
last showed for it.  Values become the text a person sees in the cell: a
date reads ``令和6年4月1日``, a whole number ``3``.

The visible sheets are recognised by their headings, not only by their
names, so a sheet renamed in Excel (``取組項目 (2)``) is still read, and said
so; a sheet that is neither ours nor recognised is reported, never silently
skipped.  Nothing here knows what the rows mean; :mod:`.overlay` does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...domain.era import EraError, format_date, parse_fiscal_year
from ...domain.identity import content_revision
from ..exchange import schema
from .grid_reader import Grid, GridReading, read_grids
from .guard import ImportRefusedError
from .state import FileOrigin, FileRecord, Key

__all__ = ["DATA_SHEETS", "RawWorkbook", "SheetRows", "cell_text", "read_workbook"]

# The sheets colleagues edit, in the order they are read.
DATA_SHEETS = (
    schema.INITIATIVES_SHEET,
    schema.ROADMAP_SHEET,
    schema.PROGRESS_SHEET,
    schema.INDICATORS_SHEET,
    schema.ORGANISATION_SHEET,
    schema.GLOSSARY_SHEET,
)
# What a survey (各課への照会) holds: the sheets it leaves out are not missing.
SURVEY_SHEETS = frozenset(
    {schema.INITIATIVES_SHEET, schema.ROADMAP_SHEET, schema.PROGRESS_SHEET, schema.INDICATORS_SHEET}
)
# How far down the heading row may have moved (rows inserted above it).
_HEADING_SEARCH_ROWS = 10
_WESTERN_YEAR = re.compile(r"^\d{4}\s*年度$")


@dataclass
class SheetRows:
    """A data sheet: its name in the file, its headings (text → column, from 0) and its rows below them as text."""

    name: str
    headings: dict[str, int]
    rows: list[tuple[int, list[str]]]  # (row number in the sheet, from 1; values)
    heading_row: list[str] = field(default_factory=list)
    # Merged ranges: (first row, first column, last row, last column), rows from 1, columns from 0.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def value(self, values: list[str], heading: str) -> str | None:
        column = self.headings.get(heading)
        if column is None:
            return None
        return values[column] if column < len(values) else ""


@dataclass
class RawWorkbook:
    origin: FileOrigin
    exported: dict[Key, FileRecord]
    machine_readable: bool
    problem: str  # why the exchange sheet could not be used, if it could not
    sheets: dict[str, SheetRows]  # by the sheet's kind (its name as exported)
    export_point: schema.ExportPoint | None = None
    notes: list[str] = field(default_factory=list)
    # The hidden sheet was there but not read: the file is this terminal's, whose history holds the same.
    exchange_unread: bool = False
    # A lead section's survey: the year and section it was written for (the cover's 照会番号).
    survey: schema.Survey | None = None


def cell_text(value: Any) -> str:
    """A cell's value as the text a person reads in it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return format_date(value.date())
        return f"{format_date(value.date())} {value.hour}:{value.minute:02d}"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    return str(value)


def _refused(path: Path, problem: str, action: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"「{path.name}」を取り込めません: {problem}。{action}（データベースは変更していません）", path
    )


# The values this terminal had for a record at a revision, if it ever had it (LocalState.content_at).
Known = Callable[[Key, str], Mapping[str, Any] | None]


def read_workbook(
    path: Path,
    known: Known | None = None,
    ours: Callable[[schema.ExportPoint], bool] | None = None,
    reading: GridReading | None = None,
) -> RawWorkbook:
    """Read ``path`` (already checked by :func:`~.guard.check_workbook_file`), or take ``reading`` of it.

    A hidden-sheet record whose revision ``known`` recognises takes the values
    from there: equal revisions are equal values, so its JSON need not be
    decoded and checked.  When ``ours`` says the cover's 書出し番号 is this
    terminal's, the hidden sheet is not used at all: this terminal's history
    holds all it says.
    """
    try:
        grids = reading.result() if reading is not None else read_grids(path)
    except Exception as error:  # calamine's errors (zip, XML, password) share no useful base
        raise _refused(
            path,
            f"ブックの中身が壊れているか、読めない形式です（{type(error).__name__}）",
            "送り主にもう一度送ってもらってください",
        ) from error
    return _interpret(path, grids, known, ours)


def _interpret(
    path: Path, grids: dict[str, Grid], known: Known | None, ours: Callable[[schema.ExportPoint], bool] | None
) -> RawWorkbook:
    notes: list[str] = []
    cover = grids.get(schema.COVER_SHEET)
    origin = _cover_origin(cover)
    point = _export_point(cover.rows) if cover is not None else None
    exchange_name = next((name for name, grid in grids.items() if _is_exchange(grid)), None)
    # Written by this terminal: its history says all the hidden sheet would, and faster.
    unread = exchange_name is not None and point is not None and ours is not None and ours(point)
    problem = "" if unread else "機械可読の部分（非表示のシート）が見つかりません"
    exported: dict[Key, FileRecord] = {}
    if exchange_name is not None and not unread:
        origin, exported, problem, exchange_notes = _parse_exchange(path, iter(grids[exchange_name].rows), known)
        notes.extend(exchange_notes)
    export_point = None
    cover_name = None
    for name in (schema.COVER_SHEET, *grids):
        if name in grids and (export_point := _export_point(grids[name].rows)) is not None:
            cover_name = name
            break
    if cover_name is None and schema.COVER_SHEET in grids:
        cover_name = schema.COVER_SHEET
    survey = _survey(grids[cover_name].rows) if cover_name is not None else None
    candidates: dict[str, list[SheetRows]] = {}
    for name, grid in grids.items():
        if name in (exchange_name, cover_name):
            continue
        sheet = _data_sheet(name, grid)
        kind = _kind_of(sheet) if sheet is not None else None
        if sheet is None or kind is None:
            if any(cell_text(value).strip() for row in grid.rows for value in row):
                notes.append(
                    f"シート「{name}」は、このアプリケーションのシートではないため取り込みません"
                    "（見出しの行と ID の列が見つかりません）。"
                )
            continue
        candidates.setdefault(kind, []).append(sheet)
    sheets = _choose_sheets(candidates, survey, notes)
    if not exported and not sheets:
        raise _refused(
            path,
            "このアプリケーションの書き出したブックの形ではありません（工程表・取組項目などのシートと ID の列が見つかりません）",
            "［書出し］で作ったブックを編集して送ってもらってください",
        )
    return RawWorkbook(origin, exported, bool(exported), problem, sheets, export_point, notes, unread, survey)


def _choose_sheets(
    candidates: dict[str, list[SheetRows]], survey: schema.Survey | None, notes: list[str]
) -> dict[str, SheetRows]:
    """The sheet read as each kind (its own name first), each missing, renamed or extra one said in ``notes``."""
    sheets: dict[str, SheetRows] = {}
    for kind in DATA_SHEETS:
        found = candidates.get(kind, [])
        if not found:
            if survey is None or kind in SURVEY_SHEETS:
                notes.append(f"シート「{kind}」がありません。{kind}は変更も削除もしません。")
            continue
        chosen = next((sheet for sheet in found if sheet.name == kind), found[0])
        sheets[kind] = chosen
        if chosen.name != kind:
            notes.append(f"シート「{chosen.name}」を「{kind}」として読みました（シートの名前が変わっています）。")
        for other in found:
            if other is not chosen:
                notes.append(
                    f"シート「{other.name}」は「{chosen.name}」と同じ形の表ですが、取り込みません。"
                    f"このシートの変更は、「{chosen.name}」に書き写して送り直してもらってください。"
                )
    return sheets


def _cover_origin(grid: Grid | None) -> FileOrigin:
    """Who wrote the file and when, from the cover (the hidden sheet, when read, says it more fully)."""
    if grid is None:
        return FileOrigin()
    point = _export_point(grid.rows)
    facts: dict[str, str] = {}
    for values in grid.rows[:40]:
        texts = [cell_text(value).strip() for value in values]
        for label in ("書出した人", "版"):
            if label in texts[:-1]:
                facts[label] = texts[texts.index(label) + 1]
    by = facts.get("書出した人", "")
    return FileOrigin(
        exported_by="" if by == "（不明）" else by,
        exported_at=_moment(point.exported_at) if point else None,
        edition=facts.get("版", ""),
    )


def _is_exchange(grid: Grid) -> bool:
    first = grid.rows[0] if grid.rows else []
    return len(first) >= 2 and cell_text(first[0]) == "magic" and cell_text(first[1]) == schema.FORMAT_MAGIC


def _cover_value(rows: Sequence[Sequence[Any]], label: str) -> str | None:
    """The text right of ``label`` on the cover (None: no such label)."""
    for values in rows[:40]:
        texts = [cell_text(value).strip() for value in values]
        for column, text in enumerate(texts[:-1]):
            if text == label:
                return texts[column + 1]
    return None


def _export_point(rows: Sequence[Sequence[Any]]) -> schema.ExportPoint | None:
    text = _cover_value(rows, schema.EXPORT_POINT_LABEL)
    return schema.parse_export_point(text) if text is not None else None


def _survey(rows: Sequence[Sequence[Any]]) -> schema.Survey | None:
    text = _cover_value(rows, schema.SURVEY_LABEL)
    return schema.parse_survey(text) if text is not None else None


def _data_sheet(name: str, grid: Grid) -> SheetRows | None:
    for index, values in enumerate(grid.rows[:_HEADING_SEARCH_ROWS]):
        heading_values = [cell_text(value).strip() for value in values]
        if schema.ID_HEADING not in heading_values:
            continue
        headings: dict[str, int] = {}
        for column, heading in enumerate(heading_values):
            if heading and heading not in headings:
                headings[heading] = column
        rows: list[tuple[int, list[str]]] = []
        for number, row_values in enumerate(grid.rows[index + 1 :], start=index + 2):
            texts = [cell_text(value) for value in row_values]
            if any(text.strip() for text in texts) and not _western_years(texts, headings):
                rows.append((number, texts))
        return SheetRows(name, headings, rows, heading_values, grid.merges)
    return None


def _western_years(texts: list[str], headings: dict[str, int]) -> bool:
    """The 工程表's second heading row (``2023年度`` under each year)."""
    filled = [text.strip() for text in texts if text.strip()]
    return bool(filled) and all(_WESTERN_YEAR.match(text) for text in filled)


def _kind_of(sheet: SheetRows) -> str | None:
    headings = sheet.headings
    if "評価" in headings and "次年度の取組" in headings:
        return schema.PROGRESS_SHEET
    if "指標名" in headings:
        return schema.INDICATORS_SHEET
    if "区分" in headings:
        return schema.ORGANISATION_SHEET
    if "用語" in headings:
        return schema.GLOSSARY_SHEET
    if "表示順" in headings or "説明" in headings:
        return schema.INITIATIVES_SHEET
    if schema.ROADMAP_NAME_HEADING in headings and any(_is_year(heading) for heading in sheet.heading_row):
        return schema.ROADMAP_SHEET
    return None


def _is_year(heading: str) -> bool:
    try:
        parse_fiscal_year(heading)
    except EraError:
        return False
    return True


def _parse_exchange(
    path: Path, rows: Iterator[Sequence[Any]], known: Known | None
) -> tuple[FileOrigin, dict[Key, FileRecord], str, list[str]]:
    header: dict[str, str] = {}
    for values in rows:
        texts = [cell_text(value) for value in values]
        if not any(texts):
            break
        header[texts[0]] = texts[1] if len(texts) > 1 else ""
    if header.get("magic") != schema.FORMAT_MAGIC:
        return FileOrigin(), {}, "機械可読の部分（非表示のシート）が読み取れません", []
    try:
        version = int(header.get("format_version", ""))
    except ValueError:
        return FileOrigin(), {}, "機械可読の部分の版が読み取れません", []
    if version > schema.FORMAT_VERSION:
        raise _refused(
            path,
            f"新しい版のアプリケーション（{header.get('app_version', '不明')}）で書き出されたブックです",
            "このアプリケーションを最新版にしてから取り込んでください",
        )
    origin = FileOrigin(
        exported_by=header.get("exported_by", ""),
        exported_at=_moment(header.get("exported_at", "")),
        edition=header.get("edition", ""),
        app_version=header.get("app_version", ""),
        database_id=header.get("database_id", ""),
        format_version=version,
    )
    exported, damaged = _records(rows, known)
    notes = [f"機械可読の部分のうち {damaged} 行が壊れていたため、その記録は表の値だけで比べます。"] if damaged else []
    if not exported:
        return origin, {}, "機械可読の部分に記録がありません", notes
    return origin, exported, "", notes


def _records(rows: Iterable[Sequence[Any]], known: Known | None) -> tuple[dict[Key, FileRecord], int]:
    columns: dict[str, int] = {}
    exported: dict[Key, FileRecord] = {}
    damaged = 0
    for values in rows:
        if not columns:
            if values and cell_text(values[0]) == "entity":
                columns = {cell_text(name): index for index, name in enumerate(values) if name}
                places = [columns.get(name, -1) for name in ("entity", "id", "revision", "ancestors", "deleted")]
            continue
        record = _record(values, places, columns, known)
        if record is None:
            if any(value not in (None, "") for value in values):
                damaged += 1
            continue
        key, file_record = record
        exported[key] = file_record
    return exported, damaged


def _record(
    values: Sequence[Any], places: list[int], columns: dict[str, int], known: Known | None
) -> tuple[Key, FileRecord] | None:
    """One row of the record table; its values are decoded and checked only when this terminal does not know them."""
    width = len(values)
    entity, record_id, revision, ancestors_text, deleted_text = (
        (value if isinstance(value := values[index], str) else cell_text(value)) if 0 <= index < width else ""
        for index in places
    )
    if entity not in _EXCHANGE_ENTITIES or not record_id or not revision:
        return None
    ancestors = tuple(ancestors_text.split())
    deleted = deleted_text.strip() == "1"
    here = known((entity, record_id), revision) if known is not None else None
    if here is not None:
        return (entity, record_id), FileRecord(revision, ancestors, here, deleted)
    try:
        parts_index = columns.get("parts", -1)
        parts = max(1, int(cell_text(values[parts_index]) or "1")) if 0 <= parts_index < width else 1
        first = columns["content"]
        content = json.loads(schema.join_content([cell_text(value) for value in values[first : first + parts]]))
    except (KeyError, ValueError):
        return None
    if not isinstance(content, dict) or content_revision(content) != revision:
        return None  # altered on the way: not a trustworthy base
    return (entity, record_id), FileRecord(revision, ancestors, content, deleted)


_EXCHANGE_ENTITIES = frozenset(schema.EXCHANGE_ENTITIES)


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
