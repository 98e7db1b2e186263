"""Every row a colleague typed in Excel is applied or named: copies, rows in one sheet only, renamed sheets,
deletions that take rows with them, values Excel makes, and files a sanitising gateway has rebuilt."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.identity import content_revision
from shiraoka_dx_desktop.services.exchange import schema
from shiraoka_dx_desktop.services.importing.guard import ImportRefusedError
from shiraoka_dx_desktop.services.importing.merge import ConflictReason, ItemKind, Resolution
from shiraoka_dx_desktop.services.importing.service import import_report, load_import_log
from shiraoka_dx_desktop.storage.checks import run_checks

from .terminals import Terminal

KIOSK = "キオスク端末の導入"


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[dict[str, Terminal]]:
    terminals = {name: Terminal(tmp_path / name, name, pristine_database) for name in ("事務局", "市民課")}
    yield terminals
    for terminal in terminals.values():
        terminal.close()


def _headings(sheet: Worksheet) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in sheet[1] if cell.value}


def _row_of(sheet: Worksheet, column: int, text: str) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == text)


def _shift_rows(sheet: Worksheet, row: int, amount: int) -> None:
    """Insert (amount 1) or delete (amount -1) a row as Excel does, moving merged ranges with the rows."""
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    if amount > 0:
        sheet.insert_rows(row)
    else:
        sheet.delete_rows(row)
    for first_row, first_column, last_row, last_column in ranges:
        if amount < 0 and first_row == row == last_row:
            continue
        if first_row >= row + (1 if amount < 0 else 0):
            first_row, last_row = first_row + amount, last_row + amount
        sheet.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)


def _copy_row(sheet: Worksheet, row: int) -> int:
    """Copy a row to the end of the sheet, as Excel's copy and paste does; returns the new row."""
    target = sheet.max_row + 1
    for column in range(1, sheet.max_column + 1):
        sheet.cell(target, column).value = sheet.cell(row, column).value
    return int(target)


def _sanitise(path: Path, target: Path) -> Path:
    """What a CDR gateway does: drop the hidden sheet, document properties and custom parts, and re-zip."""
    workbook = load_workbook(path)
    del workbook[schema.EXCHANGE_SHEET]
    workbook.save(target)
    with zipfile.ZipFile(target) as source:
        parts = {
            name: source.read(name) for name in source.namelist() if not name.startswith(("docProps/", "customXml/"))
        }
    for name in ("[Content_Types].xml", "_rels/.rels"):
        text = parts[name].decode()
        for part in ("docProps/core.xml", "docProps/app.xml"):
            text = text.replace(part, "docProps/removed.xml")
        parts[name] = text.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in reversed(list(parts.items())):  # another order, as a rebuilt file has
            archive.writestr(name, data)
    return target


def _names(terminal: Terminal) -> list[str]:
    return [initiative.name for initiative in terminal.snapshot().initiatives]


# -- 1. a copied row ----------------------------------------------------------------------------------


def test_a_copied_initiative_row_is_a_new_initiative_and_the_original_stays(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    kiosk_description = secretariat.initiative(KIOSK).description
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.INITIATIVES_SHEET]
    columns = _headings(sheet)
    copy = _copy_row(sheet, _row_of(sheet, columns["取組項目"], KIOSK))
    sheet.cell(copy, columns["取組項目"]).value = "キオスク端末の導入（第2期）"
    sheet.cell(copy, columns["説明"]).value = "庁舎2階にも置きます。"
    workbook.save(tmp_path / "copy.xlsx")
    prepared = secretariat.import_(tmp_path / "copy.xlsx")
    assert [(item.kind, item.entity) for item in prepared.plan.items] == [(ItemKind.ADDED, "initiative")]
    assert any(f"{copy} 行目" in note and "新しい取組項目" in note for note in prepared.plan.incoming.notes)
    original = secretariat.initiative(KIOSK)
    assert original.description == kiosk_description  # untouched
    assert secretariat.initiative("キオスク端末の導入（第2期）").description == "庁舎2階にも置きます。"
    assert original.id != secretariat.initiative("キオスク端末の導入（第2期）").id


