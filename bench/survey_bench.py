"""The collection round (各課への照会) of a large policy against plain openpyxl in write-only mode, in one run.

    python -m bench.survey_bench [--initiatives 10000] [--indicators 10000] [--sections 30] [--runs 3] [--db PATH]

The requirement (issue 14): ``shiraoka-dx export survey OUTDIR`` writes the
workbooks of 30 lead sections in under 10 s in total, with 10,000 initiatives,
an evaluation in each of the plan's five years and 10,000 indicators.

Unless ``--db`` names an existing database, one is generated with
:mod:`bench.synthetic` (``--every-year-evaluations --indicators N``).  Either
way the script works on a copy made with SQLite's backup API in a temporary
folder: the given file is never opened for writing.  On the copy, one
``Editor.apply`` (the one writer, as a user's edit) gives every initiative a
lead section, in turn over ``--sections`` sections of kind 課; the default
data has 22 of them, so the rest are added in the same apply (``ベンチ第N課``).
Then, for each of ``--runs``, alternating:

* survey: a fresh interpreter (this script with ``--child``) imports openpyxl
  and the exporter and opens the database, then times
  ``export_survey(database, folder, fiscal_year=2025, user=…, now=…)`` end to
  end: reading the database in one transaction, splitting it by lead section,
  writing every section's workbook atomically (flushed to disk), and
  remembering the round in the database;
* baseline: another fresh interpreter loads the cell values of every one of
  those workbooks (read back with openpyxl in read-only mode, every row of
  every sheet, hidden ones included, ``values_only``; handed over as a pickle
  and loaded before the clock), then times, for each file,
  ``Workbook(write_only=True)``, one sheet per sheet with the same title,
  ``append`` of every row, ``save``: the cost of the file format itself for
  the same files, without styles, merged cells, validation or print settings;
* whole workbook, for reference: a third fresh interpreter times one
  ``export_workbook`` of the whole policy for the same year, as
  :mod:`bench.export_bench` does.

Peak memory is each child's own high-water mark (``VmHWM``), as in
:mod:`bench.export_bench`.  Times are medians of ``--runs`` with their range;
the ratio of CPU times (``time.process_time``) is printed too, being less
disturbed by other work on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.export_bench import _copy_database, _sheet_values, _status_mb

TIME_LIMIT = 10.0
FISCAL_YEAR = 2025
USER = "事務局"
NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)

__all__ = ["main"]

# One file's sheets: (title, rows).
Values = list[tuple[str, list[tuple[object, ...]]]]


# Children: one measured part each, in a fresh interpreter ------------------------------


def _child_survey(db: Path, folder: Path) -> dict[str, Any]:
    import openpyxl  # noqa: F401  (imported before the clock, as on the baseline side)

    from shiraoka_dx_desktop.services.exchange.records import read_export_data
    from shiraoka_dx_desktop.services.exchange.survey_data import split_by_section
    from shiraoka_dx_desktop.services.exchange.survey_writer import export_survey
    from shiraoka_dx_desktop.storage.opening import open_database

    database = open_database(db)
    try:
        rss_before = _status_mb("VmRSS")
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = export_survey(database, folder, fiscal_year=FISCAL_YEAR, user=USER, now=NOW)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        peak = _status_mb("VmHWM")
        # Outside the clock and after the peak was read: reading and splitting alone, for the breakdown.
        started = time.perf_counter()
        data = read_export_data(database)
        reading = time.perf_counter() - started
        started = time.perf_counter()
        split_by_section(data, (FISCAL_YEAR - 1, FISCAL_YEAR))
        splitting = time.perf_counter() - started
    finally:
        database.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "reading": reading,
        "splitting": splitting,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak,
        "files": [str(path) for _name, path, _count in summary.files],
        "surveyed": sum(count for _name, _path, count in summary.files),
        "without_lead": summary.without_lead,
        "bytes": sum(path.stat().st_size for _name, path, _count in summary.files),
    }


def _child_baseline(values_file: Path, folder: Path) -> dict[str, Any]:
    from openpyxl import Workbook

    with values_file.open("rb") as handle:
        books: list[tuple[str, Values]] = pickle.load(handle)
    folder.mkdir(parents=True, exist_ok=True)
    rss_before = _status_mb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    for name, sheets in books:
        book = Workbook(write_only=True)
        for title, rows in sheets:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(folder / name)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_before_mb": rss_before,
        "peak_rss_mb": _status_mb("VmHWM"),
        "bytes": sum((folder / name).stat().st_size for name, _sheets in books),
    }


def _child_whole(db: Path, workbook: Path) -> dict[str, Any]:
    import openpyxl  # noqa: F401

    from shiraoka_dx_desktop.services.exchange import export_workbook
    from shiraoka_dx_desktop.storage.opening import open_database

    database = open_database(db)
    try:
        started = time.perf_counter()
        summary = export_workbook(database, workbook, user=USER, now=NOW, fiscal_year=FISCAL_YEAR)
        seconds = time.perf_counter() - started
    finally:
        database.close()
    return {
        "seconds": seconds,
        "peak_rss_mb": _status_mb("VmHWM"),
        "records": summary.records,
        "bytes": workbook.stat().st_size,
    }


def _run_child(arguments: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.survey_bench", "--child", *arguments],
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


def _assign_sections(db: Path, count: int) -> tuple[int, int]:
    """Give every initiative a lead section, in turn over ``count`` 課 (added if too few); in one apply."""
    from shiraoka_dx_desktop.domain.identity import new_id
    from shiraoka_dx_desktop.services.editing import Editor
    from shiraoka_dx_desktop.services.edits import Edit, set_initiative, set_section
    from shiraoka_dx_desktop.services.snapshot import load_snapshot
    from shiraoka_dx_desktop.storage.opening import open_database

    database = open_database(db)
    try:
        snapshot = load_snapshot(database)
        sections = [section.id for section in snapshot.sections if section.kind == "課"][:count]
        parent = next(section.id for section in snapshot.sections if section.kind == "部")
        position = len(snapshot.sections)  # after the existing ones
        edits: list[Edit] = []
        added = 0
        while len(sections) < count:
            added += 1
            section_id = new_id()
            edits.append(
                set_section(section_id, name=f"ベンチ第{added}課", kind="課", parent_id=parent, position=position)
            )
            sections.append(section_id)
            position += 1
        edits += [
            set_initiative(item.id, lead_section_id=sections[number % count])
            for number, item in enumerate(snapshot.initiatives)
        ]
        Editor(database, "ベンチマーク").apply(edits)
        return len(snapshot.initiatives), added
    finally:
        database.close()


def _median(samples: list[dict[str, Any]], name: str) -> float:
    return float(statistics.median(sample[name] for sample in samples))


def _range(samples: list[dict[str, Any]], name: str) -> str:
    values = [sample[name] for sample in samples]
    return f"{min(values):.2f}–{max(values):.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--sections", type=int, default=30, help="lead sections the initiatives are spread over")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--db", type=Path, help="survey a copy of this database (never modified); generated there if it does not exist"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)

    if arguments.child:
        kind, source, target = arguments.child
        children = {"survey": _child_survey, "baseline": _child_baseline, "whole": _child_whole}
        print(json.dumps(children[kind](Path(source), Path(target)), ensure_ascii=False))
        return 0

    from bench.synthetic import generate

    with tempfile.TemporaryDirectory(prefix="survey-bench-") as folder_name:
        folder = Path(folder_name)
        source = arguments.db
        if source is None or not source.exists():
            source = source or folder / "synthetic.sqlite"
            started = time.perf_counter()
            generate(source, arguments.initiatives, every_year_evaluations=True, indicators=arguments.indicators)
            print(f"generated {arguments.initiatives:,d} initiatives in {time.perf_counter() - started:.1f} s")
        db_path = _copy_database(source, folder / "policy.sqlite")
        started = time.perf_counter()
        initiatives, added = _assign_sections(db_path, arguments.sections)
        print(
            f"lead sections given to {initiatives:,d} initiatives over {arguments.sections} 課"
            f" ({added} added) in one apply: {time.perf_counter() - started:.1f} s"
        )
        surveys_folder = folder / "survey"
        plain_folder = folder / "plain"
        values_file = folder / "values.pickle"
        whole_file = folder / "whole.xlsx"

        surveys: list[dict[str, Any]] = []
        baselines: list[dict[str, Any]] = []
        wholes: list[dict[str, Any]] = []
        for run in range(arguments.runs):
            shutil.rmtree(surveys_folder, ignore_errors=True)
            surveys.append(_run_child(["survey", str(db_path), str(surveys_folder)]))
            if run == 0:
                books = [(Path(name).name, _sheet_values(Path(name))) for name in surveys[0]["files"]]
                with values_file.open("wb") as handle:
                    pickle.dump(books, handle, protocol=pickle.HIGHEST_PROTOCOL)
                rows = sum(len(sheet_rows) for _name, sheets in books for _title, sheet_rows in sheets)
                cells = sum(
                    1
                    for _name, sheets in books
                    for _title, sheet_rows in sheets
                    for row in sheet_rows
                    for value in row
                    if value is not None
                )
                titles = ", ".join(title for title, _rows in books[0][1])
                del books
            shutil.rmtree(plain_folder, ignore_errors=True)
            baselines.append(_run_child(["baseline", str(values_file), str(plain_folder)]))
            wholes.append(_run_child(["whole", str(db_path), str(whole_file)]))

        first = surveys[0]
        surveying = _median(surveys, "seconds")
        baseline = _median(baselines, "seconds")
        pairs = list(zip(surveys, baselines, strict=True))
        print(
            f"{len(first['files'])} workbooks for {FISCAL_YEAR}: {first['surveyed']:,d} initiatives"
            f" ({first['without_lead']} without a lead section), {first['bytes'] / 1e6:.1f} MB in all;"
            f" {rows:,d} rows, {cells:,d} non-empty cells; sheets {titles}"
        )
        print(
            f"export survey (export_survey)             {surveying:7.2f} s   range {_range(surveys, 'seconds')}"
            f"  (limit {TIME_LIMIT:.0f} s; medians of {len(pairs)})"
        )
        print(f"  reading the database alone              {_median(surveys, 'reading'):7.2f} s")
        print(f"  splitting by section alone              {_median(surveys, 'splitting'):7.2f} s")
        print(
            f"baseline openpyxl write-only, same values {baseline:7.2f} s   range {_range(baselines, 'seconds')}"
            f"  ({baselines[0]['bytes'] / 1e6:.1f} MB)"
        )
        print(f"ratio survey / baseline                   {surveying / baseline:7.2f}×")
        print(
            "  median of the ratios run by run         "
            f"{statistics.median(s['seconds'] / b['seconds'] for s, b in pairs):7.2f}×"
        )
        print(f"  ratio of CPU times (process_time)       {_median(surveys, 'cpu') / _median(baselines, 'cpu'):7.2f}×")
        if len(pairs) > 1:
            each = ", ".join(f"{s['seconds']:.2f}/{b['seconds']:.2f}" for s, b in pairs)
            print(f"  each run (survey / baseline): {each}")
        print(
            f"peak RSS, survey child                    {max(s['peak_rss_mb'] for s in surveys):7.0f} MB"
            f"  ({first['rss_before_mb']:.0f} MB before the clock)"
        )
        print(
            f"peak RSS, baseline child                  {max(b['peak_rss_mb'] for b in baselines):7.0f} MB"
            f"  ({baselines[0]['rss_before_mb']:.0f} MB before the clock, the values loaded)"
        )
        print(
            f"whole workbook (export_workbook, reference) {_median(wholes, 'seconds'):5.2f} s"
            f"   range {_range(wholes, 'seconds')}  ({wholes[0]['bytes'] / 1e6:.1f} MB,"
            f" {wholes[0]['records']:,d} exchange records, peak {max(w['peak_rss_mb'] for w in wholes):.0f} MB)"
        )
        met = surveying < TIME_LIMIT
        print("target met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
