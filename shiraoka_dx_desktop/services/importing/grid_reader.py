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
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .guard import check_workbook_file

__all__ = ["Grid", "GridReading", "collector_paused", "start_reading"]


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


def start_reading(path: Path) -> GridReading:
    """Check ``path`` before anything parses it (raises ImportRefusedError), then read it on its own thread."""
    check_workbook_file(path)
    return GridReading(path)


@dataclass
class Grid:
    """A sheet's values from A1 (rows, then columns), and its merged ranges.

    Merged ranges are (first row, first column, last row, last column), rows from 1, columns from 0.
    """

    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]]


class GridReading:
    """Reading one workbook's sheets in the background; :meth:`result` waits for them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._grids: dict[str, Grid] = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._read, name="workbook-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            from python_calamine import CalamineWorkbook

            workbook = CalamineWorkbook.from_path(str(self.path))
            try:
                for name in workbook.sheet_names:
                    sheet = workbook.get_sheet_by_name(name)
                    rows = sheet.to_python(skip_empty_area=False)
                    merges = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
                    self._grids[name] = Grid(rows, merges)
            finally:
                workbook.close()
        except BaseException as error:  # handed to whoever waits for the result
            self._error = error

    def result(self) -> dict[str, Grid]:
        """The sheets by name; raises what reading raised (calamine's errors share no useful base)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._grids
