"""Words: the legend as the PDF says it, and the user name asked for plainly and used by every export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.domain.roadmap import LEGEND_INFERRED
from shiraoka_dx_desktop.services.printing.roadmap import LEGEND_INFERRED as PRINTED_LEGEND
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.app import terminal_user_name
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import ROADMAP, MainWindow
from shiraoka_dx_desktop.ui.models import RoadmapModel
from shiraoka_dx_desktop.ui.roadmap_page import LEGEND
from shiraoka_dx_desktop.user_name import configured_user_name, settings_file


def test_the_on_screen_legend_uses_the_printed_wording(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    assert "抽出" not in LEGEND and LEGEND_INFERRED in LEGEND and LEGEND_INFERRED in PRINTED_LEGEND
    window = MainWindow(Document(database, "tester"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(ROADMAP)
    model: RoadmapModel = window.roadmap_model
    tips = [
        model.index(row, column).data(3)  # ToolTipRole
        for row in range(model.rowCount())
        for column in range(1, model.columnCount())
    ]
    inferred = [tip for tip in tips if tip and LEGEND_INFERRED in tip]
    assert inferred and not [tip for tip in tips if tip and "抽出" in tip]


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_first_start_asks_for_section_and_name_with_an_empty_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []
    answers = iter([("", True), ("  市民課 白岡太郎 ", True)])

    def ask(parent, title, label, text=""):  # type: ignore[no-untyped-def]
        asked.append((label, text))
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", ask)
    settings = _settings(tmp_path)
    assert terminal_user_name(settings, "root") == "市民課 白岡太郎"
    assert [text for _label, text in asked] == ["", ""]  # never pre-filled with the login name
    assert "課名と氏名" in asked[0][0] and "例:" in asked[0][0]
    assert "空" in asked[1][0]  # Enter on an empty field asks again, saying why
    assert settings.value("user/name") == "市民課 白岡太郎"


def test_closing_the_question_records_nothing_and_asks_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("", False))
    settings = _settings(tmp_path)
    assert terminal_user_name(settings, "root") == "root"
    assert settings.value("user/name") is None


def test_the_command_line_reads_the_name_the_window_configured(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    for name in ("市民課 白岡太郎", "DX推進課 山田, 花子", 'ﾃｽﾄ "引用" \\ 課'):
        settings.setValue("user/name", name)
        settings.sync()
        assert configured_user_name(tmp_path / "settings.ini") == name
    assert configured_user_name(tmp_path / "none.ini") is None


def test_the_settings_file_is_where_the_window_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    qt = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ShiraokaCity", "shiraoka-dx")
    assert Path(qt.fileName()) == settings_file()


def test_a_command_line_export_names_the_configured_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    from openpyxl import load_workbook

    from shiraoka_dx_desktop.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("shiraoka_dx_desktop.user_name.sys.platform", "linux")
    qt = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    qt.setValue("user/name", "DX推進課 白岡花子")
    qt.sync()
    path = database.path
    database.close()
    assert main(["--db", str(path), "export", "xlsx", str(tmp_path / "out.xlsx")]) == 0
    cover = load_workbook(tmp_path / "out.xlsx")["表紙"]
    facts = {row[1].value: row[2].value for row in cover.iter_rows(min_row=1, max_row=20) if len(row) > 2}
    assert facts["書出した人"] == "DX推進課 白岡花子"
