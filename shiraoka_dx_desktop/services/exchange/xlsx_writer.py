"""The Excel workbook for meetings, which is also the file colleagues edit and send back.

openpyxl is imported when a workbook is written, not when this module is:
the window and the command line start without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ... import __version__
from ...domain.era import format_date
from ...storage.database import Database
from ..atomic_file import write_atomically
from .records import ExportData, read_export_data
from .schema import (
    COVER_SHEET,
    EXCHANGE_SHEET,
    FORMAT_MAGIC,
    FORMAT_VERSION,
    GLOSSARY_SHEET,
    INITIATIVES_SHEET,
    ORGANISATION_SHEET,
    PAPER_SIZES,
    ROADMAP_SHEET,
    Paper,
)
from .summary import ExportSummary

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["APPLICATION_NAME", "export_workbook"]

APPLICATION_NAME = "白岡市DX推進"
_EXCHANGE_NOTE = "このシートは取込（変更の突き合わせ）に使います。変更・削除しないでください。"


def export_workbook(
    database: Database, path: Path, *, paper: Paper = "A3", user: str = "", now: dt.datetime | None = None
) -> ExportSummary:
    """Write the workbook to ``path`` atomically; an existing file is replaced only when all is written.

    Raises :class:`~..atomic_file.FileWriteError` (a Japanese message) when the file cannot be written.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime given as the export time")
    from openpyxl import Workbook

    from .xlsx_styles import discard_sheets, set_default_font

    data = read_export_data(database)
    app = f"{APPLICATION_NAME} {__version__}"
    # Write-only: each row goes to a temporary file as it is appended, so that the cells of a large
    # policy are never all held at once (memory and time); the file is the same as a normal workbook's.
    workbook = Workbook(write_only=True)
    try:
        set_default_font(workbook)
        records = _write_sheets(workbook, data, paper=paper, user=user, app=app, moment=moment)
        _finish(workbook, data.snapshot.title, user=user, app=app, moment=moment)
        write_atomically(path, workbook.save)
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
    )


def _write_sheets(
    workbook: Workbook, data: ExportData, *, paper: Paper, user: str, app: str, moment: dt.datetime
) -> int:
    """The cover, the four sheets colleagues edit, and the hidden exchange sheet; returns the records listed."""
    from .xlsx_cover import edition_text, write_cover_sheet, write_exchange_sheet
    from .xlsx_pages import PageText
    from .xlsx_roadmap import write_roadmap_sheet
    from .xlsx_tables import write_glossary_sheet, write_initiatives_sheet, write_organisation_sheet

    snapshot = data.snapshot
    exported_on = format_date(moment.astimezone().date())
    page = PageText(f"{snapshot.title}　{edition_text(snapshot)}", f"書出し日 {exported_on}")
    stamp = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cover = workbook.create_sheet(COVER_SHEET)
    write_cover_sheet(
        cover, data, paper=paper, page=page, exported_on=exported_on, user=user, app=app, exported_at=stamp
    )
    write_roadmap_sheet(workbook.create_sheet(ROADMAP_SHEET), data, paper=paper, page=page)
    write_initiatives_sheet(workbook.create_sheet(INITIATIVES_SHEET), data, paper=paper, page=page)
    write_organisation_sheet(workbook.create_sheet(ORGANISATION_SHEET), data, paper=paper, page=page)
    write_glossary_sheet(workbook.create_sheet(GLOSSARY_SHEET), data, paper=paper, page=page)
    header = {
        "magic": FORMAT_MAGIC,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": stamp,
        "exported_by": user,
        "database_id": data.database_id,
        "policy_id": snapshot.policy_id,
        "edition": snapshot.edition_label,
        "note": _EXCHANGE_NOTE,
    }
    return write_exchange_sheet(workbook.create_sheet(EXCHANGE_SHEET), data, header)


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
