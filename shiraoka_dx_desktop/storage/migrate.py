"""Creating and upgrading the schema with Alembic, safely.

Before an existing database is upgraded, a copy is taken with SQLite's
backup API.  The upgrade runs in one transaction with foreign keys off (a
batch rebuild of a parent table would otherwise cascade-delete its
children), and ``PRAGMA foreign_key_check`` must come back empty before it
commits.  A database whose schema this version does not know is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from .errors import MigrationError, NewerSchemaError

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["SCHEMA_HEAD", "backup_copy", "known_revisions", "upgrade"]

# The newest migration in db/migrations/versions.  Kept here so that opening
# an up-to-date database needs no Alembic import; a test keeps it in step.
SCHEMA_HEAD = "0004_edition_snapshot"


def _script_directory(script_location: Path):  # type: ignore[no-untyped-def]
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config, ScriptDirectory.from_config(config)


def known_revisions(script_location: Path | None = None) -> tuple[str | None, set[str]]:
    """The head revision and every revision the migration scripts know."""
    _config, script = _script_directory(script_location or paths.migrations_dir())
    return script.get_current_head(), {revision.revision for revision in script.walk_revisions()}


def refuse_if_newer(path: Path, revision: str, script_location: Path | None = None) -> None:
    """Raise :class:`NewerSchemaError` when ``revision`` is not one of ours."""
    if revision == SCHEMA_HEAD and script_location is None:
        return
    _head, known = known_revisions(script_location)
    if revision not in known:
        raise NewerSchemaError(
            f"データベース「{path}」は新しい版のアプリケーションで作成・更新されています（スキーマ {revision}）。"
            "このファイルは変更していません。最新版のアプリケーションをインストールしてから開いてください。",
            path,
        )


def backup_copy(path: Path, label: str) -> Path:
    """Copy the database into ``backups/`` beside it (never rotated away)."""
    from .backups import make_backup

    return make_backup(path, label, keep=None)


def upgrade(connection: Connection, path: Path, script_location: Path | None = None, target: str = "head") -> None:
    """Run the migrations on ``connection``, already inside a transaction with foreign keys off."""
    from alembic import command

    config, _script = _script_directory(script_location or paths.migrations_dir())
    config.attributes["connection"] = connection
    command.upgrade(config, target)
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        tables = sorted({row[0] for row in violations})
        raise MigrationError(
            f"データベース「{path}」の更新で参照の不整合が見つかったため、更新を取り消しました"
            f"（{', '.join(tables)}）。元のファイルはそのままです。事務局（DX推進課）に連絡してください。",
            path,
        )
