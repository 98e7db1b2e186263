"""Print settings of the exported workbook: paper, scaling, headers and footers, page breaks.

Imported only when a workbook is written.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from .schema import PAPER_SIZES
from .xlsx_styles import FONT_NAME

__all__ = ["PageText", "PrintedRow", "keep_headings_with_next", "setup_page"]

# Inches, as Excel stores them.
_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.6, "header": 0.3, "footer": 0.3}
# Landscape (width, height) in millimetres.
_PAPER_MM = {"A3": (420.0, 297.0), "A4": (297.0, 210.0)}
_POINTS_PER_MM = 72 / 25.4
# Excel's unit of column width in pixels: the advance of "0" in BIZ UDPゴシック 10 pt at 96 dpi.
_DIGIT_PIXELS = 10
# Page heights are estimated; a heading is moved to the next page a little early rather than left alone.
_SAFETY = 0.97


@dataclass(frozen=True, slots=True)
class PageText:
    """What the page header and footer say."""

    title: str
    exported: str


@dataclass(frozen=True, slots=True)
class PrintedRow:
    row: int
    height: float  # points
    heading: bool  # a heading that must not end a page


def _escape(text: str) -> str:
    # "&" starts a control code in headers and footers; Excel allows 255 characters in all.
    return text.replace("&", "&&")[:80]


def setup_page(worksheet: Any, *, paper: str, page: PageText, print_area: str, title_rows: str | None) -> None:
    """Landscape on the chosen paper, one page wide, headings repeated, title and page n / m on every page."""
    setup = worksheet.page_setup
    setup.paperSize = PAPER_SIZES[paper]
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins = PageMargins(**_MARGINS)
    worksheet.print_area = print_area
    if title_rows:
        worksheet.print_title_rows = title_rows
    font = f"{FONT_NAME},標準"
    parts = (
        (worksheet.oddHeader.left, _escape(page.title)),
        (worksheet.oddHeader.center, "&A"),
        (worksheet.oddHeader.right, _escape(page.exported)),
        (worksheet.oddFooter.center, "&P / &N ページ"),
    )
    for part, text in parts:
        part.text = text
        part.font = font
        part.size = 9


def _page_height(paper: str, printed_width: float) -> float:
    """The height of sheet that fits on one page, in points at 100 %, after fitting ``printed_width`` units."""
    paper_width, paper_height = (side * _POINTS_PER_MM for side in _PAPER_MM[paper])
    usable_width = paper_width - (_MARGINS["left"] + _MARGINS["right"]) * 72
    usable_height = paper_height - (_MARGINS["top"] + _MARGINS["bottom"]) * 72
    sheet_width = printed_width * _DIGIT_PIXELS * 0.75
    scale = min(1.0, math.floor(usable_width / sheet_width * 100) / 100)  # Excel scales by whole percent
    return usable_height / scale


def keep_headings_with_next(
    worksheet: Any, rows: Sequence[PrintedRow], *, paper: str, printed_width: float, title_height: float
) -> None:
    """Break pages before a heading that would otherwise be the last row of a page.

    Follows where the printer would break (each page repeats the title rows)
    and adds a manual break only where a heading and the row after it would
    not both fit.  Manual breaks are kept by Excel and LibreOffice with "fit to
    one page wide".
    """
    capacity = _page_height(paper, printed_width)
    used = title_height
    for index, row in enumerate(rows):
        following = rows[index + 1].height if row.heading and index + 1 < len(rows) else 0.0
        if row.heading and used > title_height and used + row.height + following > capacity * _SAFETY:
            worksheet.row_breaks.append(Break(id=row.row - 1))
            used = title_height
        elif used + row.height > capacity:  # where the printer breaks by itself
            used = title_height
        used += row.height
