"""The Excel workbook for meetings, which is also the file colleagues edit and send back.

openpyxl is imported when a workbook is written, not when this module is:
the window and the command line start without it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ... import __version__
from ...domain.era import format_date, format_fiscal_year
from ...storage.database import Database
from ..atomic_file import write_atomically
from ..progress import default_fiscal_year
from .cover_facts import CoverFacts, SurveyCover
from .records import ExportData, read_export_data, snapshot_of
from .schema import (
    COVER_SHEET,
    EXCHANGE_SHEET,
    FORMAT_MAGIC,
    FORMAT_VERSION,
    GLOSSARY_SHEET,
    INDICATORS_SHEET,
    INITIATIVES_SHEET,
    ORGANISATION_SHEET,
    PAPER_SIZES,
    PROGRESS_SHEET,
    ROADMAP_SHEET,
    Paper,
    survey_text,
)
from .summary import ExportSummary

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["APPLICATION_NAME", "export_edition_workbook", "export_workbook", "write_workbook"]

APPLICATION_NAME = "白岡市DX推進"
_EXCHANGE_NOTE = "このシートは取込（変更の突き合わせ）に使います。変更・削除しないでください。"


def export_workbook(
    database: Database,
    path: Path,
    *,
    paper: Paper = "A3",
    user: str = "",
    now: dt.datetime | None = None,
    fiscal_year: int | None = None,
) -> ExportSummary:
    """Write the workbook to ``path`` atomically; an existing file is replaced only when all is written.

    ``fiscal_year`` is the 進捗 sheet's (default: this fiscal year, within the plan period).
    Raises :class:`~..atomic_file.FileWriteError` (a Japanese message) when the file cannot be written.
    """
    data = read_export_data(database)
    return write_workbook(data, path, paper=paper, user=user, now=now, fiscal_year=fiscal_year)


def export_edition_workbook(
    database: Database, path: Path, edition: str, *, paper: Paper = "A3", user: str = "", now: dt.datetime | None = None
) -> ExportSummary:
    """The workbook of the policy as ``edition`` froze it (its records as they were then, their identities
    and revisions: imported back untouched, it changes nothing); EditionError for an unknown edition."""
    from ..editions import edition_records

    records = edition_records(database, edition)
    data = ExportData(snapshot_of(records), records, database.meta().get("database_id", ""))
    return write_workbook(data, path, paper=paper, user=user, now=now)


def write_workbook(
    data: ExportData,
    path: Path,
    *,
    paper: Paper = "A3",
    user: str = "",
    now: dt.datetime | None = None,
    fiscal_year: int | None = None,
    survey: SurveyCover | None = None,
) -> ExportSummary:
    """Write ``data`` as a workbook: the whole one, or a lead section's survey (``survey``)."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime given as the export time")
    from openpyxl import Workbook

    from .xlsx_styles import discard_sheets, set_default_font

    year = fiscal_year if fiscal_year is not None else default_fiscal_year(data.snapshot)
    sheets = _Sheets(data, paper, user, f"{APPLICATION_NAME} {__version__}", moment, year, survey)
    # Write-only: each row goes to a temporary file as it is appended, so that the cells of a large
    # policy are never all held at once (memory and time); the file is the same as a normal workbook's.
    workbook = Workbook(write_only=True)
    try:
        set_default_font(workbook)
        records = sheets.write(workbook)
        _finish(workbook, data.snapshot.title, user=user, app=sheets.app, moment=moment)
        write_atomically(path, lambda handle: _save(workbook, handle))
    except BaseException:
        discard_sheets(workbook)  # its temporary files, and the streams writing them
        raise
    snapshot = data.snapshot
    return ExportSummary(
        path=path,
        kind="xlsx",
        initiatives=len(snapshot.initiatives),
        roadmap_cells=sum(len(item.cells) for item in snapshot.initiatives),
        records=records,
        paper=paper,
        fiscal_year=year,
    )


