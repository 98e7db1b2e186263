"""The main window's tabs: their titles, their positions, and the tab where each kind of record is seen.

The window, its menus, its commands and its remembered layout all speak of tabs by these numbers.
"""

from __future__ import annotations

__all__ = ["ENTITY_TABS", "GLOSSARY", "INITIATIVES", "ORGANISATION", "POLICY", "ROADMAP", "TAB_TITLES"]

TAB_TITLES = ("取組項目", "工程表", "推進体制", "用語集", "方針")
INITIATIVES, ROADMAP, ORGANISATION, GLOSSARY, POLICY = range(len(TAB_TITLES))

# The tab where a change to each kind of record is seen.
ENTITY_TABS = {
    "initiative": INITIATIVES,
    "roadmap_cell": ROADMAP,
    "policy": ROADMAP,  # the plan period
    "section": ORGANISATION,
    "body": ORGANISATION,
    "duty": ORGANISATION,
    "role": ORGANISATION,
    "body_member": ORGANISATION,
    "glossary_term": GLOSSARY,
}
