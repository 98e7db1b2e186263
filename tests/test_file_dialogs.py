"""File dialogs open in the documents folder (or the last one used) and speak Japanese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.export_dialog import export_roadmap_csv_interactively
from shiraoka_dx_desktop.ui.file_dialogs import choose_save_path
from shiraoka_dx_desktop.ui.import_dialog import choose_and_import
from shiraoka_dx_desktop.ui.qt_translation import install_japanese_translation
from shiraoka_dx_desktop.ui.settings import PRINT_FOLDER


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ドキュメント"
    folder.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(folder))
    return folder


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _record_open(monkeypatch: pytest.MonkeyPatch, answer: str, asked: list[str]) -> None:
    def ask(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        asked.append(directory)
        return answer, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))


def test_the_import_dialog_opens_in_documents_then_in_the_last_folder(
    parent: QWidget,
    database: Database,
    settings: QSettings,
    documents: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    _record_open(monkeypatch, "", asked)
    assert not choose_and_import(parent, Document(database, "tester"), settings)
    assert asked == [str(documents)]
    # A folder used before is offered again, while it exists.
    mail = tmp_path / "受信"
    mail.mkdir()
    settings.setValue("import/last_folder", str(mail))
    choose_and_import(parent, Document(database, "tester"), settings)
    assert asked[-1] == str(mail)
    mail.rmdir()
    choose_and_import(parent, Document(database, "tester"), settings)
    assert asked[-1] == str(documents)


def test_without_a_documents_folder_the_home_folder_is_offered(
    parent: QWidget, database: Database, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(tmp_path / "なし"))
    proposed: list[str] = []

    def save(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        proposed.append(directory)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    export_roadmap_csv_interactively(parent, database, settings)
    assert Path(proposed[0]).parent == Path.home()


def test_qt_s_file_dialog_is_in_japanese(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, settings: QSettings, documents: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # As at start-up: only Qt's shipped translation, which lacks the dialog's strings.
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.setParent(None)
    assert install_japanese_translation(app)
    assert QApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
    labels: list[str] = []
    accept: list[str] = []

    def save(parent: QWidget | None, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        # The dialog as it would open at this moment: after choose_save_path has prepared it.
        dialog = QFileDialog(parent, title, directory, file_filter)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        labels.extend(label.text() for label in dialog.findChildren(QLabel) if label.text())
        accept.append(dialog.labelText(QFileDialog.DialogLabel.Accept))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    assert (
        choose_save_path(
            None, settings, PRINT_FOLDER, title="PDFの保存", name="a.pdf", file_filter="PDF (*.pdf)", suffix=".pdf"
        )
        is None
    )
    assert labels == ["場所(&L):", "ファイル名(&N):", "ファイルの種類(&T):"]
    assert accept == ["保存(&S)"]
    assert not any(
        character.isascii() and character.isalpha() for label in labels for character in label.replace("&", "")[:-3]
    )
