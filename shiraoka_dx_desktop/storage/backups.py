"""Backup copies of the database: taken with SQLite's backup API, rotated, listed and restored.

Copies go into ``backups/`` beside the database, named
``<name>-<reason>-<YYYYmmdd-HHMMSS-ffffff>.sqlite``.  A copy is written under a
temporary name and renamed when complete, so a crash never leaves a half copy
that looks like a backup.  Automatic copies (the first start of each day,
before every import) are rotated: the newest ``keep`` are kept.  Copies taken
before a migration or a restore are never rotated away.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..logs import log
from .database import Database, FileKind, inspect_file
from .errors import DatabaseLocationError, KnownError

__all__ = [
    "DEFAULT_KEEP",
    "Backup",
    "BackupError",
    "Restored",
    "copy_database",
    "daily_backup_if_due",
    "list_backups",
    "make_backup",
    "restore_backup",
    "restore_database",
]

DEFAULT_KEEP = 14
ROTATED = ("daily", "before-import", "manual")
REASON_LABELS = {
    "daily": "毎日の自動",
    "before-import": "取込の前",
    "before-restore": "復元の前",
    "manual": "手動",
}


class BackupError(KnownError):
    """A backup could not be taken or restored; nothing was changed."""


@dataclass(frozen=True)
class Backup:
    path: Path
    reason: str
    taken_at: dt.datetime  # local time, from the name

    @property
    def label(self) -> str:
        if self.reason.startswith("before-migration"):
            return "更新（マイグレーション）の前"
        return REASON_LABELS.get(self.reason, self.reason)


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def copy_database(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` with the backup API: consistent even while the source is in use."""
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BackupError(
            f"バックアップ「{target}」を作れません（{error}）。ディスクの空き容量と書き込み権限を確認してください。",
            target,
        ) from error
    return target


def make_backup(
    database: Path, reason: str, *, keep: int | None = DEFAULT_KEEP, now: dt.datetime | None = None
) -> Path:
    """Copy the database into ``backups/``; then keep only the newest ``keep`` rotated copies."""
    folder = backups_dir(database)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise DatabaseLocationError(
            f"バックアップのフォルダ「{folder}」を作れません（{error.strerror}）。書き込み権限を確認してください。",
            folder,
        ) from error
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = copy_database(database, folder / f"{database.stem}-{reason}-{stamp}.sqlite")
    log.info("backup %s (%s)", target.name, reason)
    if keep is not None:
        rotated = [backup for backup in list_backups(database) if backup.reason in ROTATED]
        for old in rotated[keep:]:
            with contextlib.suppress(OSError):
                old.path.unlink()
    return target


def list_backups(database: Path) -> list[Backup]:
    """The copies in ``backups/`` of this database, newest first."""
    folder = backups_dir(database)
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    pattern = re.compile(rf"^{re.escape(database.stem)}-(?P<reason>.+)-(?P<stamp>\d{{8}}-\d{{6}}-\d{{6}})\.sqlite$")
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match is None:
            continue
        taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
        found.append(Backup(path, match["reason"], taken))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def daily_backup_if_due(database: Path, *, keep: int = DEFAULT_KEEP, today: dt.date | None = None) -> Path | None:
    """At the first start of each day, a copy of the database as it was left."""
    day = today or dt.date.today()
    if any(backup.reason == "daily" and backup.taken_at.date() == day for backup in list_backups(database)):
        return None
    return make_backup(database, "daily", keep=keep)


def restore_backup(database: Path, backup: Path) -> Path:
    """Replace the database's contents with ``backup``'s; returns the copy kept of what was replaced.

    The backup is checked first (ours, undamaged, not from a newer version): a
    bad one is refused and nothing changes.  The database must not be open for
    writing elsewhere.
    """
    try:
        state = inspect_file(backup)
    except KnownError as error:
        raise BackupError(f"バックアップ「{backup.name}」は使えません: {error.message}", backup) from error
    if state.kind is FileKind.NEW:
        raise BackupError(f"バックアップ「{backup.name}」は空です。別のバックアップを選んでください。", backup)
    from .migrate import refuse_if_newer

    try:
        refuse_if_newer(backup, state.schema_revision or "")
    except KnownError as error:
        raise BackupError(f"バックアップ「{backup.name}」は使えません: {error.message}", backup) from error
    kept = make_backup(database, "before-restore", keep=None)
    try:
        with contextlib.closing(sqlite3.connect(backup)) as src, contextlib.closing(sqlite3.connect(database)) as dst:
            src.backup(dst)  # page by page inside one write transaction: all or nothing
    except sqlite3.Error as error:
        raise BackupError(
            f"復元できませんでした（{error}）。データベースは元のままです（念のため {kept.name} にも写しがあります）。",
            database,
        ) from error
    log.info("restored from %s, replaced data kept in %s", backup.name, kept.name)
    return kept


@dataclass(frozen=True)
class Restored:
    """A database restored from a backup."""

    database: Database  # the file opened again
    kept: Path  # the copy of what was replaced


def restore_database(database: Database, backup: Path) -> Restored:
    """Replace the open ``database``'s contents with ``backup``'s, and open the file again.

    Its connections are closed first.  A backup that is refused raises :class:`BackupError` and
    changes nothing; ``database`` can then still be used (its connections are made again as needed).
    Opening the restored file upgrades a backup of an older schema (keeping a copy first).
    """
    from .opening import open_database

    database.close()
    kept = restore_backup(database.path, backup)
    return Restored(open_database(database.path), kept)
