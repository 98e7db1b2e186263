"""Bars: adjacent cells of one initiative with the same phase are one arrow."""

from shiraoka_dx_desktop.domain.identity import content_revision
from shiraoka_dx_desktop.domain.roadmap import Bar, CellValue, bars, roadmap_cell_id

YEARS = range(2023, 2028)


def test_equal_adjacent_phases_make_one_bar() -> None:
    cells = {year: CellValue.labelled("継続実施") for year in YEARS}
    assert bars(cells, YEARS) == [Bar(2023, 2027, CellValue.labelled("継続実施"))]


def test_a_gap_or_a_new_phase_starts_a_new_bar() -> None:
    cells = {
        2023: CellValue.labelled("実施"),
        2024: CellValue.labelled("毎年度実施"),
        2025: CellValue.labelled("毎年度実施"),
        2027: CellValue.labelled("毎年度実施"),
    }
    assert bars(cells, YEARS) == [
        Bar(2023, 2023, CellValue.labelled("実施")),
        Bar(2024, 2025, CellValue.labelled("毎年度実施")),
        Bar(2027, 2027, CellValue.labelled("毎年度実施")),
    ]


def test_shaded_cells_join_each_other_but_not_labels() -> None:
    cells = {2023: CellValue.shaded(), 2024: CellValue.shaded(), 2025: CellValue.labelled("実施")}
    result = bars(cells, YEARS)
    assert [(bar.first_year, bar.last_year, bar.value.label) for bar in result] == [
        (2023, 2024, ""),
        (2025, 2025, "実施"),
    ]
    assert result[0].span == 2


def test_cells_outside_the_years_shown_are_left_out() -> None:
    assert bars({2030: CellValue.labelled("実施")}, YEARS) == []


def test_cell_identity_is_the_same_on_every_terminal() -> None:
    first = roadmap_cell_id("8d3f0f55-6a0c-4f7e-9a0e-0d6f1d0f2a11", 2023)
    assert first == roadmap_cell_id("8d3f0f55-6a0c-4f7e-9a0e-0d6f1d0f2a11", 2023)
    assert first != roadmap_cell_id("8d3f0f55-6a0c-4f7e-9a0e-0d6f1d0f2a11", 2024)


def test_revision_depends_on_content_only() -> None:
    assert content_revision({"a": 1, "b": "x"}) == content_revision({"b": "x", "a": 1})
    assert content_revision({"a": 1}) != content_revision({"a": 2})
    assert len(content_revision({})) == 32
