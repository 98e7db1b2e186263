"""Editions of the policy: made by freezing the whole policy, listed, and read back as they were.

The current data is always the working draft of the next edition.  Making one adds its record
(第4版, 改訂, the year and month it takes effect) and, in the same transaction, the frozen copy of
every record (:mod:`..storage.edition_store`), with who made it and a note.  An edition is never
changed afterwards; it travels in the exchange workbook only as its record (its name), and is in
every backup (it is in the database file).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.era import EraError, format_year_month, parse_year_month
from ..domain.identity import new_id
from ..storage.database import Database
from ..storage.errors import KnownError
from ..storage.record_kinds import BOOKKEEPING, RECORD_TABLES
from .edits import Change, EditRefusedError, Upsert, set_edition
from .snapshot import PolicySnapshot, stored_time

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .editing import Writer
    from .exchange.records import ExportRecord

__all__ = [
    "EditionError",
    "EditionInfo",
    "NewEdition",
    "create_edition",
    "edition_records",
    "edition_snapshot",
    "list_editions",
    "new_edition",
    "next_edition_name",
    "parse_edition_date",
]

_WESTERN = re.compile(r"^(?P<y>\d{4})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*月?$")
_NAME_LIMIT = 50  # the edition record's label


class EditionError(KnownError):
    """An edition that cannot be made or found as asked (a name taken, a date that cannot be read …)."""


class EditionInfo(NamedTuple):
    id: str
    number: int
    label: str
    action: str
    issued_year: int
    issued_month: int
    frozen: bool  # False for an edition made before editions were frozen (never, after schema 0004's upgrade)
    frozen_at: dt.datetime | None
    frozen_by: str
    note: str

    @property
    def issued(self) -> str:
        """``令和5年11月改訂``."""
        return f"{format_year_month(self.issued_year, self.issued_month)}{self.action}"


def parse_edition_date(text: str) -> tuple[int, int]:
    """The month an edition takes effect, as 令和5年11月, 2023-11 or 2023年11月; EditionError otherwise."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _WESTERN.match(folded)
    if match is not None and 1 <= int(match["m"]) <= 12:
        return int(match["y"]), int(match["m"])
    try:
        return parse_year_month(folded)
    except EraError:
        raise EditionError(
            f"「{text}」は年月として読めません。「令和8年4月」か「2026-04」のように指定してください。"
        ) from None


def list_editions(database: Database) -> list[EditionInfo]:
    """Every edition, oldest first."""
    with database.reader() as connection:
        rows = connection.execute(
            "SELECT e.id, e.number, e.label, e.action, e.issued_year, e.issued_month, s.edition_id IS NOT NULL,"
            " s.frozen_at, s.frozen_by, s.note FROM edition e LEFT JOIN edition_snapshot s ON s.edition_id = e.id"
            " ORDER BY e.number"
        ).fetchall()
    return [
        EditionInfo(
            row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), _time(row[7]), row[8] or "", row[9] or ""
        )
        for row in rows
    ]


def _time(stored: str | None) -> dt.datetime | None:
    return stored_time(stored) if stored else None


class NewEdition(NamedTuple):
    """An edition to make: its record's edit, and the writer that freezes the policy beside it."""

    label: str
    edits: list[Upsert]
    freeze: Writer


def new_edition(
    database: Database,
    name: str,
    *,
    year: int,
    month: int,
    note: str = "",
    user: str = "",
    now: dt.datetime | None = None,
) -> NewEdition:
    """What making edition ``name`` writes (applied by the editor, or the window's undo stack);
    EditionError if the name is empty, too long or taken."""
    from ..storage.edition_store import freeze

    label = unicodedata.normalize("NFKC", name).strip()
    existing = list_editions(database)
    if not label or len(label) > _NAME_LIMIT:
        raise EditionError(f"版の名前を {_NAME_LIMIT} 文字以内で指定してください（例: 第4版）。")
    if any(edition.label == label for edition in existing):
        raise EditionError(
            f"「{label}」という版は既にあります。別の名前を指定してください（例: 第{len(existing) + 1}版）。"
        )
    edition_id, moment = new_id(), now or dt.datetime.now(dt.UTC)
    number = max((edition.number for edition in existing), default=0) + 1
    edit = set_edition(
        edition_id,
        number=number,
        label=label,
        action="改訂" if existing else "策定",
        issued_year=year,
        issued_month=month,
    )

    def frozen(session: Session, _changes: Sequence[Change]) -> None:
        session.flush()  # the edition's row first: the snapshot names it
        freeze(session.connection(), edition_id, note=note.strip(), user=user, now=moment)

    return NewEdition(label, [edit], frozen)


