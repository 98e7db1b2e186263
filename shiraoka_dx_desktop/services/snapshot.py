"""A read-only picture of the whole policy, as the screens and reports show it.

Loaded in a handful of queries, so that views never query the database and
painting never waits on it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from ..domain.roadmap import CellKind, CellValue
from ..storage.database import Database
from ..storage.models import (
    Body,
    BodyMember,
    Duty,
    Edition,
    GlossaryTerm,
    Initiative,
    Policy,
    PolicyArea,
    RoadmapCell,
    Role,
    Section,
    Viewpoint,
)

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
    "load_initiatives",
    "load_snapshot",
]


@dataclass(frozen=True, slots=True)
class CellView:
    value: CellValue
    inferred: bool
    note: str


@dataclass(frozen=True, slots=True)
class AreaView:
    id: str
    number: int
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class InitiativeView:
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


@dataclass(frozen=True, slots=True)
class RoleView:
    title: str
    post: str
    section: str
    note: str
    id: str = ""
    section_id: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    """When a record was last changed, and by which terminal user."""

    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class BodyView:
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


@dataclass(frozen=True, slots=True)
class GlossaryView:
    id: str
    term: str
    reading: str
    explanation: str
    stamp: Stamp | None = None


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    name: str
    kind: str
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class EditionView:
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

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def edition_label(self) -> str:
        return self.editions[-1].label if self.editions else ""

    def initiatives_of(self, area_id: str) -> list[InitiativeView]:
        return [initiative for initiative in self.initiatives if initiative.area_id == area_id]


def load_snapshot(database: Database) -> PolicySnapshot:
    """Read everything the screens show, in one read transaction."""
    with database.engine.connect() as connection:
        policy = connection.execute(select(Policy)).mappings().one()
        sections = [
            SectionView(row.id, row.name, row.kind, row.parent_id)
            for row in connection.execute(select(Section).order_by(Section.position))
        ]
        section_names = {section.id: section.name for section in sections}
        snapshot = PolicySnapshot(
            policy_id=policy["id"],
            title=policy["title"],
            vision=policy["vision"],
            vision_text=policy["vision_text"],
            first_year=policy["plan_first_year"],
            last_year=policy["plan_last_year"],
        )
        snapshot.editions = [
            EditionView(row.number, row.label, row.action, row.issued_year, row.issued_month)
            for row in connection.execute(select(Edition).order_by(Edition.number))
        ]
        snapshot.sections = sections
        snapshot.viewpoints = list(connection.scalars(select(Viewpoint.name).order_by(Viewpoint.position)))
        snapshot.areas = [
            AreaView(row.id, row.number, row.title, row.description)
            for row in connection.execute(select(PolicyArea).order_by(PolicyArea.number))
        ]
        area_order = {area.id: area.number for area in snapshot.areas}

        initiatives = _initiative_views(connection, section_names, None)
        initiatives.sort(key=lambda item: (area_order.get(item.area_id, 0), item.position))
        snapshot.initiatives = initiatives

        stamps: dict[str, Stamp] = {}

        def touch(body_id: str, updated_at: dt.datetime, updated_by: str) -> None:
            stamp = Stamp(updated_at, updated_by)
            if body_id not in stamps or stamps[body_id] < stamp:
                stamps[body_id] = stamp

        duties: dict[str, list[str]] = defaultdict(list)
        duty_ids: dict[str, list[str]] = defaultdict(list)
        for duty in connection.execute(select(Duty).order_by(Duty.position)):
            duties[duty.body_id].append(duty.text)
            duty_ids[duty.body_id].append(duty.id)
            touch(duty.body_id, duty.updated_at, duty.updated_by)
        roles: dict[str, list[RoleView]] = defaultdict(list)
        for role in connection.execute(select(Role).order_by(Role.position)):
            section = section_names.get(role.section_id, "") if role.section_id else ""
            roles[role.body_id].append(RoleView(role.title, role.post, section, role.note, role.id, role.section_id))
            touch(role.body_id, role.updated_at, role.updated_by)
        members: dict[str, list[str]] = defaultdict(list)
        member_ids: dict[str, list[str]] = defaultdict(list)
        for member in connection.execute(select(BodyMember).order_by(BodyMember.position)):
            members[member.body_id].append(section_names.get(member.section_id, ""))
            member_ids[member.body_id].append(member.section_id)
            touch(member.body_id, member.updated_at, member.updated_by)
        bodies = list(connection.execute(select(Body).order_by(Body.position)))
        for row in bodies:
            touch(row.id, row.updated_at, row.updated_by)
        snapshot.bodies = [
            BodyView(
                row.id,
                row.name,
                row.kind,
                row.status,
                row.description,
                tuple(duties[row.id]),
                tuple(roles[row.id]),
                tuple(members[row.id]),
                row.position,
                tuple(duty_ids[row.id]),
                tuple(member_ids[row.id]),
                stamps[row.id],
            )
            for row in bodies
        ]
        snapshot.glossary = [
            GlossaryView(row.id, row.term, row.reading, row.explanation, Stamp(row.updated_at, row.updated_by))
            for row in connection.execute(select(GlossaryTerm).order_by(GlossaryTerm.position))
        ]
    return snapshot


def _initiative_views(
    connection: Connection, section_names: dict[str, str], ids: Collection[str] | None
) -> list[InitiativeView]:
    cell_query = select(RoadmapCell)
    initiative_query = select(Initiative)
    if ids is not None:
        cell_query = cell_query.where(RoadmapCell.initiative_id.in_(ids))
        initiative_query = initiative_query.where(Initiative.id.in_(ids))
    cells: dict[str, dict[int, CellView]] = defaultdict(dict)
    for row in connection.execute(cell_query):
        value = CellValue.shaded() if row.kind == CellKind.SHADED else CellValue.labelled(row.phase)
        cells[row.initiative_id][row.fiscal_year] = CellView(value, row.inferred, row.note)
    return [
        InitiativeView(
            id=row.id,
            area_id=row.area_id,
            position=row.position,
            name=row.name,
            description=row.description,
            lead_section=section_names.get(row.lead_section_id, "") if row.lead_section_id else "",
            inferred=row.inferred,
            note=row.note,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            cells=cells.get(row.id, {}),
        )
        for row in connection.execute(initiative_query)
    ]


def load_initiatives(database: Database, ids: Collection[str]) -> dict[str, InitiativeView | None]:
    """The current state of some initiatives; ``None`` for one that no longer exists."""
    found: dict[str, InitiativeView | None] = dict.fromkeys(ids)
    with database.engine.connect() as connection:
        section_names = {row.id: row.name for row in connection.execute(select(Section.id, Section.name))}
        for view in _initiative_views(connection, section_names, list(ids)):
            found[view.id] = view
    return found
