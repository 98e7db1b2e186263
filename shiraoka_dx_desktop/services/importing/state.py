"""The two sides of a merge: what a file brings, and what this terminal holds.

Records are compared as their stored values (``Record.content()``: every column
but the bookkeeping ones), keyed by ``(entity, id)``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ...storage.database import Database
from ...storage.record_kinds import BOOKKEEPING, RECORD_TABLES

if TYPE_CHECKING:
    from ..exchange.schema import Survey

__all__ = [
    "Content",
    "Doubt",
    "DoubtReason",
    "FileOrigin",
    "FileRecord",
    "HistoryEntry",
    "IncomingFile",
    "Key",
    "LocalState",
    "load_local_state",
]

Key = tuple[str, str]  # (entity, record id)
Content = Mapping[str, Any]


@dataclass(frozen=True)
class FileOrigin:
    """Where a file comes from, as its exchange sheet says (empty when that sheet was lost)."""

    exported_by: str = ""
    exported_at: dt.datetime | None = None
    edition: str = ""
    app_version: str = ""
    database_id: str = ""
    format_version: int | None = None


@dataclass(frozen=True)
class FileRecord:
    """A record as the file was exported: the agreed state the colleague started from."""

    revision: str
    ancestors: tuple[str, ...]
    content: Content
    # Deleted on the exporting terminal; ``content`` is what it held before.
    deleted: bool = False


class DoubtReason(enum.StrEnum):
    DUPLICATE_ROW = "duplicate_row"  # a row copied in Excel, and which is the original cannot be told
    ROWS_REMAIN = "rows_remain"  # deleted in one row, while rows of what it owns are still in the file
    OTHER_SECTION = "other_section"  # in a lead section's survey, a record of another section's initiative


@dataclass(frozen=True)
class Doubt:
    """A record whose change the file leaves in doubt: the merge makes it a conflict for the user to decide."""

    reason: DoubtReason
    detail: str  # in Japanese, naming the rows


@dataclass
class IncomingFile:
    """Everything read from one workbook.

    ``exported`` holds the exchange sheet's records (empty for a degraded file);
    ``theirs`` the colleague's version of every record the file describes: the
    exported values with what was typed into the visible sheets on top, ``None``
    for a record the colleague deleted.  A record absent from ``theirs`` is one
    the file says nothing about.
    """

    path: str
    sha256: str
    origin: FileOrigin
    exported: dict[Key, FileRecord]
    theirs: dict[Key, Content | None]
    degraded: bool = False
    degraded_reason: str = ""
    notes: list[str] = field(default_factory=list)
    doubts: dict[Key, Doubt] = field(default_factory=dict)
    # A lead section's survey (各課への照会): the year and section it was written for.
    survey: Survey | None = None


class HistoryEntry(NamedTuple):
    """One revision a record had here; its values are decoded only when asked for."""

    seq: int
    revision: str
    text: str  # the values as stored JSON
    deleted: bool


@dataclass
class LocalState:
    """This terminal's records and every revision each has had here."""

    records: dict[Key, Content]
    revisions: dict[Key, str]
    # Per record, oldest first, the revisions it had here other than the one it has now (and its deletions):
    # a record's current revision is its row, and most records never had another.
    history: dict[Key, list[HistoryEntry]]
    # Revisions learnt from imported files (known_revision).
    known: dict[Key, set[str]] = field(default_factory=dict)
    database_id: str = ""
    # For the rarer questions that need the whole history (state_at, wrote), asked of the database.
    database: Database | None = None
    _digests: dict[int, str] = field(default_factory=dict)

    def _entries_up_to(self, seq: int, *, content: bool = False) -> list[tuple[Any, ...]]:
        assert self.database is not None
        columns = "seq, entity, record_id, revision, deleted" + (", content" if content else "")
        with self.database.reader() as connection:
            query = f"SELECT {columns} FROM record_revision WHERE seq <= ? ORDER BY seq"
            return connection.execute(query, (seq,)).fetchall()

    def wrote(self, database_id: str, seq: int, check: str) -> bool:
        """Whether this terminal's history up to entry ``seq`` is what a file's 書出し番号 says (the file is ours)."""
        from ..exchange.schema import history_digest

        if not self.database_id or database_id != self.database_id or self.database is None:
            return False
        if seq not in self._digests:
            entries = self._entries_up_to(seq)
            if not entries or entries[-1][0] != seq:
                return False
            self._digests[seq] = history_digest((entry[0], entry[2], entry[3]) for entry in entries)
        return self._digests[seq] == check

    def _values(self, key: Key, entry: HistoryEntry) -> Content:
        # The record as it is now needs no decoding: most bases are that.
        if self.revisions.get(key) == entry.revision:
            return self.records[key]
        content: Content = json.loads(entry.text)
        return content

    def knows(self, key: Key, revision: str) -> bool:
        """Whether ``revision`` has been had here, or merged or decided on from a file."""
        if self.revisions.get(key) == revision or revision in self.known.get(key, ()):
            return True
        return any(entry.revision == revision for entry in self.history.get(key, ()))

    def deleted_here(self, key: Key) -> bool:
        entries = self.history.get(key, [])
        return key not in self.records and bool(entries) and entries[-1].deleted

    def revision_by_prefix(self, key: Key, prefix: str) -> tuple[str, Content] | None:
        """The revision this record had here that starts with ``prefix`` (as the 版 column shows it), and its values."""
        if len(prefix) < 8:
            return None
        current = self.revisions.get(key)
        if current is not None and current.startswith(prefix):
            return current, self.records[key]
        for entry in reversed(self.history.get(key, ())):
            if not entry.deleted and entry.revision.startswith(prefix):
                return entry.revision, self._values(key, entry)
        return None

    def state_at(self, seq: int) -> dict[Key, FileRecord]:
        """Every record as it stood here just after history entry ``seq``: what a file exported then held."""
        last: dict[Key, tuple[Any, ...]] = {}
        for entry in self._entries_up_to(seq, content=True):
            last[(entry[1], entry[2])] = entry
        state: dict[Key, FileRecord] = {}
        for key, (_seq, _entity, _id, revision, deleted, text) in last.items():
            values = self.records[key] if self.revisions.get(key) == revision else json.loads(text)
            state[key] = FileRecord(revision, (), values, bool(deleted))
        return state

    def content_at(self, key: Key, revision: str) -> Content | None:
        """The values this record had here at ``revision``, if it ever had it."""
        if self.revisions.get(key) == revision:
            return self.records[key]
        for entry in reversed(self.history.get(key, ())):
            if entry.revision == revision and not entry.deleted:
                return self._values(key, entry)
        return None


