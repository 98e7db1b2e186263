"""Starting the desktop application: the Qt application object, the database, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__, paths
from ..services.snapshot import load_snapshot
from ..storage.errors import KnownError
from ..storage.opening import open_database
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


def run_application(path: Path, *, create_folder: bool, user: str) -> int:
    """Open the database and show the main window until it is closed."""
    app = make_application()
    try:
        database = open_database(path, create_folder=create_folder)
    except KnownError as error:
        QMessageBox.critical(None, "データベースを開けません", error.message)
        return 2
    with database:
        window = MainWindow(load_snapshot(database), database.path, user)
        window.show()
        return app.exec()
