"""The application never opens a socket nor looks up a name: start-up, editing, export and import under a guard."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.exchange import export_workbook
from shiraoka_dx_desktop.services.importing.service import Decisions, apply_import, prepare_import
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow


class NetworkUsedError(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def guarded(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise NetworkUsedError(f"network used: {name}{args!r}")

        return guarded

    # Unix-domain sockets are local IPC, not network; everything else is refused.
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = socket.AF_INET, *args: object, **kwargs: object) -> None:
            if family != getattr(socket, "AF_UNIX", None):
                attempts.append("socket")
                raise NetworkUsedError(f"network socket of family {family}")
            super().__init__(family, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts
    assert attempts == []


def test_start_edit_export_import_without_network(
    no_network: list[str], qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    window = MainWindow(Document(database, "委員A"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
    model = window.roadmap_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "条例改正")
    assert model.setData(model.index(row, 5), "検討")
    window.document.preload_editor().join()
    exported = tmp_path / "out.xlsx"
    export_workbook(database, exported, user="委員A")
    workbook = openpyxl.load_workbook(exported)
    workbook["用語集"].append(["ノーコード", "のーこーど", "説明", None])
    workbook.save(tmp_path / "back.xlsx")
    prepared = prepare_import(database, tmp_path / "back.xlsx")
    apply_import(database, prepared, "委員A", Decisions({}))
    assert "ノーコード" in {term.term for term in load_snapshot(database).glossary}
    # No Qt network or web module was loaded on the way.
    loaded = {name for name in sys.modules if name.startswith("PySide6.")}
    assert not {name for name in loaded if "Network" in name or "Web" in name}
