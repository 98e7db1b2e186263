"""The 進捗状況報告 of 10,000 initiatives with their evaluations, against the 取組項目一覧 of the same data.

    python -m bench.progress_bench [--initiatives 10000] [--year 2025] [--runs 5]

One synthetic database (bench/synthetic.py with ``--evaluations``), read once; then, in the
same process and alternating so that both meet the same machine: the 進捗状況報告's layout
and its PDF, and the 取組項目一覧's layout and its PDF, each timed apart.  Reading the year's
progress (``load_progress``) is timed too.  One unmeasured print first loads reportlab and
the font.  Nothing here is asserted; the figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shiraoka_dx_desktop.services.printing import layout_document
from shiraoka_dx_desktop.services.printing.fonts import load_fonts
from shiraoka_dx_desktop.services.printing.pdf_renderer import render_document
from shiraoka_dx_desktop.services.progress import load_progress
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.opening import open_database

from .synthetic import generate

TODAY = dt.date(2025, 11, 20)


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _row(label: str, samples: list[float]) -> str:
    return f"| {label} | {statistics.median(samples):.3f} s | {min(samples):.3f} s | {len(samples)} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="progress-bench-") as folder:
        path = Path(folder) / "synthetic.sqlite"
        seconds, _ = _timed(lambda: generate(path, arguments.initiatives, evaluations=arguments.year))
        print(f"generated {arguments.initiatives} initiatives with {arguments.year}'s evaluations in {seconds:.1f} s")
        database = open_database(path)
        try:
            snapshot = load_snapshot(database)
            reading = [_timed(lambda: load_progress(database, arguments.year))[0] for _ in range(arguments.runs)]
            progress = load_progress(database, arguments.year)
        finally:
            database.close()
        fonts = load_fonts()
        samples: dict[str, list[float]] = {key: [] for key in ("p-layout", "p-pdf", "i-layout", "i-pdf")}
        pages: dict[str, int] = {}

        def one(report: str, key: str) -> None:
            seconds, document = _timed(
                lambda: layout_document(
                    snapshot,
                    report=report,  # type: ignore[arg-type]
                    exported_on=TODAY,
                    progress=progress if report == "progress" else None,
                )
            )
            samples[f"{key}-layout"].append(seconds)
            samples[f"{key}-pdf"].append(_timed(lambda: render_document(document, fonts))[0])
            pages[key] = len(document.pages)

        render_document(layout_document(snapshot, report="initiatives", exported_on=TODAY), fonts)  # warm-up
        for _ in range(arguments.runs):
            one("progress", "p")
            one("initiatives", "i")
        progress_total = [a + b for a, b in zip(samples["p-layout"], samples["p-pdf"], strict=True)]
        initiatives_total = [a + b for a, b in zip(samples["i-layout"], samples["i-pdf"], strict=True)]
        evaluated = len(progress.evaluations)
        indicators = sum(len(items) for items in progress.indicators.values())
        print(f"{len(snapshot.initiatives)} initiatives, {evaluated} evaluations, {indicators} indicators")
        print(f"進捗状況報告 A3: {pages['p']} pages; 取組項目一覧 A3: {pages['i']} pages")
        print()
        print("| measure | median | min | runs |")
        print("| --- | --- | --- | --- |")
        print(_row("load_progress (the year's evaluations and every indicator)", reading))
        print(_row("進捗状況報告: layout", samples["p-layout"]))
        print(_row("進捗状況報告: PDF", samples["p-pdf"]))
        print(_row("進捗状況報告: layout + PDF", progress_total))
        print(_row("baseline 取組項目一覧: layout", samples["i-layout"]))
        print(_row("baseline 取組項目一覧: PDF", samples["i-pdf"]))
        print(_row("baseline 取組項目一覧: layout + PDF", initiatives_total))
        ratio = statistics.median(progress_total) / statistics.median(initiatives_total)
        layout_ratio = statistics.median(samples["p-layout"]) / statistics.median(samples["i-layout"])
        print(f"\nratio 進捗状況報告 / 取組項目一覧: {ratio:.2f}× (layout alone {layout_ratio:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