def create_edition(
    database: Database,
    name: str,
    *,
    year: int,
    month: int,
    note: str = "",
    user: str = "",
    now: dt.datetime | None = None,
) -> EditionInfo:
    """Freeze the policy as a new edition named ``name`` now; EditionError if it cannot be."""
    from .editing import Editor

    made = new_edition(database, name, year=year, month=month, note=note, user=user, now=now)
    try:
        Editor(database, user).apply(made.edits, also=made.freeze)
    except EditRefusedError as error:
        raise EditionError(f"版を保存できません: {error.message}") from error
    return next(edition for edition in list_editions(database) if edition.label == made.label)


def next_edition_name(database: Database) -> str:
    """第N版 after the newest, as the window proposes it."""
    editions = list_editions(database)
    return f"第{max((edition.number for edition in editions), default=0) + 1}版"


def edition_snapshot(database: Database, name: str) -> PolicySnapshot:
    """The policy as edition ``name`` froze it; EditionError naming the editions there are, if none is."""
    from .exchange.records import snapshot_of

    return snapshot_of(edition_records(database, name))


def edition_records(database: Database, name: str) -> dict[str, list[ExportRecord]]:
    """Every record edition ``name`` froze, by table, as the export reads records.

    Read against today's tables: a column added since the edition was made reads as its default (a row frozen
    before it existed lacks it), a table added since is empty; a snapshot that cannot be read is an EditionError.
    """
    edition = _saved_edition(database, name)
    with database.reader() as connection:
        (blob,) = connection.execute(
            "SELECT records FROM edition_snapshot WHERE edition_id = ?", (edition.id,)
        ).fetchone()
        frozen_rows = _thawed(blob, edition.label)
        columns = {table: _current_columns(connection, table) for table in RECORD_TABLES}
    return {
        table: [_record(table, row, columns[table]) for row in frozen_rows.get(table, [])] for table in RECORD_TABLES
    }


def _saved_edition(database: Database, name: str) -> EditionInfo:
    editions = list_editions(database)
    edition = next((e for e in editions if e.label == unicodedata.normalize("NFKC", name).strip()), None)
    if edition is None or not edition.frozen:
        known = "、".join(e.label for e in editions if e.frozen) or "なし"
        raise EditionError(f"「{name}」という版はありません（保存されている版: {known}）。")
    return edition


def _thawed(blob: bytes, label: str) -> Mapping[str, list[dict[str, Any]]]:
    from ..storage.edition_store import thaw

    try:
        return thaw(blob)
    except (zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise EditionError(
            f"「{label}」の保存された内容が壊れていて読めません（{type(error).__name__}）。"
            "［ファイル］→［バックアップから復元］で、この版を作った後のバックアップに戻してください。"
        ) from None


class _Column(NamedTuple):
    name: str
    missing: object  # what a row frozen before the column was added reads as
    boolean: bool  # SQLite keeps it as 0 and 1; a frozen row's value is read back as bool


def _current_columns(connection: sqlite3.Connection, table: str) -> list[_Column]:
    columns = []
    for _number, name, declared, not_null, default, _key in connection.execute(f"PRAGMA table_info({table})"):
        kind = str(declared).upper()
        columns.append(_Column(str(name), _missing_value(kind, bool(not_null), default), kind == "BOOLEAN"))
    return columns


def _missing_value(kind: str, not_null: bool, default: str | None) -> object:
    """The column's default (a migration adding a NOT NULL column gives one), else NULL or an empty value."""
    if default is not None:
        return _literal(str(default))
    if not not_null:
        return None
    if kind == "BOOLEAN":
        return False
    return 0 if "INT" in kind else ""


def _literal(sql: str) -> object:
    text = sql.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            continue
    return None  # an expression (CURRENT_TIMESTAMP …): nothing to take from it


def _record(table: str, row: Mapping[str, Any], columns: Sequence[_Column]) -> ExportRecord:
    from .exchange.records import ExportRecord

    content = {}
    for column in columns:
        if column.name in BOOKKEEPING:
            continue
        value = row.get(column.name, column.missing)
        content[column.name] = bool(value) if column.boolean and value is not None else value
    return ExportRecord(
        table, row["id"], row["revision"], (), content, stored_time(row["updated_at"]), row["updated_by"]
    )
