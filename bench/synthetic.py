"""Generate a large synthetic database for benchmarks: the default policy plus N initiatives.

    python -m bench.synthetic OUT.sqlite --initiatives 10000 [--seed 1]
        [--every-year-evaluations] [--indicators 10000]

Initiatives are spread over the seven areas, each with a run of phases
across the plan period (some shaded, some gaps), so that bars, exports and
merges meet realistic shapes.  With ``--every-year-evaluations`` nine in ten
of the generated initiatives get an evaluation in every year of the plan, and
with ``--indicators N`` N indicators are spread over them with an actual in
most years (``bench/synthetic_progress.py``, a random stream of its own: the
initiatives are the same with or without them).  Everything goes through the
storage layer, revisions and history included, in one transaction.
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
from shiraoka_dx_desktop.domain.roadmap import PHASE_VOCABULARY, CellKind, roadmap_cell_id
from shiraoka_dx_desktop.storage.models import Initiative, Policy, PolicyArea, RoadmapCell, Section
from shiraoka_dx_desktop.storage.opening import open_database

__all__ = ["generate"]


def generate(
    path: Path, initiatives: int, *, seed: int = 1, every_year_evaluations: bool = False, indicators: int = 0
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
            if added and (every_year_evaluations or indicators):
                session.flush()
                _progress(session, added, years, random.Random(seed + 1000), every_year_evaluations, indicators)
    finally:
        database.close()


def _progress(
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
        every_year_evaluations=arguments.every_year_evaluations,
        indicators=arguments.indicators,
    )
    print(f"{arguments.out}: {arguments.initiatives} initiatives in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
