"""Domain, storage and services never import Qt; start-up does not import the heavy exporters."""

from __future__ import annotations

import ast
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
