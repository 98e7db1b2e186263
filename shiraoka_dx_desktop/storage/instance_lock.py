"""One writer per database: an exclusive lock on ``<database>.lock`` for as long as a window has it open.

The operating system releases the lock when the process ends, however it
ends, so a crash never leaves a stale lock behind.  A second start on the same
database finds the lock taken and says so; it can leave a note in
``<database>.raise`` that the first window watches, to come to the front.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

from .errors import KnownError

__all__ = ["AlreadyOpenError", "InstanceLock", "is_network_location", "raise_request_path"]


class AlreadyOpenError(KnownError):
    """The database is open in another window (this or another user's session)."""


def raise_request_path(database: Path) -> Path:
    return database.with_name(database.name + ".raise")


# What the holder of the lock is doing, written beside its process id, so that a second start can say.
_PURPOSES = {
    "window": "別のウィンドウで開かれています",
    "import": "別の取込の処理が使っています",
    "restore": "別の復元の処理が使っています",
}


class InstanceLock:
    def __init__(self, database: Path, purpose: str = "window") -> None:
        self.path = database.with_name(database.name + ".lock")
        self.purpose = purpose
        self._handle: IO[bytes] | None = None

    def _holder(self) -> str:
        try:
            words = self.path.read_text("ascii", errors="replace").split()
        except OSError:  # Windows keeps the locked bytes from other processes
            words = []
        purpose = words[1] if len(words) > 1 else ""
        return _PURPOSES.get(purpose, "別のウィンドウか、別の取込・復元の処理で使われています")

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyOpenError` (a :class:`KnownError` when the folder is read-only)."""
        database = self.path.with_suffix("")
        try:
            handle = self.path.open("a+b")
        except OSError as error:
            raise KnownError(
                f"データベース「{database}」のフォルダに書き込めません（{error.strerror}）。"
                "書き込みできる場所に置くか、管理者に権限を確認してください（データベースは変更していません）。",
                self.path,
            ) from error
        try:
            _lock(handle)
        except OSError as error:
            handle.close()
            raise AlreadyOpenError(
                f"データベース「{database}」は、{self._holder()}。"
                "それが終わってから、もう一度実行してください（二つの処理から同時に書き込むことはできません）。",
                self.path,
            ) from error
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {self.purpose}".encode("ascii"))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on the Windows terminals
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def is_network_location(path: Path) -> bool:
    """A database on a network drive or UNC path: SQLite's locking is not reliable there."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if drive:
            drive_remote = 4
            return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)
    return False
