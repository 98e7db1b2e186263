"""新旧対照表 between two editions of 10,000 initiatives with 1,000 changes (issue 15: the PDF under 5 s).

    python -m bench.comparison_bench [--initiatives 10000] [--changes 1000] [--runs 3]

The old edition is the synthetic database (bench/synthetic.py) as read by ``load_snapshot``; the new
one is the same database after ``--changes`` edits made through the editor, in one apply: four in ten
descriptions rewritten in part, two in ten initiatives renamed, two in ten roadmap cells changed, one in
ten initiatives deleted and one in ten added.  Measured, each the median of ``--runs``:

* ``compare(old, new)``;
* compare and the PDF as bytes (layout and rendering, A3 and A4);
* compare and the workbook written to a file;
* baseline, in the same run: ``difflib.unified_diff`` of the same records as text lines (one line per
  initiative: id, name, lead section, description, roadmap; one per body, duty, role and term), the
  plain diff a person might run on two text dumps: no order, no headings, no marks, no layout.

Nothing here is asserted; the figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from shiraoka_dx_desktop.domain.identity import new_id
from shiraoka_dx_desktop.domain.roadmap import PHASE_VOCABULARY, CellValue
from shiraoka_dx_desktop.services.commands import cell_edits
from shiraoka_dx_desktop.services.comparison import compare
from shiraoka_dx_desktop.services.comparison.workbook import write_comparison_xlsx
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Edit, delete, set_initiative
from shiraoka_dx_desktop.services.printing.comparison import layout_comparison
from shiraoka_dx_desktop.services.printing.display import Paper
from shiraoka_dx_desktop.services.printing.fonts import load_fonts
from shiraoka_dx_desktop.services.printing.pdf_renderer import render_document
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.storage.record_kinds import INITIATIVE

from .synthetic import generate

TODAY = dt.date(2026, 12, 1)


def _time(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def _revision(snapshot: PolicySnapshot, changes: int, rng: random.Random) -> list[Edit]:
    """``changes`` edits spread over the synthetic initiatives (the default ones left alone)."""
    synthetic = [item for item in snapshot.initiatives if item.name.startswith("合成取組項目")]
    chosen = rng.sample(synthetic, changes)
    edits: list[Edit] = []
    cells: dict[tuple[str, int], CellValue | None] = {}
    years = list(snapshot.years)
    for number, initiative in enumerate(chosen):
        share = number * 10 // changes
        if share < 4:
            text = initiative.description.replace("合成データ", "検証用データ", 1) + "対象業務を追加しました。"
            edits.append(set_initiative(initiative.id, description=text))
        elif share < 6:
            edits.append(set_initiative(initiative.id, name=initiative.name.replace("対象業務", "改訂後の対象業務")))
        elif share < 8:
            year = rng.choice(years)
            current = initiative.cells.get(year)
            phases = [phase for phase in PHASE_VOCABULARY if current is None or phase != current.value.phase]
            cells[(initiative.id, year)] = CellValue.labelled(rng.choice(phases))  # a real change
        elif share < 9:
            edits.append(delete(INITIATIVE, initiative.id))
        else:
            edits.append(
                set_initiative(
                    new_id(),
                    area_id=initiative.area_id,
                    position=initiative.position + 50_000,
                    name=f"追加した取組項目 {number:04d}",
                    description="改訂で追加した取組項目です。" * rng.randint(1, 3),
                )
            )
    return edits + cell_edits(cells)


def _lines(snapshot: PolicySnapshot) -> list[str]:
    """The records as text lines, for the plain diff."""
    lines = []
    for item in snapshot.initiatives:
        cells = ",".join(f"{year}:{value.kind}:{value.label}" for year, value in sorted(item.cell_values().items()))
        description = item.description.replace("\n", " ")
        lines.append(f"{item.id}\t{item.area_id}\t{item.name}\t{item.lead_section}\t{description}\t{cells}\n")
    for body in snapshot.bodies:
        lines.append(f"{body.id}\t{body.name}\t{body.kind}\t{body.status}\t{body.description}\n")
        lines.extend(f"{body.id}\tduty\t{duty}\n" for duty in body.duties)
        lines.extend(f"{body.id}\trole\t{role.title}\t{role.post}\t{role.note}\n" for role in body.roles)
        lines.append(f"{body.id}\tmembers\t{'、'.join(body.members)}\n")
    lines.extend(f"{term.id}\t{term.term}\t{term.reading}\t{term.explanation}\n" for term in snapshot.glossary)
    return lines


def _plain_diff(old: PolicySnapshot, new: PolicySnapshot) -> int:
    return sum(1 for _ in difflib.unified_diff(_lines(old), _lines(new), "第3版", "第4版", n=0))


def _pdf(old: PolicySnapshot, new: PolicySnapshot, paper: Paper) -> tuple[int, int]:
    document = layout_comparison(
        compare(old, new),
        policy_title=new.title,
        old_name="第3版",
        new_name="第4版",
        paper=paper,
        exported_on=TODAY,
    )
    content = render_document(document, load_fonts())
    return len(document.pages), len(content)


def _snapshots(folder: Path, initiatives: int, changes: int) -> tuple[PolicySnapshot, PolicySnapshot]:
    path = folder / "comparison.sqlite"
    started = time.perf_counter()
    generate(path, initiatives)
    database: Database = open_database(path)
    try:
        old = load_snapshot(database)
        edits = _revision(old, changes, random.Random(15))
        Editor(database, "ベンチマーク").apply(edits)
        new = load_snapshot(database)
    finally:
        database.close()
    print(
        f"data: {len(old.initiatives):,d} → {len(new.initiatives):,d} initiatives, {len(edits):,d} edits "
        f"({time.perf_counter() - started:.1f} s to make, not measured)"
    )
    return old, new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        old, new = _snapshots(Path(folder), arguments.initiatives, arguments.changes)
        load_fonts()  # read once, as a print in the window would have
        comparison = compare(old, new)
        pages_a3, size_a3 = _pdf(old, new, "A3")
        print(f"items: {len(comparison):,d} ({comparison.summary()}); A3 {pages_a3:,d} pages, {size_a3 / 1e6:.1f} MB")
        rows = [
            ("plain diff (difflib.unified_diff of the records' lines)", lambda: _plain_diff(old, new)),
            ("compare(old, new)", lambda: compare(old, new)),
            ("compare + PDF A3 (layout and rendering)", lambda: _pdf(old, new, "A3")),
            ("compare + PDF A4", lambda: _pdf(old, new, "A4")),
            (
                "compare + workbook written",
                lambda: write_comparison_xlsx(
                    old, new, Path(folder) / "c.xlsx", old_name="第3版", new_name="第4版", today=TODAY
                ),
            ),
        ]
        for label, action in rows:
            samples = _time(action, arguments.runs)
            print(
                f"{label:58s} median {statistics.median(samples):7.3f} s  (min {min(samples):.3f}, max {max(samples):.3f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
