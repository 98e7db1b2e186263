"""The settings file: every setting reads as its default whatever a hand-edited file holds; old files are upgraded."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui import screen_fit
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import PROGRESS, MainWindow
from shiraoka_dx_desktop.ui.settings import (
    ALL_SETTINGS,
    BACKUP_KEEP,
    EXPORT_PAPER,
    PRINT_PAPER,
    PRINT_REPORT,
    SETTINGS_VERSION,
    USER_NAME,
    VERSION,
    WINDOW_MAXIMIZED,
    WINDOW_RECT,
    BoolSetting,
    BytesSetting,
    ChoiceSetting,
    IntSetting,
    RectSetting,
    Setting,
    TextSetting,
    open_user_settings,
    upgrade_settings,
)
from shiraoka_dx_desktop.user_name import configured_user_name

# Values as a person might type them into the INI file, none of them of the setting's type.
_WRONG_TYPE: dict[type[Setting[Any]], tuple[str, ...]] = {
    IntSetting: ("巨大", "1.5", "", "3, 4", "@Rect(1 2 3 4)", "true"),
    BoolSetting: ("perhaps", "1", "yes", "3, 4", "@Rect(1 2 3 4)"),
    ChoiceSetting: ("3, 4", "@Rect(1 2 3 4)", "@ByteArray(A3)"),
    TextSetting: ("市民課, 白岡", "@Rect(1 2 3 4)", "@ByteArray(x)"),
    RectSetting: ("100 60 1000 600", "@ByteArray(x)", "3, 4", "@Size(1000 600)"),
    BytesSetting: ("state", "@Rect(1 2 3 4)", "3, 4"),
}


def _out_of_range(setting: Setting[Any]) -> list[str]:
    if isinstance(setting, IntSetting):
        return [str(setting.minimum - 1), *([str(setting.maximum + 1)] if setting.maximum is not None else [])]
    if isinstance(setting, ChoiceSetting):
        return ["B5", "ROADMAP"]
    if isinstance(setting, RectSetting):
        return ["@Rect(100 60 0 0)", "@Rect(100 60 -5 600)"]
    return []


def _sample(setting: Setting[Any]) -> object:
    """A value the setting holds (not its default)."""
    if isinstance(setting, IntSetting):
        return setting.maximum if setting.maximum is not None and setting.maximum != setting.default else 99
    if isinstance(setting, BoolSetting):
        return True
    if isinstance(setting, ChoiceSetting):
        return setting.choices[-1]
    if isinstance(setting, TextSetting):
        return "DX推進課 山田, 花子"
    if isinstance(setting, RectSetting):
        return QRect(100, 60, 1000, 600)
    return QByteArray(b"\x00\x01 state")


def _hand_edited(folder: Path, setting: Setting[Any], value: str) -> QSettings:
    group, _slash, key = setting.key.partition("/")
    path = folder / "hand-edited.ini"
    path.write_text(f"[{group}]\n{key}={value}\n", encoding="utf-8")
    return QSettings(str(path), QSettings.Format.IniFormat)


def _ids(setting: Setting[Any]) -> str:
    return setting.key


@pytest.mark.parametrize("setting", ALL_SETTINGS, ids=_ids)
def test_a_missing_value_reads_as_the_default(setting: Setting[Any], tmp_path: Path) -> None:
    assert setting.read(QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)) == setting.default


@pytest.mark.parametrize("setting", ALL_SETTINGS, ids=_ids)
def test_a_value_of_the_wrong_type_reads_as_the_default(setting: Setting[Any], tmp_path: Path) -> None:
    for value in _WRONG_TYPE[type(setting)]:
        assert setting.read(_hand_edited(tmp_path, setting, value)) == setting.default, value


@pytest.mark.parametrize("setting", [s for s in ALL_SETTINGS if _out_of_range(s)], ids=_ids)
def test_a_value_out_of_range_reads_as_the_default(setting: Setting[Any], tmp_path: Path) -> None:
    for value in _out_of_range(setting):
        assert setting.read(_hand_edited(tmp_path, setting, value)) == setting.default, value


@pytest.mark.parametrize("setting", ALL_SETTINGS, ids=_ids)
def test_a_value_written_is_read_back_after_a_restart(setting: Setting[Any], tmp_path: Path) -> None:
    path = str(tmp_path / "s.ini")
    written = QSettings(path, QSettings.Format.IniFormat)
    setting.write(written, _sample(setting))
    written.sync()
    assert setting.read(QSettings(path, QSettings.Format.IniFormat)) == _sample(setting)


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    setting=st.sampled_from(ALL_SETTINGS),
    value=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30).filter(
        lambda text: not text.lstrip().startswith("@Variant")  # Qt itself warns about those
    ),
)
def test_whatever_is_typed_into_the_file_reading_never_fails(setting: Setting[Any], value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        read = setting.read(_hand_edited(Path(folder), setting, value))
    assert read == setting.default or setting.parse(read) == read


def test_a_damaged_file_reads_as_every_default(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    path.write_bytes(b"\x00\xff\xfe garbage [window]\nrect=@Rect(\n")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert [setting.read(settings) for setting in ALL_SETTINGS] == [setting.default for setting in ALL_SETTINGS]


def test_the_defaults_agree_with_the_layers_and_dialogs_that_use_them() -> None:
    from shiraoka_dx_desktop.services.exchange.schema import Paper as ExportPaper
    from shiraoka_dx_desktop.services.printing import Paper, Report
    from shiraoka_dx_desktop.storage.backups import DEFAULT_KEEP

    assert BACKUP_KEEP.default == DEFAULT_KEEP
    assert EXPORT_PAPER.choices == get_args(ExportPaper)
    assert PRINT_PAPER.choices == get_args(Paper)
    assert PRINT_REPORT.choices == get_args(Report)
    assert len({setting.key for setting in ALL_SETTINGS}) == len(ALL_SETTINGS)


def test_the_command_line_reads_the_user_name_the_window_wrote(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    USER_NAME.write(settings, "市民課 白岡太郎")
    settings.sync()
    assert configured_user_name(tmp_path / "s.ini") == "市民課 白岡太郎"


# -- upgrades ---------------------------------------------------------------------------------


def _file_of_an_earlier_version(tmp_path: Path, geometry: QByteArray) -> Path:
    """A settings file as versions before window/rect left it: Qt's geometry record, no version."""
    path = tmp_path / "earlier.ini"
    earlier = QSettings(str(path), QSettings.Format.IniFormat)
    earlier.setValue("window/geometry", geometry)
    earlier.setValue("view/font_size", 14)
    earlier.sync()
    return path


