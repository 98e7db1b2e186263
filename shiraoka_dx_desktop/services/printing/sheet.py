"""The sheet of paper: size, margins, and the header and footer every page carries.

Pages are landscape.  The margins (12 mm) are wider than the strip office
printers cannot print (about 4–5 mm), so nothing is cut off; the header and
the footer sit inside the margins too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain.era import format_date
from .display import Box, Line, Page, Paper
from .text import TextStyle, Typesetter

__all__ = ["MM", "PAPER_SIZES", "Furniture", "Sheet", "furnish", "sheet_for"]

MM = 72 / 25.4
# Landscape: width × height in points (ISO 216).
PAPER_SIZES: dict[Paper, tuple[float, float]] = {
    "A3": (420 * MM, 297 * MM),
    "A4": (297 * MM, 210 * MM),
}
_MARGIN = 12 * MM
_HEADER_HEIGHT = 24.0
_FOOTER_HEIGHT = 16.0
_GAP = 8.0


@dataclass(frozen=True)
class Sheet:
    paper: Paper
    width: float
    height: float
    printable: Box  # inside the margins
    header: Box
    body: Box
    footer: Box
    scale: float  # text sizes relative to A3

    def size(self, a3_size: float) -> float:
        return round(a3_size * self.scale, 2)

    def style(self, a3_size: float, *, bold: bool = False, grey: float = 0.0, leading: float = 1.4) -> TextStyle:
        return TextStyle(self.size(a3_size), bold, grey, leading)

    def new_page(self, report: str) -> Page:
        return Page(self.width, self.height, self.printable, report=report)


def sheet_for(paper: Paper) -> Sheet:
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper {paper!r}")
    width, height = PAPER_SIZES[paper]
    # A4 is A3 shrunk by 1/√2; the text shrinks less, so that it stays readable.
    scale = 1.0 if paper == "A3" else 0.82
    printable = Box(_MARGIN, _MARGIN, width - 2 * _MARGIN, height - 2 * _MARGIN)
    header_height = _HEADER_HEIGHT * scale
    footer_height = _FOOTER_HEIGHT * scale
    header = Box(printable.x, printable.y, printable.width, header_height)
    footer = Box(printable.x, printable.bottom - footer_height, printable.width, footer_height)
    body_top = header.bottom + _GAP * scale
    body = Box(printable.x, body_top, printable.width, footer.y - _GAP * scale - body_top)
    return Sheet(paper, width, height, printable, header, body, footer, scale)


@dataclass(frozen=True)
class Furniture:
    """What the header and footer say."""

    policy_title: str
    edition: str  # 第3版（令和5年11月改訂）
    exported_on: dt.date
    user: str


def furnish(
    page: Page, sheet: Sheet, typesetter: Typesetter, furniture: Furniture, title: str, number: int, total: int
) -> None:
    """Add the header (title, edition) and the footer (export date in 和暦, user, page n / m)."""
    header, footer = sheet.header, sheet.footer
    title_style = sheet.style(14, bold=True, leading=1.3)
    edition_style = sheet.style(10, grey=0.25, leading=1.3)
    footer_style = sheet.style(9, grey=0.2, leading=1.3)
    heading = f"{furniture.policy_title}　{title}"
    edition_width = typesetter.width(furniture.edition, edition_style)
    heading_width = header.width - edition_width - 24
    top = header.bottom - title_style.line_height - 3
    shapes = page.shapes
    shapes.extend(typesetter.place([typesetter.fit(heading, heading_width, title_style)], header, title_style, top=top))
    edition_top = header.bottom - edition_style.line_height - 3
    shapes.extend(typesetter.place([furniture.edition], header, edition_style, top=edition_top, align="right"))
    shapes.append(Line((header.x, header.bottom), (header.right, header.bottom), grey=0.15, line_width=1.0))

    shapes.append(Line((footer.x, footer.y), (footer.right, footer.y), grey=0.45, line_width=0.5))
    footer_top = footer.bottom - footer_style.line_height
    left = f"出力日 {format_date(furniture.exported_on)}"
    if furniture.user:
        left += f"　出力者 {furniture.user}"
    page_label = f"{number} / {total}"
    left_width = footer.width - typesetter.width(page_label, footer_style) - 24
    shapes.extend(
        typesetter.place([typesetter.fit(left, left_width, footer_style)], footer, footer_style, top=footer_top)
    )
    shapes.extend(typesetter.place([page_label], footer, footer_style, top=footer_top, align="right"))
