"""The 進捗 tab's dashboard: the year at a glance, for those who would rather look than read.

Three things, counted with :mod:`...services.progress`'s functions: the 評価 of each area as stacked
bars (``grades_by_area``), the lead sections with initiatives nothing has been entered for
(``section_progress``), and the indicators behind their pro-rated target (``indicators_behind``).  A
click on a bar's segment or a section filters the table; a click on an indicator selects its
initiative.  The figures are counted once per year (:class:`...services.progress_tally.ProgressTally`)
and kept for each year counted; after an edit only the initiatives it changed are counted again, in the
year shown once the edited row has been repainted, in another when it is shown again.  Between what the
user does, the other years of the plan are read and counted one step at a time, so that choosing one
later costs only drawing it.  While the dashboard is folded away nothing is counted until it is shown again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTabWidget, QTreeView, QVBoxLayout, QWidget

from ..domain.era import format_date, format_fiscal_year
from ..services.progress import NOT_ENTERED, SectionProgress
from ..services.progress_behind import Behind, BehindByYear
from ..services.progress_commands import format_number
from ..services.progress_tally import ProgressTally
from .grade_bars import BarRow, GradeBars, Segment
from .progress_data import ProgressData

__all__ = ["NO_SECTION", "BehindListModel", "ChoiceListModel", "ProgressDashboard"]

NO_SECTION = "（事業主管課なし）"
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_KEY = Qt.ItemDataRole.UserRole


class _Choice(NamedTuple):
    text: str
    tooltip: str
    key: tuple[Any, ...]


class ChoiceListModel(QAbstractListModel):
    """Lines to click on, each with the key of what it stands for (``Qt.UserRole``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.choices: list[_Choice] = []

    def set_choices(self, choices: list[_Choice]) -> None:
        self.beginResetModel()
        self.choices = choices
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        choice = self.choices[index.row()]
        if role == _DISPLAY:
            return choice.text
        if role == _TOOLTIP:
            return choice.tooltip
        return choice.key if role == _KEY else None


class BehindListModel(QAbstractListModel):
    """The indicators behind, each worded only when its line is shown (thousands of them stay cheap)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[Behind] = []
        self.fiscal_year = 0

    def set_entries(self, entries: list[Behind], fiscal_year: int) -> None:
        self.beginResetModel()
        self.entries, self.fiscal_year = entries, fiscal_year
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        initiative, indicator, figures = self.entries[index.row()]
        if role == _KEY:
            return (initiative.id, indicator.id)
        if role == _TOOLTIP:
            return f"{initiative.name}\n{indicator.name}: {figures.judgement.reason}"
        if role != _DISPLAY:
            return None
        actual = format_number(indicator.actuals.get(self.fiscal_year))
        target = format_number(round(figures.prorated_target or 0, 1))
        reached = f"（達成率 {figures.achievement:.0%}）" if figures.achievement is not None else ""
        return f"{initiative.name}\n　{indicator.name}: 実績 {actual} / 年度の目標 {target}{indicator.unit}{reached}"


def _section_choice(item: SectionProgress, returned: dt.datetime | None, *, surveyed: bool) -> _Choice:
    """「福祉課　未記入 2 / 2 件」 or 「総務課　記入済み 2 / 2 件」; in a year surveyed, a second line says whether
    and when the section's survey came back."""
    name = item.section or NO_SECTION
    counts = f"未記入 {item.missing}" if item.missing else f"記入済み {item.entered}"
    text = f"{name}　{counts} / {item.initiatives} 件"
    said = "照会のブックはまだ取り込んでいません。"
    if returned is not None:
        local = returned.astimezone()
        said = f"照会のブックを{format_date(local.date())} {local:%H:%M}に取り込みました。"
    if surveyed and item.section:
        text += f"\n　返送 {local.month}/{local.day} {local:%H:%M}" if returned is not None else "\n　返送なし"
    elif surveyed:
        text += "\n"  # the lines are all as tall
    missing = f"{item.missing} 件が未記入です。" if item.missing else "すべて記入済みです。"
    tooltip = f"{name}: {item.initiatives} 件のうち{missing}" + (said if item.section else "")
    return _Choice(text, tooltip, (item.section, item.missing))


def _list(model: QAbstractListModel, tip: str) -> QTreeView:
    """A list as wide as the pane, each line cut short with … where it is longer (the tooltip has it whole)."""
    view = QTreeView()
    view.setModel(model)
    view.setHeaderHidden(True)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)  # thousands of lines stay cheap to lay out
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.header().setStretchLastSection(True)
    view.setToolTip(tip)
    return view


