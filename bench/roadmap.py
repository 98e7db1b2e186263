"""The 工程表 at scale: showing it, scrolling it and editing a cell, against plain baselines.

    python -m bench.roadmap [--initiatives 10000] [--edits 50] [--db PATH]

Figures, each beside a baseline measured in the same run:

* open the database, load it and show the main window on the 工程表 tab, painted;
  baseline: a plain QTableView over a minimal table model of the same rows, read with
  one sqlite3 query, shown and painted;
* switch to the 工程表 tab from the 取組項目 tab (the tab is built on first show);
* scroll the grid page by page from top to bottom, repainting each page, and count
  the database statements run while scrolling (must be none);
* edit one cell (through the model, as the delegate does), committed in its own
  transaction, with the row repainted; baseline: one sqlite3 UPDATE committed with
  the same durability settings (WAL, synchronous=FULL).

Runs offscreen unless DISPLAY is set and QT_QPA_PLATFORM is not.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableView

from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui.app import make_application
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import INITIATIVES, ROADMAP, MainWindow


class _PlainModel(QAbstractTableModel):
    """The least a table model can do: strings from a list."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 6

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


def _settings(folder: Path, tab: int) -> QSettings:
    settings = QSettings(str(folder / f"settings-{tab}.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/tab", tab)
    return settings


def _painted(app: QApplication, widget: Any) -> None:
    widget.show()
    app.processEvents()
    widget.repaint()


@contextmanager
def _counting_statements() -> Iterator[list[str]]:
    """Count every SQL statement run on a connection opened while this is active."""
    statements: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        yield statements
    finally:
        sqlite3.connect = real_connect


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(path: Path, edits: int, folder: Path) -> None:
    app = make_application()

    # Baseline: a plain table of the same rows.
    def plain() -> QTableView:
        connection = sqlite3.connect(path)
        rows = connection.execute(
            "SELECT i.name, MAX(CASE WHEN c.fiscal_year = 2023 THEN c.phase END),"
            " MAX(CASE WHEN c.fiscal_year = 2024 THEN c.phase END), MAX(CASE WHEN c.fiscal_year = 2025 THEN c.phase END),"
            " MAX(CASE WHEN c.fiscal_year = 2026 THEN c.phase END), MAX(CASE WHEN c.fiscal_year = 2027 THEN c.phase END)"
            " FROM initiative i LEFT JOIN roadmap_cell c ON c.initiative_id = i.id GROUP BY i.id"
        ).fetchall()
        connection.close()
        view = QTableView()
        view.setModel(_PlainModel(rows))
        view.resize(1280, 800)
        _painted(app, view)
        return view

    baseline_view: list[QTableView] = []
    baseline = _timed(lambda: baseline_view.append(plain()))
    rows = baseline_view[0].model().rowCount()
    baseline_view[0].close()

    windows: list[MainWindow] = []

    def open_on_roadmap() -> None:
        window = MainWindow(Document(open_database(path), "ベンチマーク"), _settings(folder, ROADMAP))
        window.resize(1280, 800)
        _painted(app, window)
        windows.append(window)

    shown = _timed(open_on_roadmap)
    windows.pop().close()

    window = MainWindow(Document(open_database(path), "ベンチマーク"), _settings(folder, INITIATIVES))
    window.resize(1280, 800)
    _painted(app, window)
    switched = _timed(lambda: (window.tabs.setCurrentIndex(ROADMAP), app.processEvents(), window.repaint()))

    view = window.roadmap_view
    bar = view.verticalScrollBar()
    pages: list[float] = []
    with _counting_statements() as statements:
        bar.setValue(0)
        while True:
            pages.append(_timed(lambda: (bar.setValue(bar.value() + bar.pageStep()), view.viewport().repaint())))
            if bar.value() >= bar.maximum():
                break
    scroll_statements = len(statements)

    window.document.preload_editor().join()
    model = window.roadmap_model
    rng = random.Random(7)
    initiative_rows = [row for row in range(model.rowCount()) if model.initiative(row) is not None]
    words = ["検討", "実施", "運用", "準備", "■", ""]
    edit_times: list[float] = []
    for _ in range(edits):
        row = rng.choice(initiative_rows)
        column = rng.randrange(1, model.columnCount())
        view.scrollTo(model.index(row, column))
        app.processEvents()

        def edit(row: int = row, column: int = column) -> None:
            model.setData(model.index(row, column), rng.choice(words))
            view.viewport().repaint()

        edit_times.append(_timed(edit))
        if os.environ.get("BENCH_VERBOSE"):
            print(f"  edit {len(edit_times)}: {edit_times[-1] * 1000:.1f} ms")
    window.close()
    window.document.database.close()

    # Baseline for an edit: one UPDATE, committed with the same durability.
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    cell_ids = [cell_id for (cell_id,) in connection.execute("SELECT id FROM roadmap_cell LIMIT 1000")]
    plain_edits: list[float] = []
    for _ in range(edits):
        cell_id = rng.choice(cell_ids)

        def update(cell_id: str = cell_id) -> None:
            connection.execute("BEGIN")
            connection.execute("UPDATE roadmap_cell SET note = ? WHERE id = ?", (str(rng.random()), cell_id))
            connection.execute("COMMIT")

        plain_edits.append(_timed(update))
    connection.close()

    platform = os.environ.get("QT_QPA_PLATFORM", "xcb")
    print(f"platform: {platform}; roadmap rows: {model.rowCount()} (initiatives {rows})")
    print(f"open and show the 工程表 tab: {shown:.3f} s (plain QTableView of the same rows: {baseline:.3f} s)")
    print(f"switch to the 工程表 tab (built on first show): {switched:.3f} s")
    print(
        f"scroll {len(pages)} pages: median {statistics.median(pages) * 1000:.1f} ms,"
        f" max {max(pages) * 1000:.1f} ms per page; SQL statements while scrolling: {scroll_statements}"
    )
    print(
        f"cell edit committed and repainted ({edits} edits): median {statistics.median(edit_times) * 1000:.1f} ms,"
        f" max {max(edit_times) * 1000:.1f} ms"
        f" (plain sqlite3 UPDATE + commit: median {statistics.median(plain_edits) * 1000:.1f} ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--db", type=Path, help="use (or create) this synthetic database instead of a temporary one")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = arguments.db or folder / "bench.sqlite"
        if not path.exists():
            from bench.synthetic import generate

            generate(path, arguments.initiatives)
        run(path, arguments.edits, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
