"""Importing a returned workbook as a whole process, against a process that only reads the file with calamine.

    python -m bench.import_process [--initiatives 5000 10000] [--share 0.1] [--runs 3]

For each size: the synthetic database (:mod:`bench.synthetic`) is terminal A; a
copy B changes ``--share`` of the initiatives through the operation layer
(:func:`bench.import_bench._change_edits`: descriptions, names and roadmap
cells) and exports its workbook.  Then, each in a fresh interpreter from its
start to its exit, timed from this script:

* baseline: ``python -c`` importing python_calamine and reading every sheet of
  that workbook into Python values (``to_python``);
* measured: ``python -m shiraoka_dx_desktop --db A import FILE`` on a fresh copy
  of A: checking the file, reading it, comparing it with the database, the
  backup before import, applying every change in one transaction and writing
  the import log, as the secretariat runs it.

Peak memory is the child's VmHWM, read by wrapping it (``/usr/bin/time -v`` is
not assumed to exist).  The script checks that every changed record arrived.
Figures are medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.import_bench import _copy_database, _make_colleague_file

RATIO_LIMIT = 4.0
RSS_LIMIT_MB = 300.0

_BASELINE = """
import sys
from python_calamine import CalamineWorkbook
workbook = CalamineWorkbook.from_path(sys.argv[1])
cells = sum(len(row) for name in workbook.sheet_names for row in workbook.get_sheet_by_name(name).to_python())
workbook.close()
print(cells)
"""

# Runs a command as a child and prints its peak RSS (VmHWM) in MB on stderr's last line.
_WRAPPER = """
import os, subprocess, sys, resource
status = subprocess.call(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"PEAK {peak:.1f}", file=sys.stderr)
sys.exit(status)
"""


def _timed(command: list[str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr[-2000:]}")
    peak = float(done.stderr.strip().splitlines()[-1].split()[1])
    return elapsed, peak, done.stdout


def _measure(size: int, share: float, runs: int, folder: Path) -> dict[str, float]:
    from bench.synthetic import generate

    a_path = folder / f"a-{size}.sqlite"
    started = time.perf_counter()
    generate(a_path, size)
    print(f"{size:,d} initiatives generated in {time.perf_counter() - started:.1f} s")
    changes = int(size * share)
    work = folder / f"b-{size}"
    work.mkdir()
    workbook, keys, _editing, _exporting = _make_colleague_file(a_path, work, changes)
    baseline: list[tuple[float, float]] = []
    measured: list[tuple[float, float]] = []
    for run in range(runs):
        elapsed, peak, _out = _timed([sys.executable, "-c", _BASELINE, str(workbook)])
        baseline.append((elapsed, peak))
        target = _copy_database(a_path, folder / f"run-{size}-{run}.sqlite")
        elapsed, peak, out = _timed(
            [sys.executable, "-m", "shiraoka_dx_desktop", "--db", str(target), "import", str(workbook), "--json"]
        )
        report = json.loads(out)
        arrived = len(report["changed"]) + len(report["added"])
        if not report["applied"] or report["conflicts"] or arrived != len(keys):
            raise SystemExit(f"import of {size:,d}: {arrived} items, {len(report['conflicts'])} conflicts")
        measured.append((elapsed, peak))
    result = {
        "baseline_s": statistics.median(t for t, _ in baseline),
        "import_s": statistics.median(t for t, _ in measured),
        "baseline_mb": max(p for _, p in baseline),
        "import_mb": max(p for _, p in measured),
    }
    result["ratio"] = result["import_s"] / result["baseline_s"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, nargs="+", default=[5_000, 10_000])
    parser.add_argument("--share", type=float, default=0.1, help="share of initiatives changed there")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="import-process-") as name:
        for size in arguments.initiatives:
            figures = _measure(size, arguments.share, arguments.runs, Path(name))
            ok = figures["ratio"] <= RATIO_LIMIT and figures["import_mb"] <= RSS_LIMIT_MB
            failed |= not ok
            print(
                f"{size:,d} initiatives, {arguments.share:.0%} changed: import {figures['import_s']:.2f} s"
                f" ({figures['import_mb']:.0f} MB) vs calamine read {figures['baseline_s']:.2f} s"
                f" ({figures['baseline_mb']:.0f} MB) = {figures['ratio']:.2f}x"
                f" (limit {RATIO_LIMIT}x, {RSS_LIMIT_MB:.0f} MB) {'ok' if ok else 'OVER'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
