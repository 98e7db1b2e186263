"""Table columns that share the width: each as wide as its text needs, one column taking the rest.

A column is measured from its heading and the first rows' text (as Qt's own
"resize to contents" does, a sample keeps 10,000 rows cheap).  When the view is too
narrow for every column at full width, the wide text columns give way first, down to
a share of what they asked for, so that the stamps at the right stay readable.  Once
the user drags a column edge, the columns are left as they were set.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

__all__ = ["ColumnFitter"]

_SAMPLE_ROWS = 200
_PADDING = 18  # cell margins and the sort indicator
_MIN_SHARE = 0.45  # how far a column that gives way may shrink, of what it asked for
_WIDE = "漢"  # caps and minimums count full-width characters


class ColumnFitter:
    """Keeps ``view``'s columns fitted to their text; ``stretch`` takes what is left.

    The widget holding the view calls :meth:`fit` when it is shown, resized or its
    font changes (an event filter on the view would run while the view is destroyed).

    ``shrinkable`` columns give way when the view is narrow; ``caps`` limits a column
    (in full-width characters) so one long name does not take the table.
    """

    def __init__(
        self,
        view: QTableView,
        *,
        stretch: int,
        shrinkable: Sequence[int] = (),
        caps: dict[int, int] | None = None,
        minimum_stretch_chars: int = 12,
    ) -> None:
        self.view = view
        self.stretch = stretch
        self.shrinkable = tuple(shrinkable)
        self.caps = dict(caps or {})
        self.minimum_stretch_chars = minimum_stretch_chars
        self.user_set = False
        self._fitting = False
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized_by_hand)
        # What each column asks for, measured once per font and per reset of the rows.
        self._wanted: dict[int, int] | None = None
        self._wanted_for = ""
        self._applied: tuple[int, str] | None = None
        model = view.model()
        model.modelReset.connect(self.remeasure)
        model.layoutChanged.connect(self.remeasure)

    def remeasure(self) -> None:
        self._wanted = None
        self.fit()

    def _resized_by_hand(self, column: int, old: int, new: int) -> None:
        if not self._fitting and old != new:  # a drag on a heading's edge: ours sets _fitting
            self.user_set = True

    def wanted(self, column: int) -> int:
        """The width the column's heading and sample rows need, within its cap."""
        model = self.view.model()
        metrics = self.view.fontMetrics()
        header_metrics = self.view.horizontalHeader().fontMetrics()
        heading = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        cap = self.caps.get(column)
        limit = cap * metrics.horizontalAdvance(_WIDE) if cap is not None else None
        width = max(
            header_metrics.horizontalAdvance(line) for line in heading.split("\n")
        )  # a heading may have two lines
        # Each distinct text once (an area's name repeats on every row of the area), and no
        # further than the cap: measuring Japanese text is the slow part.
        lines = {
            str(text).split("\n", 1)[0]
            for row in range(min(model.rowCount(), _SAMPLE_ROWS))
            if (text := model.index(row, column).data())
        }
        for line in lines:
            width = max(width, metrics.horizontalAdvance(line))
            if limit is not None and width >= limit:
                return limit + _PADDING
        return width + _PADDING

    def _viewport_width(self) -> int:
        # Not viewport().width(): wrapping the plain QWidget the first time makes PySide look
        # through every QWidget subclass (20 ms at start-up).
        width = self.view.maximumViewportSize().width()
        bar = self.view.verticalScrollBar()
        if bar.isVisible() or bar.maximum() > 0:
            width -= bar.sizeHint().width()
        return width

    def fit(self) -> None:
        if self.user_set or not self.view.isVisible():
            return
        model = self.view.model()
        columns = [c for c in range(model.columnCount()) if not self.view.isColumnHidden(c)]
        if not columns:
            return
        font_key = self.view.font().key()
        available = self._viewport_width()
        if self._wanted is None or self._wanted_for != font_key:
            self._wanted = {column: self.wanted(column) for column in columns if column != self.stretch}
            self._wanted_for = font_key
            self._applied = None
        if self._applied == (available, font_key):
            return  # nothing changed since the last fit
        self._applied = (available, font_key)
        widths = dict(self._wanted)
        minimum_stretch = self.minimum_stretch_chars * self.view.fontMetrics().horizontalAdvance(_WIDE)
        excess = sum(widths.values()) + minimum_stretch - available
        if excess > 0 and self.shrinkable:
            room = {c: widths[c] - round(widths[c] * _MIN_SHARE) for c in self.shrinkable if c in widths}
            total_room = sum(room.values())
            if total_room > 0:
                take = min(excess, total_room)
                given = 0
                for column, give in room.items():
                    share = round(take * give / total_room)
                    widths[column] -= share
                    given += share
                # Rounding each share can leave a pixel over, which would bring a scroll bar.
                widths[max(room, key=lambda column: widths[column])] -= take - given
        widths[self.stretch] = max(minimum_stretch, available - sum(widths.values()))
        self._fitting = True
        try:
            for column, width in widths.items():
                self.view.setColumnWidth(column, width)
        finally:
            self._fitting = False
