"""Recovering from a damaged database file: set it aside, put the newest good backup in its place."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from .backups import Backup, copy_database, list_backups
from .database import FileKind, inspect_file
from .errors import KnownError

__all__ = ["newest_good_backup", "recover_from_backup"]


def newest_good_backup(database: Path) -> Backup | None:
    """The newest backup that opens as an undamaged database of this application, if any."""
    from .migrate import refuse_if_newer

    for backup in list_backups(database):
        try:
            state = inspect_file(backup.path)
            if state.kind is FileKind.OURS and state.schema_revision is not None:
                refuse_if_newer(backup.path, state.schema_revision)
                return backup
        except KnownError:
            continue
    return None


def recover_from_backup(database: Path, backup: Backup) -> Path:
    """Move the damaged file (and its -wal/-shm) aside, copy ``backup`` in; returns where the damaged file went."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    database.replace(aside)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            with contextlib.suppress(OSError):
                companion.replace(Path(f"{aside}{suffix}"))
    copy_database(backup.path, database)
    return aside
