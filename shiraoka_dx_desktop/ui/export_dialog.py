"""書出し from the window: the paper choice, the save dialog (remembering the folder) and a message on failure.

The main window's menu calls :func:`export_workbook_interactively` and
:func:`export_roadmap_csv_interactively`; the export itself runs in the
services layer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ..storage.database import Database
from ..storage.errors import KnownError
from .background import write_file_in_background
from .file_dialogs import choose_save_path
from .settings import EXPORT_FOLDER, EXPORT_PAPER

if TYPE_CHECKING:
    from ..services.exchange.schema import Paper

__all__ = ["export_roadmap_csv_interactively", "export_workbook_interactively"]

# What the paper list shows, and the paper it means.
PAPER_CHOICES: dict[str, Paper] = {"A3（横）": "A3", "A4（横）": "A4"}
_FAILED_TITLE = "書き出せませんでした"


def export_workbook_interactively(
    parent: QWidget,
    database: Database,
    user: str,
    settings: QSettings,
    fiscal_year: int | None = None,
    *,
    edition: str | None = None,
) -> Path | None:
    """Ask for the paper and the file, write the Excel workbook (its 進捗 sheet for ``fiscal_year``, by default
    this one; or the workbook of a saved ``edition``, as it was); the path written, or ``None``."""
    paper = _choose_paper(parent, settings)
    if paper is None:
        return None
    path = _choose_path(parent, settings, "Excelブックの書出し", "Excelブック (*.xlsx)", ".xlsx", edition)
    if path is None:
        return None
    from ..services.exchange import export_edition_workbook, export_workbook  # openpyxl only when exporting

    def write(target: Path) -> object:
        if edition is not None:
            return export_edition_workbook(database, target, edition, paper=paper, user=user)
        return export_workbook(database, target, paper=paper, user=user, fiscal_year=fiscal_year)

    try:
        written = write_file_in_background(parent, "Excelブックの書出し", path, write)
    except KnownError as error:
        QMessageBox.critical(parent, _FAILED_TITLE, error.message)
        return None
    return path if written else None


def export_roadmap_csv_interactively(parent: QWidget, database: Database, settings: QSettings) -> Path | None:
    """Ask for the file and write the roadmap as CSV; the path written, or ``None``."""
    path = _choose_path(parent, settings, "工程表のCSV書出し", "CSV（UTF-8） (*.csv)", ".csv")
    if path is None:
        return None
    from ..services.exchange import export_roadmap_csv

    try:
        written = write_file_in_background(
            parent, "工程表のCSV書出し", path, lambda target: export_roadmap_csv(database, target)
        )
    except KnownError as error:
        QMessageBox.critical(parent, _FAILED_TITLE, error.message)
        return None
    return path if written else None


def _choose_paper(parent: QWidget, settings: QSettings) -> Paper | None:
    labels = list(PAPER_CHOICES)
    remembered = EXPORT_PAPER.read(settings)
    current = next((index for index, label in enumerate(labels) if PAPER_CHOICES[label] == remembered), 0)
    label, ok = QInputDialog.getItem(
        parent, "Excelブックの書出し", "印刷に使う用紙を選んでください:", labels, current, False
    )
    if not ok or label not in PAPER_CHOICES:
        return None
    paper = PAPER_CHOICES[label]
    EXPORT_PAPER.write(settings, paper)
    return paper


def _choose_path(
    parent: QWidget, settings: QSettings, title: str, file_filter: str, suffix: str, edition: str | None = None
) -> Path | None:
    name = f"白岡市DX推進全体方針_{edition + '_' if edition else ''}{dt.date.today():%Y%m%d}{suffix}"
    return choose_save_path(
        parent, settings, EXPORT_FOLDER, title=title, name=name, file_filter=file_filter, suffix=suffix
    )