@dataclass(frozen=True)
class _Sheets:
    """What every sheet of one workbook is written from."""

    data: ExportData
    paper: Paper
    user: str
    app: str
    moment: dt.datetime
    fiscal_year: int
    survey: SurveyCover | None

    def write(self, workbook: Workbook) -> int:
        """The cover, the sheets colleagues edit, and the hidden exchange sheet; returns the records listed."""
        from .xlsx_cover import edition_text, write_cover_sheet, write_exchange_sheet
        from .xlsx_pages import PageText
        from .xlsx_progress import write_indicators_sheet, write_progress_sheet
        from .xlsx_roadmap import write_roadmap_sheet
        from .xlsx_tables import write_glossary_sheet, write_initiatives_sheet, write_organisation_sheet

        data, paper, survey = self.data, self.paper, self.survey
        snapshot = data.snapshot
        exported_on = format_date(self.moment.astimezone().date())
        title = f"{snapshot.title}　{edition_text(snapshot)}"
        if survey is not None:
            title = f"{survey.section_name}　{format_fiscal_year(self.fiscal_year)}の進捗の照会"
        page = PageText(title, f"書出し日 {exported_on}")
        stamp = self.moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_cover_sheet(
            workbook.create_sheet(COVER_SHEET),
            data,
            CoverFacts(paper, page, exported_on, self.user, self.app, stamp, self.fiscal_year, survey),
        )
        write_roadmap_sheet(workbook.create_sheet(ROADMAP_SHEET), data, paper=paper, page=page)
        write_initiatives_sheet(workbook.create_sheet(INITIATIVES_SHEET), data, paper=paper, page=page)
        years = [self.fiscal_year]
        if survey is not None and self.fiscal_year - 1 in snapshot.years:
            years.insert(0, self.fiscal_year - 1)  # last year's entries, for reference
        progress = workbook.create_sheet(PROGRESS_SHEET)
        write_progress_sheet(progress, data, years, fiscal_year=self.fiscal_year, paper=paper, page=page)
        write_indicators_sheet(workbook.create_sheet(INDICATORS_SHEET), data, paper=paper, page=page)
        if survey is None:
            write_organisation_sheet(workbook.create_sheet(ORGANISATION_SHEET), data, paper=paper, page=page)
            write_glossary_sheet(workbook.create_sheet(GLOSSARY_SHEET), data, paper=paper, page=page)
        header = {
            "magic": FORMAT_MAGIC,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "exported_at": stamp,
            "exported_by": self.user,
            "database_id": data.database_id,
            "policy_id": snapshot.policy_id,
            "edition": snapshot.edition_label,
            "fiscal_year": self.fiscal_year,
            "survey": survey_text(survey.survey) if survey is not None else "",
            "note": _EXCHANGE_NOTE,
        }
        return write_exchange_sheet(workbook.create_sheet(EXCHANGE_SHEET), data, header)


def _save(workbook: Workbook, handle: BinaryIO) -> None:
    """Zip the workbook as openpyxl's ``save`` does, compressing faster (level 1, not 6): a few percent larger,
    a large workbook's compression in half the time.  The properties keep the export's time."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    with ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        ExcelWriter(workbook, archive).save()


def _finish(workbook: Workbook, title: str, *, user: str, app: str, moment: dt.datetime) -> None:
    """Open on the cover, protect the sheets' structure, and say who wrote the file and when."""
    from openpyxl.workbook.protection import WorkbookProtection

    workbook.active = 0
    # Sheets can be neither deleted, renamed nor unhidden by a slip: the importer finds them by name.
    # No password, so whoever really needs to can lift it (校閲 → ブックの保護); cells stay editable.
    workbook.security = WorkbookProtection(lockStructure=True)
    properties = workbook.properties
    properties.title = title
    properties.creator = app
    properties.lastModifiedBy = user or None
    properties.created = properties.modified = moment.astimezone(dt.UTC).replace(tzinfo=None)
