"""The roadmap grid: editing in place, and range operations (fill, clear, copy, paste).

Range operations act on the selected year cells of initiative rows; each is
one undo step.  The clipboard holds tab-separated text, as Excel does, so a
range copied here pastes cell for cell into Excel and back.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..domain.roadmap import CellValue
from ..services import commands
from .models import RoadmapModel
from .roadmap_delegate import RoadmapDelegate

__all__ = ["RoadmapView"]


class RoadmapView(QTableView):
    def __init__(self, model: RoadmapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.setItemDelegate(RoadmapDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(34)
        self.horizontalHeader().setMinimumHeight(44)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setToolTip("ダブルクリックかF2で編集。Deleteでクリア、Ctrl+C / Ctrl+Vで Excel とコピー・貼り付け")
        if model.document.read_only:
            self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.setToolTip("保存された版の工程表（読み取り専用）。Ctrl+C で Excel へコピーできます")
        model.modelReset.connect(self._lay_out)
        self._lay_out()

    def _lay_out(self) -> None:
        self.clearSpans()
        # The name column keeps its width; the years share the rest, none narrower than a phase's label.
        header = self.horizontalHeader()
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("令和10年度") + 16)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 360)
        for row in range(self._model.rowCount()):
            if self._model.is_heading(row):
                self.setSpan(row, 0, 1, self._model.columnCount())

    # -- what is selected -------------------------------------------------------------

    def selected_cells(self) -> list[tuple[str, int]]:
        """(initiative id, fiscal year) of every selected year cell on an initiative row."""
        cells = []
        for index in sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column())):
            initiative = self._model.initiative(index.row())
            year = self._model.year_of_column(index.column())
            if initiative is not None and year is not None:
                cells.append((initiative.id, year))
        return cells

    # -- range operations ---------------------------------------------------------------

    def fill(self, value: CellValue | None) -> bool:
        """Set every selected year cell to ``value`` (``None`` clears) as one step."""
        cells = self.selected_cells()
        if not cells:
            return False
        text = "選択範囲をクリア" if value is None else f"選択範囲を「{commands.format_cell(value)}」で埋める"
        return self._model.document.submit(text, commands.cell_edits(dict.fromkeys(cells, value)))

    def copy_selection(self) -> str:
        """Put the selected rectangle on the clipboard as tab-separated text, and return it."""
        indexes = self.selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({index.row() for index in indexes})
        columns = sorted({index.column() for index in indexes})
        selected = {(index.row(), index.column()) for index in indexes}
        grid = [
            [
                str(self._model.index(row, column).data(Qt.ItemDataRole.EditRole) or "")
                if (row, column) in selected
                else ""
                for column in columns
            ]
            for row in rows
        ]
        text = commands.format_tsv(grid)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> bool:
        """Paste tab-separated text at the current cell, over initiative rows and year columns.

        Heading rows are skipped; what falls beyond the last year or the last
        row is left out.  The whole paste is one step.
        """
        grid = commands.parse_tsv(QGuiApplication.clipboard().text() if text is None else text)
        start = self.currentIndex()
        if not grid or not start.isValid():
            return False
        first_column = max(start.column(), 1)
        rows = [row for row in range(start.row(), self._model.rowCount()) if not self._model.is_heading(row)]
        changes: dict[tuple[str, int], CellValue | None] = {}
        for values, row in zip(grid, rows, strict=False):
            initiative = self._model.initiative(row)
            assert initiative is not None
            for offset, text_value in enumerate(values):
                year = self._model.year_of_column(first_column + offset)
                if year is not None:
                    changes[(initiative.id, year)] = commands.parse_cell(text_value)
        if not changes:
            return False
        return self._model.document.submit(f"貼り付け（{len(changes)}セル）", commands.cell_edits(changes))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected_cells():
                self.fill(None)
                return
        super().keyPressEvent(event)

    def current_initiative_index(self) -> QModelIndex:
        return self.currentIndex()
