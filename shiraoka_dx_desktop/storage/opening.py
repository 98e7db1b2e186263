"""Opening a database file for use: refuse what is wrong, create or upgrade what is right.

The file is first inspected read-only.  Anything refused (not SQLite,
damaged, another application's, a newer schema, a folder that cannot be
written) raises a :class:`~.errors.KnownError` and leaves the file exactly as
it was.  A new file gets the schema and the default dataset in one
transaction; an older one is backed up, then upgraded.

An up-to-date file, the usual case, is opened with the standard library alone:
creating and upgrading import SQLAlchemy and Alembic, which start-up cannot afford.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..logs import log
from .database import APPLICATION_ID, Database, FileKind, check_location, inspect_file, make_engine, new_database_id
from .errors import DatabaseLocationError, MigrationError
from .migrate import SCHEMA_HEAD, backup_copy, refuse_if_newer, upgrade

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.exc import OperationalError

__all__ = ["open_database"]


def open_database(
    path: Path,
    *,
    create_folder: bool = False,
    seed_path: Path | None = None,
    script_location: Path | None = None,
    read_only_ok: bool = False,
) -> Database:
    """Open ``path`` for reading and writing, creating or upgrading it as needed.

    ``create_folder`` creates a missing parent folder (for the default
    location); a folder the user named must already exist.  With
    ``read_only_ok`` (commands that only read: check, export, print, backup) a
    database that cannot be written is opened for reading as it is.
    """
    try:
        check_location(path, create_folder=create_folder)
    except DatabaseLocationError:
        if not read_only_ok or not path.is_file():
            raise
        return _open_read_only(path)
    state = inspect_file(path)
    if state.kind is FileKind.NEW:
        _create(path, seed_path, script_location)
    elif script_location is not None or state.schema_revision != SCHEMA_HEAD:
        assert state.schema_revision is not None
        refuse_if_newer(path, state.schema_revision, script_location)
        head = SCHEMA_HEAD if script_location is None else _head(script_location)
        if state.schema_revision != head:
            _upgrade_existing(path, state.schema_revision, script_location)
    return Database(path)


def _open_read_only(path: Path) -> Database:
    state = inspect_file(path)
    if state.kind is not FileKind.OURS:
        raise DatabaseLocationError(
            f"データベース「{path}」は読み取り専用で、まだ作成されていません。書き込みできる場所を指定してください。",
            path,
        )
    assert state.schema_revision is not None
    refuse_if_newer(path, state.schema_revision, None)
    if state.schema_revision != SCHEMA_HEAD:
        raise DatabaseLocationError(
            f"データベース「{path}」は古い版のため更新が必要ですが、読み取り専用のため更新できません。"
            "書き込みできる場所に置いてから開いてください（ファイルは変更していません）。",
            path,
        )
    log.info("opening %s read-only", path.name)
    return Database(path, read_only=True)


def _head(script_location: Path) -> str:
    from .migrate import known_revisions

    head, _known = known_revisions(script_location)
    assert head is not None
    return head


def _create(path: Path, seed_path: Path | None, script_location: Path | None) -> None:
    from sqlalchemy.exc import OperationalError

    log.info("creating %s with the default data", path.name)
    existed = path.exists()
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            upgrade(connection, path, script_location)
            _write_meta(connection, created=True)
            _seed(connection, seed_path)
            _freeze_newest_edition(connection)
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:  # pragma: no cover - the default dataset is tested
                raise MigrationError(f"既定データの参照が不整合です: {violations[:3]}", path)
    except BaseException as error:
        engine.dispose()
        if not existed:
            _remove_database_files(path)
        if isinstance(error, OperationalError):
            raise _write_failed(path, error) from error
        raise
    finally:
        engine.dispose()


def _upgrade_existing(path: Path, from_revision: str, script_location: Path | None) -> None:
    from sqlalchemy.exc import OperationalError

    log.info("upgrading %s from schema %s", path.name, from_revision)
    backup = backup_copy(path, f"before-migration-{from_revision}")
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            upgrade(connection, path, script_location)
            _write_meta(connection, created=False)
            _add_new_defaults(connection)
            _freeze_newest_edition(connection)
    except MigrationError as error:
        raise MigrationError(f"{error.message}（更新前のバックアップ: {backup}）", path) from error
    except OperationalError as error:
        raise _write_failed(path, error) from error
    finally:
        engine.dispose()


def _write_meta(connection: Connection, *, created: bool) -> None:
    from sqlalchemy.orm import Session

    from .models import MetaEntry

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with Session(bind=connection) as session:
        if created:
            session.add(MetaEntry(key="database_id", value=new_database_id()))
            session.add(MetaEntry(key="created_at", value=now))
            session.add(MetaEntry(key="created_by_version", value=__version__))
        session.merge(MetaEntry(key="schema_written_by_version", value=__version__))
        session.merge(MetaEntry(key="schema_written_at", value=now))
        session.flush()


def _seed(connection: Connection, seed_path: Path | None) -> None:
    from .revisions import USER_KEY, RecordSession
    from .seed import SEED_USER, load_seed

    with RecordSession(bind=connection) as session:
        session.info[USER_KEY] = SEED_USER
        load_seed(session, seed_path)
        session.flush()


def _add_new_defaults(connection: Connection) -> None:
    """What a newer version adds to every database: the default 評価 scale (schema 0003)."""
    from .revisions import USER_KEY, RecordSession
    from .seed import SEED_USER, add_default_grades

    with RecordSession(bind=connection) as session:
        session.info[USER_KEY] = SEED_USER
        add_default_grades(session)
        session.flush()


def _freeze_newest_edition(connection: Connection) -> None:
    """The newest edition frozen from the data just created or upgraded, if it has no snapshot (schema 0004)."""
    import datetime as dt

    from .edition_store import freeze_newest_if_missing
    from .seed import SEED_USER

    freeze_newest_if_missing(connection, user=SEED_USER, now=dt.datetime.now(dt.UTC))


def _write_failed(path: Path, error: OperationalError) -> DatabaseLocationError:
    return DatabaseLocationError(
        f"データベース「{path}」に書き込めません（{error.orig}）。"
        "ディスクの空き容量と書き込み権限を確認してください。ファイルは変更していません。",
        path,
    )


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
