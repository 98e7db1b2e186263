"""Which initiatives the 進捗 table shows: by area, lead section, 評価, 未記入 only, and typed words.

The filter is applied when it is chosen (and when the year changes), not again at every edit:
an initiative being filled in while 「未記入のみ」 is on stays in the list until the filter is
chosen again, as rows stay put under an Excel filter, so what is being typed never jumps away.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QWidget

from .models import SORT_ROLE
from .progress_models import ProgressTableModel

__all__ = ["ALL", "NO_GRADE", "UNSET", "ProgressFilterProxy"]

ALL = "__all__"
UNSET = "__unset__"  # initiatives without a lead section
NO_GRADE = "__no_grade__"  # evaluations without a 評価


class ProgressFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area_id = ALL
        self.lead_section = ALL
        self.grade = ALL
        self.only_unentered = False
        self.words = ""
        self._everything = True  # no filter: every row, without asking each (10,000 rows cost 40 ms)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)  # rows stay where they are while they are edited

    def set_filter(
        self,
        *,
        area_id: str | None = None,
        lead_section: str | None = None,
        grade: str | None = None,
        only_unentered: bool | None = None,
        words: str | None = None,
    ) -> None:
        """Change some of the filters and show the rows they accept now."""
        self.area_id = self.area_id if area_id is None else area_id
        self.lead_section = self.lead_section if lead_section is None else lead_section
        self.grade = self.grade if grade is None else grade
        self.only_unentered = self.only_unentered if only_unentered is None else only_unentered
        self.words = self.words if words is None else words.strip().casefold()
        self._everything = not self.active
        self.invalidate()

    @property
    def active(self) -> bool:
        """Whether any filter hides rows."""
        chosen = (self.area_id, self.lead_section, self.grade)
        return chosen != (ALL, ALL, ALL) or self.only_unentered or bool(self.words)

    def follows_the_year(self) -> bool:
        """Whether the rows shown or their order depend on the year's entries (not only on the initiatives)."""
        year_columns = range(ProgressTableModel.PHASE, len(ProgressTableModel.HEADERS))
        return self.grade != ALL or self.only_unentered or bool(self.words) or self.sortColumn() in year_columns

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self._everything:
            return True
        model = self.sourceModel()
        assert isinstance(model, ProgressTableModel)
        initiative = model.initiative(source_row)
        if self.area_id != ALL and initiative.area_id != self.area_id:
            return False
        if self.lead_section == UNSET and initiative.lead_section:
            return False
        if self.lead_section not in (ALL, UNSET) and initiative.lead_section != self.lead_section:
            return False
        evaluation = model.evaluation(source_row)
        if self.only_unentered and evaluation is not None and evaluation.entered:
            return False
        grade_id = evaluation.grade_id if evaluation else None
        if self.grade == NO_GRADE and grade_id:
            return False
        if self.grade not in (ALL, NO_GRADE) and grade_id != self.grade:
            return False
        if not self.words:
            return True
        texts = [initiative.name, initiative.lead_section]
        if evaluation is not None:
            texts += [evaluation.result, evaluation.issues, evaluation.next_steps]
        return any(self.words in text.casefold() for text in texts)
