"""The progress cycle's arithmetic: the 評価 scale, and how far an indicator is towards its target.

An indicator (指標) runs from a 基準値 in its 基準年度 to a 目標値 in its 目標年度.  For each
fiscal year the target is pro-rated along a straight line between the two (as 多摩市 does
with a multi-year target), and the actual is judged against that year's share of the way:

* 達成率 (achievement): the share of the way from base to target the actual has come,
  ``(actual - base) / (target - base)``; 100 % is the target reached.  A target below the
  base (fewer paper forms) works the same way, since both differences are negative.
* 年度の目標 (pro-rated target): ``base + (target - base) * elapsed``, where ``elapsed`` is the
  share of the years from 基準年度 to 目標年度 that have passed by the end of that fiscal year
  (clamped to 0–100 %).
* The suggested grade compares the two shares: ahead of the pro-rated target by more than
  the tolerance is A (目標より進んでいる), within it B (目標どおり), behind it C (目標より遅れている);
  without an actual, or with base and target equal, D (評価できない).  The suggestion is
  shown beside the section's own 評価, never in its place.

The scale itself (the codes and their wording) is data the 事務局 can edit; the default is
浜松市's A–D, and the suggestion names its codes by their position on the scale (the
first for "ahead" … the fourth for "cannot be judged"), so a scale renamed to 「S/A/B/Z」 is
still suggested sensibly.
"""

from __future__ import annotations

from typing import NamedTuple

from .identity import derived_id

__all__ = [
    "AHEAD",
    "BEHIND",
    "CANNOT_JUDGE",
    "DEFAULT_GRADES",
    "JUDGEMENT_WORDS",
    "ON_TARGET",
    "TOLERANCE",
    "Grade",
    "IndicatorFigures",
    "Judgement",
    "achievement",
    "elapsed_share",
    "evaluation_id",
    "figures_for",
    "grade_id",
    "indicator_actual_id",
    "judge",
    "prorated_target",
]

# How far from the pro-rated target still counts as 目標どおり, as a share of the way from base to target.
TOLERANCE = 0.05


class Grade(NamedTuple):
    code: str
    label: str
    explanation: str


# 浜松市's scale, the default for a new database.
DEFAULT_GRADES: tuple[Grade, ...] = (
    Grade("A", "目標より進んでいる", "年度の目標を上回って進んでいる"),
    Grade("B", "目標どおり", "おおむね年度の目標どおりに進んでいる"),
    Grade("C", "目標より遅れている", "年度の目標を下回っている"),
    Grade("D", "評価できない", "実績がない、または目標が定まっていないため評価できない"),
)


AHEAD, ON_TARGET, BEHIND, CANNOT_JUDGE = range(4)
# A suggestion in a word, by position: what the report prints, never a section's own 評価.
JUDGEMENT_WORDS: tuple[str, ...] = ("進んでいる", "目標どおり", "遅れている", "評価できない")


def grade_id(code: str) -> str:
    """The identifier of a grade of the scale, the same on every terminal."""
    return derived_id("evaluation-grade", code)


def evaluation_id(initiative_id: str, fiscal_year: int) -> str:
    """The identifier of an initiative's evaluation for a fiscal year, the same on every terminal."""
    return derived_id("evaluation", initiative_id, fiscal_year)


def indicator_actual_id(indicator_id: str, fiscal_year: int) -> str:
    """The identifier of an indicator's actual for a fiscal year, the same on every terminal."""
    return derived_id("indicator-actual", indicator_id, fiscal_year)


class Judgement(NamedTuple):
    """Where an indicator stands against its pro-rated target: one of the scale's four positions."""

    position: int  # 0 ahead, 1 on target, 2 behind, 3 cannot be judged
    reason: str  # in Japanese, for the tooltip and the report

    @property
    def judged(self) -> bool:
        return self.position != CANNOT_JUDGE

    @property
    def word(self) -> str:
        """進んでいる, 目標どおり, 遅れている or 評価できない."""
        return JUDGEMENT_WORDS[self.position]


class IndicatorFigures(NamedTuple):
    """An indicator's figures for one fiscal year, as the 進捗 tab and the report show them."""

    prorated_target: float | None
    achievement: float | None  # share of the way from base to target, 1.0 = reached
    judgement: Judgement


def elapsed_share(base_year: int, target_year: int, fiscal_year: int) -> float | None:
    """The share of the years from base to target passed by the end of ``fiscal_year`` (0–1); None if no span."""
    if target_year <= base_year:
        return None
    return min(1.0, max(0.0, (fiscal_year - base_year) / (target_year - base_year)))


def prorated_target(base: float, base_year: int, target: float, target_year: int, fiscal_year: int) -> float | None:
    """The target for ``fiscal_year`` on the straight line from base to target."""
    share = elapsed_share(base_year, target_year, fiscal_year)
    return None if share is None else base + (target - base) * share


def achievement(base: float, target: float, actual: float) -> float | None:
    """The share of the way from base to target that ``actual`` has come; None when base equals target."""
    if target == base:
        return None
    return (actual - base) / (target - base)


def judge(
    base: float | None,
    base_year: int | None,
    target: float | None,
    target_year: int | None,
    fiscal_year: int,
    actual: float | None,
) -> Judgement:
    """Ahead of, on or behind the pro-rated target for ``fiscal_year``, or why it cannot be judged."""
    if base is None or target is None or base_year is None or target_year is None:
        return Judgement(CANNOT_JUDGE, "基準値または目標値が未設定")
    if actual is None:
        return Judgement(CANNOT_JUDGE, "実績が未記入")
    share = elapsed_share(base_year, target_year, fiscal_year)
    reached = achievement(base, target, actual)
    if share is None or reached is None:
        return Judgement(CANNOT_JUDGE, "基準と目標の年度または値が同じ")
    if reached > share + TOLERANCE:
        return Judgement(AHEAD, f"達成率 {reached:.0%}（年度の目標 {share:.0%}）")
    if reached >= share - TOLERANCE:
        return Judgement(ON_TARGET, f"達成率 {reached:.0%}（年度の目標 {share:.0%}）")
    return Judgement(BEHIND, f"達成率 {reached:.0%}（年度の目標 {share:.0%}）")


def figures_for(
    base: float | None,
    base_year: int | None,
    target: float | None,
    target_year: int | None,
    fiscal_year: int,
    actual: float | None,
) -> IndicatorFigures:
    """Everything the window and the report show of an indicator in one fiscal year."""
    pro_rated = None
    reached = None
    if base is not None and target is not None and base_year is not None and target_year is not None:
        pro_rated = prorated_target(base, base_year, target, target_year, fiscal_year)
        if actual is not None:
            reached = achievement(base, target, actual)
    return IndicatorFigures(pro_rated, reached, judge(base, base_year, target, target_year, fiscal_year, actual))
