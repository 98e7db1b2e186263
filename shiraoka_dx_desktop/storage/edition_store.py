"""Editions frozen: every record of every kind as it stood when an edition was made, and read back.

The rows are stored as they are in their tables (every column, bookkeeping included, under the
column's name), as JSON compressed with zlib, with the schema revision they were written under.
A later migration that renames or drops a column converts these rows too; reading takes the
columns by name, so a row written before a column was added simply lacks it.  Nothing here
changes a frozen row: an edition is immutable.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, text

from .record_kinds import RECORD_TABLES

__all__ = ["FORMAT_VERSION", "freeze", "freeze_newest_if_missing", "thaw"]

FORMAT_VERSION = 1


def _rows(connection: Connection) -> dict[str, dict[str, Any]]:
    # The driver's own cursor, in the same transaction: hundreds of thousands of rows need no result processing.
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    tables: dict[str, dict[str, Any]] = {}
    try:
        for table in RECORD_TABLES:
            columns = [str(row[1]) for row in cursor.execute(f"PRAGMA table_info({table})").fetchall()]
            rows = cursor.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            tables[table] = {"columns": columns, "rows": rows}
    finally:
        cursor.close()
    return tables


def freeze(connection: Connection, edition_id: str, *, note: str, user: str, now: dt.datetime) -> None:
    """Write the snapshot of ``edition_id``: every record as the transaction of ``connection`` sees it."""
    head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    payload = json.dumps(
        {"format": FORMAT_VERSION, "tables": _rows(connection)}, ensure_ascii=False, separators=(",", ":")
    )
    connection.execute(
        text(
            "INSERT INTO edition_snapshot (edition_id, format_version, schema_revision, records, note, frozen_at,"
            " frozen_by) VALUES (:edition, :format, :schema, :records, :note, :at, :by)"
        ),
        {
            "edition": edition_id,
            "format": FORMAT_VERSION,
            "schema": str(head or ""),
            "records": zlib.compress(payload.encode("utf-8"), 1),  # level 6 is 20 % smaller, three times slower
            "note": note,
            "at": now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" "),
            "by": user,
        },
    )


def freeze_newest_if_missing(connection: Connection, *, user: str, now: dt.datetime) -> None:
    """The newest edition frozen from the data as it is, if it has no snapshot (a database created or
    upgraded: its data is the newest edition's as far as anyone can tell)."""
    newest = connection.exec_driver_sql(
        "SELECT id FROM edition WHERE id NOT IN (SELECT edition_id FROM edition_snapshot)"
        " AND number = (SELECT max(number) FROM edition)"
    ).scalar()
    if newest is not None:
        freeze(connection, str(newest), note="", user=user, now=now)


def thaw(records: bytes) -> Mapping[str, list[dict[str, Any]]]:
    """Every frozen row, by table, as a mapping of column name to stored value."""
    payload = json.loads(zlib.decompress(records).decode("utf-8"))
    return {
        table: [dict(zip(stored["columns"], row, strict=True)) for row in stored["rows"]]
        for table, stored in payload["tables"].items()
    }
