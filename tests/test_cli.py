"""The command line as an administrator uses it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shiraoka_dx_desktop import __version__
from shiraoka_dx_desktop.cli import main

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )


def test_check_json_on_a_new_database_reports_the_whole_policy(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    result = _run("--db", str(path), "check", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    counts = report["counts"]
    assert counts["areas"] == 7
    assert counts["initiatives"] == 28
    assert counts["glossary_terms"] == 30
    assert counts["editions"] == 3
    assert counts["bodies"] == 9
    assert counts["sections"] > 0 and counts["roadmap_cells"] > 0
    assert path.exists()


def test_check_prints_counts_in_japanese(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "取組項目" in out and "28 件" in out
    assert "結果: 正常です。" in out


def test_environment_variable_chooses_the_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json"], environ={"SHIRAOKA_DX_DB": str(db_path)}) == 0
    assert json.loads(capsys.readouterr().out)["database"] == str(db_path)


def test_check_fails_on_a_database_with_problems(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE initiative SET name = '改ざん' WHERE name = '条例改正'")
    connection.close()
    assert main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "1 件の問題" in out and "アプリケーションの外で変更" in out


def test_check_on_a_damaged_file_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + os.urandom(8192))
    before = path.read_bytes()
    result = _run("--db", str(path), "check", "--json")
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and "破損" in payload["error"]
    assert path.read_bytes() == before


def test_check_on_a_non_sqlite_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("ただのテキストファイル", encoding="utf-8")
    result = _run("--db", str(path), "check")
    assert result.returncode == 2
    assert "SQLite形式" in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_without_a_display_the_window_says_so_in_one_line(tmp_path: Path) -> None:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--db", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**environment, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux can lack a display")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "ディスプレイ" in lines[0]


def test_progress_lists_each_lead_sections_entries_for_the_year(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from shiraoka_dx_desktop.services.editing import Editor
    from shiraoka_dx_desktop.services.edits import set_initiative
    from shiraoka_dx_desktop.services.snapshot import load_snapshot
    from shiraoka_dx_desktop.storage.opening import open_database

    from .progress_entries import enter_progress

    database = open_database(db_path)
    snapshot = load_snapshot(database)
    citizens = next(s.id for s in snapshot.sections if s.name == "市民課")
    # The first six initiatives are 市民課's; the entries (tests/progress_entries.py) are on five of them.
    Editor(database, "事務局").apply([set_initiative(i.id, lead_section_id=citizens) for i in snapshot.initiatives[:6]])
    enter_progress(database)
    database.close()
    assert main(["--db", str(db_path), "progress", "--year", "令和7年度", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["fiscal_year"], report["label"]) == (2025, "令和7年度")
    rows = {row["section"]: row for row in report["sections"]}
    assert rows["市民課"] == {"section": "市民課", "initiatives": 6, "entered": 5, "missing": 1, "returned_at": None}
    assert rows[""] == {"section": "", "initiatives": 22, "entered": 0, "missing": 22, "returned_at": None}
    assert main(["--db", str(db_path), "progress", "--year", "R7"]) == 0
    printed = capsys.readouterr().out
    assert "令和7年度の進捗の記入状況" in printed and "市民課" in printed and "（事業主管課が未設定）" in printed
    # Another year has nothing entered; a year outside the plan is refused with what to type.
    assert main(["--db", str(db_path), "progress", "--year", "2026", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["entered"] == 0
    assert main(["--db", str(db_path), "progress", "--year", "R12"]) == 2
    assert "計画期間（令和5年度〜令和9年度）の外です" in capsys.readouterr().err


def test_output_cut_short_by_its_reader_ends_quietly(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`shiraoka-dx edition list | head -1`: the reader goes away; no traceback, the shell's status for it."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise io.UnsupportedOperation("no descriptor in a test")

    main(["--db", str(db_path), "check"])  # the database made, outside the cut
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["--db", str(db_path), "edition", "list"]) == 141
    assert "Traceback" not in capsys.readouterr().err
