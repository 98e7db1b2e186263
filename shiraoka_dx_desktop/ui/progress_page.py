"""The 進捗 tab: each initiative's 評価, 実績, 課題 and 次年度の取組 for a fiscal year, its indicators, and a dashboard.

Above, the year and the filters; the table of initiatives, edited in place; under it the selected
initiative's evaluation on as many lines as it needs and its indicators; beside it the dashboard
(collapsible), which filters the table or selects an initiative when clicked.  Every edit goes
through :meth:`Document.submit`; the tab is built the first time it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from ..domain.progress import evaluation_id
from ..services.edits import Change
from ..services.progress import NOT_ENTERED, default_fiscal_year
from ..services.snapshot import InitiativeView
from ..storage.record_kinds import EVALUATION, INDICATOR, INDICATOR_ACTUAL
from .column_fit import ColumnFitter
from .document import Document
from .indicator_panel import IndicatorPanel
from .initiatives_page import ChoiceDelegate
from .progress_dashboard import ProgressDashboard
from .progress_data import ProgressData
from .progress_delegates import GradeDelegate, MultilineDelegate
from .progress_detail import EvaluationDetail, grade_choices
from .progress_filter import ALL, NO_GRADE, UNSET, ProgressFilterProxy
from .progress_filter_bar import ProgressFilterBar
from .progress_models import ProgressTableModel

__all__ = ["ProgressPage"]

_M = ProgressTableModel


class ProgressPage(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.data = ProgressData(document, default_fiscal_year(document.snapshot), self)
        self.model = ProgressTableModel(self.data, self)
        self.proxy = ProgressFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filters = ProgressFilterBar()
        self.filters.fill(document.snapshot, self.data.grades, self.data.fiscal_year)
        self.table = self._build_table()
        self.detail = EvaluationDetail(self.data)
        self.indicators = IndicatorPanel(self.data)
        self.dashboard = ProgressDashboard(self.data)
        self._lay_out()
        self._connect()
        self._count_shown()
        if self.proxy.rowCount():  # the first initiative ready to be entered
            self.table.setCurrentIndex(self.proxy.index(0, _M.GRADE))

    def _build_table(self) -> QTableView:
        """The initiatives, sortable by a click on a heading; 事業主管課, 評価 and the texts edited in place."""
        table = QTableView()
        table.setModel(self.proxy)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the policy's order
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        # On a small screen the texts (shown in full below the table), the names and who entered them give way.
        self.columns = ColumnFitter(
            table,
            stretch=_M.RESULT,
            shrinkable=(_M.NAME, _M.ISSUES, _M.NEXT_STEPS, _M.ENTERED_BY),
            caps={_M.NAME: 14, _M.LEAD_SECTION: 6, _M.PHASE: 5, _M.ISSUES: 9, _M.NEXT_STEPS: 9, _M.ENTERED_BY: 7},
            minimum_stretch_chars=6,
        )
        document = self.document  # its snapshot is replaced as the data is read again: asked each time
        table.setItemDelegateForColumn(
            _M.LEAD_SECTION,
            ChoiceDelegate(lambda: ["", *(s.name for s in document.snapshot.sections if s.kind == "課")], table),
        )
        table.setItemDelegateForColumn(_M.GRADE, GradeDelegate(lambda: grade_choices(self.data), table))
        texts = MultilineDelegate(table)
        for column in _M.TEXT_COLUMNS:
            table.setItemDelegateForColumn(column, texts)
        table.setToolTip("ダブルクリック・F2・文字の入力で編集。評価と事業主管課は一覧から選びます（Alt+Enter で改行）")
        return table

    def _lay_out(self) -> None:
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self.detail, "実績・課題・次年度の取組(&R)")
        self.bottom_tabs.addTab(self.indicators, "指標")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.detail.heading)
        bottom_layout.addWidget(self.bottom_tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("progressSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([360, 200])
        self.panes = QSplitter(Qt.Orientation.Horizontal)
        self.panes.setObjectName("progressPanes")
        self.panes.addWidget(self.splitter)
        self.panes.addWidget(self.dashboard)
        self.panes.setStretchFactor(0, 4)
        self.panes.setStretchFactor(1, 1)
        self.panes.setSizes([3500, 1000])
        self.panes.setCollapsible(0, False)  # the dashboard folds away; the table never does
        self.splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.panes, 1)
        self.filters.dashboard.setChecked(True)

    def _connect(self) -> None:
        self.filters.year_chosen.connect(self.set_year)
        self.filters.filters_changed.connect(self._apply_filters)
        self.filters.dashboard.toggled.connect(self.dashboard.setVisible)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.data.reset.connect(self._after_reset)
        self.dashboard.section_chosen.connect(self.show_unentered_of)
        self.dashboard.section_shown.connect(self.show_section)
        self.dashboard.segment_chosen.connect(self.show_graded)
        self.dashboard.indicator_chosen.connect(self.show_indicator)
        self.document.replayed.connect(self._replayed)
        self.indicators.counted.connect(self._count_indicators)
        for signal in (
            self.proxy.layoutChanged,
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self._count_shown)

    # -- layout ---------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.columns.fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.columns.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.columns.fit()

    def show_dashboard(self, shown: bool) -> None:
        self.filters.dashboard.setChecked(shown)
        self.dashboard.setVisible(shown)

    # -- the year and the filters ---------------------------------------------------------------

    @property
    def fiscal_year(self) -> int:
        return self.data.fiscal_year

    def set_year(self, fiscal_year: int) -> None:
        """Show and enter ``fiscal_year`` (what was being typed for the year shown is saved first)."""
        self.detail.save_texts()
        self.data.set_year(fiscal_year)

    def _after_reset(self) -> None:
        self.filters.fill(self.document.snapshot, self.data.grades, self.data.fiscal_year)
        if not self.data.only_the_year_changed or self.proxy.follows_the_year():
            self.proxy.invalidate()  # filter and sort the rows again by what they show now
        self._show(self.current_initiative())

    def _apply_filters(self) -> None:
        bar = self.filters
        self.proxy.set_filter(
            area_id=bar.area.currentData(),
            lead_section=bar.section.currentData(),
            grade=bar.grade.currentData(),
            only_unentered=bar.unentered.isChecked(),
            words=bar.search.text(),
        )

    def _count_shown(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.filters.count.setText(f"{shown} / {total} 件" if self.proxy.active else f"{total} 件")

    def show_unentered_of(self, section: str) -> None:
        """The initiatives of ``section`` ("" for those without one) nothing has been entered for."""
        self.filters.set_choices(section=section or UNSET, unentered=True)

    def show_section(self, section: str) -> None:
        """Every initiative of ``section`` ("" for those without one)."""
        self.filters.set_choices(section=section or UNSET, unentered=False)

    def show_graded(self, area_id: str, grade: str) -> None:
        """The initiatives of an area with a grade (NOT_ENTERED: without one)."""
        self.filters.set_choices(area=area_id, grade=NO_GRADE if grade == NOT_ENTERED else grade)

    # -- the selected initiative ----------------------------------------------------------------

    def current_initiative(self) -> InitiativeView | None:
        index = self.table.currentIndex()
        return self.model.initiative(self.proxy.mapToSource(index).row()) if index.isValid() else None

    def select_initiative(self, initiative_id: str) -> bool:
        """Select an initiative's row, clearing the filters if they hide it."""
        row = self.model.row_of(initiative_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, _M.NAME))
        if not index.isValid():
            self.filters.set_choices(area=ALL)
            index = self.proxy.mapFromSource(self.model.index(row, _M.NAME))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def show_indicator(self, initiative_id: str, indicator_id: str) -> None:
        if self.select_initiative(initiative_id):
            self.bottom_tabs.setCurrentWidget(self.indicators)
            self.indicators.select_indicator(indicator_id)

    def _count_indicators(self, count: int) -> None:
        self.bottom_tabs.setTabText(1, f"指標（{count} 件）(&K)" if count else "指標(&K)")

    def _show_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show(self.current_initiative())

    def _show(self, initiative: InitiativeView | None) -> None:
        self.detail.show_initiative(initiative)
        self.indicators.show_initiative(initiative)

    def save_description(self) -> None:
        """Save what is being typed into the evaluation now (the window asks as it closes)."""
        self.detail.save_texts()

    # -- undo and redo --------------------------------------------------------------------------

    def _replayed(self, text: str, undone: bool, changes: tuple[Change, ...]) -> None:
        """An undone or redone evaluation of another year: show that year, so the change is seen."""
        years = {self._year_of(change) for change in changes if change.entity == EVALUATION.table}
        years.discard(None)
        if len(years) == 1 and (year := years.pop()) != self.fiscal_year and year is not None:
            self.filters.year.setCurrentIndex(max(0, self.filters.year.findData(year)))
            self.set_year(year)
        owners = {self._initiative_of(change) for change in changes}
        owners.discard(None)
        if len(owners) == 1 and (owner := owners.pop()) is not None:
            row = self.model.row_of(owner)
            index = self.proxy.mapFromSource(self.model.index(row, _M.NAME)) if row is not None else QModelIndex()
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)

    def _year_of(self, change: Change) -> int | None:
        owner = change.owner_id
        return next((y for y in self.document.snapshot.years if owner and evaluation_id(owner, y) == change.id), None)

    def _initiative_of(self, change: Change) -> str | None:
        if change.entity in (EVALUATION.table, INDICATOR.table):
            return change.owner_id
        if change.entity == INDICATOR_ACTUAL.table and change.owner_id:
            indicator = self.data.indicator(change.owner_id)
            return indicator.initiative_id if indicator else None
        return None
