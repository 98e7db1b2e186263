"""Laid-out print pages in a scrolling strip, with the zoom and the page navigation above them.

Shared by the print preview and the 新旧対照表: each adds its own choices to the row of tools
(:meth:`PagePreview.add_tools`) and hands over the :class:`PrintDocument` to show.  The pages
are drawn by :class:`PageStrip` from the same display list the PDF is made from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..services.printing import PrintDocument
from .export_dialog import PAPER_CHOICES  # the papers offered wherever one is chosen
from .print_painter import PagePainter, PageStrip, print_font_family
from .settings import ChoiceSetting

__all__ = ["PAPER_CHOICES", "ZOOMS", "PagePreview", "busy_cursor", "stored_index"]


FIT_WIDTH = "ページ幅に合わせる"
ZOOMS: dict[str, float | None] = {FIT_WIDTH: None, "50%": 0.5, "75%": 0.75, "100%": 1.0, "150%": 1.5, "200%": 2.0}


Choice = TypeVar("Choice", bound=str)


def stored_index(settings: QSettings, setting: ChoiceSetting[Choice], choices: Mapping[str, Choice]) -> int:
    """The position in ``choices`` of the value ``setting`` holds (its default if that is not offered)."""
    values = list(choices.values())
    value = setting.read(settings)
    return values.index(value) if value in values else values.index(setting.default)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The wait cursor while the pages are laid out (or what they need is read)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class PagePreview(QWidget):
    """The pages of a document, zoomed to the page width or a percentage, with ◀ n / m ▶."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: PrintDocument | None = None
        self.zoom_box = QComboBox()
        self.zoom_box.addItems(list(ZOOMS))
        self.previous_button = QPushButton("◀ 前のページ")
        self.next_button = QPushButton("次のページ ▶")
        self.page_label = QLabel()
        self.strip = PageStrip(PagePainter(print_font_family()))
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.strip)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setBackgroundRole(self.palette().ColorRole.Mid)
        self.scroll_area.viewport().installEventFilter(self)

        self.tools = QHBoxLayout()
        self._choices = 0  # how many widgets the owner put before 表示
        self.tools.addWidget(QLabel("表示:"))
        self.tools.addWidget(self.zoom_box)
        self.tools.addStretch(1)
        self.tools.addWidget(self.previous_button)
        self.tools.addWidget(self.page_label)
        self.tools.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.tools)
        layout.addWidget(self.scroll_area, 1)

        self.zoom_box.currentIndexChanged.connect(self.apply_zoom)
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._update_page_label)
        self._update_page_label()

    def add_tools(self, *widgets: QWidget) -> None:
        """Put ``widgets`` in the row of tools, after those added before and ahead of the zoom."""
        for widget in widgets:
            self.tools.insertWidget(self._choices, widget)
            self._choices += 1

    def set_document(self, document: PrintDocument | None) -> None:
        """Show ``document``'s pages from the first (``None``: no pages)."""
        self.document = document
        self.strip.set_document(document)
        self.apply_zoom()
        self.go_to_page(0)

    # -- zoom and pages --------------------------------------------------------------

    def apply_zoom(self) -> None:
        factor = ZOOMS[self.zoom_box.currentText()]
        if factor is None:
            self.strip.fit_width(self.scroll_area.viewport().width())
        else:
            self.strip.set_scale(factor * self.logicalDpiX() / 72.0)
        self._update_page_label()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # The viewport's width, not the dialog's, is what "fit the page width" fits.
        if (
            watched is self.scroll_area.viewport()
            and event.type() == QEvent.Type.Resize
            and ZOOMS[self.zoom_box.currentText()] is None
        ):
            self.apply_zoom()
        return super().eventFilter(watched, event)

    def page_count(self) -> int:
        return len(self.document.pages) if self.document else 0

    def current_page(self) -> int:
        """The page filling most of the view (from 0)."""
        return self.strip.page_in_view(
            self.scroll_area.verticalScrollBar().value(), self.scroll_area.viewport().height()
        )

    def go_to_page(self, index: int) -> None:
        if not self.page_count():
            self._update_page_label()
            return
        index = max(0, min(index, self.page_count() - 1))
        self.scroll_area.verticalScrollBar().setValue(self.strip.page_top(index))
        self._update_page_label()

    def _update_page_label(self) -> None:
        total = self.page_count()
        current = self.current_page() + 1 if total else 0
        self.page_label.setText(f"{current} / {total} ページ")
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(current < total)
