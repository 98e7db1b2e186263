"""How far an indicator is towards its target, and the grade that suggests."""

from __future__ import annotations

import pytest

from shiraoka_dx_desktop.domain.progress import (
    AHEAD,
    BEHIND,
    CANNOT_JUDGE,
    DEFAULT_GRADES,
    ON_TARGET,
    achievement,
    elapsed_share,
    figures_for,
    judge,
    prorated_target,
)


def test_the_default_scale_is_hamamatsus_a_to_d() -> None:
    assert [(grade.code, grade.label) for grade in DEFAULT_GRADES] == [
        ("A", "目標より進んでいる"),
        ("B", "目標どおり"),
        ("C", "目標より遅れている"),
        ("D", "評価できない"),
    ]


def test_a_five_year_target_is_pro_rated_along_a_straight_line() -> None:
    # 電子申請の件数: 令和4年度 100 件から令和9年度 600 件へ。
    assert [prorated_target(100, 2022, 600, 2027, year) for year in range(2022, 2028)] == [100, 200, 300, 400, 500, 600]
    assert prorated_target(100, 2022, 600, 2027, 2030) == 600  # past the target year: the target itself
    assert prorated_target(100, 2022, 600, 2027, 2020) == 100
    assert elapsed_share(2022, 2022, 2024) is None


def test_achievement_is_the_share_of_the_way_also_for_a_target_below_the_base() -> None:
    assert achievement(100, 600, 350) == pytest.approx(0.5)
    assert achievement(100, 600, 700) == pytest.approx(1.2)
    # 紙の申請書を 1,000 枚から 200 枚へ: 600 枚なら半分まで。
    assert achievement(1000, 200, 600) == pytest.approx(0.5)
    assert achievement(5, 5, 7) is None


@pytest.mark.parametrize(
    ("actual", "position"),
    [(450, AHEAD), (400, ON_TARGET), (380, ON_TARGET), (300, BEHIND)],
)
def test_the_suggestion_compares_the_actual_with_the_years_share(actual: float, position: int) -> None:
    # 令和7年度 is 3 of 5 years: the pro-rated target is 400 (60 % of the way), 5 % either side is 目標どおり.
    assert judge(100, 2022, 600, 2027, 2025, actual).position == position


def test_what_cannot_be_judged_says_why() -> None:
    assert judge(100, 2022, 600, 2027, 2025, None).reason == "実績が未記入"
    assert judge(None, None, 600, 2027, 2025, 300).position == CANNOT_JUDGE
    assert judge(5, 2022, 5, 2027, 2025, 7).reason == "基準と目標の年度または値が同じ"
    figures = figures_for(100, 2022, 600, 2027, 2025, 350)
    assert figures.prorated_target == 400 and figures.achievement == pytest.approx(0.5)
    assert figures.judgement.position == BEHIND and "達成率 50%" in figures.judgement.reason
