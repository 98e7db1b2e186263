"""取組項目を追加: one dialog for the area and the name, which keeps what was typed until it can be saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ..services.snapshot import PolicySnapshot

__all__ = ["AddInitiativeDialog"]


class AddInitiativeDialog(QDialog):
    """Choose the 取組 and type the name; 追加 saves it through ``add(area_id, name)``.

    ``add`` returns False when a rule refuses the name (a duplicate in that area …):
    the dialog then stays open with the name as typed, so nothing is lost.
    """

    def __init__(
        self,
        snapshot: PolicySnapshot,
        add: Callable[[str, str], bool],
        parent: QWidget | None = None,
        *,
        area_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("取組項目を追加")
        self._add = add
        self.area_box = QComboBox()
        for area in snapshot.areas:
            self.area_box.addItem(f"({area.number}) {area.title}", area.id)
        if area_id is not None:
            self.area_box.setCurrentIndex(max(0, self.area_box.findData(area_id)))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例: 電子申請の対象手続の拡大")
        self.name_edit.setMinimumWidth(420)
        self.hint = QLabel("追加した行が選ばれ、続けて説明を入力できます。")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("追加", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self.try_add)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update)

        form = QFormLayout(self)
        form.addRow("追加する取組(&A):", self.area_box)
        form.addRow("取組項目の名前(&N):", self.name_edit)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.name_edit.setFocus()
        self._update()

    def _update(self) -> None:
        empty = not self.name_edit.text().strip()
        self.add_button.setEnabled(not empty)
        self.add_button.setToolTip("名前を入力してください" if empty else "")

    @property
    def area_id(self) -> str:
        return str(self.area_box.currentData())

    def try_add(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.name_edit.setFocus()
            return
        if self._add(self.area_id, name):
            self.accept()
        else:
            self.name_edit.setFocus()
            self.name_edit.selectAll()
