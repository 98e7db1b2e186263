"""The row above the 進捗 table: the fiscal year, the search, the filters, how many rows are shown, the dashboard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ..domain.era import format_fiscal_year
from ..services.progress import GradeView
from ..services.snapshot import PolicySnapshot
from .progress_filter import ALL, NO_GRADE, UNSET

__all__ = ["ProgressFilterBar"]


class ProgressFilterBar(QWidget):
    year_chosen = Signal(int)
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = QComboBox()
        self.year.setToolTip("表示・入力する年度")
        self.search = QLineEdit()
        self.search.setPlaceholderText("取組項目・課・実績・課題・次年度の取組で検索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("入力するたびに、取組項目名・事業主管課・実績・課題・次年度の取組で絞り込みます")
        self.area = QComboBox()
        self.area.setToolTip("取組で絞り込み")
        self.section = QComboBox()
        self.section.setToolTip("事業主管課で絞り込み")
        self.grade = QComboBox()
        self.grade.setToolTip("評価で絞り込み")
        self.unentered = QCheckBox("未記入のみ(&M)")
        self.unentered.setToolTip(
            "評価・実績・課題・次年度の取組のどれも記入されていない取組項目だけを表示します"
            "（記入しても、絞り込み直すまで一覧に残ります）"
        )
        self.count = QLabel()
        self.dashboard = QToolButton()
        self.dashboard.setText("集計")
        self.dashboard.setCheckable(True)
        self.dashboard.setToolTip("評価の分布・未記入の課・遅れている指標の表示／非表示")
        for combo, characters in ((self.area, 10), (self.section, 7), (self.grade, 6)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(characters)
        self._lay_out()
        self.year.activated.connect(lambda _: self.year_chosen.emit(int(self.year.currentData())))
        for combo in (self.area, self.section, self.grade):
            combo.currentIndexChanged.connect(lambda _: self.filters_changed.emit())
        self.unentered.toggled.connect(lambda _: self.filters_changed.emit())
        self.search.textChanged.connect(lambda _: self.filters_changed.emit())

    def _lay_out(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        year_label = QLabel("年度(&Y):")
        year_label.setBuddy(self.year)
        layout.addWidget(year_label)
        layout.addWidget(self.year)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.area, 2)
        layout.addWidget(self.section, 2)
        layout.addWidget(self.grade, 1)
        layout.addWidget(self.unentered)
        layout.addWidget(self.count)
        layout.addWidget(self.dashboard)

    def fill(self, snapshot: PolicySnapshot, grades: list[GradeView], year: int) -> None:
        """The choices as the data has them now, keeping what was chosen where it still exists."""
        chosen = (self.area.currentData(), self.section.currentData(), self.grade.currentData())
        combos = (self.year, self.area, self.section, self.grade)
        for combo in combos:
            combo.blockSignals(True)
            combo.clear()
        for each in snapshot.years:
            self.year.addItem(f"{format_fiscal_year(each)}（{each}）", each)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.area.addItem("すべての取組", ALL)
        for area in snapshot.areas:
            self.area.addItem(f"({area.number}) {area.title}", area.id)
        self.section.addItem("すべての事業主管課", ALL)
        self.section.addItem("（未設定）", UNSET)
        for section in snapshot.sections:
            if section.kind == "課":
                self.section.addItem(section.name, section.name)
        self.grade.addItem("すべての評価", ALL)
        for grade in grades:
            self.grade.addItem(f"{grade.code} {grade.label}", grade.id)
        self.grade.addItem("評価なし", NO_GRADE)
        for combo, data in zip(combos[1:], chosen, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(data)))
        for combo in combos:
            combo.blockSignals(False)

    def set_choices(
        self, *, area: str = ALL, section: str = ALL, grade: str = ALL, unentered: bool = False, words: str = ""
    ) -> None:
        """Set every filter at once (the year stays); the table is filtered once."""
        widgets = (self.area, self.section, self.grade, self.unentered, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        for combo, data in ((self.area, area), (self.section, section), (self.grade, grade)):
            combo.setCurrentIndex(max(0, combo.findData(data)))
        self.unentered.setChecked(unentered)
        self.search.setText(words)
        for widget in widgets:
            widget.blockSignals(False)
        self.filters_changed.emit()

    def choose(self, combo: QComboBox, data: str) -> None:
        """Pick the item of ``combo`` that stands for ``data`` (the table is filtered at once)."""
        combo.setCurrentIndex(max(0, combo.findData(data)))
