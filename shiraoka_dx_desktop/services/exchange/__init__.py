"""Exporting the policy: the Excel workbook for meetings and exchange, and the roadmap as CSV.

Nothing here imports openpyxl until a workbook is written, so the window and
the command line start without it.  :mod:`.schema` describes the workbook for
the importer.
"""

from ..atomic_file import FileWriteError
from .csv_writer import export_roadmap_csv
from .summary import ExportSummary
from .xlsx_writer import export_edition_workbook, export_workbook

__all__ = ["ExportSummary", "FileWriteError", "export_edition_workbook", "export_roadmap_csv", "export_workbook"]
