"""［ファイル］→［公開用に書き出し］: choose a folder, confirm replacing what is in it, write the site in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..services.publishing import SUMMARY_PDF, check_site_folder, export_public_site
from ..storage.database import Database
from ..storage.errors import KnownError
from .background import run_in_background
from .file_dialogs import start_folder
from .qt_translation import complete_file_dialog_strings
from .settings import EXPORT_FOLDER

__all__ = ["export_public_site_interactively"]

_TITLE = "公開用に書き出し"


def _confirm_replacing(parent: QWidget, folder: Path) -> bool:
    answer = QMessageBox.question(
        parent,
        _TITLE,
        f"フォルダ「{folder}」には、すでにファイルがあります。\n"
        "中身をすべて、今のデータの公開用のページで置き換えます。よろしいですか？",
    )
    return answer == QMessageBox.StandardButton.Yes


def export_public_site_interactively(parent: QWidget, database: Database, settings: QSettings) -> str | None:
    """Ask for the folder and write the site into it; what was written, in words (None: cancelled or said already)."""
    complete_file_dialog_strings()
    chosen = QFileDialog.getExistingDirectory(
        parent, "公開用のページの保存先（空のフォルダ）", str(start_folder(settings, EXPORT_FOLDER))
    )
    if not chosen:
        return None
    folder = Path(chosen)
    try:
        replaces = check_site_folder(folder)
        if replaces and not _confirm_replacing(parent, folder):
            return None
        outcome = run_in_background(
            parent,
            _TITLE,
            "公開用のページと概要版（PDF）を書き出しています…",
            lambda: export_public_site(database, folder, force=replaces),
            cancellable=False,
        )
    except KnownError as error:
        QMessageBox.critical(parent, "書き出せませんでした", error.message)
        return None
    if outcome.value is None:
        return None
    EXPORT_FOLDER.write(settings, str(folder))
    return f"公開用のページと概要版（PDF）を「{folder}」に書き出しました（最初のページは index.html、概要版は {SUMMARY_PDF}）。"
