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


class InstanceLock:
    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyOpenError`."""
        handle = self.path.open("a+b")
        try:
            _lock(handle)
        except OSError as error:
            handle.close()
            raise AlreadyOpenError(
                f"データベース「{self.path.with_suffix('')}」は、既に別のウィンドウで開かれています。"
                "そのウィンドウを使ってください（二つのウィンドウから同時に書き込むことはできません）。",
                self.path,
            ) from error
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode("ascii"))
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