def _saved_geometry(qtbot: QtBot, rect: QRect, *, maximized: bool = False) -> QByteArray:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setGeometry(rect)
    if maximized:
        widget.showMaximized()
        qtbot.waitUntil(widget.isMaximized)
    return widget.saveGeometry()


@pytest.fixture
def large_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget: QRect(0, 0, 1920, 1040))


def test_an_unversioned_file_with_the_old_geometry_opens_the_window_where_it_was(
    qtbot: QtBot, database: Database, tmp_path: Path, large_screen: None
) -> None:
    path = _file_of_an_earlier_version(tmp_path, _saved_geometry(qtbot, QRect(100, 60, 1000, 600)))
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    upgrade_settings(settings)
    settings.sync()

    again = QSettings(str(path), QSettings.Format.IniFormat)
    assert VERSION.read(again) == SETTINGS_VERSION
    assert f"[settings]\nversion={SETTINGS_VERSION}\n" in path.read_text(encoding="utf-8")
    assert WINDOW_RECT.read(again) == QRect(100, 60, 1000, 600) and not WINDOW_MAXIMIZED.read(again)
    window = MainWindow(Document(database, "tester"), again)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.geometry() == QRect(100, 60, 1000, 600)
    assert window.font_size() == 14  # the rest of the file as it was


