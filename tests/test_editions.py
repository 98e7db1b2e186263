"""Editions as snapshots: `edition new` freezes the whole policy, `edition list` shows them, and an edition
reads back as it was whatever changed since; bad names and dates are refused with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.editions import EditionError, edition_snapshot, list_editions, parse_edition_date
from shiraoka_dx_desktop.services.edits import set_initiative, set_roadmap_cell
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database


def _editions(db_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--db", str(db_path), "edition", "list", "--json"]) == 0
    return list(json.loads(capsys.readouterr().out)["editions"])


def test_a_new_edition_freezes_the_policy_and_is_listed(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--db", str(db_path), "edition", "new", "第4版", "--date", "令和8年4月", "--note", "進捗管理を追加"]) == 0
    )
    assert "「第4版」（令和8年4月改訂）として今のデータ全体を保存しました" in capsys.readouterr().out
    editions = _editions(db_path, capsys)
    assert [(e["name"], e["action"], e["year"], e["month"], e["frozen"]) for e in editions] == [
        ("第1版", "策定", 2022, 11, False),
        ("第2版", "改訂", 2023, 4, False),
        ("第3版", "改訂", 2023, 11, True),  # frozen when the database was made from the policy's 第3版
        ("第4版", "改訂", 2026, 4, True),
    ]
    assert editions[-1]["note"] == "進捗管理を追加" and editions[-1]["frozen_at"]
    assert main(["--db", str(db_path), "edition", "list"]) == 0
    assert "第4版　令和8年4月改訂" in capsys.readouterr().out


def test_an_edition_reads_back_as_it_was(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "edition", "new", "第4版", "--date", "2026-04"]) == 0
    database = open_database(db_path)
    try:
        before = load_snapshot(database)
        first = before.initiatives[0]
        year = next(iter(first.cells))
        Editor(database, "事務局").apply(
            [
                set_initiative(first.id, name="転出・転入のワンストップ化（改）"),
                set_roadmap_cell(
                    next(c for c in _cell_ids(database, first.id, year)), phase="運用見直し", kind="phase"
                ),
            ]
        )
        frozen = edition_snapshot(database, "第4版")
        now = load_snapshot(database)
        assert frozen.initiatives[0].name == first.name != now.initiatives[0].name
        assert frozen.initiatives[0].cells[year].value == first.cells[year].value
        assert now.initiatives[0].cells[year].value.label == "運用見直し"
        assert frozen.edition_label == "第4版" and [v.name for v in frozen.initiatives] == [
            v.name for v in before.initiatives
        ]
        third = edition_snapshot(database, "第3版")
        assert third.edition_label == "第3版" and [v.name for v in third.initiatives] == [
            v.name for v in before.initiatives
        ]
        assert third.bodies == before.bodies and third.glossary == before.glossary
    finally:
        database.close()


def _cell_ids(database: Database, initiative_id: str, year: int) -> list[str]:
    with database.reader() as connection:
        return [
            row[0]
            for row in connection.execute(
                "SELECT id FROM roadmap_cell WHERE initiative_id = ? AND fiscal_year = ?", (initiative_id, year)
            )
        ]


@pytest.mark.parametrize(
    ("arguments", "phrase"),
    [
        (["第3版"], "「第3版」という版は既にあります"),
        (["第4版", "--date", "来年の春"], "「来年の春」は年月として読めません"),
        (["第4版", "--date", "2026-13"], "年月として読めません"),
        (["　"], "版の名前を 50 文字以内で指定してください"),
    ],
)
def test_a_bad_name_or_date_is_refused_and_nothing_is_written(
    db_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], phrase: str
) -> None:
    before = _editions(db_path, capsys)
    assert main(["--db", str(db_path), "edition", "new", *arguments]) == 2
    assert phrase in capsys.readouterr().err
    assert _editions(db_path, capsys) == before


def test_an_unknown_edition_is_named_with_those_there_are(database: Database) -> None:
    with pytest.raises(EditionError) as raised:
        edition_snapshot(database, "第9版")
    assert raised.value.message == "「第9版」という版はありません（保存されている版: 第3版）。"


def test_dates_are_read_in_both_calendars() -> None:
    assert parse_edition_date("令和8年4月") == parse_edition_date("2026-04") == parse_edition_date("２０２６年４月")
    assert parse_edition_date("2026/4") == (2026, 4)


def test_a_backup_keeps_the_editions(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "edition", "new", "第4版"]) == 0
    assert main(["--db", str(db_path), "backup", str(tmp_path / "copy.sqlite")]) == 0
    copy = Database(tmp_path / "copy.sqlite")
    try:
        assert [e.label for e in list_editions(copy) if e.frozen] == ["第3版", "第4版"]
        assert edition_snapshot(copy, "第4版").edition_label == "第4版"
    finally:
        copy.close()


def test_an_edition_is_printed_and_exported_as_it_was(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl
    from pypdf import PdfReader

    database = open_database(db_path)
    try:
        first = load_snapshot(database).initiatives[0]
        Editor(database, "事務局").apply([set_initiative(first.id, name="第4版での新しい名前")])
    finally:
        database.close()
    pdf, xlsx = tmp_path / "第3版.pdf", tmp_path / "第3版.xlsx"
    assert main(["--db", str(db_path), "export", "pdf", str(pdf), "--report", "initiatives", "--edition", "第3版"]) == 0
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert first.name[:12] in printed and "第4版での新しい名前" not in printed and "第3版" in printed
    assert main(["--db", str(db_path), "export", "xlsx", str(xlsx), "--edition", "第3版"]) == 0
    names = [row[2] for row in openpyxl.load_workbook(xlsx)["取組項目"].iter_rows(min_row=2, values_only=True)]
    assert first.name in names and "第4版での新しい名前" not in names
    # Imported back untouched, the edition's workbook changes nothing.
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", str(xlsx), "--dry-run"]) == 0
    assert "追加 0 件　変更 0 件　削除 0 件　競合 0 件" in capsys.readouterr().out
    # An unknown edition, or the yearly report of one, is refused.
    assert main(["--db", str(db_path), "export", "pdf", str(tmp_path / "x.pdf"), "--edition", "第9版"]) == 2
    assert "「第9版」という版はありません" in capsys.readouterr().err
    progress = ["export", "pdf", str(tmp_path / "y.pdf"), "--report", "progress", "--edition", "第3版"]
    assert main(["--db", str(db_path), *progress]) == 2
    assert "版（--edition）は指定できません" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_an_edition_is_published_as_it_was(db_path: Path, tmp_path: Path) -> None:
    assert main(["--db", str(db_path), "edition", "new", "第4版", "--date", "令和8年4月"]) == 0
    database = open_database(db_path)
    try:
        first = load_snapshot(database).initiatives[0]
        Editor(database, "事務局").apply([set_initiative(first.id, name="まだ公開しない新しい名前")])
    finally:
        database.close()
    site = tmp_path / "site"
    assert main(["--db", str(db_path), "export", "html", str(site), "--edition", "第4版"]) == 0
    pages = "".join(path.read_text(encoding="utf-8") for path in site.glob("*.html"))
    assert first.name in pages and "まだ公開しない新しい名前" not in pages and "第4版（令和8年4月改訂）" in pages


def test_the_window_makes_an_edition_as_one_undo_step(
    qtbot: Any, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from shiraoka_dx_desktop.ui.document import Document
    from shiraoka_dx_desktop.ui.edition_dialog import NewEditionDialog
    from shiraoka_dx_desktop.ui.main_window import MainWindow

    window = MainWindow(Document(database, "事務局"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    dialog = NewEditionDialog(window.document, window)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "第4版"
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: warned.append(text))
    dialog.month.setText("いつか")
    dialog.make()
    assert (
        "「いつか」は年月として読めません" in warned[-1] and [e.label for e in list_editions(database)][-1] == "第3版"
    )
    dialog.month.setText("令和8年4月")
    dialog.note.setPlainText("進捗管理を追加")
    dialog.make()
    assert dialog.result() == NewEditionDialog.DialogCode.Accepted
    made = list_editions(database)[-1]
    assert (made.label, made.issued, made.note, made.frozen_by) == (
        "第4版",
        "令和8年4月改訂",
        "進捗管理を追加",
        "事務局",
    )
    assert "第4版" in window.document.snapshot.edition_label
    window.document.undo_stack.undo()
    assert [e.label for e in list_editions(database)] == ["第1版", "第2版", "第3版"]
    window.document.undo_stack.redo()
    assert list_editions(database)[-1].label == "第4版" and edition_snapshot(database, "第4版").edition_label == "第4版"


def test_the_comparison_of_two_editions_or_of_one_with_the_draft(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl
    from pypdf import PdfReader

    database = open_database(db_path)
    try:
        first = load_snapshot(database).initiatives[0]
        Editor(database, "事務局").apply(
            [set_initiative(first.id, name="転出・転入手続きのワンストップ化（電子申請）")]
        )
    finally:
        database.close()
    assert main(["--db", str(db_path), "edition", "new", "第4版", "--date", "令和8年4月"]) == 0
    pdf, xlsx = tmp_path / "新旧対照表.pdf", tmp_path / "新旧対照表.xlsx"
    assert main(["--db", str(db_path), "export", "comparison", str(pdf), "--from", "第3版", "--to", "第4版"]) == 0
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert "新旧対照表（第3版 → 第4版）" in printed and "改正箇所 1 件" in printed
    assert first.name in printed and "（電子申請）" in printed
    assert main(["--db", str(db_path), "export", "comparison", str(xlsx), "--from", "第3版"]) == 0
    cells = [str(c) for row in openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c]
    assert any("作業中の内容" in cell for cell in cells) and any("（電子申請）" in cell for cell in cells)
    capsys.readouterr()
    assert main(["--db", str(db_path), "export", "comparison", str(tmp_path / "a.pdf"), "--from", "第9版"]) == 2
    assert "「第9版」という版はありません（保存されている版: 第3版、第4版）" in capsys.readouterr().err
    assert main(["--db", str(db_path), "export", "comparison", str(tmp_path / "a.csv"), "--from", "第3版"]) == 2
    assert "PDF（.pdf）か Excel ブック（.xlsx）" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "a.csv").exists()


def _rewrite_frozen(db_path: Path, change: Any) -> None:
    """Change 第3版's frozen rows in place, as an older program (or a damaged disk) would have left them."""
    import sqlite3
    import zlib

    with sqlite3.connect(db_path) as connection:
        (blob,) = connection.execute("SELECT records FROM edition_snapshot").fetchone()
        payload = change(json.loads(zlib.decompress(blob)))
        connection.execute("UPDATE edition_snapshot SET records = ?", (payload,))


