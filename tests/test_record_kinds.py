"""Edits are built by typed constructors; a wrongly built one is a bug the user is asked to report."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services import edits
from shiraoka_dx_desktop.services.edits import Delete, InvalidEditError, Upsert
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage import record_kinds
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui import models
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.error_report import install_error_report
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.models import InitiativeTableModel


def test_an_unknown_field_or_kind_is_refused_when_the_edit_is_built() -> None:
    with pytest.raises(InvalidEditError, match="nmae"):
        Upsert("initiative", "id-1", {"nmae": "x"})
    with pytest.raises(InvalidEditError, match="initiatve"):
        Delete("initiatve", "id-1")
    with pytest.raises(InvalidEditError, match="colour"):
        edits.upsert(record_kinds.GLOSSARY_TERM, "id-1", {"term": "AI", "colour": "red"})
    # What the typed constructors build is the plain edit, on the kind's table.
    assert edits.set_initiative("id-1", name="新しい名前") == Upsert("initiative", "id-1", {"name": "新しい名前"})
    assert edits.delete(record_kinds.ROADMAP_CELL, "c") == Delete("roadmap_cell", "c")


def test_every_kind_with_a_count_is_counted_by_the_check() -> None:
    from shiraoka_dx_desktop.storage.checks import COUNTED

    assert set(COUNTED) == {kind for kind in record_kinds.KINDS if kind.counted_as}


@pytest.mark.qt_no_exception_capture
def test_a_wrongly_built_edit_in_the_window_asks_for_a_report_with_the_log_and_changes_nothing(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Document(database, "tester"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(sys, "excepthook", lambda *exception: None)  # what the log hook would do; restored after
    log = tmp_path / "logs" / "shiraoka-dx.log"
    install_error_report(log)

    def misspelt(record_id: str, **values: object) -> Upsert:
        return Upsert("initiative", record_id, {"nmae": values["name"]})

    monkeypatch.setattr(models, "set_initiative", misspelt)
    before = load_snapshot(database).initiatives[0].name
    index = window.initiative_model.index(0, InitiativeTableModel.NAME)
    # As Qt calls it when an edit is committed in the table: from the event loop, not from this test.
    QTimer.singleShot(0, lambda: window.initiative_model.setData(index, "打ち間違いの確認"))
    qtbot.waitUntil(lambda: bool(shown))
    title, text = shown[0]
    assert title == "不具合の報告のお願い"
    assert "InvalidEditError" in text and "不具合" in text and str(log) in text
    assert load_snapshot(database).initiatives[0].name == before
    assert not window.document.undo_stack.canUndo()


def test_a_value_only_glossary_edit_repaints_the_glossary_and_reloads_nothing(qtbot: QtBot, database: Database) -> None:
    from shiraoka_dx_desktop.ui.models import GlossaryModel

    document = Document(database, "tester")
    glossary = GlossaryModel(document)
    initiatives = InitiativeTableModel(document)
    reloads: list[object] = []
    resets: list[object] = []
    document.reloaded.connect(lambda: reloads.append(True))
    for model in (glossary, initiatives):
        model.modelReset.connect(lambda: resets.append(True))
    term = document.snapshot.glossary[0]
    row = next(r for r in range(glossary.rowCount()) if glossary.index(r, 0).data() == term.term)
    explanation = next(c for c in range(glossary.columnCount()) if glossary.FIELDS[c] == "explanation")
    with qtbot.waitSignal(glossary.dataChanged):
        assert glossary.setData(glossary.index(row, explanation), "説明を書き直しました")
    assert glossary.index(row, explanation).data() == "説明を書き直しました"
    assert document.snapshot.glossary[0].explanation == "説明を書き直しました"
    assert not reloads and not resets
    # Adding a term adds a row: that is a reload.
    with qtbot.waitSignal(document.reloaded):
        assert document.submit("用語を追加", [edits.set_glossary_term("new-term", term="新語", position=99)])
