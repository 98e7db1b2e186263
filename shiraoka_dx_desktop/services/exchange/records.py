"""Everything an export writes, read from the database in one read transaction.

The visible sheets and the machine-readable exchange sheet must describe the
same state of the database: a record shown with one value but listed at the
revision of another would make the importer see a change nobody made.  So
the rows are read once, and both the :class:`~..snapshot.PolicySnapshot` the
visible sheets are drawn from and the exchange records are built from them.
The snapshot is assembled exactly as :func:`~..snapshot.load_snapshot` does
(a test holds the two equal).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from ...domain.roadmap import CellKind, CellValue
from ...storage.database import Database
from ...storage.record_kinds import BOOKKEEPING, RECORD_TABLES
from ..snapshot import (
    AreaView,
    BodyView,
    CellView,
    EditionView,
    GlossaryView,
    InitiativeView,
    PolicySnapshot,
    RoleView,
    SectionView,
    Stamp,
    stored_time,
)
from .schema import ANCESTORS_LIMIT, history_digest

__all__ = ["ExportData", "ExportRecord", "read_export_data", "snapshot_of"]


class ExportRecord(NamedTuple):  # a NamedTuple: a large policy has hundreds of thousands, made in a loop
    """One record as exported: its identity, revision, history and stored values."""

    entity: str
    id: str
    revision: str
    # Earlier revisions known on this terminal, newest first (at most ANCESTORS_LIMIT).
    ancestors: tuple[str, ...]
    # The values the revision digests (Record.content()), by column name.
    content: Mapping[str, Any]
    updated_at: dt.datetime
    updated_by: str

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.updated_at, self.updated_by)


@dataclass(frozen=True)
class ExportData:
    snapshot: PolicySnapshot
    # By entity, in RECORD_MODELS order; within an entity in stored order.
    records: dict[str, list[ExportRecord]]
    database_id: str
    # Records deleted on this terminal, as they were just before: so that the
    # importer can tell "deleted there" from "never there".
    deleted: list[ExportRecord] = field(default_factory=list)
    # The last entry of this terminal's history when the records were read (see schema.ExportPoint).
    history_seq: int = 0
    history_digest: str = ""

    def all_records(self) -> list[ExportRecord]:
        return [record for records in self.records.values() for record in records]

    def count(self, entity: str) -> int:
        return len(self.records.get(entity, ()))

    def revisions(self) -> dict[str, tuple[str, ...]]:
        """Every live record's revision and the earlier ones known here, newest first, by record id."""
        return self._revisions

    @cached_property
    def _revisions(self) -> dict[str, tuple[str, ...]]:  # every sheet asks: made once per workbook
        return {
            record.id: (record.revision, *record.ancestors) for records in self.records.values() for record in records
        }

    def by_year(self, entity: str, owner: str, *, deleted: bool = False) -> dict[tuple[str, int], ExportRecord]:
        """The records of ``entity`` (deleted here, with ``deleted``) by their ``owner`` column and fiscal year:
        a roadmap cell by initiative, an actual by indicator (no identity derived for each year)."""
        records = self.deleted if deleted else self.records.get(entity, ())
        return {
            (record.content[owner], record.content["fiscal_year"]): record
            for record in records
            if record.entity == entity
        }


def read_export_data(database: Database) -> ExportData:
    """Read every record and its history in one transaction, and the snapshot drawn from them.

    Plain ``sqlite3`` (as the snapshot reads): a large policy has hundreds of thousands of rows, and
    SQLAlchemy's result processing was a quarter of an export's time.  The stored values come out as
    SQLAlchemy would give them (booleans as ``bool``, times as aware UTC datetimes), so that a record's
    content is exactly what its revision digests.
    """
    with database.reader() as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        ancestors = _ancestors(connection)
        times = _Times()
        records = {table: _records(connection, table, ancestors, times) for table in RECORD_TABLES}
        deleted = _tombstones(connection, ancestors, {record.id for rows in records.values() for record in rows}, times)
        entries = connection.execute("SELECT seq, record_id, revision FROM record_revision ORDER BY seq").fetchall()
    seq = entries[-1][0] if entries else 0
    check = history_digest((int(e[0]), str(e[1]), str(e[2])) for e in entries)
    return ExportData(snapshot_of(records), records, meta.get("database_id", ""), deleted, seq, check)


