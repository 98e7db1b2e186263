"""Bringing a model up to date after the document reloaded, without needless resets.

A model reset closes every open editor and drops the selection and the current cell.
After an edit that changed values only (a role renamed, a term explained) the rows are
the same rows: tell the views the values changed and keep them where they were.  Only
when rows or columns came, went or moved is a reset the honest signal.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt

__all__ = ["ShownKeys", "refresh_model"]


def refresh_model(
    model: QAbstractItemModel, shown: Hashable, current: Hashable, rebuild: Callable[[], None] = lambda: None
) -> None:
    """Rebuild ``model``: values only when ``shown`` (the row and column identities the views
    have) equals ``current`` (those of the data now), else a full reset."""
    if shown != current:
        model.beginResetModel()
        rebuild()
        model.endResetModel()
        return
    rebuild()
    root = QModelIndex()
    rows = model.rowCount(root)
    # A list model's columnCount is private in Qt: it has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)


class ShownKeys:
    """What a model's views were last told about, so a reload can say only what changed."""

    def __init__(self, model: QAbstractItemModel, keys: Callable[[], Hashable]) -> None:
        self._model = model
        self._keys = keys
        self.shown = keys()

    def refresh(self, rebuild: Callable[[], None] = lambda: None) -> None:
        current = self._keys()
        refresh_model(self._model, self.shown, current, rebuild)
        self.shown = current
