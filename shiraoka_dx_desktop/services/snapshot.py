"""A read-only picture of the whole policy, as the screens and reports show it.

Loaded in a handful of queries, so that views never query the database and
painting never waits on it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from ..domain.roadmap import CellKind, CellValue
from ..storage.database import Database

__all__ = [
    "AreaView",
    "BodyView",
    "CellView",
    "EditionView",
    "GlossaryView",
    "InitiativeView",
    "PolicySnapshot",
    "RoleView",
    "SectionView",
    "Stamp",
    "load_glossary",
    "load_initiatives",
    "load_snapshot",
    "stored_time",
]


# The records of a snapshot are NamedTuples: as immutable and as light as slotted frozen
# dataclasses, and about seven times cheaper to define (a dataclass costs about 1 ms at
# import on Python 3.11, which start-up pays for every one).
class CellView(NamedTuple):
    value: CellValue
    inferred: bool
    note: str


class AreaView(NamedTuple):
    id: str
    number: int
    title: str
    description: str


class InitiativeView(NamedTuple):
    id: str
    area_id: str
    position: int
    name: str
    description: str
    lead_section: str
    inferred: bool
    note: str
    updated_at: dt.datetime
    updated_by: str
    cells: dict[int, CellView]

    def cell_values(self) -> dict[int, CellValue]:
        return {year: cell.value for year, cell in self.cells.items()}


class RoleView(NamedTuple):
    title: str
    post: str
    section: str
    note: str
    id: str = ""
    section_id: str | None = None


class Stamp(NamedTuple):
    """When a record was last changed, and by which terminal user."""

    updated_at: dt.datetime
    updated_by: str


class BodyView(NamedTuple):
    id: str
    name: str
    kind: str
    status: str
    description: str
    duties: tuple[str, ...]
    roles: tuple[RoleView, ...]
    members: tuple[str, ...]
    position: int = 0
    duty_ids: tuple[str, ...] = ()
    member_section_ids: tuple[str, ...] = ()
    # The latest change to the body or to any of its duties, roles and members.
    stamp: Stamp | None = None


class GlossaryView(NamedTuple):
    id: str
    term: str
    reading: str
    explanation: str
    stamp: Stamp | None = None


class SectionView(NamedTuple):
    id: str
    name: str
    kind: str
    parent_id: str | None


class EditionView(NamedTuple):
    number: int
    label: str
    action: str
    issued_year: int
    issued_month: int


@dataclass
class PolicySnapshot:
    policy_id: str
    title: str
    vision: str
    vision_text: str
    first_year: int
    last_year: int
    editions: list[EditionView] = field(default_factory=list)
    viewpoints: list[str] = field(default_factory=list)
    areas: list[AreaView] = field(default_factory=list)
    initiatives: list[InitiativeView] = field(default_factory=list)
    bodies: list[BodyView] = field(default_factory=list)
    glossary: list[GlossaryView] = field(default_factory=list)
    sections: list[SectionView] = field(default_factory=list)
    # The editions whose content is kept (services.editions): shown and printed as they were.  Not the policy's
    # content (an edition's own snapshot knows none), so not compared.
    saved_editions: frozenset[str] = field(default_factory=frozenset, compare=False)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def edition_label(self) -> str:
        return self.editions[-1].label if self.editions else ""

    def initiatives_of(self, area_id: str) -> list[InitiativeView]:
        return [initiative for initiative in self.initiatives if initiative.area_id == area_id]


_IDS_PER_QUERY = 10_000  # well under SQLite's limit of 32,766 parameters per statement


def stored_time(stored: str) -> dt.datetime:
    """A time as stored (SQLAlchemy's SQLite DateTime text, "2026-11-25 12:35:04.983600", in UTC)."""
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)


def load_snapshot(database: Database) -> PolicySnapshot:
    """Read everything the screens show, in one read transaction.

    Plain SQL through the standard library: this runs before the window is first
    shown, and must not wait for SQLAlchemy to be imported.
    """
    with database.reader() as connection:
        title, vision, vision_text, first_year, last_year, policy_id = connection.execute(
            "SELECT title, vision, vision_text, plan_first_year, plan_last_year, id FROM policy"
        ).fetchone()
        sections = [
            SectionView(*row)
            for row in connection.execute("SELECT id, name, kind, parent_id FROM section ORDER BY position")
        ]
        section_names = {section.id: section.name for section in sections}
        snapshot = PolicySnapshot(
            policy_id=policy_id,
            title=title,
            vision=vision,
            vision_text=vision_text,
            first_year=first_year,
            last_year=last_year,
        )
        snapshot.editions = [
            EditionView(*row)
            for row in connection.execute(
                "SELECT number, label, action, issued_year, issued_month FROM edition ORDER BY number"
            )
        ]
        snapshot.saved_editions = frozenset(
            label
            for (label,) in connection.execute(
                "SELECT label FROM edition WHERE id IN (SELECT edition_id FROM edition_snapshot)"
            )
        )
        snapshot.sections = sections
        snapshot.viewpoints = [name for (name,) in connection.execute("SELECT name FROM viewpoint ORDER BY position")]
        snapshot.areas = [
            AreaView(*row)
            for row in connection.execute("SELECT id, number, title, description FROM policy_area ORDER BY number")
        ]
        area_order = {area.id: area.number for area in snapshot.areas}

        initiatives = _initiative_views(connection, section_names, None)
        initiatives.sort(key=lambda item: (area_order.get(item.area_id, 0), item.position))
        snapshot.initiatives = initiatives
        snapshot.bodies = _body_views(connection, section_names)
        snapshot.glossary = _glossary_views(connection)
    return snapshot


