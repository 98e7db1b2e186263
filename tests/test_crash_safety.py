"""Killing the process at random moments never damages the database nor loses an edit reported as saved.

A child process (forked, so that each of the 200 runs starts in milliseconds)
makes edits, or imports workbooks, and reports each one on a pipe once it is
committed; the parent kills it with SIGKILL at a random moment, then checks
the file's integrity and that every reported edit is there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from shiraoka_dx_desktop.domain.identity import derived_id
from shiraoka_dx_desktop.services.editing import Editor, prepare
from shiraoka_dx_desktop.services.edits import Upsert
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.opening import open_database

from .conftest import copy_database
from .terminals import Terminal

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a child to kill it")

EDIT_KILLS = 160
IMPORT_KILLS = 40
KIOSK = "キオスク端末の導入"


def _run_child(work) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Fork a child running ``work(report)``; returns its pid and the read end of its report pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        os.close(read)
        try:
            work(lambda text: os.write(write, f"{text}\n".encode()))
        finally:
            os._exit(0)
    os.close(write)
    return pid, [str(read)]


def _kill_and_collect(pid: int, read_fd: int, delay: float) -> list[str]:
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    return b"".join(chunks).decode().split()


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        connection.execute("PRAGMA foreign_key_check").fetchall()
    connection.close()
    return str(result)


def _terms(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = {row[0] for row in connection.execute("SELECT term FROM glossary_term WHERE term LIKE 'kill-%'")}
    connection.close()
    return rows


@pytest.mark.slow
def test_killed_during_edits(db_path: Path) -> None:
    prepare()  # the ORM set up before forking, so each child starts editing at once
    rng = random.Random(20261125)
    reported_total = 0
    for run in range(EDIT_KILLS):

        def work(report, run: int = run) -> None:  # type: ignore[no-untyped-def]
            database = open_database(db_path)
            editor = Editor(database, f"kill-{run}")
            for number in range(1, 10_000):
                term = f"kill-{run}-{number}"
                editor.apply(
                    [Upsert("glossary_term", derived_id("kill", term), {"term": term, "position": 1000 + number})]
                )
                report(term)

        pid, (read_fd,) = _run_child(work)
        reported = _kill_and_collect(pid, int(read_fd), rng.uniform(0.0, 0.25))
        assert _integrity(db_path) == "ok", f"run {run}"
        present = _terms(db_path)
        missing = [term for term in reported if term not in present]
        assert missing == [], f"run {run}: reported as saved but lost: {missing[:3]}"
        reported_total += len(reported)
    database = open_database(db_path)
    report = run_checks(database)
    database.close()
    assert report.ok, report.problems
    assert reported_total > EDIT_KILLS  # the kills did land among committed edits
    print(f"{EDIT_KILLS} kills during edits, {reported_total} edits reported and all kept", file=sys.stderr)


@pytest.mark.slow
def test_killed_during_imports(tmp_path: Path, pristine_database: Path) -> None:
    from shiraoka_dx_desktop.services.importing.service import Decisions, apply_import, load_import_log, prepare_import
    from shiraoka_dx_desktop.services.snapshot import load_snapshot

    colleague = Terminal(tmp_path / "colleague", "市民課", pristine_database)
    files = []
    for number in range(1, 6):  # a chain of files, each newer than the last
        colleague.describe(KIOSK, f"版{number}")
        files.append(colleague.export())
    colleague.close()
    path = copy_database(pristine_database, tmp_path / "secretariat.sqlite")
    rng = random.Random(7)
    imported = 0
    for run in range(IMPORT_KILLS):

        def work(report) -> None:  # type: ignore[no-untyped-def]
            database = open_database(path)
            for number, file in enumerate(files, 1):
                prepared = prepare_import(database, file)
                apply_import(database, prepared, "事務局", Decisions({}))
                report(str(number))

        pid, (read_fd,) = _run_child(work)
        reported = _kill_and_collect(pid, int(read_fd), rng.uniform(0.0, 1.5))
        assert _integrity(path) == "ok", f"run {run}"
        database = open_database(path)
        description = next(i for i in load_snapshot(database).initiatives if i.name == KIOSK).description
        logged = len(load_import_log(database))
        database.close()
        if reported:
            newest = int(reported[-1])
            # What was reported is there, or something newer that committed just before the kill.
            assert int(description.removeprefix("版")) >= newest, f"run {run}"
            assert logged >= len(reported)
        imported += len(reported)
        # Start the next run from the beginning of the chain again.
        copy_database(pristine_database, path)
    assert imported > 0
    print(f"{IMPORT_KILLS} kills during imports, {imported} imports reported and all kept", file=sys.stderr)
