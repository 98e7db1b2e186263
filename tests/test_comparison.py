"""新旧対照表: a revision made through the editor, compared; every change listed once, nothing else; PDF and workbook."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText
from pypdf import PdfReader

from shiraoka_dx_desktop.domain.roadmap import CellValue
from shiraoka_dx_desktop.services.commands import add_initiative, add_term, cell_edits, move_initiative
from shiraoka_dx_desktop.services.comparison import (
    ADDED_TEXT,
    REMOVED_TEXT,
    Comparison,
    ComparisonItem,
    ItemKind,
    changed_spans,
    compare,
)
from shiraoka_dx_desktop.services.comparison.workbook import SHEET_TITLE, write_comparison_xlsx
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Edit, delete, set_duty, set_initiative
from shiraoka_dx_desktop.services.printing.comparison import layout_comparison, write_comparison_pdf
from shiraoka_dx_desktop.services.printing.display import Line, Paper
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.record_kinds import INITIATIVE

from .test_pdf_layout import assert_nothing_clipped

TODAY = dt.date(2026, 12, 1)
NEW_NAME = "転出転入手続のワンストップ化（マイナポータル活用）"
NEW_DESCRIPTION_PART = "令和6年3月からは、引越し手続オンラインサービスの利用を案内します。"
ADDED_NAME = "書かない窓口の導入"
ADDED_TERM = "書かない窓口"
DUTY_TEXT = "DX推進に係る全庁的な連絡調整"


class Revision(NamedTuple):
    old: PolicySnapshot
    new: PolicySnapshot
    comparison: Comparison
    touched: set[str]  # names of the initiatives the revision changed


def _edit(database: Database, edits: list[Edit]) -> None:
    Editor(database, "事務局").apply(edits)


@pytest.fixture
def revision(database: Database) -> Revision:
    """第3版 → 第4版 on the default data: eight changes, each through the editor as a user would make them."""
    old = load_snapshot(database)
    renamed, rewritten, removed, first_cell, second_cell = (old.initiatives[index] for index in (0, 4, 5, 14, 20))
    area = old.areas[0]
    added_id, adding = add_initiative(old, area.id, ADDED_NAME)
    _term_id, term = add_term(old, ADDED_TERM, "かかないまどぐち", "申請書を書かずに手続ができる窓口。")
    headquarters = old.bodies[0]
    _edit(
        database,
        [
            set_initiative(renamed.id, name=NEW_NAME),
            set_initiative(rewritten.id, description=rewritten.description + "\n" + NEW_DESCRIPTION_PART),
            *adding,
            set_initiative(added_id, description="来庁者が申請書を書かずに済む窓口を整えます。"),
            delete(INITIATIVE, removed.id),
            *cell_edits({(first_cell.id, 2025): CellValue.labelled("実施に向け検討"), (second_cell.id, 2023): None}),
            set_duty(headquarters.duty_ids[0], text=DUTY_TEXT),
            *term,
        ],
    )
    new = load_snapshot(database)
    touched = {item.name for item in (renamed, rewritten, removed, first_cell, second_cell)} | {NEW_NAME, ADDED_NAME}
    return Revision(old, new, compare(old, new), touched)


def _marked(text: str, marks: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in marks]


def _item(comparison: Comparison, label: str) -> ComparisonItem:
    found = [item for item in comparison if item.label == label]
    assert len(found) == 1, (label, [item.heading for item in comparison])
    return found[0]


# -- the engine ----------------------------------------------------------------------------------


def test_every_change_of_the_revision_is_listed_once_and_nothing_else(revision: Revision) -> None:
    old, new, comparison = revision.old, revision.new, revision.comparison
    assert len(comparison) == 8, [item.heading for item in comparison]
    assert comparison.summary() == "改正箇所 8 件（新設 2、削除 1、改正 5）"
    headings = [item.heading for item in comparison]
    assert len(set(headings)) == len(headings)

    renamed = _item(comparison, f"取組項目「{NEW_NAME}」の名称")
    assert renamed.section == "(1) 自治体の行政手続のオンライン化"
    assert (renamed.kind, renamed.old, renamed.new) == (ItemKind.CHANGED, old.initiatives[0].name, NEW_NAME)
    assert renamed.heading == f"(1) 自治体の行政手続のオンライン化 / 取組項目「{NEW_NAME}」の名称"
    assert _marked(renamed.old, renamed.old_marks) == ["き"]  # 手続き → 手続
    assert _marked(renamed.new, renamed.new_marks) == ["（マイナポータル活用）"]

    rewritten = _item(comparison, f"取組項目「{old.initiatives[4].name}」の概要")
    assert rewritten.old == old.initiatives[4].description.strip()
    assert rewritten.new.endswith(NEW_DESCRIPTION_PART)
    assert rewritten.old_marks == () and _marked(rewritten.new, rewritten.new_marks) == [NEW_DESCRIPTION_PART]

    added = _item(comparison, f"取組項目「{ADDED_NAME}」")
    assert (added.kind, added.old_shown, added.old) == (ItemKind.ADDED, ADDED_TEXT, "")
    assert added.new.startswith(ADDED_NAME) and "来庁者が申請書を書かずに済む窓口" in added.new
    assert added.new_marks == ((0, len(added.new)),)

    removed = _item(comparison, f"取組項目「{old.initiatives[5].name}」")
    assert (removed.kind, removed.new_shown) == (ItemKind.REMOVED, REMOVED_TEXT)
    assert removed.old.startswith(old.initiatives[5].name) and "工程：令和5年度〜令和9年度　継続実施" in removed.old

    first_cell = _item(comparison, f"取組項目「{old.initiatives[14].name}」の工程（令和7年度）")
    assert (first_cell.old, first_cell.new) == ("実施", "実施に向け検討")
    assert first_cell.old_marks == () and _marked(first_cell.new, first_cell.new_marks) == ["に向け検討"]
    second_cell = _item(comparison, f"取組項目「{old.initiatives[20].name}」の工程（令和5年度）")
    assert (second_cell.old, second_cell.new, second_cell.new_shown) == ("契約・導入", "", "（空欄）")
    assert _marked(second_cell.old, second_cell.old_marks) == ["契約・導入"]

    duty = _item(comparison, "DX推進本部の所掌事務（1）")
    assert (duty.section, duty.old, duty.new) == ("推進体制", old.bodies[0].duties[0], DUTY_TEXT)
    assert _marked(duty.old, duty.old_marks) == ["横断"] and _marked(duty.new, duty.new_marks) == ["全庁"]

    term = _item(comparison, f"用語「{ADDED_TERM}」")
    assert (term.section, term.kind, term.new) == (
        "用語集",
        ItemKind.ADDED,
        f"{ADDED_TERM}\n申請書を書かずに手続ができる窓口。",
    )
    assert new.glossary[-1].term == ADDED_TERM


def test_items_come_in_the_policys_order(revision: Revision) -> None:
    sections = [section for section, _items in revision.comparison.sections()]
    numbers = [int(section[1]) for section in sections if section.startswith("(")]
    assert numbers == sorted(numbers)
    assert sections[-2:] == ["推進体制", "用語集"]
    # Within an area, by the initiatives' positions: the renamed first, the one added (at the end) last.
    first_area = [item.subject for item in revision.comparison if item.section == sections[0]]
    assert first_area[0] == f"取組項目「{NEW_NAME}」" and first_area[-1] == f"取組項目「{ADDED_NAME}」"


def test_the_same_snapshot_lists_nothing(database: Database) -> None:
    snapshot = load_snapshot(database)
    assert len(compare(snapshot, load_snapshot(database))) == 0
    assert compare(snapshot, snapshot).summary() == "改正箇所はありません。"


def test_a_paper_with_no_change_says_so_in_one_sentence(database: Database, tmp_path: Path) -> None:
    snapshot = load_snapshot(database)
    pdf, xlsx = tmp_path / "対照表.pdf", tmp_path / "対照表.xlsx"
    write_comparison_pdf(snapshot, snapshot, pdf, old_name="第3版", new_name="第3版", today=TODAY)
    write_comparison_xlsx(snapshot, snapshot, xlsx, old_name="第3版", new_name="第3版", today=TODAY)
    lead = "改正箇所はありません。下線付きの太字は改正箇所"
    assert lead in _pdf_text(pdf.read_bytes()) and "。。" not in _pdf_text(pdf.read_bytes())
    sheet, _ = _cells(xlsx)
    assert str(sheet["A2"].value).startswith(lead)


def test_a_record_made_again_under_a_new_id_pairs_by_its_name(database: Database) -> None:
    old = load_snapshot(database)
    made_again = [item._replace(id=f"new-{item.id}") for item in old.initiatives]
    new = dataclasses.replace(old, initiatives=made_again)
    new.initiatives[3] = new.initiatives[3]._replace(description="書き直した概要")
    comparison = compare(old, new)
    assert [(item.label, item.new) for item in comparison] == [
        (f"取組項目「{old.initiatives[3].name}」の概要", "書き直した概要")
    ]


def test_an_initiative_moved_to_another_area_says_from_where(database: Database) -> None:
    old = load_snapshot(database)
    moving = old.initiatives[0]
    target = old.areas[2]
    _edit(database, move_initiative(old, moving, target.id, 0))
    comparison = compare(old, load_snapshot(database))
    (moved,) = comparison.items
    assert moved.label == f"取組項目「{moving.name}」の取組"
    assert (moved.section, moved.old, moved.new) == (f"(3) {target.title}", f"(1) {old.areas[0].title}", moved.section)


def test_policy_areas_bodies_and_terms_changes_are_found(database: Database) -> None:
    old = load_snapshot(database)
    body = old.bodies[0]
    role = body.roles[0]
    new = dataclasses.replace(
        old,
        vision=old.vision + "のまち",
        viewpoints=[*old.viewpoints[:2], "データ活用の視点"],
        areas=[old.areas[0]._replace(title="行政手続のオンライン化"), *old.areas[1:]],
        bodies=[
            body._replace(roles=(role._replace(post="市長"), *body.roles[1:]), members=("総務課",)),
            *old.bodies[1:],
        ],
        glossary=[old.glossary[0]._replace(explanation="人工知能のこと。"), *old.glossary[1:]],
    )
    labels = [(item.section, item.label, item.old, item.new) for item in compare(old, new)]
    assert labels == [
        ("全体方針", "ビジョン", old.vision, old.vision + "のまち"),
        ("全体方針", "視点（3）", old.viewpoints[2], "データ活用の視点"),
        ("(1) 行政手続のオンライン化", "取組の名称", old.areas[0].title, "行政手続のオンライン化"),
        (
            "推進体制",
            "DX推進本部の役職「本部長」",
            "本部長：副市長（CIO（最高情報統括責任者）が兼任）",
            "本部長：市長（CIO（最高情報統括責任者）が兼任）",
        ),
        ("推進体制", "DX推進本部の構成課", "", "総務課"),
        ("用語集", "用語「AI」の説明", old.glossary[0].explanation, "人工知能のこと。"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "old_marked", "new_marked"),
    [
        ("令和5年2月に開始", "令和5年3月に開始", ["2月"], ["3月"]),  # a figure with its unit
        ("オンライン申請を推進", "電子申請を推進", ["オンライン"], ["電子"]),  # a whole katakana run, not the compound
        ("オンライン化", "デジタル化", ["オンライン"], ["デジタル"]),
        (
            "市民の利便性を向上",
            "職員の負担を軽減",
            ["市民の利便性を向上"],
            ["職員の負担を軽減"],
        ),  # marks joined over の
        ("LGWAN系端末", "LGWAN-ASP端末", ["系"], ["-ASP"]),
        ("Ver2の手順", "Ver3の手順", ["Ver2"], ["Ver3"]),  # a whole Latin run
        ("第1段落。\n第2段落。", "第1段落。\n\n追加の段落。\n第2段落。", [], ["追加の段落。"]),  # no line break marked
        ("手続を行う", "手続をオンラインで行う", [], ["オンラインで"]),
        ("", "新しい文", [], ["新しい文"]),
        ("同じ", "同じ", [], []),
    ],
)
def test_changed_words_are_marked_as_words(old: str, new: str, old_marked: list[str], new_marked: list[str]) -> None:
    old_marks, new_marks = changed_spans(old, new)
    assert (_marked(old, old_marks), _marked(new, new_marks)) == (old_marked, new_marked)


# -- the PDF --------------------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(content: bytes) -> str:
    return _compact("".join(page.extract_text() for page in PdfReader(io.BytesIO(content), strict=True).pages))


def _unchanged_names(revision: Revision) -> list[str]:
    """Unchanged initiatives whose name appears in no listed passage (a description may quote another's name)."""
    texts = [item.old + item.new + item.subject for item in revision.comparison]
    names = [item.name for item in revision.new.initiatives if item.name not in revision.touched]
    return [name for name in names if not any(name in text for text in texts)]


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_the_pdf_holds_every_changed_passage_and_no_unchanged_initiative(
    revision: Revision, tmp_path: Path, paper: Paper
) -> None:
    path = tmp_path / "新旧対照表.pdf"
    summary = write_comparison_pdf(
        revision.old,
        revision.new,
        path,
        old_name="第3版",
        new_name="第4版",
        paper=paper,
        today=TODAY,
    )
    assert (
        summary.describe()
        == f"PDFを書き出しました: {path}（新旧対照表（第3版 → 第4版）、{paper}横、{summary.pages}ページ）"
    )
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == "白岡市DX推進全体方針 新旧対照表（第3版 → 第4版）"
    text = _pdf_text(path.read_bytes())
    assert "白岡市DX推進全体方針新旧対照表（第3版→第4版）" in text
    assert "改正前（第3版）" in text and "改正後（第4版）" in text and f"1/{summary.pages}" in text
    for item in revision.comparison:
        assert _compact(item.subject) in text
        assert _compact(item.old_shown) in text, item.heading
        assert _compact(item.new_shown) in text, item.heading
    unchanged = _unchanged_names(revision)
    assert len(unchanged) >= 15
    for name in unchanged:
        assert _compact(name) not in text


def test_the_pdf_marks_changes_bold_and_underlined_and_clips_nothing(revision: Revision) -> None:
    document = layout_comparison(
        revision.comparison, policy_title="白岡市DX推進全体方針", old_name="第3版", new_name="第4版", exported_on=TODAY
    )
    (page,) = document.pages
    assert_nothing_clipped(page)
    texts = page.texts()
    bold = {text.text for text in texts if text.bold}
    assert {"き", "（マイナポータル活用）", "横断", "全庁", "に向け検討", "契約・導入"} <= bold
    # Under every marked piece of the body a rule as wide as it; nothing else in the table is bold but headings.
    rules = {
        (round(line.start[0], 2), round(line.end[0] - line.start[0], 2))
        for line in page.shapes
        if isinstance(line, Line)
    }
    for text in texts:
        if text.bold and text.text in {"き", "横断", "全庁"}:
            assert (round(text.x, 2), round(text.width, 2)) in rules
    unmarked = [text for text in texts if text.text.startswith("DX推進に係る") and not text.bold]
    assert len(unmarked) == 2 and all(text.grey == 0.0 for text in unmarked)


def test_long_comparisons_repeat_the_column_headings_and_the_area_heading(database: Database) -> None:
    old = load_snapshot(database)
    long_text = "長い説明文です。" * 60
    new = dataclasses.replace(old, initiatives=[item._replace(description=long_text) for item in old.initiatives])
    document = layout_comparison(
        compare(old, new), policy_title=old.title, old_name="第3版", new_name="第4版", paper="A4", exported_on=TODAY
    )
    assert len(document.pages) > 3
    for number, page in enumerate(document.pages, start=1):
        assert_nothing_clipped(page)
        lines = [text.text for text in page.texts()]
        assert (
            "改正前（第3版）" in lines and "改正後（第4版）" in lines and f"{number} / {len(document.pages)}" in lines
        )
    assert any(line.endswith("（続き）") for line in (text.text for text in document.pages[1].texts()))


def test_an_empty_comparison_prints_one_page_saying_so(database: Database) -> None:
    snapshot = load_snapshot(database)
    document = layout_comparison(
        compare(snapshot, snapshot), policy_title=snapshot.title, old_name="第3版", new_name="作業中", exported_on=TODAY
    )
    assert len(document.pages) == 1
    assert "改正箇所はありません。" in [text.text for text in document.pages[0].texts()]


# -- the workbook ---------------------------------------------------------------------------------


def _cells(path: Path) -> tuple[Any, list[Any]]:
    workbook = openpyxl.load_workbook(path, rich_text=True)
    assert workbook.sheetnames == [SHEET_TITLE]
    sheet = workbook[SHEET_TITLE]
    return sheet, [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _marked_blocks(value: Any) -> list[str]:
    assert isinstance(value, CellRichText)
    return [block.text for block in value if not isinstance(block, str) and block.font.b and block.font.u == "single"]


def test_the_workbook_holds_every_changed_passage_as_text_with_its_marks(revision: Revision, tmp_path: Path) -> None:
    path = tmp_path / "新旧対照表.xlsx"
    summary = write_comparison_xlsx(revision.old, revision.new, path, old_name="第3版", new_name="第4版", paper="A4")
    assert summary.describe() == f"新旧対照表をExcelブックに書き出しました: {path}（改正箇所 8 件、A4横）"
    sheet, cells = _cells(path)
    assert [cell.value for cell in sheet[3]] == ["項目", "改正前（第3版）", "改正後（第4版）"]
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.paperSize == 9
    # The title and the summary span the three columns: read in full, not cut at the first column's edge.
    assert {"A1:C1", "A2:C2"} <= {str(merged) for merged in sheet.merged_cells.ranges}
    assert str(sheet["A2"].value).startswith("改正箇所 8 件（新設 2、削除 1、改正 5）。")
    assert all(cell.data_type != "f" for cell in cells)
    texts = [str(cell.value) for cell in cells]
    for item in revision.comparison:
        row = next(
            row for row in sheet.iter_rows(min_row=4) if row[0].value == f"{item.subject}\n{item.aspect}".strip()
        )
        assert [str(cell.value) for cell in row[1:]] == [item.old_shown, item.new_shown]
    for name in _unchanged_names(revision):
        assert not any(name in text for text in texts)
    renamed = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == f"取組項目「{NEW_NAME}」\n名称")
    assert _marked_blocks(renamed[1].value) == ["き"] and _marked_blocks(renamed[2].value) == ["（マイナポータル活用）"]


def test_text_that_looks_like_a_formula_stays_text(database: Database, tmp_path: Path) -> None:
    old = load_snapshot(database)
    new = dataclasses.replace(
        old, glossary=[old.glossary[0]._replace(explanation='=HYPERLINK("http://x")'), *old.glossary[1:]]
    )
    path = tmp_path / "式.xlsx"
    write_comparison_xlsx(old, new, path, old_name="第3版", new_name="第4版")
    _sheet, cells = _cells(path)
    assert all(cell.data_type != "f" for cell in cells)
    assert '=HYPERLINK("http://x")' in [str(cell.value) for cell in cells]
    assert openpyxl.load_workbook(path)[SHEET_TITLE]["C5"].data_type == "s"
