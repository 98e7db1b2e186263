"""The user's settings: every key with its type and default in one place, read tolerantly, upgraded at start-up.

The settings are an INI file that administrators may read and edit by hand (README,
「データの場所」).  Whatever the file holds, a setting reads as its default when the value
is missing, of the wrong type or out of range: reading never raises.  The file records the
version of its layout under ``settings/version``; :func:`open_user_settings` brings an older
file up to :data:`SETTINGS_VERSION` before anything reads it.

The user name's key is declared in ``user_name.py``, below the UI, because the command line
reads it without Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QRect, QSettings

from ..services.reports import REPORT_KEYS, Report
from ..user_name import USER_NAME_KEY
from .window_tabs import INITIATIVES, PROGRESS, TAB_TITLES

if TYPE_CHECKING:
    from ..services.printing import Paper

__all__ = [
    "ALL_SETTINGS",
    "BACKUP_KEEP",
    "COMPARISON_FOLDER",
    "COMPARISON_PAPER",
    "CURRENT_TAB",
    "DEFAULT_FONT_SIZE",
    "EXPORT_FOLDER",
    "EXPORT_PAPER",
    "FONT_SIZE",
    "FONT_SIZES",
    "HISTORY_SHOWN",
    "IMPORT_FOLDER",
    "INITIATIVES_SPLITTER",
    "OPEN_AFTER_SAVE",
    "ORGANISATION_SPLITTER",
    "PRINT_FOLDER",
    "PRINT_PAPER",
    "PRINT_REPORT",
    "PROGRESS_DASHBOARD_SHOWN",
    "PROGRESS_PANES",
    "PROGRESS_SPLITTER",
    "SETTINGS_VERSION",
    "USER_NAME",
    "VERSION",
    "WINDOW_GEOMETRY",
    "WINDOW_MAXIMIZED",
    "WINDOW_RECT",
    "WINDOW_STATE",
    "BoolSetting",
    "BytesSetting",
    "ChoiceSetting",
    "IntSetting",
    "RectSetting",
    "Setting",
    "TextSetting",
    "open_user_settings",
    "upgrade_settings",
]

T = TypeVar("T")
C = TypeVar("C", bound=str)


class Setting(Generic[T]):
    """One key of the settings file, the value it has when nothing usable is stored, and its type."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def read(self, settings: QSettings) -> T:
        """The stored value, or the default for one missing, of the wrong type or out of range."""
        value = self.parse(settings.value(self.key))
        return self.default if value is None else value

    def write(self, settings: QSettings, value: T) -> None:
        settings.setValue(self.key, value)

    def parse(self, stored: object) -> T | None:
        """``stored`` (as QSettings returns it) as one of this setting's values, else ``None``."""
        raise NotImplementedError


class IntSetting(Setting[int]):
    """A whole number within ``minimum``…``maximum`` (an INI file holds it as text)."""

    def __init__(self, key: str, default: int, minimum: int, maximum: int | None = None) -> None:
        super().__init__(key, default)
        self.minimum = minimum
        self.maximum = maximum

    def parse(self, stored: object) -> int | None:
        if isinstance(stored, bool) or not isinstance(stored, int | str):
            return None
        try:
            number = int(stored)
        except ValueError:
            return None
        if number < self.minimum or (self.maximum is not None and number > self.maximum):
            return None
        return number


class BoolSetting(Setting[bool]):
    """Yes or no (an INI file holds ``true`` or ``false``)."""

    def parse(self, stored: object) -> bool | None:
        if stored in (True, "true"):
            return True
        if stored in (False, "false"):
            return False
        return None


class ChoiceSetting(Setting[C]):
    """One of a few fixed words (the paper, the report)."""

    def __init__(self, key: str, choices: tuple[C, ...], default: C) -> None:
        super().__init__(key, default)
        self.choices = choices

    def parse(self, stored: object) -> C | None:
        return next((choice for choice in self.choices if choice == stored), None)


