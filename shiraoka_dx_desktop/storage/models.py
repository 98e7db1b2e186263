"""The database schema: typed SQLAlchemy models of the policy and its organisation.

Every table of user data derives from :class:`Record`: a stable UUID, a
content-derived revision, when it was created and changed, and by whom.  The
revision and the change history are maintained by :mod:`.revisions`; nothing
else writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from . import record_kinds as kinds
from .record_kinds import BOOKKEEPING, RecordKind

__all__ = [
    "RECORD_MODELS",
    "Base",
    "Body",
    "BodyMember",
    "Duty",
    "Edition",
    "Evaluation",
    "EvaluationGrade",
    "GlossaryTerm",
    "ImportLog",
    "Indicator",
    "IndicatorActual",
    "Initiative",
    "KnownRevision",
    "MetaEntry",
    "Policy",
    "PolicyArea",
    "Record",
    "RecordRevision",
    "RoadmapCell",
    "Role",
    "Section",
    "Viewpoint",
]

# Named constraints, so that Alembic's batch mode can find and rebuild them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes, stored naive (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record(Base):
    """Columns every record of user data has."""

    __abstract__ = True
    # Columns that are bookkeeping, not content: left out of the revision.
    BOOKKEEPING: ClassVar[frozenset[str]] = BOOKKEEPING
    KIND: ClassVar[RecordKind]  # what this kind of record is (storage/record_kinds.py)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(200), default="")

    def fill_defaults(self) -> None:
        """Set unset columns to their Python-side defaults, as the INSERT would."""
        for column in self.__table__.columns:
            default = column.default
            if getattr(self, column.key) is None and default is not None and default.is_scalar:
                setattr(self, column.key, default.arg)

    def content(self) -> dict[str, Any]:
        """The values that make up this record's revision, by column name."""
        return {
            column.key: getattr(self, column.key)
            for column in self.__table__.columns
            if column.key not in self.BOOKKEEPING
        }


class Policy(Record):
    """The policy document (全体方針): one row."""

    __tablename__ = "policy"
    KIND = kinds.POLICY
    __table_args__ = (
        CheckConstraint("plan_first_year <= plan_last_year", name="plan_period_order"),
        CheckConstraint("plan_first_year BETWEEN 1989 AND 2200", name="plan_first_year_range"),
        CheckConstraint("plan_last_year - plan_first_year < 50", name="plan_period_length"),
    )

    title: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str] = mapped_column(Text, default="")
    vision_text: Mapped[str] = mapped_column(Text, default="")
    plan_first_year: Mapped[int] = mapped_column(Integer)
    plan_last_year: Mapped[int] = mapped_column(Integer)


class Edition(Record):
    """An edition of the policy (附則): 第3版 令和5年11月改訂."""

    __tablename__ = "edition"
    KIND = kinds.EDITION
    __table_args__ = (
        UniqueConstraint("number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("action IN ('策定', '改訂')", name="action_known"),
        CheckConstraint("issued_month BETWEEN 1 AND 12", name="issued_month_range"),
    )

    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(10))
    issued_year: Mapped[int] = mapped_column(Integer)
    issued_month: Mapped[int] = mapped_column(Integer)


class Viewpoint(Record):
    """One of the viewpoints the initiatives are seen from."""

    __tablename__ = "viewpoint"
    KIND = kinds.VIEWPOINT

    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Section(Record):
    """A department (部) or section (課) of the city hall."""

    __tablename__ = "section"
    KIND = kinds.SECTION
    __table_args__ = (
        CheckConstraint("kind IN ('部', '課')", name="kind_known"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(2))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("section.id", ondelete="RESTRICT"), default=None)
    position: Mapped[int] = mapped_column(Integer)

    parent: Mapped[Section | None] = relationship(remote_side="Section.id")


