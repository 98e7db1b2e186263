"""What every model whose columns are named by a list of headings shares: the count of columns and rows, the headings.

A model lists its column headings in ``HEADERS`` and says how many rows it has in
``row_count``; it is mixed in before the Qt model class (QAbstractTableModel, or
QAbstractItemModel for a tree, which counts its rows under each parent itself).  The columns
listed in ``EDITABLE`` are editable in every row.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

__all__ = ["HeaderModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole


class HeaderModel:
    """Columns named by ``HEADERS``; a flat table's rows are ``row_count()``, with no children."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    EDITABLE: ClassVar[tuple[int, ...]] = ()  # the columns a user edits in place

    def row_count(self) -> int:
        """The number of rows (of a flat table)."""
        raise NotImplementedError

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags: Qt.ItemFlag = super().flags(index)  # type: ignore[misc]  # the Qt model's, after this mixin
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
