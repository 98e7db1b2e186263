"""What the 進捗 tab builds on below Qt: numbers and years as typed, the suggested grade, the records read again."""

from __future__ import annotations

import dataclasses
import random

import pytest

from shiraoka_dx_desktop.domain.progress import (
    AHEAD,
    BEHIND,
    CANNOT_JUDGE,
    ON_TARGET,
    evaluation_id,
    grade_id,
    indicator_actual_id,
)
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Edit, EditRefusedError, delete, set_indicator_actual, set_initiative
from shiraoka_dx_desktop.services.progress import (
    GradeView,
    IndicatorView,
    ProgressYear,
    indicators_behind,
    load_progress,
)
from shiraoka_dx_desktop.services.progress_behind import Behind, BehindByYear
from shiraoka_dx_desktop.services.progress_commands import evaluation_edit, format_number, parse_number, parse_year
from shiraoka_dx_desktop.services.progress_reader import load_evaluations, load_indicators, load_year_evaluations
from shiraoka_dx_desktop.services.progress_suggestion import suggest
from shiraoka_dx_desktop.services.progress_tally import ProgressTally
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.record_kinds import EVALUATION

from .progress_seed import APPLICATIONS, CONVENIENCE, KIOSK, ONE_STOP, WAITING, enter_progress, initiative_id

SCALE = [GradeView(f"g{n}", code, code, "") for n, code in enumerate("ABCD")]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1200", 1200.0),
        ("１，２００", 1200.0),
        (" 12.5% ", 12.5),
        ("-3", -3.0),
        ("−3", -3.0),
        ("350件", 350.0),
        ("", None),
    ],
)
def test_numbers_are_read_as_people_type_them(typed: str, value: float | None) -> None:
    assert parse_number(typed, "実績") == value


@pytest.mark.parametrize("typed", ["abc", "1e3", "nan", "inf", "1.2.3", "約100", "100-200"])
def test_what_is_not_a_number_is_refused_naming_the_field_and_the_value(typed: str) -> None:
    with pytest.raises(EditRefusedError, match=f"実績「{typed}」は数値として読めません"):
        parse_number(typed, "実績")


def test_years_are_read_in_the_era_or_western_and_refused_in_words() -> None:
    assert (
        parse_year("R4", "基準年度")
        == parse_year("令和4年度", "基準年度")
        == parse_year("２０２２", "基準年度")
        == 2022
    )
    assert parse_year("", "基準年度") is None
    with pytest.raises(EditRefusedError, match="基準年度「昨年」は年度として読めません"):
        parse_year("昨年", "基準年度")


def test_numbers_are_shown_without_a_trailing_zero_and_grouped_for_reading() -> None:
    assert [format_number(v) for v in (1200.0, 3.5, 1 / 3, None, -2000.0)] == ["1,200", "3.5", "0.3333", "", "-2,000"]
    assert format_number(1200.0, grouped=False) == "1200"


def _indicator(name: str, actual: float | None) -> IndicatorView:
    # From 0 in 令和4年度 to 100 in 令和9年度: 60 due by the end of 令和7年度.
    return IndicatorView(name, "i", 0, name, "件", 0, 2022, 100, 2027, {} if actual is None else {2025: actual})


@pytest.mark.parametrize(
    ("actuals", "position"),
    [
        ([80], AHEAD),
        ([60], ON_TARGET),
        ([30], BEHIND),
        ([80, 30, 30], BEHIND),  # most are behind
        ([80, 30], BEHIND),  # as many ahead as behind: the more behind
        ([80, 60, None], ON_TARGET),  # one cannot be judged: left out
        ([None], CANNOT_JUDGE),
    ],
)
def test_the_suggestion_is_the_commonest_judgement_of_the_indicators(
    actuals: list[float | None], position: int
) -> None:
    indicators = [_indicator(f"指標{n}", actual) for n, actual in enumerate(actuals)]
    suggestion = suggest(indicators, 2025, SCALE)
    assert suggestion is not None and suggestion.position == position
    assert suggestion.grade == SCALE[position] and suggestion.text == f"{SCALE[position].code} {SCALE[position].code}"
    assert len(suggestion.reason.split("\n")) == len(actuals) and "指標0:" in suggestion.reason


def test_no_indicator_no_suggestion_and_a_short_scale_still_suggests() -> None:
    assert suggest([], 2025, SCALE) is None
    three = SCALE[:3]
    suggestion = suggest([_indicator("件数", None)], 2025, three)
    assert suggestion is not None and suggestion.grade == three[-1]


def test_the_records_an_edit_changed_are_read_again_alone(database: Database) -> None:
    enter_progress(database)
    convenience = initiative_id(database, CONVENIENCE)
    found = load_evaluations(database, [evaluation_id(convenience, 2025), evaluation_id(convenience, 2026)])
    this_year = found[evaluation_id(convenience, 2025)]
    assert this_year is not None and (this_year.fiscal_year, this_year.result) == (2025, "交付を開始した")
    assert found[evaluation_id(convenience, 2026)] is None
    assert load_year_evaluations(database, 2025) == load_progress(database, 2025).evaluations
    indicators = load_indicators(database, [APPLICATIONS, WAITING, "gone"])
    assert indicators["gone"] is None
    applications = indicators[APPLICATIONS]
    assert applications is not None and applications.actuals == {2025: 250.0}
    everything = {view.id: view for listed in load_progress(database, 2025).indicators.values() for view in listed}
    assert indicators[APPLICATIONS] == everything[APPLICATIONS] and indicators[WAITING] == everything[WAITING]