def test_a_copied_row_whose_original_was_also_changed_is_a_question(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.GLOSSARY_SHEET]
    columns = _headings(sheet)
    row = _row_of(sheet, columns["用語"], "RPA")
    copy = _copy_row(sheet, row)
    sheet.cell(row, columns["解説"]).value = "書き換えた解説"
    sheet.cell(copy, columns["用語"]).value = "ロボティック・プロセス・オートメーション"
    workbook.save(tmp_path / "both.xlsx")
    prepared = secretariat.prepare(tmp_path / "both.xlsx")
    conflicts = prepared.plan.conflicts
    assert {item.reason for item in conflicts} == {ConflictReason.DUPLICATE_ROW}
    assert len(conflicts) == 2 and all("同じ ID" in item.detail for item in conflicts)
    # Nothing is applied without a decision; taking both keeps the original's edit and adds the copy.
    secretariat.import_(tmp_path / "both.xlsx", default=Resolution.TAKE_THEIRS)
    terms = {term.term: term.explanation for term in secretariat.snapshot().glossary}
    assert terms["RPA"] == "書き換えた解説"
    assert "ロボティック・プロセス・オートメーション" in terms


def test_a_copied_roadmap_row_adds_an_initiative_with_its_cells(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    kiosk = secretariat.initiative(KIOSK)
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.ROADMAP_SHEET]
    row = _row_of(sheet, 1, KIOSK)
    target = row + 1
    _shift_rows(sheet, target, 1)  # the copy goes right below, in the same area
    for column in range(1, sheet.max_column + 1):
        sheet.cell(target, column).value = sheet.cell(row, column).value
    sheet.cell(target, 1).value = "キオスク端末の更新"
    workbook.save(tmp_path / "roadmap-copy.xlsx")
    secretariat.import_(tmp_path / "roadmap-copy.xlsx")
    copy = secretariat.initiative("キオスク端末の更新")
    assert copy.area_id == kiosk.area_id
    assert secretariat.initiative(KIOSK).cells.keys() == kiosk.cells.keys()
    assert {year: cell.value for year, cell in copy.cells.items()}.keys() <= set(range(2023, 2028))


# -- 2. a row typed only into 工程表 ----------------------------------------------------------------------


def test_an_initiative_typed_only_into_the_roadmap_is_added_under_the_area_above(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    snapshot = secretariat.snapshot()
    second_area = snapshot.areas[1]
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.ROADMAP_SHEET]
    heading = _row_of(sheet, 1, f"({second_area.number}) {second_area.title}")
    _shift_rows(sheet, heading + 1, 1)
    sheet.cell(heading + 1, 1).value = "オンライン相談窓口"
    sheet.cell(heading + 1, 3).value = "検討"  # 令和6年度
    sheet.cell(heading + 1, 4).value = "実施"
    workbook.save(tmp_path / "new-in-roadmap.xlsx")
    prepared = secretariat.import_(tmp_path / "new-in-roadmap.xlsx")
    assert sorted(item.entity for item in prepared.plan.items if item.kind is ItemKind.ADDED) == [
        "initiative",
        "roadmap_cell",
        "roadmap_cell",
    ]
    added = secretariat.initiative("オンライン相談窓口")
    assert added.area_id == second_area.id
    assert {year: cell.value.label for year, cell in added.cells.items()} == {2024: "検討", 2025: "実施"}
    assert any("工程表だけに追加" in note for note in prepared.plan.incoming.notes)


# -- 3. a renamed sheet, a missing one, an unknown one ----------------------------------------------------


