"""The PDF file itself: paper, orientation, embedded fonts, extractable Japanese text, a sound structure."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from shiraoka_dx_desktop.domain.era import format_fiscal_year
from shiraoka_dx_desktop.services.printing import render_pdf
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database

EXPORTED_ON = dt.date(2025, 6, 1)
A3 = (1190.55, 841.89)
A4 = (841.89, 595.28)
BASE_14 = (b"/Helvetica", b"/Times", b"/Courier", b"/Symbol", b"/ZapfDingbats")


@pytest.fixture
def snapshot(database: Database) -> PolicySnapshot:
    return load_snapshot(database)


def _reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content), strict=True)


def _flat(text: str) -> str:
    # Wrapped names come out one line per printed line.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("paper", "size"), [("A3", A3), ("A4", A4)])
def test_every_page_is_the_chosen_paper_in_landscape(
    snapshot: PolicySnapshot, paper: str, size: tuple[float, float]
) -> None:
    reader = _reader(render_pdf(snapshot, paper=paper, report="all", exported_on=EXPORTED_ON))  # type: ignore[arg-type]
    assert len(reader.pages) >= 3
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(size, abs=0.05)
        assert width > height
        assert page.get("/Rotate", 0) == 0


def _fonts(reader: PdfReader) -> list[Any]:
    fonts = []
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            fonts.append(font.get_object())
    return fonts


def test_only_the_bundled_font_is_used_and_every_font_is_embedded_with_a_unicode_map(
    snapshot: PolicySnapshot,
) -> None:
    content = render_pdf(snapshot, report="all", exported_on=EXPORTED_ON)
    fonts = _fonts(_reader(content))
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        # A subset (a six-letter tag before the name) of BIZ UDPGothic.
        assert re.fullmatch(r"/[A-Z]{6}\+BIZUDPGothic(-Regular|-Bold)", font["/BaseFont"])
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
        assert "/ToUnicode" in font
    for name in BASE_14:
        assert name not in content


def test_every_initiative_and_every_fiscal_year_heading_can_be_found_in_the_text(snapshot: PolicySnapshot) -> None:
    reader = _reader(render_pdf(snapshot, exported_on=EXPORTED_ON))
    pages = [page.extract_text() for page in reader.pages]
    everything = _flat("".join(pages))
    for initiative in snapshot.initiatives:
        assert _flat(initiative.name) in everything, initiative.name
    for text in pages:
        for year in snapshot.years:
            assert format_fiscal_year(year) in text
            assert f"{year}年度" in text
    assert "令和5年度" in pages[0] and "令和9年度" in pages[0]


def test_header_and_footer_carry_title_edition_date_in_japanese_era_and_page_numbers(
    snapshot: PolicySnapshot,
) -> None:
    reader = _reader(render_pdf(snapshot, report="all", exported_on=EXPORTED_ON, user="DX推進課 白岡"))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "白岡市DX推進全体方針" in text
        assert "第3版（令和5年11月改訂）" in text
        assert "出力日 令和7年6月1日" in text
        assert "出力者 DX推進課 白岡" in text
        assert f"{number} / {total}" in text


def test_properties_outline_and_bytes_are_reproducible(snapshot: PolicySnapshot) -> None:
    first = render_pdf(snapshot, report="all", exported_on=EXPORTED_ON, user="山田")
    assert render_pdf(snapshot, report="all", exported_on=EXPORTED_ON, user="山田") == first
    reader = _reader(first)
    assert reader.metadata is not None
    assert reader.metadata.title == "白岡市DX推進全体方針 第3版 工程表・取組項目一覧・推進体制"
    assert reader.metadata.author == "山田"
    assert str(reader.metadata["/CreationDate"]).startswith("D:20250601")
    top_level = [str(entry["/Title"]) for entry in reader.outline if not isinstance(entry, list)]
    assert top_level == ["工程表", "取組項目一覧", "推進体制"]


def test_initiatives_report_lists_lead_section_description_and_roadmap_in_words(snapshot: PolicySnapshot) -> None:
    text = _flat(
        "".join(
            page.extract_text()
            for page in _reader(render_pdf(snapshot, report="initiatives", exported_on=EXPORTED_ON)).pages
        )
    )
    assert "取組項目一覧" in text
    assert _flat("令和8年度〜令和9年度 拡大の検討") in text  # コンビニ交付
    assert _flat("令和7年度 実施") in text and _flat("令和8年度 正式稼働") in text  # 標準準拠システムへの移行
    assert "未設定" in text
    assert "(3)自治体情報システムの標準化・共通化" in text


def test_organisation_page_names_every_body(snapshot: PolicySnapshot) -> None:
    reader = _reader(render_pdf(snapshot, report="organisation", exported_on=EXPORTED_ON))
    text = _flat("".join(page.extract_text() for page in reader.pages))
    for body in snapshot.bodies:
        assert _flat(body.name) in text
    assert "副市長" in text and "経営企画部長" in text
    assert "想定" in text


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (apt-get install qpdf)")
def test_qpdf_finds_no_structural_errors(snapshot: PolicySnapshot, tmp_path: Path) -> None:
    path = tmp_path / "all.pdf"
    path.write_bytes(render_pdf(snapshot, report="all", exported_on=EXPORTED_ON))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_every_report_is_declared_once_and_offered_everywhere() -> None:
    from typing import get_args

    from shiraoka_dx_desktop.cli import _parser
    from shiraoka_dx_desktop.services.reports import REPORT_KEYS, REPORTS, Report

    assert set(REPORT_KEYS) == set(get_args(Report))
    # The command line offers each report by its key; "all" prints the policy's three, not the yearly 進捗状況報告.
    for key in REPORT_KEYS:
        assert _parser().parse_args(["export", "pdf", "out.pdf", "--report", key]).report == key
    assert next(spec for spec in REPORTS if spec.key == "all").parts == ("roadmap", "initiatives", "organisation")
    assert [spec.key for spec in REPORTS if spec.yearly] == ["progress"]
