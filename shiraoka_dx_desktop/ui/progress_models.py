"""The 進捗 tab's table: every initiative with the selected year's 工程, 評価, 実績, 課題 and 次年度の取組.

Rows are the snapshot's initiatives in the policy's order; the values come from
:class:`.progress_data.ProgressData`.  A value edit repaints only the rows it touched; another
year repaints every row without a reset (the rows are the same initiatives, so the selection and
the current cell stay); a reload resets the model only if the initiatives themselves differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..domain.era import era_of, format_fiscal_year
from ..services.edits import EditRefusedError, set_initiative
from ..services.progress import EvaluationView
from ..services.progress_commands import evaluation_edit, lead_section_id
from ..services.snapshot import InitiativeView
from ..storage.record_kinds import EvaluationFields
from .header_model import HeaderModel
from .model_refresh import refresh_model
from .models import SORT_ROLE, local_time
from .progress_data import ProgressData

__all__ = ["TEXT_FIELDS", "ProgressTableModel", "flat", "submit_evaluation", "text_values"]

ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_SUGGESTION_COLOUR = QColor(90, 90, 90)

# The evaluation's texts, with the words the UI names them by.
TEXT_FIELDS = {"result": "実績", "issues": "課題", "next_steps": "次年度の取組"}


def text_values(field: str, text: str) -> EvaluationFields:
    """One of the evaluation's texts set to ``text``."""
    if field == "result":
        return {"result": text}
    if field == "issues":
        return {"issues": text}
    return {"next_steps": text}


def short_date(moment: dt.datetime) -> str:
    """「R8.12.2」: a date as forms write it where space is short (the tooltip has it in full)."""
    day = moment.astimezone().date()
    era = era_of(day)
    return f"{era.letter}{era.year_of(day.year)}.{day.month}.{day.day}"


def flat(text: str) -> str:
    """A multi-line text on one line, as a table cell shows it."""
    return " ".join(text.split())


def submit_evaluation(data: ProgressData, initiative: InitiativeView, what: str, values: EvaluationFields) -> bool:
    """Set ``values`` on the initiative's evaluation for the year shown, as one undo step named after ``what``.

    Typing into one text (``what`` is then its name) continues the step while nothing else intervenes.
    """
    current = data.evaluation(initiative.id)
    if current is None and not any(values.values()):
        return True  # nothing chosen or typed for an evaluation that does not exist: nothing to store
    year = data.fiscal_year
    typing = what in TEXT_FIELDS.values()
    key = ("evaluation", tuple(values), initiative.id, year) if typing else None
    return data.document.submit(
        f"{what}を変更（{initiative.name} {format_fiscal_year(year)}）",
        [evaluation_edit(initiative.id, year, values)],
        merge_key=key,
    )


