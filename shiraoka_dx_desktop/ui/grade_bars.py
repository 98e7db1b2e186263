"""The 評価 of each area as a horizontal stacked bar, readable without colour.

Each grade of the scale has a colour (Okabe–Ito, safe for colour-blind readers) and a pattern
(solid, diagonal lines, cross-hatching, dots; 評価なし is left empty), and each segment wide
enough carries its code and count, so a print-out in grey or a reader who cannot tell the
colours apart sees the same.  Bars share one scale: a longer bar is an area with more
initiatives.  A click on a segment asks for that area's initiatives with that grade.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

__all__ = ["BarRow", "GradeBars", "Segment"]

_COLOURS = ("#0072B2", "#009E73", "#E69F00", "#999999", "#CC79A7", "#56B4E9", "#D55E00")
_PATTERNS = (
    Qt.BrushStyle.SolidPattern,
    Qt.BrushStyle.BDiagPattern,
    Qt.BrushStyle.DiagCrossPattern,
    Qt.BrushStyle.Dense5Pattern,
    Qt.BrushStyle.HorPattern,
    Qt.BrushStyle.VerPattern,
    Qt.BrushStyle.CrossPattern,
)
_BAR_HEIGHT = 20  # as tall as there is room for, down to _SMALLEST_BAR on a small screen
_SMALLEST_BAR = 10
_GAP = 4
_SWATCH = 16


class Segment(NamedTuple):
    key: str  # a grade's code, or the key of 評価なし
    code: str  # what the segment and the legend show: 「A」
    label: str  # the legend's words: 「目標より進んでいる」
    empty: bool = False  # 評価なし: an outline, no fill


class BarRow(NamedTuple):
    key: str  # the area's id
    label: str  # 「(1) 自治体の行政手続のオンライン化」
    counts: dict[str, int]  # by segment key


class GradeBars(QWidget):
    segment_chosen = Signal(str, str)  # the row's key, the segment's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BarRow] = []
        self.segments: list[Segment] = []
        self._hits: list[tuple[QRect, BarRow, Segment, int]] = []
        self.setMouseTracking(True)
        # Never taller than it needs; shorter bars on a small screen, so the lists below keep some room.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setAccessibleName("取組ごとの評価の件数")

    def set_rows(self, rows: list[BarRow], segments: list[Segment]) -> None:
        self.rows, self.segments = rows, segments
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        """The chart in words (for a screen reader, and the tests)."""
        lines = []
        for row in self.rows:
            parts = [f"{s.code} {row.counts.get(s.key, 0)}件" for s in self.segments if row.counts.get(s.key)]
            lines.append(f"{row.label}: {'、'.join(parts) or 'なし'}")
        return "\n".join(lines)

    # -- geometry ---------------------------------------------------------------------------

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _legend_columns(self) -> int:
        return 2 if self.width() >= 380 else 1

    def _legend_height(self) -> int:
        rows = -(-len(self.segments) // self._legend_columns()) if self.segments else 0
        return rows * (max(_SWATCH, self._line()) + 4)

    def _height_for(self, bar: int) -> int:
        return len(self.rows) * (self._line() + bar + _GAP) + _GAP + self._legend_height()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, self._height_for(_BAR_HEIGHT))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, self._height_for(_SMALLEST_BAR))

    def bar_height(self) -> int:
        """The bars' thickness at the widget's height: every bar and the legend fit."""
        if not self.rows:
            return _BAR_HEIGHT
        room = self.height() - self._legend_height() - _GAP
        per_row = room // len(self.rows) - self._line() - _GAP
        return max(_SMALLEST_BAR, min(_BAR_HEIGHT, per_row))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.updateGeometry()  # the legend takes one or two columns, as the width allows

    # -- drawing ------------------------------------------------------------------------------

    def brush(self, index: int) -> tuple[QColor, Qt.BrushStyle]:
        return QColor(_COLOURS[index % len(_COLOURS)]), _PATTERNS[index % len(_PATTERNS)]

    def _fill(self, painter: QPainter, rect: QRect, index: int, segment: Segment) -> None:
        painter.setPen(QPen(QColor("#333333"), 1))
        if segment.empty:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            return
        colour, pattern = self.brush(index)
        painter.fillRect(rect, colour.lighter(175) if pattern != Qt.BrushStyle.SolidPattern else colour)
        painter.fillRect(rect, QBrush(colour.darker(130), pattern))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))

    def _tag(self, painter: QPainter, rect: QRect, text: str) -> None:
        """The segment's code and count on a white ground, in a size the bar holds, where it fits."""
        font = self.font()
        font.setPixelSize(max(8, min(rect.height() - 3, self.fontMetrics().ascent())))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 6
        if width <= rect.width() - 2:
            box = QRect(0, 0, width, rect.height() - 2)
            box.moveCenter(rect.center())
            painter.fillRect(box, QColor("white"))
            painter.setPen(QColor("black"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(self.font())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self._hits = []
        line = self._line()
        metrics = self.fontMetrics()
        scale = max((sum(row.counts.values()) for row in self.rows), default=0) or 1
        total_width = self.width() - metrics.horizontalAdvance("99999件") - 4
        bar_height = self.bar_height()
        y = 0
        for row in self.rows:
            total = sum(row.counts.values())
            painter.setPen(self.palette().windowText().color())
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, self.width())
            painter.drawText(QRect(0, y, self.width(), line), Qt.AlignmentFlag.AlignLeft, label)
            y += line
            self._paint_bar(painter, row, QRect(0, y, max(1, round(total_width * total / scale)), bar_height))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRect(total_width + 4, y, self.width() - total_width - 4, bar_height),
                Qt.AlignmentFlag.AlignVCenter,
                f"{total}件",
            )
            y += bar_height + _GAP
        self._paint_legend(painter, y + _GAP // 2)

    def _paint_bar(self, painter: QPainter, row: BarRow, area: QRect) -> None:
        total = sum(row.counts.values())
        x = area.left()
        for index, segment in enumerate(self.segments):
            count = row.counts.get(segment.key, 0)
            if not count:
                continue
            right = area.left() + round(area.width() * (sum(self._before(row, index)) + count) / total)
            rect = QRect(x, area.top(), max(1, right - x), area.height())
            self._fill(painter, rect, index, segment)
            self._tag(painter, rect, f"{segment.code} {count}")
            self._hits.append((rect, row, segment, count))
            x = right

    def _before(self, row: BarRow, index: int) -> list[int]:
        return [row.counts.get(segment.key, 0) for segment in self.segments[:index]]

    def _paint_legend(self, painter: QPainter, top: int) -> None:
        columns = self._legend_columns()
        width = self.width() // columns
        height = max(_SWATCH, self._line()) + 4
        for index, segment in enumerate(self.segments):
            x = (index % columns) * width
            y = top + (index // columns) * height
            self._fill(painter, QRect(x, y + 1, _SWATCH * 2, _SWATCH), index, segment)
            painter.setPen(self.palette().windowText().color())
            text = self.fontMetrics().elidedText(
                f"{segment.code} {segment.label}".strip(), Qt.TextElideMode.ElideRight, width - _SWATCH * 2 - 8
            )
            painter.drawText(QRect(x + _SWATCH * 2 + 4, y, width, height), Qt.AlignmentFlag.AlignVCenter, text)

    # -- pointing -----------------------------------------------------------------------------

    def segment_rect(self, row_key: str, segment_key: str) -> QRect | None:
        """Where the segment was last painted (None if it was not: no such count)."""
        return next(
            (rect for rect, row, segment, _ in self._hits if (row.key, segment.key) == (row_key, segment_key)), None
        )

    def _hit(self, point: QPoint) -> tuple[QRect, BarRow, Segment, int] | None:
        return next((hit for hit in self._hits if hit[0].contains(point)), None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            hit = self._hit(event.pos())
            if hit is None:
                QToolTip.hideText()
            else:
                _, row, segment, count = hit
                QToolTip.showText(
                    event.globalPos(),
                    f"{row.label}\n{segment.code} {segment.label}: {count}件（クリックで一覧を絞り込み）",
                )
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self._hit(event.position().toPoint())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self._hit(event.position().toPoint())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.segment_chosen.emit(hit[1].key, hit[2].key)
            return
        super().mousePressEvent(event)
