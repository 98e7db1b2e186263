"""指標を追加: the indicator's name, unit, base and target in one form, kept as typed until it can be saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ..services.edits import EditRefusedError
from ..services.progress_commands import parse_number, parse_year
from ..storage.record_kinds import IndicatorFields

__all__ = ["AddIndicatorDialog"]


class AddIndicatorDialog(QDialog):
    """Type the indicator; 追加 saves it through ``add(fields)``.

    A value that is not a number (or a year) is named under the form and nothing is saved;
    ``add`` returns False when a rule refuses the indicator (a name the initiative already
    has): the dialog then stays open with everything as typed.
    """

    def __init__(self, initiative_name: str, add: Callable[[IndicatorFields], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("指標を追加")
        self._add = add
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例: オンライン申請の件数")
        self.name_edit.setMinimumWidth(360)
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("例: 件、%、手続")
        self.base_edit, self.base_year_edit = QLineEdit(), QLineEdit()
        self.target_edit, self.target_year_edit = QLineEdit(), QLineEdit()
        self.base_edit.setPlaceholderText("例: 120")
        self.target_edit.setPlaceholderText("例: 600")
        self.base_year_edit.setPlaceholderText("例: 令和4年度、R4、2022")
        self.target_year_edit.setPlaceholderText("例: 令和9年度")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        # Room for two lines from the start: a message appearing later does not squeeze the form.
        self.problem.setMinimumHeight(2 * self.problem.fontMetrics().lineSpacing() + 4)
        alarm = self.problem.palette()  # not a style sheet, which would drop the window's text size
        alarm.setColor(QPalette.ColorRole.WindowText, QColor(176, 0, 32))
        self.problem.setPalette(alarm)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("追加", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self.try_add)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update)
        self._lay_out(initiative_name)
        self.name_edit.setFocus()
        self._update()

    def _lay_out(self, initiative_name: str) -> None:
        form = QFormLayout(self)
        heading = QLabel(f"取組項目「{initiative_name}」の指標")
        heading.setWordWrap(True)
        form.addRow(heading)
        form.addRow("指標名(&N):", self.name_edit)
        form.addRow("単位(&U):", self.unit_edit)
        form.addRow("基準値(&B):", self.base_edit)
        form.addRow("基準年度(&Y):", self.base_year_edit)
        form.addRow("目標値(&T):", self.target_edit)
        form.addRow("目標年度(&R):", self.target_year_edit)
        hint = QLabel("年度ごとの実績は、追加した指標の表に入力します。")
        hint.setToolTip("基準値（基準年度）から目標値（目標年度）まで、年度ごとの目標を按分して達成率を計算します。")
        form.addRow(hint)
        form.addRow(self.problem)
        form.addRow(self.buttons)

    def _update(self) -> None:
        empty = not self.name_edit.text().strip()
        self.add_button.setEnabled(not empty)
        self.add_button.setToolTip("指標名を入力してください" if empty else "")

    def fields(self) -> IndicatorFields:
        """What was typed, read; :class:`EditRefusedError` naming the first value that cannot be read."""
        return IndicatorFields(
            name=self.name_edit.text().strip(),
            unit=self.unit_edit.text().strip(),
            base_value=parse_number(self.base_edit.text(), "基準値"),
            base_year=parse_year(self.base_year_edit.text(), "基準年度"),
            target_value=parse_number(self.target_edit.text(), "目標値"),
            target_year=parse_year(self.target_year_edit.text(), "目標年度"),
        )

    def try_add(self) -> None:
        if not self.name_edit.text().strip():
            self.name_edit.setFocus()
            return
        try:
            fields = self.fields()
        except EditRefusedError as refusal:
            self.problem.setText(refusal.message)
            return
        self.problem.clear()
        if self._add(fields):
            self.accept()
        else:
            self.name_edit.setFocus()
            self.name_edit.selectAll()
