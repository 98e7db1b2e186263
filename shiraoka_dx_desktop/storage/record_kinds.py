"""What each kind of record is: declared once, read by every layer.

A :class:`RecordKind` names a table of user data and says what the rest of the
application needs to know about it: its fields (from the kind's ``TypedDict``, which
also types the edit constructors in :mod:`..services.edits`), the record it belongs to
and is deleted with, whether a change to it alters the layout of the views, where the
exchange workbook shows it and which of its fields people may edit there, what names a
record to a person, and its name in Japanese.

This module imports nothing heavier than :mod:`typing`: the window reads it before the
first paint, and the importer on a thread of its own before SQLAlchemy is loaded.  Each
ORM model in :mod:`.models` points at its kind (``Model.KIND``); a test holds the
model's columns equal to the kind's fields and the models' order equal to :data:`KINDS`.
"""

# No `from __future__ import annotations` here: the TypedDicts would then hold their
# types as strings, and typing compiles each one when the class is made (2 ms at start-up).
import enum
from typing import NamedTuple, TypedDict

__all__ = [
    "BODY",
    "BODY_MEMBER",
    "BOOKKEEPING",
    "DUTY",
    "EDITION",
    "EVALUATION",
    "EVALUATION_GRADE",
    "GLOSSARY_SHEET",
    "GLOSSARY_TERM",
    "INDICATOR",
    "INDICATORS_SHEET",
    "INDICATOR_ACTUAL",
    "INITIATIVE",
    "INITIATIVES_SHEET",
    "KINDS",
    "KIND_OF",
    "ORGANISATION_SHEET",
    "POLICY",
    "POLICY_AREA",
    "PROGRESS_SHEET",
    "RECORD_TABLES",
    "ROADMAP_CELL",
    "ROADMAP_SHEET",
    "ROLE",
    "SECTION",
    "VIEWPOINT",
    "BodyFields",
    "BodyMemberFields",
    "DutyFields",
    "EditionFields",
    "EvaluationFields",
    "EvaluationGradeFields",
    "GlossaryTermFields",
    "IndicatorActualFields",
    "IndicatorFields",
    "InitiativeFields",
    "Layout",
    "PolicyAreaFields",
    "PolicyFields",
    "RecordKind",
    "RoadmapCellFields",
    "RoleFields",
    "SectionFields",
    "ViewpointFields",
    "kind_of",
    "owned_by",
]

# Columns every record has that are not its content (Record.BOOKKEEPING).
BOOKKEEPING = frozenset({"id", "revision", "created_at", "updated_at", "updated_by"})

# The exchange workbook's sheets (services.exchange.schema uses these names).
INITIATIVES_SHEET = "取組項目"
ROADMAP_SHEET = "工程表"
ORGANISATION_SHEET = "推進体制"
GLOSSARY_SHEET = "用語集"
PROGRESS_SHEET = "進捗"
INDICATORS_SHEET = "指標"


class Layout(enum.Enum):
    """Which changes to a kind of record alter the views' rows and columns, not only values."""

    ANY_CHANGE = "any"  # every change: the views are rebuilt
    ADDED_OR_DELETED = "added_or_deleted"  # a changed value is refreshed in place (unless it moves the row)
    NEVER = "never"  # only values: refreshed in place, with the record it belongs to


class RecordKind(NamedTuple):
    table: str
    label: str  # in Japanese, as the import preview and the checks name it
    fields: frozenset[str]  # the content columns (not BOOKKEEPING)
    layout: Layout = Layout.ANY_CHANGE
    owner: str | None = None  # the table of the record this one belongs to and is deleted with
    owner_column: str | None = None  # the column naming that record
    natural_key: tuple[str, ...] = ()  # what must be unique, and names a record to a person
    sheet: str | None = None  # where the exchange workbook shows these records
    exchanged: frozenset[str] = frozenset()  # the fields people may edit in that sheet
    counted_as: str | None = None  # the key `check --json` counts these records under


