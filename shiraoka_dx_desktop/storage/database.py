"""Opening the database file: engine, durability, and what to do with what is found.

Durability.  The file is in WAL mode with ``synchronous=FULL``: every commit
waits until the write-ahead log is on disk, so an edit reported as saved
survives a killed process *and* a power cut, and a crash at any moment leaves
the file consistent (SQLite replays or discards the log on next open).
``NORMAL`` would be faster but can lose the last commits on power loss,
which an application without a Save button must not do.  Edits are single
small transactions, so the extra fsync costs milliseconds.

Transactions.  pysqlite's own transaction handling is switched off
(``isolation_level = None``) and ``BEGIN`` is issued by SQLAlchemy's ``begin``
event, so that transactions are exactly what the code says, DDL included.
(SQLAlchemy 2.1's recipe based on ``dbapi_connection.autocommit`` needs
Python 3.12's sqlite3 and fails on 3.11.)

Start-up.  Opening an up-to-date file and reading it for the window needs only the
standard library's sqlite3 (:meth:`Database.reader`); SQLAlchemy, the ORM models
and Alembic are imported when something is first written, created or upgraded.
Importing them costs more than the whole of Qt's start-up.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.identity import new_id
from .errors import (
    DamagedDatabaseError,
    DatabaseLocationError,
    ForeignDatabaseError,
    NotADatabaseError,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import sessionmaker

    from .revisions import RecordSession

__all__ = [
    "APPLICATION_ID",
    "Database",
    "FileKind",
    "FileState",
    "check_location",
    "inspect_file",
    "make_engine",
]

SQLITE_HEADER = b"SQLite format 3\x00"
# Written into the file header (PRAGMA application_id) so that the file says
# whose it is: ASCII "SHDX".
APPLICATION_ID = 0x53484458


# Seconds a write waits for another program that holds the database before it gives up with a message.
_BUSY_TIMEOUT = 10.0


def make_engine(path: Path, *, foreign_keys: bool = True, read_only: bool = False) -> Engine:
    """An engine on ``path`` with this application's connection settings.

    ``foreign_keys=False`` is for schema migrations only: a batch migration
    rebuilds a table by copy-and-rename, which with enforcement on would
    cascade-delete the rows of every child table.
    """
    from sqlalchemy import create_engine, event

    if read_only:
        # A file the user may not write: read it as it is, creating nothing beside it.
        return create_engine("sqlite+pysqlite://", creator=lambda: _read_only_connection(path))
    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": _BUSY_TIMEOUT})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


class FileKind(Enum):
    NEW = "new"  # missing, zero bytes, or an SQLite file with no tables
    OURS = "ours"


class FileState(NamedTuple):
    kind: FileKind
    schema_revision: str | None = None


def check_location(path: Path, *, create_folder: bool) -> None:
    """Refuse a database whose folder is missing or cannot be written to."""
    folder = path.parent
    if path.exists() and path.is_dir():
        raise DatabaseLocationError(
            f"データベースとして指定された「{path}」はフォルダです。ファイル名まで指定してください。", path
        )
    if not folder.exists():
        if not create_folder:
            raise DatabaseLocationError(
                f"データベースのフォルダ「{folder}」がありません。フォルダを作成するか、別の場所を指定してください。",
                path,
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseLocationError(
                f"データベースのフォルダ「{folder}」を作成できません（{error.strerror}）。"
                "書き込みできる場所を指定してください。",
                path,
            ) from error
    if not folder.is_dir():
        raise DatabaseLocationError(
            f"「{folder}」はフォルダではないため、データベース「{path.name}」を置けません。別の場所を指定してください。",
            path,
        )
    # SQLite writes its -wal and -shm files beside the database.
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise DatabaseLocationError(
            f"データベース「{path}」またはそのフォルダに書き込めません（読み取り専用）。"
            "書き込みできる場所に置くか、管理者に権限を確認してください。",
            path,
        )


def _read_only_connection(path: Path) -> sqlite3.Connection:
    # Without a write-ahead log beside it the file alone is the whole database,
    # and "immutable" reads it without creating -wal/-shm files next to it.
    # With one (another process has it open, or a crash left it), read
    # through it as usual so that nothing committed is missed.
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True, timeout=10, check_same_thread=False
    )


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    connection = _read_only_connection(path)
    try:
        yield connection
    finally:
        connection.close()


def inspect_file(path: Path) -> FileState:
    """Look at a database file without changing it, and say what it is.

    Raises a :class:`~.errors.KnownError` for a file that is not SQLite,
    is damaged, or belongs to another application.
    """
    if not path.exists() or path.stat().st_size == 0:
        return FileState(FileKind.NEW)
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"「{path}」は白岡市DX推進のデータベース（SQLite形式）ではありません。"
            "別のファイルを指定するか、--db を付けずに起動して既定のデータベースを使ってください。",
            path,
        )
    try:
        with _read_only(path) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise _damaged(path, "; ".join(problems[:3]))
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return FileState(FileKind.NEW)
            if "alembic_version" not in tables or application_id not in (0, APPLICATION_ID):
                raise ForeignDatabaseError(
                    f"「{path}」は別のアプリケーションのデータベースです。"
                    "白岡市DX推進のデータベースを指定してください（このファイルは変更していません）。",
                    path,
                )
            versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    except (sqlite3.Error, UnicodeDecodeError) as error:  # damaged text is damage too
        raise _damaged(path, str(error)) from error
    if len(versions) != 1:
        raise _damaged(path, "スキーマの版が読み取れません")
    return FileState(FileKind.OURS, versions[0])


def _damaged(path: Path, detail: str) -> DamagedDatabaseError:
    return DamagedDatabaseError(
        f"データベース「{path}」が破損しています（{detail}）。"
        "このファイルは変更していません。バックアップから復元するか、事務局（DX推進課）に連絡してください。",
        path,
    )


class Database:
    """An open database file: fast plain reads, and the engine and sessions that stamp records."""

    def __init__(self, path: Path, engine: Engine | None = None, *, read_only: bool = False) -> None:
        self.path = path
        # Opened from a read-only file or folder: for reading, printing and exporting only.
        self.read_only = read_only
        if engine is not None:
            self.engine = engine  # fills the cached property

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.path, read_only=self.read_only)

    @cached_property
    def _sessions(self) -> sessionmaker[RecordSession]:
        from sqlalchemy.orm import sessionmaker

        from .revisions import RecordSession

        return sessionmaker(bind=self.engine, class_=RecordSession, expire_on_commit=False)

    def session(self, user: str, *, clock: Callable[[], Any] | None = None) -> RecordSession:
        """A session whose changes are stamped as made by ``user``."""
        from .revisions import NOW_KEY, USER_KEY

        session = self._sessions()
        session.info[USER_KEY] = user
        if clock is not None:
            session.info[NOW_KEY] = clock
        return session

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection for reading, inside one read transaction (a consistent view)."""
        if self.read_only:
            connection = _read_only_connection(self.path)
            connection.isolation_level = None
        else:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            connection.execute("PRAGMA query_only=ON")
            connection.execute("BEGIN")
            yield connection
            connection.execute("COMMIT")
        finally:
            connection.close()

    def meta(self) -> dict[str, str]:
        with self.reader() as connection:
            return dict(connection.execute("SELECT key, value FROM meta"))

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about this database (not user data: no history, no undo); sqlite3.Error if it cannot."""
        if self.read_only:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        connection = sqlite3.connect(self.path, timeout=10)
        try:
            with connection:
                connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        finally:
            connection.close()

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def new_database_id() -> str:
    return new_id()
