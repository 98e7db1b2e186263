"""Printing to PDF: the default roadmap, and 1,000 initiatives against LibreOffice printing the workbook.

    python -m bench.pdf_bench [--initiatives 1000] [--runs 5] [--soffice-runs 3]

Figures, each beside its baseline measured in the same run:

* the default 工程表 on A3: layout and PDF in-process (cold: the first print in a
  process, which loads reportlab and reads the bundled font; warm: later prints), and
  a whole fresh process writing the file (interpreter start and every import included);
* the same with ``--initiatives`` synthetic initiatives (bench/synthetic.py);
* baseline: the Excel workbook of the same data (the application's own export, A3
  print settings) converted to PDF by LibreOffice, ``soffice --headless --convert-to
  pdf``, a fresh process each time as a user would run it, after one unmeasured
  conversion that creates LibreOffice's profile.

Nothing here is asserted; the figures go to docs/printing.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.opening import open_database

from .synthetic import generate

TODAY = dt.date(2025, 6, 1)


def _time(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _write_in_child(database: Path, out: Path) -> float:
    code = (
        "import datetime as dt, sys; from pathlib import Path;"
        "from shiraoka_dx_desktop.storage.opening import open_database;"
        "from shiraoka_dx_desktop.services.printing import write_pdf;"
        f"d = open_database(Path({str(database)!r}));"
        f"write_pdf(d, Path({str(out)!r}), today=dt.date(2025, 6, 1)); d.close()"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def _soffice(workbook: Path, outdir: Path, profile: Path) -> float:
    command = [
        _soffice_path() or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(workbook),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _row(label: str, samples: list[float]) -> str:
    return f"| {label} | {statistics.median(samples):.3f} s | {min(samples):.3f} s | {len(samples)} |"


def _measure(database_path: Path, work: Path, runs: int, name: str) -> dict[str, list[float]]:
    from shiraoka_dx_desktop.services.printing import render_pdf

    database = open_database(database_path)
    try:
        snapshot = load_snapshot(database)
        out = work / f"{name}.pdf"
        cold = _time(lambda: out.write_bytes(render_pdf(snapshot, exported_on=TODAY)), 1)
        warm = _time(lambda: out.write_bytes(render_pdf(snapshot, exported_on=TODAY)), runs)
    finally:
        database.close()
    process = [_write_in_child(database_path, work / f"{name}-child.pdf") for _ in range(max(3, runs // 2))]
    print(f"{name}: {_pages(out)} pages A3, {out.stat().st_size / 1024:.0f} KiB")
    return {"cold": cold, "warm": warm, "process": process}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--soffice-runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as folder:
        work = Path(folder)
        default_db = work / "default.sqlite"
        open_database(default_db).close()
        big_db = work / "synthetic.sqlite"
        generate(big_db, arguments.initiatives)

        default = _measure(default_db, work, arguments.runs, "default")
        big = _measure(big_db, work, arguments.runs, f"synthetic-{arguments.initiatives}")

        print()
        print("| measure | median | min | runs |")
        print("| --- | --- | --- | --- |")
        print(_row("default roadmap A3, first print in the process", default["cold"]))
        print(_row("default roadmap A3, later prints", default["warm"]))
        print(_row("default roadmap A3, whole process writing the file", default["process"]))
        print(_row(f"{arguments.initiatives} initiatives A3, first print of this data", big["cold"]))
        print(_row(f"{arguments.initiatives} initiatives A3, later prints", big["warm"]))
        print(_row(f"{arguments.initiatives} initiatives A3, whole process", big["process"]))

        if _soffice_path() is None:
            print("\nLibreOffice (soffice) is not installed: no baseline. apt-get install libreoffice-calc-nogui")
            return 0
        from shiraoka_dx_desktop.services.exchange import export_workbook

        database = open_database(big_db)
        workbook = work / "synthetic.xlsx"
        try:
            export_workbook(database, workbook, paper="A3")
        finally:
            database.close()
        profile = work / "lo-profile"
        outdir = work / "lo"
        _soffice(workbook, outdir, profile)  # creates the profile: not measured
        baseline = [_soffice(workbook, outdir, profile) for _ in range(arguments.soffice_runs)]
        produced = outdir / "synthetic.pdf"
        print(_row(f"baseline: LibreOffice printing the workbook of {arguments.initiatives} initiatives", baseline))
        print(f"\nLibreOffice's PDF: {_pages(produced)} pages (every sheet of the workbook)")
        ratio = statistics.median(baseline) / statistics.median(big["process"])
        ratio_warm = statistics.median(baseline) / statistics.median(big["warm"])
        print(f"ratio LibreOffice / whole process: {ratio:.1f}×; LibreOffice / in-process print: {ratio_warm:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
