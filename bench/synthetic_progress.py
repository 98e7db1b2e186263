"""Synthetic progress for benchmarks: evaluations for every year of the plan and many indicators with actuals.

Used by ``bench/synthetic.py`` behind its ``--every-year-evaluations`` and ``--indicators N`` options (the
generator's other output is unchanged with or without them).  Drawn from a random stream of its own, so the
initiatives are the same whether progress is added or not.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from shiraoka_dx_desktop.domain.identity import new_id
from shiraoka_dx_desktop.domain.progress import evaluation_id, grade_id, indicator_actual_id
from shiraoka_dx_desktop.storage.models import Evaluation, Indicator, IndicatorActual

__all__ = ["add_every_year_evaluations", "add_indicators"]

_SENTENCES = (
    "対象業務の洗い出しを行い、関係課と調整した。",
    "利用者アンケートを実施し、改善点を整理した。",
    "庁内説明会を開催し、操作研修を行った。",
    "システムの更新に合わせて運用手順を見直した。",
    "予算の確保が遅れ、導入時期を見直した。",
)
_UNITS = ("件", "手続", "%", "人", "分")


def _text(rng: random.Random, most: int) -> str:
    return "".join(rng.choices(_SENTENCES, k=rng.randint(0, most)))


def add_every_year_evaluations(
    session: Session, initiatives: list[str], years: list[int], rng: random.Random, share: float = 0.9
) -> int:
    """An evaluation in every year of the plan for ``share`` of the initiatives (the rest 未記入); how many."""
    added = 0
    for year in years:
        for initiative in initiatives:
            if rng.random() >= share:
                continue
            session.add(
                Evaluation(
                    id=evaluation_id(initiative, year),
                    initiative_id=initiative,
                    fiscal_year=year,
                    grade_id=grade_id(rng.choice("AABBBBBCCD")) if rng.random() < 0.95 else None,
                    result=_text(rng, 3) or _SENTENCES[0],
                    issues=_text(rng, 2),
                    next_steps=_text(rng, 2),
                )
            )
            added += 1
    return added


def add_indicators(session: Session, initiatives: list[str], count: int, years: list[int], rng: random.Random) -> int:
    """``count`` indicators spread over the initiatives, each with an actual in most years; how many actuals."""
    positions: dict[str, int] = {}
    actuals = 0
    for number in range(count):
        initiative = initiatives[rng.randrange(len(initiatives))]
        position = positions[initiative] = positions.get(initiative, -1) + 1
        indicator = new_id()
        base = float(rng.randint(0, 500))
        session.add(
            Indicator(
                id=indicator,
                initiative_id=initiative,
                position=position,
                name=f"指標 {number + 1:05d}（対象手続の件数）",
                unit=rng.choice(_UNITS),
                base_value=base,
                base_year=years[0] - 1,
                target_value=base + rng.randint(100, 2000),
                target_year=years[-1],
            )
        )
        for year in years:
            if rng.random() < 0.85:
                session.add(
                    IndicatorActual(
                        id=indicator_actual_id(indicator, year),
                        indicator_id=indicator,
                        fiscal_year=year,
                        value=base + rng.randint(0, 1500),
                    )
                )
                actuals += 1
    return actuals
