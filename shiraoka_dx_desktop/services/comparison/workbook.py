"""新旧対照表 as an Excel workbook: one sheet 新旧対照表, columns 項目 / 改正前 / 改正後, no formulas.

The same items as the PDF, under the same headings.  The changed words are bold and
underlined as rich text (openpyxl 3.1's CellRichText), never a colour alone; text is always
stored as text (a passage starting with "=" stays a passage).  Printed landscape on A3 or
A4, one page wide, the column headings on every page.  Imports openpyxl: import this module
only to write a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook

from ...domain.era import format_date
from ..atomic_file import write_atomically
from ..exchange.schema import visible_text
from ..exchange.xlsx_pages import PageText, setup_page
from ..exchange.xlsx_styles import FONT_NAME, Stylist, lines_needed, row_height, set_default_font
from ..snapshot import PolicySnapshot
from .engine import compare
from .marks import Span
from .model import Comparison, ComparisonItem

__all__ = ["SHEET_TITLE", "ComparisonWorkbook", "write_comparison_xlsx"]

SHEET_TITLE = "新旧対照表"
_WIDTHS = (30.0, 64.0, 64.0)  # 項目, 改正前, 改正後, in Excel's units
_HEADING_ROW = 3
_LEGEND = "下線付きの太字は改正箇所（新設・削除した項目は全文）"
_CELL_LIMIT = 32_767
_BOLD_ALLOWANCE = 0.8  # the share of a column's width a line of partly bold text is reckoned to fill

try:  # openpyxl 3.1 and later
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
except ImportError:  # pragma: no cover - the marks are then left out, the text kept
    CellRichText = None


@dataclass(frozen=True, slots=True)
class ComparisonWorkbook:
    """What was written, for the one line the command line and the window report."""

    path: Path
    paper: str
    items: int

    def describe(self) -> str:
        return f"新旧対照表をExcelブックに書き出しました: {self.path}（改正箇所 {self.items:,d} 件、{self.paper}横）"


def _font(bold: bool) -> Any:
    return InlineFont(rFont=FONT_NAME, sz=10, b=bold or None, u="single" if bold else None, charset=128, family=2)


def _rich(text: str, marks: Sequence[Span]) -> Any:
    """``text`` with its marks bold and underlined, or plain text where rich text cannot be had."""
    if CellRichText is None or not marks or len(text) > _CELL_LIMIT // 2:
        return visible_text(text)
    plain, marked = _font(False), _font(True)
    blocks, at = [], 0
    for start, end in marks:
        if start > at:
            blocks.append(TextBlock(plain, visible_text(text[at:start])))
        blocks.append(TextBlock(marked, visible_text(text[start:end])))
        at = end
    if at < len(text):
        blocks.append(TextBlock(plain, visible_text(text[at:])))
    return CellRichText(*[block for block in blocks if block.text])


class _Sheet:
    def __init__(self, worksheet: Any) -> None:
        self.worksheet = worksheet
        self.stylist = Stylist(worksheet)

    def row(self, values: Sequence[tuple[object, str]], height: float | None = None) -> int:
        self.worksheet.append([self.stylist.cell(value, style) for value, style in values])
        number: int = self.worksheet.max_row
        if height is not None:
            self.worksheet.row_dimensions[number].height = height
        return number

    def heading(self, text: str) -> None:
        number = self.row([(text, "area"), ("", "area"), ("", "area")], row_height(1, 11))
        self.worksheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=3)

    def item(self, item: ComparisonItem) -> None:
        label = f"{item.subject}\n{item.aspect}" if item.aspect else item.subject
        texts = (label, item.old_shown, item.new_shown)
        # Marked words are bold, and wider: the height is reckoned on a narrower column, so no line is cut off.
        lines = max(lines_needed(text, width * _BOLD_ALLOWANCE) for text, width in zip(texts, _WIDTHS, strict=True))
        old = _rich(item.old, item.old_marks) if item.old else item.old_shown
        new = _rich(item.new, item.new_marks) if item.new else item.new_shown
        self.row(
            [(label, "text"), (old, "text" if item.old else "reference"), (new, "text" if item.new else "reference")],
            row_height(lines),
        )


def _fill(worksheet: Any, comparison: Comparison, title: str, old_name: str, new_name: str) -> int:
    sheet = _Sheet(worksheet)
    for text, style, size in (
        (title, "section", 12),
        (f"{comparison.summary().rstrip('。')}。{_LEGEND}。", "note", 11),
    ):
        number = sheet.row([(text, style)], row_height(1, size))
        worksheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=3)
    headings = ("項目", f"改正前（{old_name}）", f"改正後（{new_name}）")
    sheet.row([(text, "heading") for text in headings], row_height(1))
    for section, items in comparison.sections():
        sheet.heading(section)
        for item in items:
            sheet.item(item)
    if not comparison.items:
        sheet.row([("改正箇所はありません。", "text"), ("", "text"), ("", "text")], row_height(1))
    return int(worksheet.max_row)


def _save(workbook: Any, handle: BinaryIO) -> None:
    workbook.save(handle)


def write_comparison_xlsx(
    old: PolicySnapshot,
    new: PolicySnapshot,
    path: Path,
    *,
    old_name: str,
    new_name: str,
    paper: str = "A3",
    today: dt.date | None = None,
) -> ComparisonWorkbook:
    """Compare ``old`` (改正前, named ``old_name``) with ``new`` and write the 新旧対照表 workbook to ``path``, atomically.

    Raises :class:`~..atomic_file.FileWriteError` (a Japanese message) when the file cannot be
    written; an existing file of that name is then left as it was.
    """
    if paper not in ("A3", "A4"):
        raise ValueError(f"unknown paper {paper!r}")
    comparison = compare(old, new)
    title = f"{new.title}　新旧対照表（{old_name} → {new_name}）"
    workbook = Workbook()
    set_default_font(workbook)
    worksheet = workbook.active
    worksheet.title = SHEET_TITLE
    for letter, width in zip("ABC", _WIDTHS, strict=True):
        worksheet.column_dimensions[letter].width = width
    last = _fill(worksheet, comparison, title, old_name, new_name)
    worksheet.freeze_panes = f"A{_HEADING_ROW + 1}"
    exported = f"出力日 {format_date(today or dt.date.today())}"
    setup_page(
        worksheet,
        paper=paper,
        page=PageText(title, exported),
        print_area=f"A1:C{last}",
        title_rows=f"{_HEADING_ROW}:{_HEADING_ROW}",
    )
    workbook.properties.title = title
    write_atomically(path, lambda handle: _save(workbook, handle))
    return ComparisonWorkbook(path, paper, len(comparison))
