"""Gathering the items of a comparison, each with its place in the policy's order."""

from __future__ import annotations

from typing import Any

from .marks import changed_spans, whole
from .model import ComparisonItem, ItemKind
from .texts import clean

__all__ = ["Items", "Place"]

# Where an item goes: compared element by element, so items of one part of the policy stay together.
Place = tuple[Any, ...]


class Items:
    """The items found so far; :meth:`in_order` sorts them into the policy's order."""

    def __init__(self) -> None:
        self._found: list[tuple[Place, int, ComparisonItem]] = []

    def _add(self, place: Place, item: ComparisonItem) -> None:
        # The count keeps items of one place in the order they were found.
        self._found.append((place, len(self._found), item))

    def passage(
        self, place: Place, section: str, subject: str, aspect: str, old: str, new: str, *, blank: str = ""
    ) -> None:
        """A passage of a record on both sides: an item if its text changed, nothing if not."""
        old, new = clean(old), clean(new)
        if old == new:
            return
        old_marks, new_marks = changed_spans(old, new)
        self._add(
            place, ComparisonItem(section, subject, aspect, ItemKind.CHANGED, old, new, old_marks, new_marks, blank)
        )

    def added(self, place: Place, section: str, subject: str, text: str, aspect: str = "") -> None:
        text = clean(text)
        self._add(place, ComparisonItem(section, subject, aspect, ItemKind.ADDED, "", text, (), whole(text)))

    def removed(self, place: Place, section: str, subject: str, text: str, aspect: str = "") -> None:
        text = clean(text)
        self._add(place, ComparisonItem(section, subject, aspect, ItemKind.REMOVED, text, "", whole(text), ()))

    def in_order(self) -> tuple[ComparisonItem, ...]:
        return tuple(item for _place, _count, item in sorted(self._found, key=lambda found: found[:2]))
