"""［編集］→［評価の区分］: the 評価 scale the sections grade their initiatives on, edited by the 事務局.

A table of 記号・内容・説明 (F2 or a double click edits a cell), with 追加, 削除 (refused, with the count,
for a grade in use), 上へ and 下へ.  Every change is one undo step through the document; the 進捗 tab,
the survey's drop-down and the report read the scale again after it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services.edits import upsert
from ..services.grade_scale import ScaleGrade, add_grade, delete_grade, load_scale, move_grade
from ..storage.record_kinds import EVALUATION_GRADE
from .document import Document
from .header_model import HeaderModel
from .screen_fit import fit_dialog

__all__ = ["GradeScaleDialog", "GradeScaleModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_FIELDS = ("code", "label", "explanation")


class GradeScaleModel(HeaderModel, QAbstractTableModel):
    CODE, LABEL, EXPLANATION, USED = range(4)
    HEADERS = ("記号", "内容", "説明", "使用中の評価")
    EDITABLE = (CODE, LABEL, EXPLANATION)

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.scale: list[ScaleGrade] = load_scale(document.database)
        document.reloaded.connect(self.read_again)  # a grade's change alters the scale every view shows

    def read_again(self) -> None:
        self.beginResetModel()
        self.scale = load_scale(self.document.database)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.scale)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, _EDIT):
            return None
        grade = self.scale[index.row()]
        if index.column() == self.USED:
            return f"{grade.used:,d} 件"
        return getattr(grade, _FIELDS[index.column()])

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT or index.column() == self.USED:
            return False
        grade, field = self.scale[index.row()], _FIELDS[index.column()]
        text = str(value or "").strip()
        if text == getattr(grade, field):
            return False
        edit = upsert(EVALUATION_GRADE, grade.id, {field: text})
        return self.document.submit(f"評価の区分「{grade.code}」の{self.HEADERS[index.column()]}を変更", [edit])


class GradeScaleDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("評価の区分")
        fit_dialog(self, 640, 420)
        self.document = document
        self.model = GradeScaleModel(document, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setToolTip("F2 またはダブルクリックで編集します。評価に使われている区分は削除できません。")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GradeScaleModel.EXPLANATION, QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        for text, slot, tip in (
            ("追加…", self.add, "区分を最後に追加します"),
            ("削除…", self.delete, "選んだ区分を削除します（評価に使われていれば削除しません）"),
            ("上へ", lambda: self.move_grade(-1), "選んだ区分を一つ上へ"),
            ("下へ", lambda: self.move_grade(1), "選んだ区分を一つ下へ"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda checked=False, slot=slot: slot())
            buttons.addWidget(button)
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(close)

    def _row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def add(self) -> None:
        code, ok = QInputDialog.getText(self, "評価の区分を追加", "記号（例: E）:")
        if not ok or not code.strip():
            return
        label, ok = QInputDialog.getText(self, "評価の区分を追加", f"「{code.strip()}」の内容（例: 中止）:")
        if ok:
            self.document.submit(f"評価の区分「{code.strip()}」を追加", [add_grade(self.model.scale, code, label)])

    def delete(self) -> None:
        row = self._row()
        if row is None:
            return
        grade = self.model.scale[row]
        asked = f"評価の区分「{grade.code} {grade.label}」を削除しますか？"
        if QMessageBox.question(self, "評価の区分を削除", asked) == QMessageBox.StandardButton.Yes:
            self.document.submit(f"評価の区分「{grade.code}」を削除", [delete_grade(grade)])

    def move_grade(self, step: int) -> None:
        row = self._row()
        edits = move_grade(self.model.scale, row, step) if row is not None else []
        if edits and self.document.submit(f"評価の区分「{self.model.scale[row or 0].code}」の順序を変更", edits):
            target = self.model.index((row or 0) + step, GradeScaleModel.CODE)
            self.table.setCurrentIndex(target)
