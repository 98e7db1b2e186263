"""Painting roadmap cells as the printed policy draws them: one arrow per run of equal phases.

Each cell paints only its own slice of the bar, but lays the bar out over
the whole run of years, so the slices join into one arrow with its label
centred on the run.  No spans, no per-paint queries: the model hands over
the bar a cell belongs to.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ..domain.roadmap import PHASE_VOCABULARY, CellKind
from ..services.commands import SHADED_MARK
from .models import BAR_ROLE, IS_HEADING_ROLE, BarPart, RoadmapModel

__all__ = ["PHASE_FILL", "SHADED_FILL", "RoadmapDelegate"]

PHASE_FILL = QColor("#d6e6f5")
PHASE_EDGE = QColor("#2d5f8f")
SHADED_FILL = QColor("#bdbdbd")
SHADED_EDGE = QColor("#6e6e6e")
HEADING_FILL = QColor("#eef2f6")
INFERRED_HATCH = QColor(90, 90, 90, 110)


class RoadmapDelegate(QStyledItemDelegate):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        model = index.model()
        if index.column() > 0 and isinstance(model, RoadmapModel):
            # The policy's own phases first, then those people have typed; free text is allowed.
            words = list(dict.fromkeys([*PHASE_VOCABULARY, *model.phases_in_use(), SHADED_MARK]))
            completer = QCompleter(words, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
            editor.setPlaceholderText("工程を入力（■で網掛け、空欄でクリア）")
        return editor

    def _bar_rect(self, part: BarPart, cell_rect: QRect, index: QModelIndex | QPersistentModelIndex) -> QRectF:
        model = index.model()
        first_column = model.column_of_year(part.bar.first_year)  # type: ignore[attr-defined]
        last_column = model.column_of_year(part.bar.last_year)  # type: ignore[attr-defined]
        left = self._view.columnViewportPosition(first_column)
        right = self._view.columnViewportPosition(last_column) + self._view.columnWidth(last_column)
        height = cell_rect.height()
        margin = max(3.0, height * 0.18)
        return QRectF(left + 2, cell_rect.top() + margin, right - left - 4, height - 2 * margin)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if index.data(IS_HEADING_ROLE):
            painter.fillRect(option.rect, HEADING_FILL)
            if index.column() == 0:
                super().paint(painter, option, index)
            return
        part = index.data(BAR_ROLE)
        if not isinstance(part, BarPart):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setClipRect(option.rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bar = self._bar_rect(part, option.rect, index)
        shaded = part.bar.value.kind == CellKind.SHADED
        outline = self._arrow(bar)
        painter.setPen(QPen(SHADED_EDGE if shaded else PHASE_EDGE, 1.2))
        painter.setBrush(SHADED_FILL if shaded else PHASE_FILL)
        painter.drawPath(outline)
        if part.cell.inferred:
            painter.save()
            painter.setClipPath(outline)
            painter.setClipRect(option.rect, Qt.ClipOperation.IntersectClip)
            painter.fillRect(option.rect, QBrush(INFERRED_HATCH, Qt.BrushStyle.BDiagPattern))
            painter.restore()
        if part.bar.value.label:
            painter.setPen(option.palette.text().color())
            painter.setFont(option.font)
            painter.drawText(
                bar.adjusted(4, 0, -bar.height() * 0.5, 0), Qt.AlignmentFlag.AlignCenter, part.bar.value.label
            )
        painter.restore()

    @staticmethod
    def _arrow(bar: QRectF) -> QPainterPath:
        """A bar whose right end is an arrow head, as in the printed roadmap."""
        head = min(bar.height() * 0.6, bar.width() * 0.3)
        body_right = bar.right() - head
        polygon = QPolygonF(
            [
                QPointF(bar.left(), bar.top()),
                QPointF(body_right, bar.top()),
                QPointF(bar.right(), bar.center().y()),
                QPointF(body_right, bar.bottom()),
                QPointF(bar.left(), bar.bottom()),
            ]
        )
        path = QPainterPath()
        path.addPolygon(polygon)
        path.closeSubpath()
        return path