class ProgressTableModel(HeaderModel, QAbstractTableModel):
    """Each initiative's progress for the year shown by ``data``."""

    AREA, NAME, LEAD_SECTION, PHASE, GRADE, SUGGESTED, RESULT, ISSUES, NEXT_STEPS, ENTERED_BY, ENTERED_AT = range(11)
    HEADERS = (
        "取組",
        "取組項目",
        "事業主管課",
        "工程",
        "評価",
        "目安",
        "実績",
        "課題",
        "次年度の取組",
        "記入者",
        "記入日",
    )
    EDITABLE = (LEAD_SECTION, GRADE, RESULT, ISSUES, NEXT_STEPS)
    TEXT_COLUMNS: ClassVar[dict[int, str]] = {RESULT: "result", ISSUES: "issues", NEXT_STEPS: "next_steps"}

    def __init__(self, data: ProgressData, parent: Any = None) -> None:
        super().__init__(parent)
        self.progress = data
        self._rebuild()
        self._shown_keys = self._keys()
        data.reset.connect(self._reset)
        data.rows_changed.connect(self._refresh_rows)

    def _rebuild(self) -> None:
        snapshot = self.progress.snapshot
        self._areas = {area.id: area for area in snapshot.areas}
        self._rows = list(snapshot.initiatives)
        self._row_of = {item.id: row for row, item in enumerate(self._rows)}

    def _keys(self) -> Hashable:
        return tuple(item.id for item in self.progress.snapshot.initiatives)

    def _reset(self) -> None:
        current = self._keys()
        refresh_model(self, self._shown_keys, current, self._rebuild)
        self._shown_keys = current

    def _refresh_rows(self, initiative_ids: frozenset[str]) -> None:
        current = {item.id: item for item in self.progress.snapshot.initiatives if item.id in initiative_ids}
        last = len(self.HEADERS) - 1
        for initiative_id in initiative_ids:
            row = self._row_of.get(initiative_id)
            if row is None:
                continue
            if initiative_id in current:
                self._rows[row] = current[initiative_id]
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def row_count(self) -> int:
        return len(self._rows)

    def initiative(self, row: int) -> InitiativeView:
        return self._rows[row]

    def row_of(self, initiative_id: str) -> int | None:
        return self._row_of.get(initiative_id)

    def evaluation(self, row: int) -> EvaluationView | None:
        return self.progress.evaluation(self._rows[row].id)

    def area_label(self, area_id: str) -> str:
        area = self._areas.get(area_id)
        return f"({area.number}) {area.title}" if area else ""

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        initiative = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return initiative.id
        if column <= self.PHASE:
            return self._initiative_data(initiative, column, role)
        if column in (self.GRADE, self.SUGGESTED):
            return self._grade_data(initiative, column, role)
        if role not in (_DISPLAY, _EDIT, _TOOLTIP, SORT_ROLE):
            return None
        evaluation = self.progress.evaluation(initiative.id)
        if column in self.TEXT_COLUMNS:
            text = getattr(evaluation, self.TEXT_COLUMNS[column]) if evaluation else ""
            return text if role in (_EDIT, _TOOLTIP) else flat(text)
        if evaluation is None:
            return None
        if column == self.ENTERED_BY:
            return evaluation.stamp.updated_by
        moment = evaluation.stamp.updated_at  # ENTERED_AT
        if role == SORT_ROLE:
            return moment.isoformat()
        return local_time(moment) if role == _TOOLTIP else short_date(moment)

    def _initiative_data(self, initiative: InitiativeView, column: int, role: int) -> Any:
        if role not in (_DISPLAY, _EDIT, _TOOLTIP, SORT_ROLE):
            return None
        if column == self.AREA:  # its number: the area filter and the tooltip name it
            area = self._areas[initiative.area_id]
            if role == SORT_ROLE:  # a number: the proxy cannot compare Python tuples
                return area.number * 10_000_000 + initiative.position
            return self.area_label(initiative.area_id) if role == _TOOLTIP else f"({area.number})"
        if column == self.NAME:
            return initiative.name
        if column == self.LEAD_SECTION:
            return initiative.lead_section or ("未設定" if role == _TOOLTIP else "")
        year = self.progress.fiscal_year  # PHASE
        cell = initiative.cells.get(year)
        if cell is None:
            return f"{format_fiscal_year(year)}の工程はありません" if role == _TOOLTIP else ""
        label = cell.value.label or "（網掛け）"
        return f"{format_fiscal_year(year)}の工程: {label}" if role == _TOOLTIP else label

    def _grade_data(self, initiative: InitiativeView, column: int, role: int) -> Any:
        if column == self.GRADE:
            evaluation = self.progress.evaluation(initiative.id)
            grade = self.progress.grade(evaluation.grade_id if evaluation else None)
            if role == _EDIT:
                return grade.id if grade else ""
            if role == SORT_ROLE:
                return self.progress.grades.index(grade) if grade else len(self.progress.grades)
            if role == _TOOLTIP:
                return (
                    f"{grade.code} {grade.label}: {grade.explanation}" if grade else "評価なし（ダブルクリックで選択）"
                )
            return grade.code if grade and role == _DISPLAY else None
        suggestion = self.progress.suggestion(initiative.id)
        if suggestion is None:
            return "指標がないため目安はありません" if role == _TOOLTIP else None
        if role == _DISPLAY:
            return suggestion.grade.code if suggestion.grade else ""
        if role == SORT_ROLE:
            return suggestion.position
        if role == _TOOLTIP:
            return f"指標から計算した目安: {suggestion.text}（評価は変わりません）\n{suggestion.reason}"
        if role == _FOREGROUND:
            return _SUGGESTION_COLOUR
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT or index.column() not in self.EDITABLE:
            return False
        initiative = self._rows[index.row()]
        column = index.column()
        if column == self.LEAD_SECTION:
            return self._set_lead_section(initiative, str(value or ""))
        if column == self.GRADE:
            grade_id = str(value or "") or None
            if grade_id is not None and self.progress.grade(grade_id) is None:
                return False
            return submit_evaluation(self.progress, initiative, "評価", {"grade_id": grade_id})
        field = self.TEXT_COLUMNS[column]
        return submit_evaluation(self.progress, initiative, TEXT_FIELDS[field], text_values(field, str(value or "")))

    def _set_lead_section(self, initiative: InitiativeView, text: str) -> bool:
        document = self.progress.document
        try:
            section = lead_section_id(document.snapshot, text)
        except EditRefusedError as refusal:
            document.refused.emit(refusal.message)
            return False
        return document.submit("事業主管課の変更", [set_initiative(initiative.id, lead_section_id=section)])
