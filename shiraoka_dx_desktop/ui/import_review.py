"""What the import preview says about one change, in the words a staff member reads.

Only the fields that differ are shown, each with 共通の版 (the values when the file was
written out), こちら (this terminal) and 相手 (the file); a conflict's line in the list
names both sides and what they had in common, instead of an arrow that reads like a
sequence.  The importer's report objects are read as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from ..services.importing.describe import Describer
from ..services.importing.merge import ConflictReason, ItemKind, MergeItem

__all__ = ["FieldRow", "conflict_summary", "differing_rows", "field_label", "rows_html"]

# Labels the importer's describer leaves in English or in database terms.
_LABELS = {
    "fiscal_year": "年度",
    "initiative_id": "取組項目",
    "body_id": "組織",
    "number": "番号",
    "inferred": "推定かどうか",
    "note": "推定の根拠",
    "kind": "セルの種類",
    "reading": "読み",
}
# Identities and bookkeeping: never a difference a person decides on.
_HIDDEN = {"id", "revision", "updated_by", "updated_at", "created_at"}
# What the list shows of a record added or deleted as a whole.
_MAIN_FIELDS = ("name", "term", "title", "text", "phase")
NOT_THERE = "（なし）"
DELETED = "（削除）"


def field_label(describer: Describer, name: str) -> str:
    return _LABELS.get(name) or describer.field_label(name)


@dataclass(frozen=True)
class FieldRow:
    """One field that differs: its label, the three values as read, and whether it is in conflict."""

    label: str
    base: str
    mine: str
    theirs: str
    conflicting: bool
    who_changed: str  # 「両方」「相手だけ」「こちらだけ」 or "" when not known (2者比較)


def _shown(name: str) -> bool:
    return name not in _HIDDEN


def differing_rows(describer: Describer, item: MergeItem) -> list[FieldRow]:
    """The fields in which this terminal and the file differ, with the common version where known."""
    entity = item.entity
    mine: Mapping[str, Any] = item.mine or {}
    theirs: Mapping[str, Any] = item.theirs or {}
    changes = {change.field: change for change in item.fields}
    if item.mine is None or item.theirs is None:
        # Added, deleted, or deleted on one side: the fields the other side changed, else its main ones.
        present = theirs if item.mine is None else mine
        names = list(changes) or [name for name in _MAIN_FIELDS if present.get(name)]
    else:
        names = [name for name in dict.fromkeys([*mine, *theirs]) if mine.get(name) != theirs.get(name)]
    rows = []
    for name in names:
        if not _shown(name):
            continue
        change = changes.get(name)
        known = not item.two_way
        if change is not None and item.kind is ItemKind.CONFLICT:
            base, who = change.base, "両方"
        elif name in item.also_taken or (change is not None and item.kind is ItemKind.CHANGED):
            base, who = mine.get(name), "相手だけ"
        elif item.mine is not None and item.theirs is not None:
            base, who = theirs.get(name), "こちらだけ"
        else:
            base, who = (change.base if change is not None else None), ""
        rows.append(
            FieldRow(
                label=field_label(describer, name),
                base=describer.value(entity, name, base) if known else "",
                mine=describer.value(entity, name, mine.get(name)) if item.mine is not None else _absent(item),
                theirs=describer.value(entity, name, theirs.get(name)) if item.theirs is not None else DELETED,
                conflicting=name in changes and item.kind is ItemKind.CONFLICT,
                who_changed=who if known else "",
            )
        )
    return rows


def _absent(item: MergeItem) -> str:
    return NOT_THERE if item.kind is ItemKind.ADDED else DELETED


def _quoted(text: str, limit: int = 24) -> str:
    flat = " ".join(text.split())
    return f"「{flat if len(flat) <= limit else flat[: limit - 1] + '…'}」" if flat else "（空欄）"


def conflict_summary(describer: Describer, item: MergeItem) -> str:
    """A conflict's line in the list: 「工程: こちら「運用開始」、相手「試行運用」（共通の版「導入」）」."""
    if item.reason is ConflictReason.ROWS_REMAIN:
        return "相手が削除（その中身の行はブックに残っています）"
    if item.reason is ConflictReason.OTHER_SECTION:
        return "照会先の課以外の取組項目（取り込むかどうかを決めてください）"
    if item.reason is ConflictReason.DUPLICATE_ROW and item.mine is None:
        return "相手が行をコピーして追加（どれが元の行か分かりません）"
    if item.mine is None:
        return "こちらで削除、相手が変更"
    if item.theirs is None:
        return "相手が削除（共通の版が分かりません）" if item.two_way else "こちらで変更、相手が削除"
    parts = []
    for row in differing_rows(describer, item):
        if not row.conflicting:
            continue
        text = f"{row.label}: こちら{_quoted(row.mine)}、相手{_quoted(row.theirs)}"
        if row.base or not item.two_way:
            text += f"（共通の版{_quoted(row.base)}）"
        parts.append(text)
    return "　".join(parts)


def rows_html(rows: list[FieldRow], *, two_way: bool, their_name: str) -> str:
    """The comparison table of the details pane."""
    if not rows:
        return "<p>違いのある項目はありません。</p>"
    headers = ["項目"]
    if not two_way:
        headers.append("共通の版（前回の書出し時）")
    headers += ["こちら（この端末）", f"相手（{their_name}）"]
    if not two_way:
        headers.append("変更したのは")
    cells = []
    for row in rows:
        values = [row.label]
        if not two_way:
            values.append(row.base or "（空欄）")
        values += [row.mine or "（空欄）", row.theirs or "（空欄）"]
        if not two_way:
            values.append(row.who_changed)
        mark = " style='background:#fde7e9'" if row.conflicting else ""
        cells.append(f"<tr{mark}>" + "".join(f"<td>{escape(value)}</td>" for value in values) + "</tr>")
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    note = "" if not two_way else "<p>共通の版が分からないため、こちらと相手の値だけを比べています。</p>"
    return f"{note}<table border='1' cellspacing='0' cellpadding='4'><tr>{head}</tr>{''.join(cells)}</table>"
