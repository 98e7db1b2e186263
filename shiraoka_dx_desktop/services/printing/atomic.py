"""Writing the PDF atomically: the whole new file, or the old one untouched.

The bytes go to a temporary file in the destination folder (so the final
rename never crosses a drive), are flushed to disk, and replace the
destination with :func:`os.replace`; on any failure the temporary file is
removed and the destination is exactly as it was.  The same scheme as the
Excel export's writer, kept apart because importing that package loads
SQLAlchemy, which printing from the command line should not wait for; and
here the program holding a file open is a PDF viewer, not Excel.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from ...storage.errors import KnownError

__all__ = ["PdfWriteError", "write_bytes_atomically"]

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DISK_FULL_WINERRORS = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: a viewer holds the file open.
_LOCKED_WINERRORS = {5, 32, 33}
_NEW_FILE_MODE = 0o644
_UNTOUCHED = "（元のファイルは変更していません）"


class PdfWriteError(KnownError):
    """The PDF could not be written; an existing file of that name was left as it was."""


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path``, replacing any existing file only once all is on disk."""
    folder = path.parent
    if path.is_dir():
        raise PdfWriteError(f"「{path}」はフォルダです。保存するファイルの名前を指定してください。", path)
    if not folder.is_dir():
        raise PdfWriteError(
            f"保存先のフォルダ「{folder}」がありません。フォルダを作成するか、別の保存先を選んでください。", path
        )
    existed = path.exists()
    if existed and not os.access(path, os.W_OK):
        raise PdfWriteError(
            f"「{path.name}」は読み取り専用のため上書きできません。別の名前で保存するか、"
            f"ファイルの読み取り専用を解除してください{_UNTOUCHED}。",
            path,
        )
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _error(path, error, existed, creating=True) from error
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(path.stat().st_mode & 0o777 if existed else _NEW_FILE_MODE)
        temporary.replace(path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise _error(path, error, existed, creating=False) from error
        raise
    _sync_folder(folder)


def _error(path: Path, error: OSError, existed: bool, *, creating: bool) -> PdfWriteError:
    untouched = _UNTOUCHED if existed else ""
    if error.errno in _DISK_FULL_ERRNOS or getattr(error, "winerror", None) in _DISK_FULL_WINERRORS:
        return PdfWriteError(
            f"保存先「{path.parent}」の空き容量が足りないため、「{path.name}」を保存できませんでした。"
            f"不要なファイルを削除するか、別のドライブに保存してください{untouched}。",
            path,
        )
    denied = isinstance(error, PermissionError) or error.errno == errno.EROFS
    if creating and denied:
        return PdfWriteError(
            f"保存先のフォルダ「{path.parent}」に書き込む権限がありません。"
            "書き込みできるフォルダ（ドキュメントやデスクトップなど）を選んでください。",
            path,
        )
    if denied or getattr(error, "winerror", None) in _LOCKED_WINERRORS:
        return PdfWriteError(
            f"「{path.name}」を上書きできません。PDFビューアー（Acrobat Reader やブラウザーなど）で"
            f"このファイルを開いている場合は閉じてから、もう一度保存するか、別の名前で保存してください{untouched}。",
            path,
        )
    detail = error.strerror or str(error)
    return PdfWriteError(
        f"「{path}」を保存できませんでした（{detail}）。別の保存先を選んで、もう一度保存してください{untouched}。",
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
