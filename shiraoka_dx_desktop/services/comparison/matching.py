"""Pairing the records of two editions: by identifier first, then by what names them to a person.

Editions keep their records' identifiers, so nearly everything pairs by id.  A record made
again under a new id (deleted and typed in afresh, or brought back from a file) still pairs
with its old self by its natural key (an initiative's name, a body's name, a term), as long as
that key names one record on each side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, NamedTuple, TypeVar

__all__ = ["Pairing", "pair"]

T = TypeVar("T")


class Pairing(NamedTuple, Generic[T]):
    pairs: list[tuple[T, T]]  # (old, new)
    removed: list[T]
    added: list[T]


def pair(
    old: Sequence[T], new: Sequence[T], identity: Callable[[T], Hashable], natural: Callable[[T], Hashable]
) -> Pairing[T]:
    """The records of ``old`` and ``new`` paired by ``identity``, then the rest by a ``natural`` key unique on both sides."""
    new_by_id = {identity(record): record for record in new}
    pairs: list[tuple[T, T]] = []
    unpaired_old: list[T] = []
    paired_new: set[Hashable] = set()
    for record in old:
        key = identity(record)
        match = new_by_id.get(key)
        if match is None:
            unpaired_old.append(record)
        else:
            pairs.append((record, match))
            paired_new.add(key)
    unpaired_new = [record for record in new if identity(record) not in paired_new]
    if not unpaired_old or not unpaired_new:
        return Pairing(pairs, unpaired_old, unpaired_new)
    old_counts = Counter(natural(record) for record in unpaired_old)
    new_by_key: dict[Hashable, T] = {}
    new_counts: Counter[Hashable] = Counter()
    for record in unpaired_new:
        key = natural(record)
        new_counts[key] += 1
        new_by_key[key] = record
    removed: list[T] = []
    taken: set[int] = set()
    for record in unpaired_old:
        key = natural(record)
        if old_counts[key] == 1 and new_counts[key] == 1:
            match = new_by_key[key]
            pairs.append((record, match))
            taken.add(id(match))
        else:
            removed.append(record)
    return Pairing(pairs, removed, [record for record in unpaired_new if id(record) not in taken])
