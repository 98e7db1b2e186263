"""The default dataset: the whole policy, read from ``db/seed/shiraoka-dx-policy.toml``.

The file is meant to be read and reviewed by people, so records refer to
each other by what a reader sees (an area's number, a section's name) and
are turned into foreign keys here.  Every record carries a fixed UUID in the
file, so terminals initialised independently recognise the same records;
roadmap cells and team memberships derive theirs from their parts.
"""

from __future__ import annotations

import tomllib
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from .. import paths
from ..domain.era import parse_fiscal_year, parse_year_month
from ..domain.organisation import BodyKind, BodyStatus, EditionAction, SectionKind, body_member_id
from ..domain.progress import DEFAULT_GRADES, grade_id
from ..domain.roadmap import CellKind, roadmap_cell_id
from .models import (
    Body,
    BodyMember,
    Duty,
    Edition,
    EvaluationGrade,
    GlossaryTerm,
    Initiative,
    Policy,
    PolicyArea,
    RoadmapCell,
    Role,
    Section,
    Viewpoint,
)

__all__ = ["SEED_FORMAT", "SEED_USER", "SeedError", "add_default_grades", "load_seed", "read_seed"]

SEED_USER = "初期データ"
SEED_FORMAT = 1


class SeedError(ValueError):
    """The dataset file is malformed.  A bug in a shipped file, not a user error."""


def read_seed(path: Path | None = None) -> dict[str, Any]:
    """Parse the dataset file."""
    path = path or paths.seed_file()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SeedError(f"既定データ「{path}」を読み込めません: {error}") from error
    if data.get("format") != SEED_FORMAT:
        raise SeedError(f"既定データ「{path}」の形式 {data.get('format')!r} に対応していません")
    return data


def _id(entry: dict[str, Any], where: str) -> str:
    try:
        return str(uuid.UUID(entry["id"]))
    except (KeyError, ValueError, TypeError) as error:
        raise SeedError(f"{where}: id がないか UUID ではありません") from error


def load_seed(session: Session, path: Path | None = None) -> None:
    """Add every record of the default dataset to ``session`` (not flushed)."""
    data = read_seed(path)
    policy = data["policy"]
    session.add(
        Policy(
            id=_id(policy, "policy"),
            title=policy["title"],
            vision=policy.get("vision", ""),
            vision_text=policy.get("vision_text", ""),
            plan_first_year=parse_fiscal_year(policy["plan_first_year"]),
            plan_last_year=parse_fiscal_year(policy["plan_last_year"]),
        )
    )
    for entry in data.get("editions", []):
        year, month = parse_year_month(entry["issued"])
        session.add(
            Edition(
                id=_id(entry, f"edition {entry.get('label')}"),
                number=entry["number"],
                label=entry["label"],
                action=EditionAction(entry["action"]).value,
                issued_year=year,
                issued_month=month,
            )
        )
    for position, entry in enumerate(data.get("viewpoints", [])):
        session.add(
            Viewpoint(
                id=_id(entry, f"viewpoint {entry.get('name')}"),
                position=position,
                name=entry["name"],
                description=entry.get("description", ""),
            )
        )
    sections = _load_sections(session, data.get("sections", []))
    _load_areas_and_initiatives(session, data, sections)
    _load_bodies(session, data.get("bodies", []), sections)
    for position, entry in enumerate(data.get("glossary", [])):
        session.add(
            GlossaryTerm(
                id=_id(entry, f"glossary {entry.get('term')}"),
                term=entry["term"],
                reading=entry.get("reading", ""),
                explanation=entry.get("explanation", ""),
                position=position,
            )
        )
    add_default_grades(session)


def add_default_grades(session: Session) -> bool:
    """The default 評価 scale (A–D), if the database has none yet; whether it was added (not flushed)."""
    from sqlalchemy import func, select

    if session.scalar(select(func.count()).select_from(EvaluationGrade)):
        return False
    for position, grade in enumerate(DEFAULT_GRADES):
        session.add(
            EvaluationGrade(
                id=grade_id(grade.code),
                code=grade.code,
                label=grade.label,
                explanation=grade.explanation,
                position=position,
            )
        )
    return True


