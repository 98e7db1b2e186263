"""Windows and dialogs that fit the screen they open on.

The commonest LGWAN terminal has 1366×768 pixels, less the task bar; others have
1920×1080.  A window opens within the screen's available geometry: the main window
takes most of it at the first start and its remembered geometry later, pulled back
inside if the screen has shrunk since; a dialog takes the size it would like, or less.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

__all__ = ["available_geometry", "clamp_to_screen", "fit_dialog", "fit_main_window"]

# The main window's share of the screen at the first start.
MAIN_WINDOW_SHARE = 0.9
# What a window manager's title bar and borders may add around the client area.
_FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget) -> QRect:
    """The part of the widget's screen (else the primary screen) not taken by task bars."""
    parent = widget.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _inside(size: QSize, area: QRect) -> QSize:
    frame = _FRAME_ALLOWANCE
    return QSize(
        max(200, min(size.width(), area.width() - frame.width())),
        max(150, min(size.height(), area.height() - frame.height())),
    )


def fit_main_window(window: QWidget) -> None:
    """First start: most of the available screen, centred."""
    area = available_geometry(window)
    wanted = QSize(round(area.width() * MAIN_WINDOW_SHARE), round(area.height() * MAIN_WINDOW_SHARE))
    size = _inside(wanted, area)
    window.resize(size)
    outer = size + _FRAME_ALLOWANCE
    window.move(area.x() + (area.width() - outer.width()) // 2, area.y() + (area.height() - outer.height()) // 3)


def clamp_to_screen(window: QWidget) -> None:
    """A remembered geometry pulled back inside the available screen (smaller, moved, or both)."""
    if window.isMaximized() or window.isFullScreen():
        return
    area = available_geometry(window)
    size = _inside(window.size(), area)
    if size != window.size():
        window.resize(size)
    # Before the window is shown its frame is not known yet: leave room for one.
    width = max(window.frameGeometry().width(), size.width() + _FRAME_ALLOWANCE.width())
    height = max(window.frameGeometry().height(), size.height() + _FRAME_ALLOWANCE.height())
    x, y = window.x(), window.y()
    new_x = max(area.left(), min(x, area.right() + 1 - width))
    new_y = max(area.top(), min(y, area.bottom() + 1 - height))
    if (new_x, new_y) != (x, y):
        window.move(new_x, new_y)


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """The size the dialog would like, or as much of the screen as there is, centred on its parent."""
    area = available_geometry(dialog)
    size = _inside(QSize(width, height), area)
    dialog.resize(size)
    parent = dialog.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    outer = size + _FRAME_ALLOWANCE
    x = min(max(centre.x() - outer.width() // 2, area.left()), area.right() + 1 - outer.width())
    y = min(max(centre.y() - outer.height() // 2, area.top()), area.bottom() + 1 - outer.height())
    dialog.move(max(area.left(), x), max(area.top(), y))
