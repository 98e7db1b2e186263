"""Words for a merge: where each item belongs (area and initiative), what it is, and its values as people read them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...domain.era import format_fiscal_year
from ...domain.roadmap import CellKind
from ...storage.record_kinds import KINDS
from ..exchange.schema import SHADED_MARK
from ..progress_commands import format_number
from .merge import ImportPlan, MergeItem
from .state import Content, Key, LocalState

__all__ = ["Describer", "ItemText"]

ENTITY_LABELS = {kind.table: kind.label for kind in KINDS}
FIELD_LABELS = {
    "name": "名前",
    "title": "名称",
    "description": "説明",
    "lead_section_id": "事業主管課",
    "area_id": "取組",
    "position": "表示順",
    "inferred": "推定",
    "note": "備考",
    "kind": "種別",
    "phase": "工程",
    "status": "状態",
    "post": "充てる職",
    "section_id": "課",
    "text": "内容",
    "term": "用語",
    "reading": "読み",
    "explanation": "解説",
    "parent_id": "所属する部",
    "grade_id": "評価",
    "result": "実績",
    "issues": "課題",
    "next_steps": "次年度の取組",
    "fiscal_year": "年度",
    "initiative_id": "取組項目",
    "unit": "単位",
    "base_value": "基準値",
    "base_year": "基準年度",
    "target_value": "目標値",
    "target_year": "目標年度",
    "value": "実績",
    "indicator_id": "指標",
}
OTHER_GROUP = "その他"


_GROUP_ORDER = {"推進体制": 1000, "用語集": 1001, OTHER_GROUP: 1002}


@dataclass(frozen=True)
class ItemText:
    group: str  # 「(1) 自治体の行政手続のオンライン化」, 「推進体制」, 「用語集」 …
    subgroup: str  # the initiative or body it belongs to
    label: str  # what the item is: 「令和6年度」, 「役職 本部長」 …

    @property
    def order(self) -> tuple[int, str, str]:
        """Areas by number, then 推進体制, 用語集 and the rest."""
        number = _GROUP_ORDER.get(self.group)
        if number is None:
            digits = self.group[1 : self.group.find(")")] if self.group.startswith("(") else ""
            number = int(digits) if digits.isdigit() else 999
        return (number, self.subgroup, self.label)


class Describer:
    def __init__(self, plan: ImportPlan, local: LocalState) -> None:
        self.contents: dict[Key, Content] = dict(local.records)
        for key, content in plan.incoming.theirs.items():
            if content is not None and key not in self.contents:
                self.contents[key] = content

    def _name(self, entity: str, record_id: Any, field: str = "name") -> str:
        content = self.contents.get((entity, str(record_id)))
        return str(content.get(field, "")) if content else ""

    def area_label(self, area_id: Any) -> str:
        content = self.contents.get(("policy_area", str(area_id)))
        return f"({content['number']}) {content['title']}" if content else OTHER_GROUP

    def text(self, item: MergeItem) -> ItemText:
        return self.text_of(item.entity, item.theirs or item.mine or {})

    def key_text(self, key: Key) -> str:
        """A record here in a few words: 「工程表のセル 令和6年度」, 「推進体制 / DX推進本部 / 役職「本部長」」."""
        text = self.text_of(key[0], self.contents.get(key) or {})
        return " / ".join(part for part in (text.subgroup, text.label) if part)

    def text_of(self, entity: str, content: Mapping[str, Any]) -> ItemText:
        if entity == "initiative":
            return ItemText(self.area_label(content.get("area_id")), str(content.get("name", "")), "取組項目")
        if entity == "roadmap_cell":
            initiative = self.contents.get(("initiative", str(content.get("initiative_id")))) or {}
            year = content.get("fiscal_year")
            label = format_fiscal_year(year) if isinstance(year, int) else "工程表のセル"
            return ItemText(self.area_label(initiative.get("area_id")), str(initiative.get("name", "")), label)
        if entity in ("evaluation", "indicator", "indicator_actual"):
            return self._progress_text(entity, content)
        if entity in ("body", "duty", "role", "body_member"):
            body = str(content.get("name", "")) if entity == "body" else self._name("body", content.get("body_id"))
            detail = {
                "body": "組織",
                "duty": f"所掌事務「{content.get('text', '')}」",
                "role": f"役職「{content.get('title', '')}」",
                "body_member": f"構成課「{self._name('section', content.get('section_id'))}」",
            }[entity]
            return ItemText("推進体制", body, detail)
        if entity == "glossary_term":
            return ItemText("用語集", str(content.get("term", "")), "用語")
        return ItemText(OTHER_GROUP, ENTITY_LABELS.get(entity, entity), ENTITY_LABELS.get(entity, entity))

    def _progress_text(self, entity: str, content: Mapping[str, Any]) -> ItemText:
        """An evaluation or indicator under its initiative: 「評価 令和7年度」, 「指標「…」 令和7年度の実績」."""
        indicator = content if entity == "indicator" else {}
        if entity == "indicator_actual":
            indicator = self.contents.get(("indicator", str(content.get("indicator_id")))) or {}
        initiative_id = content.get("initiative_id", indicator.get("initiative_id"))
        initiative = self.contents.get(("initiative", str(initiative_id))) or {}
        year = content.get("fiscal_year")
        when = format_fiscal_year(year) if isinstance(year, int) else ""
        label = {
            "evaluation": f"評価 {when}",
            "indicator": f"指標「{indicator.get('name', '')}」",
            "indicator_actual": f"指標「{indicator.get('name', '')}」 {when}の実績",
        }[entity]
        return ItemText(self.area_label(initiative.get("area_id")), str(initiative.get("name", "")), label)

    def value(self, entity: str, field: str, value: Any) -> str:
        """A stored value as people read it: a section's name for its id, 和暦 for a year …"""
        if value is None:
            return ""
        if field in ("lead_section_id", "section_id", "parent_id"):
            return self._name("section", value) or str(value)
        if field == "area_id":
            return self.area_label(value)
        if field == "kind" and entity == "roadmap_cell":
            return SHADED_MARK if value == CellKind.SHADED else "工程"
        if field == "inferred":
            return "推定" if value else "—"
        if field == "position":
            return str(int(value) + 1)
        if field in ("fiscal_year", "base_year", "target_year"):
            return format_fiscal_year(int(value))
        if field == "grade_id":
            return self._name("evaluation_grade", value, "code") or str(value)
        if field == "initiative_id":
            return self._name("initiative", value) or str(value)
        if field == "indicator_id":
            return self._name("indicator", value) or str(value)
        if isinstance(value, float):
            return format_number(value)
        return str(value)

    def field_label(self, field: str) -> str:
        return FIELD_LABELS.get(field, field)
