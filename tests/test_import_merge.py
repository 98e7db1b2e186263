"""The three-way merge rules, each as a scenario between terminals exchanging real workbooks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shiraoka_dx_desktop.services.edits import Upsert
from shiraoka_dx_desktop.services.importing.merge import ConflictReason, ItemKind, Resolution
from shiraoka_dx_desktop.storage.checks import run_checks

from .terminals import Terminal

KIOSK = "キオスク端末の導入"
CHAT = "チャットツール（LoGoチャット）の有効活用"


@pytest.fixture
def office(tmp_path: Path, pristine_database: Path) -> Iterator[dict[str, Terminal]]:
    """The secretariat and two colleagues, each initialised from the default data on their own."""
    terminals = {name: Terminal(tmp_path / name, name, pristine_database) for name in ("事務局", "市民課", "税務課")}
    yield terminals
    for terminal in terminals.values():
        terminal.close()


def _edit_sheet(path: Path, sheet: str, row_of: str, heading: str, value: object, target: Path) -> Path:
    """Change one cell of a visible sheet, as a colleague would in Excel, and save as ``target``."""
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    headings = {cell.value: cell.column for cell in worksheet[1]}
    row = next(
        r
        for r in range(2, worksheet.max_row + 1)
        if row_of in str(worksheet.cell(r, headings.get("取組項目", 3) if sheet == "取組項目" else 1).value or "")
    )
    worksheet.cell(row=row, column=headings[heading]).value = value
    workbook.save(target)
    return target


def _description(terminal: Terminal, name: str) -> str:
    return str(terminal.initiative(name).description)


def test_changed_there_and_not_here_is_applied_without_asking(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.describe(KIOSK, "市民課が更新した説明")
    prepared = secretariat.import_(colleague.export())
    assert [item.kind for item in prepared.plan.items] == [ItemKind.CHANGED]
    assert _description(secretariat, KIOSK) == "市民課が更新した説明"
    assert run_checks(secretariat.database).ok


def test_changed_only_here_is_kept(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    file = colleague.export()  # exported before the secretariat's change: the colleague changed nothing
    secretariat.describe(KIOSK, "事務局の説明")
    assert secretariat.prepare(file).plan.empty
    assert _description(secretariat, KIOSK) == "事務局の説明"


def test_both_changed_differently_is_a_conflict_and_the_same_is_not(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.describe(KIOSK, "市民課の説明")
    colleague.rename(CHAT, "LoGoチャットの活用")
    secretariat.describe(KIOSK, "事務局の説明")
    secretariat.rename(CHAT, "LoGoチャットの活用")  # the same value on both sides
    prepared = secretariat.prepare(colleague.export())
    (conflict,) = prepared.plan.items
    assert conflict.kind is ItemKind.CONFLICT and conflict.reason is ConflictReason.BOTH_CHANGED
    (field,) = conflict.fields
    assert (field.field, field.mine, field.theirs) == ("description", "事務局の説明", "市民課の説明")
    secretariat.import_(colleague.export(), resolutions={conflict.key: Resolution.TAKE_THEIRS})
    assert _description(secretariat, KIOSK) == "市民課の説明"


def test_a_typed_value_resolves_a_conflict(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.describe(KIOSK, "市民課の説明")
    secretariat.describe(KIOSK, "事務局の説明")
    file = colleague.export()
    (conflict,) = secretariat.prepare(file).plan.conflicts
    secretariat.import_(file, resolutions={conflict.key: {"description": "両方をまとめた説明"}})
    assert _description(secretariat, KIOSK) == "両方をまとめた説明"


def test_new_records_on_either_side_are_kept(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    area_id = secretariat.initiative(KIOSK).area_id
    secretariat.edit(
        [
            Upsert(
                "initiative",
                "11111111-1111-4111-8111-111111111111",
                {"area_id": area_id, "position": 50, "name": "事務局の新規"},
            )
        ]
    )
    colleague.edit(
        [
            Upsert(
                "initiative",
                "22222222-2222-4222-8222-222222222222",
                {"area_id": area_id, "position": 51, "name": "市民課の新規"},
            )
        ]
    )
    prepared = secretariat.import_(colleague.export())
    assert [item.kind for item in prepared.plan.items] == [ItemKind.ADDED]
    names = {i.name for i in secretariat.snapshot().initiatives}
    assert {"事務局の新規", "市民課の新規"} <= names


def test_deleted_there_and_untouched_here_is_deleted(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.delete(KIOSK)
    prepared = secretariat.import_(colleague.export())
    assert {item.kind for item in prepared.plan.items} == {ItemKind.DELETED}
    assert KIOSK not in {i.name for i in secretariat.snapshot().initiatives}
    assert run_checks(secretariat.database).ok  # its cells went with it


def test_deleted_there_but_changed_here_is_a_conflict(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.delete(KIOSK)
    secretariat.describe(KIOSK, "事務局が手を入れた")
    prepared = secretariat.prepare(colleague.export())
    conflicts = [item for item in prepared.plan.conflicts if item.entity == "initiative"]
    assert [c.reason for c in conflicts] == [ConflictReason.DELETED_THERE]
    secretariat.import_(colleague.export(), default=Resolution.KEEP_MINE)
    assert _description(secretariat, KIOSK) == "事務局が手を入れた"


def test_deleted_here_but_changed_there_is_a_conflict_and_untouched_stays_deleted(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    untouched = colleague.export()
    colleague.describe(KIOSK, "市民課の説明")
    changed = colleague.export()
    secretariat.delete(KIOSK)
    assert secretariat.prepare(untouched).plan.empty  # stays deleted
    conflicts = [item for item in secretariat.prepare(changed).plan.conflicts if item.entity == "initiative"]
    assert [c.reason for c in conflicts] == [ConflictReason.DELETED_HERE]
    secretariat.import_(changed, default=Resolution.TAKE_THEIRS)
    assert _description(secretariat, KIOSK) == "市民課の説明"  # brought back with the colleague's text
    assert len(secretariat.initiative(KIOSK).cells) == 5  # and its roadmap
    assert run_checks(secretariat.database).ok


def test_edits_typed_into_the_workbook_count_as_the_colleagues(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    sent = secretariat.export()
    returned = _edit_sheet(sent, "取組項目", KIOSK, "説明", "Excel で直した説明", tmp_path / "returned.xlsx")
    secretariat.describe(CHAT, "その間に事務局が直した")
    prepared = secretariat.import_(returned)
    assert [(i.kind, i.entity) for i in prepared.plan.items] == [(ItemKind.CHANGED, "initiative")]
    assert _description(secretariat, KIOSK) == "Excel で直した説明"
    assert _description(secretariat, CHAT) == "その間に事務局が直した"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    returned = _edit_sheet(secretariat.export(), "取組項目", KIOSK, "説明", "一度だけ", tmp_path / "returned.xlsx")
    workbook = load_workbook(returned)
    workbook["用語集"].append(["ノーコード", "のーこーど", "プログラムを書かずに作ること。", None])
    workbook["取組項目"].append(
        ["(2) マイナンバーカードの普及促進", None, "Excelで足した取組", "市民課", "", "", "", "", "", None]
    )
    workbook.save(returned)
    first = secretariat.import_(returned)
    assert sorted(i.kind.value for i in first.plan.items) == ["added", "added", "changed"]
    before = secretariat.state()
    assert secretariat.prepare(returned).plan.empty
    assert secretariat.state() == before


def test_several_files_in_any_order_give_the_same_result(
    office: dict[str, Terminal], tmp_path: Path, pristine_database: Path
) -> None:
    secretariat, a, b = office["事務局"], office["市民課"], office["税務課"]
    a.describe(KIOSK, "市民課の説明")
    b.rename(CHAT, "LoGoチャットの活用")
    b.describe("情報セキュリティ監査", "税務課の説明")
    file_a, file_b = a.export(), b.export()
    other = Terminal(tmp_path / "other", "別の事務局", pristine_database)
    try:
        secretariat.import_(file_a)
        secretariat.import_(file_b)
        other.import_(file_b)
        other.import_(file_a)
        assert secretariat.state() == other.state()
    finally:
        other.close()


def test_an_older_file_never_rolls_anything_back(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    colleague.describe(KIOSK, "一回目")
    old = colleague.export()
    colleague.describe(KIOSK, "二回目")
    new = colleague.export()
    secretariat.import_(new)
    assert secretariat.prepare(old).plan.empty
    assert _description(secretariat, KIOSK) == "二回目"


def test_a_colleague_can_send_back_what_they_received_and_edited(office: dict[str, Terminal]) -> None:
    """Round trip: the secretariat's file imported there, edited there, exported there, imported back."""
    secretariat, colleague = office["事務局"], office["市民課"]
    secretariat.describe(KIOSK, "事務局の説明")
    colleague.import_(secretariat.export())
    colleague.describe(CHAT, "市民課が足した説明")
    prepared = secretariat.import_(colleague.export())
    assert [(i.kind, i.entity) for i in prepared.plan.items] == [(ItemKind.CHANGED, "initiative")]
    assert _description(secretariat, CHAT) == "市民課が足した説明"
    assert _description(secretariat, KIOSK) == "事務局の説明"


