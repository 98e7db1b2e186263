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
from typing import Any

from sqlalchemy import select

from ...storage.database import Database
from ...storage.models import RECORD_MODELS, KnownRevision, MetaEntry, Record, RecordRevision

__all__ = [
    "Content",
    "Doubt",
    "DoubtReason",
    "FileOrigin",
    "FileRecord",
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


@dataclass
class LocalState:
    """This terminal's records and every revision each has had here."""

    records: dict[Key, Content]
    revisions: dict[Key, str]
    # Per record, oldest first: (revision, content, deleted).
    history: dict[Key, list[tuple[str, Content, bool]]]
    # Revisions learnt from imported files (known_revision).
    known: dict[Key, set[str]] = field(default_factory=dict)
    database_id: str = ""
    # Per record, the history sequence number of each entry in ``history``.
    history_seqs: dict[Key, list[int]] = field(default_factory=dict)
    last_seq: int = 0
    # The record id and revision of each history entry, by sequence number.
    entries: dict[int, tuple[str, str]] = field(default_factory=dict)

    def knows(self, key: Key, revision: str) -> bool:
        """Whether ``revision`` has been had here, or merged or decided on from a file."""
        if self.revisions.get(key) == revision or revision in self.known.get(key, ()):
            return True
        return any(known == revision for known, _content, _deleted in self.history.get(key, ()))

    def deleted_here(self, key: Key) -> bool:
        entries = self.history.get(key, [])
        return key not in self.records and bool(entries) and entries[-1][2]

    def revision_by_prefix(self, key: Key, prefix: str) -> tuple[str, Content] | None:
        """The revision this record had here that starts with ``prefix`` (as the 版 column shows it), and its values."""
        if len(prefix) < 8:
            return None
        for revision, content, deleted in reversed(self.history.get(key, ())):
            if not deleted and revision.startswith(prefix):
                return revision, content
        return None

    def state_at(self, seq: int) -> dict[Key, FileRecord]:
        """Every record as it stood here just after history entry ``seq``: what a file exported then held."""
        state: dict[Key, FileRecord] = {}
        for key, entries in self.history.items():
            seqs = self.history_seqs.get(key, [])
            last = None
            for index, entry_seq in enumerate(seqs):
                if entry_seq > seq:
                    break
                last = index
            if last is not None:
                revision, content, deleted = entries[last]
                state[key] = FileRecord(revision, (), content, deleted)
        return state

    def content_at(self, key: Key, revision: str) -> Content | None:
        """The values this record had here at ``revision``, if it ever had it."""
        if self.revisions.get(key) == revision:
            return self.records[key]
        for known, content, deleted in reversed(self.history.get(key, ())):
            if known == revision and not deleted:
                return content
        return None


def load_local_state(database: Database) -> LocalState:
    """Read every record and its history, in one read transaction."""
    records: dict[Key, Content] = {}
    revisions: dict[Key, str] = {}
    history: dict[Key, list[tuple[str, Content, bool]]] = defaultdict(list)
    with database.engine.connect() as connection, connection.begin():
        for model in RECORD_MODELS:
            keys = [c.key for c in model.__table__.columns if c.key not in Record.BOOKKEEPING]
            entity = model.__tablename__
            for row in connection.execute(select(model.__table__)).mappings():
                key = (entity, row["id"])
                records[key] = {name: row[name] for name in keys}
                revisions[key] = row["revision"]
        query = select(
            RecordRevision.seq,
            RecordRevision.entity,
            RecordRevision.record_id,
            RecordRevision.revision,
            RecordRevision.content,
            RecordRevision.deleted,
        ).order_by(RecordRevision.seq)
        seqs: dict[Key, list[int]] = defaultdict(list)
        entries: dict[int, tuple[str, str]] = {}
        last_seq = 0
        for seq, entity, record_id, revision, content, deleted in connection.execute(query):
            history[(entity, record_id)].append((revision, json.loads(content), bool(deleted)))
            seqs[(entity, record_id)].append(seq)
            entries[seq] = (record_id, revision)
            last_seq = seq
        meta = dict(connection.execute(select(MetaEntry.key, MetaEntry.value)).all())
        known: dict[Key, set[str]] = defaultdict(set)
        for entity, record_id, revision in connection.execute(
            select(KnownRevision.entity, KnownRevision.record_id, KnownRevision.revision)
        ):
            known[(entity, record_id)].add(revision)
    return LocalState(
        records,
        revisions,
        dict(history),
        dict(known),
        database_id=str(meta.get("database_id", "")),
        history_seqs=dict(seqs),
        last_seq=last_seq,
        entries=entries,
    )
