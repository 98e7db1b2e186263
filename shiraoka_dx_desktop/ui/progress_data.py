"""The year's progress the 進捗 tab shows, kept up to date from the document without reading it all again.

:class:`ProgressData` reads the year's progress once (:func:`...services.progress.load_progress`).
After a value edit (the progress kinds never alter the views' layout) it reads again only the
evaluations and indicators the edit changed (:mod:`...services.progress_reader`) and says which
initiatives' rows show other values; on a change of year it reads only that year's evaluations;
after the document reloaded, everything.  The tab's models and its dashboard listen to it, not to
the document, so they always see the progress already brought up to date.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from ..services.edits import Change
from ..services.progress import EvaluationView, GradeView, IndicatorView, ProgressYear, load_progress
from ..services.progress_reader import load_evaluations, load_indicators, load_year_evaluations
from ..services.progress_suggestion import Suggestion, suggest
from ..services.snapshot import PolicySnapshot
from ..storage.record_kinds import EVALUATION, INDICATOR, INDICATOR_ACTUAL, INITIATIVE, ROADMAP_CELL
from .document import Document

__all__ = ["ProgressData"]

_SHOWN_WITH_THE_INITIATIVE = (INITIATIVE.table, ROADMAP_CELL.table)  # the row's name, section and 工程


class ProgressData(QObject):
    """One fiscal year's evaluations, every indicator, and the suggestions they give."""

    reset = Signal()  # another year, or everything read again: any row may show other values
    rows_changed = Signal(object)  # frozenset[str]: the initiatives whose rows show other values
    indicators_changed = Signal(object)  # frozenset[str]: the initiatives whose indicators changed

    def __init__(self, document: Document, fiscal_year: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.only_the_year_changed = False  # what the last reset was: another year of the same data, or a reload
        self._load(fiscal_year)
        document.changed.connect(self._apply)
        document.reloaded.connect(self._reload)

    def _load(self, fiscal_year: int) -> None:
        self.progress: ProgressYear = load_progress(self.document.database, fiscal_year)
        self._grades = {grade.id: grade for grade in self.progress.grades}
        self._owner_of = {
            indicator.id: indicator.initiative_id
            for listed in self.progress.indicators.values()
            for indicator in listed
        }
        self._suggestions: dict[str, Suggestion | None] = {}

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

    def set_year(self, fiscal_year: int) -> None:
        """Show ``fiscal_year``: its evaluations are read; the indicators hold every year already."""
        if fiscal_year == self.fiscal_year:
            return
        evaluations = load_year_evaluations(self.document.database, fiscal_year)
        self.progress = self.progress._replace(fiscal_year=fiscal_year, evaluations=evaluations)
        self._suggestions.clear()
        self.only_the_year_changed = True
        self.reset.emit()

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
            rows |= self._update_evaluations(evaluations)
        if indicator_ids:
            measured = self._update_indicators(indicator_ids)
            rows |= measured
            self.indicators_changed.emit(frozenset(measured))
        if rows:
            self.rows_changed.emit(frozenset(rows))

    def _update_evaluations(self, changes: Mapping[str, Change]) -> set[str]:
        touched: set[str] = set()
        shown = self.progress.evaluations
        for record_id, view in load_evaluations(self.document.database, changes).items():
            if view is not None:
                if view.fiscal_year == self.fiscal_year:  # an undo may reach another year's
                    shown[view.initiative_id] = view
                    touched.add(view.initiative_id)
                continue
            owner = changes[record_id].owner_id
            current = shown.get(owner) if owner else None
            if owner and current is not None and current.id == record_id:
                del shown[owner]
                touched.add(owner)
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
                lists[view.initiative_id] = sorted(listed, key=lambda each: (each.position, each.name))
                self._owner_of[record_id] = view.initiative_id
                touched.add(view.initiative_id)
        for initiative_id in touched:
            self._suggestions.pop(initiative_id, None)
            if not lists.get(initiative_id):
                lists.pop(initiative_id, None)
        return touched
