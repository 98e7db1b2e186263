"""The selected initiative's indicators on the 進捗 tab: the table of their figures, 追加 and 削除."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services.progress_commands import add_indicator, delete_indicator
from ..services.snapshot import InitiativeView
from ..storage.record_kinds import IndicatorFields
from .column_fit import ColumnFitter
from .indicator_model import ACTUAL, NAME, IndicatorTableModel
from .progress_data import ProgressData

__all__ = ["IndicatorPanel"]


class IndicatorPanel(QWidget):
    """Lists, adds, edits and deletes the indicators of the initiative shown."""

    counted = Signal(int)  # how many indicators the initiative shown has

    def __init__(self, data: ProgressData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = data
        self.initiative: InitiativeView | None = None
        self.model = IndicatorTableModel(data, self)
        self.heading = QLabel("指標")
        self.add_button = QPushButton("指標を追加(&I)…")
        self.add_button.setToolTip("選んだ取組項目に指標（KPI）を追加します")
        self.delete_button = QPushButton("指標を削除")
        self.delete_button.setToolTip("選んだ指標を年度ごとの実績とともに削除します（元に戻すで取り消せます）")
        self.add_button.clicked.connect(self.add_indicator)
        self.delete_button.clicked.connect(self.delete_indicator)
        self.table = self._build_table()
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().currentRowChanged.connect(self._update)
        self._update()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        # The name takes what the figures leave, never less than a few words; on a small screen the
        # columns set once (基準値 … 目標年度), last, are scrolled to.
        self.columns = ColumnFitter(table, stretch=self.model.column_of(NAME), minimum_stretch_chars=9)
        table.setToolTip("セルを選んで入力すると保存されます（数値は数字で。年度は 令和4年度、R4、2022 のように）")
        return table

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.columns.fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.columns.fit()

    def show_initiative(self, initiative: InitiativeView | None) -> None:
        self.initiative = initiative
        self.model.show_initiative(initiative.id if initiative else None)
        self._update()

    def _update(self) -> None:
        count = self.model.rowCount()
        if self.initiative is None:
            self.heading.setText("指標（取組項目を選ぶと表示します）")
        else:
            self.heading.setText(f"指標 {count} 件" if count else "指標はまだありません（［指標を追加］で追加）")
        self.add_button.setEnabled(self.initiative is not None)
        self.delete_button.setEnabled(self.current_indicator_row() is not None)
        self.counted.emit(count)

    def current_indicator_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def select_indicator(self, indicator_id: str) -> None:
        row = next((r for r in range(self.model.rowCount()) if self.model.indicator(r).id == indicator_id), None)
        if row is not None:
            column = self.model.column_of(ACTUAL, self.progress.fiscal_year)
            index = self.model.index(row, column)
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.table.scrollTo(index)

    def add_indicator(self) -> None:
        """Ask for the indicator in a dialog; the new row is then selected in the shown year's 実績."""
        from .indicator_dialog import AddIndicatorDialog

        initiative = self.initiative
        if initiative is None:
            return
        added: list[str] = []

        def add(fields: IndicatorFields) -> bool:
            record_id, edit = add_indicator(initiative.id, self.progress.indicators(initiative.id), fields)
            if not self.progress.document.submit(
                f"指標「{fields.get('name', '')}」を追加（{initiative.name}）", [edit]
            ):
                return False
            added.append(record_id)
            return True

        dialog = AddIndicatorDialog(initiative.name, add, self.window())
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        if added:
            self.select_indicator(added[0])
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_indicator(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        row = self.current_indicator_row()
        if row is None or self.initiative is None:
            return
        indicator = self.model.indicator(row)
        answer = QMessageBox.question(
            self.window(),
            "指標を削除",
            f"指標「{indicator.name}」と年度ごとの実績 {len(indicator.actuals)} 件を削除します。\n"
            "削除は「元に戻す」で取り消せます。",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.progress.document.submit(
                f"指標「{indicator.name}」を削除（{self.initiative.name}）", delete_indicator(indicator)
            )
