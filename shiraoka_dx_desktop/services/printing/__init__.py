"""印刷: the roadmap, the initiatives list and the organisation chart as PDF pages.

Layout (:mod:`.compose`) turns the policy into pages of drawing primitives
(:mod:`.display`) measured with the bundled font; :mod:`.pdf_renderer` draws
them as PDF, and the print preview in the window draws the same pages with
QPainter.  reportlab is imported only when something is printed.
"""

from ..atomic_file import FileWriteError as PdfWriteError
from ..reports import REPORTS, ReportSpec
from .compose import PAPERS, REPORT_TITLES, layout_document
from .display import Paper, PrintDocument, Report
from .fonts import PrintFontError, font_dir
from .writer import PdfSummary, render_pdf, save_pdf, write_pdf

__all__ = [
    "PAPERS",
    "REPORTS",
    "REPORT_TITLES",
    "Paper",
    "PdfSummary",
    "PdfWriteError",
    "PrintDocument",
    "PrintFontError",
    "Report",
    "ReportSpec",
    "font_dir",
    "layout_document",
    "render_pdf",
    "save_pdf",
    "write_pdf",
]