def load_local_state(database: Database) -> LocalState:
    """Read every record and its history, in one read transaction (plain sqlite3: many rows, no ORM needed)."""
    records: dict[Key, Content] = {}
    revisions: dict[Key, str] = {}
    history: dict[Key, list[HistoryEntry]] = defaultdict(list)
    known: dict[Key, set[str]] = defaultdict(set)
    with database.reader() as connection:
        for entity in RECORD_TABLES:
            # The columns as the database declares them: no ORM needed (and none imported).
            declared = dict((row[1], str(row[2]).upper()) for row in connection.execute(f"PRAGMA table_info({entity})"))
            names = [name for name in declared if name not in BOOKKEEPING]
            booleans = [index for index, name in enumerate(names) if declared[name] == "BOOLEAN"]
            cursor = connection.execute(f"SELECT id, revision, {', '.join(names)} FROM {entity}")
            for row in cursor:
                values = list(row[2:])
                for index in booleans:  # SQLite stores them as 0 and 1
                    if values[index] is not None:
                        values[index] = bool(values[index])
                key = (entity, row[0])
                records[key] = dict(zip(names, values, strict=True))
                revisions[key] = row[1]
        # A revision a record still has is its row: only the others (and deletions) are kept, with their values.
        query = "SELECT seq, entity, record_id, revision, deleted FROM record_revision ORDER BY seq"
        older: list[tuple[Key, int, str, bool]] = []
        for seq, entity, record_id, revision, deleted in connection.execute(query):
            key = (entity, record_id)
            if revisions.get(key) != revision:
                older.append((key, seq, revision, bool(deleted)))
        texts: dict[int, str] = {}
        for start in range(0, len(older), 900):  # under SQLite's limit of bound parameters
            chunk = [seq for _key, seq, _revision, _deleted in older[start : start + 900]]
            marks = ",".join("?" * len(chunk))
            texts.update(connection.execute(f"SELECT seq, content FROM record_revision WHERE seq IN ({marks})", chunk))
        for key, seq, revision, deleted in older:
            history[key].append(HistoryEntry(seq, revision, texts[seq], deleted))
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        for entity, record_id, revision in connection.execute("SELECT entity, record_id, revision FROM known_revision"):
            known[(entity, record_id)].add(revision)
    return LocalState(
        records,
        revisions,
        dict(history),
        dict(known),
        database_id=str(meta.get("database_id", "")),
        database=database,
    )
