"""The shape of the code: every window write goes through Document, and no function is long."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "shiraoka_dx_desktop"
MAX_FUNCTION_LINES = 60


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function with its qualified name (``Class.method``, ``outer.inner``), nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        elif not isinstance(node, ast.expr):  # a def is a statement: no need to look inside expressions
            yield from _functions(node, prefix)


def _long_functions(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(PACKAGE).as_posix()
    found = {}
    for name, node in _functions(tree):
        assert node.end_lineno is not None
        lines = node.end_lineno - node.lineno + 1  # from `def` to the last line of the body
        if lines > MAX_FUNCTION_LINES:
            found[f"{where}: {name}"] = lines
    return found


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = {name: lines for path in sorted(PACKAGE.rglob("*.py")) for name, lines in _long_functions(path).items()}
    assert long == {}


def test_the_length_check_sees_methods_and_nested_functions() -> None:
    body = "\n".join(f"            x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"class Dialog:\n    def build(self):\n        def inner():\n{body}\n        return inner\n"
    found = {name: (node.lineno, node.end_lineno) for name, node in _functions(ast.parse(source))}
    assert found == {
        "Dialog.build": (2, MAX_FUNCTION_LINES + 4),
        "Dialog.build.inner": (3, MAX_FUNCTION_LINES + 3),
    }


def _direct_writes(source: str) -> list[str]:
    """Where ``source`` writes without Document: an Editor made or named, or ``….editor.apply(…)``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "apply":
            receiver = node.func.value
            name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
            if name in ("editor", "_editor"):
                found.append((node.lineno, f"{ast.unparse(node.func)}(…)"))
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "Editor" for alias in node.names):
            found.append((node.lineno, "imports Editor"))
        elif isinstance(node, ast.Attribute) and node.attr == "Editor":
            found.append((node.lineno, ast.unparse(node)))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def test_every_write_from_the_window_goes_through_document() -> None:
    """Document records the undo step and tells the views; a write that bypasses it leaves them stale."""
    offenders = {
        path.name: writes
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if path.name != "document.py" and (writes := _direct_writes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_write_check_finds_a_direct_write() -> None:
    source = (
        "from ..services.editing import Editor\n"
        "def f(document, log):\n"
        "    document.editor.apply([], also=log)\n"
        "    editor = document.editor\n"
        "    editor.apply([])\n"
        "    editing.Editor(document.database, '')\n"
        "    line_edit.setText('apply')\n"
    )
    assert _direct_writes(source) == [
        "line 1: imports Editor",
        "line 3: document.editor.apply(…)",
        "line 5: editor.apply(…)",
        "line 6: editing.Editor",
    ]
