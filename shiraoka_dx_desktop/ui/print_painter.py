"""Drawing laid-out print pages with QPainter, and the strip of pages the print preview scrolls.

The pages are the same display list the PDF is made from, drawn with the
same bundled font file, so the preview shows what will be printed.  The
painter works in points: the caller scales it to the zoom it wants.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from ..services.printing.display import Hatch, Line, Page, Point, Polygon, PrintDocument, Rect, Shape, Text
from ..services.printing.fonts import REGULAR_FILE, font_dir
from .fonts import BUNDLED_FAMILY, register_bold_face, register_font_file

__all__ = ["OVERSCALE", "PagePainter", "PageStrip", "print_font_family"]

_DASH = (3.0, 2.0)
# Qt rounds font sizes to whole pixels, which would make 9.5 pt text as wide as 10 pt: text
# is set this many times larger and scaled back, so that its width matches the PDF's.
OVERSCALE = 16


def print_font_family(folder: Path | None = None) -> str:
    """The family name of the bundled print font: the UI font, with its bold face registered too."""
    where = folder or font_dir()
    family = register_font_file(where / REGULAR_FILE)
    register_bold_face(where)
    return family or BUNDLED_FAMILY


def _grey(level: float) -> QColor:
    return QColor.fromRgbF(level, level, level)


def _polygon(points: tuple[Point, ...]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


class PagePainter:
    """Paints one :class:`~..services.printing.display.Page` in point coordinates."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._fonts: dict[tuple[bool, float], QFont] = {}

    def font(self, bold: bool, size: float) -> QFont:
        """The font for ``size`` points, at :data:`OVERSCALE` times that many pixels."""
        key = (bold, size)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(self.family)
            font.setBold(bold)
            font.setPixelSize(max(1, round(size * OVERSCALE)))
            font.setKerning(False)  # the PDF does not kern either
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
            self._fonts[key] = font
        return font

    def paint(self, painter: QPainter, page: Page) -> None:
        """Draw ``page`` with its top left corner at the painter's origin, one unit per point."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(QRectF(0, 0, page.width, page.height), Qt.GlobalColor.white)
        for shape in page.shapes:
            self._draw(painter, shape)
        painter.restore()

    def _draw(self, painter: QPainter, shape: Shape) -> None:
        if isinstance(shape, Text):
            painter.save()
            painter.setFont(self.font(shape.bold, shape.size))
            painter.setPen(_grey(shape.grey))
            painter.translate(shape.x, shape.baseline)
            painter.scale(1 / OVERSCALE, 1 / OVERSCALE)
            painter.drawText(QPointF(0, 0), shape.text)
            painter.restore()
        elif isinstance(shape, Rect):
            self._set(painter, shape.fill, shape.stroke, shape.line_width, shape.dashed)
            box = shape.box
            painter.drawRect(QRectF(box.x, box.y, box.width, box.height))
        elif isinstance(shape, Line):
            self._set(painter, None, shape.grey, shape.line_width, shape.dashed)
            painter.drawLine(QLineF(QPointF(*shape.start), QPointF(*shape.end)))
        elif isinstance(shape, Polygon):
            self._set(painter, shape.fill, shape.stroke, shape.line_width, False)
            painter.drawPolygon(_polygon(shape.points))
        elif isinstance(shape, Hatch):
            self._hatch(painter, shape)

    @staticmethod
    def _set(painter: QPainter, fill: float | None, stroke: float | None, width: float, dashed: bool) -> None:
        painter.setBrush(QBrush(_grey(fill)) if fill is not None else Qt.BrushStyle.NoBrush)
        if stroke is None:
            painter.setPen(Qt.PenStyle.NoPen)
            return
        pen = QPen(_grey(stroke), width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if dashed:
            pen.setDashPattern([length / width for length in _DASH])
        painter.setPen(pen)

    def _hatch(self, painter: QPainter, shape: Hatch) -> None:
        path = QPainterPath()
        path.addPolygon(_polygon(shape.points))
        path.closeSubpath()
        xs = [x for x, _ in shape.points]
        ys = [y for _, y in shape.points]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        height = bottom - top
        painter.save()
        painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
        self._set(painter, None, shape.grey, shape.line_width, False)
        offset = -height
        while offset < right - left:
            painter.drawLine(QLineF(left + offset, bottom, left + offset + height, top))
            offset += shape.spacing
        painter.restore()


class PageStrip(QWidget):
    """The pages one under another, at a scale; only the pages in view are painted."""

    GAP = 16

    def __init__(self, page_painter: PagePainter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page_painter = page_painter
        self.document: PrintDocument | None = None
        self.scale = 1.0
        self._tops: list[int] = []

    def set_document(self, document: PrintDocument | None) -> None:
        self.document = document
        self._relayout()

    def set_scale(self, scale: float) -> None:
        self.scale = max(0.05, scale)
        self._relayout()

    def fit_width(self, available: int) -> None:
        widest = max((page.width for page in self.document.pages), default=0.0) if self.document else 0.0
        if widest:
            self.set_scale((available - 2 * self.GAP) / widest)

    def _relayout(self) -> None:
        pages = self.document.pages if self.document else []
        self._tops = []
        y = self.GAP
        for page in pages:
            self._tops.append(y)
            y += round(page.height * self.scale) + self.GAP
        width = max((round(page.width * self.scale) for page in pages), default=0) + 2 * self.GAP
        self.setFixedSize(width, y)
        self.update()

    def page_top(self, index: int) -> int:
        """Where page ``index`` begins, for scrolling to it."""
        return self._tops[index] - self.GAP // 2 if 0 <= index < len(self._tops) else 0

    def page_at(self, y: int) -> int:
        """The page showing at the top of a view scrolled to ``y``."""
        return max(0, bisect.bisect_right(self._tops, y + self.GAP) - 1)

    def page_in_view(self, y: int, height: int) -> int:
        """The page taking most of a view ``height`` pixels tall scrolled to ``y``.

        The last page can be shorter than the view, so it may never reach the top:
        it is the page in view once it fills more of the view than the one above it.
        """
        if not self._tops or not self.document:
            return 0
        first = self.page_at(y)
        best, shown = first, -1
        for index in range(first, len(self._tops)):
            top = self._tops[index]
            if top >= y + height:
                break
            bottom = top + round(self.document.pages[index].height * self.scale)
            visible = min(bottom, y + height) - max(top, y)
            if visible > shown:
                best, shown = index, visible
        return best

    def page_rect(self, index: int) -> QRectF:
        assert self.document is not None
        page = self.document.pages[index]
        width, height = page.width * self.scale, page.height * self.scale
        return QRectF((self.width() - width) / 2, self._tops[index], width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Mid))
        if self.document is not None:
            exposed = QRectF(event.rect())
            for index, page in enumerate(self.document.pages):
                target = self.page_rect(index)
                if not target.intersects(exposed):
                    continue
                painter.fillRect(target.translated(3, 3), QColor(0, 0, 0, 60))
                painter.save()
                painter.translate(target.topLeft())
                painter.scale(self.scale, self.scale)
                self.page_painter.paint(painter, page)
                painter.restore()
        painter.end()