def test_a_roadmap_cell_changed_in_excel_is_imported(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    sent = secretariat.export()
    workbook = load_workbook(sent)
    sheet = workbook["工程表"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "条例改正")
    sheet.cell(row=row, column=5).value = "実施"  # 令和8年度, empty before
    workbook.save(tmp_path / "roadmap.xlsx")
    prepared = secretariat.import_(tmp_path / "roadmap.xlsx")
    assert [(i.kind, i.entity) for i in prepared.plan.items] == [(ItemKind.ADDED, "roadmap_cell")]
    cells = secretariat.initiative("条例改正").cells
    assert {year: cell.value.label for year, cell in cells.items()} == {2025: "実施", 2026: "実施"}


def test_a_formula_typed_where_text_is_expected_is_taken_as_the_text_it_shows(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    returned = _edit_sheet(secretariat.export(), "取組項目", KIOSK, "説明", "=1+1", tmp_path / "formula.xlsx")
    _cache_formula_results(returned, {"1+1": "2"})  # what Excel stores when it saves
    secretariat.import_(returned)
    assert _description(secretariat, KIOSK) == "2"


def _cache_formula_results(path: Path, results: dict[str, str]) -> None:
    """Give each formula the value Excel shows for it, as Excel does when it saves (openpyxl writes none)."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            for formula, value in results.items():
                data = data.replace(f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
                data = data.replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_file_without_its_hidden_sheet_is_still_merged_three_way(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    returned = _edit_sheet(
        secretariat.export(), "取組項目", KIOSK, "説明", "ゲートウェイを通った説明", tmp_path / "gw.xlsx"
    )
    workbook = load_workbook(returned)
    del workbook["_exchange"]  # what a sanitising gateway or another program might leave
    workbook.save(returned)
    prepared = secretariat.prepare(returned)
    assert not prepared.plan.incoming.degraded
    assert [(item.kind, item.entity) for item in prepared.plan.items] == [(ItemKind.CHANGED, "initiative")]
    secretariat.import_(returned)
    assert _description(secretariat, KIOSK) == "ゲートウェイを通った説明"


def test_a_file_with_neither_hidden_sheet_nor_versions_is_compared_two_way(
    office: dict[str, Terminal], tmp_path: Path
) -> None:
    secretariat = office["事務局"]
    returned = _edit_sheet(
        secretariat.export(), "取組項目", KIOSK, "説明", "ゲートウェイを通った説明", tmp_path / "gw.xlsx"
    )
    workbook = load_workbook(returned)
    del workbook["_exchange"]
    del workbook["表紙"]
    for sheet in workbook.worksheets:  # 版 columns cleared too: nothing left to find the base with
        headings = [cell.value for cell in sheet[1]]
        if "版" in headings:
            column = headings.index("版") + 1
            for row in range(3 if sheet.title == "工程表" else 2, sheet.max_row + 1):
                sheet.cell(row, column).value = None
    workbook.save(returned)
    prepared = secretariat.prepare(returned)
    assert prepared.plan.incoming.degraded
    (item,) = prepared.plan.items
    assert item.kind is ItemKind.CONFLICT and item.two_way
    assert [(f.field, f.theirs) for f in item.fields] == [("description", "ゲートウェイを通った説明")]
    secretariat.import_(returned, default=Resolution.TAKE_THEIRS)
    assert _description(secretariat, KIOSK) == "ゲートウェイを通った説明"


def test_organisation_and_glossary_edits_typed_into_the_workbook(office: dict[str, Terminal], tmp_path: Path) -> None:
    secretariat = office["事務局"]
    workbook = load_workbook(secretariat.export())
    sheet = workbook["推進体制"]
    headings = {cell.value: cell.column for cell in sheet[1]}
    rows = list(range(2, sheet.max_row + 1))

    def row_of(kind: str, text: str) -> int:
        return next(
            r
            for r in rows
            if sheet.cell(r, headings["区分"]).value == kind
            and text
            in str(sheet.cell(r, headings["種別・役職"]).value or "")
            + str(sheet.cell(r, headings["内容・備考"]).value or "")
            + str(sheet.cell(r, headings["課"]).value or "")
        )

    sheet.cell(row_of("役職", "副本部長"), headings["職"]).value = "経営企画部長（代理）"
    member = row_of("構成課", "建築課")
    body_of_member = next(
        sheet.cell(r, headings["組織"]).value
        for r in range(member, 1, -1)
        if sheet.cell(r, headings["区分"]).value == "組織"
    )
    sheet.delete_rows(member)
    glossary = workbook["用語集"]
    glossary.append(["ローコード", "ろーこーど", "少ないプログラムで作ること。", None])
    workbook.save(tmp_path / "organisation.xlsx")
    prepared = secretariat.import_(tmp_path / "organisation.xlsx")
    kinds = sorted((item.kind.value, item.entity) for item in prepared.plan.items)
    assert kinds == [("added", "glossary_term"), ("changed", "role"), ("deleted", "body_member")]
    bodies = {body.name: body for body in secretariat.snapshot().bodies}
    assert bodies["DX推進本部"].roles[1].post == "経営企画部長（代理）"
    assert "建築課" not in bodies[str(body_of_member)].members
    assert "ローコード" in {t.term for t in secretariat.snapshot().glossary}
    assert run_checks(secretariat.database).ok


def test_the_same_name_added_on_both_sides_is_a_conflict_not_an_error(office: dict[str, Terminal]) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    area_id = secretariat.initiative(KIOSK).area_id
    secretariat.edit(
        [
            Upsert(
                "initiative",
                "33333333-3333-4333-8333-333333333333",
                {"area_id": area_id, "position": 60, "name": "窓口DX", "description": "事務局版"},
            )
        ]
    )
    colleague.edit(
        [
            Upsert(
                "initiative",
                "44444444-4444-4444-8444-444444444444",
                {"area_id": area_id, "position": 61, "name": "窓口DX", "description": "市民課版"},
            )
        ]
    )
    file = colleague.export()
    (conflict,) = secretariat.prepare(file).plan.conflicts
    assert conflict.reason is ConflictReason.DUPLICATE
    secretariat.import_(file, default=Resolution.TAKE_THEIRS)
    (only,) = [i for i in secretariat.snapshot().initiatives if i.name == "窓口DX"]
    assert only.id == "33333333-3333-4333-8333-333333333333" and only.description == "市民課版"


def test_a_cell_added_there_under_an_initiative_deleted_here_brings_it_back_if_taken(
    office: dict[str, Terminal],
) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    initiative = colleague.initiative("条例改正")
    from shiraoka_dx_desktop.domain.roadmap import roadmap_cell_id

    colleague.edit(
        [
            Upsert(
                "roadmap_cell",
                roadmap_cell_id(initiative.id, 2027),
                {"initiative_id": initiative.id, "fiscal_year": 2027, "kind": "phase", "phase": "検討"},
            )
        ]
    )
    secretariat.delete("条例改正")
    file = colleague.export()
    (conflict,) = secretariat.prepare(file).plan.conflicts
    assert conflict.reason is ConflictReason.DELETED_HERE and conflict.entity == "initiative"
    secretariat.import_(file, default=Resolution.TAKE_THEIRS)
    assert sorted(secretariat.initiative("条例改正").cells) == [2025, 2027]


def _twins_with_cells(secretariat: Terminal, colleague: Terminal) -> None:
    """窓口DX added on both sides; the colleague gave it two roadmap cells, the secretariat one of the same year."""
    from shiraoka_dx_desktop.domain.roadmap import roadmap_cell_id

    area_id = secretariat.initiative(KIOSK).area_id
    mine, theirs = "33333333-3333-4333-8333-333333333333", "44444444-4444-4444-8444-444444444444"
    secretariat.edit(
        [
            Upsert(
                "initiative", mine, {"area_id": area_id, "position": 60, "name": "窓口DX", "description": "事務局版"}
            ),
            Upsert(
                "roadmap_cell",
                roadmap_cell_id(mine, 2025),
                {"initiative_id": mine, "fiscal_year": 2025, "kind": "phase", "phase": "準備"},
            ),
        ]
    )
    colleague.edit(
        [
            Upsert(
                "initiative", theirs, {"area_id": area_id, "position": 61, "name": "窓口DX", "description": "市民課版"}
            ),
            *(
                Upsert(
                    "roadmap_cell",
                    roadmap_cell_id(theirs, year),
                    {"initiative_id": theirs, "fiscal_year": year, "kind": "phase", "phase": phase},
                )
                for year, phase in ((2025, "検討"), (2026, "実施"))
            ),
        ]
    )


@pytest.mark.parametrize("resolution", [Resolution.TAKE_THEIRS, Resolution.KEEP_MINE])
def test_the_cells_of_a_name_added_on_both_sides_go_with_the_decision_on_it(
    office: dict[str, Terminal], resolution: Resolution
) -> None:
    secretariat, colleague = office["事務局"], office["市民課"]
    _twins_with_cells(secretariat, colleague)
    file = colleague.export()
    plan = secretariat.prepare(file).plan
    (conflict,) = plan.conflicts  # one decision, on the initiative: not also a "deleted here" for its cells
    assert conflict.reason is ConflictReason.DUPLICATE and len(conflict.restores) == 2
    assert conflict.detail == (
        "相手が「窓口DX」に付けた工程表のセル 2 件は、相手の内容を取るとこちらの「窓口DX」に入り、こちらを残すと取り込みません。"
    )
    assert not [item for item in plan.items if item.entity == "roadmap_cell"]
    secretariat.import_(file, default=resolution)
    (only,) = [i for i in secretariat.snapshot().initiatives if i.name == "窓口DX"]
    assert only.id == "33333333-3333-4333-8333-333333333333"
    phases = {year: cell.value.label for year, cell in only.cells.items()}
    if resolution is Resolution.TAKE_THEIRS:
        assert only.description == "市民課版" and phases == {2025: "検討", 2026: "実施"}
    else:
        assert only.description == "事務局版" and phases == {2025: "準備"}
    assert run_checks(secretariat.database).ok