def test_a_window_that_was_maximized_opens_maximized_after_the_upgrade(
    qtbot: QtBot, database: Database, tmp_path: Path, large_screen: None
) -> None:
    geometry = _saved_geometry(qtbot, QRect(100, 60, 1000, 600), maximized=True)
    settings = QSettings(str(_file_of_an_earlier_version(tmp_path, geometry)), QSettings.Format.IniFormat)
    upgrade_settings(settings)
    assert WINDOW_RECT.read(settings) == QRect(100, 60, 1000, 600) and WINDOW_MAXIMIZED.read(settings)
    window = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.isMaximized)
    assert window.normalGeometry() == QRect(100, 60, 1000, 600)


def test_a_file_that_remembers_the_rectangle_keeps_it(qtbot: QtBot, tmp_path: Path) -> None:
    # What the last unversioned version wrote: both; the rectangle is what it read.
    settings = QSettings(
        str(_file_of_an_earlier_version(tmp_path, _saved_geometry(qtbot, QRect(5, 5, 400, 300)))),
        QSettings.Format.IniFormat,
    )
    WINDOW_RECT.write(settings, QRect(100, 60, 1000, 600))
    upgrade_settings(settings)
    assert WINDOW_RECT.read(settings) == QRect(100, 60, 1000, 600)
    assert VERSION.read(settings) == SETTINGS_VERSION


def test_a_damaged_geometry_record_is_dropped_and_the_version_written(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    path.write_text("[window]\ngeometry=@ByteArray(xx)\n", encoding="utf-8")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    upgrade_settings(settings)
    assert WINDOW_RECT.read(settings) is None and VERSION.read(settings) == SETTINGS_VERSION


@pytest.mark.parametrize(
    ("stored", "title"), [(0, "取組項目"), (1, "工程表"), (2, "推進体制"), (3, "用語集"), (4, "方針")]
)
def test_the_tab_left_open_before_the_progress_tab_came_is_the_tab_that_opens(
    qtbot: QtBot, database: Database, tmp_path: Path, stored: int, title: str
) -> None:
    path = tmp_path / "version-1.ini"
    path.write_text(f"[settings]\nversion=1\n[window]\ntab={stored}\n", encoding="utf-8")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    upgrade_settings(settings)
    window = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.tabText(window.tabs.currentIndex()) == title
    assert window.tabs.built(PROGRESS) is None  # and the new tab is not built for it


def test_a_file_from_a_newer_version_is_left_as_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    path = _file_of_an_earlier_version(tmp_path, _saved_geometry(qtbot, QRect(100, 60, 1000, 600)))
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    VERSION.write(settings, SETTINGS_VERSION + 1)
    upgrade_settings(settings)
    assert VERSION.read(settings) == SETTINGS_VERSION + 1 and WINDOW_RECT.read(settings) is None


def test_the_user_settings_file_is_upgraded_as_it_is_opened(qtbot: QtBot, tmp_path: Path) -> None:
    scope = (QSettings.Format.IniFormat, QSettings.Scope.UserScope)
    usual = Path(QSettings(*scope, "ShiraokaCity", "shiraoka-dx").fileName()).parent.parent
    QSettings.setPath(*scope, str(tmp_path))
    try:
        folder = tmp_path / "ShiraokaCity"
        folder.mkdir()
        earlier = _file_of_an_earlier_version(tmp_path, _saved_geometry(qtbot, QRect(100, 60, 1000, 600)))
        earlier.rename(folder / "shiraoka-dx.ini")
        settings = open_user_settings()
        assert Path(settings.fileName()) == folder / "shiraoka-dx.ini"
        assert VERSION.read(settings) == SETTINGS_VERSION
        assert WINDOW_RECT.read(settings) == QRect(100, 60, 1000, 600)
    finally:
        QSettings.setPath(*scope, str(usual))
