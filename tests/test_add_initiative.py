"""Adding an initiative: one dialog that keeps what was typed, and the new row selected with 説明 ready."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.add_initiative_dialog import AddInitiativeDialog
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow

from .test_main_window import type_japanese

AREA = "(4) 自治体AI・RPAの利用促進"


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    window = MainWindow(Document(database, "tester"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_one_step_adds_and_selects_the_new_row_with_its_description_ready(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fill_in(dialog: AddInitiativeDialog) -> int:
        dialog.area_box.setCurrentIndex(dialog.area_box.findText(AREA))
        seen["enabled when empty"] = dialog.add_button.isEnabled()
        type_japanese(dialog.name_edit, "生成AIの業務利用")
        dialog.add_button.click()
        return dialog.result()

    monkeypatch.setattr(AddInitiativeDialog, "exec", fill_in)
    window.add_initiative_action.trigger()
    assert seen["enabled when empty"] is False
    current = window.initiatives_page.current_initiative()
    assert current is not None and current.name == "生成AIの業務利用"
    assert window.initiatives_page.description.isEnabled()
    assert (
        QApplication.focusWidget() is window.initiatives_page.description
        or window.initiatives_page.description.hasFocus()
    )
    type_japanese(window.initiatives_page.description, "説明")
    window.initiatives_page.save_description()
    added = next(i for i in load_snapshot(database).initiatives if i.name == "生成AIの業務利用")
    assert added.description == "説明"
    assert "生成AIの業務利用" in window.toast.text()


def test_a_refused_name_keeps_the_dialog_open_with_what_was_typed(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    existing = next(i for i in window.document.snapshot.initiatives if i.name == "キオスク端末の導入")
    area = next(a for a in window.document.snapshot.areas if a.id == existing.area_id)
    kept: dict[str, object] = {}

    def fill_in(dialog: AddInitiativeDialog) -> int:
        dialog.area_box.setCurrentIndex(dialog.area_box.findData(area.id))
        dialog.name_edit.setText("キオスク端末の導入")
        dialog.add_button.click()
        kept["open"] = dialog.result() != dialog.DialogCode.Accepted.value
        kept["text"] = dialog.name_edit.text()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(AddInitiativeDialog, "exec", fill_in)
    window.add_initiative_action.trigger()
    assert warned and kept == {"open": True, "text": "キオスク端末の導入"}
    assert len(load_snapshot(database).initiatives) == 28
