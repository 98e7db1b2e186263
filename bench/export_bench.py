"""The Excel export of a large policy against plain openpyxl in write-only mode, in one run.

    python -m bench.export_bench [--initiatives 10000] [--runs 1] [--db PATH]

The requirement (issue 4): exporting 10,000 initiatives × 5 fiscal years takes
at most twice what plain openpyxl in write-only mode needs to write the same
cells, both measured in one run, and stays under 300 MB peak memory.

Unless ``--db`` names an existing database, one is generated with
:mod:`bench.synthetic` (the default policy plus N initiatives).  Either way the
export reads a copy made with SQLite's backup API in a temporary folder: the
given file is never opened for writing.  Then, for each of ``--runs``:

* export: a fresh interpreter (this script with ``--child``) imports openpyxl
  and the exporter and opens the database, then times
  ``export_workbook(database, path, user=…, now=…)`` end to end: reading the
  database in one transaction, building the six sheets, writing the file
  atomically (flushed to disk);
* baseline: another fresh interpreter loads the cell values of that exported
  workbook (read back with openpyxl in read-only mode, every row of every
  sheet, ``values_only``; handed over as a pickle and loaded before the
  clock), then times ``Workbook(write_only=True)``, one sheet per exported
  sheet with the same title, ``append`` of every row, ``save`` to a file: the
  cost of the file format itself, without styles, merged cells, validation or
  print settings.

Peak memory is each child's own high-water mark (``VmHWM`` from
``/proc/self/status``), not ``ru_maxrss``, which Linux carries over from the
parent into a forked and exec'd child.  Times are medians of ``--runs`` (the
two children alternate, so that a busy spell on the machine falls on both),
peaks the largest; the ratio of CPU times (``time.process_time``) is printed
too, being less disturbed by other work on the machine.  ``export_roadmap_csv``
is timed in this process, for reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RATIO_LIMIT = 2.0
PEAK_LIMIT_MB = 300.0
USER = "事務局"
NOW = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)

__all__ = ["main"]


def _copy_database(source: Path, target: Path) -> Path:
    """Copy with SQLite's backup API (a file copy could miss the WAL); the source is opened read-only."""
    with sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
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


# Children: one measured part each, in a fresh interpreter ------------------------------


def _child_export(db: Path, workbook: Path) -> dict[str, Any]:
    import openpyxl  # noqa: F401  (imported before the clock, as on the baseline side)

    from shiraoka_dx_desktop.services.exchange import export_workbook
    from shiraoka_dx_desktop.services.exchange.records import read_export_data
    from shiraoka_dx_desktop.storage.opening import open_database

    database = open_database(db)
    try:
        rss_before = _status_mb("VmRSS")
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = export_workbook(database, workbook, user=USER, now=NOW)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        peak = _status_mb("VmHWM")
        # Outside the clock and after the peak was read: reading the database alone, for the breakdown.
        started = time.perf_counter()
        data = read_export_data(database)
        reading = time.perf_counter() - started
        initiatives = len(data.snapshot.initiatives)
        years = len(data.snapshot.years)
    finally:
        database.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "reading": reading,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak,
        "initiatives": initiatives,
        "years": years,
        "records": summary.records,
        "roadmap_cells": summary.roadmap_cells,
        "size_mb": workbook.stat().st_size / 1e6,
    }


def _child_baseline(values_file: Path, workbook: Path) -> dict[str, Any]:
    from openpyxl import Workbook

    with values_file.open("rb") as handle:
        values: list[tuple[str, list[tuple[object, ...]]]] = pickle.load(handle)
    rss_before = _status_mb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    book = Workbook(write_only=True)
    for title, rows in values:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(workbook)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_before_mb": rss_before,
        "peak_rss_mb": _status_mb("VmHWM"),
        "size_mb": workbook.stat().st_size / 1e6,
    }


