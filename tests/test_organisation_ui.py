"""Editing the organisation (推進体制) and the section master (部・課)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.snapshot import BodyView, load_snapshot
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import ORGANISATION, MainWindow
from shiraoka_dx_desktop.ui.organisation_models import DutiesModel, MembersModel, RolesModel, SectionsModel
from shiraoka_dx_desktop.ui.organisation_page import OrganisationPage, SectionsDialog


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    window = MainWindow(Document(database, "事務局"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(ORGANISATION)
    return window


def _select(page: OrganisationPage, name: str) -> None:
    model = page.body_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith(name))
    page.body_list.setCurrentIndex(model.index(row, 0))


def _body(database: Database, name: str) -> BodyView:
    return next(body for body in load_snapshot(database).bodies if body.name == name)


def test_models_pass_the_model_tester(qtmodeltester, database: Database) -> None:  # type: ignore[no-untyped-def]
    document = Document(database, "x")
    committee = next(body for body in document.snapshot.bodies if body.kind == "committee")
    for model_type in (DutiesModel, RolesModel, MembersModel):
        model = model_type(document)
        model.set_body(committee.id)
        qtmodeltester.check(model)
    qtmodeltester.check(SectionsModel(document))


def test_checking_a_section_makes_it_a_member_and_undo_removes_it(window: MainWindow, database: Database) -> None:
    page = window.organisation_page
    _select(page, "公開・統合型GIS推進チーム")
    members = page.members_model
    row = next(r for r in range(members.rowCount()) if members.index(r, 0).data() == "DX推進課")
    assert members.setData(members.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert "DX推進課" in _body(database, "公開・統合型GIS推進チーム").members
    assert members.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    window.undo_action.trigger()
    assert "DX推進課" not in _body(database, "公開・統合型GIS推進チーム").members
    assert page.name.text() == "公開・統合型GIS推進チーム"  # the same body stays selected


def test_roles_are_held_by_posts(window: MainWindow, database: Database) -> None:
    page = window.organisation_page
    _select(page, "DX推進委員")
    roles = page.roles_model
    assert roles.setData(roles.index(0, RolesModel.POST), "各課の課長補佐級職員")
    assert roles.setData(roles.index(0, RolesModel.SECTION), "DX推進課")
    held = _body(database, "DX推進委員").roles[0]
    assert (held.post, held.section) == ("各課の課長補佐級職員", "DX推進課")


def test_duties_can_be_added_moved_and_deleted(
    window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.organisation_page
    _select(page, "事業主管課")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("DX推進委員との連携", True))
    page.add_duty()
    assert _body(database, "事業主管課").duties[-1] == "DX推進委員との連携"
    page.duties.setCurrentIndex(page.duties_model.index(4, 0))
    page.move_duty(-1)
    assert _body(database, "事業主管課").duties[3:] == ("DX推進委員との連携", "事務局への事業報告")
    page.duties.setCurrentIndex(page.duties_model.index(0, 0))
    page.delete_duty()
    assert _body(database, "事業主管課").duties[0] == "予算確保"
    stack = window.document.undo_stack
    while stack.canUndo():
        stack.undo()
    assert _body(database, "事業主管課").duties == (
        "事業化、業務の見直し",
        "予算確保",
        "システムの構築、運用",
        "事務局への事業報告",
    )


def test_status_and_name(window: MainWindow, database: Database, refusals: list[str]) -> None:
    page = window.organisation_page
    _select(page, "電子申請推進チーム")
    page.status.setCurrentIndex(page.status.findData("設置済"))
    page.status.activated.emit(page.status.currentIndex())
    assert _body(database, "電子申請推進チーム").status == "設置済"
    page.name.setText("DX推進本部")
    page.name.editingFinished.emit()
    assert refusals == ["「DX推進本部」という組織は既にあります。"]
    assert page.name.text() == "電子申請推進チーム"


def test_deleting_a_body_is_undone_with_its_roles_duties_and_members(
    window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.organisation_page
    before = _body(database, "白岡市コンピュータシステム管理運営委員会")
    _select(page, "白岡市コンピュータシステム管理運営委員会")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_body()
    assert all(body.name != before.name for body in load_snapshot(database).bodies)
    window.undo_action.trigger()
    restored = _body(database, before.name)
    assert restored._replace(stamp=None) == before._replace(stamp=None)
    # Bringing it back is a change like any other: the stamp names who undid the deletion.
    assert before.stamp is not None and before.stamp.updated_by == "初期データ"
    assert restored.stamp is not None and restored.stamp.updated_by == "事務局"
    _select(page, before.name)
    assert page.stamp.text().startswith("最終更新: 事務局（令和")
    assert run_checks(database).ok


def test_a_section_in_use_cannot_be_deleted(
    qtbot: QtBot, window: MainWindow, refusals: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SectionsDialog(window.document, window)
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.section(r).name == "建築課")
    dialog.table.setCurrentIndex(dialog.model.index(row, 0))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete_section()
    assert len(refusals) == 1
    assert "「建築課」は次の箇所で使われているため削除できません" in refusals[0]
    assert "公開・統合型GIS推進チームの構成課" in refusals[0] and "電子申請推進チームの構成課" in refusals[0]


def test_sections_can_be_added_renamed_and_placed_under_a_department(
    qtbot: QtBot, window: MainWindow, database: Database, refusals: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SectionsDialog(window.document, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("会計課", True))
    dialog.add_section()
    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.section(r).name == "会計課")
    assert model.index(row, SectionsModel.KIND).data() == "課"
    assert model.setData(model.index(row, SectionsModel.PARENT), "総務部")
    assert not model.setData(model.index(row, SectionsModel.PARENT), "市民課")
    assert refusals == ["所属先には「部」を選んでください（課だけが部に属します）。"]
    taxes = next(r for r in range(model.rowCount()) if model.section(r).name == "税務課")
    assert model.setData(model.index(taxes, SectionsModel.NAME), "課税課")
    snapshot = load_snapshot(database)
    assert {s.name for s in snapshot.sections} >= {"会計課", "課税課"}
    standard = next(body for body in snapshot.bodies if "標準化" in body.name)
    assert "課税課" in standard.members
    assert run_checks(database).ok
