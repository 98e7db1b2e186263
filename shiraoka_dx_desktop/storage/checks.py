"""Health of a database: SQLite's integrity check plus the application's own rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from ..domain.era import format_fiscal_year
from ..domain.identity import content_revision
from ..domain.organisation import body_member_id
from ..domain.roadmap import roadmap_cell_id
from . import record_kinds as kinds
from .database import Database
from .migrate import SCHEMA_HEAD
from .models import (
    RECORD_MODELS,
    BodyMember,
    Initiative,
    Policy,
    RecordRevision,
    RoadmapCell,
    Section,
)
from .record_kinds import RecordKind

__all__ = ["COUNTED", "CheckReport", "Problem", "run_checks"]

# What `check` counts, in the order it lists them, each under its kind's ``counted_as`` name.
COUNTED: tuple[RecordKind, ...] = (
    kinds.POLICY_AREA,
    kinds.INITIATIVE,
    kinds.ROADMAP_CELL,
    kinds.SECTION,
    kinds.BODY,
    kinds.ROLE,
    kinds.DUTY,
    kinds.BODY_MEMBER,
    kinds.GLOSSARY_TERM,
    kinds.EDITION,
    kinds.VIEWPOINT,
    kinds.EVALUATION_GRADE,
    kinds.EVALUATION,
    kinds.INDICATOR,
    kinds.INDICATOR_ACTUAL,
)
_MODEL_OF = {model.KIND: model for model in RECORD_MODELS}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass
class CheckReport:
    path: str
    schema_revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_checks(database: Database) -> CheckReport:
    """Check everything; never changes the database."""
    with database.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        report = CheckReport(str(database.path), revision)
        for kind in COUNTED:
            counted = connection.scalar(select(func.count()).select_from(_MODEL_OF[kind])) or 0
            report.counts[kind.counted_as or kind.table] = counted
        for problem in _problems(connection, revision):
            report.problems.append(problem)
    return report


def _problems(connection: Connection, revision: str | None) -> Iterator[Problem]:
    for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
        if message != "ok":
            yield Problem("integrity", f"SQLiteの整合性検査: {message}")
    for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        yield Problem("foreign_key", f"参照先のない行があります（{row[0]} の行 {row[1]} → {row[2]}）")
    if revision != SCHEMA_HEAD:
        yield Problem("schema", f"スキーマの版 {revision} がこのアプリケーションの版 {SCHEMA_HEAD} と一致しません")
    policies = connection.scalar(select(func.count()).select_from(Policy))
    if policies != 1:
        yield Problem("policy", f"全体方針の行が {policies} 件あります（1件であるべきです）")
    yield from _revision_problems(connection)
    yield from _roadmap_problems(connection)
    yield from _organisation_problems(connection)


def _revision_problems(connection: Connection) -> Iterator[Problem]:
    history = RecordRevision.__table__
    for model in RECORD_MODELS:
        table = model.__table__
        content_columns = [c for c in table.columns if c.key not in model.BOOKKEEPING]
        for row in connection.execute(select(table)).mappings():
            content = {column.key: row[column.key] for column in content_columns}
            if content_revision(content) != row["revision"]:
                yield Problem(
                    "revision",
                    f"{model.__tablename__} {row['id']} の版が内容と一致しません（アプリケーションの外で変更された可能性があります）",
                )
        missing = connection.execute(
            select(table.c.id)
            .outerjoin(
                history,
                (history.c.record_id == table.c.id)
                & (history.c.revision == table.c.revision)
                & history.c.deleted.is_(False),
            )
            .where(history.c.seq.is_(None))
        ).scalars()
        for record_id in missing:
            yield Problem("history", f"{model.__tablename__} {record_id} の現在の版が変更履歴にありません")


def _roadmap_problems(connection: Connection) -> Iterator[Problem]:
    period = connection.execute(select(Policy.plan_first_year, Policy.plan_last_year)).first()
    rows = connection.execute(
        select(RoadmapCell.id, RoadmapCell.initiative_id, RoadmapCell.fiscal_year, Initiative.name).join(
            Initiative, Initiative.id == RoadmapCell.initiative_id
        )
    )
    for cell_id, initiative_id, year, name in rows:
        if cell_id != roadmap_cell_id(initiative_id, year):
            yield Problem("cell_id", f"「{name}」の{format_fiscal_year(year)}のセルの識別子が規則と一致しません")
        if period is not None and not period[0] <= year <= period[1]:
            yield Problem("cell_period", f"「{name}」の{format_fiscal_year(year)}のセルが計画期間の外にあります")


def _organisation_problems(connection: Connection) -> Iterator[Problem]:
    for member_id, body_id, section_id in connection.execute(
        select(BodyMember.id, BodyMember.body_id, BodyMember.section_id)
    ):
        if member_id != body_member_id(body_id, section_id):
            yield Problem("member_id", f"構成課 {member_id} の識別子が規則と一致しません")
    kinds = {row.id: row.kind for row in connection.execute(select(Section.id, Section.kind))}
    for name, kind, parent_id in connection.execute(select(Section.name, Section.kind, Section.parent_id)):
        if parent_id is None:
            continue
        if kind != "課" or kinds.get(parent_id) != "部":
            yield Problem("section_parent", f"「{name}」の所属が正しくありません（課は部に属します）")
