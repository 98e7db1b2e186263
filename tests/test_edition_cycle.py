"""A revision of the policy from end to end, as the secretariat makes one: 第3版 revised, 第4版 made, the 新旧対照表
between them printed and saved as a workbook, 第3版 printed as it was, and the public version published.

Everything goes through the command line on one database, as it does on a terminal; the revision is the eight
changes of ``test_comparison.revision`` (an initiative renamed, one rewritten, one added, one removed, two roadmap
cells, a duty of the 本部, a new term).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.comparison import ItemKind
from shiraoka_dx_desktop.services.editions import edition_snapshot, list_editions
from shiraoka_dx_desktop.storage.database import Database

from .test_comparison import ADDED_NAME, ADDED_TERM, DUTY_TEXT, NEW_NAME, Revision, _unchanged_names, revision
from .test_public_html import UUID, _pages

__all__ = ["revision"]  # the fixture, used here by name


def _run(database: Database, *arguments: str) -> None:
    assert main(["--db", str(database.path), *arguments]) == 0, arguments


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> str:
    return _compact("".join(page.extract_text() for page in PdfReader(path, strict=True).pages))


def _workbook_cells(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)  # not read-only: the cells' types (a formula is type "f") are wanted
    try:
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no formulas anywhere
        return [str(cell.value) for cell in cells if cell.value is not None]
    finally:
        workbook.close()


@pytest.fixture
def fourth(revision: Revision, database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Revision:
    """The revision saved as 第4版 (令和8年4月改訂) from the command line."""
    _run(database, "edition", "new", "第4版", "--date", "令和8年4月", "--note", "書かない窓口の導入ほか")
    assert "「第4版」（令和8年4月改訂）として今のデータ全体を保存しました" in capsys.readouterr().out
    assert [(e.label, e.issued) for e in list_editions(database)][-2:] == [
        ("第3版", "令和5年11月改訂"),
        ("第4版", "令和8年4月改訂"),
    ]
    return revision


def test_the_comparison_of_the_fourth_edition_lists_every_change_and_nothing_else(
    fourth: Revision, database: Database, tmp_path: Path
) -> None:
    pdf, xlsx = tmp_path / "新旧対照表.pdf", tmp_path / "新旧対照表.xlsx"
    _run(database, "export", "comparison", str(pdf), "--from", "第3版", "--to", "第4版")
    _run(database, "export", "comparison", str(xlsx), "--from", "第3版", "--to", "第4版", "--paper", "A4")

    printed = _pdf_text(pdf)
    cells = _workbook_cells(xlsx)
    written = _compact("".join(cells))
    assert "新旧対照表（第3版→第4版）" in printed and "改正前（第3版）" in printed and "改正後（第4版）" in printed
    assert "改正前（第3版）" in cells and "改正後（第4版）" in cells
    assert "改正箇所8件（新設2、削除1、改正5）" in printed and "改正箇所8件（新設2、削除1、改正5）" in written
    comparison = fourth.comparison
    assert len(comparison) == 8
    for item in comparison:
        for text in (item.subject, item.old_shown, item.new_shown):
            assert _compact(text) in printed, item.heading
            assert _compact(text) in written, item.heading
    assert {kind: sum(1 for item in comparison if item.kind is kind) for kind in ItemKind} == {
        ItemKind.ADDED: 2,
        ItemKind.REMOVED: 1,
        ItemKind.CHANGED: 5,
    }
    for wanted in (NEW_NAME, ADDED_NAME, ADDED_TERM, DUTY_TEXT):
        assert _compact(wanted) in printed and _compact(wanted) in written
    unchanged = _unchanged_names(fourth)
    assert len(unchanged) >= 15
    for name in unchanged:
        assert _compact(name) not in printed and _compact(name) not in written, name


def test_the_third_edition_prints_and_exports_as_it_was(fourth: Revision, database: Database, tmp_path: Path) -> None:
    old, new = fourth.old, fourth.new
    renamed_from = old.initiatives[0].name
    removed = next(item.name for item in old.initiatives if item.id not in {i.id for i in new.initiatives})
    for report in ("roadmap", "initiatives"):
        pdf = tmp_path / f"第3版_{report}.pdf"
        _run(database, "export", "pdf", str(pdf), "--edition", "第3版", "--report", report)
        printed = _pdf_text(pdf)
        assert "第3版" in printed and "第4版" not in printed, report
        assert _compact(renamed_from) in printed and _compact(removed) in printed, report
        assert _compact(NEW_NAME) not in printed and _compact(ADDED_NAME) not in printed, report
    xlsx = tmp_path / "第3版.xlsx"
    _run(database, "export", "xlsx", str(xlsx), "--edition", "第3版")
    cells = _workbook_cells(xlsx)
    assert renamed_from in cells and removed in cells and NEW_NAME not in cells and ADDED_NAME not in cells
    assert edition_snapshot(database, "第3版").initiatives == old.initiatives  # and it is still as it was


def test_the_public_version_of_the_fourth_edition_is_complete_and_only_public(
    fourth: Revision, database: Database, tmp_path: Path
) -> None:
    site = tmp_path / "公開用"
    _run(database, "export", "html", str(site), "--edition", "第4版")
    pages = _pages(site)
    text = _compact("".join(page.text for page in pages.values()))
    frozen = edition_snapshot(database, "第4版")
    assert "第4版" in text and "令和8年4月" in text
    for item in frozen.initiatives:
        assert _compact(item.name) in text, item.name
    assert _compact(ADDED_TERM) in text and _compact(DUTY_TEXT) in text
    removed = next(item.name for item in fourth.old.initiatives if item.id not in {i.id for i in frozen.initiatives})
    rows = [row[0] for page in pages.values() for row in page.rows if row]
    assert _compact(removed) not in {_compact(row) for row in rows}  # (an area's text may still name it)
    assert {_compact(item.name) for item in frozen.initiatives} <= {_compact(row) for row in rows}
    for name, page in pages.items():
        source = (site / name).read_text(encoding="utf-8")
        assert page.lang == "ja", name
        assert not UUID.search(source), name  # no record's id
        assert "最終更新" not in source and "初期データ" not in source, name  # nothing of who changed what
        assert "http://" not in source and "https://" not in source and "<script" not in source, name
        levels = [level for level, _text in page.headings]
        assert levels[0] == 1 and all(after <= before + 1 for before, after in itertools.pairwise(levels)), name
        assert all(cell.get("scope") in ("col", "row") for cell in page.header_cells), name
