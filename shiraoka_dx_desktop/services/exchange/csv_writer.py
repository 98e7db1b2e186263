"""The roadmap as CSV: UTF-8 with a byte order mark, which Japanese Excel opens without garbling.

One row per initiative: its policy area, its name, one column per fiscal
year (the phase, "■" for shading without a label, empty for nothing) and its
ID.  Adjacent equal years are written out year by year: CSV has no merged
cells.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from ...domain.era import format_fiscal_year_western
from ...storage.database import Database
from ..atomic_file import write_atomically
from ..commands import format_cell
from ..snapshot import load_snapshot
from .schema import ID_HEADING, ROADMAP_NAME_HEADING
from .summary import ExportSummary

__all__ = ["AREA_HEADING", "export_roadmap_csv", "neutralise"]

AREA_HEADING = "取組"
# Excel evaluates a CSV field that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A field Excel shows as the text it is: "=1+1" and "+81-480-…" get a leading apostrophe.

    A lone "-" or "+" is left alone: Excel reads it as text anyway.
    """
    if len(text) > 1 and text.startswith(_FORMULA_STARTS):
        return f"'{text}"
    return text


def export_roadmap_csv(database: Database, path: Path) -> ExportSummary:
    """Write the roadmap to ``path`` atomically; raises :class:`~..atomic_file.FileWriteError` when it cannot."""
    snapshot = load_snapshot(database)
    years = list(snapshot.years)
    areas = {area.id: f"({area.number}) {area.title}" for area in snapshot.areas}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [AREA_HEADING, ROADMAP_NAME_HEADING, *(format_fiscal_year_western(year) for year in years), ID_HEADING]
    )
    cells = 0
    for initiative in snapshot.initiatives:
        values = [format_cell(initiative.cells[year].value) if year in initiative.cells else "" for year in years]
        cells += sum(1 for value in values if value)
        writer.writerow(
            [neutralise(text) for text in (areas.get(initiative.area_id, ""), initiative.name, *values, initiative.id)]
        )
    content = buffer.getvalue().encode("utf-8-sig")

    def write(handle: BinaryIO) -> None:
        handle.write(content)

    write_atomically(path, write)
    return ExportSummary(
        path=path,
        kind="csv",
        initiatives=len(snapshot.initiatives),
        roadmap_cells=cells,
        records=len(snapshot.initiatives),
    )