# One TypedDict per kind: the fields an edit may set, with their types.


class PolicyFields(TypedDict, total=False):
    title: str
    vision: str
    vision_text: str
    plan_first_year: int
    plan_last_year: int


class EditionFields(TypedDict, total=False):
    number: int
    label: str
    action: str
    issued_year: int
    issued_month: int


class ViewpointFields(TypedDict, total=False):
    position: int
    name: str
    description: str


class SectionFields(TypedDict, total=False):
    name: str
    kind: str
    parent_id: str | None
    position: int


class PolicyAreaFields(TypedDict, total=False):
    number: int
    title: str
    description: str


class InitiativeFields(TypedDict, total=False):
    area_id: str
    position: int
    name: str
    description: str
    lead_section_id: str | None
    inferred: bool
    note: str


class RoadmapCellFields(TypedDict, total=False):
    initiative_id: str
    fiscal_year: int
    kind: str
    phase: str | None
    inferred: bool
    note: str


class BodyFields(TypedDict, total=False):
    name: str
    kind: str
    status: str
    description: str
    position: int


class DutyFields(TypedDict, total=False):
    body_id: str
    position: int
    text: str


class RoleFields(TypedDict, total=False):
    body_id: str
    position: int
    title: str
    post: str
    section_id: str | None
    note: str


class BodyMemberFields(TypedDict, total=False):
    body_id: str
    section_id: str
    position: int


class GlossaryTermFields(TypedDict, total=False):
    term: str
    reading: str
    explanation: str
    position: int


class EvaluationGradeFields(TypedDict, total=False):
    code: str
    label: str
    explanation: str
    position: int


class EvaluationFields(TypedDict, total=False):
    initiative_id: str
    fiscal_year: int
    grade_id: str | None
    result: str
    issues: str
    next_steps: str


class IndicatorFields(TypedDict, total=False):
    initiative_id: str
    position: int
    name: str
    unit: str
    base_value: float | None
    base_year: int | None
    target_value: float | None
    target_year: int | None


class IndicatorActualFields(TypedDict, total=False):
    indicator_id: str
    fiscal_year: int
    value: float


def _fields(declared: type) -> frozenset[str]:
    return frozenset(declared.__annotations__)


POLICY = RecordKind("policy", "方針", _fields(PolicyFields))
EDITION = RecordKind("edition", "版", _fields(EditionFields), natural_key=("number",), counted_as="editions")
VIEWPOINT = RecordKind("viewpoint", "視点", _fields(ViewpointFields), natural_key=("name",), counted_as="viewpoints")
SECTION = RecordKind("section", "部・課", _fields(SectionFields), natural_key=("name",), counted_as="sections")
POLICY_AREA = RecordKind("policy_area", "取組", _fields(PolicyAreaFields), natural_key=("number",), counted_as="areas")
INITIATIVE = RecordKind(
    "initiative",
    "取組項目",
    _fields(InitiativeFields),
    layout=Layout.ADDED_OR_DELETED,
    natural_key=("area_id", "name"),
    sheet=INITIATIVES_SHEET,
    exchanged=frozenset({"area_id", "position", "name", "lead_section_id", "description", "inferred", "note"}),
    counted_as="initiatives",
)
ROADMAP_CELL = RecordKind(
    "roadmap_cell",
    "工程表のセル",
    _fields(RoadmapCellFields),
    layout=Layout.NEVER,
    owner="initiative",
    owner_column="initiative_id",
    sheet=ROADMAP_SHEET,
    exchanged=frozenset({"initiative_id", "fiscal_year", "kind", "phase", "inferred"}),
    counted_as="roadmap_cells",
)
BODY = RecordKind(
    "body",
    "組織",
    _fields(BodyFields),
    natural_key=("name",),
    sheet=ORGANISATION_SHEET,
    exchanged=frozenset({"name", "kind", "status", "description"}),
    counted_as="bodies",
)
DUTY = RecordKind(
    "duty",
    "所掌事務",
    _fields(DutyFields),
    owner="body",
    owner_column="body_id",
    sheet=ORGANISATION_SHEET,
    exchanged=frozenset({"body_id", "text"}),
    counted_as="duties",
)
ROLE = RecordKind(
    "role",
    "役職",
    _fields(RoleFields),
    owner="body",
    owner_column="body_id",
    sheet=ORGANISATION_SHEET,
    exchanged=frozenset({"body_id", "title", "post", "section_id", "note"}),
    counted_as="roles",
)
BODY_MEMBER = RecordKind(
    "body_member",
    "構成課",
    _fields(BodyMemberFields),
    owner="body",
    owner_column="body_id",
    sheet=ORGANISATION_SHEET,
    exchanged=frozenset({"body_id", "section_id"}),
    counted_as="body_members",
)
GLOSSARY_TERM = RecordKind(
    "glossary_term",
    "用語",
    _fields(GlossaryTermFields),
    layout=Layout.ADDED_OR_DELETED,
    natural_key=("term",),
    sheet=GLOSSARY_SHEET,
    exchanged=frozenset({"term", "reading", "explanation"}),
    counted_as="glossary_terms",
)

