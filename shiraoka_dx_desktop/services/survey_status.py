"""When each lead section's survey workbook came back: read from the import log.

An imported survey workbook is logged with its year and section (``summary["survey"]``,
see :func:`~.importing.service.import_report`), whether it brought changes or none.
"""

from __future__ import annotations

import datetime as dt
import json

from ..storage.database import Database
from .snapshot import PolicySnapshot, stored_time

__all__ = ["planned_surveys", "returned_at", "returned_by_section_name"]


def planned_surveys(snapshot: PolicySnapshot) -> tuple[list[tuple[str, int]], int]:
    """The sections a round of surveys goes to, each with its initiatives, in the sections' order;
    and how many initiatives have no lead section (and so go to none)."""
    counts: dict[str, int] = {}
    for initiative in snapshot.initiatives:
        counts[initiative.lead_section] = counts.get(initiative.lead_section, 0) + 1
    planned = [(s.name, counts[s.name]) for s in snapshot.sections if s.name and counts.get(s.name)]
    return planned, counts.get("", 0)


def returned_at(database: Database) -> dict[int, dict[str, dt.datetime]]:
    """Per fiscal year, per lead section id: when its survey for that year was last imported here."""
    returned: dict[int, dict[str, dt.datetime]] = {}
    with database.reader() as connection:
        query = "SELECT imported_at, summary FROM import_log WHERE summary LIKE '%\"survey\"%' ORDER BY id"
        for imported_at, text in connection.execute(query):
            try:
                survey = json.loads(text).get("survey") or {}
            except (ValueError, AttributeError):
                continue
            year, section_id = survey.get("fiscal_year"), survey.get("section_id")
            if isinstance(year, int) and isinstance(section_id, str):
                returned.setdefault(year, {})[section_id] = stored_time(imported_at)
    return returned


def returned_by_section_name(database: Database, snapshot: PolicySnapshot) -> dict[int, dict[str, dt.datetime]]:
    """The same, by the section's name (as the progress tables name sections)."""
    names = {section.id: section.name for section in snapshot.sections}
    return {
        year: {names[sid]: moment for sid, moment in sections.items() if sid in names}
        for year, sections in returned_at(database).items()
    }
