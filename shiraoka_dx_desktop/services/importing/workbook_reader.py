"""Reading an exchange workbook into plain rows: the exchange sheet's records and the visible sheets.

openpyxl reads in read-only mode (streaming, with defusedxml) and without
evaluating anything: a formula typed where text is expected arrives as its
text, ``=1+1``.  Merged ranges of the 工程表 sheet, which read-only mode does
not report, are read from the sheet's XML.  Nothing here knows what the rows
mean; :mod:`.overlay` does.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...domain.identity import content_revision
from ..exchange import schema
from .guard import ImportRefusedError
from .state import FileOrigin, FileRecord, Key

__all__ = ["RawWorkbook", "SheetRows", "read_workbook"]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_VISIBLE_SHEETS = (schema.ROADMAP_SHEET, schema.INITIATIVES_SHEET, schema.ORGANISATION_SHEET, schema.GLOSSARY_SHEET)


@dataclass
class SheetRows:
    """A visible sheet: its headings (text → column, from 0) and its rows below them as text."""

    headings: dict[str, int]
    rows: list[tuple[int, list[str]]]  # (row number in the sheet, values)
    heading_row: list[str] = field(default_factory=list)

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
    sheets: dict[str, SheetRows]
    # 工程表's merged ranges: (first row, first column, last row, last column), 1-based.
    roadmap_merges: list[tuple[int, int, int, int]]
    notes: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_workbook(path: Path) -> RawWorkbook:
    """Read ``path`` (already checked by :func:`~.guard.check_workbook_file`)."""
    # The file is opened here and always closed here: openpyxl leaves it open when parsing fails.
    with path.open("rb") as handle:
        return _read_open_workbook(path, handle)


def _read_open_workbook(path: Path, handle: Any) -> RawWorkbook:
    from openpyxl import load_workbook  # imported when first importing, not at start-up

    try:
        workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError, OSError) as error:
        raise ImportRefusedError(
            f"「{path.name}」を取り込めません: ブックの中身が壊れています（{type(error).__name__}）。"
            "送り主にもう一度送ってもらってください（データベースは変更していません）",
            path,
        ) from error
    except Exception as error:  # defusedxml's refusals and parser errors have no common base
        raise ImportRefusedError(
            f"「{path.name}」を取り込めません: ブックの XML を安全に読めません（{type(error).__name__}）。"
            "このファイルは開かず、送り主に確認してください（データベースは変更していません）",
            path,
        ) from error
    try:
        names = set(workbook.sheetnames)
        origin, problem = FileOrigin(), ""
        exported: dict[Key, FileRecord] = {}
        notes: list[str] = []
        if schema.EXCHANGE_SHEET in names:
            origin, exported, problem, notes = _read_exchange(path, workbook[schema.EXCHANGE_SHEET])
        else:
            problem = "機械可読の部分（非表示のシート）が見つかりません"
        sheets = {name: _read_sheet(workbook[name]) for name in _VISIBLE_SHEETS if name in names}
        merges: list[tuple[int, int, int, int]] = []
        if schema.ROADMAP_SHEET in sheets:
            merges = _merged_ranges(workbook, workbook[schema.ROADMAP_SHEET])
    except ImportRefusedError:
        raise
    except Exception as error:
        raise ImportRefusedError(
            f"「{path.name}」を取り込めません: ブックを最後まで読めません（{type(error).__name__}）。"
            "送り主にもう一度送ってもらってください（データベースは変更していません）",
            path,
        ) from error
    finally:
        workbook.close()
    if not exported and not any(_recognised(name, sheet) for name, sheet in sheets.items()):
        raise ImportRefusedError(
            f"「{path.name}」を取り込めません: このアプリケーションの書き出したブックの形ではありません"
            "（工程表・取組項目などのシートと ID の列が見つかりません）。"
            "［書出し］で作ったブックを編集して送ってもらってください（データベースは変更していません）",
            path,
        )
    return RawWorkbook(origin, exported, bool(exported), problem, sheets, merges, notes)


def _recognised(name: str, sheet: SheetRows) -> bool:
    return schema.ID_HEADING in sheet.headings and bool(sheet.rows)


def _read_sheet(worksheet: Any) -> SheetRows:
    rows = worksheet.iter_rows(values_only=True)
    heading_values = [_text(value).strip() for value in next(rows, ())]
    headings: dict[str, int] = {}
    for column, heading in enumerate(heading_values):
        if heading and heading not in headings:
            headings[heading] = column
    result: list[tuple[int, list[str]]] = []
    for number, values in enumerate(rows, start=2):
        texts = [_text(value) for value in values]
        if any(text.strip() for text in texts):
            result.append((number, texts))
    return SheetRows(headings, result, heading_values)


def _read_exchange(path: Path, worksheet: Any) -> tuple[FileOrigin, dict[Key, FileRecord], str, list[str]]:
    rows = worksheet.iter_rows(values_only=True)
    try:
        return _parse_exchange(path, rows)
    finally:
        rows.close()  # a generator left open keeps the sheet's part of the file open


def _parse_exchange(
    path: Path, rows: Iterator[tuple[Any, ...]]
) -> tuple[FileOrigin, dict[Key, FileRecord], str, list[str]]:
    header: dict[str, str] = {}
    for values in rows:
        texts = [_text(value) for value in values]
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
        raise ImportRefusedError(
            f"「{path.name}」を取り込めません: 新しい版のアプリケーション（{header.get('app_version', '不明')}）で"
            "書き出されたブックです。このアプリケーションを最新版にしてから取り込んでください"
            "（データベースは変更していません）",
            path,
        )
    origin = FileOrigin(
        exported_by=header.get("exported_by", ""),
        exported_at=_moment(header.get("exported_at", "")),
        edition=header.get("edition", ""),
        app_version=header.get("app_version", ""),
        database_id=header.get("database_id", ""),
        format_version=version,
    )
    columns: dict[str, int] = {}
    exported: dict[Key, FileRecord] = {}
    damaged = 0
    for values in rows:
        texts = [_text(value) for value in values]
        if not columns:
            if texts and texts[0] == "entity":
                columns = {name: index for index, name in enumerate(texts) if name}
            continue
        record = _record(texts, columns)
        if record is None:
            damaged += 1
            continue
        key, file_record = record
        exported[key] = file_record
    notes = [f"機械可読の部分のうち {damaged} 行が壊れていたため、その記録は表の値だけで比べます。"] if damaged else []
    if not exported:
        return origin, {}, "機械可読の部分に記録がありません", notes
    return origin, exported, "", notes


def _record(texts: list[str], columns: dict[str, int]) -> tuple[Key, FileRecord] | None:
    def cell(name: str) -> str:
        index = columns.get(name, -1)
        return texts[index] if 0 <= index < len(texts) else ""

    entity, record_id, revision = cell("entity"), cell("id"), cell("revision")
    if entity not in schema.EXCHANGE_ENTITIES or not record_id or not revision:
        return None
    try:
        parts = max(1, int(cell("parts") or "1"))
        first = columns["content"]
        content = json.loads(schema.join_content(texts[first : first + parts]))
    except (KeyError, ValueError):
        return None
    if not isinstance(content, dict) or content_revision(content) != revision:
        return None  # altered on the way: not a trustworthy base
    ancestors = tuple(cell("ancestors").split())
    deleted = cell("deleted").strip() == "1"
    return (entity, record_id), FileRecord(revision, ancestors, content, deleted)


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _merged_ranges(workbook: Any, worksheet: Any) -> list[tuple[int, int, int, int]]:
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import range_boundaries

    merges: list[tuple[int, int, int, int]] = []
    # Read-only worksheets do not report merged cells; they are at the end of the sheet's XML.
    with workbook._archive.open(worksheet._worksheet_path) as source:
        for _event, element in iterparse(source):
            if element.tag == f"{_MAIN_NS}mergeCell":
                first_column, first_row, last_column, last_row = range_boundaries(element.get("ref", ""))
                merges.append((first_row, first_column, last_row, last_column))
            elif element.tag == f"{_MAIN_NS}row":
                element.clear()
    return merges
