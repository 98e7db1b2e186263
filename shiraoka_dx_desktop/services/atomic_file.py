"""Writing a file the user asked for (workbook, CSV, PDF) atomically: the whole new file, or the old one untouched.

The content goes to a temporary file in the destination folder (so that the
final rename never crosses a drive), is flushed to disk, and replaces the
destination with :func:`os.replace`.  If anything fails, the temporary file
is removed and the destination is exactly as it was.  Failures a user can
act on (a missing or read-only folder, a file open in Excel, a full disk)
become a :class:`FileWriteError` with a Japanese message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..storage.errors import KnownError

__all__ = ["FileWriteError", "write_atomically"]

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
# ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_DISK_FULL_WINERRORS = {39, 112}
# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: Excel holds the file open.
_LOCKED_WINERRORS = {5, 32, 33}
_NEW_FILE_MODE = 0o644


class FileWriteError(KnownError):
    """An export file could not be written; an existing file of that name was left as it was."""


def write_atomically(path: Path, write: Callable[[BinaryIO], object], *, holder: str = "Excel") -> None:
    """Write ``path`` with ``write(handle)``, replacing any existing file only once it is complete.

    ``holder`` names the kind of program likely to hold the file open, for the message.
    """
    _check_destination(path)
    existed = path.exists()
    folder = path.parent
    try:
        descriptor, temporary_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _folder_error(path, error) from error
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(path.stat().st_mode & 0o777 if existed else _NEW_FILE_MODE)
        try:
            temporary.replace(path)
        except OSError as error:
            raise _replace_error(path, error, existed, holder) from error
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise _write_error(path, error, existed) from error
        raise
    _sync_folder(folder)


def _check_destination(path: Path) -> None:
    folder = path.parent
    if path.is_dir():
        raise FileWriteError(f"「{path}」はフォルダです。保存するファイルの名前を指定してください。", path)
    if not folder.exists():
        raise FileWriteError(
            f"保存先のフォルダ「{folder}」がありません。フォルダを作成するか、別の保存先を選んでください。", path
        )
    if not folder.is_dir():
        raise FileWriteError(f"保存先の「{folder}」はフォルダではありません。別の保存先を選んでください。", path)
    if path.exists() and not os.access(path, os.W_OK):
        raise FileWriteError(
            f"「{path.name}」は読み取り専用のため上書きできません。"
            "別の名前で保存するか、ファイルの読み取り専用を解除してください（元のファイルは変更していません）。",
            path,
        )


def _is_disk_full(error: OSError) -> bool:
    return error.errno in _DISK_FULL_ERRNOS or getattr(error, "winerror", None) in _DISK_FULL_WINERRORS


def _untouched(existed: bool) -> str:
    return "（元のファイルは変更していません）" if existed else ""


def _folder_error(path: Path, error: OSError) -> FileWriteError:
    folder = path.parent
    if _is_disk_full(error):
        return _disk_full(path, path.exists())
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return FileWriteError(
            f"保存先のフォルダ「{folder}」に書き込む権限がありません。"
            "書き込みできるフォルダ（ドキュメントやデスクトップなど）を選んでください。",
            path,
        )
    return _write_error(path, error, path.exists())


def _replace_error(path: Path, error: OSError, existed: bool, holder: str) -> FileWriteError:
    if isinstance(error, PermissionError) or getattr(error, "winerror", None) in _LOCKED_WINERRORS:
        return FileWriteError(
            f"「{path.name}」を上書きできません。{holder}などでこのファイルを開いている場合は閉じてから、"
            f"もう一度書き出すか、別の名前で保存してください{_untouched(existed)}。",
            path,
        )
    return _write_error(path, error, existed)


def _disk_full(path: Path, existed: bool) -> FileWriteError:
    return FileWriteError(
        f"保存先「{path.parent}」の空き容量が足りないため、「{path.name}」を書き出せませんでした。"
        f"不要なファイルを削除するか、別のドライブに保存してください{_untouched(existed)}。",
        path,
    )


def _write_error(path: Path, error: OSError, existed: bool) -> FileWriteError:
    if _is_disk_full(error):
        return _disk_full(path, existed)
    detail = error.strerror or str(error)
    return FileWriteError(
        f"「{path}」を書き出せませんでした（{detail}）。別の保存先を選んで、もう一度書き出してください{_untouched(existed)}。",
        path,
    )


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable; Windows has no directory handles to sync, and needs none.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
