"""Writing export files: atomically, with a Japanese message when the destination cannot take them."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.writer.excel import ExcelWriter

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.exchange import FileWriteError, export_workbook
from shiraoka_dx_desktop.storage.database import Database

NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)


def test_a_failed_write_leaves_the_existing_file_as_it_was(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "policy.xlsx"
    path.write_bytes(b"the file from last week")

    def disk_full(self: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "save", disk_full)  # what zips the workbook into the file
    with pytest.raises(FileWriteError) as raised:
        export_workbook(database, path, now=NOW)
    assert "空き容量" in raised.value.message and "変更していません" in raised.value.message
    assert path.read_bytes() == b"the file from last week"
    assert list(folder.iterdir()) == [path]


def test_a_bug_while_writing_leaves_no_temporary_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def broken(self: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(ExcelWriter, "save", broken)
    with pytest.raises(RuntimeError):
        export_workbook(database, folder / "policy.xlsx", now=NOW)
    assert list(folder.iterdir()) == []


def test_a_file_open_in_excel_is_reported_and_kept(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.xlsx"
    path.write_bytes(b"open in Excel")

    def locked(source: object, target: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileWriteError) as raised:
        export_workbook(database, path, now=NOW)
    assert "開いている場合は閉じて" in raised.value.message
    assert path.read_bytes() == b"open in Excel"
    assert not list(tmp_path.glob(".policy.xlsx.*"))


def test_a_folder_without_write_permission_is_named(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(FileWriteError) as raised:
        export_workbook(database, tmp_path / "policy.xlsx", now=NOW)
    assert "書き込む権限がありません" in raised.value.message and str(tmp_path) in raised.value.message
    assert not (tmp_path / "policy.xlsx").exists()


def test_a_missing_folder_is_named(database: Database, tmp_path: Path) -> None:
    with pytest.raises(FileWriteError) as raised:
        export_workbook(database, tmp_path / "存在しない" / "policy.xlsx", now=NOW)
    assert "存在しない" in raised.value.message and "フォルダ" in raised.value.message


def test_command_line_writes_the_workbook(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "会議資料.xlsx"
    assert main(["--db", str(db_path), "export", "xlsx", str(out), "--paper", "A4"]) == 0
    assert "書き出しました" in capsys.readouterr().out
    assert int(openpyxl.load_workbook(out)["工程表"].page_setup.paperSize) == 9


def test_command_line_refuses_an_unwritable_destination(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "メモ.txt"
    not_a_folder.write_text("ファイル", encoding="utf-8")
    assert main(["--db", str(db_path), "export", "xlsx", str(not_a_folder / "out.xlsx")]) == 2
    captured = capsys.readouterr()
    assert "エラー:" in captured.err and "フォルダではありません" in captured.err
    assert captured.out == ""


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that apply")
def test_command_line_refuses_a_read_only_folder(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["--db", str(db_path), "export", "xlsx", str(folder / "out.xlsx")]) == 2
    finally:
        folder.chmod(0o700)
    assert "権限" in capsys.readouterr().err