def load_glossary(database: Database) -> list[GlossaryView]:
    """The glossary as it is now, in its stored order (a term's value changed: nothing else is read)."""
    with database.reader() as connection:
        return _glossary_views(connection)


def _glossary_views(connection: sqlite3.Connection) -> list[GlossaryView]:
    return [
        GlossaryView(term_id, term, reading, explanation, Stamp(stored_time(updated_at), updated_by))
        for term_id, term, reading, explanation, updated_at, updated_by in connection.execute(
            "SELECT id, term, reading, explanation, updated_at, updated_by FROM glossary_term ORDER BY position"
        )
    ]


def _body_views(connection: sqlite3.Connection, section_names: dict[str, str]) -> list[BodyView]:
    stamps: dict[str, Stamp] = {}

    def touch(body_id: str, updated_at: str, updated_by: str) -> None:
        stamp = Stamp(stored_time(updated_at), updated_by)
        if body_id not in stamps or stamps[body_id] < stamp:
            stamps[body_id] = stamp

    duties: dict[str, list[str]] = defaultdict(list)
    duty_ids: dict[str, list[str]] = defaultdict(list)
    for duty_id, body_id, text, updated_at, updated_by in connection.execute(
        "SELECT id, body_id, text, updated_at, updated_by FROM duty ORDER BY position"
    ):
        duties[body_id].append(text)
        duty_ids[body_id].append(duty_id)
        touch(body_id, updated_at, updated_by)
    roles: dict[str, list[RoleView]] = defaultdict(list)
    for role_id, body_id, title, post, section_id, note, updated_at, updated_by in connection.execute(
        "SELECT id, body_id, title, post, section_id, note, updated_at, updated_by FROM role ORDER BY position"
    ):
        section = section_names.get(section_id, "") if section_id else ""
        roles[body_id].append(RoleView(title, post, section, note, role_id, section_id))
        touch(body_id, updated_at, updated_by)
    members: dict[str, list[str]] = defaultdict(list)
    member_ids: dict[str, list[str]] = defaultdict(list)
    for body_id, section_id, updated_at, updated_by in connection.execute(
        "SELECT body_id, section_id, updated_at, updated_by FROM body_member ORDER BY position"
    ):
        members[body_id].append(section_names.get(section_id, ""))
        member_ids[body_id].append(section_id)
        touch(body_id, updated_at, updated_by)
    bodies = connection.execute(
        "SELECT id, name, kind, status, description, position, updated_at, updated_by FROM body ORDER BY position"
    ).fetchall()
    for body_id, *_rest, updated_at, updated_by in bodies:
        touch(body_id, updated_at, updated_by)
    return [
        BodyView(
            body_id,
            name,
            kind,
            status,
            description,
            tuple(duties[body_id]),
            tuple(roles[body_id]),
            tuple(members[body_id]),
            position,
            tuple(duty_ids[body_id]),
            tuple(member_ids[body_id]),
            stamps[body_id],
        )
        for body_id, name, kind, status, description, position, _at, _by in bodies
    ]


def _initiative_views(
    connection: sqlite3.Connection, section_names: dict[str, str], ids: Collection[str] | None
) -> list[InitiativeView]:
    where, parameters = "", tuple[str, ...]()
    if ids is not None:
        parameters = tuple(ids)
        where = f" WHERE {{column}} IN ({','.join('?' * len(parameters))})"
    cells: dict[str, dict[int, CellView]] = defaultdict(dict)
    shaded = CellValue.shaded()
    labelled: dict[str, CellValue] = {}
    cell_query = "SELECT initiative_id, fiscal_year, kind, phase, inferred, note FROM roadmap_cell"
    for initiative_id, year, kind, phase, inferred, note in connection.execute(
        cell_query + where.format(column="initiative_id"), parameters
    ):
        if kind == CellKind.SHADED:
            value = shaded
        else:
            value = labelled.get(phase) or labelled.setdefault(phase, CellValue.labelled(phase))
        cells[initiative_id][year] = CellView(value, bool(inferred), note)
    initiative_query = (
        "SELECT id, area_id, position, name, description, lead_section_id, inferred, note, updated_at, updated_by"
        " FROM initiative"
    )
    return [
        InitiativeView(
            id=initiative_id,
            area_id=area_id,
            position=position,
            name=name,
            description=description,
            lead_section=section_names.get(lead_section_id, "") if lead_section_id else "",
            inferred=bool(inferred),
            note=note,
            updated_at=stored_time(updated_at),
            updated_by=updated_by,
            cells=cells.get(initiative_id, {}),
        )
        for initiative_id, area_id, position, name, description, lead_section_id, inferred, note, updated_at, updated_by in connection.execute(
            initiative_query + where.format(column="id"), parameters
        )
    ]


def load_initiatives(database: Database, ids: Collection[str]) -> dict[str, InitiativeView | None]:
    """The current state of some initiatives; ``None`` for one that no longer exists."""
    found: dict[str, InitiativeView | None] = dict.fromkeys(ids)
    with database.reader() as connection:
        section_names = dict(connection.execute("SELECT id, name FROM section").fetchall())
        wanted = list(ids)
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            for view in _initiative_views(connection, section_names, wanted[start : start + _IDS_PER_QUERY]):
                found[view.id] = view
    return found
