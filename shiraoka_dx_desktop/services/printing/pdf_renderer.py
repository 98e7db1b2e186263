"""Drawing a laid-out print as PDF with reportlab.

Only the bundled font is registered, and the canvas starts in it: reportlab
otherwise sets Helvetica on every page, a font the PDF would reference
without embedding.  reportlab embeds TrueType fonts as subsets, each with a
ToUnicode map, so the text copies and searches as Japanese.  The output is
reproducible (``invariant``): the same data and date give the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from ... import __version__
from .display import Hatch, Line, Page, Polygon, PrintDocument, Rect, Shape, Text
from .fonts import FontPair

__all__ = ["CREATOR", "render_document"]

CREATOR = f"白岡市DX推進 {__version__}"
_DASH = (3.0, 2.0)


def _register(fonts: FontPair) -> None:
    from reportlab.pdfbase import pdfmetrics

    for metrics in (fonts.regular, fonts.bold):
        if metrics.name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(metrics.source)


def _numbers(*values: float) -> str:
    return " ".join(f"{value:.2f}" for value in values)


class _PageDrawer:
    """Draws one page: shapes as PDF operators written directly, text through reportlab.

    reportlab formats every number it writes with a slow pure-Python routine unless
    its optional C accelerator is installed; shapes are most of a roadmap's numbers,
    so they are written here, and reportlab is left the text (font subsets, encoding).
    """

    def __init__(self, canvas: Any, page: Page, fonts: FontPair) -> None:
        self.canvas = canvas
        self.emit = canvas.addLiteral
        self.height = page.height
        self.fonts = fonts
        self._font: tuple[str, float] | None = None
        self._state: dict[str, object] = {}

    def y(self, top_down: float) -> float:
        return self.height - top_down

    def draw(self, shape: Shape) -> None:
        if isinstance(shape, Text):
            self.text(shape)
        elif isinstance(shape, Rect):
            self.rect(shape)
        elif isinstance(shape, Line):
            self.line(shape)
        elif isinstance(shape, Polygon):
            self.polygon(shape)
        else:
            self.hatch(shape)

    def _set(self, key: str, value: object, operator: str) -> None:
        if self._state.get(key) != value:
            self._state[key] = value
            self.emit(operator)

    def _fill(self, grey: float) -> None:
        self._set("fill", grey, f"{grey:.3f} g")

    def _stroke(self, grey: float, width: float, dashed: bool) -> None:
        self._set("stroke", grey, f"{grey:.3f} G")
        self._set("width", width, f"{width:.2f} w")
        self._set("dash", dashed, "[{} {}] 0 d".format(*_DASH) if dashed else "[] 0 d")

    def _paint(self, fill: float | None, stroke: float | None, line_width: float, dashed: bool) -> str:
        """Set the colours; the operator that paints a path with them."""
        if fill is not None:
            self._fill(fill)
        if stroke is not None:
            self._stroke(stroke, line_width, dashed)
        return {(True, True): "B", (True, False): "f", (False, True): "S"}.get(
            (fill is not None, stroke is not None), "n"
        )

    def text(self, shape: Text) -> None:
        font = (self.fonts.get(shape.bold).name, shape.size)
        if font != self._font:
            self.canvas.setFont(*font)
            self._font = font
        self._fill(shape.grey)
        self.canvas.drawString(shape.x, self.y(shape.baseline), shape.text)

    def rect(self, shape: Rect) -> None:
        operator = self._paint(shape.fill, shape.stroke, shape.line_width, shape.dashed)
        box = shape.box
        self.emit(f"{_numbers(box.x, self.y(box.bottom), box.width, box.height)} re {operator}")

    def line(self, shape: Line) -> None:
        self._stroke(shape.grey, shape.line_width, shape.dashed)
        (x1, y1), (x2, y2) = shape.start, shape.end
        self.emit(f"{_numbers(x1, self.y(y1))} m {_numbers(x2, self.y(y2))} l S")

    def _path(self, points: tuple[tuple[float, float], ...]) -> str:
        (x, y), *rest = points
        parts = [f"{_numbers(x, self.y(y))} m"]
        parts.extend(f"{_numbers(x, self.y(y))} l" for x, y in rest)
        parts.append("h")
        return " ".join(parts)

    def polygon(self, shape: Polygon) -> None:
        operator = self._paint(shape.fill, shape.stroke, shape.line_width, False)
        self.emit(f"{self._path(shape.points)} {operator}")

    def hatch(self, shape: Hatch) -> None:
        xs = [x for x, _ in shape.points]
        ys = [y for _, y in shape.points]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        height = bottom - top
        strokes = []
        offset = -height
        while offset < right - left:
            # ／: from the bottom edge up and to the right.
            strokes.append(
                f"{_numbers(left + offset, self.y(bottom))} m {_numbers(left + offset + height, self.y(top))} l"
            )
            offset += shape.spacing
        saved = dict(self._state)
        self.emit(f"q {self._path(shape.points)} W n")
        self._stroke(shape.grey, shape.line_width, False)
        self.emit(" ".join(strokes) + " S Q")
        self._state = saved  # Q brings back the colours and widths of before


def render_document(document: PrintDocument, fonts: FontPair) -> bytes:
    """The PDF file of ``document``, as bytes."""
    from reportlab import rl_config

    # Compressed streams as binary rather than also ASCII85-encoded: a quarter smaller and
    # quicker to write.  reportlab reads this global while it builds the file; put back after.
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _render(document, fonts)
    finally:
        rl_config.useA85 = use_a85


def _render(document: PrintDocument, fonts: FontPair) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    _register(fonts)
    buffer = io.BytesIO()
    first = document.pages[0] if document.pages else None
    canvas = Canvas(
        buffer,
        pagesize=(first.width, first.height) if first else (0, 0),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.regular.name,
        initialFontSize=10,
        lang="ja",
    )
    if document.exported_on is not None:
        # The export date, not the moment of rendering: the same data and date give the same file.
        stamp = f"D:{document.exported_on:%Y%m%d}000000"
        canvas.setDateFormatter(lambda *_parts: stamp)
    canvas.setTitle(document.title)
    canvas.setSubject(document.subject)
    canvas.setAuthor(document.author or CREATOR)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    for number, page in enumerate(document.pages):
        canvas.setPageSize((page.width, page.height))
        for index, entry in enumerate(page.outline):
            key = f"p{number}-{index}"
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(entry.title, key, level=entry.level)
        drawer = _PageDrawer(canvas, page, fonts)
        for shape in page.shapes:
            drawer.draw(shape)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
