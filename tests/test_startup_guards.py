"""Starting the application: a damaged file is never used silently; a second start on the same database says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.backups import make_backup
from shiraoka_dx_desktop.storage.instance_lock import InstanceLock, raise_request_path
from shiraoka_dx_desktop.ui import app as app_module
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\x00\x13" * 6144
    path.write_bytes(bytes(data))


def test_a_damaged_database_offers_the_newest_good_backup(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_backup(db_path, "daily")
    _damage(db_path)
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    database = app_module._open_or_recover(db_path, create_folder=False)
    assert database is not None
    database.close()
    assert "破損しています" in asked[0] and "毎日の自動" in asked[0]
    assert "破損したファイルは" in told[0]
    assert list(db_path.parent.glob("*.damaged-*"))


def test_declining_the_backup_leaves_the_damaged_file_untouched(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_backup(db_path, "daily")
    _damage(db_path)
    damaged = db_path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    assert app_module._open_or_recover(db_path, create_folder=False) is None
    assert db_path.read_bytes() == damaged


def test_a_damaged_database_without_backups_is_refused_with_a_message(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damage(db_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module._open_or_recover(db_path, create_folder=False) is None
    assert "使えるバックアップが見つかりません" in shown[0]


def test_a_second_start_says_so_and_asks_the_first_window_forward(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiraoka_dx_desktop.storage.opening import open_database

    first_lock = InstanceLock(db_path)
    first_lock.acquire()
    database = open_database(db_path)
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.watch_for_raise_requests(raise_request_path(db_path))
    brought_forward: list[bool] = []
    monkeypatch.setattr(window, "activateWindow", lambda: brought_forward.append(True))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert app_module.run_application(db_path, create_folder=False, user="委員B") == 1
    assert "別のウィンドウで開かれています" in told[0]
    qtbot.waitUntil(lambda: bool(brought_forward), timeout=3000)
    first_lock.release()
    database.close()
