"""The window's models under Qt's model tester while edits, undo, an import and a restore go through Document.

The tester checks every signal a model sends (dataChanged inside the model, resets begun and
ended, rows as many as announced), so a model that tells its views the wrong thing fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.importing.service import Decisions, load_import_log, prepare_import
from shiraoka_dx_desktop.storage.backups import make_backup
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.models import GlossaryModel, InitiativeTableModel, RoadmapModel
from shiraoka_dx_desktop.ui.organisation_models import SectionsModel

from .terminals import Terminal

KIOSK = "キオスク端末の導入"
EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[tuple[Terminal, Terminal]]:
    secretariat = Terminal(tmp_path / "事務局", "事務局", pristine_database)
    colleague = Terminal(tmp_path / "市民課", "市民課", pristine_database)
    yield secretariat, colleague
    secretariat.close()
    colleague.close()


@pytest.fixture
def window(qtbot: QtBot, office: tuple[Terminal, Terminal], tmp_path: Path) -> MainWindow:
    window = MainWindow(
        Document(office[0].database, "事務局"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    return window


def _models(window: MainWindow) -> dict[str, QAbstractItemModel]:
    """Every model the window shows, each tab built, with a body chosen so its parts have rows."""
    page = window.organisation_page
    headquarters = next(
        r for r in range(page.body_model.rowCount()) if page.body_model.index(r, 0).data() == "DX推進本部"
    )
    page.body_list.setCurrentIndex(page.body_model.index(headquarters, 0))  # with duties, roles and members
    models: dict[str, QAbstractItemModel] = {
        "initiatives": window.initiative_model,
        "initiatives (sorted and filtered)": window.initiative_proxy,
        "roadmap": window.roadmap_model,
        "bodies": page.body_model,
        "duties": page.duties_model,
        "roles": page.roles_model,
        "members": page.members_model,
        "sections": SectionsModel(window.document, window),
        "glossary": window.glossary_model,
        "glossary (sorted)": window.glossary_proxy,
    }
    assert [name for name, model in models.items() if not model.rowCount()] == []
    return models


def _row(model: QAbstractItemModel, column: int, text: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def test_the_models_stay_consistent_through_edits_undo_an_import_and_a_restore(
    qtbot: QtBot,
    window: MainWindow,
    office: tuple[Terminal, Terminal],
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secretariat, colleague = office
    backup = make_backup(secretariat.database.path, "manual")
    models = _models(window)
    testers = []  # one each, kept for the whole test: the tester checks the model as long as it lives
    for model in models.values():
        tester = ModelTester(request.config)
        tester.check(model)
        testers.append(tester)
    document = window.document
    initiatives, roadmap, glossary = window.initiative_model, window.roadmap_model, window.glossary_model
    duties = window.organisation_page.duties_model

    # Edits, as typed into the cells: values in place (dataChanged) and rows rebuilt (reset).
    kiosk = _row(initiatives, InitiativeTableModel.NAME, KIOSK)
    assert initiatives.setData(initiatives.index(kiosk, InitiativeTableModel.NAME), "キオスク端末の設置", EDIT)
    cell = roadmap.index(_row(roadmap, RoadmapModel.NAME, "キオスク端末の設置"), roadmap.column_of_year(2027))
    assert roadmap.setData(cell, "検討", EDIT)
    term = glossary.index(0, GlossaryModel.EXPLANATION)
    assert glossary.setData(term, "用語集で直した説明", EDIT)
    assert duties.setData(duties.index(0, 0), "所掌事務を直した", EDIT)
    assert initiatives.index(kiosk, InitiativeTableModel.NAME).data() == "キオスク端末の設置"
    assert roadmap.index(cell.row(), cell.column()).data(EDIT) == "検討"
    assert glossary.index(0, GlossaryModel.EXPLANATION).data() == "用語集で直した説明"
    assert duties.index(0, 0).data() == "所掌事務を直した"
    # Rows added from the buttons (the name asked for): the row counts change.
    terms, tasks = glossary.rowCount(), duties.rowCount()
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, label, *args: ("ノーコード", True))
    window.glossary_page.add_term()
    window.organisation_page.add_duty()
    assert (glossary.rowCount(), duties.rowCount()) == (terms + 1, tasks + 1)

    for _step in range(6):
        document.undo_stack.undo()
    assert document.undo_stack.index() == 0
    assert (glossary.rowCount(), duties.rowCount()) == (terms, tasks)
    assert initiatives.index(kiosk, InitiativeTableModel.NAME).data() == KIOSK
    assert KIOSK in [roadmap.index(r, RoadmapModel.NAME).data() for r in range(roadmap.rowCount())]
    assert glossary.index(0, GlossaryModel.EXPLANATION).data() != "用語集で直した説明"
    assert duties.index(0, 0).data() != "所掌事務を直した"

    # An import of a colleague's file (a value changed, a row renamed, a row deleted), and its undo.
    colleague.describe(KIOSK, "市民課の説明")
    colleague.rename("チャットツール（LoGoチャット）の有効活用", "LoGoチャットの活用")
    colleague.delete("条例改正")
    rows = initiatives.rowCount()
    prepared = prepare_import(secretariat.database, colleague.export())
    assert document.apply_import(prepared, Decisions({})).applied
    names = [initiatives.index(r, InitiativeTableModel.NAME).data() for r in range(initiatives.rowCount())]
    assert "LoGoチャットの活用" in names and "条例改正" not in names and len(names) == rows - 1
    kiosk = _row(initiatives, InitiativeTableModel.NAME, KIOSK)
    assert initiatives.index(kiosk, InitiativeTableModel.DESCRIPTION).data() == "市民課の説明"
    document.undo_stack.undo()
    assert initiatives.rowCount() == rows
    kiosk = _row(initiatives, InitiativeTableModel.NAME, KIOSK)
    assert initiatives.index(kiosk, InitiativeTableModel.DESCRIPTION).data() != "市民課の説明"
    assert [bool(entry.summary.get("undone")) for entry in load_import_log(document.database)] == [True, False]

    # A restore reads everything again: rows made since the backup go.
    window.glossary_page.add_term()
    assert glossary.rowCount() == terms + 1
    document.restore_backup(backup)
    assert glossary.rowCount() == terms
    assert document.undo_stack.count() == 0
    document.database.close()
