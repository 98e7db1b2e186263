"""The 進捗 tab at scale: opening it, switching the year, editing, against plain baselines in the same run.

    python -m bench.progress [--initiatives 10000] [--indicators 10000] [--edits 60] [--runs 3] [--db PATH]

The database is the synthetic one with ``--every-year-evaluations`` (nine in ten initiatives evaluated
in each of the plan's five years) and ``--indicators`` indicators with actuals (``bench/synthetic.py``).
Figures, each beside a baseline measured in the same run:

* open the database, load it and show the main window on the 進捗 tab, painted, its dashboard
  counted; and switch to the tab from 取組項目 (built on first show);
  baseline: a plain QTableView over a minimal table model of the same rows and columns for the
  year (one sqlite3 query joining initiatives, sections, evaluations and grades), shown and painted;
* switch the year: the table repainted, then the dashboard counted again, once the user has read the
  table for a moment (the dashboard finds the other years' indicators behind meanwhile) and, once,
  right after opening;
  baseline: the plain table's rows read again for the other year (one query), the model reset, repainted;
* edit a 評価, a 実績 text and an indicator's actual through the models (as the delegates do),
  committed in its own transaction, the row repainted; then the dashboard brought up to date;
  baseline: one sqlite3 UPDATE committed with the same durability (WAL, synchronous=FULL), the plain
  model told the row changed and repainted;
* the SQL statements run while scrolling the table from top to bottom (must be none).

Runs offscreen unless DISPLAY is set and QT_QPA_PLATFORM is not, from compiled bytecode as an installed
program does (the package is compiled first, whatever PYTHONDONTWRITEBYTECODE says: compiling the tab's
modules on first use would otherwise add 30–50 ms to opening it).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableView

from bench.roadmap import _counting_statements
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui.app import make_application, resume_collector
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import INITIATIVES, PROGRESS, MainWindow
from shiraoka_dx_desktop.ui.progress_models import ProgressTableModel as M

_PLAIN_QUERY = (
    "SELECT i.name, COALESCE(s.name, ''), COALESCE(g.code, ''), COALESCE(e.result, ''), COALESCE(e.issues, ''),"
    " COALESCE(e.next_steps, ''), COALESCE(e.updated_by, ''), COALESCE(e.updated_at, ''), e.id"
    " FROM initiative i LEFT JOIN section s ON s.id = i.lead_section_id"
    " LEFT JOIN evaluation e ON e.initiative_id = i.id AND e.fiscal_year = ?"
    " LEFT JOIN evaluation_grade g ON g.id = e.grade_id"
)


class _PlainModel(QAbstractTableModel):
    """The least a table model can do: strings from a list."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 8

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

    def replace(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms"


def _s(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s, max {max(values):.3f} s"


def _settings(folder: Path, tab: int) -> QSettings:
    settings = QSettings(str(folder / f"settings-{tab}.ini"), QSettings.Format.IniFormat)
    settings.clear()
    settings.setValue("window/tab", tab)
    return settings


def _shown(app: QApplication, widget: Any) -> None:
    widget.show()
    app.processEvents()  # the dashboard is counted in the first turn of the event loop
    widget.repaint()


def _plain_baselines(app: QApplication, path: Path, years: list[int]) -> dict[str, Any]:
    connection = sqlite3.connect(path)
    view = QTableView()
    view.resize(1229, 655)

    def show() -> None:
        view.setModel(_PlainModel(connection.execute(_PLAIN_QUERY, (years[0],)).fetchall()))
        _shown(app, view)

    opened = _timed(show)
    model = view.model()
    assert isinstance(model, _PlainModel)
    switches = [
        _timed(lambda y=year: (model.replace(connection.execute(_PLAIN_QUERY, (y,)).fetchall()), view.repaint()))
        for year in years[1:] * 2
    ]
    rows = model.rowCount()
    view.close()
    connection.close()
    return {"open": opened, "switch": switches, "rows": rows}


def _plain_edits(path: Path, edits: int, rng: random.Random) -> list[float]:
    """One UPDATE committed with the window's durability, the plain model's row told and repainted."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    ids = [record_id for (record_id,) in connection.execute("SELECT id FROM evaluation LIMIT 2000")]
    model = _PlainModel([("",) * 8] * 50)
    view = QTableView()
    view.setModel(model)
    view.show()
    times = []
    for _ in range(edits):
        record_id = rng.choice(ids)

        def update(record_id: str = record_id) -> None:
            connection.execute("BEGIN")
            connection.execute("UPDATE evaluation SET result = ? WHERE id = ?", (str(rng.random()), record_id))
            connection.execute("COMMIT")
            model.dataChanged.emit(model.index(3, 0), model.index(3, 7))
            view.viewport().repaint()

        times.append(_timed(update))
    view.close()
    connection.close()
    return times


def _open(app: QApplication, path: Path, folder: Path, runs: int) -> dict[str, list[float]]:
    """The window opened on the 進捗 tab, as the application starts (the cycle collector paused until the
    first paint, ``cli._run_gui``) and with the collector running; the tab first shown from 取組項目."""
    times: dict[str, list[float]] = {"paused": [], "running": [], "switched": []}
    for _ in range(runs):
        for collector in ("paused", "running"):
            gc.collect()
            started = time.perf_counter()
            if collector == "paused":
                gc.disable()
            window = _open_window(app, path, folder, PROGRESS)
            gc.enable()
            times[collector].append(time.perf_counter() - started)
            _close(app, window)
        window = _open_window(app, path, folder, INITIATIVES)
        gc.collect()
        started = time.perf_counter()
        window.tabs.setCurrentIndex(PROGRESS)
        app.processEvents()
        window.repaint()
        times["switched"].append(time.perf_counter() - started)
        _close(app, window)
    return times


def _open_window(app: QApplication, path: Path, folder: Path, tab: int) -> MainWindow:
    window = MainWindow(Document(open_database(path), "ベンチマーク"), _settings(folder, tab))
    window.resize(1229, 655)
    _shown(app, window)
    return window


def _close(app: QApplication, window: MainWindow) -> None:
    """Close and delete the window (an application has one: windows left over would slow the next)."""
    window.close()
    window.document.database.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # processEvents leaves these to the event loop
    gc.collect()


def _idle(app: QApplication, seconds: float) -> None:
    """The event loop left to itself for a while, as when the user reads."""
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.01)


def _year_switches(
    app: QApplication, window: MainWindow, years: list[int], rounds: int = 2
) -> tuple[list[float], list[float]]:
    page = window.progress_page
    combo = page.filters.year
    tables, dashboards = [], []
    for year in years * rounds:

        def choose(year: int = year) -> None:
            index = combo.findData(year)
            combo.setCurrentIndex(index)
            combo.activated.emit(index)
            page.table.viewport().repaint()

        tables.append(_timed(choose))
        dashboards.append(_timed(lambda: (app.processEvents(), page.dashboard.repaint())))
    return tables, dashboards


def _edits(app: QApplication, window: MainWindow, edits: int, rng: random.Random) -> dict[str, list[float]]:
    page = window.progress_page
    times: dict[str, list[float]] = {"評価": [], "実績": [], "指標の実績": [], "dashboard": []}
    for number in range(edits):
        row = rng.randrange(page.proxy.rowCount())
        page.table.scrollTo(page.proxy.index(row, M.NAME))
        page.table.setCurrentIndex(page.proxy.index(row, M.NAME))
        app.processEvents()
        which = ("評価", "実績", "指標の実績")[number % 3]
        edit = _edit(page, which, row, rng)
        if edit is not None:
            times[which].append(_timed(edit))
            times["dashboard"].append(_timed(lambda: (app.processEvents(), page.dashboard.repaint())))
    return times


def _edit(page: Any, which: str, row: int, rng: random.Random) -> Callable[[], None] | None:
    """One edit as a delegate makes it, with the view repainted; None where there is nothing to edit."""
    proxy, indicators = page.proxy, page.indicators.model
    grades = [grade.id for grade in page.data.grades] + [""]
    if which == "指標の実績":
        if not indicators.rowCount():
            return None
        index = indicators.index(0, indicators.column_of("actual", rng.choice(page.data.snapshot.years)))
        value, view = str(rng.randint(0, 2500)), page.indicators.table
    elif which == "評価":
        index, value, view = proxy.index(row, M.GRADE), rng.choice(grades), page.table
    else:
        index, value, view = proxy.index(row, M.RESULT), f"実績 {rng.random():.6f}", page.table

    def edit() -> None:
        assert index.model().setData(index, value), (which, value)
        view.viewport().repaint()

    return edit


def run(path: Path, edits: int, folder: Path, runs: int) -> None:
    app = make_application()
    with sqlite3.connect(path) as connection:
        years = [year for (year,) in connection.execute("SELECT DISTINCT fiscal_year FROM evaluation ORDER BY 1")]
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("initiative", "evaluation", "indicator", "indicator_actual")
        }
    connection.close()
    plain = _plain_baselines(app, path, years)
    gc.collect()
    opened = _open(app, path, folder, runs)

    gc.disable()  # as the application starts: paused from the command line to the first paint, then frozen
    window = _open_window(app, path, folder, PROGRESS)
    resume_collector()
    cold = _year_switches(app, window, years[:1], rounds=1)  # at once: nothing found for other years yet
    window.document.preload_editor().join()
    page = window.progress_page
    bar = page.table.verticalScrollBar()
    with _counting_statements() as statements:
        while bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
            page.table.viewport().repaint()
    _idle(app, 2.0)  # the user reads a moment: the dashboard finds the other years' indicators behind
    tables, dashboards = _year_switches(app, window, years)
    rng = random.Random(7)
    edit_times = _edits(app, window, edits, rng)
    window.close()
    window.document.database.close()
    plain_edits = _plain_edits(path, edits, rng)

    print(f"platform: {os.environ.get('QT_QPA_PLATFORM', 'xcb')}; {counts}")
    print(
        f"open and show the 進捗 tab, as the application starts ({runs} runs): {_s(opened['paused'])}"
        f" (plain QTableView of the same {plain['rows']} rows: {plain['open']:.3f} s)"
    )
    print(f"  the same with the cycle collector running: {_s(opened['running'])}")
    print(f"switch to the 進捗 tab from 取組項目 (built on first show): {_s(opened['switched'])}")
    print(f"switch the year, table repainted: {_ms(tables)} (plain table re-read and reset: {_ms(plain['switch'])})")
    print(f"  then the dashboard counted again: {_ms(dashboards)}")
    print(f"  both: {_ms([t + d for t, d in zip(tables, dashboards, strict=True)])}")
    print(f"  the first change of year, right after opening: {cold[0][0] * 1000:.1f} ms + {cold[1][0] * 1000:.1f} ms")
    for which in ("評価", "実績", "指標の実績"):
        print(f"edit {which}, committed and repainted ({len(edit_times[which])}): {_ms(edit_times[which])}")
    print(f"  then the dashboard brought up to date: {_ms(edit_times['dashboard'])}")
    print(f"  plain sqlite3 UPDATE + COMMIT + row repainted: {_ms(plain_edits)}")
    print(f"SQL statements while scrolling the table: {len(statements)}")


def main(argv: list[str] | None = None) -> int:
    import compileall

    import shiraoka_dx_desktop

    compileall.compile_dir(Path(shiraoka_dx_desktop.__file__).parent, quiet=1)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3, help="how many times the window is opened")
    parser.add_argument("--db", type=Path, help="use (or create) this synthetic database instead of a temporary one")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = arguments.db or folder / "bench.sqlite"
        if not path.exists():
            from bench.synthetic import generate

            generate(path, arguments.initiatives, every_year_evaluations=True, indicators=arguments.indicators)
        run(path, arguments.edits, folder, arguments.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
