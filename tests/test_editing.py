"""The operation layer: every change in one transaction, with an exact inverse."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shiraoka_dx_desktop.domain.roadmap import CellValue
from shiraoka_dx_desktop.services import commands
from shiraoka_dx_desktop.services.editing import ChangeKind, Editor, Upsert
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.services.validation import EditRefusedError
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.models import Initiative, RecordRevision, RoadmapCell, Section


def _initiative(snapshot: PolicySnapshot, name: str):  # type: ignore[no-untyped-def]
    return next(item for item in snapshot.initiatives if item.name == name)


def _row(database: Database, name: str) -> dict[int, str]:
    initiative = _initiative(load_snapshot(database), name)
    return {year: commands.format_cell(cell.value) for year, cell in initiative.cells.items()}


def _state(database: Database) -> dict[str, str]:
    """Every record's revision: equal states mean equal data."""
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT id, revision FROM initiative UNION ALL SELECT id, revision FROM roadmap_cell"
            " UNION ALL SELECT id, revision FROM policy UNION ALL SELECT id, revision FROM glossary_term"
        )
        return dict(rows.fetchall())


def test_setting_a_cell_and_undoing_it(database: Database) -> None:
    editor = Editor(database, "委員A")
    jorei = _initiative(load_snapshot(database), "条例改正")
    before = _state(database)
    outcome = editor.apply(commands.cell_edits({(jorei.id, 2026): CellValue.labelled("継続実施")}))
    assert _row(database, "条例改正") == {2025: "実施", 2026: "継続実施"}
    assert [(c.entity, c.kind, c.owner_id) for c in outcome.changes] == [("roadmap_cell", ChangeKind.ADDED, jorei.id)]
    editor.apply(outcome.inverse)
    assert _row(database, "条例改正") == {2025: "実施"}
    assert _state(database) == before


def test_editing_an_inferred_cell_makes_it_a_fact_and_undo_restores_the_inference(database: Database) -> None:
    editor = Editor(database, "委員A")
    row = _initiative(load_snapshot(database), "コンビニ交付")
    assert row.cells[2023].inferred
    outcome = editor.apply(commands.cell_edits({(row.id, 2023): CellValue.labelled("実施")}))
    changed = _initiative(load_snapshot(database), "コンビニ交付").cells[2023]
    assert (changed.value.label, changed.inferred) == ("実施", False)
    editor.apply(outcome.inverse)
    restored = _initiative(load_snapshot(database), "コンビニ交付").cells[2023]
    assert (restored.value.label, restored.inferred) == ("継続実施", True)
    assert restored.note == row.cells[2023].note


def test_deleting_an_initiative_is_undone_with_every_cell(database: Database) -> None:
    editor = Editor(database, "事務局")
    before = _state(database)
    initiative = _initiative(load_snapshot(database), "庶務事務システムの導入")
    outcome = editor.apply(commands.delete_initiative(initiative))
    assert {c.entity for c in outcome.changes} == {"initiative", "roadmap_cell"}
    assert len(outcome.changes) == 1 + len(initiative.cells)
    assert "庶務事務システムの導入" not in {item.name for item in load_snapshot(database).initiatives}
    editor.apply(outcome.inverse)
    assert _state(database) == before
    assert run_checks(database).ok


def test_a_refused_edit_changes_nothing(database: Database) -> None:
    editor = Editor(database, "委員A")
    snapshot = load_snapshot(database)
    conbini = _initiative(snapshot, "コンビニ交付")
    kiosk = _initiative(snapshot, "キオスク端末の導入")
    before = _state(database)
    with pytest.raises(EditRefusedError) as raised:
        editor.apply(
            [
                *commands.cell_edits({(kiosk.id, 2027): None}),
                Upsert("initiative", kiosk.id, {"name": "コンビニ交付"}),
            ]
        )
    assert (
        "「(2) マイナンバーカードの普及促進」には「コンビニ交付」という取組項目が既にあります" in raised.value.message
    )
    assert _state(database) == before
    with database.session("x") as session:
        assert session.scalar(select(func.count()).where(RecordRevision.changed_by == "委員A")) == 0
    after = load_snapshot(database)
    assert _initiative(after, "キオスク端末の導入").cells.keys() == kiosk.cells.keys()  # the cell is still there
    assert _initiative(after, "コンビニ交付").id == conbini.id


def test_blank_names_are_refused(database: Database) -> None:
    editor = Editor(database, "委員A")
    initiative = _initiative(load_snapshot(database), "条例改正")
    with pytest.raises(EditRefusedError, match="名前を入力してください"):
        editor.apply([Upsert("initiative", initiative.id, {"name": "   "})])


def test_a_section_in_use_is_not_deleted_and_the_message_says_where(database: Database) -> None:
    from shiraoka_dx_desktop.services.editing import Delete

    with database.session("x") as session:
        section_id = session.scalars(select(Section.id).where(Section.name == "道路課")).one()
    with pytest.raises(EditRefusedError) as raised:
        Editor(database, "事務局").apply([Delete("section", section_id)])
    message = raised.value.message
    assert "「道路課」は次の箇所で使われているため削除できません" in message
    assert "白岡市コンピュータシステム管理運営委員会の委員（都市整備部道路課長）" in message
    assert "公開・統合型GIS推進チームの構成課" in message


