"""Time the Excel export of a large policy against plain openpyxl, in one run.

    python -m bench.export_bench [--initiatives 10000] [--runs 1] [--db PATH]

Unless ``--db`` names an existing database, one is generated with
:mod:`bench.synthetic` (the default policy plus N initiatives) in a temporary
folder.  Figures, each the median of ``--runs``:

* export: ``export_workbook`` end to end: reading the database in one
  transaction, building the six sheets, writing the file atomically;
* of which reading: ``read_export_data`` alone;
* baseline: openpyxl writing the same cell values (read back from the exported
  workbook), sheet for sheet, without styles, merged cells, validation or
  print settings: the cost of the file format itself;
* csv: ``export_roadmap_csv``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.synthetic import generate
from shiraoka_dx_desktop.services.exchange import export_roadmap_csv, export_workbook
from shiraoka_dx_desktop.services.exchange.records import read_export_data
from shiraoka_dx_desktop.storage.opening import open_database

__all__ = ["main"]


def _median_seconds(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _plain_workbook(values: dict[str, list[tuple[object, ...]]], path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in values.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--db", type=Path, help="an existing database to export instead of a generated one")
    arguments = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder_name:
        folder = Path(folder_name)
        db_path = arguments.db
        if db_path is None:
            db_path = folder / "synthetic.sqlite"
            started = time.perf_counter()
            generate(db_path, arguments.initiatives)
            print(f"generated {arguments.initiatives:,d} initiatives in {time.perf_counter() - started:.1f} s")
        database = open_database(db_path)
        try:
            workbook_path = folder / "export.xlsx"
            csv_path = folder / "roadmap.csv"
            plain_path = folder / "plain.xlsx"
            data = read_export_data(database)
            records = len(data.all_records())
            initiatives = len(data.snapshot.initiatives)

            reading = _median_seconds(lambda: read_export_data(database), arguments.runs)
            exporting = _median_seconds(lambda: export_workbook(database, workbook_path), arguments.runs)
            values = _sheet_values(workbook_path)
            cells = sum(1 for rows in values.values() for row in rows for value in row if value is not None)
            baseline = _median_seconds(lambda: _plain_workbook(values, plain_path), arguments.runs)
            csv = _median_seconds(lambda: export_roadmap_csv(database, csv_path), arguments.runs)
        finally:
            database.close()

        print(f"initiatives {initiatives:,d}, exchange records {records:,d}, non-empty cells {cells:,d}")
        print(f"export xlsx   {exporting:7.2f} s   {workbook_path.stat().st_size / 1e6:6.1f} MB")
        print(f"  of which reading the database {reading:7.2f} s")
        print(f"baseline xlsx {baseline:7.2f} s   {plain_path.stat().st_size / 1e6:6.1f} MB  (same values, no styles)")
        print(f"export / baseline {exporting / baseline:5.2f}")
        print(f"export csv    {csv:7.2f} s   {csv_path.stat().st_size / 1e6:6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
