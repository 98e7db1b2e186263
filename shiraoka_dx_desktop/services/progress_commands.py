"""What a user does on the 進捗 tab, as edits: an evaluation's fields, indicators and their actuals.

Also how numbers and years typed into the tab are read: a value that is not a number is
refused here, in Japanese, before any edit is built, so nothing is written.  Full-width
digits, thousands separators and a trailing unit or % are read as Excel users type them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

from ..domain.era import EraError, format_fiscal_year, parse_fiscal_year
from ..domain.identity import new_id
from ..domain.progress import evaluation_id, indicator_actual_id
from ..storage.record_kinds import INDICATOR, INDICATOR_ACTUAL, EvaluationFields, IndicatorFields
from .edits import Edit, EditRefusedError, Upsert, delete, set_evaluation, set_indicator, set_indicator_actual
from .progress import IndicatorView
from .snapshot import PolicySnapshot

__all__ = [
    "actual_edits",
    "add_indicator",
    "delete_indicator",
    "evaluation_edit",
    "format_number",
    "lead_section_id",
    "parse_number",
    "parse_year",
    "year_label",
]

_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(text: str, label: str) -> float | None:
    """``text`` as a number (None when empty); :class:`EditRefusedError` naming ``label`` when it is not one."""
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("−", "-")
    if not folded:
        return None
    number = folded.rstrip("%件人回台枚％ ").strip()
    if _NUMBER.match(number):
        value = float(number)
        if math.isfinite(value):
            return value
    raise EditRefusedError(
        f"{label}「{text.strip()}」は数値として読めません。数字で入力してください（例: 1200、3.5）。"
    )


def parse_year(text: str, label: str) -> int | None:
    """A fiscal year typed as 令和4年度, R4 or 2022 (None when empty); refused in words otherwise."""
    if not text.strip():
        return None
    try:
        return parse_fiscal_year(text)
    except EraError:
        raise EditRefusedError(
            f"{label}「{text.strip()}」は年度として読めません。「令和4年度」「R4」「2022」のように入力してください。"
        ) from None


def format_number(value: float | None, *, grouped: bool = True) -> str:
    """A number as a person reads it: no trailing .0, thousands grouped unless for editing."""
    if value is None:
        return ""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}" if grouped else str(int(value))
    text = f"{value:,.4f}" if grouped else f"{value:.4f}"
    return text.rstrip("0").rstrip(".")


def evaluation_edit(initiative_id: str, fiscal_year: int, values: EvaluationFields) -> Upsert:
    """Set ``values`` on an initiative's evaluation for a year (creating it on the first entry)."""
    fields = values.copy()
    fields["initiative_id"] = initiative_id
    fields["fiscal_year"] = fiscal_year
    return set_evaluation(evaluation_id(initiative_id, fiscal_year), **fields)


def actual_edits(indicator: IndicatorView, fiscal_year: int, value: float | None) -> list[Edit]:
    """An indicator's actual for a year set to ``value``, or removed when ``value`` is None."""
    record_id = indicator_actual_id(indicator.id, fiscal_year)
    if value is None:
        return [delete(INDICATOR_ACTUAL, record_id)] if fiscal_year in indicator.actuals else []
    return [set_indicator_actual(record_id, indicator_id=indicator.id, fiscal_year=fiscal_year, value=value)]


def add_indicator(initiative_id: str, existing: Sequence[IndicatorView], values: IndicatorFields) -> tuple[str, Upsert]:
    """A new indicator with ``values`` after the initiative's others: its id and the edit that adds it."""
    record_id = new_id()
    fields = values.copy()
    fields["initiative_id"] = initiative_id
    fields["position"] = max((indicator.position for indicator in existing), default=-1) + 1
    return record_id, set_indicator(record_id, **fields)


def delete_indicator(indicator: IndicatorView) -> list[Edit]:
    """The indicator and (the editor takes them with it) its actuals."""
    return [delete(INDICATOR, indicator.id)]


def lead_section_id(snapshot: PolicySnapshot, text: str) -> str | None:
    """The section named ``text`` (None for none); refused when it is not in the list."""
    name = text.strip()
    if not name:
        return None
    section = next((s for s in snapshot.sections if s.name == name), None)
    if section is None:
        raise EditRefusedError(f"「{text}」は部・課の一覧にありません。一覧から選んでください。")
    return section.id


def year_label(fiscal_year: int | None) -> str:
    """令和4年度, or nothing."""
    return format_fiscal_year(fiscal_year) if fiscal_year is not None else ""
