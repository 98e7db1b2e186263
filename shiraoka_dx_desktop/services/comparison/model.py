"""What a 新旧対照表 lists: one item per changed passage, with where it is, before and after."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .marks import Span

__all__ = ["ADDED_TEXT", "REMOVED_TEXT", "Comparison", "ComparisonItem", "ItemKind"]

ADDED_TEXT = "（新設）"
REMOVED_TEXT = "（削除）"


class ItemKind(enum.StrEnum):
    ADDED = "added"  # 新設: nothing before
    REMOVED = "removed"  # 削除: nothing after
    CHANGED = "changed"  # 改正: a passage rewritten, a cell changed, a record moved

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {ItemKind.ADDED: "新設", ItemKind.REMOVED: "削除", ItemKind.CHANGED: "改正"}


@dataclass(frozen=True, slots=True)
class ComparisonItem:
    """A passage that changed: where it is, its text before (改正前) and after (改正後), the changed words marked.

    ``old`` is empty for a passage added and ``new`` for one removed; the table then says
    （新設） or （削除） (:attr:`old_shown`, :attr:`new_shown`).  A side that is blank in a
    passage that changed (a roadmap cell left empty, no lead section) reads ``blank``.
    The marks are (start, end) offsets into ``old`` and ``new``.
    """

    section: str  # the part of the policy: 全体方針, (1) 自治体の行政手続のオンライン化, 推進体制, 用語集
    subject: str  # the record: 取組項目「コンビニ交付」, DX推進本部, 用語「AI」
    aspect: str  # what of it: 名称, 概要, 工程（令和6年度）; empty for the record as a whole
    kind: ItemKind
    old: str
    new: str
    old_marks: tuple[Span, ...] = ()
    new_marks: tuple[Span, ...] = ()
    blank: str = ""

    @property
    def label(self) -> str:
        """取組項目「コンビニ交付」の概要; the subject alone when the whole record was added or removed."""
        return f"{self.subject}の{self.aspect}" if self.aspect else self.subject

    @property
    def heading(self) -> str:
        """Where the passage is: 「(1) 自治体の行政手続のオンライン化 / 取組項目「コンビニ交付」の概要」."""
        return f"{self.section} / {self.label}"

    @property
    def old_shown(self) -> str:
        if self.old:
            return self.old
        return ADDED_TEXT if self.kind is ItemKind.ADDED else self.blank

    @property
    def new_shown(self) -> str:
        if self.new:
            return self.new
        return REMOVED_TEXT if self.kind is ItemKind.REMOVED else self.blank


@dataclass(frozen=True)
class Comparison:
    """Everything that changed between two editions, in the policy's order; nothing that did not."""

    items: tuple[ComparisonItem, ...]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[ComparisonItem]:
        return iter(self.items)

    def sections(self) -> list[tuple[str, list[ComparisonItem]]]:
        """The items under each part of the policy, in order."""
        grouped: list[tuple[str, list[ComparisonItem]]] = []
        for item in self.items:
            if not grouped or grouped[-1][0] != item.section:
                grouped.append((item.section, []))
            grouped[-1][1].append(item)
        return grouped

    def summary(self) -> str:
        """改正箇所 12 件（新設 2、削除 1、改正 9）; 改正箇所はありません when nothing changed."""
        if not self.items:
            return "改正箇所はありません。"
        counts = Counter(item.kind for item in self.items)
        parts = "、".join(f"{kind.label} {counts[kind]:,d}" for kind in ItemKind if counts[kind])
        return f"改正箇所 {len(self.items):,d} 件（{parts}）"
