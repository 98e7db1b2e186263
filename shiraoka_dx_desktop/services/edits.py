"""Edits as plain data, their typed constructors, and what applying them reports back.

Kept apart from :mod:`.editing` (which applies them through SQLAlchemy) so that the
screens can build edits and read outcomes without importing the database layer, which
is loaded after the window is shown.

Code that knows which record it edits builds the edit with a typed constructor
(``set_initiative(id, name=...)``, ``delete(INITIATIVE, id)``): mypy checks the fields
against the kind's ``TypedDict`` (:mod:`..storage.record_kinds`), which a test holds
equal to the model's columns.  Code that copies records it does not name (the importer,
undo) uses :func:`upsert`.  Either way an unknown kind or field is refused when the edit
is built, as :class:`InvalidEditError`: a mistake in the program, never in what the user
typed, reported with a request to send the log.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Unpack

from ..storage.record_kinds import (
    BODY,
    BODY_MEMBER,
    DUTY,
    EDITION,
    EVALUATION,
    EVALUATION_GRADE,
    GLOSSARY_TERM,
    INDICATOR,
    INDICATOR_ACTUAL,
    INITIATIVE,
    KIND_OF,
    POLICY,
    POLICY_AREA,
    ROADMAP_CELL,
    ROLE,
    SECTION,
    BodyFields,
    BodyMemberFields,
    DutyFields,
    EditionFields,
    EvaluationFields,
    EvaluationGradeFields,
    GlossaryTermFields,
    IndicatorActualFields,
    IndicatorFields,
    InitiativeFields,
    PolicyAreaFields,
    PolicyFields,
    RecordKind,
    RoadmapCellFields,
    RoleFields,
    SectionFields,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Delete",
    "Edit",
    "EditRefusedError",
    "InvalidEditError",
    "Outcome",
    "Upsert",
    "WriteFailedError",
    "delete",
    "set_body",
    "set_body_member",
    "set_duty",
    "set_edition",
    "set_evaluation",
    "set_evaluation_grade",
    "set_glossary_term",
    "set_indicator",
    "set_indicator_actual",
    "set_initiative",
    "set_policy",
    "set_policy_area",
    "set_roadmap_cell",
    "set_role",
    "set_section",
    "upsert",
]


class InvalidEditError(Exception):
    """An edit the program built wrongly (an unknown kind of record or field): a bug, not the user's input."""


def _kind(entity: str) -> RecordKind:
    kind = KIND_OF.get(entity)
    if kind is None:
        raise InvalidEditError(f"an edit names no known kind of record: {entity!r}")
    return kind


@dataclass(frozen=True)
class Upsert:
    """Set ``values`` on the record ``id`` of ``entity``, creating it if it does not exist."""

    entity: str
    id: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = self.values.keys() - _kind(self.entity).fields
        if unknown:
            raise InvalidEditError(f"{self.entity} has no field {', '.join(sorted(unknown))}")


@dataclass(frozen=True)
class Delete:
    """Delete the record ``id`` of ``entity`` and the records it owns."""

    entity: str
    id: str

    def __post_init__(self) -> None:
        _kind(self.entity)


Edit = Upsert | Delete


def upsert(kind: RecordKind, record_id: str, values: Mapping[str, Any]) -> Upsert:
    """Set ``values`` on a record of ``kind`` the caller does not name in its code (a copy, an import)."""
    return Upsert(kind.table, record_id, values)


def delete(kind: RecordKind, record_id: str) -> Delete:
    """Delete a record of ``kind`` and the records that belong to it."""
    return Delete(kind.table, record_id)


def set_policy(record_id: str, **values: Unpack[PolicyFields]) -> Upsert:
    return Upsert(POLICY.table, record_id, values)


def set_edition(record_id: str, **values: Unpack[EditionFields]) -> Upsert:
    return Upsert(EDITION.table, record_id, values)


def set_section(record_id: str, **values: Unpack[SectionFields]) -> Upsert:
    return Upsert(SECTION.table, record_id, values)


def set_policy_area(record_id: str, **values: Unpack[PolicyAreaFields]) -> Upsert:
    return Upsert(POLICY_AREA.table, record_id, values)


def set_initiative(record_id: str, **values: Unpack[InitiativeFields]) -> Upsert:
    return Upsert(INITIATIVE.table, record_id, values)


def set_roadmap_cell(record_id: str, **values: Unpack[RoadmapCellFields]) -> Upsert:
    return Upsert(ROADMAP_CELL.table, record_id, values)


def set_body(record_id: str, **values: Unpack[BodyFields]) -> Upsert:
    return Upsert(BODY.table, record_id, values)


def set_duty(record_id: str, **values: Unpack[DutyFields]) -> Upsert:
    return Upsert(DUTY.table, record_id, values)


def set_role(record_id: str, **values: Unpack[RoleFields]) -> Upsert:
    return Upsert(ROLE.table, record_id, values)


def set_body_member(record_id: str, **values: Unpack[BodyMemberFields]) -> Upsert:
    return Upsert(BODY_MEMBER.table, record_id, values)


def set_glossary_term(record_id: str, **values: Unpack[GlossaryTermFields]) -> Upsert:
    return Upsert(GLOSSARY_TERM.table, record_id, values)


def set_evaluation_grade(record_id: str, **values: Unpack[EvaluationGradeFields]) -> Upsert:
    return Upsert(EVALUATION_GRADE.table, record_id, values)


def set_evaluation(record_id: str, **values: Unpack[EvaluationFields]) -> Upsert:
    return Upsert(EVALUATION.table, record_id, values)


def set_indicator(record_id: str, **values: Unpack[IndicatorFields]) -> Upsert:
    return Upsert(INDICATOR.table, record_id, values)


def set_indicator_actual(record_id: str, **values: Unpack[IndicatorActualFields]) -> Upsert:
    return Upsert(INDICATOR_ACTUAL.table, record_id, values)


class ChangeKind(enum.Enum):
    ADDED = "added"
    CHANGED = "changed"
    DELETED = "deleted"


@dataclass(frozen=True)
class Change:
    entity: str
    id: str
    kind: ChangeKind
    owner_id: str | None = None  # the initiative of a cell, the body of a role …


@dataclass(frozen=True)
class Outcome:
    inverse: tuple[Edit, ...]
    changes: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not self.changes


class EditRefusedError(Exception):
    """An edit that breaks a rule; ``message`` says which, in Japanese."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class WriteFailedError(EditRefusedError):
    """The database could not be written (locked, read-only, disk full); nothing was changed."""
