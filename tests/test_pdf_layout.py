"""The laid-out pages: headings on every page, (続き) where an area continues, nothing clipped or overflowing.

Checked on the display list, before any renderer: every text run lies inside its
cell (or bar, or box) and every cell inside the printable area within the margins.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from shiraoka_dx_desktop.domain.era import format_fiscal_year
from shiraoka_dx_desktop.domain.roadmap import PHASE_VOCABULARY, CellValue, bars
from shiraoka_dx_desktop.services.printing import PrintDocument, layout_document
from shiraoka_dx_desktop.services.printing.display import Box, Hatch, Line, Page, Polygon, Rect, Text
from shiraoka_dx_desktop.services.printing.roadmap import LEGEND_INFERRED
from shiraoka_dx_desktop.services.snapshot import CellView, InitiativeView, PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database

EXPORTED_ON = dt.date(2025, 6, 1)


@pytest.fixture
def snapshot(database: Database) -> PolicySnapshot:
    return load_snapshot(database)


def with_synthetic_initiatives(snapshot: PolicySnapshot, count: int, *, seed: int = 1) -> PolicySnapshot:
    """The default policy plus ``count`` initiatives, spread over the areas, as bench/synthetic.py makes them."""
    rng = random.Random(seed)
    sections = [section.name for section in snapshot.sections if section.kind == "課"]
    years = list(snapshot.years)
    added = []
    for number in range(count):
        area = snapshot.areas[number % len(snapshot.areas)]
        name = f"合成取組項目 {number + 1:05d}（{rng.choice(PHASE_VOCABULARY)}の対象業務）"
        if number % 97 == 0:
            name += "、および関係各課と連携した業務の見直しとシステムの共同利用に向けた調査・検討" * 3
        cells: dict[int, CellView] = {}
        index = rng.randint(0, 1)
        while index < len(years):
            length = rng.randint(1, len(years))
            shaded = rng.random() < 0.15
            value = CellValue.shaded() if shaded else CellValue.labelled(rng.choice(PHASE_VOCABULARY))
            for year in years[index : index + length]:
                cells[year] = CellView(value, rng.random() < 0.1, "")
            index += length + (1 if rng.random() < 0.2 else 0)
        added.append(
            InitiativeView(
                id=f"synthetic-{number}",
                area_id=area.id,
                position=1000 + number,
                name=name,
                description="ベンチマーク用の合成データです。" * rng.randint(1, 4),
                lead_section=rng.choice(sections) if rng.random() < 0.8 else "",
                inferred=False,
                note="",
                updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                updated_by="test",
                cells=cells,
            )
        )
    order = {area.id: area.number for area in snapshot.areas}
    snapshot.initiatives = sorted(
        [*snapshot.initiatives, *added], key=lambda item: (order[item.area_id], item.position)
    )
    return snapshot


def assert_nothing_clipped(page: Page) -> None:
    """Every text run inside its frame, every frame and shape inside the printable area."""
    printable = page.printable
    for shape in page.shapes:
        if isinstance(shape, Text):
            assert shape.frame.contains(shape.extent), f"{shape.text!r} overflows its cell"
            assert printable.contains(shape.frame), f"{shape.text!r} is in a cell outside the margins"
            assert shape.extent.width == pytest.approx(shape.width)
        elif isinstance(shape, Rect):
            assert printable.contains(shape.box), shape.tag
        elif isinstance(shape, Line):
            for x, y in (shape.start, shape.end):
                assert printable.contains(Box(x, y, 0, 0))
        elif isinstance(shape, Polygon | Hatch):
            for x, y in shape.points:
                assert printable.contains(Box(x, y, 0, 0))


def _page_text(page: Page) -> list[str]:
    return [text.text for text in page.texts()]


def _roadmap(snapshot: PolicySnapshot, paper: str = "A3") -> PrintDocument:
    return layout_document(snapshot, paper=paper, report="roadmap", exported_on=EXPORTED_ON)  # type: ignore[arg-type]


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_default_roadmap_shows_every_initiative_once_with_year_headings_on_each_page(
    snapshot: PolicySnapshot, paper: str
) -> None:
    document = _roadmap(snapshot, paper)
    for page in document.pages:
        assert_nothing_clipped(page)
        texts = _page_text(page)
        for year in snapshot.years:
            assert format_fiscal_year(year) in texts
            assert f"{year}年度" in texts
        assert "取組項目" in texts
    everything = "".join(text for page in document.pages for text in _page_text(page))
    for initiative in snapshot.initiatives:
        assert initiative.name in everything
    headings = [text for page in document.pages for text in _page_text(page) if text.startswith("(")]
    assert [heading for heading in headings if "（続き）" not in heading] == [
        f"({area.number}) {area.title}" for area in snapshot.areas
    ]


def test_default_roadmap_draws_one_bar_per_run_and_hatches_inferred_years(snapshot: PolicySnapshot) -> None:
    document = _roadmap(snapshot)
    shapes = [shape for page in document.pages for shape in page.shapes]
    labels = Counter(shape.text for shape in shapes if isinstance(shape, Text))
    # コンビニ交付: 継続実施 2023–2025, then 拡大の検討 2026–2027: each label drawn once on its bar.
    assert labels["拡大の検討"] == 1
    bars = [shape for shape in shapes if isinstance(shape, Polygon) and shape.tag == "bar"]
    legend_samples = 3 * len(document.pages)
    runs = sum(_runs(initiative, snapshot) for initiative in snapshot.initiatives)
    assert len(bars) == runs + legend_samples
    assert any(isinstance(shape, Hatch) for shape in shapes)
    assert labels[LEGEND_INFERRED] == len(document.pages)
    # Shaded runs are plain (four-cornered) bars; phases are arrows (five points).
    assert {len(bar.points) for bar in bars} == {4, 5}


def _runs(initiative: InitiativeView, snapshot: PolicySnapshot) -> int:
    return len(bars(initiative.cell_values(), snapshot.years))


def test_a_thousand_initiatives_paginate_with_headings_continued_and_no_row_split(snapshot: PolicySnapshot) -> None:
    big = with_synthetic_initiatives(snapshot, 1000)
    document = _roadmap(big)
    assert len(document.pages) > 20
    names = {initiative.name: initiative for initiative in big.initiatives}
    seen: Counter[str] = Counter()
    for number, page in enumerate(document.pages):
        assert_nothing_clipped(page)
        texts = _page_text(page)
        for year in big.years:
            assert format_fiscal_year(year) in texts
        headings = [text for text in texts if text.startswith("(") and " " in text]
        assert headings, f"page {number + 1} has no area heading"
        # Each initiative's wrapped name is whole on one page: collect the names on this page.
        joined = "".join(texts)
        for name in names:
            if name in joined:
                seen[name] += 1
    assert set(seen) == set(names)
    assert max(seen.values()) == 1, "an initiative appears on two pages"
    continued = [text for page in document.pages for text in _page_text(page) if text.endswith("（続き）")]
    assert len(continued) >= len(document.pages) - len(big.areas)


def test_a_page_that_continues_an_area_starts_with_its_continued_heading(snapshot: PolicySnapshot) -> None:
    document = _roadmap(with_synthetic_initiatives(snapshot, 300))
    titles = {area.id: f"({area.number}) {area.title}" for area in snapshot.areas}
    previous_area = ""
    for page in document.pages:
        rows = [
            shape
            for shape in page.shapes
            if isinstance(shape, Text) and any(shape.text.startswith(title) for title in titles.values())
        ]
        first = min(rows, key=lambda text: text.baseline)
        if first.text.endswith("（続き）"):
            assert first.text == f"{previous_area}（続き）"
        last = max(rows, key=lambda text: text.baseline).text.removesuffix("（続き）")
        previous_area = last


def test_long_names_wrap_inside_their_cell_and_rows_grow(snapshot: PolicySnapshot) -> None:
    long_name = (
        "庁内の申請・届出・照会業務を横断的に見直し、電子申請と書かない窓口を連携させるための調査・検討（令和5年度〜）"
    )
    snapshot.initiatives[0] = _renamed(snapshot.initiatives[0], long_name)
    for paper in ("A3", "A4"):
        document = _roadmap(snapshot, paper)
        texts = document.pages[0].texts()
        cell = next(text.frame for text in texts if text.text.startswith("庁内の申請"))
        lines = sorted((text for text in texts if text.frame == cell), key=lambda text: text.baseline)
        assert len(lines) >= 2
        assert "".join(text.text for text in lines) == long_name
        assert_nothing_clipped(document.pages[0])


def _renamed(initiative: InitiativeView, name: str) -> InitiativeView:
    return initiative._replace(name=name)


def test_many_years_shrink_the_columns_and_wrap_labels_without_overflow(snapshot: PolicySnapshot) -> None:
    snapshot.first_year, snapshot.last_year = 2019, 2034  # 令和元年度 to 令和16年度
    initiative = snapshot.initiatives[0]
    cells = {2020: CellView(CellValue.labelled("実施に向け検討（関係課との調整を含む）"), True, "")}
    snapshot.initiatives[0] = initiative._replace(cells=cells)
    for paper in ("A3", "A4"):
        document = _roadmap(snapshot, paper)
        texts = document.pages[0].texts()
        heading = next(text.frame for text in texts if text.text.startswith("令和元"))
        # Shrunk to fit the narrow column, or wrapped when even that is too wide.
        assert "".join(text.text for text in texts if text.frame == heading).startswith("令和元年度")
        for page in document.pages:
            assert_nothing_clipped(page)


def test_every_report_on_every_paper_stays_inside_the_margins(snapshot: PolicySnapshot) -> None:
    for paper in ("A3", "A4"):
        document = layout_document(snapshot, paper=paper, report="all", exported_on=EXPORTED_ON, user="利用者")
        assert document.pages[0].report == "roadmap"
        assert document.pages[-1].report == "organisation"
        for page in document.pages:
            assert_nothing_clipped(page)
