"""Backups, restoring one, recovering from a damaged file, and one writer per database."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Upsert
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.backups import (
    BackupError,
    daily_backup_if_due,
    list_backups,
    make_backup,
    restore_backup,
)
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.errors import DamagedDatabaseError
from shiraoka_dx_desktop.storage.instance_lock import AlreadyOpenError, InstanceLock, is_network_location
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.storage.recovery import newest_good_backup, recover_from_backup
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow

KIOSK = "キオスク端末の導入"


def _describe(database: Database, text: str) -> None:
    initiative = next(i for i in load_snapshot(database).initiatives if i.name == KIOSK)
    Editor(database, "委員A").apply([Upsert("initiative", initiative.id, {"description": text})])


def _description(database: Database) -> str:
    return next(i for i in load_snapshot(database).initiatives if i.name == KIOSK).description


def test_a_daily_backup_is_taken_once_a_day(db_path: Path) -> None:
    first = daily_backup_if_due(db_path, today=dt.date.today())
    assert first is not None and first.exists()
    assert daily_backup_if_due(db_path, today=dt.date.today()) is None
    assert [b.reason for b in list_backups(db_path)] == ["daily"]


def test_rotation_keeps_the_newest_and_never_drops_migration_copies(db_path: Path) -> None:
    make_backup(db_path, "before-migration-0001_initial", keep=None)
    start = dt.datetime(2026, 11, 1, 9, 0)
    for day in range(6):
        make_backup(db_path, "daily", keep=3, now=start + dt.timedelta(days=day))
    kept = list_backups(db_path)
    daily = [b.taken_at.day for b in kept if b.reason == "daily"]
    assert daily == [6, 5, 4]
    assert any(b.reason.startswith("before-migration") for b in kept)


def test_restoring_replaces_the_data_and_keeps_what_it_replaced(db_path: Path) -> None:
    database = open_database(db_path)
    _describe(database, "バックアップの時点")
    backup = make_backup(db_path, "manual")
    _describe(database, "その後の変更")
    database.close()
    kept = restore_backup(db_path, backup)
    database = open_database(db_path)
    assert _description(database) == "バックアップの時点"
    assert run_checks(database).ok
    database.close()
    previous = open_database(kept)
    assert _description(previous) == "その後の変更"
    previous.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "backups-bad.sqlite"
    data = bytearray(db_path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    bad.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match="使えません"):
        restore_backup(db_path, bad)
    assert db_path.read_bytes() == before
    not_sqlite = tmp_path / "memo.sqlite"
    not_sqlite.write_text("memo", encoding="utf-8")
    with pytest.raises(BackupError, match="使えません"):
        restore_backup(db_path, not_sqlite)


def test_a_backup_from_a_newer_version_is_refused(db_path: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(db_path) as source, sqlite3.connect(newer) as target:
        source.backup(target)
        target.execute("UPDATE alembic_version SET version_num = '9999_future'")
    source.close()
    target.close()
    with pytest.raises(BackupError, match="新しい版"):
        restore_backup(db_path, newer)


def test_a_damaged_database_is_set_aside_and_the_newest_good_backup_restored(db_path: Path) -> None:
    database = open_database(db_path)
    _describe(database, "守られた説明")
    database.close()
    make_backup(db_path, "daily")
    data = bytearray(db_path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\x00\x13" * 6144
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError):
        open_database(db_path)
    backup = newest_good_backup(db_path)
    assert backup is not None
    aside = recover_from_backup(db_path, backup)
    assert aside.exists() and ".damaged-" in aside.name
    database = open_database(db_path)
    assert _description(database) == "守られた説明" and run_checks(database).ok
    database.close()


def test_command_line_backup_and_restore(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "backup"]) == 0
    assert "バックアップを作りました" in capsys.readouterr().out
    folder = tmp_path / "usb"
    folder.mkdir()
    assert main(["--db", str(db_path), "backup", str(folder)]) == 0
    (copy,) = folder.iterdir()
    database = open_database(db_path)
    _describe(database, "復元で消える変更")
    database.close()
    assert main(["--db", str(db_path), "restore", str(copy)]) == 0
    assert "復元しました" in capsys.readouterr().out
    database = open_database(db_path)
    assert _description(database) != "復元で消える変更"
    database.close()
    assert main(["--db", str(db_path), "restore", str(tmp_path / "ない.sqlite")]) == 2


def test_restoring_from_the_menu_replaces_what_the_window_shows(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(db_path)
    backup = make_backup(db_path, "daily")
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    _describe(database, "あとで消える")
    window.document.reload()
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a: (items[0], True))
    questions: list[str] = []

    def confirm(parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    assert backup.exists()
    window.restore_backup()
    assert "置き換えます" in questions[0] and "毎日の自動" in questions[0]
    assert _description(window.document.database) != "あとで消える"
    assert window.document.undo_stack.count() == 0
    descriptions = [window.initiative_model.index(r, 3).data() for r in range(window.initiative_model.rowCount())]
    assert "あとで消える" not in descriptions
    window.document.database.close()


def test_a_refused_backup_from_the_menu_is_explained_and_the_window_goes_on(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(db_path)
    backup = make_backup(db_path, "manual")
    backup.write_bytes(b"not a database")
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    _describe(database, "残る変更")
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a: (items[0], True))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(text))
    window.restore_backup()
    assert len(errors) == 1 and backup.name in errors[0] and "使えません" in errors[0]
    assert [b.reason for b in list_backups(db_path)] == ["manual"]  # nothing replaced, so nothing kept
    document = window.document
    assert _description(document.database) == "残る変更"
    initiative = next(i for i in document.snapshot.initiatives if i.name == KIOSK)
    assert document.submit("説明", [Upsert("initiative", initiative.id, {"description": "その後の変更"})])
    with open_database(db_path) as reopened:
        assert _description(reopened) == "その後の変更"
    document.database.close()


def test_a_second_writer_is_refused_until_the_first_is_gone(db_path: Path) -> None:
    first = InstanceLock(db_path)
    first.acquire()
    with pytest.raises(AlreadyOpenError, match="別のウィンドウで開かれています"):
        InstanceLock(db_path).acquire()
    first.release()
    with InstanceLock(db_path):
        pass


def test_the_lock_dies_with_its_process(db_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from shiraoka_dx_desktop.storage.instance_lock import InstanceLock;"
            f"lock = InstanceLock(Path({str(db_path)!r})); lock.acquire(); print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpenError):
            InstanceLock(db_path).acquire()
    finally:
        holder.kill()
        holder.communicate()
    time.sleep(0.05)
    with InstanceLock(db_path):
        pass


def test_network_locations_are_recognised() -> None:
    assert is_network_location(Path("//fileserver/share/shiraoka-dx.sqlite"))
    assert not is_network_location(Path("/home/user/shiraoka-dx.sqlite"))


def test_command_line_import_and_restore_wait_for_no_window(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = make_backup(db_path, "manual")
    with InstanceLock(db_path):  # a window has the database open
        assert main(["--db", str(db_path), "restore", str(backup)]) == 2
        assert "別のウィンドウで開かれています" in capsys.readouterr().err
        assert main(["--db", str(db_path), "check"]) == 0  # reading is fine
    assert main(["--db", str(db_path), "restore", str(backup)]) == 0
