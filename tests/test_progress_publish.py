"""What the document tells the views after a progress edit: values in place, never the whole snapshot read again."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.domain.progress import grade_id, indicator_actual_id
from shiraoka_dx_desktop.services import commands
from shiraoka_dx_desktop.services.edits import Change, set_indicator_actual
from shiraoka_dx_desktop.services.progress_commands import evaluation_edit
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui import document as document_module
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.models import InitiativeTableModel, RoadmapModel

from .progress_seed import APPLICATIONS, KIOSK, enter_progress, initiative_id


@pytest.fixture
def document(database: Database) -> Document:
    enter_progress(database)
    return Document(database, "市民課 白岡")


def test_an_evaluation_or_an_actual_is_published_as_changed_without_reading_the_snapshot_or_its_initiative(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = document.snapshot
    published: list[tuple[Change, ...]] = []
    reloads: list[None] = []
    document.changed.connect(published.append)
    document.reloaded.connect(lambda: reloads.append(None))

    def unexpected(*args: object) -> None:
        raise AssertionError("the initiative was read again for a change that is not part of it")

    monkeypatch.setattr(document_module, "load_initiatives", unexpected)
    kiosk = initiative_id(document.database, KIOSK)
    assert document.submit("評価", [evaluation_edit(kiosk, 2025, {"grade_id": grade_id("B")})])
    value = set_indicator_actual(
        indicator_actual_id(APPLICATIONS, 2026), indicator_id=APPLICATIONS, fiscal_year=2026, value=300
    )
    assert document.submit("実績", [value])
    document.undo_stack.undo()
    assert reloads == [] and document.snapshot is snapshot
    assert [[change.entity for change in changes] for changes in published] == [
        ["evaluation"],
        ["indicator_actual"],
        ["indicator_actual"],
    ]


def test_the_other_tabs_models_leave_their_rows_alone_for_a_progress_edit(document: Document, qtbot: QtBot) -> None:
    initiatives, roadmap = InitiativeTableModel(document), RoadmapModel(document)
    kiosk = initiative_id(document.database, KIOSK)
    with qtbot.assertNotEmitted(initiatives.dataChanged), qtbot.assertNotEmitted(roadmap.dataChanged):
        document.submit("評価", [evaluation_edit(kiosk, 2025, {"grade_id": grade_id("A")})])


def test_deleting_an_initiative_with_its_evaluations_and_indicators_still_reloads(document: Document) -> None:
    reloads: list[None] = []
    document.reloaded.connect(lambda: reloads.append(None))
    initiative = next(i for i in document.snapshot.initiatives if i.name == KIOSK)
    assert document.submit("削除", commands.delete_initiative(initiative))
    assert reloads == [None] and all(i.name != KIOSK for i in document.snapshot.initiatives)
