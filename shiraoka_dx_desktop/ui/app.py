"""Starting the desktop application: the Qt application object, the database, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from .. import __version__, paths
from ..storage.errors import KnownError
from ..storage.opening import open_database
from .document import Document
from .main_window import MainWindow

__all__ = ["UI_FONT_FAMILIES", "make_application", "run_application"]

# Fonts on the city's Windows terminals first, then common fallbacks elsewhere.
UI_FONT_FAMILIES = ["BIZ UDPGothic", "BIZ UDPゴシック", "Yu Gothic UI", "Meiryo UI", "Meiryo", "Noto Sans CJK JP"]


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("shiraoka-dx")
    app.setApplicationDisplayName("白岡市DX推進")
    app.setOrganizationName("ShiraokaCity")
    app.setApplicationVersion(__version__)
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "shiraoka-dx.png")))
    return app


def user_settings() -> QSettings:
    """The user's settings file (an INI file, readable by administrators)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ShiraokaCity", "shiraoka-dx")


def terminal_user_name(settings: QSettings, login_name: str) -> str:
    """The name changes are recorded under: asked once, at the first start."""
    stored = settings.value("user/name")
    if isinstance(stored, str) and stored.strip():
        return stored
    name, ok = QInputDialog.getText(
        None,
        "利用者名",
        "変更の記録に残す名前を入力してください（課名と氏名など）。\n後から［ファイル］→［利用者名の設定］で変えられます。",
        text=login_name,
    )
    chosen = name.strip() if ok and name.strip() else login_name
    settings.setValue("user/name", chosen)
    return chosen


def run_application(path: Path, *, create_folder: bool, user: str) -> int:
    """Open the database and show the main window until it is closed."""
    app = make_application()
    try:
        database = open_database(path, create_folder=create_folder)
    except KnownError as error:
        QMessageBox.critical(None, "データベースを開けません", error.message)
        return 2
    settings = user_settings()
    with database:
        document = Document(database, terminal_user_name(settings, user))
        window = MainWindow(document, settings)
        window.show()
        QTimer.singleShot(100, document.preload_editor)  # after the first paint
        return app.exec()
