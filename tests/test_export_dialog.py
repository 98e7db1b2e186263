"""書出し from the window: paper and file chosen in dialogs, folder and paper remembered, failures explained."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.export_dialog import export_roadmap_csv_interactively, export_workbook_interactively


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _answer_save(monkeypatch: pytest.MonkeyPatch, answer: str, asked: list[str]) -> None:
    def save(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        asked.append(directory)
        return answer, file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))


def _answer_paper(monkeypatch: pytest.MonkeyPatch, label: str, offered: list[int]) -> None:
    def get_item(
        parent: QWidget, title: str, text: str, items: list[str], current: int, editable: bool
    ) -> tuple[str, bool]:
        offered.append(current)
        return label, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))


def test_workbook_is_written_where_chosen_on_the_chosen_paper(
    parent: QWidget, database: Database, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "会議"
    folder.mkdir()
    asked: list[str] = []
    offered: list[int] = []
    _answer_paper(monkeypatch, "A4（横）", offered)
    _answer_save(monkeypatch, str(folder / "本部会議"), asked)

    path = export_workbook_interactively(parent, database, "委員A", settings)

    assert path == folder / "本部会議.xlsx"
    assert int(openpyxl.load_workbook(path)["工程表"].page_setup.paperSize) == 9
    assert settings.value("export/last_folder") == str(folder)
    assert settings.value("export/paper") == "A4"

    # The next time: the same folder is offered, and A4 is preselected.
    _answer_save(monkeypatch, "", asked)
    assert export_workbook_interactively(parent, database, "委員A", settings) is None
    assert Path(asked[-1]).parent == folder
    assert offered == [0, 1]


def test_cancelling_the_paper_choice_writes_nothing(
    parent: QWidget, database: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *args: ("", False)))
    assert export_workbook_interactively(parent, database, "委員A", settings) is None


def test_a_file_that_cannot_be_written_is_explained(
    parent: QWidget, database: Database, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_paper(monkeypatch, "A3（横）", [])
    _answer_save(monkeypatch, str(tmp_path / "ない" / "x.xlsx"), [])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))

    assert export_workbook_interactively(parent, database, "委員A", settings) is None
    assert len(shown) == 1 and "フォルダ" in shown[0] and "ない" in shown[0]


def test_roadmap_csv_is_written_where_chosen(
    parent: QWidget, database: Database, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_save(monkeypatch, str(tmp_path / "工程表.csv"), [])
    path = export_roadmap_csv_interactively(parent, database, settings)
    assert path == tmp_path / "工程表.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert settings.value("export/last_folder") == str(tmp_path)
