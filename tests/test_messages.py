"""Every completed action says so where the user is looking: a message over the window, on every screen size."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.edits import Upsert
from shiraoka_dx_desktop.storage.backups import list_backups
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.background import run_in_background, write_file_in_background
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.import_dialog import ImportDialog
from shiraoka_dx_desktop.ui.main_window import GLOSSARY, INITIATIVES, ORGANISATION, MainWindow

from .terminals import Terminal


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot: QtBot, database: Database, settings: QSettings) -> MainWindow:
    window = MainWindow(Document(database, "事務局 山田"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, database: Database, settings: QSettings) -> MainWindow:
    return _window(qtbot, database, settings)


def _message(window: MainWindow) -> str:
    """The message over the window, if one is showing."""
    return window.toast.text() if window.toast.isVisible() else ""


def test_an_export_says_where_it_wrote(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "本部会議.xlsx"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: ("A3（横）", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.export_workbook()
    assert target.is_file()
    assert "書き出しました" in _message(window) and "本部会議.xlsx" in _message(window)
    # The message lies inside the window, above its lower edge.
    assert window.rect().contains(window.toast.geometry())


def test_the_workbooks_progress_sheet_is_for_the_year_the_progress_tab_shows(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from .test_progress_tab import open_progress

    open_progress(window, 2024)
    target = tmp_path / "本部会議.xlsx"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: ("A3（横）", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.export_workbook()
    assert "進捗シートは令和6年度" in _message(window)
    years = {row[3] for row in openpyxl.load_workbook(target)["進捗"].iter_rows(min_row=2, values_only=True)}
    assert years == {"令和6年度"}


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[tuple[Terminal, Terminal]]:
    secretariat = Terminal(tmp_path / "事務局", "事務局", pristine_database)
    colleague = Terminal(tmp_path / "市民課", "市民課", pristine_database)
    yield secretariat, colleague
    secretariat.close()
    colleague.close()


def test_an_import_says_it_was_applied(
    qtbot: QtBot, settings: QSettings, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat, colleague = office
    colleague.describe("キオスク端末の導入", "市民課の説明")
    path = colleague.export()
    window = _window(qtbot, secretariat.database, settings)

    def confirm(dialog: ImportDialog) -> int:
        dialog.apply()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ImportDialog, "exec", confirm)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    window.dropEvent(
        QDropEvent(
            QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
        )
    )
    assert secretariat.initiative("キオスク端末の導入").description == "市民課の説明"
    assert "取り込みました" in _message(window) and path.name in _message(window)


def test_undoing_an_edit_made_on_another_tab_shows_that_tab_and_names_it(window: MainWindow) -> None:
    section = next(s for s in window.document.snapshot.sections if s.name == "市民課")
    window.tabs.setCurrentIndex(ORGANISATION)
    window.document.submit("部・課「市民課」の名前を変更", [Upsert("section", section.id, {"name": "市民窓口課"})])
    window.tabs.setCurrentIndex(INITIATIVES)
    window.undo_action.trigger()
    assert window.tabs.currentIndex() == ORGANISATION
    assert "元に戻しました" in _message(window) and "市民課" in _message(window) and "推進体制" in _message(window)
    assert any(s.name == "市民課" for s in window.document.snapshot.sections)
    window.tabs.setCurrentIndex(GLOSSARY)
    window.redo_action.trigger()
    assert window.tabs.currentIndex() == ORGANISATION and "やり直しました" in _message(window)


def test_undoing_from_the_history_list_says_so_too(window: MainWindow) -> None:
    initiative = window.document.snapshot.initiatives[0]
    window.document.submit("名前を変更", [Upsert("initiative", initiative.id, {"name": "新しい名前"})])
    window.document.undo_stack.setIndex(0)  # what clicking 「（開いた時点）」 in 変更の履歴 does
    assert "元に戻しました: 名前を変更" in _message(window)


def test_a_backup_made_from_the_menu_says_where_it_is(window: MainWindow, db_path: Path) -> None:
    window.make_backup_now()
    (backup,) = [b for b in list_backups(db_path) if b.reason == "manual"]
    assert "バックアップを作成しました" in _message(window) and backup.path.name in _message(window)


def test_the_message_goes_away_when_clicked(qtbot: QtBot, window: MainWindow) -> None:
    window.notify("書き出しました")
    assert window.toast.isVisible()
    qtbot.mouseClick(window.toast, Qt.MouseButton.LeftButton)
    assert not window.toast.isVisible()


def _cancel_when_shown(parent: QWidget, release: threading.Event) -> None:
    """Press 中止 on the progress dialog once it is up, then let the work finish."""

    def press() -> None:
        dialogs = parent.findChildren(QProgressDialog)
        if not dialogs or not dialogs[0].isVisible():
            QTimer.singleShot(20, press)
            return
        button = dialogs[0].findChild(QPushButton)
        assert button is not None and button.text() == "中止"
        button.click()
        release.set()

    QTimer.singleShot(0, press)


def test_long_work_shows_progress_and_can_be_cancelled(qtbot: QtBot, window: MainWindow) -> None:
    release = threading.Event()
    _cancel_when_shown(window, release)
    # Work that takes long shows its progress at once, not after Qt's default four seconds: released
    # after two seconds, the work finishes uncancelled if the dialog never came up in time.
    QTimer.singleShot(2000, release.set)
    outcome = run_in_background(window, "取込", "読み込んでいます…", lambda: release.wait(30) and "結果")
    assert outcome.cancelled and outcome.value is None


def test_a_cancelled_export_leaves_the_existing_file_as_it_was(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "工程表.csv"
    target.write_text("前の内容", encoding="utf-8")
    release = threading.Event()

    def write(staging: Path) -> None:
        staging.write_text("新しい内容", encoding="utf-8")
        release.wait(30)

    _cancel_when_shown(window, release)
    assert not write_file_in_background(window, "工程表のCSV書出し", target, write)
    assert target.read_text(encoding="utf-8") == "前の内容"
    assert not [p.name for p in tmp_path.iterdir() if "書出し中" in p.name]  # no staging file left behind


def test_work_that_fails_reports_its_error(window: MainWindow) -> None:
    def fail() -> None:
        raise ValueError("壊れたファイル")

    with pytest.raises(ValueError, match="壊れたファイル"):
        run_in_background(window, "取込", "読み込んでいます…", fail)