def _without_column(stored: dict[str, Any], column: str) -> None:
    index = stored["columns"].index(column)
    stored["columns"].pop(index)
    stored["rows"] = [row[:index] + row[index + 1 :] for row in stored["rows"]]


def test_an_edition_frozen_before_a_column_or_a_table_was_added_still_reads(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(db_path)
    before = load_snapshot(database)
    database.close()

    def older(payload: dict[str, Any]) -> bytes:
        import zlib

        _without_column(payload["tables"]["initiative"], "lead_section_id")  # nullable: reads as NULL
        _without_column(payload["tables"]["glossary_term"], "reading")  # NOT NULL: reads as empty text
        del payload["tables"]["indicator_actual"]  # a table added since: no rows
        return zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    _rewrite_frozen(db_path, older)
    database = open_database(db_path)
    try:
        third = edition_snapshot(database, "第3版")
    finally:
        database.close()
    assert [item.name for item in third.initiatives] == [item.name for item in before.initiatives]
    assert {item.lead_section for item in third.initiatives} <= {"", None}
    assert [term.term for term in third.glossary] == [term.term for term in before.glossary]
    assert all(term.reading == "" for term in third.glossary)
    pdf = tmp_path / "第3版.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(pdf), "--edition", "第3版"]) == 0 and pdf.exists()


def test_a_damaged_edition_is_said_and_nothing_is_written(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _rewrite_frozen(db_path, lambda payload: b"\x78\x01 not zlib at all")
    capsys.readouterr()
    pdf = tmp_path / "第3版.pdf"
    assert main(["--db", str(db_path), "export", "pdf", str(pdf), "--edition", "第3版"]) == 2
    error = capsys.readouterr().err
    assert "「第3版」の保存された内容が壊れていて読めません" in error and "バックアップから復元" in error
    assert "Traceback" not in error and not pdf.exists()
