"""Importing a colleague's workbook at scale: preview and apply, against plain openpyxl, in one run.

    python -m bench.import_bench [--initiatives 10000] [--changes 1000] [--runs 1] [--db PATH]

The scenario (issue 5):

1. terminal A: the synthetic database (:mod:`bench.synthetic`, or ``--db`` if it
   exists; it is never modified, copies are);
2. terminal B: a copy of A made with SQLite's backup API, on which ``--changes``
   records are changed through the operation layer (``Editor.apply``, one
   transaction): 60 % initiative descriptions, 30 % roadmap cells set to the
   phase 実施, 10 % initiative names; then B's workbook is exported (the
   colleague's file);
3. baseline: openpyxl ``load_workbook(read_only=True)`` reading every row of
   every sheet of that file (``iter_rows(values_only=True)``), then closing it;
4. measured: ``prepare_import`` on a fresh copy of A (the preview) and
   ``apply_import`` with no decisions (there are no conflicts: A did not change).

Each timed part runs in a fresh interpreter (this script with ``--child``), so
that its peak RSS is its own (VmHWM from ``/proc/self/status``: ``ru_maxrss``
is printed too, but Linux carries it over ``execve`` from this parent); modules (openpyxl, SQLAlchemy,
the models) are imported and the database opened before the clock starts, on
both sides, as in the application once its window is shown.  A further child
of each kind repeats the work under ``tracemalloc`` for the peak of Python
allocations (not timed: tracing slows everything down).

The script checks that the plan holds exactly the changed records, all of them
``changed`` and none in conflict, and that after applying, every record of A
equals B's (values and revision).  Figures are medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RATIO_LIMIT = 3.0
RSS_LIMIT_MB = 400.0
USER_THERE = "市民課"
USER_HERE = "事務局"

__all__ = ["main"]


def _copy_database(source: Path, target: Path) -> Path:
    """Copy with SQLite's backup API (a file copy could miss the WAL)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def _status_mb(field: str) -> float:
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM).

    Not ``ru_maxrss``: Linux carries that over ``execve`` from the forked parent,
    so a child started by a parent that has grown (generating, exporting) reports
    the parent's size.  VmHWM belongs to the new program's memory alone.
    """
    return _status_mb("VmHWM")


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _current_rss_mb() -> float:
    return _status_mb("VmRSS")


# The colleague's changes ------------------------------------------------------------


def _change_edits(path: Path, changes: int) -> tuple[list[Any], set[tuple[str, str]]]:
    """Edits changing exactly ``changes`` records of ``path``, and their keys."""
    from shiraoka_dx_desktop.services.edits import Upsert

    descriptions = changes * 6 // 10
    cells = changes * 3 // 10
    names = changes - descriptions - cells
    connection = sqlite3.connect(path)
    try:
        initiatives = connection.execute("SELECT id, name, description FROM initiative ORDER BY area_id, position")
        rows = initiatives.fetchall()
        if len(rows) < descriptions + names:
            raise SystemExit(f"need at least {descriptions + names} initiatives, the database has {len(rows)}")
        # Spread over the whole file: every k-th initiative.
        step = max(1, len(rows) // (descriptions + names))
        chosen = rows[::step][: descriptions + names]
        touched = {row[0] for row in chosen}
        cell_rows = connection.execute(
            "SELECT id, initiative_id FROM roadmap_cell"
            " WHERE kind = 'phase' AND phase != '実施' ORDER BY initiative_id, fiscal_year"
        ).fetchall()
    finally:
        connection.close()
    free_cells = [cell_id for cell_id, initiative_id in cell_rows if initiative_id not in touched]
    if len(free_cells) < cells:
        raise SystemExit(f"need {cells} roadmap cells to change, found {len(free_cells)}")
    cell_step = max(1, len(free_cells) // cells)
    edits: list[Any] = []
    keys: set[tuple[str, str]] = set()
    for record_id, _name, description in chosen[:descriptions]:
        edits.append(Upsert("initiative", record_id, {"description": description + "（市民課で追記）"}))
        keys.add(("initiative", record_id))
    for record_id, name, _description in chosen[descriptions:]:
        edits.append(Upsert("initiative", record_id, {"name": name + "（改称）"}))
        keys.add(("initiative", record_id))
    for cell_id in free_cells[::cell_step][:cells]:
        edits.append(Upsert("roadmap_cell", cell_id, {"kind": "phase", "phase": "実施"}))
        keys.add(("roadmap_cell", cell_id))
    assert len(edits) == len(keys) == changes, (len(edits), len(keys), changes)
    return edits, keys


def _make_colleague_file(a_path: Path, folder: Path, changes: int) -> tuple[Path, set[tuple[str, str]], float, float]:
    from shiraoka_dx_desktop.services.editing import Editor
    from shiraoka_dx_desktop.services.exchange import export_workbook
    from shiraoka_dx_desktop.storage.opening import open_database

    b_path = _copy_database(a_path, folder / "terminal-b.sqlite")
    edits, keys = _change_edits(b_path, changes)
    database = open_database(b_path)
    try:
        started = time.perf_counter()
        outcome = Editor(database, USER_THERE).apply(edits)
        editing = time.perf_counter() - started
        changed = {(change.entity, change.id) for change in outcome.changes}
        assert changed == keys, f"B: {len(changed)} records changed, expected {len(keys)}"
        workbook = folder / "colleague.xlsx"
        started = time.perf_counter()
        export_workbook(database, workbook, user=USER_THERE)
        exporting = time.perf_counter() - started
    finally:
        database.close()
    return workbook, keys, editing, exporting


# Children: one measured part each, in a fresh interpreter ------------------------------


def _child_baseline(workbook: Path, trace: bool) -> dict[str, Any]:
    import tracemalloc

    from openpyxl import load_workbook

    rss_before = _current_rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    book = load_workbook(workbook, read_only=True)
    rows = cells = 0
    sheets: dict[str, int] = {}
    try:
        for sheet in book.worksheets:
            count = 0
            for row in sheet.iter_rows(values_only=True):
                count += 1
                cells += len(row)
            sheets[sheet.title] = count
            rows += count
    finally:
        book.close()
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "seconds": seconds,
        "rows": rows,
        "cells": cells,
        "sheets": sheets,
        "rss_before_mb": rss_before,
        "peak_rss_mb": _peak_rss_mb(),
        "ru_maxrss_mb": _maxrss_mb(),
    }
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def _child_import(db: Path, b_db: Path, workbook: Path, keys_file: Path, trace: bool) -> dict[str, Any]:
    import tracemalloc

    import openpyxl  # noqa: F401  (imported before the clock, as on the baseline side)

    from shiraoka_dx_desktop.services.editing import prepare
    from shiraoka_dx_desktop.services.importing.merge import ItemKind
    from shiraoka_dx_desktop.services.importing.service import Decisions, apply_import, prepare_import
    from shiraoka_dx_desktop.services.importing.state import load_local_state
    from shiraoka_dx_desktop.storage.opening import open_database

    keys = {tuple(key) for key in json.loads(keys_file.read_text(encoding="utf-8"))}
    database = open_database(db)
    try:
        prepare()  # the ORM's one-time set-up, done in the background once the window is shown
        rss_before = _current_rss_mb()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        prepared = prepare_import(database, workbook)
        previewed = time.perf_counter()
        applied_edits = apply_import(database, prepared, USER_HERE, Decisions({}, None)).edits
        finished = time.perf_counter()
        peak_rss, maxrss = _peak_rss_mb(), _maxrss_mb()
        traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        if trace:
            tracemalloc.stop()

        # Checks, outside the clock.
        plan = prepared.plan
        kinds: dict[str, int] = {}
        for item in plan.items:
            kinds[item.kind.value] = kinds.get(item.kind.value, 0) + 1
        planned = {item.key for item in plan.items}
        assert not plan.conflicts, f"{len(plan.conflicts)} conflicts, expected none"
        assert all(item.kind is ItemKind.CHANGED for item in plan.items), kinds
        assert planned == keys, f"plan has {len(planned)} items, {len(planned & keys)} of the {len(keys)} changed"
        assert applied_edits == len(keys), f"{applied_edits} edits applied, expected {len(keys)}"
        here = load_local_state(database)
    finally:
        database.close()
    there_database = open_database(b_db)
    try:
        there = load_local_state(there_database)
    finally:
        there_database.close()
    differing = [key for key in keys if here.records.get(key) != there.records.get(key)]
    assert not differing, f"{len(differing)} changed records differ from B after applying, e.g. {differing[:3]}"
    stale = [key for key in keys if here.revisions.get(key) != there.revisions.get(key)]
    assert not stale, f"{len(stale)} changed records have another revision than on B, e.g. {stale[:3]}"
    others = [key for key in there.records if here.records.get(key) != there.records[key]]
    assert not others, f"{len(others)} records differ from B after applying, e.g. {others[:3]}"
    result: dict[str, Any] = {
        "preview": previewed - started,
        "apply": finished - previewed,
        "total": finished - started,
        "items": len(plan.items),
        "kinds": kinds,
        "exchange_records": len(plan.incoming.exported),
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss,
        "ru_maxrss_mb": maxrss,
    }
    if traced_peak is not None:
        result["traced_peak_mb"] = traced_peak
    return result


def _run_child(arguments: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.import_bench", "--child", *arguments],
        check=False,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"child {arguments[0]} failed (exit {completed.returncode})")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# Parent ----------------------------------------------------------------------------------


def _median(samples: list[dict[str, Any]], name: str) -> float:
    return float(statistics.median(sample[name] for sample in samples))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--db", type=Path, help="start from this database (never modified); generated there if it does not exist"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)

    if arguments.child:
        kind, *paths = arguments.child
        if kind == "baseline":
            result = _child_baseline(Path(paths[0]), arguments.trace)
        else:
            db, b_db, workbook, keys_file = (Path(path) for path in paths)
            result = _child_import(db, b_db, workbook, keys_file, arguments.trace)
        print(json.dumps(result, ensure_ascii=False))
        return 0

    from bench.synthetic import generate

    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder_name:
        folder = Path(folder_name)
        a_path = arguments.db
        if a_path is None or not a_path.exists():
            a_path = a_path or folder / "terminal-a.sqlite"
            started = time.perf_counter()
            generate(a_path, arguments.initiatives)
            print(f"generated {arguments.initiatives:,d} initiatives in {time.perf_counter() - started:.1f} s")
        workbook, keys, editing, exporting = _make_colleague_file(a_path, folder, arguments.changes)
        print(f"B: {len(keys):,d} records changed in {editing:.1f} s, workbook exported in {exporting:.1f} s")
        keys_file = folder / "keys.json"
        keys_file.write_text(json.dumps(sorted(keys)), encoding="utf-8")
        b_path = folder / "terminal-b.sqlite"

        def fresh_a(label: str) -> Path:
            run_folder = folder / label
            run_folder.mkdir()
            return _copy_database(a_path, run_folder / "terminal-a.sqlite")

        baselines: list[dict[str, Any]] = []
        imports: list[dict[str, Any]] = []
        for run in range(arguments.runs):
            baselines.append(_run_child(["baseline", str(workbook)]))
            imports.append(
                _run_child(["import", str(fresh_a(f"run-{run}")), str(b_path), str(workbook), str(keys_file)])
            )
        traced_baseline = _run_child(["baseline", str(workbook), "--trace"])
        traced_import = _run_child(
            ["import", str(fresh_a("traced")), str(b_path), str(workbook), str(keys_file), "--trace"]
        )

        baseline = _median(baselines, "seconds")
        preview = _median(imports, "preview")
        apply = _median(imports, "apply")
        total = _median(imports, "total")
        ratio = total / baseline
        import_rss = max(sample["peak_rss_mb"] for sample in imports)
        baseline_rss = max(sample["peak_rss_mb"] for sample in baselines)
        first = baselines[0]
        print(
            f"file {workbook.stat().st_size / 1e6:.1f} MB: {first['rows']:,d} rows, {first['cells']:,d} cells"
            f" ({', '.join(f'{name} {rows:,d}' for name, rows in first['sheets'].items())});"
            f" {imports[0]['exchange_records']:,d} exchange records"
        )
        print(f"plan: {imports[0]['items']:,d} items {imports[0]['kinds']}; A equals B after applying")
        print(f"baseline openpyxl read-only, every row  {baseline:7.2f} s")
        print(f"preview (prepare_import)                {preview:7.2f} s")
        print(f"apply (apply_import)                    {apply:7.2f} s")
        print(f"preview + apply                         {total:7.2f} s")
        print(f"ratio to the baseline                   {ratio:7.2f}×  (limit {RATIO_LIMIT:.0f}×)")
        if arguments.runs > 1:
            pairs = zip(imports, baselines, strict=True)
            each = ", ".join(f"{i['total']:.2f}/{b['seconds']:.2f}={i['total'] / b['seconds']:.2f}×" for i, b in pairs)
            print(f"  each run (preview+apply / baseline): {each}")
        print(
            f"peak RSS, import child                  {import_rss:7.0f} MB (limit {RSS_LIMIT_MB:.0f} MB;"
            f" {imports[0]['rss_before_mb']:.0f} MB before the clock)"
        )
        print(
            f"peak RSS, baseline child                {baseline_rss:7.0f} MB"
            f" ({baselines[0]['rss_before_mb']:.0f} MB before the clock)"
        )
        print(
            f"ru_maxrss (includes this parent's size at fork): import {imports[0]['ru_maxrss_mb']:.0f} MB,"
            f" baseline {baselines[0]['ru_maxrss_mb']:.0f} MB"
        )
        print(
            f"tracemalloc peak: import {traced_import['traced_peak_mb']:.0f} MB,"
            f" baseline {traced_baseline['traced_peak_mb']:.0f} MB;"
            f" peak RSS under tracing: import {traced_import['peak_rss_mb']:.0f} MB"
        )
        met = ratio <= RATIO_LIMIT and import_rss <= RSS_LIMIT_MB
        print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
