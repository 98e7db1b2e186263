"""Edits as plain data, and what applying them reports back.

Kept apart from :mod:`.editing` (which applies them through SQLAlchemy) so that the
screens can build edits and read outcomes without importing the database layer, which
is loaded after the window is shown.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Change", "ChangeKind", "Delete", "Edit", "EditRefusedError", "Outcome", "Upsert"]


@dataclass(frozen=True)
class Upsert:
    """Set ``values`` on the record ``id`` of ``entity``, creating it if it does not exist."""

    entity: str
    id: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Delete:
    """Delete the record ``id`` of ``entity`` and the records it owns."""

    entity: str
    id: str


Edit = Upsert | Delete


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
