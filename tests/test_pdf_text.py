"""Measuring and wrapping Japanese text with the bundled font; tables that run over pages."""

from __future__ import annotations

import pytest

from shiraoka_dx_desktop.services.printing.display import Box, Text
from shiraoka_dx_desktop.services.printing.fonts import load_fonts
from shiraoka_dx_desktop.services.printing.table import Cell, Column, Row, Table, layout_table
from shiraoka_dx_desktop.services.printing.text import TextStyle, Typesetter

STYLE = TextStyle(10)


@pytest.fixture(scope="module")
def typesetter() -> Typesetter:
    return Typesetter(load_fonts())


def test_widths_come_from_the_proportional_font(typesetter: Typesetter) -> None:
    # BIZ UDPGothic is proportional: Latin letters are narrower than kana, kana narrower than the em.
    assert typesetter.width("令和", STYLE) == pytest.approx(20.0, abs=0.5)
    assert typesetter.width("i", STYLE) < typesetter.width("a", STYLE) < typesetter.width("あ", STYLE)
    assert typesetter.width("っ", STYLE) < typesetter.width("あ", STYLE)
    assert typesetter.width("工程表", TextStyle(10, bold=True)) > 0


def test_wrapped_lines_fit_and_keep_every_character(typesetter: Typesetter) -> None:
    text = "庁内の申請・届出・照会業務を横断的に見直し、電子申請（LoGoフォーム）と書かない窓口を連携させる。"
    for width in (40.0, 75.0, 120.0, 300.0):
        lines = typesetter.wrap(text, width, STYLE)
        assert "".join(lines) == text
        assert all(typesetter.width(line, STYLE) <= width + 1e-6 for line in lines)


def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket(typesetter: Typesetter) -> None:
    text = "マイナポータル（ぴったりサービス）を活用した、オンライン申請。「書かない窓口」の導入っ。"
    for width in range(30, 200, 7):
        lines = typesetter.wrap(text, float(width), STYLE)
        for line in lines[1:]:
            assert line[0] not in "、。）」っ", lines
        for line in lines[:-1]:
            assert line[-1] not in "（「", lines


def test_latin_words_stay_whole_unless_wider_than_the_line(typesetter: Typesetter) -> None:
    lines = typesetter.wrap("LGWAN無線化とWi-Fiの拡充", typesetter.width("LGWAN無線化とW", STYLE), STYLE)
    assert "Wi-Fiの拡充" in "".join(lines[1:])
    assert lines[0] == "LGWAN無線化と"
    long_word = "https://example.lg.jp/" + "a" * 80
    lines = typesetter.wrap(long_word, 60.0, STYLE)
    assert "".join(lines) == long_word
    assert all(typesetter.width(line, STYLE) <= 60.0 + 1e-6 for line in lines)


def test_explicit_newlines_are_kept(typesetter: Typesetter) -> None:
    assert typesetter.wrap("一行目\n\n三行目", 500.0, STYLE) == ["一行目", "", "三行目"]


def test_lists_break_between_items(typesetter: Typesetter) -> None:
    items = ["総務課", "税務課", "市民課", "福祉課", "子育て支援課", "こども保育課", "上下水道課"]
    lines = typesetter.wrap_items(items, "・", 80.0, STYLE)
    assert "".join(lines) == "・".join(items)
    for line in lines:
        for piece in line.split("・"):
            assert piece in items or piece == ""


def test_fit_cuts_with_an_ellipsis_and_shrink_to_fit_shrinks_before_wrapping(typesetter: Typesetter) -> None:
    assert typesetter.fit("短い", 100.0, STYLE) == "短い"
    cut = typesetter.fit("とても長い見出しの文字列です", 50.0, STYLE)
    assert cut.endswith("…") and typesetter.width(cut, STYLE) <= 50.0
    lines, style = typesetter.shrink_to_fit("令和元年度", 45.0, TextStyle(10))
    assert lines == ["令和元年度"] and style.size < 10
    lines, style = typesetter.shrink_to_fit("令和元年度", 20.0, TextStyle(10))
    assert len(lines) > 1 and "".join(lines) == "令和元年度"


def test_placed_lines_know_their_extent_and_frame(typesetter: Typesetter) -> None:
    frame = Box(10, 20, 100, 40)
    texts = typesetter.place(["中央", "寄せ"], frame, STYLE, align="centre", inset=4)
    assert len(texts) == 2
    for text in texts:
        assert isinstance(text, Text)
        assert frame.contains(text.extent)
        assert text.extent.centre_x == pytest.approx(frame.centre_x)
    assert texts[1].baseline - texts[0].baseline == pytest.approx(STYLE.line_height)


def _table(rows: list[Row]) -> Table:
    return Table(
        columns=[Column(200, (Cell(("見出し",), STYLE),))],
        rows=rows,
        padding=4,
        continued=lambda group: Row(heading=Cell((f"{group}（続き）",), STYLE), group=group),
    )


def _lines_on(page_shapes: list) -> list[str]:  # type: ignore[type-arg]
    return [shape.text for shape in page_shapes if isinstance(shape, Text)]


def test_rows_are_not_split_and_groups_continue_under_a_repeated_heading(typesetter: Typesetter) -> None:
    rows = [Row(heading=Cell(("グループ",), STYLE), group="グループ")]
    rows += [Row((Cell((f"行{n}", "二行目"), STYLE),), group="グループ") for n in range(40)]
    pages = layout_table(_table(rows), Box(0, 0, 200, 300), typesetter)
    assert len(pages) > 1
    for page in pages[1:]:
        texts = _lines_on(page.shapes)
        assert texts[0] == "見出し"
        assert texts[1] == "グループ（続き）"
        # Each row's two lines are together on one page.
        assert texts[2].startswith("行") and texts[3] == "二行目"
    assert sum(text.startswith("行") for page in pages for text in _lines_on(page.shapes)) == 40


def test_a_row_taller_than_a_page_continues_on_the_next_page_instead_of_being_cut(typesetter: Typesetter) -> None:
    tall = Row((Cell(tuple(f"{n}行目" for n in range(60)), STYLE),), group="グループ")
    pages = layout_table(
        _table([Row(heading=Cell(("グループ",), STYLE), group="グループ"), tall]), Box(0, 0, 200, 300), typesetter
    )
    printed = [text for page in pages for text in _lines_on(page.shapes) if text.endswith("行目")]
    assert printed == [f"{n}行目" for n in range(60)]
    for page in pages:
        assert page.bottom <= 300 + 1e-6
