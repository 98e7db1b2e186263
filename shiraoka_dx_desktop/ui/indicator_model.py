"""The indicators of the initiative selected on the 進捗 tab, with every plan year's actual.

Columns, in the order of the year's work: 指標名, 単位, one 実績 column per fiscal year of the plan,
then for the year shown the pro-rated target (年度の目標), the achievement (達成率) and the
judgement the arithmetic suggests (判定（目安）), and last what is set once: 基準値, 基準年度,
目標値, 目標年度.  Values typed into a number or year column are read by
:mod:`...services.progress_commands`; what is not a number is refused in Japanese and nothing
is written.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ..domain.era import format_fiscal_year
from ..services.edits import Edit, EditRefusedError, set_indicator
from ..services.progress import IndicatorView
from ..services.progress_commands import actual_edits, format_number, parse_number, parse_year, year_label
from ..services.progress_suggestion import grade_at
from .model_refresh import refresh_model
from .progress_data import ProgressData

__all__ = ["IndicatorTableModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_SHOWN_YEAR = QColor(255, 246, 214)  # the shown year's 実績 column, as a highlighter would mark it
_SUGGESTION_COLOUR = QColor(90, 90, 90)

# What each column holds: a field of the indicator, a year's actual, or a figure for the year shown.
NAME, UNIT, ACTUAL, PRORATED, ACHIEVEMENT, JUDGEMENT = "name", "unit", "actual", "prorated", "achievement", "judgement"
BASE, BASE_YEAR, TARGET, TARGET_YEAR = "base_value", "base_year", "target_value", "target_year"
_HEADINGS = {
    NAME: "指標名",
    UNIT: "単位",
    PRORATED: "年度の目標",
    ACHIEVEMENT: "達成率",
    JUDGEMENT: "判定（目安）",
    BASE: "基準値",
    BASE_YEAR: "基準年度",
    TARGET: "目標値",
    TARGET_YEAR: "目標年度",
}
_FIGURES = (PRORATED, ACHIEVEMENT, JUDGEMENT)


class IndicatorTableModel(QAbstractTableModel):
    def __init__(self, data: ProgressData, parent: Any = None) -> None:
        super().__init__(parent)
        self.progress = data
        self.initiative_id: str | None = None
        self._rebuild()
        self._shown_keys = self._keys()
        data.reset.connect(self._refresh)
        data.indicators_changed.connect(self._indicators_changed)

    # -- rows and columns --------------------------------------------------------------------

    def show_initiative(self, initiative_id: str | None) -> None:
        """List the indicators of ``initiative_id`` (none for None)."""
        self.initiative_id = initiative_id
        self._refresh()

    def _rebuild(self) -> None:
        years = list(self.progress.snapshot.years)
        self.columns: list[tuple[str, int | None]] = [(NAME, None), (UNIT, None)]
        self.columns += [(ACTUAL, year) for year in years]
        self.columns += [(kind, None) for kind in (*_FIGURES, BASE, BASE_YEAR, TARGET, TARGET_YEAR)]
        self._rows = list(self.progress.indicators(self.initiative_id)) if self.initiative_id else []

    def _keys(self) -> Hashable:
        indicators = self.progress.indicators(self.initiative_id) if self.initiative_id else []
        return (tuple(self.progress.snapshot.years), tuple(indicator.id for indicator in indicators))

    def _refresh(self) -> None:
        current = self._keys()
        refresh_model(self, self._shown_keys, current, self._rebuild)
        self._shown_keys = current

    def _indicators_changed(self, initiative_ids: frozenset[str]) -> None:
        if self.initiative_id in initiative_ids:
            self._refresh()

    def column_of(self, kind: str, year: int | None = None) -> int:
        return self.columns.index((kind, year))

    def indicator(self, row: int) -> IndicatorView:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        kind, year = self.columns[section]
        shown = format_fiscal_year(self.progress.fiscal_year)
        if role == _DISPLAY:
            return f"{format_fiscal_year(year)}\n実績" if year is not None else _HEADINGS[kind]
        if role == _TOOLTIP:
            if year is not None:
                return f"{format_fiscal_year(year)}（{year}年4月〜{year + 1}年3月）の実績"
            if kind in _FIGURES:
                return f"{shown}の年度の目標（基準値から目標値まで年度ごとに按分）、達成率と、それによる判定の目安"
        if role == Qt.ItemDataRole.FontRole and year == self.progress.fiscal_year:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()][0] not in _FIGURES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- values ---------------------------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        indicator = self._rows[index.row()]
        kind, year = self.columns[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return indicator.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if kind in (NAME, UNIT, JUDGEMENT) else _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            return _SHOWN_YEAR if year is not None and year == self.progress.fiscal_year else None
        if kind in _FIGURES:
            return self._figures(indicator, kind, role)
        if role == _TOOLTIP:
            return f"{indicator.name}（{indicator.unit}）" if indicator.unit else indicator.name
        if role not in (_DISPLAY, _EDIT):
            return None
        grouped = role != _EDIT
        if year is not None:
            return format_number(indicator.actuals.get(year), grouped=grouped)
        if kind in (BASE, TARGET):
            return format_number(indicator.base_value if kind == BASE else indicator.target_value, grouped=grouped)
        if kind in (BASE_YEAR, TARGET_YEAR):
            return year_label(indicator.base_year if kind == BASE_YEAR else indicator.target_year)
        return indicator.name if kind == NAME else indicator.unit

    def _figures(self, indicator: IndicatorView, kind: str, role: int) -> Any:
        figures = indicator.figures(self.progress.fiscal_year)
        if kind == JUDGEMENT:  # a suggestion: shown apart from the section's own 評価
            grade = grade_at(self.progress.grades, figures.judgement.position)
            words = f"{grade.code} {grade.label}" if grade else ""
            if role == _DISPLAY:
                return words
            if role == _TOOLTIP:
                return f"指標から計算した目安: {words}\n{figures.judgement.reason}"
            return _SUGGESTION_COLOUR if role == Qt.ItemDataRole.ForegroundRole else None
        if role == _TOOLTIP:
            return self._basis(indicator)
        if role != _DISPLAY:
            return None
        if kind == PRORATED:
            target = figures.prorated_target
            return format_number(round(target, 1)) if target is not None else ""
        return f"{figures.achievement:.0%}" if figures.achievement is not None else ""

    def _basis(self, indicator: IndicatorView) -> str:
        base = f"{format_number(indicator.base_value)}（{year_label(indicator.base_year)}）"
        target = f"{format_number(indicator.target_value)}（{year_label(indicator.target_year)}）"
        return f"基準値 {base} から目標値 {target} まで、年度ごとに按分した目標と、それに対する達成の割合"

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT or self.columns[index.column()][0] in _FIGURES:
            return False
        indicator = self._rows[index.row()]
        kind, year = self.columns[index.column()]
        text = str(value if value is not None else "")
        try:
            what, edits = self._edits(indicator, kind, year, text)
        except EditRefusedError as refusal:
            self.progress.document.refused.emit(refusal.message)
            return False
        if not edits:
            return True
        return self.progress.document.submit(f"指標「{indicator.name}」の{what}を変更", edits)

    def _edits(self, indicator: IndicatorView, kind: str, year: int | None, text: str) -> tuple[str, list[Edit]]:
        if year is not None:
            label = f"{format_fiscal_year(year)}の実績"
            return label, actual_edits(indicator, year, parse_number(text, label))
        label = _HEADINGS[kind]
        if kind == NAME:
            return label, [set_indicator(indicator.id, name=text.strip())]
        if kind == UNIT:
            return label, [set_indicator(indicator.id, unit=text.strip())]
        if kind == BASE_YEAR:
            return label, [set_indicator(indicator.id, base_year=parse_year(text, label))]
        if kind == TARGET_YEAR:
            return label, [set_indicator(indicator.id, target_year=parse_year(text, label))]
        if kind == BASE:
            return label, [set_indicator(indicator.id, base_value=parse_number(text, label))]
        return label, [set_indicator(indicator.id, target_value=parse_number(text, label))]
