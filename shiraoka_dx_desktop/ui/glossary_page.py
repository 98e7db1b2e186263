"""The 用語集 tab: terms in 五十音順, searchable, edited in place."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services import commands
from ..services.edits import delete
from ..storage.record_kinds import GLOSSARY_TERM
from .models import SORT_ROLE, GlossaryModel
from .snapshot_source import SnapshotSource

__all__ = ["GlossaryPage", "search_box"]


def search_box(placeholder: str) -> QLineEdit:
    search = QLineEdit()
    search.setPlaceholderText(placeholder)
    search.setClearButtonEnabled(True)
    search.setToolTip("Ctrl+F で検索欄へ移動")
    return search


class GlossaryPage(QWidget):
    def __init__(self, document: SnapshotSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = GlossaryModel(document, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.search = search_box("用語・読み・解説で検索")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        table = self.table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(GlossaryModel.TERM, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setColumnWidth(GlossaryModel.TERM, 200)
        table.setColumnWidth(GlossaryModel.READING, 220)
        header = table.horizontalHeader()
        header.setSectionResizeMode(GlossaryModel.EXPLANATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GlossaryModel.UPDATED, QHeaderView.ResizeMode.ResizeToContents)
        table.setToolTip("ダブルクリックまたは F2 で編集。用語は読みの五十音順に並びます。")
        if document.read_only:
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setToolTip("保存された版の用語集（読み取り専用）。用語は読みの五十音順に並びます。")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(table)
        self.setFocusProxy(table)

    def add_term(self) -> None:
        term, ok = QInputDialog.getText(self, "用語を追加", "用語:")
        if ok:
            _new_id, edits = commands.add_term(self.document.snapshot, term)
            self.document.submit(f"用語「{term.strip()}」を追加", edits)

    def delete_term(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        term = self.document.snapshot.glossary[self.proxy.mapToSource(index).row()]
        if (
            QMessageBox.question(self, "用語を削除", f"用語「{term.term}」を削除しますか？")
            == QMessageBox.StandardButton.Yes
        ):
            self.document.submit(f"用語「{term.term}」を削除", [delete(GLOSSARY_TERM, term.id)])