def test_edits_on_a_renamed_sheet_are_read_and_missing_or_unknown_sheets_are_named(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    workbook.security = None
    sheet = workbook[schema.INITIATIVES_SHEET]
    columns = _headings(sheet)
    sheet.cell(_row_of(sheet, columns["取組項目"], KIOSK), columns["説明"]).value = "改名したシートでの変更"
    sheet.title = "取組項目 (2)"
    del workbook[schema.GLOSSARY_SHEET]
    workbook.create_sheet("メモ")["A1"] = "会議で確認すること"
    workbook.save(tmp_path / "renamed.xlsx")
    prepared = secretariat.import_(tmp_path / "renamed.xlsx")
    notes = "\n".join(prepared.plan.incoming.notes)
    assert "「取組項目 (2)」を「取組項目」として読みました" in notes
    assert "シート「用語集」がありません" in notes
    assert "シート「メモ」" in notes
    assert secretariat.initiative(KIOSK).description == "改名したシートでの変更"
    assert len(secretariat.snapshot().glossary) == 30  # a missing sheet deletes nothing


# -- 4. deleting a body whose rows are still there -----------------------------------------------------------


def test_deleting_a_body_row_while_its_roles_remain_is_a_question_naming_them(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.ORGANISATION_SHEET]
    columns = _headings(sheet)
    body_row = _row_of(sheet, columns["組織"], "DX推進本部")
    sheet.delete_rows(body_row)
    workbook.save(tmp_path / "body.xlsx")
    prepared = secretariat.prepare(tmp_path / "body.xlsx")
    (conflict,) = prepared.plan.conflicts
    assert conflict.entity == "body" and conflict.reason is ConflictReason.ROWS_REMAIN
    assert "行目" in conflict.detail and "DX推進本部" in conflict.detail
    assert conflict.takes  # its roles, duties and sections, each listed
    report = import_report(prepared)
    assert len(report["conflicts"][0]["takes"]) == len(conflict.takes)
    # Keeping mine keeps the body and everything it owns.
    secretariat.import_(tmp_path / "body.xlsx", default=Resolution.KEEP_MINE)
    body = next(b for b in secretariat.snapshot().bodies if b.name == "DX推進本部")
    assert body.roles and body.duties


def test_a_deletion_lists_what_it_takes_and_the_log_counts_what_changed(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    kiosk = secretariat.initiative(KIOSK)
    workbook = load_workbook(secretariat.export())
    for name in (schema.INITIATIVES_SHEET, schema.ROADMAP_SHEET):
        sheet = workbook[name]
        column = _headings(sheet).get("取組項目", 1) if name == schema.INITIATIVES_SHEET else 1
        _shift_rows(sheet, _row_of(sheet, column, KIOSK), -1)
    workbook.save(tmp_path / "delete.xlsx")
    prepared = secretariat.import_(tmp_path / "delete.xlsx")
    deletions = prepared.plan.of_kind(ItemKind.DELETED)
    assert sorted(item.entity for item in deletions) == ["initiative"] + ["roadmap_cell"] * len(kiosk.cells)
    (entry,) = load_import_log(secretariat.database)[:1]
    assert entry.summary["database"]["deleted"] == 1 + len(kiosk.cells)
    assert len(entry.summary["deleted"]) == 1 + len(kiosk.cells)


# -- 5. database problems -----------------------------------------------------------------------------------


def test_a_locked_database_gives_a_message_not_a_traceback(
    office: dict[str, Terminal], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.INITIATIVES_SHEET]
    columns = _headings(sheet)
    sheet.cell(_row_of(sheet, columns["取組項目"], KIOSK), columns["説明"]).value = "ロック中の変更"
    workbook.save(tmp_path / "locked.xlsx")
    path = secretariat.database.path
    secretariat.close()
    before = path.read_bytes()
    monkeypatch.setattr("shiraoka_dx_desktop.storage.database._BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing
    try:
        status = main(["--db", str(path), "import", str(tmp_path / "locked.xlsx")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert status == 2
    assert "使用中" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_a_read_only_database_can_still_be_exported(
    office: dict[str, Terminal], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat = office["事務局"]
    path = secretariat.database.path
    secretariat.close()
    before = path.read_bytes()
    import os

    real_access = os.access
    monkeypatch.setattr(
        "shiraoka_dx_desktop.storage.database.os.access",
        lambda target, mode: (
            False if mode == os.W_OK and Path(target) in (path, path.parent) else real_access(target, mode)
        ),
    )
    assert main(["--db", str(path), "export", "xlsx", str(tmp_path / "ro.xlsx")]) == 0
    assert load_workbook(tmp_path / "ro.xlsx")[schema.INITIATIVES_SHEET].max_row == 29
    assert main(["--db", str(path), "import", str(tmp_path / "ro.xlsx")]) == 2
    assert path.read_bytes() == before


def test_a_second_import_is_refused_with_words_about_an_import(
    office: dict[str, Terminal], capsys: pytest.CaptureFixture[str]
) -> None:
    from shiraoka_dx_desktop.storage.instance_lock import InstanceLock

    secretariat = office["事務局"]
    file = secretariat.export()
    path = secretariat.database.path
    with InstanceLock(path, "import"):
        assert main(["--db", str(path), "import", str(file)]) == 2
    assert "別の取込の処理が使っています" in capsys.readouterr().err


# -- 6. rows that used to be ignored --------------------------------------------------------------------------


def test_rows_the_importer_cannot_place_are_named_with_sheet_and_row(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    initiatives = workbook[schema.INITIATIVES_SHEET]
    columns = _headings(initiatives)
    kiosk_row = _row_of(initiatives, columns["取組項目"], KIOSK)
    initiatives.cell(kiosk_row, columns["表示順"]).value = "abc"
    roadmap = workbook[schema.ROADMAP_SHEET]
    _shift_rows(roadmap, 3, 1)
    roadmap.cell(3, 1).value = "(8) 新しい取組"
    organisation = workbook[schema.ORGANISATION_SHEET]
    org_columns = _headings(organisation)
    role_row = next(
        r for r in range(2, organisation.max_row + 1) if organisation.cell(r, org_columns["区分"]).value == "役職"
    )
    organisation.cell(role_row, org_columns["組織"]).value = "存在しない会議"
    workbook.save(tmp_path / "unplaced.xlsx")
    prepared = secretariat.import_(tmp_path / "unplaced.xlsx")
    notes = "\n".join(prepared.plan.incoming.notes)
    assert f"取組項目 {kiosk_row} 行目: 表示順「abc」は数ではない" in notes
    assert "工程表 3 行目: 取組「(8) 新しい取組」は全体方針の取組にない" in notes
    assert f"推進体制 {role_row} 行目: 組織「存在しない会議」が見つからない" in notes


def test_a_roadmap_row_deleted_and_a_rename_typed_in_the_roadmap(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    names = _names(secretariat)
    workbook = load_workbook(secretariat.export())
    roadmap = workbook[schema.ROADMAP_SHEET]
    roadmap.cell(_row_of(roadmap, 1, names[1]), 1).value = "工程表で付けた新しい名前"
    _shift_rows(roadmap, _row_of(roadmap, 1, KIOSK), -1)
    workbook.save(tmp_path / "roadmap.xlsx")
    prepared = secretariat.import_(tmp_path / "roadmap.xlsx")
    assert "工程表で付けた新しい名前" in _names(secretariat)
    assert KIOSK in _names(secretariat)  # kept: only its roadmap row was deleted, and that is said
    assert any(KIOSK in note and "削除せず" in note for note in prepared.plan.incoming.notes)


def test_values_excel_makes_become_the_text_a_person_sees(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.INITIATIVES_SHEET]
    columns = _headings(sheet)
    sheet.cell(_row_of(sheet, columns["取組項目"], KIOSK), columns["備考"]).value = dt.datetime(2024, 4, 1)
    workbook.save(tmp_path / "date.xlsx")
    secretariat.import_(tmp_path / "date.xlsx")
    assert secretariat.initiative(KIOSK).note == "令和6年4月1日"


@pytest.mark.parametrize(
    ("sheet_name", "heading", "value", "words"),
    [
        (schema.INITIATIVES_SHEET, "取組項目", "長" * 20_000, "上限の 300 文字"),
        (schema.ORGANISATION_SHEET, "状態", "検討中", "「状態」が「検討中」"),
    ],
)
def test_a_value_the_database_cannot_hold_refuses_the_file_naming_sheet_row_and_field(
    office: dict[str, Terminal], tmp_path: Path, sheet_name: str, heading: str, value: str, words: str
) -> None:
    secretariat = office["事務局"]
    before = secretariat.state()
    workbook = load_workbook(secretariat.export())
    sheet = workbook[sheet_name]
    sheet.cell(2, _headings(sheet)[heading]).value = value
    workbook.save(tmp_path / "bad.xlsx")
    with pytest.raises(ImportRefusedError) as refused:
        secretariat.prepare(tmp_path / "bad.xlsx")
    assert f"シート「{sheet_name}」2 行目" in refused.value.message and words in refused.value.message
    assert secretariat.state() == before


# -- 7. a forged hidden sheet ------------------------------------------------------------------------------------


def test_a_forged_hidden_sheet_cannot_change_what_no_sheet_edits(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    before = secretariat.snapshot()
    workbook = load_workbook(secretariat.export())
    exchange = workbook[schema.EXCHANGE_SHEET]
    heading = next(r for r in range(1, exchange.max_row + 1) if exchange.cell(r, 1).value == "entity")
    for row in range(heading + 1, exchange.max_row + 1):
        entity = exchange.cell(row, 1).value
        if entity in ("policy", "policy_area", "section", "initiative"):
            content: dict[str, Any] = json.loads(exchange.cell(row, 7).value)
            for name in ("vision", "title", "name", "note"):
                if name in content:
                    content[name] = "書き換えられた"
            exchange.cell(row, 7).value = json.dumps(content, ensure_ascii=False)
            exchange.cell(row, 3).value = content_revision(content)
    workbook.save(tmp_path / "forged.xlsx")
    prepared = secretariat.import_(tmp_path / "forged.xlsx")
    assert prepared.plan.items == []
    after = secretariat.snapshot()
    assert after.vision == before.vision and [a.title for a in after.areas] == [a.title for a in before.areas]
    assert [s.name for s in after.sections] == [s.name for s in before.sections]
    assert _names(secretariat) == [i.name for i in before.initiatives]


# -- sanitised files ---------------------------------------------------------------------------------------------


def test_a_sanitised_workbook_merges_a_change_there_with_a_change_here(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    names = _names(secretariat)
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.INITIATIVES_SHEET]
    columns = _headings(sheet)
    sheet.cell(_row_of(sheet, columns["取組項目"], KIOSK), columns["説明"]).value = "各課で書いた説明"
    workbook.save(tmp_path / "edited.xlsx")
    sanitised = _sanitise(tmp_path / "edited.xlsx", tmp_path / "sanitised.xlsx")
    secretariat.describe(names[0], "事務局で書いた説明")  # a change here meanwhile
    prepared = secretariat.import_(sanitised)
    assert prepared.plan.conflicts == [] and not prepared.plan.incoming.degraded
    assert secretariat.initiative(KIOSK).description == "各課で書いた説明"
    assert secretariat.initiative(names[0]).description == "事務局で書いた説明"
    assert run_checks(secretariat.database).ok


def test_a_hidden_sheet_made_visible_imports_as_the_original(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.describe(KIOSK, "市民課の説明")
    workbook = load_workbook(colleague.export())
    workbook[schema.EXCHANGE_SHEET].sheet_state = "visible"
    workbook.save(tmp_path / "visible.xlsx")
    prepared = secretariat.import_(tmp_path / "visible.xlsx")
    assert [item.kind for item in prepared.plan.items] == [ItemKind.CHANGED]
    assert not any("シート「_exchange」" in note for note in prepared.plan.incoming.notes)
    assert secretariat.initiative(KIOSK).description == "市民課の説明"


def test_a_sanitised_file_with_a_deleted_row_deletes_it(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    sheet = workbook[schema.GLOSSARY_SHEET]
    sheet.delete_rows(_row_of(sheet, 1, "RPA"))
    workbook.save(tmp_path / "deleted.xlsx")
    prepared = secretariat.import_(_sanitise(tmp_path / "deleted.xlsx", tmp_path / "deleted-s.xlsx"))
    assert [(item.kind, item.entity) for item in prepared.plan.items] == [(ItemKind.DELETED, "glossary_term")]
    assert "RPA" not in {term.term for term in secretariat.snapshot().glossary}
