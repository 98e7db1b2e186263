"""印刷 → PDF: lay out, render and write the file atomically.

The command line calls :func:`write_pdf`; the print preview lays out once
with :func:`~.compose.layout_document`, shows the pages and saves them with
:func:`save_pdf`, so what is saved is what was previewed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ...storage.database import Database
from ..atomic_file import write_atomically
from ..progress import ProgressYear, fiscal_year_for_report, load_progress
from ..reports import report as report_spec
from ..snapshot import PolicySnapshot, load_snapshot
from .compose import REPORT_TITLES, layout_document
from .display import Paper, PrintDocument, Printed, Report
from .fonts import load_fonts
from .pdf_renderer import render_document

__all__ = ["PdfSummary", "render_pdf", "save_pdf", "write_pdf"]


@dataclass(frozen=True, slots=True)
class PdfSummary:
    path: Path
    report: Printed
    paper: Paper
    pages: int
    bytes_written: int
    subject: str = ""  # the report's title as printed (a yearly report's with its year)
    portrait: bool = False

    def describe(self) -> str:
        """One line in Japanese: what was written where."""
        title = self.subject or REPORT_TITLES[self.report]
        orientation = "縦" if self.portrait else "横"
        return f"PDFを書き出しました: {self.path}（{title}、{self.paper}{orientation}、{self.pages:,d}ページ）"


def render_pdf(
    snapshot: PolicySnapshot,
    *,
    paper: Paper = "A3",
    report: Report = "roadmap",
    exported_on: dt.date,
    user: str = "",
    progress: ProgressYear | None = None,
) -> bytes:
    """The PDF of ``report`` on ``paper`` (landscape), as bytes; a yearly report is laid out from ``progress``."""
    document = layout_document(
        snapshot, paper=paper, report=report, exported_on=exported_on, user=user, progress=progress
    )
    return render_document(document, load_fonts())


def save_pdf(document: PrintDocument, path: Path) -> PdfSummary:
    """Write an already laid-out document to ``path``, atomically.

    Raises :class:`~..atomic_file.FileWriteError` (``PdfWriteError``) (a Japanese message) when the file cannot be
    written; an existing file of that name is then left as it was.
    """
    content = render_document(document, load_fonts())
    write_atomically(
        path, lambda handle: handle.write(content), holder="PDFビューアー（Acrobat Reader やブラウザーなど）"
    )
    portrait = bool(document.pages) and document.pages[0].height > document.pages[0].width
    return PdfSummary(
        path, document.report, document.paper, len(document.pages), len(content), document.subject, portrait
    )


def write_pdf(
    database: Database,
    path: Path,
    *,
    paper: Paper = "A3",
    report: Report = "roadmap",
    user: str = "",
    today: dt.date | None = None,
    fiscal_year: int | str | None = None,
    edition: str | None = None,
) -> PdfSummary:
    """Read the policy from ``database`` and write ``report`` as a PDF to ``path``, atomically.

    With ``edition``, the policy as that edition froze it (:func:`~..editions.edition_snapshot`; an
    unknown one is refused with :class:`~..editions.EditionError`); the yearly report is of the data now.

    A yearly report (進捗状況報告) is of ``fiscal_year`` as the user wrote it (令和7年度, R7, 2025),
    by default this fiscal year within the plan; a year that cannot be read or lies outside the
    plan is refused with :class:`~..progress.FiscalYearError` before anything is written.
    """
    spec = report_spec(report)
    if fiscal_year is not None and not spec.yearly:
        raise ValueError(f"the {report} report is not of a fiscal year")
    today = today or dt.date.today()
    if edition is not None:
        from ..editions import EditionError, edition_snapshot

        if spec.yearly:
            raise EditionError(f"{spec.title}は今のデータの年度の報告です。版（--edition）は指定できません。")
        snapshot = edition_snapshot(database, edition)
    else:
        snapshot = load_snapshot(database)
    progress = None
    if spec.yearly:
        progress = load_progress(database, fiscal_year_for_report(snapshot, fiscal_year, today))
    document = layout_document(snapshot, paper=paper, report=report, exported_on=today, user=user, progress=progress)
    return save_pdf(document, path)