class PolicyArea(Record):
    """A policy area of section 8 (取組): (1) 自治体の行政手続のオンライン化 …"""

    __tablename__ = "policy_area"
    KIND = kinds.POLICY_AREA
    __table_args__ = (
        UniqueConstraint("number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
    )

    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    initiatives: Mapped[list[Initiative]] = relationship(
        back_populates="area", order_by="Initiative.position", passive_deletes="all"
    )


class Initiative(Record):
    """A row of the roadmap (取組項目)."""

    __tablename__ = "initiative"
    KIND = kinds.INITIATIVE
    __table_args__ = (
        UniqueConstraint("area_id", "name", name="uq_initiative_area_name"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        Index("ix_initiative_area_position", "area_id", "position"),
    )

    area_id: Mapped[str] = mapped_column(ForeignKey("policy_area.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_section_id: Mapped[str | None] = mapped_column(
        ForeignKey("section.id", ondelete="RESTRICT"), default=None, index=True
    )
    inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[PolicyArea] = relationship(back_populates="initiatives")
    lead_section: Mapped[Section | None] = relationship()
    cells: Mapped[list[RoadmapCell]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by="RoadmapCell.fiscal_year"
    )
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by="Evaluation.fiscal_year"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by="Indicator.position"
    )


class RoadmapCell(Record):
    """An initiative in one fiscal year: a phase, or shaded without a label.

    An empty cell has no record.  The identifier is derived from the
    initiative and the year (:func:`~shiraoka_dx_desktop.domain.roadmap.roadmap_cell_id`).
    """

    __tablename__ = "roadmap_cell"
    KIND = kinds.ROADMAP_CELL
    __table_args__ = (
        UniqueConstraint("initiative_id", "fiscal_year", name="uq_roadmap_cell_initiative_year"),
        CheckConstraint(
            "(kind = 'phase' AND phase IS NOT NULL AND length(trim(phase)) > 0) OR (kind = 'shaded' AND phase IS NULL)",
            name="kind_matches_phase",
        ),
        CheckConstraint("fiscal_year BETWEEN 1989 AND 2200", name="fiscal_year_range"),
    )

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    phase: Mapped[str | None] = mapped_column(String(100), default=None)
    inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    initiative: Mapped[Initiative] = relationship(back_populates="cells")


class Body(Record):
    """A body of the organisation (推進体制): 本部, 委員会, 事務局, teams …"""

    __tablename__ = "body"
    KIND = kinds.BODY
    __table_args__ = (
        CheckConstraint(
            "kind IN ('headquarters', 'officer', 'committee', 'secretariat', 'promoters',"
            " 'lead_sections', 'project_team', 'working_group')",
            name="kind_known",
        ),
        CheckConstraint("status IN ('設置済', '想定')", name="status_known"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)

    duties: Mapped[list[Duty]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="Duty.position"
    )
    roles: Mapped[list[Role]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="Role.position"
    )
    members: Mapped[list[BodyMember]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="BodyMember.position"
    )


class Duty(Record):
    """One duty of a body (所掌事務), an item of its bullet list."""

    __tablename__ = "duty"
    KIND = kinds.DUTY

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    body: Mapped[Body] = relationship(back_populates="duties")


class Role(Record):
    """A role in a body and the post (職) that holds it: 本部長 = 副市長."""

    __tablename__ = "role"
    KIND = kinds.ROLE

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    post: Mapped[str] = mapped_column(String(200), default="")
    section_id: Mapped[str | None] = mapped_column(
        ForeignKey("section.id", ondelete="RESTRICT"), default=None, index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    body: Mapped[Body] = relationship(back_populates="roles")
    section: Mapped[Section | None] = relationship()


class BodyMember(Record):
    """A member section of a body (a team's 構成課)."""

    __tablename__ = "body_member"
    KIND = kinds.BODY_MEMBER
    __table_args__ = (UniqueConstraint("body_id", "section_id", name="uq_body_member_body_section"),)

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"))
    section_id: Mapped[str] = mapped_column(ForeignKey("section.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer)

    body: Mapped[Body] = relationship(back_populates="members")
    section: Mapped[Section] = relationship()


class GlossaryTerm(Record):
    """A term of the glossary (用語集)."""

    __tablename__ = "glossary_term"
    KIND = kinds.GLOSSARY_TERM
    __table_args__ = (CheckConstraint("length(trim(term)) > 0", name="term_not_blank"),)

    term: Mapped[str] = mapped_column(String(200), unique=True)
    reading: Mapped[str] = mapped_column(String(300), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)


class EvaluationGrade(Record):
    """A grade of the 評価 scale (A 目標より進んでいる …), which the 事務局 may reword."""

    __tablename__ = "evaluation_grade"
    KIND = kinds.EVALUATION_GRADE
    __table_args__ = (CheckConstraint("length(trim(code)) > 0", name="code_not_blank"),)

    code: Mapped[str] = mapped_column(String(10), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    explanation: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)


class Evaluation(Record):
    """A section's report on an initiative for one fiscal year: 評価, 実績, 課題, 次年度の取組.

    The identifier is derived from the initiative and the year
    (:func:`~shiraoka_dx_desktop.domain.progress.evaluation_id`), the same on every terminal.
    """

    __tablename__ = "evaluation"
    KIND = kinds.EVALUATION
    __table_args__ = (
        UniqueConstraint("initiative_id", "fiscal_year", name="uq_evaluation_initiative_year"),
        CheckConstraint("fiscal_year BETWEEN 1989 AND 2200", name="fiscal_year_range"),
    )

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    grade_id: Mapped[str | None] = mapped_column(
        ForeignKey("evaluation_grade.id", ondelete="RESTRICT"), default=None, index=True
    )
    result: Mapped[str] = mapped_column(Text, default="")
    issues: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")

    initiative: Mapped[Initiative] = relationship(back_populates="evaluations")
    grade: Mapped[EvaluationGrade | None] = relationship()


class Indicator(Record):
    """An indicator (指標/KPI) of an initiative: from a base value in a base year to a target in a target year."""

    __tablename__ = "indicator"
    KIND = kinds.INDICATOR
    __table_args__ = (
        UniqueConstraint("initiative_id", "name", name="uq_indicator_initiative_name"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    base_value: Mapped[float | None] = mapped_column(Float, default=None)
    base_year: Mapped[int | None] = mapped_column(Integer, default=None)
    target_value: Mapped[float | None] = mapped_column(Float, default=None)
    target_year: Mapped[int | None] = mapped_column(Integer, default=None)

    initiative: Mapped[Initiative] = relationship(back_populates="indicators")
    actuals: Mapped[list[IndicatorActual]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="IndicatorActual.fiscal_year"
    )


class IndicatorActual(Record):
    """An indicator's actual value in one fiscal year (its identifier derived from the indicator and the year)."""

    __tablename__ = "indicator_actual"
    KIND = kinds.INDICATOR_ACTUAL
    __table_args__ = (
        UniqueConstraint("indicator_id", "fiscal_year", name="uq_indicator_actual_indicator_year"),
        CheckConstraint("fiscal_year BETWEEN 1989 AND 2200", name="fiscal_year_range"),
    )

    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)

    indicator: Mapped[Indicator] = relationship(back_populates="actuals")


class RecordRevision(Base):
    """Every revision a record has had on this terminal, deletions included.

    Appended to by :mod:`.revisions` on every insert, change and delete.  It
    lets a merge find the content of the revision a colleague's file was
    exported at, and tell a record deleted here from one never seen here.
    """

    __tablename__ = "record_revision"
    __table_args__ = (Index("ix_record_revision_record", "record_id", "revision"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200), default="")


class ImportLog(Base):
    """One imported workbook: whose, when, and what was applied, kept or rejected (``summary``, JSON)."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    origin_user: Mapped[str] = mapped_column(String(200), default="")
    origin_exported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text, default="{}")


class KnownRevision(Base):
    """A revision of a record learnt from an imported file (the colleague's, or one it descends from).

    ``record_revision`` holds the revisions a record has had here; these are the
    ones merged in or decided on from elsewhere, so that an older copy of the same
    file never reads as a new change.
    """

    __tablename__ = "known_revision"

    entity: Mapped[str] = mapped_column(String(50), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[str] = mapped_column(String(32), primary_key=True)


class EditionSnapshot(Base):
    """The whole policy as it stood when an edition was made: every record of every kind, frozen.

    Not a record of user data (no revision, no history, never exchanged): the edition's record
    names it; the rows are written once (:mod:`.edition_store`) and never changed.  Deleted with the
    edition's record, which only undoing the edition's creation does.
    """

    __tablename__ = "edition_snapshot"

    edition_id: Mapped[str] = mapped_column(String(36), ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True)
    format_version: Mapped[int] = mapped_column(Integer)
    schema_revision: Mapped[str] = mapped_column(String(32))  # the schema its rows were written under
    records: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed JSON, see edition_store
    note: Mapped[str] = mapped_column(Text, default="")
    frozen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    frozen_by: Mapped[str] = mapped_column(String(200), default="")


class MetaEntry(Base):
    """Facts about the database file itself: its id, when and from what it was created."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


RECORD_MODELS: tuple[type[Record], ...] = (
    Policy,
    Edition,
    Viewpoint,
    Section,
    PolicyArea,
    Initiative,
    RoadmapCell,
    Body,
    Duty,
    Role,
    BodyMember,
    GlossaryTerm,
    EvaluationGrade,
    Evaluation,
    Indicator,
    IndicatorActual,
)
