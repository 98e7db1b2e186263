"""The 工程表 tab: the roadmap grid with its legend, and the commands that work on a selection."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLabel, QVBoxLayout, QWidget

from ..domain.roadmap import LEGEND_INFERRED, LEGEND_PHASE, LEGEND_SHADED, PHASE_VOCABULARY
from ..services import commands
from .models import RoadmapModel
from .roadmap_view import RoadmapView
from .snapshot_source import SnapshotSource

__all__ = ["RoadmapPage"]

LEGEND = f"凡例　矢印: {LEGEND_PHASE}　灰色: {LEGEND_SHADED}　斜線: {LEGEND_INFERRED}"


class RoadmapPage(QWidget):
    def __init__(self, document: SnapshotSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = RoadmapModel(document, self)
        self.view = RoadmapView(self.model)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(legend)
        layout.addWidget(self.view)
        self.setFocusProxy(self.view)

    def fill_selection(self) -> bool:
        """Ask for a phase and fill the selected cells with it; False when nothing is selected."""
        if not self.view.selected_cells():
            return False
        words = [*PHASE_VOCABULARY, commands.SHADED_MARK]
        text, ok = QInputDialog.getItem(self, "選択範囲を埋める", "工程（■は網掛け）:", words, 0, True)
        if ok:
            self.view.fill(commands.parse_cell(text))
        return True
