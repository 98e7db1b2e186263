"""Cell formats and text measurement of the exported workbook.

Imported only when a workbook is written: it imports openpyxl.

Formats are built for black-and-white printers: grey fills of clearly
different darkness, dark text, and real borders rather than gridlines.  The
font is BIZ UDPゴシック, present on the city's Windows terminals; each font
also says it is a Japanese (charset 128) sans-serif (family 2), so that a
machine without it substitutes a Japanese Gothic rather than a Latin font.
"""

from __future__ import annotations

import math
import unicodedata
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from .schema import visible_text

__all__ = [
    "BODY_SIZE",
    "FONT_NAME",
    "Stylist",
    "format_size",
    "guard_ids",
    "lines_needed",
    "merge",
    "put",
    "row_height",
    "set_default_font",
    "text_width",
]

FONT_NAME = "BIZ UDPゴシック"
BODY_SIZE = 10.0
_JAPANESE_CHARSET = 128
_SANS_SERIF = 2

_GRID = Side(style="thin", color="595959")
_HAIR = Side(style="hair", color="A6A6A6")
_HEAVY = Side(style="medium", color="000000")
_BOX = Border(left=_GRID, right=_GRID, top=_GRID, bottom=_GRID)
_HEADING_BOX = Border(left=_GRID, right=_GRID, top=_GRID, bottom=_HEAVY)
_ID_BOX = Border(left=_HAIR, right=_HAIR, top=_HAIR, bottom=_HAIR)

# Greys that stay apart on a black-and-white printer: heading 25 %, bar 15 %, shading 35 %, area 7 %.
_HEADING_FILL = "BFBFBF"
_AREA_FILL = "EDEDED"
_BAR_FILL = "D9D9D9"
_SHADED_FILL = "A6A6A6"
_ID_FILL = "F2F2F2"


def _font(size: float = BODY_SIZE, *, bold: bool = False, color: str = "000000") -> Font:
    return Font(name=FONT_NAME, sz=size, b=bold, color=color, family=_SANS_SERIF, charset=_JAPANESE_CHARSET)


def _fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=color, bgColor=color)


def _align(horizontal: str = "left", vertical: str = "center", *, wrap: bool = True) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)


_EDITABLE = Protection(locked=False)
_LOCKED = Protection(locked=True)

# name: (font, fill colour, border, alignment, protection)
_FORMATS: dict[str, tuple[Font, str | None, Border | None, Alignment, Protection]] = {
    "text": (_font(), None, _BOX, _align(vertical="top"), _EDITABLE),
    "text_middle": (_font(), None, _BOX, _align(), _EDITABLE),
    "muted": (_font(8, color="7F7F7F"), None, _BOX, _align(vertical="top"), _EDITABLE),
    "centred": (_font(), None, _BOX, _align("center"), _EDITABLE),
    "centred_top": (_font(), None, _BOX, _align("center", "top"), _EDITABLE),
    "heading": (_font(bold=True), _HEADING_FILL, _HEADING_BOX, _align("center"), _LOCKED),
    "heading_upper": (_font(bold=True), _HEADING_FILL, _BOX, _align("center"), _LOCKED),
    "area": (_font(11, bold=True), _AREA_FILL, _BOX, _align(), _EDITABLE),
    "group": (_font(bold=True), _AREA_FILL, _BOX, _align(vertical="top"), _EDITABLE),
    "bar": (_font(bold=True), _BAR_FILL, _BOX, _align("center"), _EDITABLE),
    "shaded": (_font(color="404040"), _SHADED_FILL, _BOX, _align("center"), _EDITABLE),
    "id": (_font(7, color="808080"), _ID_FILL, _ID_BOX, _align(wrap=False), _LOCKED),
    "id_heading": (_font(7, bold=True, color="808080"), _ID_FILL, _ID_BOX, _align("center", wrap=False), _LOCKED),
    "title": (_font(20, bold=True), None, None, _align(wrap=False), _EDITABLE),
    "subtitle": (_font(13), None, None, _align(wrap=False), _EDITABLE),
    "label": (_font(11, bold=True), _AREA_FILL, _BOX, _align(), _EDITABLE),
    "value": (_font(11), None, _BOX, _align(), _EDITABLE),
    "section": (_font(12, bold=True), None, None, _align(wrap=False), _EDITABLE),
    "note": (_font(11), None, None, _align(vertical="top"), _EDITABLE),
}


