"""［方針］→［新旧対照表］: two sides chosen, the count and the pages shown, saved as PDF and workbook."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.editions import create_edition, edition_snapshot, new_edition
from shiraoka_dx_desktop.services.edits import set_initiative
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.ui import comparison_dialog
from shiraoka_dx_desktop.ui.comparison_dialog import DRAFT, ComparisonDialog
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow

TODAY = dt.date(2026, 12, 2)
FOURTH_NAME = "転出転入手続のワンストップ化（電子申請）"  # 第3版 → 第4版
DRAFT_NAME = "オンライン申請の拡大（全手続）"  # 第4版 → 作業中の内容


@pytest.fixture
def original(database: Database) -> PolicySnapshot:
    """The default data (第3版) before the revisions below."""
    return load_snapshot(database)


@pytest.fixture
def revised(database: Database, original: PolicySnapshot) -> Database:
    """第3版 (the default data), 第4版 with the first initiative renamed, and a draft with the second renamed too."""
    editor = Editor(database, "事務局")
    editor.apply([set_initiative(original.initiatives[0].id, name=FOURTH_NAME)])
    create_edition(database, "第4版", year=2026, month=4)
    editor.apply([set_initiative(original.initiatives[1].id, name=DRAFT_NAME)])
    return database


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog(qtbot: QtBot, revised: Database, settings: QSettings) -> ComparisonDialog:
    shown = ComparisonDialog(Document(revised, "DX推進課 山田"), settings, today=TODAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _choose(dialog: ComparisonDialog, old: str, new: str) -> None:
    dialog.old_box.setCurrentIndex(dialog.old_box.findData(old))
    dialog.new_box.setCurrentIndex(dialog.new_box.findData(new))
    assert (dialog.old_name, dialog.new_name) == (old, new)


def _answer_save(monkeypatch: pytest.MonkeyPatch, answer: Path, proposed: list[str]) -> None:
    def save(parent: QWidget, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        proposed.append(directory)
        return str(answer), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path, strict=True).pages).replace("\n", "")


def test_it_opens_on_the_newest_edition_against_the_working_draft(
    dialog: ComparisonDialog, original: PolicySnapshot
) -> None:
    # 第1版 and 第2版 were never frozen: there is nothing to compare them by.
    assert [dialog.old_box.itemData(i) for i in range(dialog.old_box.count())] == ["第3版", "第4版"]
    assert [dialog.new_box.itemData(i) for i in range(dialog.new_box.count())] == ["第3版", "第4版", DRAFT]
    assert dialog.old_box.currentText() == "第4版（令和8年4月改訂）" and dialog.new_name == DRAFT
    assert dialog.summary.text() == "第4版 → 作業中の内容: 改正箇所 1 件（改正 1）"
    assert dialog.document is not None and dialog.document.paper == "A3"
    total = len(dialog.document.pages)
    assert total >= 1 and dialog.preview.page_label.text() == f"1 / {total} ページ"
    shown = "".join(text.text for page in dialog.document.pages for text in page.texts())
    assert "改正前（第4版）" in shown and "改正後（作業中の内容）" in shown
    assert original.initiatives[1].name in shown and "全手続" in shown
    assert original.initiatives[0].name not in shown  # changed before 第4版, not since
    assert dialog.pdf_button.isEnabled() and dialog.xlsx_button.isEnabled()


def test_a4_lays_the_pages_out_again_and_is_remembered(dialog: ComparisonDialog, settings: QSettings) -> None:
    before = dialog.document
    dialog.paper_box.setCurrentText("A4（横）")
    assert dialog.document is not None and dialog.document is not before
    assert dialog.document.paper == "A4"
    assert dialog.document.pages[0].width == pytest.approx(841.89, abs=0.05)
    assert dialog.preview.page_label.text() == f"1 / {len(dialog.document.pages)} ページ"
    assert dialog.preview.strip.document is dialog.document
    assert settings.value("comparison/paper") == "A4"


def test_two_editions_saved_as_pdf_list_what_changed_only(
    dialog: ComparisonDialog,
    original: PolicySnapshot,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose(dialog, "第3版", "第4版")
    assert dialog.summary.text() == "第3版 → 第4版: 改正箇所 1 件（改正 1）"
    folder = tmp_path / "本部会議"
    folder.mkdir()
    proposed: list[str] = []
    _answer_save(monkeypatch, folder / "対照表", proposed)

    saved = dialog.save_pdf()

    assert saved == folder / "対照表.pdf" and dialog.saved_paths == [saved]
    assert Path(proposed[0]).name == "白岡市DX推進全体方針_新旧対照表_第3版→第4版_20261202.pdf"
    assert settings.value("comparison/last_folder") == str(folder)
    assert dialog.document is not None and len(PdfReader(saved).pages) == len(dialog.document.pages)
    printed = _pdf_text(saved)
    assert "新旧対照表（第3版 → 第4版）" in printed and "改正箇所 1 件" in printed
    assert original.initiatives[0].name in printed and "（電子申請）" in printed
    assert original.initiatives[2].name not in printed and "全手続" not in printed
    assert str(saved) in dialog.status.text() and dialog.isVisible()  # still open, for the workbook too
    assert sorted(path.name for path in folder.iterdir()) == ["対照表.pdf"]  # no staging file left


def test_the_workbook_holds_the_two_columns(
    dialog: ComparisonDialog,
    original: PolicySnapshot,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose(dialog, "第3版", "第4版")
    settings.setValue("comparison/last_folder", str(tmp_path))
    proposed: list[str] = []
    _answer_save(monkeypatch, tmp_path / "対照表.xlsx", proposed)

    saved = dialog.save_workbook()

    assert saved == tmp_path / "対照表.xlsx"
    assert Path(proposed[0]) == tmp_path / "白岡市DX推進全体方針_新旧対照表_第3版→第4版_20261202.xlsx"
    rows = [
        [str(value or "") for value in row] for row in openpyxl.load_workbook(saved).active.iter_rows(values_only=True)
    ]
    assert rows[2] == ["項目", "改正前（第3版）", "改正後（第4版）"]
    changed = [row for row in rows[3:] if row[1] == original.initiatives[0].name]
    assert len(changed) == 1 and changed[0][2] == FOURTH_NAME
    assert not any(DRAFT_NAME in cell for row in rows for cell in row)


def test_a_file_that_cannot_be_written_is_explained_and_nothing_is_left(
    dialog: ComparisonDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "対照表.xlsx").mkdir()  # written beside it, then it cannot be replaced
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(f"{title}|{text}"))
    )
    before = sorted(tmp_path.rglob("*"))
    for save, target in ((dialog.save_pdf, "ない/対照表.pdf"), (dialog.save_workbook, "対照表.xlsx")):
        _answer_save(monkeypatch, tmp_path / target, [])
        assert save() is None
    assert shown[0].startswith("PDFを保存できませんでした|") and "保存先のフォルダ" in shown[0]
    assert shown[1].startswith("Excelブックを保存できませんでした|") and "置き換えられません" in shown[1]
    assert len(shown) == 2 and "Traceback" not in "".join(shown)
    assert sorted(tmp_path.rglob("*")) == before and dialog.saved_paths == []
    assert dialog.isVisible() and dialog.status.text() == ""


def test_the_same_edition_on_both_sides_is_said_and_nothing_can_be_saved(dialog: ComparisonDialog) -> None:
    _choose(dialog, "第4版", "第4版")
    assert dialog.summary.text() == "改正前と改正後に同じ「第4版」が選ばれています。別の版を選んでください。"
    assert dialog.document is None and dialog.preview.strip.document is None
    assert dialog.preview.page_label.text() == "0 / 0 ページ"
    assert not dialog.pdf_button.isEnabled() and not dialog.xlsx_button.isEnabled()
    assert dialog.save_pdf() is None and dialog.save_workbook() is None  # e.g. Ctrl+P: nothing asked
    _choose(dialog, "第3版", "第4版")
    assert dialog.document is not None and dialog.pdf_button.isEnabled()


def test_no_change_is_said_and_still_saved_as_a_paper_saying_so(
    qtbot: QtBot, revised: Database, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_edition(revised, "第5版", year=2027, month=4)
    dialog = ComparisonDialog(Document(revised, ""), settings, today=TODAY)
    qtbot.addWidget(dialog)
    assert (dialog.old_name, dialog.new_name) == ("第5版", DRAFT)
    assert dialog.summary.text().startswith("第5版 → 作業中の内容: 改正箇所はありません。")
    assert dialog.pdf_button.isEnabled()
    _answer_save(monkeypatch, tmp_path / "対照表.pdf", [])
    saved = dialog.save_pdf()
    assert saved is not None and "改正箇所はありません" in _pdf_text(saved)


def test_each_edition_is_read_once_while_the_dialog_is_open(
    qtbot: QtBot, revised: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []

    def counted(database: Database, name: str) -> PolicySnapshot:
        read.append(name)
        return edition_snapshot(database, name)

    monkeypatch.setattr(comparison_dialog, "edition_snapshot", counted)
    dialog = ComparisonDialog(Document(revised, ""), settings, today=TODAY)
    qtbot.addWidget(dialog)
    for old, new in (("第3版", DRAFT), ("第3版", "第4版"), ("第4版", DRAFT), ("第3版", DRAFT)):
        _choose(dialog, old, new)
        dialog.paper_box.setCurrentIndex(1 - dialog.paper_box.currentIndex())
    assert sorted(read) == ["第3版", "第4版"]


@pytest.fixture
def without_editions(tmp_path: Path, pristine_database: Path) -> Iterator[Database]:
    """A database whose editions were all removed (one that never had any)."""
    path = tmp_path / "no-editions.sqlite"
    with sqlite3.connect(pristine_database) as source, sqlite3.connect(path) as target:
        source.backup(target)
        target.execute("DELETE FROM edition_snapshot")
        target.execute("DELETE FROM edition")
    source.close()
    target.close()
    database = open_database(path)
    yield database
    database.close()


def test_the_command_waits_for_an_edition(
    qtbot: QtBot, without_editions: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Document(without_editions, "事務局"), settings)
    qtbot.addWidget(window)
    assert not window.comparison_action.isEnabled()
    made = new_edition(without_editions, "第1版", year=2026, month=4)
    assert window.document.submit("「第1版」を作成", made.edits, also=made.freeze)
    assert window.comparison_action.isEnabled()
    opened: list[tuple[str, str]] = []
    monkeypatch.setattr(ComparisonDialog, "exec", lambda self: opened.append((self.old_name, self.new_name)) or 0)
    window.comparison_action.trigger()
    assert opened == [("第1版", DRAFT)]
    window.document.undo_stack.undo()
    assert not window.comparison_action.isEnabled()
