"""取込の履歴: every workbook imported into this database, newest first, and what became of it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..services.importing.report_text import report_lines
from ..services.importing.service import ImportLogEntry
from .header_model import HeaderModel
from .models import local_time
from .screen_fit import fit_dialog

__all__ = ["ImportLogDialog", "ImportLogModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


def _counts(entry: ImportLogEntry) -> dict[str, int]:
    outcomes = {"applied": 0, "kept": 0, "rejected": 0}
    for kind in ("added", "changed", "deleted", "conflicts"):
        for item in entry.summary.get(kind, []):
            outcome = item.get("outcome", "applied")
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


class ImportLogModel(HeaderModel, QAbstractTableModel):
    HEADERS = ("取込日時", "取込者", "ファイル", "出力者", "適用", "こちらを維持", "取り込まず", "備考")

    def __init__(self, entries: list[ImportLogEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self.entries = entries

    def row_count(self) -> int:
        return len(self.entries)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        counts = _counts(entry)
        undone = bool(entry.summary.get("undone"))
        note = "取り消し（元に戻す）" if undone else ("2者比較（機械可読の部分なし）" if entry.degraded else "")
        values = (
            local_time(entry.imported_at),
            entry.imported_by,
            entry.file_name,
            entry.origin_user,
            "" if undone else str(counts["applied"]),
            "" if undone else str(counts["kept"]),
            "" if undone else str(counts["rejected"]),
            note,
        )
        return values[index.column()]


class ImportLogDialog(QDialog):
    def __init__(self, entries: list[ImportLogEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("取込の履歴")
        fit_dialog(self, 1000, 560)
        self.model = ImportLogModel(entries, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip("行を選ぶと、その取込で何が起きたかを下に表示します")
        self.details = QTextBrowser()
        self.details.setToolTip("選んだ取込の内容")
        self.table.selectionModel().currentRowChanged.connect(lambda current, previous: self._show(current.row()))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.details, 2)
        layout.addWidget(close)
        if entries:
            self.table.selectRow(0)
        else:
            self.details.setPlainText("まだ取込をしていません。")

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.model.entries):
            return
        entry = self.model.entries[row]
        summary = entry.summary
        if summary.get("undone"):
            self.details.setPlainText(f"「{entry.file_name}」の取込を元に戻しました。")
            return
        lines = [f"SHA-256: {entry.file_sha256}"]
        if {"file", "origin", "added"} <= set(summary):
            lines = report_lines(summary) + lines
        self.details.setPlainText("\n".join(lines))
