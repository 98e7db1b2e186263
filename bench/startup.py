"""Time from process start to the main window shown, against a bare PySide6 window, in one run.

    python -m bench.startup [--runs 11] [--initiatives 0]

Each sample is a fresh interpreter: the parent starts it and stops the clock when the
child reports that its window has been shown and painted.  The baseline child imports
PySide6 and shows a QMainWindow holding one empty QTabWidget; the application child goes
through the real entry point (``shiraoka_dx_desktop.cli.main``) on an existing database, in
the real order (the command line first, Qt once it opens the window), so the figure
includes the imports, opening and checking the database, loading the policy, choosing the
bundled BIZ UDPGothic as the UI font and building the window.  It also reports whether
openpyxl or reportlab were imported on the way (they must not be).

Runs offscreen unless DISPLAY is set and QT_QPA_PLATFORM is not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READY = "shown"

_BASELINE_CHILD = f"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTabWidget())
window.resize(1280, 800)
window.show()
app.processEvents()
window.repaint()
print("{READY}", flush=True)
"""

# Not the issue's baseline, but telling: the same bare window showing the initiatives'
# names and descriptions in a plain table, read with one sqlite3 query.  The difference
# to the bare window is what drawing Japanese text costs before any of our code runs.
_TEXT_BASELINE_CHILD = f"""
import sqlite3, sys
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QTableView
app = QApplication(sys.argv[:1])
rows = sqlite3.connect(sys.argv[1]).execute("SELECT name, description FROM initiative ORDER BY position").fetchall()
model = QStandardItemModel()
for name, description in rows:
    model.appendRow([QStandardItem(name), QStandardItem(description)])
table = QTableView()
table.setModel(model)
tabs = QTabWidget()
for title in ("取組項目", "工程表", "推進体制", "用語集", "方針"):
    tabs.addTab(table if title == "取組項目" else QTabWidget(), title)
window = QMainWindow()
window.setCentralWidget(tabs)
window.resize(1280, 800)
window.show()
app.processEvents()
window.repaint()
print("{READY}", flush=True)
"""

# Runs the real entry point in the real order (the command line first, Qt only once it
# opens the window) and wraps MainWindow.show as soon as its module is loaded, so the
# child says when the window is up, then quits its event loop.
_APPLICATION_CHILD = f"""
import importlib.util, sys

class ReportWhenShown:  # a meta path finder (importlib.abc would load importlib.resources)
    def find_spec(self, name, path, target=None):
        if name != "shiraoka_dx_desktop.ui.main_window":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            wrap(module.MainWindow)
        spec.loader.exec_module = exec_module
        return spec

def wrap(window_class):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    shown = window_class.show
    def show_and_report(self):
        shown(self)
        QApplication.processEvents()
        self.repaint()
        heavy = [name for name in ("openpyxl", "reportlab") if name in sys.modules]
        print("{READY}", ",".join(heavy), flush=True)
        QTimer.singleShot(0, QApplication.quit)
    window_class.show = show_and_report

sys.meta_path.insert(0, ReportWhenShown())
from shiraoka_dx_desktop.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def _time_child(code: str, *args: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.communicate(timeout=60)
    if not line.startswith(READY):
        raise SystemExit(f"child did not report its window (exit {child.returncode})")
    return elapsed, line[len(READY) :].strip()


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY") or env.get("QT_QPA_PLATFORM"):
        env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    # Installed programs run from compiled bytecode (pip and PyInstaller write it), so the
    # children may use and write __pycache__ even where the shell says otherwise.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A private settings folder holding a user name, so the first-start question is not asked.
    env["XDG_CONFIG_HOME"] = str(home)
    settings = home / "ShiraokaCity" / "shiraoka-dx.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[user]\nname=ベンチマーク\n", encoding="utf-8")
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--initiatives", type=int, default=0, help="synthetic initiatives added to the default data")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = _environment(home)
        database = home / "bench.sqlite"
        if arguments.initiatives:
            from bench.synthetic import generate

            generate(database, arguments.initiatives)
        else:
            from shiraoka_dx_desktop.storage.opening import open_database

            open_database(database).close()
        baseline: list[float] = []
        text_baseline: list[float] = []
        application: list[float] = []
        heavy_modules = ""
        # Interleaved, after one warm-up of each, so that disk caches treat both alike.
        _time_child(_BASELINE_CHILD, env=env)
        _time_child(_APPLICATION_CHILD, str(database), env=env)
        for _ in range(arguments.runs):
            baseline.append(_time_child(_BASELINE_CHILD, env=env)[0])
            text_baseline.append(_time_child(_TEXT_BASELINE_CHILD, str(database), env=env)[0])
            seconds, heavy_modules = _time_child(_APPLICATION_CHILD, str(database), env=env)
            application.append(seconds)
    bare = statistics.median(baseline)
    ours = statistics.median(application)
    print(f"platform: {env.get('QT_QPA_PLATFORM', 'xcb')}, runs: {arguments.runs}")
    print(f"bare PySide6 window with a tab widget: median {bare:.3f} s (min {min(baseline):.3f})")
    print(
        "same window showing the initiatives in a plain table (for reference):"
        f" median {statistics.median(text_baseline):.3f} s (min {min(text_baseline):.3f})"
    )
    print(
        f"shiraoka-dx main window ({arguments.initiatives or 'default'} data): median {ours:.3f} s (min {min(application):.3f})"
    )
    print(f"ratio: {ours / bare:.2f}x of medians, {min(application) / min(baseline):.2f}x of minimums (limit 2x)")
    print(f"openpyxl/reportlab imported at start-up: {heavy_modules or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
