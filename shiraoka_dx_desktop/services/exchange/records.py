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
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from ...domain.roadmap import CellKind, CellValue
from ...storage.database import Database
from ...storage.models import RECORD_MODELS, MetaEntry, Record, RecordRevision
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
)
from .schema import ANCESTORS_LIMIT, history_digest

__all__ = ["ExportData", "ExportRecord", "read_export_data"]


@dataclass(frozen=True, slots=True)
class ExportRecord:
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
        return {
            record.id: (record.revision, *record.ancestors) for records in self.records.values() for record in records
        }

    def deleted_cells(self) -> dict[str, tuple[str, ...]]:
        """The roadmap cells deleted here: the revisions each had, newest first, by cell id."""
        return self.deleted_revisions("roadmap_cell")

    def deleted_revisions(self, entity: str) -> dict[str, tuple[str, ...]]:
        """The records of ``entity`` deleted here: the revisions each had, newest first, by record id."""
        return {record.id: (record.revision, *record.ancestors) for record in self.deleted if record.entity == entity}


def read_export_data(database: Database) -> ExportData:
    """Read every record and its history in one transaction, and the snapshot drawn from them."""
    with database.engine.connect() as connection, connection.begin():
        meta = {key: value for key, value in connection.execute(select(MetaEntry.key, MetaEntry.value))}
        ancestors = _ancestors(connection)
        records = {model.__tablename__: _records(connection, model, ancestors) for model in RECORD_MODELS}
        deleted = _tombstones(connection, ancestors, {record.id for rows in records.values() for record in rows})
        entries = connection.execute(
            select(RecordRevision.seq, RecordRevision.record_id, RecordRevision.revision).order_by(RecordRevision.seq)
        ).all()
    seq = entries[-1][0] if entries else 0
    check = history_digest((int(e[0]), str(e[1]), str(e[2])) for e in entries)
    return ExportData(_snapshot(records), records, meta.get("database_id", ""), deleted, seq, check)


def _tombstones(connection: Connection, ancestors: dict[str, list[str]], live: set[str]) -> list[ExportRecord]:
    """Every record whose last change here was its deletion, with the values it had.

    Only the history of records deleted at some time is read: the others'
    last change cannot be a deletion.  In the order of each record's first
    revision here.
    """
    last: dict[str, Any] = {}
    ever_deleted = select(RecordRevision.record_id).where(RecordRevision.deleted.is_not(False))
    query = select(RecordRevision).where(RecordRevision.record_id.in_(ever_deleted)).order_by(RecordRevision.seq)
    for row in connection.execute(query).mappings():
        last[row["record_id"]] = row
    result: list[ExportRecord] = []
    for record_id, row in last.items():
        if not row["deleted"] or record_id in live:
            continue
        earlier = [revision for revision in ancestors.get(record_id, ()) if revision != row["revision"]]
        result.append(
            ExportRecord(
                entity=row["entity"],
                id=record_id,
                revision=row["revision"],
                ancestors=tuple(earlier[:ANCESTORS_LIMIT]),
                content=json.loads(row["content"]),
                updated_at=row["changed_at"],
                updated_by=row["changed_by"],
            )
        )
    return result


def _ancestors(connection: Connection) -> dict[str, list[str]]:
    history: dict[str, list[str]] = defaultdict(list)
    query = (
        select(RecordRevision.record_id, RecordRevision.revision)
        .where(RecordRevision.deleted.is_(False))
        .order_by(RecordRevision.seq.desc())
    )
    for record_id, revision in connection.execute(query):
        revisions = history[record_id]
        if revision not in revisions:
            revisions.append(revision)
    return history


def _records(connection: Connection, model: type[Record], ancestors: dict[str, list[str]]) -> list[ExportRecord]:
    keys = [column.key for column in model.__table__.columns if column.key not in Record.BOOKKEEPING]
    result: list[ExportRecord] = []
    for row in connection.execute(select(model.__table__)).mappings():
        earlier = [revision for revision in ancestors.get(row["id"], ()) if revision != row["revision"]]
        result.append(
            ExportRecord(
                entity=model.__tablename__,
                id=row["id"],
                revision=row["revision"],
                ancestors=tuple(earlier[:ANCESTORS_LIMIT]),
                content={key: row[key] for key in keys},
                updated_at=row["updated_at"],
                updated_by=row["updated_by"],
            )
        )
    return result


def _by_position(records: list[ExportRecord], key: str = "position") -> list[ExportRecord]:
    return sorted(records, key=lambda record: record.content[key])


def _snapshot(records: dict[str, list[ExportRecord]]) -> PolicySnapshot:
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