class TextSetting(Setting[str]):
    """Free text: a name, a folder."""

    def parse(self, stored: object) -> str | None:
        # An unquoted comma in a hand-edited file makes a list: not this setting's text.
        return stored if isinstance(stored, str) else None


class RectSetting(Setting["QRect | None"]):
    """A rectangle on the screen; ``None`` when none is remembered."""

    def __init__(self, key: str) -> None:
        super().__init__(key, None)

    def parse(self, stored: object) -> QRect | None:
        return stored if isinstance(stored, QRect) and stored.isValid() else None


class BytesSetting(Setting["QByteArray | None"]):
    """State Qt saves and restores itself (docks, splitters); ``None`` when none is remembered."""

    def __init__(self, key: str) -> None:
        super().__init__(key, None)

    def parse(self, stored: object) -> QByteArray | None:
        return stored if isinstance(stored, QByteArray) else None


SETTINGS_VERSION = 2
# 0: a file written before the version was recorded.
VERSION = IntSetting("settings/version", 0, minimum=0)

# The name changes are recorded under (課名と氏名), asked at the first start.
USER_NAME = TextSetting(USER_NAME_KEY, "")

# The text size, chosen with Ctrl+＋ / Ctrl+− among FONT_SIZES.
FONT_SIZES = (9, 10, 11, 12, 14, 16, 18, 20, 24)
DEFAULT_FONT_SIZE = 11
FONT_SIZE = IntSetting("view/font_size", DEFAULT_FONT_SIZE, FONT_SIZES[0], FONT_SIZES[-1])

# The main window as it was closed.
WINDOW_RECT = RectSetting("window/rect")  # the rectangle when not maximized
WINDOW_MAXIMIZED = BoolSetting("window/maximized", False)
WINDOW_GEOMETRY = BytesSetting("window/geometry")  # Qt's own record, all that versions before window/rect read
WINDOW_STATE = BytesSetting("window/state")  # where the docks are
HISTORY_SHOWN = BoolSetting("window/history_shown", False)
CURRENT_TAB = IntSetting("window/tab", INITIATIVES, 0, len(TAB_TITLES) - 1)
INITIATIVES_SPLITTER = BytesSetting("window/initiatives_splitter")
ORGANISATION_SPLITTER = BytesSetting("window/organisation_splitter")
PROGRESS_SPLITTER = BytesSetting("window/progress_splitter")  # the table above, the evaluation below
PROGRESS_PANES = BytesSetting("window/progress_panes")  # the table beside the dashboard
PROGRESS_DASHBOARD_SHOWN = BoolSetting("window/progress_dashboard", True)

# Files: the folder each kind was last read from or written to, the paper and the report.
IMPORT_FOLDER = TextSetting("import/last_folder", "")
EXPORT_FOLDER = TextSetting("export/last_folder", "")
EXPORT_PAPER: ChoiceSetting[Paper] = ChoiceSetting("export/paper", ("A3", "A4"), "A3")
PRINT_FOLDER = TextSetting("print/last_folder", "")
PRINT_PAPER: ChoiceSetting[Paper] = ChoiceSetting("print/paper", ("A3", "A4"), "A3")
PRINT_REPORT: ChoiceSetting[Report] = ChoiceSetting("print/report", REPORT_KEYS, "roadmap")
OPEN_AFTER_SAVE = BoolSetting("print/open_after_save", False)
# The 新旧対照表: where its PDF and workbook were last saved, and its paper.
COMPARISON_FOLDER = TextSetting("comparison/last_folder", "")
COMPARISON_PAPER: ChoiceSetting[Paper] = ChoiceSetting("comparison/paper", ("A3", "A4"), "A3")