class _Times(dict[str, dt.datetime]):
    """Stored times as aware datetimes, each text converted once (many records share a change time)."""

    def __missing__(self, stored: str) -> dt.datetime:
        moment = self[stored] = stored_time(stored)
        return moment


def _tombstones(
    connection: sqlite3.Connection, ancestors: dict[str, list[str]], live: set[str], times: _Times
) -> list[ExportRecord]:
    """Every record whose last change here was its deletion, with the values it had.

    Only the history of records deleted at some time is read: the others'
    last change cannot be a deletion.  In the order of each record's first
    revision here.
    """
    last: dict[str, tuple[Any, ...]] = {}
    query = (
        "SELECT record_id, entity, revision, deleted, content, changed_at, changed_by FROM record_revision"
        " WHERE record_id IN (SELECT record_id FROM record_revision WHERE deleted) ORDER BY seq"
    )
    for row in connection.execute(query):
        last[row[0]] = row
    result: list[ExportRecord] = []
    for record_id, (_id, entity, revision, deleted, content, changed_at, changed_by) in last.items():
        if not deleted or record_id in live:
            continue
        earlier = [known for known in ancestors.get(record_id, ()) if known != revision]
        result.append(
            ExportRecord(
                entity=entity,
                id=record_id,
                revision=revision,
                ancestors=tuple(earlier[:ANCESTORS_LIMIT]),
                content=json.loads(content),
                updated_at=times[changed_at],
                updated_by=changed_by,
            )
        )
    return result


def _ancestors(connection: sqlite3.Connection) -> dict[str, list[str]]:
    history: dict[str, list[str]] = defaultdict(list)
    query = "SELECT record_id, revision FROM record_revision WHERE NOT deleted ORDER BY seq DESC"
    for record_id, revision in connection.execute(query):
        revisions = history[record_id]
        if revision not in revisions:
            revisions.append(revision)
    return history


def _records(
    connection: sqlite3.Connection, table: str, ancestors: dict[str, list[str]], times: _Times
) -> list[ExportRecord]:
    declared = [(row[1], str(row[2]).upper()) for row in connection.execute(f"PRAGMA table_info({table})")]
    types = dict(declared)
    keys = [name for name, _type in declared if name not in BOOKKEEPING]
    booleans = [index for index, name in enumerate(keys) if types[name] == "BOOLEAN"]
    result: list[ExportRecord] = []
    query = f"SELECT id, revision, updated_at, updated_by, {', '.join(keys)} FROM {table}"
    for row in connection.execute(query):
        record_id, revision = row[0], row[1]
        values = list(row[4:])
        for index in booleans:  # SQLite stores them as 0 and 1
            if values[index] is not None:
                values[index] = bool(values[index])
        earlier = ancestors.get(record_id, ())
        result.append(
            ExportRecord(
                entity=table,
                id=record_id,
                revision=revision,
                ancestors=tuple([known for known in earlier if known != revision][:ANCESTORS_LIMIT]),
                content=dict(zip(keys, values, strict=True)),
                updated_at=times[row[2]],
                updated_by=row[3],
            )
        )
    return result


def _by_position(records: list[ExportRecord], key: str = "position") -> list[ExportRecord]:
    return sorted(records, key=lambda record: record.content[key])


