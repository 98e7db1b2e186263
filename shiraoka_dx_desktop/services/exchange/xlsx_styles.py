"""Cell formats and text measurement of the exported workbook.

Imported only when a workbook is written: it imports openpyxl.

Formats are built for black-and-white printers: grey fills of clearly
different darkness, dark text, and real borders rather than gridlines.  The
font is BIZ UDPゴシック, present on the city's Windows terminals; each font
also says it is a Japanese (charset 128) sans-serif (family 2), so that a
machine without it substitutes a Japanese Gothic rather than a Latin font.
"""

from __future__ import annotations

import contextlib
import math
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension

from .schema import visible_text
from .xlsx_rows import RowXml

__all__ = [
    "BODY_SIZE",
    "FONT_NAME",
    "FORMAT_NAMES",
    "SheetRows",
    "Stylist",
    "discard_sheets",
    "format_size",
    "guard_ids",
    "lines_needed",
    "make_cell",
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
    # Last year's entries in a survey's 進捗 sheet, shown for reference.
    "reference": (_font(color="595959"), _ID_FILL, _BOX, _align(vertical="top"), _EDITABLE),
    "number": (_font(), None, _BOX, _align("right", "top"), _EDITABLE),
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


FORMAT_NAMES = tuple(_FORMATS)


def format_size(name: str) -> float:
    """The font size of a named format, in points."""
    return float(_FORMATS[name][0].sz)


class Stylist:
    """Makes cells in named formats.

    Each format is registered with the workbook once; cells then share its
    style record, which is much faster than assigning font, fill and border
    objects to every cell of a large workbook.  Sharing is safe because
    :class:`SheetRows` writes each cell as soon as its row is appended.
    """

    def __init__(self, worksheet: Any) -> None:
        self._worksheet = worksheet
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
            self._arrays[name] = _Format(cell._style)

    def cell(self, value: object, name: str) -> Any:
        """A cell holding ``value`` (see :func:`make_cell`) in the format ``name``."""
        return make_cell(self._worksheet, value, self._arrays[name])


class _Format(StyleArray):  # type: ignore[misc]  # openpyxl has no type hints
    """A named format's style record, shared by its cells and never changed: its hash is computed once.

    openpyxl looks each cell's style record up in the workbook's registry
    when it writes the cell, hashing it every time.
    """

    __slots__ = ("_hash",)
    _hash: int

    def __new__(cls, values: Any) -> _Format:
        self: _Format = super().__new__(cls, values)
        self._hash = hash(tuple(self))
        return self

    def __hash__(self) -> int:
        return self._hash


def make_cell(worksheet: Any, value: object, style: Any = None) -> Any:
    """A cell for :meth:`SheetRows.append`: text always as text, "" as an empty cell (see :func:`_store`)."""
    cell = Cell(worksheet)
    _store(cell, value)
    cell._style = style
    return cell


def _store(cell: Any, value: object) -> bool:
    """Put ``value`` in ``cell``; false if it leaves the cell empty.

    Text is always stored as text: openpyxl would make "=1+1" a formula (and
    "#N/A" an error value) unless told otherwise.  An empty string is an empty
    cell, as Excel has it.
    """
    if isinstance(value, str):
        if not value:
            return False
        cell._value = visible_text(value)
        cell.data_type = "s"
        return True
    cell.value = value
    return value is not None


class SheetRows:
    """Writes the rows of a write-only sheet in order, each to the file as it is appended.

    What comes before the rows in the sheet's XML (fit to page, frozen
    panes, column widths and the used range, given here) must be set before
    the first row.  Rows are numbered as on the sheet; rows skipped are left
    out of the file, as a normal sheet leaves out rows without cells: the XML
    is what openpyxl writes for a normal sheet holding the same cells.
    """

    def __init__(self, worksheet: Any, used_range: str) -> None:
        # openpyxl's writer asks the sheet for its used range (<dimension>); a write-only sheet
        # cannot know it before its rows are written, but the exporter does.
        worksheet.calculate_dimension = lambda: used_range
        self._worksheet = worksheet
        self._numbered = 0  # rows openpyxl has numbered so far
        self._row = 0  # the row being written, and its cells
        self._cells: list[Any] = []
        self._pool: list[Any] = []  # cells reused by append_values
        self._values: tuple[Sequence[object], Callable[[], list[Any]]] | None = None  # append_values' row
        self._heights: dict[float, Any] = {}

    def append(self, row: int, cells: Sequence[Any], height: float | None = None) -> None:
        """Write ``row``: cells from column A (``None`` for none) made by :func:`make_cell`; height in points."""
        if row <= self._row:
            raise ValueError(f"row {row} after row {self._row}")
        if not self._numbered:
            self._start()
        if height is not None:
            # Rows of the same height share one RowDimension: only its attributes are written, not its index.
            dimension = self._heights.get(height)
            if dimension is None:
                dimension = self._heights[height] = RowDimension(self._worksheet, ht=height)
            self._worksheet.row_dimensions[row] = dimension
        placed = []
        for column, cell in enumerate(cells, 1):
            if cell is not None:
                cell.row = row
                cell.column = column
                placed.append(cell)
        self._row, self._cells = row, placed
        while self._numbered < row:
            self._numbered += 1
            self._worksheet.append(())  # openpyxl numbers the row and has it written: see _start
        self._cells = []

    def append_values(self, row: int, values: Sequence[object]) -> None:
        """Write ``row`` with unformatted values from column A, stored as :func:`make_cell` stores them.

        The cell objects are reused from row to row: each row is written out
        before the next is made.
        """
        pool = self._pool

        def cells() -> list[Any]:
            pool.extend(Cell(self._worksheet) for _column in range(len(pool), len(values)))
            made = [cell if _store(cell, value) else None for cell, value in zip(pool, values, strict=False)]
            for column, cell in enumerate(made, 1):
                if cell is not None:
                    cell.row, cell.column = row, column
            return made

        self._values = (values, cells)  # written as text by RowXml.values, as these cells would be
        self.append(row, [])
        self._values = None

    def merge(self, row: int, first_column: int, last_column: int, *, last_row: int | None = None) -> None:
        """Merge a range; its other cells are to be appended with the first cell's format, and no value.

        The range is added as openpyxl's ``merge_cells`` would, without
        comparing it with every earlier range (minutes for the 12,000 bars of
        a large roadmap).
        """
        bottom = row if last_row is None else last_row
        cell_range = CellRange(min_col=first_column, min_row=row, max_col=last_column, max_row=bottom)
        self._worksheet.merged_cells.ranges.add(cell_range)

    def _start(self) -> None:
        # openpyxl's write-only sheet numbers the rows appended to it, turns each row's values into
        # cells (a cell given as a value costs it a failed conversion) and has its writer write them;
        # a row appended empty is written as <row r="n"/>, which a normal sheet leaves out.  Here each
        # row is appended empty and the writer is handed the cells made for it instead: they are
        # written as a normal sheet writes its cells, and a row skipped is not written at all.
        # The rows' XML is made as text (xlsx_rows), the same characters openpyxl's writer makes.
        self._worksheet._get_writer()  # writes what comes before the rows
        writer = self._worksheet._writer
        write_row = RowXml(self._worksheet, writer.write_row)

        def write(xf: Any, _cells: Any, row: int) -> None:
            if row != self._row:
                return
            if self._values is not None:
                write_row.values(xf, self._values[0], row, self._values[1])
            else:
                write_row(xf, self._cells, row)

        writer.write_row = write


def discard_sheets(workbook: Any) -> None:
    """After a failed export: end the write-only sheets' streams and remove their temporary files.

    Saving does this for each sheet it writes; left open, a sheet's stream
    would be finished by the garbage collector, after its file was closed.
    """
    for sheet in workbook.worksheets:
        writer = sheet._writer
        if writer is None:  # no row appended: nothing was started
            continue
        rows = sheet._rows
        for close in (rows.close if rows is not None else None, writer.close):
            if close is not None:
                with contextlib.suppress(Exception):
                    close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


def guard_ids(worksheet: Any, cells: str) -> None:
    """Warn whoever selects or types into an ID cell; the cells stay editable (no sheet protection)."""
    _guard(
        worksheet,
        cells,
        DataValidation(type="textLength", operator="equal", formula1="36"),
        "ID（変更しないでください）",
        "取込のときに各行を識別する番号です。変更しないでください。新しい行では空欄のままにします。",
        "この列は取込で各行を識別するためのIDです。元に戻してください（新しい行では空欄のままにします）。",
    )


def guard_revisions(worksheet: Any, cells: str) -> None:
    """The 版 column: which version of the record the row was written from, for the import's comparison."""
    _guard(
        worksheet,
        cells,
        DataValidation(type="textLength", operator="greaterThanOrEqual", formula1="12"),
        "版（変更しないでください）",
        "書き出したときの記録の版です。取込で、どこが変わったかを判断するのに使います。新しい行では空欄のままにします。",
        "この列は取込で変更点を判断するための版です。元に戻してください（新しい行では空欄のままにします）。",
    )


def _guard(worksheet: Any, cells: str, validation: Any, title: str, prompt: str, error: str) -> None:
    validation.allow_blank = True
    validation.showInputMessage = validation.showErrorMessage = True
    validation.promptTitle, validation.prompt = title, prompt
    validation.errorTitle, validation.error = "変更できません", error
    validation.add(cells)
    worksheet.data_validations.append(validation)  # what add_data_validation does; write-only sheets lack it


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


class _CharacterWidths(dict[str, float]):
    def __missing__(self, char: str) -> float:
        # Full-width and ambiguous-width characters: kanji, kana, ■, ○, ※.
        width = _WIDE if unicodedata.east_asian_width(char) in "WFA" else _NARROW
        self[char] = width
        return width


_CHARACTER_WIDTHS = _CharacterWidths()


def text_width(text: str) -> float:
    """Width of one line of ``text`` at the body size, in column-width units."""
    return sum(map(_CHARACTER_WIDTHS.__getitem__, text))


def lines_needed(text: str, width: float, size: float = BODY_SIZE) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide."""
    available = max(width - 1.0, 1.0)
    scale = size / BODY_SIZE
    if "\n" not in text:
        return max(1, math.ceil(text_width(text) * scale / available))
    return sum(max(1, math.ceil(text_width(line) * scale / available)) for line in text.split("\n"))


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Row height in points for ``lines`` lines of ``size``-point text, with a little air."""
    return round(max(lines, 1) * size * 1.3 + 5, 1)
