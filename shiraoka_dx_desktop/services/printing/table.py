"""Tables that run over pages: column headings on every page, group headings repeated (続き).

Rows are never split across pages, unless a single row is taller than a whole
page (a description thousands of characters long): then its text continues on
the next page rather than being cut.  A group heading never ends a page on its
own, and a short group starts on a fresh page rather than being torn in two.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from .display import Box, Line, Rect, Shape
from .marked import Marks, place_marked
from .text import Align, TextStyle, Typesetter

__all__ = ["Cell", "Column", "Row", "Table", "TablePage", "layout_table"]

Decorate = Callable[[Box, list[Box]], list[Shape]]

# A group no taller than this share of a page is kept on one page when it can be.
_KEEP_TOGETHER = 0.45
_HEADER_FILL = 0.86
_HEADING_FILL = 0.93
_GRID_GREY = 0.55
_BORDER_GREY = 0.15


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...] = ()
    style: TextStyle = field(default_factory=lambda: TextStyle(10))
    align: Align = "left"
    # Per line, the pieces set bold and underlined (a 新旧対照表's changes); left-aligned lines only.
    marks: tuple[Marks, ...] = ()

    def height(self, padding: float) -> float:
        return len(self.lines) * self.style.line_height + 2 * padding if self.lines else 0.0


@dataclass(frozen=True)
class Column:
    width: float
    heading: tuple[Cell, ...]  # stacked, centred: e.g. 令和5年度 over 2023年度


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...] = ()
    min_height: float = 0.0
    decorate: Decorate | None = None  # bars and the like, drawn over the row
    group: str = ""
    heading: Cell | None = None  # a heading row spanning every column
    outline: str = ""  # a bookmark title, for a group's first heading

    def height(self, padding: float) -> float:
        cells = (self.heading,) if self.heading is not None else self.cells
        return max([self.min_height, *(cell.height(padding) for cell in cells)])


@dataclass
class Table:
    columns: Sequence[Column]
    rows: Sequence[Row]
    padding: float
    continued: Callable[[str], Row]  # the (続き) heading of a group
    valign: Literal["top", "middle"] = "middle"


@dataclass
class TablePage:
    shapes: list[Shape] = field(default_factory=list)
    outline: list[str] = field(default_factory=list)
    bottom: float = 0.0


def _header_height(table: Table) -> float:
    return max(_stack_height(column.heading) for column in table.columns) + 2 * table.padding


def _stack_height(cells: Sequence[Cell]) -> float:
    return sum(cell.style.line_height * len(cell.lines) for cell in cells)


def _following_group(rows: deque[Row], group: str, padding: float) -> tuple[float, float]:
    """Height of the first row after a heading, and of all the group's rows."""
    first, total = 0.0, 0.0
    for row in rows:
        if row.heading is not None or row.group != group:
            break
        height = row.height(padding)
        first = first or height
        total += height
    return first, total


def _split(row: Row, room: float, padding: float) -> tuple[Row, Row]:
    """The part of an over-tall row that fits in ``room``, and the rest."""
    heads, tails = [], []
    for cell in row.cells:
        fits = max(0, int((room - 2 * padding) / cell.style.line_height + 1e-6))
        heads.append(replace(cell, lines=cell.lines[:fits], marks=cell.marks[:fits]))
        tails.append(replace(cell, lines=cell.lines[fits:], marks=cell.marks[fits:]))
    head = replace(row, cells=tuple(heads), min_height=min(row.min_height, room))
    return head, replace(row, cells=tuple(tails), min_height=0.0, decorate=None, outline="")


