"""Importing in the window: preview, decide, apply as one undo step, history, drag and drop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.importing.service import load_import_log
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.import_dialog import ImportDialog
from shiraoka_dx_desktop.ui.import_model import ITEM_ROLE, ImportPlanModel
from shiraoka_dx_desktop.ui.main_window import MainWindow

from .terminals import Terminal

KIOSK = "キオスク端末の導入"
CHAT = "チャットツール（LoGoチャット）の有効活用"


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[tuple[Terminal, Terminal]]:
    secretariat = Terminal(tmp_path / "事務局", "事務局", pristine_database)
    colleague = Terminal(tmp_path / "市民課", "市民課", pristine_database)
    yield secretariat, colleague
    secretariat.close()
    colleague.close()


@pytest.fixture
def window(qtbot: QtBot, office: tuple[Terminal, Terminal], tmp_path: Path) -> MainWindow:
    secretariat, _colleague = office
    window = MainWindow(
        Document(secretariat.database, "事務局"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    return window


def _file_with_changes(colleague: Terminal) -> Path:
    colleague.describe(KIOSK, "市民課の説明")
    colleague.rename(CHAT, "LoGoチャットの活用")
    return colleague.export()


def _dialog(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    from shiraoka_dx_desktop.services.importing.service import prepare_import

    dialog = ImportDialog(window.document, prepare_import(window.document.database, path), window)
    qtbot.addWidget(dialog)
    return dialog


def _leaves(model: ImportPlanModel) -> list[tuple[str, str, str]]:
    """(group, subgroup, item) texts, as the tree shows them."""
    found = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for s in range(model.rowCount(group)):
            subgroup = model.index(s, 0, group)
            for i in range(model.rowCount(subgroup)):
                found.append((group.data(), subgroup.data(), model.index(i, 0, subgroup).data()))
    return found


def test_the_preview_model_passes_the_model_tester(qtmodeltester, qtbot: QtBot, window: MainWindow, office) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, window, _file_with_changes(office[1]))
    qtmodeltester.check(dialog.model)


def test_preview_groups_changes_by_area_and_initiative_and_applies_as_one_undo_step(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]
) -> None:
    secretariat, colleague = office
    dialog = _dialog(qtbot, window, _file_with_changes(colleague))
    leaves = _leaves(dialog.model)
    groups = {group.split("（")[0] for group, _s, _i in leaves}
    assert groups == {"(2) マイナンバーカードの普及促進", "(7) その他"}
    assert {subgroup for _g, subgroup, _i in leaves} == {f"{KIOSK}（1 件）", "LoGoチャットの活用（1 件）"}
    change = dialog.model.index(0, ImportPlanModel.CHANGES, dialog.model.index(0, 0, dialog.model.index(0, 0)))
    assert "説明:" in change.data() and "→ 市民課の説明" in change.data()
    assert "変更 2" in dialog.counts.text() and dialog.apply_button.isEnabled()
    # Nothing is written before the user confirms.
    assert secretariat.initiative(KIOSK).description != "市民課の説明"
    depth = window.document.undo_stack.count()
    dialog.apply()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert secretariat.initiative(KIOSK).description == "市民課の説明"
    assert window.document.undo_stack.count() == depth + 1
    assert window.initiative_model.index(0, 0).isValid()  # the views were told
    names = [window.initiative_model.index(r, 1).data() for r in range(window.initiative_model.rowCount())]
    assert "LoGoチャットの活用" in names
    window.undo_action.trigger()
    assert secretariat.initiative(KIOSK).description != "市民課の説明"
    assert run_checks(secretariat.database).ok
    log = load_import_log(secretariat.database)
    assert [bool(entry.summary.get("undone")) for entry in log] == [True, False]


def test_an_undone_import_is_brought_back_by_redo_not_by_importing_again(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]
) -> None:
    # Undoing is a change made here, after the file: like any older file, it rolls nothing back.
    path = _file_with_changes(office[1])
    _dialog(qtbot, window, path).apply()
    window.undo_action.trigger()
    assert office[0].initiative(KIOSK).description != "市民課の説明"
    assert _dialog(qtbot, window, path).prepared.plan.empty
    window.redo_action.trigger()
    assert office[0].initiative(KIOSK).description == "市民課の説明"
    assert [bool(e.summary.get("undone")) for e in load_import_log(office[0].database)] == [False, True, False]


def test_an_unticked_change_is_left_out(qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]) -> None:
    secretariat, colleague = office
    dialog = _dialog(qtbot, window, _file_with_changes(colleague))
    model = dialog.model
    kiosk = next(
        model.index(i, 0, model.index(s, 0, model.index(g, 0)))
        for g in range(model.rowCount())
        for s in range(model.rowCount(model.index(g, 0)))
        for i in range(model.rowCount(model.index(s, 0, model.index(g, 0))))
        if model.index(s, 0, model.index(g, 0)).data().startswith(KIOSK)
    )
    assert model.setData(kiosk, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.index(kiosk.row(), ImportPlanModel.DECISION, kiosk.parent()).data() == "取り込まない"
    dialog.apply()
    assert secretariat.initiative(KIOSK).description != "市民課の説明"
    assert "LoGoチャットの活用" in {i.name for i in secretariat.snapshot().initiatives}
    (entry,) = load_import_log(secretariat.database)
    assert sorted(c["outcome"] for c in entry.summary["changed"]) == ["applied", "rejected"]


def test_conflicts_must_be_decided_before_applying(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat, colleague = office
    colleague.describe(KIOSK, "市民課の説明")
    colleague.describe(CHAT, "市民課のチャット")
    path = colleague.export()
    window.document.submit("説明", [_describe(secretariat, KIOSK, "事務局の説明")])
    window.document.submit("説明", [_describe(secretariat, CHAT, "事務局のチャット")])
    dialog = _dialog(qtbot, window, path)
    assert len(dialog.prepared.plan.conflicts) == 2
    assert not dialog.apply_button.isEnabled() and "未決定の競合: 2 件" in dialog.counts.text()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    dialog.apply()
    assert warned and secretariat.initiative(KIOSK).description == "事務局の説明"
    items = {index.data(ITEM_ROLE).id: index for index in _item_indexes(dialog.model)}
    kiosk_id = secretariat.initiative(KIOSK).id
    chat_id = secretariat.initiative(CHAT).id
    # Keep mine for one; type a value for the other.
    dialog.tree.setCurrentIndex(items[kiosk_id])
    dialog.keep_button.click()
    dialog.tree.setCurrentIndex(items[chat_id])
    assert dialog.typed_button.isEnabled()
    (editor,) = dialog._typed.values()
    assert editor.text() == "市民課のチャット"
    editor.setText("両方をまとめたチャット")
    dialog.typed_button.click()
    assert dialog.apply_button.isEnabled()
    dialog.apply()
    assert secretariat.initiative(KIOSK).description == "事務局の説明"
    assert secretariat.initiative(CHAT).description == "両方をまとめたチャット"


def _describe(terminal: Terminal, name: str, text: str):  # type: ignore[no-untyped-def]
    from shiraoka_dx_desktop.services.edits import Upsert

    return Upsert("initiative", terminal.initiative(name).id, {"description": text})


def _item_indexes(model: ImportPlanModel) -> list[QModelIndex]:
    found: list[QModelIndex] = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for s in range(model.rowCount(group)):
            subgroup = model.index(s, 0, group)
            found.extend(model.index(i, 0, subgroup) for i in range(model.rowCount(subgroup)))
    return found


def test_a_workbook_dropped_on_the_window_is_imported(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat, colleague = office
    path = _file_with_changes(colleague)
    shown: list[ImportDialog] = []

    def confirm(dialog: ImportDialog) -> int:
        shown.append(dialog)
        dialog.apply()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ImportDialog, "exec", confirm)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    assert len(shown) == 1
    assert secretariat.initiative(KIOSK).description == "市民課の説明"
    assert "取り込みました" in window.statusBar().currentMessage()


def test_a_file_with_nothing_new_says_so_and_is_logged(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat, colleague = office
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    window.import_dropped(colleague.export())
    assert told and "取り込む変更はありません" in told[0]
    assert len(load_import_log(secretariat.database)) == 1
    assert window.document.undo_stack.count() == 0


def test_a_bad_file_shows_a_message_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[2]))
    path = tmp_path / "議事録.xlsx"
    path.write_text("議事録", encoding="utf-8")
    before = office[0].state()
    window.import_dropped(path)
    assert errors and "議事録.xlsx" in errors[0] and "Excel ブック（.xlsx）ではありません" in errors[0]
    assert office[0].state() == before


def test_the_import_history_lists_what_happened(  # type: ignore[no-untyped-def]
    qtmodeltester, qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiraoka_dx_desktop.ui.import_log_dialog import ImportLogDialog

    _dialog(qtbot, window, _file_with_changes(office[1])).apply()
    dialog = ImportLogDialog(load_import_log(office[0].database), window)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())][:4] == [
        "取込日時",
        "取込者",
        "ファイル",
        "出力者",
    ]
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1] == "事務局" and row[3] == "市民課" and row[4] == "2" and row[0].startswith("令和")
    assert "変更 2 件" in dialog.details.toPlainText()


def test_the_import_history_opens_from_the_menu_and_goes_when_closed(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiraoka_dx_desktop.ui.import_log_dialog import ImportLogDialog

    _dialog(qtbot, window, _file_with_changes(office[1])).apply()
    shown: list[int] = []
    monkeypatch.setattr(ImportLogDialog, "exec", lambda dialog: shown.append(dialog.model.rowCount()) or 0)
    window.show_import_log()
    assert shown == [1]
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(ImportLogDialog) == []  # not kept by the window once closed
