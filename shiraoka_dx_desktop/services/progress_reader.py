"""The progress records an edit changed, read again: evaluations and indicators by id, and one year's evaluations.

The 進捗 tab holds the year's progress (:func:`.progress.load_progress`).  After an edit it
reads again only the records the edit changed, and on a change of year only that year's
evaluations (an indicator carries every year's actuals), with the standard library's
``sqlite3`` as the snapshot does: a value edit never reads the whole progress again.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterator, Sequence

from ..storage.database import Database
from .progress import EvaluationView, IndicatorView
from .snapshot import Stamp, stored_time

__all__ = ["load_evaluations", "load_indicators", "load_year_evaluations", "read_evaluations", "read_indicators"]

_IDS_PER_QUERY = 10_000  # well under SQLite's limit of 32,766 parameters per statement
_EVALUATION_COLUMNS = "SELECT id, initiative_id, fiscal_year, grade_id, result, issues, next_steps, updated_at, updated_by FROM evaluation"
# A record made from its fields at once, without a call of the NamedTuple's own __new__ (which takes
# keywords): tens of thousands of them are made when the tab opens.
_new = tuple.__new__
_INDICATOR_COLUMNS = (
    "SELECT id, initiative_id, position, name, unit, base_value, base_year, target_value, target_year FROM indicator"
)


def _evaluations(rows: Iterator[tuple[str, str, int, str | None, str, str, str, str, str]]) -> Iterator[EvaluationView]:
    # Records written in one transaction (an import, a pasted range) share their time: read it once.
    times: dict[str, dt.datetime] = {}
    for record_id, initiative_id, year, grade_id, result, issues, next_steps, at, by in rows:
        moment = times.get(at)
        if moment is None:
            moment = times[at] = stored_time(at)
        stamp = _new(Stamp, (moment, by))
        yield _new(EvaluationView, (record_id, initiative_id, year, grade_id, result, issues, next_steps, stamp))


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    wanted = list(ids)
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        yield wanted[start : start + _IDS_PER_QUERY]


def _placeholders(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def read_evaluations(
    connection: sqlite3.Connection, where: str, parameters: Sequence[object] = ()
) -> Iterator[EvaluationView]:
    """The evaluations ``where`` selects (an SQL ``WHERE …`` clause over the evaluation table)."""
    return _evaluations(connection.execute(f"{_EVALUATION_COLUMNS} {where}", parameters))


def read_indicators(
    connection: sqlite3.Connection, clause: str, parameters: Sequence[object] = (), actual_ids: list[str] | None = None
) -> Iterator[IndicatorView]:
    """The indicators ``clause`` selects, each with every year's actual (of ``actual_ids`` only, when given)."""
    actuals = _actuals(connection, actual_ids)
    for row in connection.execute(f"{_INDICATOR_COLUMNS} {clause}", parameters):
        yield _new(IndicatorView, (*row, actuals.pop(row[0], None) or {}))  # each indicator's own dict


def load_year_evaluations(database: Database, fiscal_year: int) -> dict[str, EvaluationView]:
    """Every evaluation of ``fiscal_year``, by initiative id."""
    with database.reader() as connection:
        return {
            view.initiative_id: view for view in read_evaluations(connection, "WHERE fiscal_year = ?", (fiscal_year,))
        }


def load_evaluations(database: Database, ids: Collection[str]) -> dict[str, EvaluationView | None]:
    """The evaluations ``ids`` as they are now, whatever their year; ``None`` for one that no longer exists."""
    found: dict[str, EvaluationView | None] = dict.fromkeys(ids)
    with database.reader() as connection:
        for chunk in _chunks(ids):
            found.update(
                (view.id, view) for view in read_evaluations(connection, f"WHERE id IN ({_placeholders(chunk)})", chunk)
            )
    return found


def load_indicators(database: Database, ids: Collection[str]) -> dict[str, IndicatorView | None]:
    """The indicators ``ids`` with every year's actual; ``None`` for one that no longer exists."""
    found: dict[str, IndicatorView | None] = dict.fromkeys(ids)
    with database.reader() as connection:
        for chunk in _chunks(ids):
            clause = f"WHERE id IN ({_placeholders(chunk)})"
            found.update((view.id, view) for view in read_indicators(connection, clause, chunk, actual_ids=chunk))
    return found


def _actuals(connection: sqlite3.Connection, ids: list[str] | None) -> dict[str, dict[int, float]]:
    """Every year's actual of the indicators ``ids`` (of every indicator when ``None``)."""
    query = "SELECT indicator_id, fiscal_year, value FROM indicator_actual"
    if ids is not None:
        query += f" WHERE indicator_id IN ({_placeholders(ids)})"
    actuals: dict[str, dict[int, float]] = {}
    for indicator_id, year, value in connection.execute(query, ids or ()):
        found = actuals.get(indicator_id)
        if found is None:
            actuals[indicator_id] = {year: value}
        else:
            found[year] = value
    return actuals
