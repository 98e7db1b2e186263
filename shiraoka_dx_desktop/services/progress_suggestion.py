"""The grade an initiative's indicators suggest for a year: shown beside the section's own 評価, never in its place.

Each indicator is judged against its pro-rated target (:func:`...domain.progress.judge`); the
initiative's suggestion is the judgement most of its judged indicators share, the more
behind of two equally common ones (a suggestion errs towards a second look).  Without an
indicator there is no suggestion; with indicators none of which can be judged, it is the
scale's "cannot be judged" position.  A position names the grade at that place on the scale,
so a scale renamed by the 事務局 is still suggested sensibly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ..domain.progress import CANNOT_JUDGE
from .progress import GradeView, IndicatorView

__all__ = ["Suggestion", "grade_at", "suggest"]


class Suggestion(NamedTuple):
    position: int  # on the scale: 0 ahead, 1 on target, 2 behind, 3 cannot be judged
    grade: GradeView | None  # the scale's grade at that position (None for an empty scale)
    reason: str  # in Japanese, one line per indicator

    @property
    def text(self) -> str:
        """「B 目標どおり」, as the grade drop-down shows a grade."""
        return f"{self.grade.code} {self.grade.label}" if self.grade else ""


def grade_at(grades: Sequence[GradeView], position: int) -> GradeView | None:
    """The grade at ``position`` of the scale (the last one if the scale is shorter)."""
    return grades[min(position, len(grades) - 1)] if grades else None


def suggest(indicators: Sequence[IndicatorView], fiscal_year: int, grades: Sequence[GradeView]) -> Suggestion | None:
    """What ``indicators`` suggest for ``fiscal_year``; None for an initiative without indicators."""
    if not indicators:
        return None
    judgements = [(indicator, indicator.figures(fiscal_year).judgement) for indicator in indicators]
    counts = Counter(judgement.position for _, judgement in judgements if judgement.judged)
    # The commonest judgement, the more behind of two as common; none judged: cannot be judged.
    position = max(counts, key=lambda each: (counts[each], each)) if counts else CANNOT_JUDGE
    lines = [
        f"{indicator.name}: {_word(grades, judgement.position)}（{judgement.reason}）"
        for indicator, judgement in judgements
    ]
    return Suggestion(position, grade_at(grades, position), "\n".join(lines))


def _word(grades: Sequence[GradeView], position: int) -> str:
    grade = grade_at(grades, position)
    return f"{grade.code} {grade.label}" if grade else ""
