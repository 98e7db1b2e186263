"""Shared fixtures: every test gets its own database file, copied from one made at the start."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database

REPO = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).resolve().parent / "resources"


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