# The progress cycle (進捗管理): the 評価 scale, each initiative's yearly evaluation, its indicators.
EVALUATION_GRADE = RecordKind(
    "evaluation_grade", "評価の区分", _fields(EvaluationGradeFields), natural_key=("code",), counted_as="grades"
)
EVALUATION = RecordKind(
    "evaluation",
    "評価",
    _fields(EvaluationFields),
    layout=Layout.NEVER,
    owner="initiative",
    owner_column="initiative_id",
    natural_key=("initiative_id", "fiscal_year"),
    sheet=PROGRESS_SHEET,
    exchanged=frozenset({"initiative_id", "fiscal_year", "grade_id", "result", "issues", "next_steps"}),
    counted_as="evaluations",
)
INDICATOR = RecordKind(
    "indicator",
    "指標",
    _fields(IndicatorFields),
    layout=Layout.NEVER,
    owner="initiative",
    owner_column="initiative_id",
    natural_key=("initiative_id", "name"),
    sheet=INDICATORS_SHEET,
    exchanged=frozenset({"initiative_id", "name", "unit", "base_value", "base_year", "target_value", "target_year"}),
    counted_as="indicators",
)
INDICATOR_ACTUAL = RecordKind(
    "indicator_actual",
    "指標の実績",
    _fields(IndicatorActualFields),
    layout=Layout.NEVER,
    owner="indicator",
    owner_column="indicator_id",
    natural_key=("indicator_id", "fiscal_year"),
    sheet=INDICATORS_SHEET,
    exchanged=frozenset({"indicator_id", "fiscal_year", "value"}),
    counted_as="indicator_actuals",
)

# Parents before children: the order records are added in (and deleted in reverse).
KINDS: tuple[RecordKind, ...] = (
    POLICY,
    EDITION,
    VIEWPOINT,
    SECTION,
    POLICY_AREA,
    INITIATIVE,
    ROADMAP_CELL,
    BODY,
    DUTY,
    ROLE,
    BODY_MEMBER,
    GLOSSARY_TERM,
    EVALUATION_GRADE,
    EVALUATION,
    INDICATOR,
    INDICATOR_ACTUAL,
)
KIND_OF: dict[str, RecordKind] = {kind.table: kind for kind in KINDS}
RECORD_TABLES: tuple[str, ...] = tuple(kind.table for kind in KINDS)


def kind_of(table: str) -> RecordKind:
    """The kind whose records live in ``table``; a name that is none is a programming error."""
    try:
        return KIND_OF[table]
    except KeyError:
        raise LookupError(f"no record kind is stored in a table named {table!r}") from None


def owned_by(table: str) -> tuple[RecordKind, ...]:
    """The kinds whose records belong to (and are deleted with) a record of ``table``."""
    return tuple(kind for kind in KINDS if kind.owner == table)
