"""Asking for a file: in Japanese, starting in the folder last used for that kind of file.

Never the program's own folder (the working directory when no folder is given): the
folder remembered for the kind of file if it still exists, else ドキュメント, else home.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from .qt_translation import complete_file_dialog_strings
from .settings import TextSetting

__all__ = ["choose_open_path", "choose_save_path", "remember_folder", "start_folder"]


def start_folder(settings: QSettings, folder: TextSetting) -> Path:
    """The ``folder`` remembered if it still exists, else ドキュメント, else the home folder."""
    stored = folder.read(settings)
    if stored and Path(stored).is_dir():
        return Path(stored)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(settings: QSettings, folder: TextSetting, chosen: Path) -> None:
    folder.write(settings, str(chosen.parent))


def choose_save_path(
    parent: QWidget | None,
    settings: QSettings,
    folder: TextSetting,
    *,
    title: str,
    name: str,
    file_filter: str,
    suffix: str,
) -> Path | None:
    """The file to write, proposed as ``name`` in the remembered folder; ``suffix`` is added if left off."""
    complete_file_dialog_strings()
    chosen, _selected = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(settings, folder) / name), file_filter
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    remember_folder(settings, folder, path)
    return path


def choose_open_path(
    parent: QWidget | None, settings: QSettings, folder: TextSetting, *, title: str, file_filter: str
) -> Path | None:
    """An existing file to read, looked for in the remembered folder."""
    complete_file_dialog_strings()
    chosen, _selected = QFileDialog.getOpenFileName(parent, title, str(start_folder(settings, folder)), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    remember_folder(settings, folder, path)
    return path
