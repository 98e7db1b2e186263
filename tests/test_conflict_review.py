"""The conflict review speaks to staff: only the fields that differ, 共通の版 / こちら / 相手 in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.domain.roadmap import CellKind, CellValue
from shiraoka_dx_desktop.services.commands import cell_edits
from shiraoka_dx_desktop.services.importing.merge import ItemKind
from shiraoka_dx_desktop.services.importing.service import prepare_import
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.import_dialog import ImportDialog
from shiraoka_dx_desktop.ui.import_model import ImportPlanModel
from shiraoka_dx_desktop.ui.main_window import MainWindow

from .terminals import Terminal

KIOSK = "キオスク端末の導入"


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[tuple[Terminal, Terminal]]:
    secretariat = Terminal(tmp_path / "事務局", "事務局", pristine_database)
    colleague = Terminal(tmp_path / "市民課", "市民課 佐藤", pristine_database)
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


def _set_first_cell(terminal: Terminal, phase: str) -> int:
    initiative = terminal.initiative(KIOSK)
    year: int = min(initiative.cells)
    terminal.edit(cell_edits({(initiative.id, year): CellValue(CellKind.PHASE, phase)}))
    return year


def _cell_conflict(qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]) -> ImportDialog:
    secretariat, colleague = office
    _set_first_cell(colleague, "試行運用")
    colleague.describe("チャットツール（LoGoチャット）の有効活用", "市民課の説明")
    path = colleague.export()
    _set_first_cell(secretariat, "運用開始")
    dialog = ImportDialog(window.document, prepare_import(secretariat.database, path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_one_conflict_is_selected_and_shows_only_what_differs_in_japanese(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]
) -> None:
    dialog = _cell_conflict(qtbot, window, office)
    item = dialog.current_item()
    assert item is not None and item.kind is ItemKind.CONFLICT and item.entity == "roadmap_cell"
    assert dialog.decide_box.isEnabled()
    shown = dialog.details.toPlainText()
    for words in ("共通の版", "こちら（この端末）", "相手（市民課 佐藤）", "工程", "継続実施", "運用開始", "試行運用"):
        assert words in shown, words
    # Nothing that did not change, and no database words.
    for hidden in ("fiscal", "推定", "種別", "備考", "推定の根拠", "initiative_id"):
        assert hidden not in shown, hidden
    label: Any = dialog.typed_form.itemAt(0, dialog.typed_form.ItemRole.LabelRole)
    assert [label.widget().text()] == ["工程"]


def test_a_conflict_s_line_names_both_sides_and_the_common_value(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]
) -> None:
    dialog = _cell_conflict(qtbot, window, office)
    line = dialog.tree.currentIndex().siblingAtColumn(ImportPlanModel.CHANGES).data()
    assert line == "工程: こちら「運用開始」、相手「試行運用」（共通の版「継続実施」）"
    assert "→" not in line


def test_a_change_only_there_reads_old_to_new(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]
) -> None:
    dialog = _cell_conflict(qtbot, window, office)
    model = dialog.model
    lines = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for s in range(model.rowCount(group)):
            subgroup = model.index(s, 0, group)
            lines += [model.index(i, ImportPlanModel.CHANGES, subgroup).data() for i in range(model.rowCount(subgroup))]
    assert any(line.startswith("説明: ") and line.endswith("→ 市民課の説明") for line in lines)


def test_the_importer_s_notes_are_listed_in_full_under_a_warning_heading(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal]
) -> None:
    secretariat, colleague = office
    colleague.describe(KIOSK, "市民課の説明")
    prepared = prepare_import(secretariat.database, colleague.export())
    note = "「工程表」シートの 12 行目は取組項目の名前が空のため読み飛ばしました。" * 3
    prepared.plan.incoming.notes.append(note)
    dialog = ImportDialog(window.document, prepared, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.notes_box is not None and dialog.notes_box.isVisible()
    assert dialog.notes_box.title().startswith("注意")
    assert note in dialog.notes_box.findChildren(type(dialog.counts))[0].text()


def test_a_deletion_that_leaves_rows_says_which_rows_and_what_it_takes(
    qtbot: QtBot, window: MainWindow, office: tuple[Terminal, Terminal], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    secretariat, _colleague = office
    workbook = load_workbook(secretariat.export())
    sheet = workbook["推進体制"]
    column = next(cell.column for cell in sheet[1] if cell.value == "組織")
    sheet.delete_rows(next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == "DX推進本部"))
    workbook.save(tmp_path / "body.xlsx")
    dialog = ImportDialog(window.document, prepare_import(secretariat.database, tmp_path / "body.xlsx"), window)
    qtbot.addWidget(dialog)
    dialog.show()
    item = dialog.current_item()  # the one conflict, selected
    assert item is not None and item.entity == "body"
    shown = dialog.details.toPlainText()
    assert "削除された行の中身がまだブックに残っています" in shown
    assert "推進体制の 2 行目" in shown  # the rows left, by number
    assert "あわせて次の記録も削除します" in shown and "役職「本部長」" in shown
    line = dialog.model.index(0, 1, dialog.model.index(0, 0, dialog.model.index(0, 0)))
    assert dialog.model.data(line) == "相手が削除（その中身の行はブックに残っています）"
