"""The display list: what a printed page holds, already laid out, for any renderer to draw.

Coordinates are PDF points (1/72 inch) from the top left corner of the page,
y growing downwards.  Colours are grey levels from 0.0 (black) to 1.0 (white):
the pages are meant to be printed in black and white.  Every text run is one
line, measured with the bundled font, and knows the box it must stay inside,
so that "nothing clipped, nothing overflowing" can be checked without drawing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..reports import Report

__all__ = [
    "HATCH_SPACING",
    "Box",
    "Hatch",
    "Line",
    "OutlineEntry",
    "Page",
    "Paper",
    "Point",
    "Polygon",
    "PrintDocument",
    "Printed",
    "Rect",
    "Report",
    "Shape",
    "Text",
]

Paper = Literal["A3", "A4"]
# What a print is: one of the policy's reports, or the 新旧対照表 of two editions (laid out from two
# snapshots, so not among the reports of ..reports: see .comparison), or the one-page 概要版 (portrait,
# see .summary).
Printed = Report | Literal["comparison", "summary"]
Point = tuple[float, float]

# Distance between the diagonal lines of a hatch, in points.
HATCH_SPACING = 3.6
_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, self.width - 2 * dx, self.height - 2 * dy)

    def contains(self, other: Box) -> bool:
        return (
            other.x >= self.x - _TOLERANCE
            and other.y >= self.y - _TOLERANCE
            and other.right <= self.right + _TOLERANCE
            and other.bottom <= self.bottom + _TOLERANCE
        )

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right - _TOLERANCE
            and other.x < self.right - _TOLERANCE
            and self.y < other.bottom - _TOLERANCE
            and other.y < self.bottom - _TOLERANCE
        )


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text: drawn from ``x`` on ``baseline``, ``width`` wide at ``size`` points."""

    x: float
    baseline: float
    text: str
    size: float
    width: float
    extent: Box  # from the font's ascent to its descent over the measured width
    frame: Box  # the cell or box the line belongs to; the extent lies inside it
    bold: bool = False
    grey: float = 0.0


@dataclass(frozen=True, slots=True)
class Rect:
    box: Box
    fill: float | None = None
    stroke: float | None = None
    line_width: float = 0.5
    dashed: bool = False
    tag: str = ""  # what the rectangle is ("cell", "bar", "body:<id>" …), for checks


@dataclass(frozen=True, slots=True)
class Line:
    start: Point
    end: Point
    grey: float = 0.0
    line_width: float = 0.5
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[Point, ...]
    fill: float | None = None
    stroke: float | None = None
    line_width: float = 0.5
    tag: str = ""


@dataclass(frozen=True, slots=True)
class Hatch:
    """Diagonal lines (／) filling a convex polygon: the mark of an inferred roadmap cell."""

    points: tuple[Point, ...]
    grey: float = 0.4
    line_width: float = 0.4
    spacing: float = HATCH_SPACING


Shape = Text | Rect | Line | Polygon | Hatch


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark in the PDF's outline pointing at the top of a page."""

    title: str
    level: int = 0


@dataclass
class Page:
    width: float
    height: float
    printable: Box  # inside the margins: nothing is drawn outside it
    shapes: list[Shape] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    report: str = ""  # which report the page belongs to ("roadmap", …)

    def texts(self) -> list[Text]:
        return [shape for shape in self.shapes if isinstance(shape, Text)]


@dataclass
class PrintDocument:
    """Pages ready for a renderer, and what the PDF's properties say about them."""

    title: str
    subject: str
    author: str
    paper: Paper
    report: Printed
    pages: list[Page] = field(default_factory=list)
    exported_on: dt.date | None = None  # the PDF's creation date
