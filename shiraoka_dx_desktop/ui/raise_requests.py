"""Raise requests: a second start on the same database asks the window already open to come to the front.

The second start writes a note file beside the database (``storage.instance_lock.raise_request_path``)
and leaves; the first one watches that file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher
from PySide6.QtWidgets import QWidget

__all__ = ["watch_for_raise_requests"]


def watch_for_raise_requests(window: QWidget, path: Path) -> QFileSystemWatcher | None:
    """Bring ``window`` to the front whenever ``path`` is written; ``None`` if the note cannot be made."""
    try:
        path.touch()
    except OSError:
        return None
    watcher = QFileSystemWatcher([str(path)], window)
    watcher.fileChanged.connect(lambda changed: _come_forward(window, watcher, changed))
    return watcher


def _come_forward(window: QWidget, watcher: QFileSystemWatcher, changed: str) -> None:
    if changed not in watcher.files():
        watcher.addPath(changed)  # some systems stop watching a replaced file
    window.showNormal()
    window.raise_()
    window.activateWindow()
