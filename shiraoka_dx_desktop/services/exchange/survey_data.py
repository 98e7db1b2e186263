"""What one lead section's survey workbook holds: its initiatives and their records, and the names they use.

The records of the whole policy are read once (:func:`~.records.read_export_data`) and
split here by lead section in one pass, so thirty workbooks cost about what one does.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from .records import ExportData, ExportRecord

__all__ = ["SectionScope", "split_by_section"]

# Records no visible sheet of a survey edits that its rows are named by: in every survey, whole.
_SHARED = ("policy", "edition", "viewpoint", "section", "policy_area", "evaluation_grade")
# What belongs to an initiative, and through which column.
_OF_INITIATIVE = {"initiative": "id", "roadmap_cell": "initiative_id", "evaluation": "initiative_id"}


@dataclasses.dataclass(frozen=True)
class SectionScope:
    section_id: str
    section_name: str
    data: ExportData  # only this section's initiatives and their records


def split_by_section(data: ExportData, years: Iterable[int]) -> list[SectionScope]:
    """One scope per lead section that has initiatives, in the sections' order; ``years`` of evaluations kept."""
    kept_years = set(years)
    lead = {record.id: record.content["lead_section_id"] for record in data.records["initiative"]}
    indicator_section = {
        record.id: lead.get(record.content["initiative_id"]) for record in data.records.get("indicator", ())
    }

    def buckets(records: Iterable[ExportRecord]) -> dict[str, dict[str, list[ExportRecord]]]:
        by_section: dict[str, dict[str, list[ExportRecord]]] = defaultdict(lambda: defaultdict(list))
        for record in records:
            section = _section_of(record, lead, indicator_section, kept_years)
            if section is not None:
                by_section[section][record.entity].append(record)
        return by_section

    live, deleted = buckets(data.all_records()), buckets(data.deleted)
    scopes: list[SectionScope] = []
    for section in data.snapshot.sections:
        own = live.get(section.id, {})
        if not own.get("initiative"):
            continue
        ids = {record.id for record in own["initiative"]}
        records = {
            entity: list(data.records[entity] if entity in _SHARED else own.get(entity, ())) for entity in data.records
        }
        snapshot = dataclasses.replace(
            data.snapshot,
            initiatives=[item for item in data.snapshot.initiatives if item.id in ids],
            bodies=[],
            glossary=[],
        )
        gone = [record for records_ in deleted.get(section.id, {}).values() for record in records_]
        scoped = dataclasses.replace(data, snapshot=snapshot, records=records, deleted=gone)
        scopes.append(SectionScope(section.id, section.name, scoped))
    return scopes


def _section_of(
    record: ExportRecord, lead: dict[str, str | None], indicator_section: dict[str, str | None], years: set[int]
) -> str | None:
    content = record.content
    if record.entity in _OF_INITIATIVE:
        if record.entity == "evaluation" and content["fiscal_year"] not in years:
            return None
        initiative = record.id if record.entity == "initiative" else content["initiative_id"]
        return lead.get(initiative)
    if record.entity == "indicator":
        return lead.get(content["initiative_id"])
    if record.entity == "indicator_actual":
        return indicator_section.get(content["indicator_id"])
    return None
