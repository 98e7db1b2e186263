"""The 進捗 tab built as it was left: its two splitters and whether the dashboard is shown, remembered between sessions.

The fiscal year is not remembered: each session opens on this fiscal year (within the plan), so a
year chosen last month never stands unnoticed in place of the current one.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from .settings import PROGRESS_DASHBOARD_SHOWN, PROGRESS_PANES, PROGRESS_SPLITTER

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from .document import Document
    from .progress_page import ProgressPage

__all__ = ["build", "restore", "save"]


def build(document: Document, settings: QSettings) -> ProgressPage:
    """The page, laid out as it was, its year read and (if shown) its dashboard counted.

    The cycle collector is paused meanwhile, as it is at start-up: tens of thousands of small
    records are made at once, none of them in a cycle, and would be scanned again and again.
    """
    from .progress_page import ProgressPage  # not imported before the tab is first shown

    paused = gc.isenabled()
    gc.disable()
    try:
        page = ProgressPage(document)
        restore(settings, page)
        if page.filters.dashboard.isChecked():
            page.dashboard.bring_up_to_date()
    finally:
        if paused:
            gc.enable()
    return page


def restore(settings: QSettings, page: ProgressPage) -> None:
    """Lay the page out as it was (it is built when first shown)."""
    for setting, splitter in ((PROGRESS_SPLITTER, page.splitter), (PROGRESS_PANES, page.panes)):
        state = setting.read(settings)
        if state is not None:
            splitter.restoreState(state)
    page.show_dashboard(PROGRESS_DASHBOARD_SHOWN.read(settings))


def save(settings: QSettings, page: ProgressPage) -> None:
    PROGRESS_SPLITTER.write(settings, page.splitter.saveState())
    PROGRESS_PANES.write(settings, page.panes.saveState())
    PROGRESS_DASHBOARD_SHOWN.write(settings, page.filters.dashboard.isChecked())
