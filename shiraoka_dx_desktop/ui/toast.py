"""A transient message inside the window, where the user is looking.

The status bar is at the bottom edge, which a small screen may cut off and nobody
watches; this label floats over the lower middle of the window for a few seconds,
on every screen size, and is also kept in the status bar for those who look there.
Clicking it closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["Toast"]

DEFAULT_DURATION_MS = 6000
_MARGIN = 24


class Toast(QLabel):
    """A message over ``host``'s lower middle that hides itself after a while."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("お知らせ")
        self.setToolTip("クリックで閉じます")
        self.setStyleSheet(
            "QLabel#toast { background: rgba(32, 48, 64, 235); color: white; border-radius: 8px; padding: 10px 18px; }"
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)
        self.hide()

    def show_message(self, text: str, duration_ms: int = DEFAULT_DURATION_MS) -> None:
        host = self.parentWidget()
        if host is not None:
            self.setFont(host.font())  # a style sheet would otherwise fall back to the application's size
        self.setText(text)
        self._place()
        self.show()
        self.raise_()
        self._timer.start(duration_ms)

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        width = min(max(360, host.width() // 2), host.width() - 2 * _MARGIN)
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        x = (host.width() - self.width()) // 2
        y = host.height() - self.height() - _MARGIN * 3
        self.move(max(0, x), max(0, y))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.hide()
        event.accept()
