"""［ファイル］→［各課への照会］: who gets a workbook, what goes to nobody, and the workbooks written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.survey_dialog import SurveyDialog, export_survey_interactively

from .progress_seed import enter_progress


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _rows(dialog: SurveyDialog) -> list[tuple[str, str]]:
    tree = dialog.sections
    items = [tree.topLevelItem(index) for index in range(tree.topLevelItemCount())]
    return [(item.text(0), item.text(1)) for item in items if item is not None]


def test_the_dialog_lists_the_sections_and_what_goes_to_nobody(
    qtbot: QtBot, database: Database, settings: QSettings
) -> None:
    enter_progress(database)
    dialog = SurveyDialog(load_snapshot(database), 2025, settings, None)
    qtbot.addWidget(dialog)
    assert _rows(dialog) == [("総務課", "1 件"), ("市民課", "2 件")]  # in the sections' order
    assert dialog.year.currentText() == "令和7年度（2025年度）"
    assert "事業主管課が未設定の取組項目 25 件" in dialog.warning.text()
    assert dialog.write_button.isEnabled()


def test_without_lead_sections_nothing_can_be_written(qtbot: QtBot, database: Database, settings: QSettings) -> None:
    dialog = SurveyDialog(load_snapshot(database), 2025, settings, None)
    qtbot.addWidget(dialog)
    assert _rows(dialog) == []
    assert not dialog.write_button.isEnabled()
    assert "事業主管課が設定された取組項目がない" in dialog.warning.text()


def test_the_workbooks_are_written_into_the_chosen_folder(
    qtbot: QtBot, database: Database, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enter_progress(database)
    parent = QWidget()
    qtbot.addWidget(parent)
    folder = tmp_path / "照会 令和7年度"

    def answer(dialog: SurveyDialog) -> int:
        dialog.folder.setText(str(folder))
        dialog.year.setCurrentIndex(dialog.year.findData(2025))
        return QDialog.DialogCode.Accepted.value

    told: list[str] = []
    monkeypatch.setattr(SurveyDialog, "exec", answer)
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text: told.append(text)))
    done = export_survey_interactively(parent, database, load_snapshot(database), 2026, "事務局", settings)
    assert done is not None and "2 課分" in done
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["進捗照会_令和7年度_市民課.xlsx", "進捗照会_令和7年度_総務課.xlsx"]
    )
    assert "市民課: 進捗照会_令和7年度_市民課.xlsx（取組項目 2 件）" in told[0]
