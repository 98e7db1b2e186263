"""新旧対照表: what changed between two editions of the policy, in the policy's order.

The order is the document's: the policy itself (title, plan period, vision, viewpoints), then
each area by number (its title and text, then its initiatives by position: name, lead
section, description, area, roadmap year by year), then the 推進体制 body by body, then the
用語集 in reading order.  Only what changed is listed.  Records pair by id, then by natural key
(:mod:`.matching`).  Not compared: what is not printed in the policy (notes, the 推定 marks of
the roadmap, who changed what and when) and an initiative's row moving within its area.
"""

from __future__ import annotations

from ...domain.era import format_fiscal_year
from ...domain.reading import reading_key
from ..snapshot import AreaView, GlossaryView, InitiativeView, PolicySnapshot
from .collect import Items
from .matching import pair
from .model import Comparison
from .organisation import compare_organisation
from .texts import area_heading, cell_text, initiative_text

__all__ = ["GLOSSARY_SECTION", "POLICY_SECTION", "compare"]

POLICY_SECTION = "全体方針"
GLOSSARY_SECTION = "用語集"
_POLICY, _AREAS, _ORGANISATION, _GLOSSARY = range(4)


def compare(old: PolicySnapshot, new: PolicySnapshot) -> Comparison:
    """Every passage that differs between ``old`` (改正前) and ``new`` (改正後), in the policy's order."""
    items = Items()
    _compare_policy(items, old, new)
    areas = _Areas(items, old, new)
    _compare_initiatives(items, old, new, areas)
    compare_organisation(items, (_ORGANISATION,), old.bodies, new.bodies)
    _compare_glossary(items, old.glossary, new.glossary)
    return Comparison(items.in_order())


def _plan_text(snapshot: PolicySnapshot) -> str:
    return f"{format_fiscal_year(snapshot.first_year)}〜{format_fiscal_year(snapshot.last_year)}"


def _compare_policy(items: Items, old: PolicySnapshot, new: PolicySnapshot) -> None:
    section = POLICY_SECTION
    items.passage((_POLICY, 0), section, "方針の名称", "", old.title, new.title)
    items.passage((_POLICY, 1), section, "計画期間", "", _plan_text(old), _plan_text(new))
    items.passage((_POLICY, 2), section, "ビジョン", "", old.vision, new.vision)
    items.passage((_POLICY, 3), section, "ビジョン", "説明", old.vision_text, new.vision_text, blank="（記載なし）")
    if old.viewpoints == new.viewpoints:
        return
    kept = set(old.viewpoints) & set(new.viewpoints)
    gone = [name for name in old.viewpoints if name not in kept]
    came = [(position, name) for position, name in enumerate(new.viewpoints, start=1) if name not in kept]
    for (position, name), before in zip(came, gone, strict=False):
        items.passage((_POLICY, 4, position), section, f"視点（{position}）", "", before, name)
    for position, name in came[len(gone) :]:
        items.added((_POLICY, 4, position), section, f"視点（{position}）", name)
    for name in gone[len(came) :]:
        items.removed((_POLICY, 5), section, "視点", name)


class _Areas:
    """The areas of both editions: each area's own changes, and where an initiative's items go."""

    def __init__(self, items: Items, old: PolicySnapshot, new: PolicySnapshot) -> None:
        pairing = pair(old.areas, new.areas, lambda area: area.id, lambda area: area.number)
        # An old area's id → the id it has now (the same, unless it was made again).
        self.now = {before.id: after.id for before, after in pairing.pairs}
        self._new = {area.id: area for area in new.areas}
        self._old = {area.id: area for area in old.areas}
        for before, after in pairing.pairs:
            section, place = area_heading(after), self.place(after.id)
            items.passage((*place, 0, 0), section, "取組", "名称", before.title, after.title)
            items.passage((*place, 0, 1), section, "取組", "説明", before.description, after.description)
        for area in pairing.added:
            items.added((*self.place(area.id), 0), area_heading(area), "取組", _area_text(area))
        for area in pairing.removed:
            items.removed((*self.place(area.id, old=True), 0), area_heading(area), "取組", _area_text(area))

    def place(self, area_id: str, *, old: bool = False) -> tuple[int, int, int]:
        """The areas' part of the order: by number, an area of the new edition before one removed."""
        if not old:
            area = self._new.get(area_id)
            if area is not None:
                return (_AREAS, area.number, 0)
        now = self._new.get(self.now.get(area_id, ""))
        if now is not None:
            return (_AREAS, now.number, 0)
        return (_AREAS, self._old[area_id].number, 1) if area_id in self._old else (_AREAS, 0, 2)

    def heading(self, area_id: str, *, old: bool = False) -> str:
        area = None if old else self._new.get(area_id)
        area = area or self._new.get(self.now.get(area_id, "")) or self._old.get(area_id)
        return area_heading(area) if area is not None else "（取組なし）"