def snapshot_of(records: dict[str, list[ExportRecord]]) -> PolicySnapshot:
    """The snapshot the records make, as ``load_snapshot`` makes it of the database (an edition's too)."""
    # Mirrors load_snapshot: the same views, in the same order.
    (policy,) = records["policy"]
    sections = [
        SectionView(r.id, r.content["name"], r.content["kind"], r.content["parent_id"])
        for r in _by_position(records["section"])
    ]
    section_names = {section.id: section.name for section in sections}
    snapshot = PolicySnapshot(
        policy_id=policy.id,
        title=policy.content["title"],
        vision=policy.content["vision"],
        vision_text=policy.content["vision_text"],
        first_year=policy.content["plan_first_year"],
        last_year=policy.content["plan_last_year"],
    )
    snapshot.editions = [
        EditionView(c["number"], c["label"], c["action"], c["issued_year"], c["issued_month"])
        for c in (r.content for r in _by_position(records["edition"], "number"))
    ]
    snapshot.sections = sections
    snapshot.viewpoints = [r.content["name"] for r in _by_position(records["viewpoint"])]
    snapshot.areas = [
        AreaView(r.id, r.content["number"], r.content["title"], r.content["description"])
        for r in _by_position(records["policy_area"], "number")
    ]
    area_order = {area.id: area.number for area in snapshot.areas}
    snapshot.initiatives = sorted(
        _initiatives(records, section_names), key=lambda item: (area_order.get(item.area_id, 0), item.position)
    )
    snapshot.bodies = _bodies(records, section_names)
    snapshot.glossary = [
        GlossaryView(r.id, r.content["term"], r.content["reading"], r.content["explanation"], r.stamp)
        for r in _by_position(records["glossary_term"])
    ]
    return snapshot


def _initiatives(records: dict[str, list[ExportRecord]], section_names: dict[str, str]) -> list[InitiativeView]:
    cells: dict[str, dict[int, CellView]] = defaultdict(dict)
    for record in records["roadmap_cell"]:
        c = record.content
        value = CellValue.shaded() if c["kind"] == CellKind.SHADED else CellValue.labelled(c["phase"])
        cells[c["initiative_id"]][c["fiscal_year"]] = CellView(value, c["inferred"], c["note"])
    views: list[InitiativeView] = []
    for record in records["initiative"]:
        c = record.content
        lead = c["lead_section_id"]
        views.append(
            InitiativeView(
                id=record.id,
                area_id=c["area_id"],
                position=c["position"],
                name=c["name"],
                description=c["description"],
                lead_section=section_names.get(lead, "") if lead else "",
                inferred=c["inferred"],
                note=c["note"],
                updated_at=record.updated_at,
                updated_by=record.updated_by,
                cells=cells.get(record.id, {}),
            )
        )
    return views


def _bodies(records: dict[str, list[ExportRecord]], section_names: dict[str, str]) -> list[BodyView]:
    stamps: dict[str, Stamp] = {}

    def touch(body_id: str, record: ExportRecord) -> None:
        if body_id not in stamps or stamps[body_id] < record.stamp:
            stamps[body_id] = record.stamp

    duties: dict[str, list[ExportRecord]] = defaultdict(list)
    for record in _by_position(records["duty"]):
        duties[record.content["body_id"]].append(record)
        touch(record.content["body_id"], record)
    roles: dict[str, list[RoleView]] = defaultdict(list)
    for record in _by_position(records["role"]):
        c = record.content
        section = section_names.get(c["section_id"], "") if c["section_id"] else ""
        roles[c["body_id"]].append(RoleView(c["title"], c["post"], section, c["note"], record.id, c["section_id"]))
        touch(c["body_id"], record)
    members: dict[str, list[str]] = defaultdict(list)
    for record in _by_position(records["body_member"]):
        members[record.content["body_id"]].append(record.content["section_id"])
        touch(record.content["body_id"], record)
    bodies = _by_position(records["body"])
    for record in bodies:
        touch(record.id, record)
    return [
        BodyView(
            record.id,
            record.content["name"],
            record.content["kind"],
            record.content["status"],
            record.content["description"],
            tuple(duty.content["text"] for duty in duties[record.id]),
            tuple(roles[record.id]),
            tuple(section_names.get(section_id, "") for section_id in members[record.id]),
            record.content["position"],
            tuple(duty.id for duty in duties[record.id]),
            tuple(members[record.id]),
            stamps[record.id],
        )
        for record in bodies
    ]