def _paginate(table: Table, capacity: float) -> list[list[Row]]:
    padding = table.padding
    pages: list[list[Row]] = []
    page: list[Row] = []
    used = 0.0

    def new_page(group: str) -> None:
        nonlocal page, used
        if page:
            pages.append(page)
        page, used = [], 0.0
        if group:
            heading = table.continued(group)
            page.append(heading)
            used += heading.height(padding)

    queue = deque(table.rows)
    while queue:
        row = queue.popleft()
        height = row.height(padding)
        if row.heading is not None:
            first, whole = _following_group(queue, row.group, padding)
            need = height + (whole if height + whole <= capacity * _KEEP_TOGETHER else first)
            if page and used + need > capacity:
                new_page("")
            page.append(row)
            used += height
            continue
        if used + height <= capacity:
            page.append(row)
            used += height
            continue
        fresh = capacity - (table.continued(row.group).height(padding) if row.group else 0.0)
        if height <= fresh or not page:
            if page:
                new_page(row.group)
            if height <= capacity - used:
                page.append(row)
                used += height
                continue
        # Taller than a page: fill what is left here (at least a few lines), continue overleaf.
        smallest = max(cell.style.line_height for cell in row.cells) * 3 + 2 * padding
        if capacity - used < smallest:
            new_page(row.group)
        head, tail = _split(row, capacity - used, padding)
        page.append(head)
        used += head.height(padding)
        queue.appendleft(tail)
    if page:
        pages.append(page)
    return pages


def _column_boxes(table: Table, left: float, top: float, height: float) -> list[Box]:
    boxes, x = [], left
    for column in table.columns:
        boxes.append(Box(x, top, column.width, height))
        x += column.width
    return boxes


def _place_cell(typesetter: Typesetter, cell: Cell, box: Box, padding: float, valign: str) -> list[Shape]:
    if not cell.lines:
        return []
    block = len(cell.lines) * cell.style.line_height
    top = box.y + padding if valign == "top" else box.y + (box.height - block) / 2
    if cell.marks:
        return place_marked(typesetter, cell.lines, cell.marks, box, cell.style, top=top, inset=padding)
    return list(typesetter.place(cell.lines, box, cell.style, top=top, align=cell.align, inset=padding))


def _draw(table: Table, rows: list[Row], area: Box, typesetter: Typesetter) -> TablePage:
    result = TablePage()
    shapes = result.shapes
    padding = table.padding
    width = sum(column.width for column in table.columns)
    header_height = _header_height(table)
    header = Box(area.x, area.y, width, header_height)
    shapes.append(Rect(header, fill=_HEADER_FILL, tag="header"))
    for column, box in zip(table.columns, _column_boxes(table, area.x, area.y, header_height), strict=True):
        block = _stack_height(column.heading)
        top = box.y + (box.height - block) / 2
        for cell in column.heading:
            shapes.extend(typesetter.place(cell.lines, box, cell.style, top=top, align="centre", inset=padding))
            top += cell.style.line_height * len(cell.lines)
    grid: list[Shape] = [Line((header.x, header.bottom), (header.right, header.bottom), _BORDER_GREY, 0.8)]
    for box in _column_boxes(table, area.x, area.y, header_height)[1:]:
        grid.append(Line((box.x, box.y), (box.x, box.bottom), _GRID_GREY, 0.5))
    y = header.bottom
    overlays: list[Shape] = []
    for row in rows:
        height = row.height(padding)
        row_box = Box(area.x, y, width, height)
        if row.heading is not None:
            shapes.append(Rect(row_box, fill=_HEADING_FILL, tag="heading"))
            overlays.extend(_place_cell(typesetter, row.heading, row_box, padding, "middle"))
            if row.outline:
                result.outline.append(row.outline)
        else:
            boxes = _column_boxes(table, area.x, y, height)
            for box in boxes[1:]:
                grid.append(Line((box.x, box.y), (box.x, box.bottom), _GRID_GREY, 0.5))
            if row.decorate is not None:
                overlays.extend(row.decorate(row_box, boxes))
            for cell, box in zip(row.cells, boxes, strict=True):
                overlays.extend(_place_cell(typesetter, cell, box, padding, table.valign))
        y += height
        grid.append(Line((area.x, y), (area.x + width, y), _GRID_GREY, 0.5))
    shapes.extend(grid)
    shapes.extend(overlays)
    shapes.append(Rect(Box(area.x, area.y, width, y - area.y), stroke=_BORDER_GREY, line_width=0.8, tag="table"))
    result.bottom = y
    return result


def layout_table(table: Table, area: Box, typesetter: Typesetter) -> list[TablePage]:
    """The table drawn in ``area`` page after page, the column headings on each."""
    capacity = area.height - _header_height(table)
    return [_draw(table, rows, area, typesetter) for rows in _paginate(table, capacity)]
