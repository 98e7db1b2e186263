"""Editing the 進捗 table's cells: 評価 from the scale's drop-down, texts on several lines as in Excel.

A text cell opens an editor a few lines tall over the cells below it: Enter stores the text,
Alt+Enter (as in Excel) or Shift+Enter starts a new line, Esc leaves the cell as it was, Tab
stores and moves to the next cell.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

__all__ = ["GradeDelegate", "MultilineDelegate"]

ModelIndex = QModelIndex | QPersistentModelIndex
_EDIT = Qt.ItemDataRole.EditRole
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NEW_LINE = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


class GradeDelegate(QStyledItemDelegate):
    """A drop-down of ``choices()``: (the text shown, the value stored); choosing one stores it at once."""

    def __init__(self, choices: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for text, value in self._choices():
            combo.addItem(text, value)
        combo.activated.connect(lambda _: self._chosen(combo))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(str(index.data(_EDIT) or ""))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), _EDIT)


class _CellTextEdit(QPlainTextEdit):
    finished = Signal()  # Enter: store the text

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in _ENTER:
            if event.modifiers() & _NEW_LINE:
                self.insertPlainText("\n")
            else:
                self.finished.emit()
            return
        super().keyPressEvent(event)


class MultilineDelegate(QStyledItemDelegate):
    """Edits a text cell in a few lines' editor laid over the cells below it."""

    LINES = 5
    MINIMUM_CHARS = 24

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        editor = _CellTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setToolTip("Enter で確定、Alt+Enter で改行、Esc で取り消し")
        editor.finished.connect(lambda: self._finished(editor))
        return editor

    def _finished(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(str(index.data(_EDIT) or ""))
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QPlainTextEdit)
        model.setData(index, editor.toPlainText(), _EDIT)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> None:  # noqa: N802
        metrics = editor.fontMetrics()
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width(), self.MINIMUM_CHARS * metrics.horizontalAdvance("漢")))
        rect.setHeight(max(rect.height(), self.LINES * metrics.lineSpacing() + 12))
        parent = editor.parentWidget()
        area = parent.rect() if parent is not None else rect
        # Inside the table: moved left and up where the cell is near its right or bottom edge.
        rect.moveLeft(max(area.left(), min(rect.left(), area.right() + 1 - rect.width())))
        rect.moveTop(max(area.top(), min(rect.top(), area.bottom() + 1 - rect.height())))
        editor.setGeometry(rect)
