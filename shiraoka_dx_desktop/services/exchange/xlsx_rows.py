"""A sheet row's XML as openpyxl writes it, made as text instead of an element tree per cell.

openpyxl's writer (without lxml) builds an element for each cell and has
et_xmlfile's general serialiser write it: namespaces looked up, attributes
sorted out, several writes a cell.  That was most of the time of a large
export, and of the plain openpyxl baseline alike.  :class:`RowXml` writes the
same characters for the cells the exporter makes (text stored as text,
numbers, empty formatted cells) and hands any other row, whole, to openpyxl's
own writer, so that the file stays what openpyxl writes.

Imported only when a workbook is written.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from .schema import visible_text

__all__ = ["RowXml"]

WriteRow = Callable[[Any, Sequence[Any], int], None]


def _escape_text(text: str) -> str:
    # What xml.etree.ElementTree._escape_cdata does, which et_xmlfile calls for element text.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(value: str) -> str:
    # What xml.etree.ElementTree._escape_attrib does (Python 3.11).
    for plain, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        value = value.replace(plain, escaped)
    return value.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


class RowXml:
    """Writes a row as openpyxl's ``write_row`` would, for a write-only sheet of the exporter.

    Called with the writer's stream, the row's cells and its number.  Style
    records are registered with the workbook as openpyxl registers them (at a
    cell's first use, in the same order), and looked up once per shared
    record.
    """

    def __init__(self, worksheet: Any, fallback: WriteRow) -> None:
        self._worksheet = worksheet
        self._fallback = fallback
        self._letters: list[str] = [""]
        # By id of the (never changed) style record or row dimension, kept with it so the id stays its own.
        self._styles: dict[int, tuple[Any, str]] = {}
        self._dimensions: dict[int, tuple[Any, str]] = {}

    def __call__(self, xf: Any, cells: Sequence[Any], row: int) -> None:
        write = getattr(xf, "_file", None)  # et_xmlfile's writer; lxml's (if installed) has none
        if write is None:
            self._fallback(xf, cells, row)
            return
        parts = [self._row_start(row)]
        for cell in cells:
            part = self._cell(cell, row)
            if part is None:  # a kind of cell the exporter does not make: openpyxl writes the row
                self._fallback(xf, cells, row)
                return
            parts.append(part)
        parts.append("</row>")
        write("".join(parts))

    def values(self, xf: Any, values: Sequence[object], row: int, cells: Callable[[], Sequence[Any]]) -> None:
        """Write a row of unformatted values from column A (text stored as text, numbers, "" or None for no
        cell), as ``self(xf, cells(), row)`` would, without making a cell object for each."""
        write = getattr(xf, "_file", None)
        if write is None or self._worksheet.row_dimensions.get(row) is not None:
            self(xf, cells(), row)
            return
        letters = self._letters
        while len(letters) <= len(values):
            letters.append(get_column_letter(len(letters)))
        parts = [f'<row r="{row}">']
        for column, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            if type(value) is str:
                stored = visible_text(value)  # as make_cell stores text
                if not stored:
                    parts.append(f'<c r="{letters[column]}{row}" t="inlineStr" />')
                    continue
                stripped = stored.strip()
                space = ' xml:space="preserve"' if stripped and stripped != stored else ""
                text = _escape_text(stored)
                parts.append(f'<c r="{letters[column]}{row}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif type(value) is int:
                parts.append(f'<c r="{letters[column]}{row}" t="n"><v>{value:.16g}</v></c>')
            else:  # anything else as openpyxl writes it
                self(xf, cells(), row)
                return
        parts.append("</row>")
        write("".join(parts))

    def _row_start(self, row: int) -> str:
        dimension = self._worksheet.row_dimensions.get(row)
        if dimension is None:
            return f'<row r="{row}">'
        known = self._dimensions.get(id(dimension))
        if known is None or known[0] is not dimension:
            attributes = "".join(f' {key}="{_escape_attribute(value)}"' for key, value in dimension)
            known = self._dimensions[id(dimension)] = (dimension, attributes)
        return f'<row r="{row}"{known[1]}>'

    def _cell(self, cell: Any, row: int) -> str | None:
        if cell._comment is not None or cell.hyperlink is not None:
            return None
        value, style = cell._value, cell._style
        styled = ""
        if style is not None:
            known = self._styles.get(id(style))
            if known is None or known[0] is not style:
                known = self._styles[id(style)] = (style, f' s="{cell.style_id}"' if any(style) else "")
            styled = known[1]
        if value is None and not styled:
            return ""  # openpyxl leaves such a cell out
        column = cell.column
        letters = self._letters
        while len(letters) <= column:
            letters.append(get_column_letter(len(letters)))
        start = f'<c r="{letters[column]}{row}"{styled}'
        kind = cell.data_type
        if kind == "s" and type(value) is str:
            if not value:
                return f'{start} t="inlineStr" />'
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and stripped != value else ""
            return f'{start} t="inlineStr"><is><t{space}>{_escape_text(value)}</t></is></c>'
        if kind == "n":
            if value is None:
                return f'{start} t="n" />'
            if type(value) in (int, float) and math.isfinite(value):
                return f'{start} t="n"><v>{value:.16g}</v></c>'  # as openpyxl's safe_string
        return None
