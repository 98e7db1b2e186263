"""A lead section's survey read back: only its initiatives are its to change.

A survey workbook (各課への照会) holds one section's initiatives.  Its base is limited to
them (so a record the file never held is not read as deleted there, even when the base
comes from this terminal's history), and a record of another section's initiative that
turns up in it is flagged for the user to decide, not taken.  A new initiative the
section adds without naming a lead section is the section's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...storage.record_kinds import KINDS
from ..exchange.schema import Survey
from .state import Content, Doubt, DoubtReason, FileRecord, Key

if TYPE_CHECKING:
    from .sheet_context import SheetContext

__all__ = ["flag_other_sections", "initiative_of", "scope_base"]

# What owns what, among the kinds an initiative owns: a cell, an evaluation or an indicator names its
# initiative; an actual its indicator.
_OWNER = {kind.table: (kind.owner, kind.owner_column) for kind in KINDS if kind.owner and kind.owner_column}


def initiative_of(key: Key, lookup: Mapping[Key, Content | None]) -> str | None:
    """The initiative ``key`` belongs to (itself for an initiative; None for records of no initiative)."""
    while key[0] != "initiative":
        owner = _OWNER.get(key[0])
        content = lookup.get(key)
        if owner is None or content is None or owner[0] is None or owner[1] is None:
            return None
        key = (owner[0], str(content.get(owner[1])))
    return key[1]


def scope_base(base: dict[Key, FileRecord], survey: Survey) -> dict[Key, FileRecord]:
    """The records a survey for ``survey`` held: the section's initiatives and theirs, and the names they use."""
    contents: dict[Key, Content | None] = {key: record.content for key, record in base.items()}
    ours = {
        key[1]
        for key, record in base.items()
        if key[0] == "initiative" and not record.deleted and record.content.get("lead_section_id") == survey.section_id
    }
    scoped: dict[Key, FileRecord] = {}
    for key, record in base.items():
        if key[0] in _NAMES or ((initiative := initiative_of(key, contents)) is not None and initiative in ours):
            scoped[key] = record
    return scoped


# Kinds no visible sheet edits that rows are named by: kept whole in a survey's base.
_NAMES = frozenset({"policy", "edition", "viewpoint", "section", "policy_area", "evaluation_grade"})


def flag_other_sections(context: SheetContext, survey: Survey) -> None:
    """Records of another section's initiative are doubts; the section's new initiatives are its own."""
    section = context.contents.get(("section", survey.section_id)) or {}
    name = str(section.get("name", "")) or "照会先の課"
    lookup: dict[Key, Content | None] = {}
    lookup.update({key: record.content for key, record in context.base.items()})
    lookup.update(context.local.records)
    lookup.update({key: content for key, content in context.theirs.items() if content is not None})
    for key, content in context.theirs.items():
        if key[0] == "initiative" and content is not None and key not in context.local.records:
            _adopt(content, survey)
    for key in list(context.theirs):
        initiative_id = initiative_of(key, lookup)
        if initiative_id is None or key in context.doubts:
            continue
        here = context.local.records.get(("initiative", initiative_id))
        initiative = here if here is not None else context.theirs.get(("initiative", initiative_id))
        lead = initiative.get("lead_section_id") if initiative is not None else survey.section_id
        if lead != survey.section_id:
            title = str((initiative or {}).get("name", ""))
            context.doubts[key] = Doubt(
                DoubtReason.OTHER_SECTION,
                f"このブックは{name}への照会ですが、「{title[:40]}」は{name}が事業主管課の取組項目ではありません。"
                "取り込むかどうかを決めてください。",
            )


def _adopt(content: Any, survey: Survey) -> None:
    if isinstance(content, dict) and content.get("lead_section_id") is None:
        content["lead_section_id"] = survey.section_id
