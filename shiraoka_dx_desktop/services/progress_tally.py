"""The year's figures the 進捗 tab's dashboard shows, counted once and then kept up to date one initiative at a time.

:meth:`ProgressTally.recount` counts with :mod:`.progress`'s own functions (:func:`grades_by_area`,
:func:`section_progress`; the indicators behind from :class:`.progress_behind.BehindByYear`, which uses
:func:`indicators_behind`) over every initiative.  After an edit,
:meth:`ProgressTally.update` takes back what the changed initiatives counted for and counts them again
with the same functions over those initiatives alone, so an edit costs the dashboard a few of them,
not ten thousand, and every figure still means what those functions say it means.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection

from .progress import ProgressYear, SectionProgress, grades_by_area, section_progress
from .progress_behind import Behind, BehindByYear
from .snapshot import PolicySnapshot

__all__ = ["Behind", "ProgressTally"]


class ProgressTally:
    def __init__(self, snapshot: PolicySnapshot, progress: ProgressYear, behind: BehindByYear | None = None) -> None:
        self._all_behind = behind if behind is not None else BehindByYear()  # shared across the years
        self.recount(snapshot, progress)

    def recount(self, snapshot: PolicySnapshot, progress: ProgressYear) -> None:
        """Count everything (another year, or the data read again)."""
        self.fiscal_year = progress.fiscal_year
        self.grades: dict[str, Counter[str]] = grades_by_area(snapshot, progress)
        self._sections = {item.section: item for item in section_progress(snapshot, progress)}
        self._behind = self._all_behind.of(snapshot, progress, self.fiscal_year)
        self._remember(snapshot, progress)

    def _remember(self, snapshot: PolicySnapshot, progress: ProgressYear) -> None:
        """What was counted: the initiatives and evaluations as they were (the window replaces them as they change)."""
        self._counted = progress._replace(evaluations=dict(progress.evaluations))
        self._initiatives = snapshot.initiatives
        self._order = {initiative.id: number for number, initiative in enumerate(snapshot.initiatives)}

    def update(self, snapshot: PolicySnapshot, progress: ProgressYear, initiative_ids: Collection[str]) -> None:
        """Count again the initiatives ``initiative_ids`` (their evaluation, indicators or section changed)."""
        wanted = set(initiative_ids)
        for initiative_id in wanted:
            self._take_back(initiative_id)
        counted = self._counted.evaluations
        part = dataclasses.replace(snapshot, initiatives=[i for i in snapshot.initiatives if i.id in wanted])
        for area_id, counts in grades_by_area(part, progress).items():
            self.grades.setdefault(area_id, Counter()).update(counts)
        for item in section_progress(part, progress):
            known = self._sections.get(item.section)
            if known is not None:
                item = SectionProgress(item.section, known.initiatives + item.initiatives, known.entered + item.entered)
            self._sections[item.section] = item
        self._all_behind.forget(wanted)
        self._behind = self._all_behind.of(snapshot, progress, self.fiscal_year)
        for initiative in part.initiatives:
            evaluation = progress.evaluations.get(initiative.id)
            if evaluation is None:
                counted.pop(initiative.id, None)
            else:
                counted[initiative.id] = evaluation
        if snapshot.initiatives is not self._initiatives:
            self._initiatives = snapshot.initiatives  # the same rows, some of them read again

    def _take_back(self, initiative_id: str) -> None:
        """Uncount the initiative as it was counted (by the same definitions: its grade code, whether entered)."""
        number = self._order.get(initiative_id)
        if number is None:
            return
        initiative = self._initiatives[number]
        grades = self.grades[initiative.area_id]
        code = self._counted.grade_code(initiative_id)
        grades[code] -= 1
        if not grades[code]:
            del grades[code]
        evaluation = self._counted.evaluations.get(initiative_id)
        entered = bool(evaluation and evaluation.entered)
        known = self._sections[initiative.lead_section]
        left = SectionProgress(known.section, known.initiatives - 1, known.entered - entered)
        if left.initiatives:
            self._sections[known.section] = left
        else:
            del self._sections[known.section]

    @property
    def sections(self) -> list[SectionProgress]:
        """As :func:`section_progress` orders them: the most initiatives not entered first, those without a section last."""
        return sorted(self._sections.values(), key=lambda item: (item.section == "", -item.missing, item.section))

    @property
    def behind(self) -> list[Behind]:
        """As :func:`indicators_behind` orders them: the policy's order."""
        order = self._order
        return [entry for key in sorted(self._behind, key=lambda key: order.get(key, 0)) for entry in self._behind[key]]
