"""Errors a user can act on, each with a Japanese message naming the file and what to do.

Anything else that goes wrong is a bug and is left to propagate.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "DamagedDatabaseError",
    "DatabaseLocationError",
    "ForeignDatabaseError",
    "KnownError",
    "MigrationError",
    "NewerSchemaError",
    "NotADatabaseError",
]


class KnownError(Exception):
    """A problem the user can act on.  ``str(error)`` is the message to show."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class DatabaseLocationError(KnownError):
    """The folder of the database is missing, not a folder, or not writable."""


class NotADatabaseError(KnownError):
    """The file is not an SQLite database at all."""


class DamagedDatabaseError(KnownError):
    """The file is an SQLite database that fails its integrity check."""


class ForeignDatabaseError(KnownError):
    """An SQLite database, but not one of this application's."""


class NewerSchemaError(KnownError):
    """The database was written by a newer version of the application."""


class MigrationError(KnownError):
    """Upgrading the database failed; it was rolled back and a backup kept."""
