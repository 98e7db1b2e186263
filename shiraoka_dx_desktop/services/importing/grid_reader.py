"""Every sheet's cells, read by python-calamine on a thread of its own.

calamine parses in Rust and lets other threads run meanwhile, so the file is
read while the database is (and, on the command line, while the modules that
write are imported).  Only the standard library and python-calamine are
imported here.  The file must have passed :func:`~.guard.check_workbook_file`
first: nothing opens a file that could be a decompression bomb.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .background import InBackground
from .guard import check_workbook_file

__all__ = ["Grid", "GridReading", "collector_paused", "read_grids", "start_reading"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a workbook and the database are read.

    Reading makes a million small objects (cells, records) at once and none in a
    reference cycle: the collector would only walk the growing heap again and
    again (a third of an import's time at 10,000 initiatives).  Reference
    counting still frees everything; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def start_reading(path: Path) -> InBackground[dict[str, Grid]]:
    """Check ``path`` before anything parses it (raises ImportRefusedError), then read it on its own thread."""
    check_workbook_file(path)
    return InBackground("workbook-reader", lambda: read_grids(path))


@dataclass
class Grid:
    """A sheet's values from A1 (rows, then columns), and its merged ranges.

    Merged ranges are (first row, first column, last row, last column), rows from 1, columns from 0.
    """

    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]]


# The workbook's sheets being read on their own thread.
GridReading = InBackground[dict[str, Grid]]


def read_grids(path: Path) -> dict[str, Grid]:
    """Every sheet of the workbook at ``path``, by name (calamine's errors share no useful base)."""
    from python_calamine import CalamineWorkbook

    grids: dict[str, Grid] = {}
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            grids[name] = Grid(rows, merges)
    finally:
        workbook.close()
    return grids
