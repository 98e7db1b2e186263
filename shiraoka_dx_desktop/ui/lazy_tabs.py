"""Tabs whose pages are built the first time they are shown.

Start-up builds only the tab the user left open; the others (and the modules behind
them) cost nothing until they are chosen, or until a menu command needs one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

__all__ = ["LazyTabs"]


class _Slot(QWidget):
    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = self._build()
            self._layout.addWidget(self.page)
            self.page.show()  # a layout would show it only after the next event loop pass
            self.setFocusProxy(self.page)
        return self.page


class LazyTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slots: list[_Slot] = []
        self.currentChanged.connect(self._shown)

    def add_lazy_tab(self, title: str, build: Callable[[], QWidget]) -> int:
        slot = _Slot(build)
        self._slots.append(slot)
        return self.addTab(slot, title)

    def page(self, index: int) -> QWidget:
        """The page of tab ``index``, built now if it was not yet."""
        return self._slots[index].ensure()

    def built(self, index: int) -> QWidget | None:
        """The page of tab ``index`` if it has been built, else None."""
        return self._slots[index].page

    def _shown(self, index: int) -> None:
        # Adding the first tab makes it current; that alone must not build it.
        if self.isVisible() and 0 <= index < len(self._slots):
            self._slots[index].ensure()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if 0 <= self.currentIndex() < len(self._slots):
            self._slots[self.currentIndex()].ensure()
        super().showEvent(event)
