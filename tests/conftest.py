"""Shared fixtures: every test gets its own database file, copied from one made at the start."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

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
