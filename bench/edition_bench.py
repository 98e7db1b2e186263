"""Making an edition of a large policy (issue 15: under 2 s for 10,000 initiatives), against a plain copy.

    python -m bench.edition_bench --db /tmp/p10k.sqlite [--runs 3]

Works on a copy of ``--db`` (SQLite's backup API, never the file itself).  Timed in this process,
alternating, after one edit has loaded the write path (as the window does before the first edit):

* ``create_edition``: the edition's record and every record of every kind frozen in one transaction
  (read, JSON, zlib, written), committed;
* baseline: the same rows read with plain ``sqlite3`` and written as they are into a new table of
  the same database (``CREATE TABLE … AS SELECT`` for each table), committed: a plain copy of the data.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.editions import create_edition, edition_snapshot
from shiraoka_dx_desktop.services.edits import set_policy
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.storage.record_kinds import RECORD_TABLES


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()
    return target


def _plain_copy(path: Path, run: int) -> float:
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    for table in RECORD_TABLES:
        connection.execute(f"CREATE TABLE plain_{run}_{table} AS SELECT * FROM {table}")
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = _copy(arguments.db, Path(folder) / "policy.sqlite")
        database = open_database(path)  # an older database is upgraded here, its newest edition frozen
        snapshot = load_snapshot(database)
        Editor(database, "bench").apply([set_policy(snapshot.policy_id, title=snapshot.title + " ")])
        made, plain = [], []
        for run in range(arguments.runs):
            started = time.perf_counter()
            create_edition(database, f"ベンチ第{run + 1}版", year=2026, month=4, user="bench")
            made.append(time.perf_counter() - started)
            plain.append(_plain_copy(path, run))
        started = time.perf_counter()
        back = edition_snapshot(database, f"ベンチ第{arguments.runs}版")
        read_back = time.perf_counter() - started
        database.close()
        size = sqlite3.connect(path).execute("SELECT max(length(records)) FROM edition_snapshot").fetchone()[0]
    print(f"{len(snapshot.initiatives):,d} initiatives; frozen edition {size / 1e6:.1f} MB")
    print(f"create_edition: median {statistics.median(made):.2f} s (runs {', '.join(f'{t:.2f}' for t in made)})")
    print(f"plain copy of the same rows: median {statistics.median(plain):.2f} s")
    print(f"ratio {statistics.median(made) / statistics.median(plain):.2f}×; read back as it was: {read_back:.2f} s")
    print(f"read back holds {len(back.initiatives):,d} initiatives")


if __name__ == "__main__":
    main()
