"""［編集］→［評価の区分］: the 事務局 edits the scale; every view, the workbook's drop-down and the report follow."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.exchange import export_workbook
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.grade_scale_dialog import GradeScaleDialog, GradeScaleModel
from shiraoka_dx_desktop.ui.main_window import MainWindow

from .progress_seed import enter_progress
from .test_progress_tab import open_progress


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    enter_progress(database)  # uses A (twice), B and C
    window = MainWindow(Document(database, "事務局"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    return window


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> GradeScaleDialog:
    dialog = GradeScaleDialog(window.document, window)
    qtbot.addWidget(dialog)
    return dialog


def _rows(dialog: GradeScaleDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_scale_is_listed_with_how_many_evaluations_use_each(dialog: GradeScaleDialog) -> None:
    rows = _rows(dialog)
    assert [row[:2] for row in rows] == [
        ["A", "目標より進んでいる"],
        ["B", "目標どおり"],
        ["C", "目標より遅れている"],
        ["D", "評価できない"],
    ]
    assert [row[3] for row in rows] == ["1 件", "1 件", "1 件", "0 件"]


def test_a_label_changed_is_what_the_progress_tab_offers(dialog: GradeScaleDialog, window: MainWindow) -> None:
    model = dialog.model
    assert model.setData(model.index(1, GradeScaleModel.LABEL), "おおむね目標どおり")
    assert _rows(dialog)[1][1] == "おおむね目標どおり"
    page = open_progress(window, 2025)
    assert [grade.label for grade in page.data.grades][1] == "おおむね目標どおり"
    window.document.undo_stack.undo()
    assert _rows(dialog)[1][1] == "目標どおり"


def test_a_grade_added_goes_last_and_into_the_workbooks_drop_down(
    dialog: GradeScaleDialog, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = iter([("E", True), ("中止", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: next(answers))
    dialog.add()
    assert _rows(dialog)[-1][:3] == ["E", "中止", ""]
    path = tmp_path / "all.xlsx"
    export_workbook(window.document.database, path)
    rules = openpyxl.load_workbook(path)["進捗"].data_validations.dataValidation
    assert [rule.formula1 for rule in rules if rule.type == "list"] == ['"A,B,C,D,E"']


def test_a_code_that_exists_or_a_grade_in_use_is_refused_with_a_message(
    dialog: GradeScaleDialog, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused: list[str] = []  # what the window shows
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: refused.append(text))
    model = dialog.model
    assert not model.setData(model.index(3, GradeScaleModel.CODE), "A")
    assert refused[-1] == "評価の区分「A」は既にあります。"
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    dialog.table.setCurrentIndex(model.index(0, 0))
    dialog.delete()
    assert "1 件の評価で使われているため削除できません" in refused[-1]
    dialog.table.setCurrentIndex(model.index(3, 0))
    dialog.delete()  # D is not used
    assert [row[0] for row in _rows(dialog)] == ["A", "B", "C"]


def test_grades_move_up_and_down_and_the_move_is_one_undo_step(dialog: GradeScaleDialog, window: MainWindow) -> None:
    dialog.table.setCurrentIndex(dialog.model.index(2, 0))
    dialog.move_grade(-1)
    assert [row[0] for row in _rows(dialog)] == ["A", "C", "B", "D"]
    assert dialog.table.currentIndex().row() == 1
    dialog.move_grade(-1)  # up again
    assert [row[0] for row in _rows(dialog)] == ["C", "A", "B", "D"]
    window.document.undo_stack.undo()
    assert [row[0] for row in _rows(dialog)] == ["A", "C", "B", "D"]