def test_shortening_the_plan_period_drops_cells_and_undo_brings_them_back(database: Database) -> None:
    editor = Editor(database, "事務局")
    snapshot = load_snapshot(database)
    before = _state(database)
    dropped = commands.cells_outside(snapshot, 2023, 2026)
    assert len(dropped) == sum(1 for item in snapshot.initiatives if 2027 in item.cells) > 10
    outcome = editor.apply(commands.set_plan_period(snapshot, snapshot.policy_id, 2023, 2026))
    after = load_snapshot(database)
    assert (after.first_year, after.last_year) == (2023, 2026)
    assert all(2027 not in item.cells for item in after.initiatives)
    editor.apply(outcome.inverse)
    assert _state(database) == before


def test_a_plan_period_that_leaves_cells_outside_is_refused(database: Database) -> None:
    snapshot = load_snapshot(database)
    with pytest.raises(EditRefusedError, match="計画期間の外になる工程表のセル"):
        Editor(database, "事務局").apply(
            [Upsert("policy", snapshot.policy_id, {"plan_first_year": 2024, "plan_last_year": 2027})]
        )


def test_moving_an_initiative_to_another_area_renumbers_both(database: Database) -> None:
    editor = Editor(database, "事務局")
    snapshot = load_snapshot(database)
    gis = _initiative(snapshot, "公開・統合型GISの導入")
    area_one = snapshot.areas[0]
    editor.apply(commands.move_initiative(snapshot, gis, area_one.id, 1))
    after = load_snapshot(database)
    assert [item.name for item in after.initiatives_of(area_one.id)] == [
        "転出転入手続きのワンストップ化",
        "公開・統合型GISの導入",
        "マイナポータルを活用したオンライン申請",
        "スマート申請の拡充（戸籍・税証明）",
    ]
    assert [item.position for item in after.initiatives_of(area_one.id)] == [0, 1, 2, 3]
    assert [item.position for item in after.initiatives_of(snapshot.areas[6].id)] == [0, 1, 2]


def test_adding_an_initiative_and_a_term(database: Database) -> None:
    editor = Editor(database, "委員B")
    snapshot = load_snapshot(database)
    initiative_id, edits = commands.add_initiative(snapshot, snapshot.areas[3].id, "生成AIの業務利用")
    editor.apply(edits)
    term_id, term_edits = commands.add_term(snapshot, "生成AI", "せいせいえーあい", "文章や画像を生成するAI。")
    editor.apply(term_edits)
    after = load_snapshot(database)
    added = next(item for item in after.initiatives if item.id == initiative_id)
    assert (added.name, added.position, added.updated_by) == ("生成AIの業務利用", 2, "委員B")
    assert any(term.id == term_id and term.term == "生成AI" for term in after.glossary)
    with pytest.raises(EditRefusedError, match="既に用語集にあります"):
        editor.apply(commands.add_term(after, "生成AI")[1])


def test_names_are_trimmed(database: Database) -> None:
    editor = Editor(database, "委員A")
    initiative = _initiative(load_snapshot(database), "条例改正")
    editor.apply([Upsert("initiative", initiative.id, {"name": "  条例の改正  "})])
    with database.session("x") as session:
        assert session.get(Initiative, initiative.id).name == "条例の改正"  # type: ignore[union-attr]
    assert run_checks(database).ok


@pytest.mark.parametrize(
    "rows",
    [
        [["継続実施", "■", ""], ["実施", "拡大の検討", "随時拡大"]],
        [["改行を\n含む", "タブ\tを含む", '"引用符"']],
        [[""]],
    ],
)
def test_tsv_round_trips_like_excel(rows: list[list[str]]) -> None:
    assert commands.parse_tsv(commands.format_tsv(rows)) == rows


def test_tsv_from_excel_with_trailing_newline() -> None:
    assert commands.parse_tsv("継続実施\t実施\r\n■\t\r\n") == [["継続実施", "実施"], ["■", ""]]


def test_cell_text() -> None:
    assert commands.parse_cell("  継続 実施 ") == CellValue.labelled("継続 実施")
    assert commands.parse_cell("■") == CellValue.shaded()
    assert commands.parse_cell("網掛け") == CellValue.shaded()
    assert commands.parse_cell(" ") is None
    assert commands.format_cell(CellValue.shaded()) == "■"


def test_cell_rows_stay_consistent_after_many_edits(database: Database) -> None:
    editor = Editor(database, "委員A")
    initiative = _initiative(load_snapshot(database), "条例改正")
    for phase in ("検討", "実施", None, "継続実施"):
        value = CellValue.labelled(phase) if phase else None
        editor.apply(commands.cell_edits({(initiative.id, 2024): value}))
    with database.session("x") as session:
        cells = session.scalars(select(RoadmapCell).where(RoadmapCell.initiative_id == initiative.id)).all()
        assert sorted((cell.fiscal_year, cell.phase) for cell in cells) == [(2024, "継続実施"), (2025, "実施")]
    assert run_checks(database).ok
