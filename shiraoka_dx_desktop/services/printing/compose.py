"""Putting a print together: the chosen reports' pages, each with its header and footer.

The result, a :class:`~.display.PrintDocument`, is what both the PDF and the
print preview draw, so the preview shows exactly what will be printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ...domain.era import format_year_month
from ..progress import ProgressYear
from ..reports import REPORTS
from ..reports import report as report_spec
from ..snapshot import PolicySnapshot
from .display import Page, Paper, PrintDocument, Report
from .fonts import load_fonts
from .initiatives import layout_initiatives
from .organisation import layout_organisation
from .progress import layout_progress
from .roadmap import layout_roadmap
from .sheet import Furniture, Sheet, furnish, sheet_for
from .text import Typesetter

__all__ = ["PAPERS", "REPORTS", "REPORT_TITLES", "edition_text", "layout_document"]

PAPERS: tuple[Paper, ...] = ("A3", "A4")
REPORT_TITLES: dict[str, str] = {spec.key: spec.title for spec in REPORTS}

Layout = Callable[[PolicySnapshot, Sheet, Typesetter], list[Page]]
_LAYOUTS: dict[str, Layout] = {
    "roadmap": layout_roadmap,
    "initiatives": layout_initiatives,
    "organisation": layout_organisation,
}


def edition_text(snapshot: PolicySnapshot) -> str:
    """``第3版（令和5年11月改訂）``; empty for a policy without editions."""
    if not snapshot.editions:
        return ""
    edition = snapshot.editions[-1]
    return f"{edition.label}（{format_year_month(edition.issued_year, edition.issued_month)}{edition.action}）"


def _part_pages(
    part: Report, snapshot: PolicySnapshot, progress: ProgressYear | None, sheet: Sheet, typesetter: Typesetter
) -> list[Page]:
    if part == "progress":
        assert progress is not None  # checked by layout_document
        return layout_progress(snapshot, progress, sheet, typesetter)
    return _LAYOUTS[part](snapshot, sheet, typesetter)


def layout_document(
    snapshot: PolicySnapshot,
    *,
    paper: Paper = "A3",
    report: Report = "roadmap",
    exported_on: dt.date,
    user: str = "",
    progress: ProgressYear | None = None,
) -> PrintDocument:
    """Lay out ``report`` on ``paper`` (landscape): every page, header and footer included.

    A yearly report (進捗状況報告) is laid out from ``progress``, the year's evaluations and
    indicators as :func:`~..progress.load_progress` reads them; the other reports ignore it.
    """
    spec = report_spec(report)  # an unknown report is a ValueError before anything is laid out
    if spec.yearly and progress is None:
        raise ValueError(f"the {report} report is laid out from a year's progress (services.progress.load_progress)")
    year = progress.fiscal_year if spec.yearly and progress is not None else None
    sheet = sheet_for(paper)
    typesetter = Typesetter(load_fonts())
    pages = [page for part in spec.parts for page in _part_pages(part, snapshot, progress, sheet, typesetter)]
    furniture = Furniture(snapshot.title, edition_text(snapshot), exported_on, user)
    headings: dict[str, str] = {part: report_spec(part).heading(year) for part in spec.parts}
    for number, page in enumerate(pages, start=1):
        furnish(page, sheet, typesetter, furniture, headings[page.report], number, len(pages))
    title = f"{snapshot.title} {snapshot.edition_label} {spec.heading(year)}".replace("  ", " ")
    return PrintDocument(
        title=title,
        subject=spec.heading(year),
        author=user,
        paper=paper,
        report=report,
        pages=pages,
        exported_on=exported_on,
    )
