"""Long work (writing a workbook or a PDF, reading a workbook to import) off the window's thread.

The window stays painted and a progress dialog with 中止 appears when the work takes
more than a moment.  Python cannot stop a thread half way, so 中止 means "throw the
result away": the caller only offers it where nothing has been written yet, or where
what was written can be discarded (a file written under a temporary name).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..services.atomic_file import FileWriteError

__all__ = ["Outcome", "run_in_background", "write_file_in_background"]

T = TypeVar("T")

# The progress dialog appears only for work that lasts longer than this.
SHOW_AFTER_MS = 400


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What the work returned, or that the user cancelled it."""

    value: T | None
    cancelled: bool


class _Finished(QObject):
    done = Signal()


def run_in_background(
    parent: QWidget,
    title: str,
    label: str,
    work: Callable[[], T],
    *,
    cancellable: bool = True,
) -> Outcome[T]:
    """Run ``work`` on a thread while the window keeps responding; re-raise what it raised.

    Returns once the work has ended, also after 中止 (its result is then dropped).
    """
    result: list[T] = []
    failure: list[BaseException] = []
    finished = _Finished()

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # re-raised on the window's thread
            failure.append(error)
        finally:
            finished.done.emit()

    progress = QProgressDialog(label, "中止" if cancellable else "", 0, 0, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    # A new dialog's value is -1, and Qt restarts its show timer for a new minimum duration only at the
    # minimum: without this it would keep its default and appear after 4 s.
    progress.setValue(0)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    if not cancellable:
        progress.setCancelButton(None)
    cancelled = threading.Event()

    def cancel() -> None:
        cancelled.set()
        progress.setLabelText("中止しています…（途中までの結果は使いません）")

    progress.canceled.connect(cancel)
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    thread = threading.Thread(target=run, name=f"background: {title}", daemon=True)
    thread.start()
    loop.exec()  # the queued quit arrives even if the work ended before this line
    thread.join()
    progress.canceled.disconnect(cancel)  # closing a progress dialog counts as cancelling it
    progress.close()
    progress.deleteLater()
    if cancelled.is_set():
        return Outcome(None, True)
    if failure:
        raise failure[0]
    return Outcome(result[0], False)


def write_file_in_background(parent: QWidget, title: str, path: Path, write: Callable[[Path], object]) -> bool:
    """Write ``path`` with ``write(target)`` on a thread, with 中止; True once the file is in place.

    The work writes a staging file beside ``path``, which replaces ``path`` only if the
    user did not cancel: after 中止 an existing file of that name is left as it was.
    Raises :class:`FileWriteError` (a Japanese message) when the file cannot be put in place.
    """
    staging = path.with_name(f".{path.stem}.{os.getpid()}.書出し中{path.suffix}")
    label = f"「{path.name}」を書き出しています…"
    try:
        try:
            outcome = run_in_background(parent, title, label, lambda: write(staging))
        except FileWriteError as error:  # name the file the user chose, not the staging file
            message = error.message.replace(str(staging), str(path)).replace(staging.name, path.name)
            raise FileWriteError(message, path) from error
        if outcome.cancelled:
            return False
        with contextlib.suppress(OSError):
            if path.exists():
                staging.chmod(path.stat().st_mode & 0o777)
        try:
            staging.replace(path)
        except OSError as error:
            raise FileWriteError(
                f"「{path}」を置き換えられません（{error.strerror or error}）。"
                "Excel や PDF ビューアーで開いていれば閉じてから、もう一度保存してください。",
                path,
            ) from error
        return True
    finally:
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)