def _figures(tally: ProgressTally) -> tuple[object, ...]:
    grades = {area: {code: count for code, count in counts.items() if count} for area, counts in tally.grades.items()}
    behind = [(initiative.id, indicator.id, figures) for initiative, indicator, figures in tally.behind]
    return grades, tally.sections, behind


def test_the_dashboards_tally_kept_up_to_date_equals_a_count_from_scratch(database: Database) -> None:
    enter_progress(database)
    editor = Editor(database, "事務局")
    snapshot, progress = load_snapshot(database), load_progress(database, 2025)
    tally = ProgressTally(snapshot, progress)
    kiosk, one_stop = initiative_id(database, KIOSK), initiative_id(database, ONE_STOP)
    other = snapshot.initiatives[20].id
    welfare = next(section.id for section in snapshot.sections if section.name == "福祉課")
    steps: list[tuple[list[Edit], set[str]]] = [
        ([evaluation_edit(kiosk, 2025, {"grade_id": grade_id("B")})], {kiosk}),
        ([evaluation_edit(other, 2025, {"issues": "新しい課題"})], {other}),  # 未記入 → entered, no grade
        ([set_initiative(other, lead_section_id=welfare)], {other}),
        (
            [evaluation_edit(one_stop, 2025, {"grade_id": None, "result": "", "issues": "", "next_steps": ""})],
            {one_stop},
        ),
        (
            [
                set_indicator_actual(
                    indicator_actual_id(APPLICATIONS, 2025), indicator_id=APPLICATIONS, fiscal_year=2025, value=500
                )
            ],
            {one_stop},
        ),  # no longer behind
        ([delete(EVALUATION, evaluation_id(kiosk, 2025))], {kiosk}),
        (
            [
                set_indicator_actual(
                    indicator_actual_id(WAITING, 2025), indicator_id=WAITING, fiscal_year=2025, value=29
                )
            ],
            {kiosk},
        ),  # now behind
    ]
    for edits, changed in steps:
        editor.apply(edits)
        snapshot, progress = load_snapshot(database), load_progress(database, 2025)
        tally.update(snapshot, progress, changed)
        assert _figures(tally) == _figures(ProgressTally(snapshot, progress)), edits


def test_the_indicators_behind_found_for_every_year_follow_a_changed_actual(database: Database) -> None:
    enter_progress(database)
    snapshot, progress = load_snapshot(database), load_progress(database, 2025)
    found = BehindByYear()

    def ids(entries: dict[str, list[Behind]]) -> list[tuple[str, str]]:
        return sorted((initiative.id, indicator.id) for each in entries.values() for initiative, indicator, _ in each)

    def fresh(year: int) -> list[tuple[str, str]]:
        at = load_progress(database, year)
        return sorted((initiative.id, indicator.id) for initiative, indicator, _ in indicators_behind(snapshot, at))

    for year in snapshot.years:
        assert ids(found.of(snapshot, progress, year)) == fresh(year)
    Editor(database, "事務局").apply(
        [set_indicator_actual(indicator_actual_id(WAITING, 2026), indicator_id=WAITING, fiscal_year=2026, value=29)]
    )
    found.forget({initiative_id(database, KIOSK)})
    progress = load_progress(database, 2025)
    assert (initiative_id(database, KIOSK), WAITING) in fresh(2026)  # the waiting time is behind in 令和8年度 now
    for year in snapshot.years:
        assert ids(found.of(snapshot, progress, year)) == fresh(year), year


def test_the_indicators_behind_are_those_the_judgement_finds_behind_whatever_their_figures(database: Database) -> None:
    """indicators_behind skips the figures of an indicator that cannot be behind: it must skip no other."""
    rng = random.Random(14)
    values = [None, 0.0, 1.0, 50.0, 99.9, 100.0, -5.0, float("inf"), -float("inf")]
    years = [None, 2020, 2022, 2025, 2030]
    snapshot = load_snapshot(database)
    one = snapshot.initiatives[0]
    snapshot = dataclasses.replace(snapshot, initiatives=[one])

    def indicator(number: int) -> IndicatorView:
        actuals = {year: value for year in range(2020, 2031) if (value := rng.choice(values)) is not None}
        base, target = rng.choice(values), rng.choice(values)
        return IndicatorView(
            str(number),
            one.id,
            number,
            f"指標{number}",
            "",
            base,
            rng.choice(years),
            target,
            rng.choice(years),
            actuals,
        )

    indicators = [indicator(number) for number in range(3000)]
    for year in range(2019, 2032):
        found = indicators_behind(snapshot, ProgressYear(year, [], {}, {one.id: indicators}))
        expected = [each for each in indicators if each.figures(year).judgement.position == BEHIND]
        assert [each for _, each, _ in found] == expected
