"""The 概要版: one A4 page of the policy for the website, whatever the data, with nothing internal on it."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import set_initiative, set_role
from shiraoka_dx_desktop.services.printing.display import Text
from shiraoka_dx_desktop.services.printing.summary import (
    SMALLEST_SIZE,
    allocate_rows,
    layout_summary,
    render_summary,
)
from shiraoka_dx_desktop.services.publishing import SUMMARY_PDF, export_public_site
from shiraoka_dx_desktop.services.snapshot import AreaView, PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database

from .test_pdf_layout import assert_nothing_clipped, with_synthetic_initiatives

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
MORE = re.compile(r"ほか ([\d,]+) 件")
A4_PORTRAIT = (595.28, 841.89)


def pdf_text(content: bytes) -> str:
    """Everything a reader can copy out of the PDF, every page."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content), strict=True).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _export(db_path: Path, out: Path, *extra: str) -> int:
    return main(["--db", str(db_path), "export", "summary", str(out), *extra])


def _texts(snapshot: PolicySnapshot) -> list[Text]:
    document = layout_summary(snapshot)
    assert len(document.pages) == 1
    page = document.pages[0]
    assert_nothing_clipped(page)
    texts = page.texts()
    assert min(text.size for text in texts) >= SMALLEST_SIZE
    return texts


def test_one_a4_page_with_the_title_edition_period_vision_viewpoints_areas_and_organisation(
    db_path: Path, database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "概要版.pdf"
    assert _export(db_path, out) == 0
    said = capsys.readouterr().out
    assert str(out) in said and "概要版" in said and "A4縦、1ページ" in said
    reader = PdfReader(out, strict=True)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_PORTRAIT, abs=0.1)
    assert reader.metadata is not None and reader.metadata.title == "白岡市DX推進全体方針 概要版 第3版"
    assert str(reader.root_object["/Lang"]) == "ja"
    text = _flat(pdf_text(out.read_bytes()))
    snapshot = load_snapshot(database)
    for expected in (snapshot.title, "概要版", "第3版", "令和5年11月改訂", "令和5年度〜令和9年度", snapshot.vision):
        assert _flat(expected) in text, expected
    assert _flat("内閣府の「デジタル社会の実現に向けた改革の基本方針」") in text  # the vision's text begins
    for viewpoint in snapshot.viewpoints:
        assert _flat(viewpoint) in text
    for area in snapshot.areas:
        assert _flat(f"({area.number}) {area.title}") in text
        assert f"取組項目{len(snapshot.initiatives_of(area.id))}件" in text
    for initiative in snapshot.initiatives:  # 28 of them: every one is named
        assert _flat(initiative.name) in text, initiative.name
    assert "ほか" not in text
    for body in ("推進体制", "DX推進本部:本部長副市長", "事務局（DX推進課）", "電子申請推進チーム（想定）"):
        assert _flat(body).replace(":", "：") in text, body


def test_ten_thousand_initiatives_still_fit_one_page_and_say_how_many_more(database: Database) -> None:
    snapshot = with_synthetic_initiatives(load_snapshot(database), 10_000)
    texts = _texts(snapshot)
    lines = [text.text for text in texts]
    listed = [line for line in lines if line.startswith("・")]
    more = [int(match[1].replace(",", "")) for line in lines if (match := MORE.fullmatch(line))]
    assert len(more) == len(snapshot.areas)  # every area is cut short, and says so
    assert len(listed) + sum(more) == len(snapshot.initiatives)
    for area in snapshot.areas:
        assert any(line.startswith(f"({area.number}) {area.title}") for line in lines)
    assert f"取組（取組項目 {len(snapshot.initiatives):,d} 件）" in lines
    content = render_summary(snapshot)
    assert len(PdfReader(io.BytesIO(content)).pages) == 1


def test_sixty_areas_long_texts_and_many_teams_still_fit_one_page(database: Database) -> None:
    snapshot = load_snapshot(database)
    areas = [AreaView(f"area-{n}", n, f"合成の取組 {n} の名称", "説明の一文目です。二文目です。") for n in range(1, 61)]
    team = snapshot.bodies[-1]
    snapshot = dataclasses.replace(
        snapshot,
        vision="ビジョン" * 60,
        vision_text="とても長い一文で、" * 200 + "終わります。",
        viewpoints=[f"長い名前の視点その{n}" * 3 for n in range(9)],
        areas=areas,
        initiatives=[],
        bodies=[*snapshot.bodies, *(team._replace(name=f"追加のワーキンググループ {n}") for n in range(40))],
    )
    lines = [text.text for text in _texts(snapshot)]
    (rest,) = [line for line in lines if line.startswith("ほか") and "の取組" in line]
    shown = sum(1 for line in lines if line.startswith("(") and "合成の取組" in line)
    assert rest == f"ほか {60 - shown} の取組（取組項目 0 件）" and 0 < shown < 60
    assert any(line == "ほか 4 件" for line in lines)  # the viewpoints beyond two rows
    assert any(MORE.search(line) for line in lines if "ワーキンググループ" in line)


def test_nothing_internal_is_on_it(database: Database) -> None:
    snapshot = load_snapshot(database)
    Editor(database, "市民課 内部太郎").apply(
        [
            set_initiative(snapshot.initiatives[0].id, note="取組項目の内部メモ"),
            set_role(snapshot.bodies[0].roles[1].id, note="役職の内部メモ"),
        ]
    )
    snapshot = load_snapshot(database)
    text = pdf_text(render_summary(snapshot))
    assert not UUID.search(text)
    notes = {cell.note for i in snapshot.initiatives for cell in i.cells.values() if cell.note}
    for word in ("取組項目の内部メモ", "役職の内部メモ", "内部太郎", "推定", "更新", "初期データ", *notes):
        assert word not in text, word


def test_the_same_data_gives_the_same_bytes_dated_by_the_edition(database: Database) -> None:
    snapshot = load_snapshot(database)
    content = render_summary(snapshot)
    assert content == render_summary(snapshot)
    assert b"D:20231101000000" in content  # 第3版, 令和5年11月: not today


def test_an_unknown_edition_is_refused_and_nothing_is_written(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "概要版.pdf"
    assert _export(db_path, out, "--edition", "第9版") == 2
    assert "「第9版」という版はありません" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".pdf" or path.name.startswith(".")] == []
    assert _export(db_path, out, "--edition", "第3版") == 0
    assert "第3版" in pdf_text(out.read_bytes())


def test_the_site_links_the_summary_with_its_format_and_size(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    summary = export_public_site(database, folder)
    pdf = folder / SUMMARY_PDF
    size = pdf.stat().st_size
    kilobytes = round(size / 1024)
    index = (folder / "index.html").read_text(encoding="utf-8")
    (link,) = re.findall(rf'<a href="{SUMMARY_PDF}"[^>]*>([^<]*)</a>', index)
    assert link == f"概要版（PDF、{kilobytes}KB）"
    assert len(PdfReader(pdf).pages) == 1 and "白岡市DX推進全体方針" in pdf_text(pdf.read_bytes())
    assert f"概要版 {SUMMARY_PDF}（PDF 1 ページ、{kilobytes}KB）" in summary.describe()


def test_allocate_rows_shows_small_areas_whole_before_large_ones_get_more() -> None:
    assert allocate_rows([2, 5, 1], 10) == [2, 5, 1]
    assert allocate_rows([2, 5, 1], 6) == [2, 3, 1]
    assert allocate_rows([5000, 5000, 1], 3) == [1, 1, 1]
    assert allocate_rows([5000, 5000, 1], 8) == [4, 3, 1]
