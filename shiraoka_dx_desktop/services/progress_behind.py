"""The indicators behind their pro-rated target, for each year of the plan, found once and kept.

Which indicators are behind depends on the year and on the indicators only, not on the year's
evaluations.  :class:`BehindByYear` finds them with :func:`.progress.indicators_behind`, once per
year, and afterwards only for the initiatives whose indicators (or name) changed: so the 進捗 tab's
dashboard can find them for the other years while the user is reading, and a change of year then
costs nothing here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from ..domain.progress import IndicatorFigures
from .progress import IndicatorView, ProgressYear, indicators_behind
from .snapshot import InitiativeView, PolicySnapshot

__all__ = ["Behind", "BehindByYear"]

Behind = tuple[InitiativeView, IndicatorView, IndicatorFigures]


class BehindByYear:
    def __init__(self) -> None:
        self._years: dict[int, dict[str, list[Behind]]] = {}  # by year, by initiative id
        self._stale: dict[int, set[str]] = {}  # by year: initiatives to look at again

    def known(self, fiscal_year: int) -> bool:
        return fiscal_year in self._years

    def of(self, snapshot: PolicySnapshot, progress: ProgressYear, fiscal_year: int) -> dict[str, list[Behind]]:
        """The indicators behind in ``fiscal_year``, by initiative (``progress``'s indicators; its year is not used)."""
        at = progress._replace(fiscal_year=fiscal_year)
        found = self._years.get(fiscal_year)
        if found is None:
            found = self._years[fiscal_year] = _by_initiative(indicators_behind(snapshot, at))
            self._stale[fiscal_year] = set()
        stale = self._stale[fiscal_year]
        if stale:
            for initiative_id in stale:
                found.pop(initiative_id, None)
            part = dataclasses.replace(snapshot, initiatives=[i for i in snapshot.initiatives if i.id in stale])
            found.update(_by_initiative(indicators_behind(part, at)))
            stale.clear()
        return found

    def forget(self, initiative_ids: Collection[str]) -> None:
        """The initiatives' indicators (or the initiatives) changed: look at them again in every year."""
        for stale in self._stale.values():
            stale.update(initiative_ids)

    def clear(self) -> None:
        """Everything was read again: nothing is known."""
        self._years.clear()
        self._stale.clear()


def _by_initiative(entries: list[Behind]) -> dict[str, list[Behind]]:
    found: dict[str, list[Behind]] = {}
    for entry in entries:
        found.setdefault(entry[0].id, []).append(entry)
    return found
