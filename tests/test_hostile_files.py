"""Mutated workbooks, backups and settings: a clear message or a clean result, never a crash, a hang or a partial write."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.services.edits import EditRefusedError
from shiraoka_dx_desktop.services.importing.service import Decisions, apply_import
from shiraoka_dx_desktop.storage.backups import BackupError, restore_backup
from shiraoka_dx_desktop.storage.errors import KnownError
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow
from shiraoka_dx_desktop.ui.settings import DEFAULT_FONT_SIZE

from .terminals import Terminal


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, pristine_database: Path) -> Path:
    terminal = Terminal(tmp_path_factory.mktemp("source"), "市民課", pristine_database)
    terminal.describe("キオスク端末の導入", "市民課の説明")
    path = terminal.export()
    terminal.close()
    return path


@pytest.fixture(scope="module")
def secretariat(tmp_path_factory: pytest.TempPathFactory, pristine_database: Path) -> Iterator[Terminal]:
    terminal = Terminal(tmp_path_factory.mktemp("secretariat"), "事務局", pristine_database)
    yield terminal
    terminal.close()


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in entries:
            archive.writestr(info.filename, content)
    return buffer.getvalue()


def _mutate(data: bytes, kind: str, seed: int) -> bytes:
    rng = random.Random(seed)
    if kind == "truncate":
        return data[: rng.randrange(1, len(data))]
    if kind == "flip":
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            mutated[rng.randrange(len(mutated))] ^= 1 << rng.randrange(8)
        return bytes(mutated)
    entries = _entries(data)
    if kind == "shuffle":
        rng.shuffle(entries)
        return _zip(entries)
    if kind == "drop":
        del entries[rng.randrange(len(entries))]
        return _zip(entries)
    if kind == "huge_cell":
        index = next(i for i, (info, _c) in enumerate(entries) if info.filename.startswith("xl/worksheets/sheet3"))
        info, content = entries[index]
        text = content.decode("utf-8")
        marker = "<is><t>"
        position = text.find(marker)
        if position >= 0:
            text = text[: position + len(marker)] + "長" * 200_000 + text[position + len(marker) :]
        entries[index] = (info, text.encode("utf-8"))
        return _zip(entries)
    if kind == "deep_nesting":
        index = next(i for i, (info, _c) in enumerate(entries) if info.filename == "xl/workbook.xml")
        info, content = entries[index]
        nest = "<x>" * 50_000 + "</x>" * 50_000
        entries[index] = (info, content.replace(b"</workbook>", nest.encode() + b"</workbook>"))
        return _zip(entries)
    if kind == "garbage_part":
        info, _content = entries[rng.randrange(len(entries))]
        entries = [
            (i, c if i.filename != info.filename else bytes(rng.randrange(256) for _ in range(200))) for i, c in entries
        ]
        return _zip(entries)
    raise AssertionError(kind)


KINDS = ["truncate", "flip", "shuffle", "drop", "huge_cell", "deep_nesting", "garbage_part"]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(kind=st.sampled_from(KINDS), seed=st.integers(min_value=0, max_value=10_000))
def test_a_mutated_workbook_is_refused_clearly_or_imported_cleanly(
    workbook: Path, secretariat: Terminal, tmp_path_factory: pytest.TempPathFactory, kind: str, seed: int
) -> None:
    path = tmp_path_factory.mktemp("mutated") / f"{kind}-{seed}.xlsx"
    path.write_bytes(_mutate(workbook.read_bytes(), kind, seed))
    before = secretariat.state()
    try:
        prepared = secretariat.prepare(path)
    except KnownError as error:
        assert path.name in error.message and "データベースは変更していません" in error.message
        assert secretariat.state() == before
        return
    try:
        apply_import(secretariat.database, prepared, "事務局", Decisions({}))  # conflicts: ValueError
    except (EditRefusedError, ValueError):
        assert secretariat.state() == before  # refused as a whole: nothing half written
        return
    # Imported: the result is a consistent database (undo it for the next example).
    from shiraoka_dx_desktop.storage.checks import run_checks

    assert run_checks(secretariat.database).ok


def test_a_damaged_backup_is_refused_whatever_the_damage(db_path: Path, tmp_path: Path) -> None:
    data = db_path.read_bytes()
    rng = random.Random(3)
    before = db_path.read_bytes()
    for number in range(12):
        broken = tmp_path / f"broken-{number}.sqlite"
        mutated = bytearray(data[: rng.randrange(100, len(data))] if number % 2 else data)
        for _ in range(50):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        broken.write_bytes(bytes(mutated))
        try:
            restore_backup(db_path, broken)
        except BackupError as error:
            assert broken.name in error.message
            assert db_path.read_bytes() == before
        else:  # the damage missed everything SQLite checks: then the restore is a whole database
            before = db_path.read_bytes()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff\xfe garbage",
        "[view]\nfont_size=巨大\n[window]\ngeometry=@ByteArray(xx)\ntab=-7\n".encode(),
        b"[view]\nfont_size=100000\n[window]\ntab=999\n",
    ],
)
def test_a_damaged_settings_file_falls_back_to_defaults(
    qtbot: QtBot, db_path: Path, tmp_path: Path, content: bytes
) -> None:
    from shiraoka_dx_desktop.storage.opening import open_database

    path = tmp_path / "settings.ini"
    path.write_bytes(content)
    database = open_database(db_path)
    window = MainWindow(Document(database, "委員A"), QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert window.font_size() == DEFAULT_FONT_SIZE
    assert 0 <= window.tabs.currentIndex() < window.tabs.count()
    window.close()
    database.close()
