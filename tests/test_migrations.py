"""Schema creation and upgrades, and every file the application must refuse untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shiraoka_dx_desktop.domain import progress
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.database import APPLICATION_ID, make_engine
from shiraoka_dx_desktop.storage.errors import (
    DamagedDatabaseError,
    DatabaseLocationError,
    ForeignDatabaseError,
    MigrationError,
    NewerSchemaError,
    NotADatabaseError,
)
from shiraoka_dx_desktop.storage.migrate import SCHEMA_HEAD, known_revisions
from shiraoka_dx_desktop.storage.models import Base
from shiraoka_dx_desktop.storage.opening import open_database

from .conftest import RESOURCES, copy_database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> set[str]:
    return {entry.name for entry in path.parent.iterdir()}


def test_schema_head_constant_matches_the_migration_scripts() -> None:
    head, known = known_revisions()
    assert head == SCHEMA_HEAD
    assert SCHEMA_HEAD in known


def test_empty_to_head_builds_exactly_the_models(db_path: Path) -> None:
    engine = make_engine(db_path)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD
    engine.dispose()
    assert differences == []


def test_a_database_from_a_newer_schema_is_refused_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    connection.close()
    before, files = _digest(db_path), _siblings(db_path)
    with pytest.raises(NewerSchemaError) as raised:
        open_database(db_path)
    assert str(db_path) in raised.value.message
    assert "新しい版" in raised.value.message and "最新版のアプリケーション" in raised.value.message
    assert _digest(db_path) == before
    assert _siblings(db_path) == files


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "議事録.sqlite"
    path.write_bytes("%PDF-1.7 これはPDFです".encode() * 50)
    before = _digest(path)
    with pytest.raises(NotADatabaseError) as raised:
        open_database(path)
    assert "SQLite形式" in raised.value.message and str(path) in raised.value.message
    assert _digest(path) == before
    assert _siblings(path) == {path.name}


def test_a_damaged_database_is_refused_untouched(db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, len(data) - page_size, page_size):
        data[offset + 8 : offset + 400] = b"\xa5" * 392  # wreck every b-tree page header after the first
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(db_path)
    assert "破損" in raised.value.message and "バックアップから復元" in raised.value.message
    assert _digest(db_path) == before


def test_a_truncated_database_is_refused(db_path: Path) -> None:
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DamagedDatabaseError):
        open_database(db_path)


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.close()
    before = _digest(path)
    with pytest.raises(ForeignDatabaseError) as raised:
        open_database(path)
    assert "別のアプリケーション" in raised.value.message
    assert _digest(path) == before


def test_a_missing_folder_is_refused_unless_it_is_the_default(tmp_path: Path) -> None:
    path = tmp_path / "存在しないフォルダ" / "db.sqlite"
    with pytest.raises(DatabaseLocationError) as raised:
        open_database(path)
    assert "フォルダ" in raised.value.message and "ありません" in raised.value.message
    assert not path.parent.exists()
    open_database(path, create_folder=True).close()
    assert path.exists()


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(DatabaseLocationError, match="フォルダではない"):
        open_database(blocker / "db.sqlite")


def test_a_read_only_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, for whom chmod does not make a folder read-only.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK else real_access(path, mode))
    with pytest.raises(DatabaseLocationError, match="読み取り専用"):
        open_database(tmp_path / "db.sqlite")
    assert not (tmp_path / "db.sqlite").exists()


EXTRA_MIGRATION = '''
"""Test-only: rebuild the initiative table (a parent with ON DELETE CASCADE children)."""
import sqlalchemy as sa
from alembic import op

revision = "9999_test_rebuild"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("initiative", recreate="always") as batch:
        batch.add_column(sa.Column("budget_note", sa.Text(), nullable=False, server_default=""))
'''

BREAKING_MIGRATION = '''
"""Test-only: leave a dangling reference behind."""
from alembic import op

revision = "9999_test_dangling"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE initiative SET area_id = 'nowhere' WHERE name = '条例改正'")
'''


def test_upgrade_rebuilds_a_parent_table_without_losing_its_children(db_path: Path, migrations_copy: Path) -> None:
    (migrations_copy / "versions" / "9999_test_rebuild.py").write_text(
        EXTRA_MIGRATION.replace("{head}", SCHEMA_HEAD), encoding="utf-8"
    )
    with sqlite3.connect(db_path) as connection:
        cells_before = connection.execute("SELECT count(*) FROM roadmap_cell").fetchone()[0]
    connection.close()
    assert cells_before > 100

    database = open_database(db_path, script_location=migrations_copy)
    with database.engine.connect() as engine_connection:
        assert engine_connection.exec_driver_sql("SELECT count(*) FROM roadmap_cell").scalar() == cells_before
        assert (
            engine_connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9999_test_rebuild"
        )
        assert engine_connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.close()
    backups = list((db_path.parent / "backups").iterdir())
    assert len(backups) == 1 and f"before-migration-{SCHEMA_HEAD}" in backups[0].name
    with sqlite3.connect(backups[0]) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
        assert backup.execute("SELECT count(*) FROM roadmap_cell").fetchone()[0] == cells_before
    backup.close()


def test_an_upgrade_that_breaks_references_is_rolled_back(db_path: Path, migrations_copy: Path) -> None:
    (migrations_copy / "versions" / "9999_test_dangling.py").write_text(
        BREAKING_MIGRATION.replace("{head}", SCHEMA_HEAD), encoding="utf-8"
    )
    with pytest.raises(MigrationError) as raised:
        open_database(db_path, script_location=migrations_copy)
    assert "取り消しました" in raised.value.message and "バックアップ" in raised.value.message
    database = open_database(db_path)  # still at the old head, data intact
    report = run_checks(database)
    database.close()
    assert report.ok and report.counts["initiatives"] == 28


def test_a_committed_database_of_the_first_schema_still_opens(tmp_path: Path) -> None:
    fixture = RESOURCES / "db" / "schema-0001_initial.sqlite"
    path = tmp_path / "old.sqlite"
    shutil.copyfile(fixture, path)
    database = open_database(path)
    report = run_checks(database)
    with database.reader() as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        logged = connection.execute("SELECT count(*) FROM import_log").fetchone()[0]
    database.close()
    assert report.ok, report.problems
    assert report.counts["initiatives"] == 28
    assert (version, logged) == (SCHEMA_HEAD, 0)  # upgraded: the import log exists, empty
    # The progress cycle's tables exist, and the default 評価 scale was added with its history.
    database = open_database(path)
    with database.reader() as connection:
        grades = connection.execute(
            "SELECT id, code, label, revision FROM evaluation_grade ORDER BY position"
        ).fetchall()
        history = {
            row[0]
            for row in connection.execute("SELECT revision FROM record_revision WHERE entity = 'evaluation_grade'")
        }
        evaluations = connection.execute("SELECT count(*) FROM evaluation").fetchone()[0]
    database.close()
    assert [(code, label) for _id, code, label, _revision in grades] == [
        ("A", "目標より進んでいる"),
        ("B", "目標どおり"),
        ("C", "目標より遅れている"),
        ("D", "評価できない"),
    ]
    assert [grade_id for grade_id, *_ in grades] == [progress.grade_id(code) for code in "ABCD"]
    assert {revision for *_, revision in grades} <= history and evaluations == 0
    assert any("before-migration-0001_initial" in backup.name for backup in (tmp_path / "backups").iterdir())
    # Editions: the newest one, 第3版, was frozen from the data the upgrade found.
    from shiraoka_dx_desktop.services.editions import edition_snapshot, list_editions

    database = open_database(path)
    try:
        assert [(e.label, e.frozen) for e in list_editions(database)] == [
            ("第1版", False),
            ("第2版", False),
            ("第3版", True),
        ]
        assert len(edition_snapshot(database, "第3版").initiatives) == 28
    finally:
        database.close()


def test_copy_helper_produces_an_identical_database(db_path: Path, tmp_path: Path) -> None:
    copy = copy_database(db_path, tmp_path / "copy.sqlite")
    database = open_database(copy)
    assert run_checks(database).ok
    database.close()