# How many daily and before-import backups are kept: storage.backups.DEFAULT_KEEP (a test
# keeps the two equal; importing the backup code here would load it before the first paint).
BACKUP_KEEP = IntSetting("backup/keep", 14, minimum=1)

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    VERSION,
    USER_NAME,
    FONT_SIZE,
    WINDOW_RECT,
    WINDOW_MAXIMIZED,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    HISTORY_SHOWN,
    CURRENT_TAB,
    INITIATIVES_SPLITTER,
    ORGANISATION_SPLITTER,
    PROGRESS_SPLITTER,
    PROGRESS_PANES,
    PROGRESS_DASHBOARD_SHOWN,
    IMPORT_FOLDER,
    EXPORT_FOLDER,
    EXPORT_PAPER,
    PRINT_FOLDER,
    PRINT_PAPER,
    PRINT_REPORT,
    OPEN_AFTER_SAVE,
    COMPARISON_FOLDER,
    COMPARISON_PAPER,
    BACKUP_KEEP,
)


def open_user_settings() -> QSettings:
    """The user's settings file (an INI file, readable by administrators), upgraded to this version."""
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ShiraokaCity", "shiraoka-dx")
    upgrade_settings(settings)
    return settings


def upgrade_settings(settings: QSettings) -> None:
    """Bring a file written by an earlier version up to :data:`SETTINGS_VERSION`, one step at a time.

    A file from a newer version is left as it is: what this version does not know, it does not read.
    """
    version = VERSION.read(settings)
    if version >= SETTINGS_VERSION:
        return
    for step in _UPGRADES[version:]:
        step(settings)
    VERSION.write(settings, SETTINGS_VERSION)


def _remember_rect_of_saved_geometry(settings: QSettings) -> None:
    """0 → 1: a window remembered only as Qt's geometry record is remembered as its rectangle.

    Kept for the versions before ``window/rect``; the window writes that record still, for them.
    """
    if WINDOW_RECT.read(settings) is not None:
        return
    geometry = WINDOW_GEOMETRY.read(settings)
    restored = _saved_geometry_rect(geometry) if geometry is not None else None
    if restored is not None:
        rect, maximized = restored
        WINDOW_RECT.write(settings, rect)
        WINDOW_MAXIMIZED.write(settings, maximized)


def _saved_geometry_rect(geometry: QByteArray) -> tuple[QRect, bool] | None:
    """The rectangle and maximized state that QWidget.restoreGeometry would give, or ``None`` if damaged.

    Qt's record (QWidget::saveGeometry): a magic number, the format's version, the frame and
    normal rectangles, the screen, maximized and full-screen flags, the screen's width and,
    from format 3, the rectangle itself.
    """
    from PySide6.QtCore import QDataStream  # only when upgrading an old file

    stream = QDataStream(geometry)
    stream.setVersion(QDataStream.Version.Qt_4_0)
    if stream.readUInt32() != 0x1D9D0CB:
        return None
    major = stream.readUInt16()
    stream.readUInt16()  # the minor version changes nothing read here
    frame, normal, rect = QRect(), QRect(), QRect()
    stream >> frame
    stream >> normal
    stream.readInt32()  # the screen
    maximized = bool(stream.readUInt8())
    full_screen = bool(stream.readUInt8())
    if major > 1:
        stream.readInt32()  # the screen's width
    if major > 2:
        stream >> rect
    if stream.status() != QDataStream.Status.Ok or not normal.isValid():
        return None
    if maximized or full_screen:
        return QRect(normal), maximized
    if major > 2 and rect.isValid():
        return QRect(rect), False
    return QRect(frame.topLeft(), normal.size()), False


def _make_room_for_the_progress_tab(settings: QSettings) -> None:
    """1 → 2: the 進捗 tab came in after 工程表, so the tabs after it moved one place on.

    A remembered 推進体制, 用語集 or 方針 (2, 3 or 4 before) is still that tab.
    """
    tab = settings.value(CURRENT_TAB.key)
    number = IntSetting(CURRENT_TAB.key, -1, 0, PROGRESS + 2).parse(tab)
    if number is not None and number >= PROGRESS:
        CURRENT_TAB.write(settings, number + 1)


# The step from each version to the next, by the version it starts from.
_UPGRADES: tuple[Callable[[QSettings], None], ...] = (_remember_rect_of_saved_geometry, _make_room_for_the_progress_tab)
