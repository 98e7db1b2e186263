"""The main window's tabs: their titles, their positions, and the tab where each kind of record is seen.

The window, its menus, its commands and its remembered layout all speak of tabs by these numbers.
"""

from __future__ import annotations

from ..storage import record_kinds as kinds

__all__ = [
    "ENTITY_TABS",
    "GLOSSARY",
    "INITIATIVES",
    "LISTING_INITIATIVES",
    "ORGANISATION",
    "POLICY",
    "PROGRESS",
    "ROADMAP",
    "TAB_TITLES",
]

TAB_TITLES = ("取組項目", "工程表", "進捗", "推進体制", "用語集", "方針")
INITIATIVES, ROADMAP, PROGRESS, ORGANISATION, GLOSSARY, POLICY = range(len(TAB_TITLES))
# The tabs that list the initiatives, where a change to an initiative is seen as well as on 取組項目.
LISTING_INITIATIVES = (ROADMAP, PROGRESS)

# The tab where a change to each kind of record is seen (a kind shown on no tab has none).
ENTITY_TABS = {
    kinds.INITIATIVE.table: INITIATIVES,
    kinds.ROADMAP_CELL.table: ROADMAP,
    kinds.POLICY.table: ROADMAP,  # the plan period
    kinds.SECTION.table: ORGANISATION,
    kinds.BODY.table: ORGANISATION,
    kinds.DUTY.table: ORGANISATION,
    kinds.ROLE.table: ORGANISATION,
    kinds.BODY_MEMBER.table: ORGANISATION,
    kinds.GLOSSARY_TERM.table: GLOSSARY,
    kinds.EVALUATION_GRADE.table: PROGRESS,
    kinds.EVALUATION.table: PROGRESS,
    kinds.INDICATOR.table: PROGRESS,
    kinds.INDICATOR_ACTUAL.table: PROGRESS,
}
