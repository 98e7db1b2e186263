"""The year's progress the 進捗 tab shows, kept up to date from the document without reading it all again.

:class:`ProgressData` reads the year's progress once (:func:`...services.progress.load_progress`).
After a value edit (the progress kinds never alter the views' layout) it reads again only the
evaluations and indicators the edit changed (:mod:`...services.progress_reader`) and says which
initiatives' rows show other values; on a change of year it reads only that year's evaluations, and
keeps them: a year read once is brought up to date by the edits as the shown one is, so going back to
it reads nothing (the dashboard reads the other years meanwhile, :meth:`ProgressData.read_another_year`).
After the document reloaded, everything is read again.  The tab's models and its dashboard listen to
it, not to the document, so they always see the progress already brought up to date.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from ..services.edits import Change
from ..services.progress import EvaluationView, GradeView, IndicatorView, ProgressYear, indicator_order, load_progress
from ..services.progress_reader import load_evaluations, load_indicators, load_year_evaluations
from ..services.progress_suggestion import Suggestion, suggest
from ..services.snapshot import PolicySnapshot
from ..services.survey_status import returned_by_section_name
from ..storage.record_kinds import EVALUATION, INDICATOR, INDICATOR_ACTUAL, INITIATIVE, ROADMAP_CELL
from .document import Document

__all__ = ["ProgressData"]

_SHOWN_WITH_THE_INITIATIVE = (INITIATIVE.table, ROADMAP_CELL.table)  # the row's name, section and 工程


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector paused while a year's 9,000 evaluations are made (none of them in a cycle): it
    would otherwise run some thirty times meanwhile, scanning the records just made and the rows already held."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


class ProgressData(QObject):
    """One fiscal year's evaluations, every indicator, and the suggestions they give."""

    reset = Signal()  # another year, or everything read again: any row may show other values
    rows_changed = Signal(object)  # frozenset[str]: the initiatives whose rows show other values
    indicators_changed = Signal(object)  # frozenset[str]: the initiatives whose indicators changed
    evaluations_changed = Signal(object)  # frozenset[str]: the initiatives whose evaluation of any year read changed
    returns_changed = Signal()  # a file was imported: a section's survey may have come back

    def __init__(self, document: Document, fiscal_year: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.only_the_year_changed = False  # what the last reset was: another year of the same data, or a reload
        self._load(fiscal_year)
        document.changed.connect(self._apply)
        document.reloaded.connect(self._reload)
        document.imported.connect(self._imported)

    def _load(self, fiscal_year: int) -> None:
        self.progress: ProgressYear = load_progress(self.document.database, fiscal_year)
        # Every year's evaluations read so far, the shown year's among them (the same dict): kept up to date.
        self._years: dict[int, dict[str, EvaluationView]] = {fiscal_year: self.progress.evaluations}
        self._grades = {grade.id: grade for grade in self.progress.grades}
        self._owner_of = {
            indicator.id: indicator.initiative_id
            for listed in self.progress.indicators.values()
            for indicator in listed
        }
        self._suggestions: dict[str, Suggestion | None] = {}
        self._read_returns()

    @property
    def snapshot(self) -> PolicySnapshot:
        return self.document.snapshot

    @property
    def fiscal_year(self) -> int:
        return self.progress.fiscal_year

    @property
    def grades(self) -> list[GradeView]:
        return self.progress.grades

    def grade(self, grade_id: str | None) -> GradeView | None:
        return self._grades.get(grade_id) if grade_id else None

    def evaluation(self, initiative_id: str) -> EvaluationView | None:
        return self.progress.evaluations.get(initiative_id)

    def indicators(self, initiative_id: str) -> list[IndicatorView]:
        return self.progress.indicators.get(initiative_id, [])

    def indicator(self, indicator_id: str) -> IndicatorView | None:
        owner = self._owner_of.get(indicator_id)
        return next((each for each in self.indicators(owner) if each.id == indicator_id), None) if owner else None

    def suggestion(self, initiative_id: str) -> Suggestion | None:
        """What the initiative's indicators suggest for the year (None without indicators)."""
        if initiative_id not in self._suggestions:
            self._suggestions[initiative_id] = suggest(self.indicators(initiative_id), self.fiscal_year, self.grades)
        return self._suggestions[initiative_id]

    def returned(self, fiscal_year: int) -> dict[str, dt.datetime]:
        """When each lead section's survey for ``fiscal_year`` came back, by section name (the import log,
        read with the progress and again after each import)."""
        return self._returned.get(fiscal_year, {})

    def _read_returns(self) -> None:
        self._returned = returned_by_section_name(self.document.database, self.snapshot)

    def _imported(self) -> None:
        self._read_returns()
        self.returns_changed.emit()

    def set_year(self, fiscal_year: int) -> None:
        """Show ``fiscal_year``: its evaluations are read unless they were; the indicators hold every year already."""
        if fiscal_year == self.fiscal_year:
            return
        self.progress = self.of_year(fiscal_year)
        self._suggestions.clear()
        self.only_the_year_changed = True
        self.reset.emit()

    def of_year(self, fiscal_year: int) -> ProgressYear:
        """The progress of ``fiscal_year`` (its evaluations read now if they were not yet), shown or not."""
        evaluations = self._years.get(fiscal_year)
        if evaluations is None:
            with _collector_paused():
                evaluations = self._years[fiscal_year] = load_year_evaluations(self.document.database, fiscal_year)
        return self.progress._replace(fiscal_year=fiscal_year, evaluations=evaluations)

    def has_read(self, fiscal_year: int) -> bool:
        return fiscal_year in self._years

    def read_another_year(self) -> bool:
        """Read the evaluations of one more year of the plan, so that choosing it later is quick; False when none is left."""
        waiting = [year for year in self.snapshot.years if year not in self._years]
        if waiting:
            self.of_year(waiting[0])
        return bool(waiting)

    def _reload(self) -> None:
        snapshot = self.snapshot  # the plan period may have changed
        self._load(min(max(self.fiscal_year, snapshot.first_year), snapshot.last_year))
        self.only_the_year_changed = False
        self.reset.emit()

    def _apply(self, changes: tuple[Change, ...]) -> None:
        evaluations = {change.id: change for change in changes if change.entity == EVALUATION.table}
        indicator_ids = {change.id for change in changes if change.entity == INDICATOR.table}
        indicator_ids |= {c.owner_id for c in changes if c.entity == INDICATOR_ACTUAL.table and c.owner_id}
        rows = {
            change.id if change.entity == INITIATIVE.table else change.owner_id
            for change in changes
            if change.entity in _SHOWN_WITH_THE_INITIATIVE
        }
        rows.discard(None)
        if evaluations:
            owners = self._update_evaluations(evaluations)
            rows |= owners.get(self.fiscal_year, set())
            self.evaluations_changed.emit(frozenset(owner for each in owners.values() for owner in each))
        if indicator_ids:
            measured = self._update_indicators(indicator_ids)
            rows |= measured
            self.indicators_changed.emit(frozenset(measured))
        if rows:
            self.rows_changed.emit(frozenset(rows))

    def _update_evaluations(self, changes: Mapping[str, Change]) -> dict[int, set[str]]:
        """The changed evaluations read again into every year read; the initiatives touched, by year."""
        touched: dict[int, set[str]] = {}
        for record_id, view in load_evaluations(self.document.database, changes).items():
            owners = {owner for owner in (changes[record_id].owner_id, view and view.initiative_id) if owner}
            for year, evaluations in self._years.items():  # taken out where it was (an undo may reach any year)
                for owner in owners:
                    current = evaluations.get(owner)
                    if current is not None and current.id == record_id:
                        del evaluations[owner]
                        touched.setdefault(year, set()).add(owner)
            year_read = self._years.get(view.fiscal_year) if view is not None else None
            if view is not None and year_read is not None:  # and put where it is now, if that year was read
                year_read[view.initiative_id] = view
                touched.setdefault(view.fiscal_year, set()).add(view.initiative_id)
        return touched

    def _update_indicators(self, ids: set[str]) -> set[str]:
        touched: set[str] = set()
        lists = self.progress.indicators
        for record_id, view in load_indicators(self.document.database, ids).items():
            owner = self._owner_of.pop(record_id, None)
            if owner is not None:
                lists[owner] = [each for each in lists.get(owner, ()) if each.id != record_id]
                touched.add(owner)
            if view is not None:
                listed = [*lists.get(view.initiative_id, ()), view]
                lists[view.initiative_id] = sorted(listed, key=indicator_order)
                self._owner_of[record_id] = view.initiative_id
                touched.add(view.initiative_id)
        for initiative_id in touched:
            self._suggestions.pop(initiative_id, None)
            if not lists.get(initiative_id):
                lists.pop(initiative_id, None)
        return touched