class ProgressDashboard(QWidget):
    section_chosen = Signal(str)  # a lead section's name ("" for initiatives without one): its 未記入
    section_shown = Signal(str)  # a lead section that has entered everything: all its initiatives
    segment_chosen = Signal(str, str)  # an area's id, a grade's id (or NOT_ENTERED)
    indicator_chosen = Signal(str, str)  # an initiative's id, its indicator's id
    OTHER_YEARS_PAUSE_MS = 200

    def __init__(self, data: ProgressData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = data
        self.tallies: dict[int, ProgressTally] = {}  # by year: counted when first shown, then kept up to date
        self._stale: dict[int, set[str]] = {}  # by year counted: the initiatives changed since
        self._drawn: int | None = None  # the year whose tally is drawn
        self.behind_by_year = BehindByYear()  # found for the other years too, while the user reads
        self.title = QLabel()
        self.entered = QLabel()
        self.entered.setWordWrap(True)
        self.bars = GradeBars()
        self.sections_model = ChoiceListModel(self)
        self.behind_model = BehindListModel(self)
        self.sections = _list(self.sections_model, "クリックすると、その課の未記入の取組項目だけを表に表示します")
        self.behind = _list(self.behind_model, "クリックすると、その指標の取組項目を選びます")
        self._lay_out()
        self._timer = QTimer(self)  # after the edited rows are repainted
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.bring_up_to_date)
        self._other_years = QTimer(self)  # one year at a time, between what the user does
        self._other_years.setSingleShot(True)
        self._other_years.setInterval(self.OTHER_YEARS_PAUSE_MS)
        self._other_years.timeout.connect(self.prepare_another_year)
        self._connect()

    def _lay_out(self) -> None:
        # The two lists take turns under the chart: each gets the height a small screen has left.
        self.lists = QTabWidget()
        self.lists.addTab(self.sections, "未記入")
        self.lists.addTab(self.behind, "遅れ")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.entered)
        layout.addWidget(self.bars)
        layout.addWidget(self.lists, 1)

    def _connect(self) -> None:
        self.bars.segment_chosen.connect(self.segment_chosen)
        for signal in (self.sections.clicked, self.sections.activated):
            signal.connect(self._section_clicked)
        for signal in (self.behind.clicked, self.behind.activated):
            signal.connect(lambda index: self.indicator_chosen.emit(*index.data(_KEY)))
        self.progress.reset.connect(self._reset)
        self.progress.rows_changed.connect(self._changed)
        self.progress.indicators_changed.connect(self._changed)
        self.progress.evaluations_changed.connect(self._changed)  # another year's too
        self.progress.returns_changed.connect(self._returns_changed)

    # -- when to count ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.bring_up_to_date()

    @property
    def tally(self) -> ProgressTally | None:
        """The figures of the year shown, as last counted (None before they are)."""
        return self.tallies.get(self.progress.fiscal_year)

    def _reset(self) -> None:
        if not self.progress.only_the_year_changed:  # the data read again: everything counted afresh
            self.tallies.clear()
            self._stale.clear()
            self.behind_by_year.clear()
        self._drawn = None
        self._postpone_other_years()
        if self.isVisible():
            self._timer.start()

    def _changed(self, initiative_ids: frozenset[str]) -> None:
        for stale in self._stale.values():  # in every year counted, shown or not
            stale |= initiative_ids
        self.behind_by_year.forget(initiative_ids)
        self._postpone_other_years()
        if self.isVisible():
            self._timer.start()

    def _postpone_other_years(self) -> None:
        """The user is doing something: the other years wait for the next pause."""
        if self._other_years.isActive():
            self._other_years.start()

    def bring_up_to_date(self) -> None:
        """Count what changed since the dashboard was last drawn (everything, for a year not counted yet)."""
        self._timer.stop()
        year = self.progress.fiscal_year
        tally, recounted = self._counted(year)
        if not recounted and self._drawn == year:
            return
        self._drawn = year
        self._show(tally)
        self._other_years.start()

    def _counted(self, fiscal_year: int) -> tuple[ProgressTally, bool]:
        """The year's figures brought up to date, and whether anything was counted for that."""
        data = self.progress
        progress = data.of_year(fiscal_year)
        tally = self.tallies.get(fiscal_year)
        if tally is None:
            self.tallies[fiscal_year] = tally = ProgressTally(data.snapshot, progress, self.behind_by_year)
            self._stale[fiscal_year] = set()
            return tally, True
        stale = self._stale[fiscal_year]
        if not stale:
            return tally, False
        tally.update(data.snapshot, progress, stale)
        stale.clear()
        return tally, True

    def prepare_another_year(self) -> None:
        """One step towards another year of the plan ready to be shown: its evaluations read, its indicators
        behind found, or its figures counted (each a few tens of milliseconds); the next step after a pause."""
        data = self.progress
        waiting = [year for year in data.snapshot.years if year not in self.tallies]
        if not waiting:
            return
        year = waiting[0]
        if not data.has_read(year):
            data.read_another_year()
        elif not self.behind_by_year.known(year):
            self.behind_by_year.of(data.snapshot, data.of_year(year), year)
        else:
            self._counted(year)
        self._other_years.start()

    def _returns_changed(self) -> None:
        tally = self.tallies.get(self._drawn) if self._drawn is not None else None
        if tally is not None:
            self._show_sections(tally)

    def _section_clicked(self, index: QModelIndex) -> None:
        section, missing = index.data(_KEY)
        (self.section_chosen if missing else self.section_shown).emit(section)

    def refresh(self) -> None:
        """Count everything again for the year shown, now."""
        year = self.progress.fiscal_year
        self.tallies.pop(year, None)
        self._stale.pop(year, None)
        self._drawn = None
        self.bring_up_to_date()

    # -- drawing ------------------------------------------------------------------------------

    def _show(self, tally: ProgressTally) -> None:
        self.title.setText(f"<b>{format_fiscal_year(tally.fiscal_year)}の集計</b>")
        self._show_bars(tally)
        self._show_sections(tally)
        behind = tally.behind
        self.behind_model.set_entries(behind, tally.fiscal_year)
        self.lists.setTabText(1, f"遅れ {len(behind)}指標")
        self.lists.setTabToolTip(1, "年度の目標（按分）より実績が遅れている指標。クリックでその取組項目を選びます")

    def _show_bars(self, tally: ProgressTally) -> None:
        grades = self.progress.grades
        segments = [Segment(grade.id, grade.code, grade.label) for grade in grades]
        segments.append(Segment(NOT_ENTERED, "評価なし", "", empty=True))
        by_code = {grade.code: grade.id for grade in grades}
        rows = [
            BarRow(
                area.id,
                f"({area.number}) {area.title}",
                {by_code.get(code, NOT_ENTERED): count for code, count in tally.grades.get(area.id, {}).items()},
            )
            for area in self.progress.snapshot.areas
        ]
        self.bars.set_rows(rows, segments)
        graded = sum(count for row in rows for key, count in row.counts.items() if key != NOT_ENTERED)
        total = sum(sum(row.counts.values()) for row in rows)
        self.entered.setText(f"評価の記入 {graded} / {total} 件")

    def _show_sections(self, tally: ProgressTally) -> None:
        """Every lead section, those with initiatives nothing was entered for first, with when its survey came back."""
        waiting = [item for item in tally.sections if item.missing]
        returned = self.progress.returned(tally.fiscal_year)
        self.sections_model.set_choices(
            [
                _section_choice(item, returned.get(item.section), surveyed=bool(returned))
                for item in (*waiting, *(item for item in tally.sections if not item.missing))
            ]
        )
        self.lists.setTabText(0, f"未記入 {len(waiting)}課")
        self.lists.setTabToolTip(
            0, "未記入の取組項目がある事業主管課と、その件数" if waiting else "すべての取組項目に記入があります"
        )