def _section_id(sections: dict[str, Section], name: str, where: str) -> str:
    try:
        return sections[name].id
    except KeyError as error:
        raise SeedError(f"{where}: 課・部「{name}」が sections にありません") from error


def _load_sections(session: Session, entries: list[dict[str, Any]]) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for position, entry in enumerate(entries):
        section = Section(
            id=_id(entry, f"section {entry.get('name')}"),
            name=entry["name"],
            kind=SectionKind(entry["kind"]).value,
            position=position,
        )
        sections[section.name] = section
    for entry in entries:
        if "parent" in entry:
            sections[entry["name"]].parent_id = _section_id(sections, entry["parent"], f"section {entry['name']}")
    session.add_all(sections.values())
    return sections


def _load_areas_and_initiatives(session: Session, data: dict[str, Any], sections: dict[str, Section]) -> None:
    areas: dict[int, PolicyArea] = {}
    for entry in data.get("areas", []):
        area = PolicyArea(
            id=_id(entry, f"area {entry.get('number')}"),
            number=entry["number"],
            title=entry["title"],
            description=entry.get("description", ""),
        )
        areas[area.number] = area
        session.add(area)
    positions: dict[int, int] = {}
    for entry in data.get("initiatives", []):
        where = f"initiative {entry.get('name')}"
        try:
            area = areas[entry["area"]]
        except KeyError as error:
            raise SeedError(f"{where}: 取組 {entry.get('area')} がありません") from error
        position = positions.get(area.number, 0)
        positions[area.number] = position + 1
        initiative = Initiative(
            id=_id(entry, where),
            area_id=area.id,
            position=position,
            name=entry["name"],
            description=entry.get("description", ""),
            lead_section_id=_section_id(sections, entry["lead_section"], where) if entry.get("lead_section") else None,
            inferred=bool(entry.get("inferred", False)),
            note=entry.get("note", ""),
        )
        session.add(initiative)
        seen_years: set[int] = set()
        for cell in entry.get("roadmap", []):
            year = parse_fiscal_year(cell["year"])
            if year in seen_years:
                raise SeedError(f"{where}: {cell['year']} が重複しています")
            seen_years.add(year)
            shaded = bool(cell.get("shaded", False))
            if shaded == bool(cell.get("phase")):
                raise SeedError(f"{where} {cell['year']}: phase か shaded のどちらか一方を指定してください")
            session.add(
                RoadmapCell(
                    id=roadmap_cell_id(initiative.id, year),
                    initiative_id=initiative.id,
                    fiscal_year=year,
                    kind=(CellKind.SHADED if shaded else CellKind.PHASE).value,
                    phase=None if shaded else cell["phase"],
                    inferred=bool(cell.get("inferred", False)),
                    note=cell.get("note", ""),
                )
            )


def _load_bodies(session: Session, entries: list[dict[str, Any]], sections: dict[str, Section]) -> None:
    for position, entry in enumerate(entries):
        where = f"body {entry.get('name')}"
        body = Body(
            id=_id(entry, where),
            name=entry["name"],
            kind=BodyKind(entry["kind"]).value,
            status=BodyStatus(entry.get("status", BodyStatus.ESTABLISHED)).value,
            description=entry.get("description", ""),
            position=position,
        )
        session.add(body)
        for duty_position, duty in enumerate(entry.get("duties", [])):
            session.add(Duty(id=_id(duty, where), body_id=body.id, position=duty_position, text=duty["text"]))
        for role_position, role in enumerate(entry.get("roles", [])):
            section = role.get("section")
            session.add(
                Role(
                    id=_id(role, where),
                    body_id=body.id,
                    position=role_position,
                    title=role["title"],
                    post=role.get("post", ""),
                    section_id=_section_id(sections, section, where) if section else None,
                    note=role.get("note", ""),
                )
            )
        for member_position, name in enumerate(entry.get("members", [])):
            section_id = _section_id(sections, name, where)
            session.add(
                BodyMember(
                    id=body_member_id(body.id, section_id),
                    body_id=body.id,
                    section_id=section_id,
                    position=member_position,
                )
            )
