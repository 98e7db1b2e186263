"""The Excel workbook for meetings and exchange, as a reader of the file sees it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from shiraoka_dx_desktop import __version__
from shiraoka_dx_desktop.domain.identity import content_revision
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Delete, Upsert
from shiraoka_dx_desktop.services.exchange import ExportSummary, export_workbook
from shiraoka_dx_desktop.services.exchange.records import read_export_data
from shiraoka_dx_desktop.services.exchange.schema import (
    CONTENT_PART_LENGTH,
    EXCHANGE_ENTITIES,
    FORMAT_MAGIC,
    HEADER_KEYS,
    RECORD_COLUMNS,
    join_content,
)
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database

NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)  # 令和7年6月2日 in every time zone from UTC-11 to UTC+11
VISIBLE = ("工程表", "取組項目", "推進体制", "用語集")
CONVENIENCE_STORE = "3ba22c32-1273-45c7-884c-d2b9e28f92bb"  # コンビニ交付: 継続実施 R5-R7, 拡大の検討 R8-R9
COMPARISON = "ca797652-271e-4341-9590-e305c2745687"  # 標準仕様との比較分析: shaded R6-R7


def _export(database: Database, tmp_path: Path, **options: object) -> Path:
    path = tmp_path / "policy.xlsx"
    summary = export_workbook(database, path, user="DX推進課 白岡", now=NOW, **options)  # type: ignore[arg-type]
    assert isinstance(summary, ExportSummary) and summary.path == path
    return path


def _column(sheet: openpyxl.worksheet.worksheet.Worksheet, heading: str) -> int:
    return int(next(cell.column for cell in sheet[1] if cell.value == heading))


def _rows_by_id(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    id_column = _column(sheet, "ID")
    return {row[id_column - 1].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[id_column - 1].value}


def _all_ids(db_path: Path, table: str) -> set[str]:
    with sqlite3.connect(db_path) as connection:
        ids = {row[0] for row in connection.execute(f"SELECT id FROM {table}")}
    connection.close()
    return ids


def test_the_workbook_has_the_sheets_in_order(database: Database, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_export(database, tmp_path))
    assert workbook.sheetnames == ["表紙", "工程表", "取組項目", "進捗", "指標", "推進体制", "用語集", "_exchange"]
    assert workbook.active.title == "表紙"
    assert workbook.security.lockStructure  # sheets cannot be deleted or renamed by a slip
    assert workbook.security.workbookPassword is None


def test_cover_names_the_policy_edition_date_and_user(database: Database, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["表紙"]
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "白岡市DX推進全体方針" in texts
    assert "第3版（令和5年11月改訂）" in texts
    assert "令和7年6月2日" in texts
    assert "DX推進課 白岡" in texts
    assert any("返送" in text and "事務局" in text for text in texts)


def test_roadmap_lists_every_initiative_under_its_area(database: Database, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["工程表"]
    assert [sheet.cell(1, column).value for column in range(1, 8)] == [
        "取組項目",
        "令和5年度",
        "令和6年度",
        "令和7年度",
        "令和8年度",
        "令和9年度",
        "ID",
    ]
    assert [sheet.cell(2, column).value for column in range(2, 7)] == [f"{year}年度" for year in range(2023, 2028)]
    snapshot = load_snapshot(database)
    expected: list[str] = []
    for area in snapshot.areas:
        expected.append(f"({area.number}) {area.title}")
        expected.extend(item.name for item in snapshot.initiatives_of(area.id))
    names = [sheet.cell(row, 1).value for row in range(3, sheet.max_row + 1)]
    assert names == expected
    assert len(snapshot.initiatives) == 28


def test_a_bar_is_one_merged_filled_range_with_its_phase(database: Database, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["工程表"]
    rows = {sheet.cell(row, 7).value: row for row in range(3, sheet.max_row + 1)}
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}

    row = rows[CONVENIENCE_STORE]
    assert sheet.cell(row, 1).value == "コンビニ交付"
    assert f"B{row}:D{row}" in merged and f"E{row}:F{row}" in merged
    bar = sheet.cell(row, 2)
    assert bar.value == "継続実施" and bar.data_type == "s"
    assert bar.fill.fill_type == "solid" and bar.fill.fgColor.rgb.endswith("D9D9D9")
    assert bar.alignment.horizontal == "center"
    assert bar.font.name == "BIZ UDPゴシック"
    assert sheet.cell(row, 5).value == "拡大の検討"

    shaded = rows[COMPARISON]
    assert f"C{shaded}:D{shaded}" in merged
    assert sheet.cell(shaded, 3).value == "■"
    assert sheet.cell(shaded, 3).fill.fgColor.rgb.endswith("A6A6A6")
    assert sheet.cell(shaded, 2).value is None and sheet.cell(shaded, 2).fill.fill_type is None


def test_initiatives_sheet_has_every_field_and_an_autofilter(database: Database, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["取組項目"]
    headings = [cell.value for cell in sheet[1]]
    assert headings == [
        "取組",
        "表示順",
        "取組項目",
        "事業主管課",
        "説明",
        "推定",
        "備考",
        "最終更新者",
        "最終更新日時",
        "ID",
        "版",
    ]
    assert sheet.auto_filter.ref == f"A1:K{sheet.max_row}"
    snapshot = load_snapshot(database)
    rows = _rows_by_id(sheet)
    assert set(rows) == {item.id for item in snapshot.initiatives}
    item = next(item for item in snapshot.initiatives if item.id == CONVENIENCE_STORE)
    row = rows[item.id]
    assert sheet.cell(row, 1).value == "(2) マイナンバーカードの普及促進"
    assert sheet.cell(row, 2).value == item.position + 1
    assert sheet.cell(row, 3).value == "コンビニ交付"
    assert sheet.cell(row, 5).value == item.description
    assert str(sheet.cell(row, 9).value).startswith("令和")


def test_organisation_and_glossary_rows_carry_their_ids(database: Database, db_path: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_export(database, tmp_path))
    organisation = workbook["推進体制"]
    ids = set(_rows_by_id(organisation))
    for table in ("body", "role", "duty", "body_member"):
        assert _all_ids(db_path, table) <= ids, table
    rows = _rows_by_id(organisation)
    headquarters = rows["ccd86c81-78c0-4544-a4a3-30ca453bb51f"]
    assert [organisation.cell(headquarters, column).value for column in (1, 2, 3, 6)] == [
        "DX推進本部",
        "組織",
        "本部",
        "設置済",
    ]
    kinds = {organisation.cell(row, 2).value for row in rows.values()}
    assert kinds == {"組織", "役職", "所掌事務", "構成課"}

    glossary = workbook["用語集"]
    assert set(_rows_by_id(glossary)) == _all_ids(db_path, "glossary_term")
    terms = {glossary.cell(row, 1).value: glossary.cell(row, 3).value for row in range(2, glossary.max_row + 1)}
    assert terms["LGWAN"].startswith("Local Government Wide Area Network")


@pytest.mark.parametrize(("paper", "code"), [("A3", 8), ("A4", 9)])
def test_every_visible_sheet_prints_landscape_one_page_wide(
    database: Database, tmp_path: Path, paper: str, code: int
) -> None:
    workbook = openpyxl.load_workbook(_export(database, tmp_path, paper=paper))
    for name in ("表紙", *VISIBLE):
        sheet = workbook[name]
        setup = sheet.page_setup
        assert int(setup.paperSize) == code, name
        assert setup.orientation == "landscape"
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        assert "白岡市DX推進全体方針" in sheet.oddHeader.left.text and "第3版" in sheet.oddHeader.left.text
        assert sheet.print_area
    assert workbook["工程表"].print_title_rows == "$1:$2"
    for name in VISIBLE[1:]:
        assert workbook[name].print_title_rows == "$1:$1"


def test_id_column_is_not_printed_and_locked(database: Database, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_export(database, tmp_path))
    for name in VISIBLE:
        sheet = workbook[name]
        id_column = _column(sheet, "ID")
        last_printed = sheet.print_area.split(":")[-1]  # e.g. $F$37
        assert openpyxl.utils.column_index_from_string(last_printed.split("$")[1]) == id_column - 1, name
        assert not sheet.protection.sheet, name  # people edit the other cells freely
        cell = sheet.cell(3, id_column)
        assert cell.protection.locked and cell.font.sz < 10, name
        assert sheet.cell(3, 1).protection.locked is False, name


def test_an_area_heading_never_ends_a_printed_page(database: Database, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path, paper="A4"))["工程表"]
    headings = {row for row in range(3, sheet.max_row + 1) if str(sheet.cell(row, 1).value).startswith("(")}
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    # On A4 the last area would start at the foot of page 1: it is moved to page 2 with its initiatives.
    assert breaks and all(row + 1 in headings for row in breaks)
    assert not headings & set(breaks)


def test_roadmap_cells_offer_the_phases_but_accept_any_text(database: Database, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["工程表"]
    lists = [rule for rule in sheet.data_validations.dataValidation if rule.type == "list"]
    assert len(lists) == 1 and "継続実施" in lists[0].formula1 and "■" in lists[0].formula1
    assert not lists[0].showErrorMessage
    assert "B3" in lists[0].sqref


def test_headings_stay_in_view(database: Database, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_export(database, tmp_path))
    assert workbook["工程表"].freeze_panes == "B3"
    assert workbook["取組項目"].freeze_panes == "D2"
    assert workbook["推進体制"].freeze_panes == "B2"
    assert workbook["用語集"].freeze_panes == "B2"


def test_exchange_sheet_lists_every_record_at_its_revision(database: Database, db_path: Path, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["_exchange"]
    assert sheet.sheet_state == "hidden"
    assert sheet.protection.sheet
    header = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(1, len(HEADER_KEYS) + 1)}
    assert list(header) == list(HEADER_KEYS)
    assert header["magic"] == FORMAT_MAGIC and header["format_version"] == 1
    assert header["app_version"] == __version__
    assert header["exported_at"] == "2025-06-02T12:00:00Z"
    assert header["exported_by"] == "DX推進課 白岡"
    assert header["database_id"] == database.meta()["database_id"]
    assert header["policy_id"] == "441311bc-8410-4ba8-ab4d-b1399a9fe247"
    assert header["edition"] == "第3版"

    heading_row = next(row for row in range(1, 30) if sheet.cell(row, 1).value == "entity")
    assert [sheet.cell(heading_row, column).value for column in range(1, 8)] == list(RECORD_COLUMNS)
    listed: dict[tuple[str, str], str] = {}
    for row in sheet.iter_rows(min_row=heading_row + 1, values_only=True):
        entity, record_id, revision, _ancestors, deleted, parts, *content = row
        assert not deleted  # nothing has been deleted on this terminal
        text = join_content([str(part) for part in content[: int(str(parts))]])
        assert content_revision(json.loads(text)) == revision, (entity, record_id)
        listed[(str(entity), str(record_id))] = str(revision)
    assert header["record_count"] == len(listed)
    with sqlite3.connect(db_path) as connection:
        for entity in EXCHANGE_ENTITIES:
            stored = dict(connection.execute(f"SELECT id, revision FROM {entity}").fetchall())
            assert {key[1]: value for key, value in listed.items() if key[0] == entity} == stored, entity
    connection.close()
    assert {"initiative", "roadmap_cell", "glossary_term", "body"} <= {entity for entity, _id in listed}


def test_exchange_rows_list_earlier_revisions_newest_first(database: Database, tmp_path: Path) -> None:
    editor = Editor(database, "委員A")
    revisions = [read_export_data(database).records["initiative"]]
    for name in ("コンビニ交付（改）", "コンビニ交付（再改）"):
        editor.apply([Upsert("initiative", CONVENIENCE_STORE, {"name": name})])
    by_id = {record.id: record for record in read_export_data(database).records["initiative"]}
    first = next(record for record in revisions[0] if record.id == CONVENIENCE_STORE)
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["_exchange"]
    row = next(row for row in sheet.iter_rows(values_only=True) if row[1] == CONVENIENCE_STORE)
    ancestors = str(row[3]).split(" ")
    assert row[2] == by_id[CONVENIENCE_STORE].revision
    assert len(ancestors) == 2 and ancestors[-1] == first.revision
    assert row[2] not in ancestors


def test_a_record_deleted_here_is_listed_as_deleted_with_its_last_values(database: Database, tmp_path: Path) -> None:
    before = next(r for r in read_export_data(database).records["initiative"] if r.id == CONVENIENCE_STORE)
    Editor(database, "委員A").apply([Delete("initiative", CONVENIENCE_STORE)])
    sheet = openpyxl.load_workbook(_export(database, tmp_path))["_exchange"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[1] == CONVENIENCE_STORE]
    assert len(rows) == 1
    entity, _id, revision, _ancestors, deleted, parts, content = rows[0][:7]
    assert (entity, revision, deleted, parts) == ("initiative", before.revision, "1", 1)
    assert json.loads(str(content))["name"] == "コンビニ交付"
    cells = [row for row in sheet.iter_rows(values_only=True) if row[0] == "roadmap_cell" and row[4] == "1"]
    assert len(cells) == 5  # its roadmap cells went with it, and are listed so


def test_long_text_is_split_across_cells_and_joins_back(database: Database, tmp_path: Path) -> None:
    description = "白岡市のDX推進に係る説明文。" * 3000  # 45,000 characters, more than a cell holds
    Editor(database, "委員A").apply([Upsert("initiative", CONVENIENCE_STORE, {"description": description})])
    workbook = openpyxl.load_workbook(_export(database, tmp_path))
    sheet = workbook["_exchange"]
    row = next(row for row in sheet.iter_rows(values_only=True) if row[1] == CONVENIENCE_STORE)
    parts = int(str(row[5]))
    assert parts == -(-len(json.dumps({"description": description}, ensure_ascii=False)) // CONTENT_PART_LENGTH)
    assert all(len(str(part)) <= CONTENT_PART_LENGTH for part in row[6 : 6 + parts])
    content = json.loads(join_content([str(part) for part in row[6 : 6 + parts]]))
    assert content["description"] == description
    visible = workbook["取組項目"]
    shown = visible.cell(_rows_by_id(visible)[CONVENIENCE_STORE], 5).value
    assert len(str(shown).encode("utf-16-le")) // 2 <= 32_767


def test_a_continuation_part_starting_with_equals_stays_text(database: Database, tmp_path: Path) -> None:
    description = "=" * 40_000  # every part of the JSON after the first starts with "="
    Editor(database, "委員A").apply([Upsert("initiative", CONVENIENCE_STORE, {"description": description})])
    path = _export(database, tmp_path)
    sheet = openpyxl.load_workbook(path)["_exchange"]
    row = next(row for row in sheet.iter_rows() if row[1].value == CONVENIENCE_STORE)
    parts = int(str(row[5].value))
    assert parts >= 3 and all(cell.data_type == "s" for cell in row[6 : 6 + parts])
    assert json.loads(join_content([str(cell.value) for cell in row[6 : 6 + parts]]))["description"] == description
    with zipfile.ZipFile(path) as archive:
        assert not [name for name in archive.namelist() if b"<f>" in archive.read(name)]


def test_the_snapshot_drawn_from_exported_records_is_what_the_app_shows(database: Database) -> None:
    assert read_export_data(database).snapshot == load_snapshot(database)


@pytest.mark.parametrize("text", ["=1+1", "+81-480-92-1111", "-", "@x"])
def test_user_text_that_looks_like_a_formula_stays_text(database: Database, tmp_path: Path, text: str) -> None:
    term_id = "5ab438f5-35b9-4f8d-9806-3c93e8f93b19"  # AI
    Editor(database, "委員A").apply(
        [
            Upsert("initiative", CONVENIENCE_STORE, {"name": text, "description": text}),
            Upsert("glossary_term", term_id, {"term": text, "explanation": text}),
        ]
    )
    path = _export(database, tmp_path)
    workbook = openpyxl.load_workbook(path)
    initiatives = workbook["取組項目"]
    roadmap = workbook["工程表"]
    glossary = workbook["用語集"]
    cells = [
        initiatives.cell(_rows_by_id(initiatives)[CONVENIENCE_STORE], 3),
        initiatives.cell(_rows_by_id(initiatives)[CONVENIENCE_STORE], 5),
        roadmap.cell(
            next(r for r in range(3, roadmap.max_row + 1) if roadmap.cell(r, 7).value == CONVENIENCE_STORE), 1
        ),
        glossary.cell(_rows_by_id(glossary)[term_id], 1),
    ]
    for cell in cells:
        assert cell.value == text and cell.data_type == "s"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name


def test_the_file_has_no_macros_links_or_embedded_objects(database: Database, tmp_path: Path) -> None:
    with zipfile.ZipFile(_export(database, tmp_path)) as archive:
        names = archive.namelist()
        content_types = archive.read("[Content_Types].xml").decode("utf-8")
    forbidden = ("vbaProject", "externalLink", "embeddings", "activeX", "customXml", "oleObject")
    assert not [name for name in names if any(word.lower() in name.lower() for word in forbidden)]
    assert "macroEnabled" not in content_types and "vbaProject" not in content_types


def test_importing_the_exporters_does_not_load_openpyxl() -> None:
    code = (
        "import sys; import shiraoka_dx_desktop.services.exchange, shiraoka_dx_desktop.ui.export_dialog;"
        "print('openpyxl' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
