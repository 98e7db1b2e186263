"""Domain, storage and services never import Qt; start-up does not import the heavy exporters."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "shiraoka_dx_desktop"
QT_FREE = ("domain", "storage", "services")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_lower_layers_never_import_qt() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imports(path) if name.split(".")[0] in ("PySide6", "shiboken6")
        )
        for layer in QT_FREE
        for path in (PACKAGE / layer).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_check_command_loads_neither_qt_nor_exporters() -> None:
    code = (
        "import sys; from shiraoka_dx_desktop import cli, storage;"
        "import shiraoka_dx_desktop.storage.opening, shiraoka_dx_desktop.storage.checks;"
        "print(sorted(m for m in ('PySide6', 'openpyxl', 'reportlab') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_showing_the_window_loads_neither_the_write_path_nor_exporters(db_path: Path) -> None:
    """The window is up before SQLAlchemy, Alembic, openpyxl or reportlab are imported.

    Importing SQLAlchemy alone takes longer than Qt's whole start-up; the write path
    is imported in the background once the window is shown, and on the first edit.
    """
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from shiraoka_dx_desktop import cli
from shiraoka_dx_desktop.ui.app import make_application
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow
app = make_application()
document = Document(open_database(Path({str(db_path)!r})), "tester")
window = MainWindow(document, QSettings({str(db_path.with_suffix(".ini"))!r}, QSettings.Format.IniFormat))
window.show()
app.processEvents()
print(window.initiative_model.rowCount())
print(sorted(m for m in ("sqlalchemy", "alembic", "openpyxl", "reportlab") if m in sys.modules))
document.preload_editor().join()
print("sqlalchemy" in sys.modules)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    rows, loaded, preloaded = result.stdout.split("\n")[:3]
    assert int(rows) == 28  # the default data is on screen
    assert loaded == "[]"
    assert preloaded == "True"
