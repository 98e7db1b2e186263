"""What the main window remembers between sessions: its place and size, the docks, the splitters, the tab and the text size.

Restored as the window is built (a page's splitter as the page is), written as it closes,
through the declarations in ``ui/settings.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter

from .initiatives_page import InitiativesPage
from .screen_fit import clamp_to_screen
from .settings import (
    CURRENT_TAB,
    FONT_SIZE,
    FONT_SIZES,
    HISTORY_SHOWN,
    INITIATIVES_SPLITTER,
    ORGANISATION_SPLITTER,
    WINDOW_GEOMETRY,
    WINDOW_MAXIMIZED,
    WINDOW_RECT,
    WINDOW_STATE,
    BytesSetting,
)
from .window_tabs import INITIATIVES, ORGANISATION, PROGRESS

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from .main_window import MainWindow

__all__ = ["restore_layout", "restore_splitter", "save_layout", "set_font_size", "step_font_size"]


def restore_layout(window: MainWindow) -> None:
    """Lay the window out as it was closed: its rectangle, docks, history, tab and text size."""
    settings = window.settings
    # The window's own rectangle, pulled back inside the screen it opens on now
    # (a laptop taken off its large monitor, a terminal with a smaller screen).
    # A file that remembers only Qt's geometry record was upgraded as it was opened (ui/settings.py).
    rect = WINDOW_RECT.read(settings)
    if rect is not None:
        window.setGeometry(rect)
        clamp_to_screen(window)
        if WINDOW_MAXIMIZED.read(settings):
            window.setWindowState(Qt.WindowState.WindowMaximized)
    state = WINDOW_STATE.read(settings)
    if state is not None:
        window.restoreState(state)
    window.history_action.setChecked(HISTORY_SHOWN.read(settings))
    window.tabs.setCurrentIndex(CURRENT_TAB.read(settings))
    window.tabs.page(window.tabs.currentIndex())
    set_font_size(window, FONT_SIZE.read(settings))


def restore_splitter(settings: QSettings, setting: BytesSetting, splitter: QSplitter) -> None:
    """Put a page's splitter where it was (pages are built when first shown)."""
    state = setting.read(settings)
    if state is not None:
        splitter.restoreState(state)


def save_layout(window: MainWindow) -> None:
    """Remember the window's layout for the next start (as it closes)."""
    settings = window.settings
    WINDOW_GEOMETRY.write(settings, window.saveGeometry())  # for an earlier version on this terminal
    WINDOW_RECT.write(settings, window.normalGeometry() if window.isMaximized() else window.geometry())
    WINDOW_MAXIMIZED.write(settings, window.isMaximized())
    WINDOW_STATE.write(settings, window.saveState())
    HISTORY_SHOWN.write(settings, window.history_action.isChecked())
    for setting, splitter in _built_splitters(window):
        setting.write(settings, splitter.saveState())
    progress = window.tabs.built(PROGRESS)
    if progress is not None:
        from . import progress_layout

        progress_layout.save(settings, progress)  # type: ignore[arg-type]
    CURRENT_TAB.write(settings, window.tabs.currentIndex())
    settings.sync()


def _built_splitters(window: MainWindow) -> list[tuple[BytesSetting, QSplitter]]:
    splitters: list[tuple[BytesSetting, QSplitter]] = []
    initiatives = window.tabs.built(INITIATIVES)
    if isinstance(initiatives, InitiativesPage):
        splitters.append((INITIATIVES_SPLITTER, initiatives.splitter))
    organisation = window.tabs.built(ORGANISATION)
    if isinstance(organisation, QSplitter):
        splitters.append((ORGANISATION_SPLITTER, organisation))
    return splitters


def set_font_size(window: MainWindow, size: int) -> None:
    """The size of the text in the window and in every dialog it opens (remembered)."""
    application = QApplication.instance()
    if isinstance(application, QApplication) and application.font().pointSize() != size:
        font = application.font()
        font.setPointSize(size)
        application.setFont(font)  # dialogs and menus are windows of their own
    font = window.font()
    font.setPointSize(size)
    window.setFont(font)
    FONT_SIZE.write(window.settings, size)


def step_font_size(window: MainWindow, step: int) -> None:
    """One size larger (``step`` > 0) or smaller among FONT_SIZES, if there is one."""
    current = FONT_SIZE.read(window.settings)
    sizes = [s for s in FONT_SIZES if (s > current if step > 0 else s < current)]
    if sizes:
        set_font_size(window, sizes[0] if step > 0 else sizes[-1])