def format_size(name: str) -> float:
    """The font size of a named format, in points."""
    return float(_FORMATS[name][0].sz)


class Stylist:
    """Applies named formats to cells.

    Each format is registered with the workbook once; cells then share its
    style record by copy, which is much faster than assigning font, fill and
    border objects to every cell of a large workbook.
    """

    def __init__(self, worksheet: Any) -> None:
        self._arrays: dict[str, Any] = {}
        for name, (font, fill, border, alignment, protection) in _FORMATS.items():
            cell = Cell(worksheet)
            cell.font = font
            if fill is not None:
                cell.fill = _fill(fill)
            if border is not None:
                cell.border = border
            cell.alignment = alignment
            cell.protection = protection
            self._arrays[name] = cell._style

    def apply(self, cell: Any, name: str) -> None:
        cell._style = copy(self._arrays[name])


def put(worksheet: Any, row: int, column: int, value: object, stylist: Stylist | None, name: str | None) -> Any:
    """Write a value, text always as text: openpyxl would make "=1+1" a formula unless told otherwise."""
    cell = worksheet.cell(row=row, column=column)
    if value == "":
        cell.value = None  # an empty cell, as Excel has it, not an empty string
    elif isinstance(value, str):
        cell.value = visible_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if stylist is not None and name is not None:
        stylist.apply(cell, name)
    return cell


def merge(worksheet: Any, row: int, first_column: int, last_column: int, *, last_row: int | None = None) -> None:
    """Merge a range whose first cell is written and formatted; the other cells take its format.

    openpyxl's ``merge_cells`` compares each new range with every earlier one
    and recomputes edge borders through the style registry: minutes for the
    12,000 bars of a large roadmap.  The other cells must not have been
    written yet.
    """
    bottom = row if last_row is None else last_row
    anchor = worksheet.cell(row=row, column=first_column)
    reference = f"{get_column_letter(first_column)}{row}:{get_column_letter(last_column)}{bottom}"
    worksheet.merged_cells.ranges.add(MergedCellRange(worksheet, reference))
    for merged_row in range(row, bottom + 1):
        for column in range(first_column, last_column + 1):
            if (merged_row, column) != (row, first_column):
                cell = MergedCell(worksheet, row=merged_row, column=column)
                cell._style = copy(anchor._style)  # the edges then carry the range's borders
                worksheet._cells[(merged_row, column)] = cell


def guard_ids(worksheet: Any, cells: str) -> None:
    """Warn whoever selects or types into an ID cell; the cells stay editable (no sheet protection)."""
    validation = DataValidation(
        type="textLength",
        operator="equal",
        formula1="36",
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle="ID（変更しないでください）",
        prompt="取込のときに各行を識別する番号です。変更しないでください。新しい行では空欄のままにします。",
        errorTitle="IDは変更できません",
        error="この列は取込で各行を識別するためのIDです。元に戻してください（新しい行では空欄のままにします）。",
    )
    validation.add(cells)
    worksheet.add_data_validation(validation)


def set_default_font(workbook: Any) -> None:
    """Make BIZ UDPゴシック the workbook's standard font: new cells, and the unit of column widths.

    openpyxl offers no public way to change the Normal style's font: the first
    font of the workbook is the one unstyled cells use.
    """
    font = _font()
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = font


# Column widths count in "digits": the advance of "0" in the workbook's standard font.  In BIZ
# UDPゴシック that digit is wide (about 0.76 em), so a kanji is about 1.3 digits and Latin
# letters about 0.9.  The estimate below adds about 15 % for rounding of the digit width
# to whole pixels, bold text and line-breaking rules, so wrapped text is never cut off.
_WIDE = 1.55
_NARROW = 1.05


def text_width(text: str) -> float:
    """Width of one line of ``text`` at the body size, in column-width units."""
    # Full-width and ambiguous-width characters: kanji, kana, ■, ○, ※.
    return sum(_WIDE if unicodedata.east_asian_width(char) in "WFA" else _NARROW for char in text)


def lines_needed(text: str, width: float, size: float = BODY_SIZE) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide."""
    available = max(width - 1.0, 1.0)
    scale = size / BODY_SIZE
    return sum(max(1, math.ceil(text_width(line) * scale / available)) for line in text.split("\n"))


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Row height in points for ``lines`` lines of ``size``-point text, with a little air."""
    return round(max(lines, 1) * size * 1.3 + 5, 1)