def _area_text(area: AreaView) -> str:
    return f"{area_heading(area)}\n{area.description}"


def _compare_initiatives(items: Items, old: PolicySnapshot, new: PolicySnapshot, areas: _Areas) -> None:
    pairing = pair(old.initiatives, new.initiatives, lambda item: item.id, lambda item: item.name.strip())
    years = sorted({*old.years, *new.years})
    for before, after in pairing.pairs:
        _compare_initiative(items, before, after, areas, years)
    for initiative in pairing.added:
        place = (*areas.place(initiative.area_id), 1, initiative.position, 0)
        section = areas.heading(initiative.area_id)
        items.added(place, section, f"取組項目「{initiative.name.strip()}」", initiative_text(initiative, new.years))
    for initiative in pairing.removed:
        place = (*areas.place(initiative.area_id, old=True), 1, initiative.position, 1)
        section = areas.heading(initiative.area_id, old=True)
        items.removed(place, section, f"取組項目「{initiative.name.strip()}」", initiative_text(initiative, old.years))


def _compare_initiative(
    items: Items, before: InitiativeView, after: InitiativeView, areas: _Areas, years: list[int]
) -> None:
    old_cells, new_cells = before.cell_values(), after.cell_values()
    same_text = (before.name, before.description, before.lead_section) == (
        after.name,
        after.description,
        after.lead_section,
    )
    if same_text and old_cells == new_cells and areas.now.get(before.area_id) == after.area_id:
        return  # the usual case: nothing printed changed
    place = (*areas.place(after.area_id), 1, after.position, 0)
    section, subject = areas.heading(after.area_id), f"取組項目「{after.name.strip()}」"
    items.passage((*place, 0), section, subject, "名称", before.name, after.name)
    items.passage(
        (*place, 1), section, subject, "事業主管課", before.lead_section, after.lead_section, blank="（未設定）"
    )
    items.passage((*place, 2), section, subject, "概要", before.description, after.description, blank="（記載なし）")
    if areas.now.get(before.area_id) != after.area_id:
        moved_from = areas.heading(before.area_id, old=True)
        items.passage((*place, 3), section, subject, "取組", moved_from, areas.heading(after.area_id))
    if old_cells == new_cells:
        return
    for year in years:
        aspect = f"工程（{format_fiscal_year(year)}）"
        old_text, new_text = cell_text(old_cells.get(year)), cell_text(new_cells.get(year))
        items.passage((*place, 4, year), section, subject, aspect, old_text, new_text, blank="（空欄）")


def _glossary_place(term: GlossaryView) -> tuple[int, str, str]:
    return (_GLOSSARY, reading_key(term.reading), term.term)


def _compare_glossary(items: Items, old: list[GlossaryView], new: list[GlossaryView]) -> None:
    section = GLOSSARY_SECTION
    pairing = pair(old, new, lambda term: term.id, lambda term: term.term.strip())
    for before, after in pairing.pairs:
        place, subject = _glossary_place(after), f"用語「{after.term.strip()}」"
        items.passage((*place, 0), section, subject, "用語", before.term, after.term)
        items.passage((*place, 1), section, subject, "読み", before.reading, after.reading, blank="（なし）")
        items.passage((*place, 2), section, subject, "説明", before.explanation, after.explanation, blank="（なし）")
    for term in pairing.added:
        items.added(_glossary_place(term), section, f"用語「{term.term.strip()}」", _term_text(term))
    for term in pairing.removed:
        items.removed(_glossary_place(term), section, f"用語「{term.term.strip()}」", _term_text(term))


def _term_text(term: GlossaryView) -> str:
    return f"{term.term}\n{term.explanation}" if term.explanation.strip() else term.term
