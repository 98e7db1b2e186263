"""Where the file dialogs open: the folder last used for that kind of file, else the user's documents.

Never the program's own folder (the working directory when no folder is given).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

__all__ = ["remember_folder", "start_folder"]


def start_folder(settings: QSettings, key: str) -> Path:
    """The folder remembered under ``key`` if it still exists, else ドキュメント, else the home folder."""
    stored = settings.value(key)
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(settings: QSettings, key: str, chosen: Path) -> None:
    settings.setValue(key, str(chosen.parent))
