"""The 推進体制 page: every body in a box, boxes never overlapping, joined by lines, laid out from the data."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from shiraoka_dx_desktop.domain.organisation import BodyKind, BodyStatus
from shiraoka_dx_desktop.services.printing import layout_document
from shiraoka_dx_desktop.services.printing.display import Box, Line, Page, Rect, Text
from shiraoka_dx_desktop.services.printing.organisation import TEAMS_TITLE
from shiraoka_dx_desktop.services.snapshot import BodyView, PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database

from .test_pdf_layout import assert_nothing_clipped

EXPORTED_ON = dt.date(2025, 6, 1)


@pytest.fixture
def snapshot(database: Database) -> PolicySnapshot:
    return load_snapshot(database)


def _with_teams(snapshot: PolicySnapshot, count: int) -> PolicySnapshot:
    sections = [section.name for section in snapshot.sections if section.kind == "課"]
    for number in range(count):
        kind = BodyKind.WORKING_GROUP if number % 2 else BodyKind.PROJECT_TEAM
        status = BodyStatus.PLANNED if number % 3 else BodyStatus.ESTABLISHED
        members = tuple(sections[number % 5 : number % 5 + 3 + (number * 5) % 17])
        snapshot.bodies.append(
            BodyView(
                f"extra-{number}", f"追加チーム{number + 1}（窓口業務の見直し）", kind, status, "", (), (), members
            )
        )
    return snapshot


def _body_boxes(pages: list[Page]) -> dict[str, tuple[int, Box]]:
    return {
        shape.tag.removeprefix("body:"): (number, shape.box)
        for number, page in enumerate(pages)
        for shape in page.shapes
        if isinstance(shape, Rect) and shape.tag.startswith("body:")
    }


def _text_in(page: Page, box: Box) -> str:
    return "".join(text.text for text in page.texts() if box.contains(text.extent))


def assert_chart_is_sound(snapshot: PolicySnapshot, pages: list[Page]) -> None:
    boxes = _body_boxes(pages)
    assert set(boxes) == {body.id for body in snapshot.bodies}
    for page in pages:
        assert_nothing_clipped(page)
    for (first, (page_a, a)), (second, (page_b, b)) in itertools.combinations(boxes.items(), 2):
        assert page_a != page_b or not a.overlaps(b), f"{first} overlaps {second}"
    for body in snapshot.bodies:
        number, box = boxes[body.id]
        text = _text_in(pages[number], box)
        assert body.name in text
        for member in body.members:
            assert member in text
        dashed = [
            shape
            for shape in pages[number].shapes
            if isinstance(shape, Rect) and shape.tag == "border" and shape.box == box
        ]
        assert len(dashed) == 1
        assert dashed[0].dashed == (body.status == BodyStatus.PLANNED)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_default_organisation_fits_one_page_with_every_body(snapshot: PolicySnapshot, paper: str) -> None:
    document = layout_document(snapshot, paper=paper, report="organisation", exported_on=EXPORTED_ON)  # type: ignore[arg-type]
    assert len(document.pages) == 1
    assert_chart_is_sound(snapshot, document.pages)
    page = document.pages[0]
    boxes = {body_id: box for body_id, (_n, box) in _body_boxes(document.pages).items()}
    by_kind = {body.kind: boxes[body.id] for body in snapshot.bodies}
    headquarters = by_kind[BodyKind.HEADQUARTERS]
    # The 本部 on top, the CIO to its left, the committee to its right, the rest beneath.
    assert by_kind[BodyKind.OFFICER].right <= headquarters.x
    assert by_kind[BodyKind.COMMITTEE].x >= headquarters.right
    for kind in (BodyKind.SECRETARIAT, BodyKind.PROMOTERS, BodyKind.LEAD_SECTIONS, BodyKind.PROJECT_TEAM):
        assert by_kind[kind].y > headquarters.bottom
    text = _text_in(page, headquarters)
    assert "本部長" in text and "副市長" in text and "副本部長" in text and "経営企画部長" in text
    assert TEAMS_TITLE in [text.text for text in page.texts()]
    # Lines join the 本部 to the tiers beneath it.
    lines = [shape for shape in page.shapes if isinstance(shape, Line)]
    assert any(line.start == (headquarters.centre_x, headquarters.bottom) for line in lines)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_twelve_more_teams_still_lay_out_without_overlap(snapshot: PolicySnapshot, paper: str) -> None:
    big = _with_teams(snapshot, 12)
    document = layout_document(big, paper=paper, report="organisation", exported_on=EXPORTED_ON)  # type: ignore[arg-type]
    assert_chart_is_sound(big, document.pages)
    if paper == "A3":
        assert len(document.pages) == 1  # the text shrinks a little, the teams wrap onto more rows


def test_very_many_teams_continue_on_further_pages_at_a_readable_size(snapshot: PolicySnapshot) -> None:
    big = _with_teams(snapshot, 60)
    document = layout_document(big, paper="A4", report="organisation", exported_on=EXPORTED_ON)
    assert len(document.pages) > 1
    assert_chart_is_sound(big, document.pages)
    smallest = min(text.size for page in document.pages for text in page.texts())
    assert smallest >= 6.5
    continued = [text.text for page in document.pages[1:] for text in page.texts() if text.text.startswith(TEAMS_TITLE)]
    assert continued == [f"{TEAMS_TITLE}（続き）"] * (len(document.pages) - 1)


def test_an_organisation_without_headquarters_or_teams_still_prints(snapshot: PolicySnapshot) -> None:
    snapshot.bodies = [body for body in snapshot.bodies if body.kind in (BodyKind.SECRETARIAT, BodyKind.PROMOTERS)]
    document = layout_document(snapshot, paper="A3", report="organisation", exported_on=EXPORTED_ON)
    assert_chart_is_sound(snapshot, document.pages)
    assert not any(isinstance(shape, Text) and shape.text == TEAMS_TITLE for shape in document.pages[0].shapes)
