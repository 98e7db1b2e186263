"""Generate a large synthetic database for benchmarks: the default policy plus N initiatives.

    python -m bench.synthetic OUT.sqlite --initiatives 10000 [--seed 1] [--evaluations 2025]
        [--every-year-evaluations] [--indicators 10000]

Initiatives are spread over the seven areas, each with a run of phases
across the plan period (some shaded, some gaps), so that bars, exports and
merges meet realistic shapes.  Progress, if asked, is drawn from random streams
of its own (the initiatives are the same with or without it):

* ``--evaluations YEAR``: most initiatives get that fiscal year's 評価 (A–D, a
  few without a grade) with 実績, 課題 and 次年度の取組 of a sentence or a few,
  and every tenth one or two indicators with yearly actuals up to that year
  (the printed report's benchmark);
* ``--every-year-evaluations``: nine in ten of the generated initiatives get an
  evaluation in every year of the plan, and ``--indicators N`` spreads N
  indicators over them with an actual in most years
  (``bench/synthetic_progress.py``; the 進捗 tab's benchmark).

Everything goes through the storage layer, revisions and history included, in one transaction.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from shiraoka_dx_desktop.domain.identity import new_id
from shiraoka_dx_desktop.domain.progress import evaluation_id, grade_id, indicator_actual_id
from shiraoka_dx_desktop.domain.roadmap import PHASE_VOCABULARY, CellKind, roadmap_cell_id
from shiraoka_dx_desktop.storage.models import (
    Evaluation,
    Indicator,
    IndicatorActual,
    Initiative,
    Policy,
    PolicyArea,
    RoadmapCell,
    Section,
)
from shiraoka_dx_desktop.storage.opening import open_database

__all__ = ["generate"]


_SENTENCES = (
    "関係課と調整し、対象業務の洗い出しを行った。",
    "利用者アンケートを実施し、改善点を整理した。",
    "庁内説明会を2回開催した。",
    "システムの更新に合わせて運用手順を見直した。",
)


def generate(
    path: Path,
    initiatives: int,
    *,
    seed: int = 1,
    evaluations: int | None = None,
    every_year_evaluations: bool = False,
    indicators: int = 0,
) -> None:
    """Create ``path`` with the default data and ``initiatives`` more initiatives (and progress, if asked)."""
    rng = random.Random(seed)
    added: list[str] = []
    database = open_database(path)
    try:
        with database.session("ベンチマーク") as session, session.begin():
            areas = list(session.scalars(select(PolicyArea).order_by(PolicyArea.number)))
            sections = [section.id for section in session.scalars(select(Section).where(Section.kind == "課"))]
            policy = session.scalars(select(Policy)).one()
            years = list(range(policy.plan_first_year, policy.plan_last_year + 1))
            positions = {area.id: 1000 for area in areas}
            for number in range(initiatives):
                area = areas[number % len(areas)]
                initiative = Initiative(
                    id=new_id(),
                    area_id=area.id,
                    position=positions[area.id],
                    name=f"合成取組項目 {number + 1:05d}（{rng.choice(PHASE_VOCABULARY)}の対象業務）",
                    description="ベンチマーク用の合成データです。" * rng.randint(1, 4),
                    lead_section_id=rng.choice(sections) if rng.random() < 0.8 else None,
                )
                positions[area.id] += 1
                session.add(initiative)
                added.append(initiative.id)
                for year, kind, phase in _row(rng, years):
                    session.add(
                        RoadmapCell(
                            id=roadmap_cell_id(initiative.id, year),
                            initiative_id=initiative.id,
                            fiscal_year=year,
                            kind=kind,
                            phase=phase,
                        )
                    )
            if evaluations is not None:
                session.flush()
                _year_progress(session, added, evaluations, years, random.Random(seed + 1))
            if added and (every_year_evaluations or indicators):
                session.flush()
                _every_year_progress(
                    session, added, years, random.Random(seed + 1000), every_year_evaluations, indicators
                )
    finally:
        database.close()


def _year_progress(session: Session, initiatives: list[str], year: int, plan: list[int], rng: random.Random) -> None:
    """``year``'s evaluation for nine in ten of ``initiatives``; one or two indicators on every tenth."""
    for number, initiative in enumerate(initiatives):
        if rng.random() < 0.9:
            session.add(
                Evaluation(
                    id=evaluation_id(initiative, year),
                    initiative_id=initiative,
                    fiscal_year=year,
                    grade_id=grade_id(rng.choice("AABBBBBCCD")) if rng.random() < 0.95 else None,
                    result="".join(rng.choices(_SENTENCES, k=rng.randint(1, 3))),
                    issues="".join(rng.choices(_SENTENCES, k=rng.randint(0, 2))),
                    next_steps="".join(rng.choices(_SENTENCES, k=rng.randint(0, 2))),
                )
            )
        if number % 10 == 0:
            for position in range(rng.randint(1, 2)):
                _indicator(session, initiative, number, position, year, plan, rng)


def _indicator(
    session: Session, initiative: str, number: int, position: int, year: int, plan: list[int], rng: random.Random
) -> None:
    indicator = new_id()
    base = float(rng.randint(0, 500))
    session.add(
        Indicator(
            id=indicator,
            initiative_id=initiative,
            position=position,
            name=f"指標 {number + 1:05d}-{position + 1}（対象手続の件数）",
            unit="件",
            base_value=base,
            base_year=plan[0] - 1,
            target_value=base + rng.randint(100, 2000),
            target_year=plan[-1],
        )
    )
    for actual_year in range(plan[0], year + 1):
        if rng.random() < 0.85:
            session.add(
                IndicatorActual(
                    id=indicator_actual_id(indicator, actual_year),
                    indicator_id=indicator,
                    fiscal_year=actual_year,
                    value=base + rng.randint(0, 1500),
                )
            )


def _every_year_progress(
    session: Session, initiatives: list[str], years: list[int], rng: random.Random, evaluations: bool, indicators: int
) -> None:
    from bench import synthetic_progress

    if evaluations:
        synthetic_progress.add_every_year_evaluations(session, initiatives, years, rng)
    if indicators:
        synthetic_progress.add_indicators(session, initiatives, indicators, years, rng)


def _row(rng: random.Random, years: list[int]) -> list[tuple[int, str, str | None]]:
    cells: list[tuple[int, str, str | None]] = []
    year_index = rng.randint(0, 1)
    while year_index < len(years):
        length = rng.randint(1, len(years))
        if rng.random() < 0.15:
            kind, phase = CellKind.SHADED.value, None
        else:
            kind, phase = CellKind.PHASE.value, rng.choice(PHASE_VOCABULARY)
        for year in years[year_index : year_index + length]:
            cells.append((year, kind, phase))
        year_index += length + (1 if rng.random() < 0.2 else 0)
    return cells


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--evaluations", type=int, metavar="YEAR", help="also enter this fiscal year's progress")
    parser.add_argument(
        "--every-year-evaluations",
        action="store_true",
        help="an evaluation in every year of the plan for nine in ten generated initiatives",
    )
    parser.add_argument("--indicators", type=int, default=0, help="indicators with yearly actuals to spread over them")
    arguments = parser.parse_args(argv)
    if arguments.out.exists():
        print(f"{arguments.out} already exists; choose a new file", file=sys.stderr)
        return 2
    started = time.perf_counter()
    generate(
        arguments.out,
        arguments.initiatives,
        seed=arguments.seed,
        evaluations=arguments.evaluations,
        every_year_evaluations=arguments.every_year_evaluations,
        indicators=arguments.indicators,
    )
    print(f"{arguments.out}: {arguments.initiatives} initiatives in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
