"""Shared fixtures: every test gets its own database file, copied from one made at the start."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database

REPO = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).resolve().parent / "resources"


_MODAL_HELPERS = {
    QMessageBox: ("warning", "question", "information", "critical", "about"),
    QInputDialog: ("getText", "getItem", "getInt", "getMultiLineText"),
    QFileDialog: ("getSaveFileName", "getOpenFileName", "getExistingDirectory"),
}


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the suite: fail instead, naming the dialog.

    A test that expects a dialog replaces the helper with its own answer.
    """

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def unexpected(*args: object, **kwargs: object) -> None:
            texts = [arg for arg in args if isinstance(arg, str)]
            raise AssertionError(f"unexpected modal dialog {name}: {texts}")

        return unexpected

    for cls, names in _MODAL_HELPERS.items():
        for name in names:
            monkeypatch.setattr(cls, name, refuse(f"{cls.__name__}.{name}"))


# -- windows left behind -------------------------------------------------------------------------

# Windows Qt makes for itself on first use and keeps for the next: not the test's.
_QT_OWN_WINDOWS = {"QTipLabel"}
_WINDOWS_BEFORE = pytest.StashKey[set[int]]()
_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


def _address(widget: QWidget) -> int:
    """The Qt object's address: the same window may come back wrapped in a new Python object."""
    return int(shiboken6.getCppPointer(widget)[0])


def _new_windows(item: pytest.Item) -> list[QWidget]:
    """Windows made since the test started and not deleted yet (deleteLater() done first), Qt's own aside."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    before = item.stash.get(_WINDOWS_BEFORE, set())
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if _address(widget) not in before and widget.metaObject().className() not in _QT_OWN_WINDOWS
    ]


def _registered(item: pytest.Item) -> set[int]:
    """The widgets given to ``qtbot.addWidget`` (pytest-qt keeps them on the item until it closes them)."""
    return {_address(widget) for ref, _close in getattr(item, "qt_widgets", []) if (widget := ref()) is not None}


def _describe(widgets: Sequence[QWidget]) -> str:
    return ", ".join(f"{widget.metaObject().className()}「{widget.windowTitle()}」" for widget in widgets)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    """A dialog closed but not deleted is a leak, even inside a window the test registered.

    It stays, with all it holds (a whole import, say), until its window goes, where the check after
    the test (:func:`no_leaked_windows`) no longer sees it; so it is looked for here, before pytest-qt
    closes the registered widgets (its teardown runs inside this one).  A dialog the test registered
    itself is the test's to close.
    """
    before = item.stash.get(_WINDOWS_BEFORE, set())
    registered = _registered(item)
    closed = {
        _address(widget): _describe([widget])
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QDialog) and not widget.isVisible() and _address(widget) not in before | registered
    }
    for widget in QApplication.topLevelWidgets():
        if _address(widget) in closed:
            # Only a deletion already asked for (deleteLater), and only of these dialogs: the rest of
            # what the test left to delete goes in pytest-qt's teardown, as it always did.
            QApplication.sendPostedEvents(widget, QEvent.Type.DeferredDelete)
    remaining = {_address(widget) for widget in QApplication.topLevelWidgets()}
    kept = [name for address, name in closed.items() if address in remaining]
    yield
    call = item.stash.get(_CALL_REPORT, None)
    if kept and (call is None or not call.failed):
        pytest.fail(f"dialogs closed but never deleted: {', '.join(kept)} (deleteLater() after exec())", pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a window behind: made by it, neither deleted nor given to ``qtbot.addWidget``.

    Checked once pytest-qt has closed and deleted the registered widgets, against the windows there were
    before the test, so that what Qt keeps for itself is not counted.  A window left over is closed and
    deleted, so that the next test starts clean.
    """
    item = request.node
    item.stash[_WINDOWS_BEFORE] = {_address(widget) for widget in QApplication.topLevelWidgets()}
    yield
    leaked = _new_windows(item)
    if leaked:  # freed once nothing refers to it, perhaps only a reference cycle: collect, then look again
        gc.collect()
        leaked = _new_windows(item)
    if not leaked:
        return
    names = _describe(leaked)
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    call = item.stash.get(_CALL_REPORT, None)
    if call is None or not call.failed:  # a failed test's traceback keeps its windows: that failure says enough
        pytest.fail(f"windows left behind: {names} (delete them, or register them with qtbot.addWidget)", pytrace=False)


@pytest.fixture(scope="session")
def pristine_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database created once from the default dataset, never modified."""
    path = tmp_path_factory.mktemp("pristine") / "default.sqlite"
    open_database(path).close()
    return path


def copy_database(source: Path, target: Path) -> Path:
    """Copy a database with SQLite's backup API (a file copy could miss the WAL)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def db_path(tmp_path: Path, pristine_database: Path) -> Path:
    """A fresh copy of the default database, for this test alone."""
    return copy_database(pristine_database, tmp_path / "shiraoka-dx.sqlite")


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def migrations_copy(tmp_path: Path) -> Path:
    """A private copy of the migration scripts, to which a test may add revisions."""
    target = tmp_path / "migrations"
    shutil.copytree(REPO / "db" / "migrations", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target