def _run_child(arguments: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.export_bench", "--child", *arguments],
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


def _sheet_values(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every row of every sheet of ``path``, as openpyxl reads them back (read-only, values only)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _median(samples: list[dict[str, Any]], name: str) -> float:
    return float(statistics.median(sample[name] for sample in samples))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--db", type=Path, help="export a copy of this database (never modified); generated there if it does not exist"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)

    if arguments.child:
        kind, source, target = arguments.child
        if kind == "export":
            result = _child_export(Path(source), Path(target))
        else:
            result = _child_baseline(Path(source), Path(target))
        print(json.dumps(result, ensure_ascii=False))
        return 0

    from bench.synthetic import generate
    from shiraoka_dx_desktop.services.exchange import export_roadmap_csv
    from shiraoka_dx_desktop.storage.opening import open_database

    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder_name:
        folder = Path(folder_name)
        source = arguments.db
        if source is None or not source.exists():
            source = source or folder / "synthetic.sqlite"
            started = time.perf_counter()
            generate(source, arguments.initiatives)
            print(f"generated {arguments.initiatives:,d} initiatives in {time.perf_counter() - started:.1f} s")
        db_path = _copy_database(source, folder / "policy.sqlite")
        workbook = folder / "export.xlsx"
        plain = folder / "plain.xlsx"
        values_file = folder / "values.pickle"

        exports: list[dict[str, Any]] = []
        baselines: list[dict[str, Any]] = []
        for run in range(arguments.runs):
            exports.append(_run_child(["export", str(db_path), str(workbook)]))
            if run == 0:
                values = _sheet_values(workbook)
                with values_file.open("wb") as handle:
                    pickle.dump(values, handle, protocol=pickle.HIGHEST_PROTOCOL)
                rows = sum(len(sheet_rows) for _title, sheet_rows in values)
                cells = sum(1 for _title, sheet_rows in values for row in sheet_rows for v in row if v is not None)
                sheets = ", ".join(f"{title} {len(sheet_rows):,d}" for title, sheet_rows in values)
                del values
            baselines.append(_run_child(["baseline", str(values_file), str(plain)]))

        database = open_database(db_path)
        try:
            started = time.perf_counter()
            export_roadmap_csv(database, folder / "roadmap.csv")
            csv = time.perf_counter() - started
        finally:
            database.close()

        first = exports[0]
        exporting = _median(exports, "seconds")
        reading = _median(exports, "reading")
        baseline = _median(baselines, "seconds")
        ratio = exporting / baseline
        pairs = list(zip(exports, baselines, strict=True))
        pair_ratio = statistics.median(e["seconds"] / b["seconds"] for e, b in pairs)
        cpu_ratio = _median(exports, "cpu") / _median(baselines, "cpu")
        export_peak = max(sample["peak_rss_mb"] for sample in exports)
        baseline_peak = max(sample["peak_rss_mb"] for sample in baselines)
        print(
            f"initiatives {first['initiatives']:,d} × {first['years']} fiscal years"
            f" ({first['roadmap_cells']:,d} roadmap cells), exchange records {first['records']:,d}"
        )
        print(f"workbook {first['size_mb']:.1f} MB: {rows:,d} rows, {cells:,d} non-empty cells ({sheets})")
        print(f"export xlsx (export_workbook)             {exporting:7.2f} s")
        print(f"  reading the database alone              {reading:7.2f} s")
        print(f"baseline openpyxl write-only, same values {baseline:7.2f} s   ({baselines[0]['size_mb']:.1f} MB)")
        print(
            f"ratio export / baseline                   {ratio:7.2f}×  (limit {RATIO_LIMIT:.0f}×; medians of {len(pairs)})"
        )
        print(f"  median of the ratios run by run         {pair_ratio:7.2f}×")
        print(f"  ratio of CPU times (process_time)       {cpu_ratio:7.2f}×")
        if len(pairs) > 1:
            each = ", ".join(
                f"{e['seconds']:.2f}/{b['seconds']:.2f}={e['seconds'] / b['seconds']:.2f}×" for e, b in pairs
            )
            print(f"  each run (export / baseline): {each}")
        print(
            f"peak RSS, export child                    {export_peak:7.0f} MB  (limit {PEAK_LIMIT_MB:.0f} MB;"
            f" {first['rss_before_mb']:.0f} MB before the clock)"
        )
        print(
            f"peak RSS, baseline child                  {baseline_peak:7.0f} MB  ("
            f"{baselines[0]['rss_before_mb']:.0f} MB before the clock, the values loaded)"
        )
        print(f"export csv (export_roadmap_csv, reference) {csv:6.2f} s")
        met = ratio <= RATIO_LIMIT and export_peak <= PEAK_LIMIT_MB
        print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
