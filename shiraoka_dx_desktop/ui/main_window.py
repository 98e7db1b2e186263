"""The main window: one tab per part of the policy (read-only views for now)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..services.snapshot import BodyView, PolicySnapshot
from .models import BodyListModel, GlossaryModel, InitiativeTableModel, RoadmapModel
from .pages import body_html, policy_html
from .roadmap_delegate import RoadmapDelegate

__all__ = ["TAB_TITLES", "MainWindow"]

TAB_TITLES = ("取組項目", "工程表", "推進体制", "用語集", "方針")


def _filtered_table(model: QSortFilterProxyModel, placeholder: str) -> tuple[QWidget, QTableView, QLineEdit]:
    """A search box above a sortable table."""
    page = QWidget()
    layout = QVBoxLayout(page)
    search = QLineEdit()
    search.setPlaceholderText(placeholder)
    search.setClearButtonEnabled(True)
    search.textChanged.connect(model.setFilterFixedString)
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    layout.addWidget(search)
    layout.addWidget(table)
    return page, table, search


def _proxy(source: object, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)  # type: ignore[arg-type]
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


class MainWindow(QMainWindow):
    def __init__(self, snapshot: PolicySnapshot, database_path: Path, user: str) -> None:
        super().__init__()
        self._database_path = database_path
        self.setWindowTitle(f"{snapshot.title} {snapshot.edition_label} — 白岡市DX推進")
        self.resize(1280, 800)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self.initiative_model = InitiativeTableModel(snapshot, self)
        page, self.initiative_table, self.initiative_search = _filtered_table(
            _proxy(self.initiative_model, self), "取組項目・説明・事業主管課で絞り込み"
        )
        header = self.initiative_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((260, 380, 120, 420, 110, 200)):
            self.initiative_table.setColumnWidth(column, width)
        self.tabs.addTab(page, TAB_TITLES[0])

        self.roadmap_model = RoadmapModel(snapshot, self)
        self.roadmap_view = self._roadmap_view(self.roadmap_model)
        self.tabs.addTab(self._roadmap_page(self.roadmap_view), TAB_TITLES[1])

        self.body_model = BodyListModel(snapshot, self)
        self.tabs.addTab(self._organisation_page(), TAB_TITLES[2])

        self.glossary_model = GlossaryModel(snapshot, self)
        page, self.glossary_table, self.glossary_search = _filtered_table(
            _proxy(self.glossary_model, self), "用語・読み・解説で検索"
        )
        self.glossary_table.setColumnWidth(0, 200)
        self.glossary_table.setColumnWidth(1, 220)
        self.glossary_table.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(page, TAB_TITLES[3])

        self.policy_browser = QTextBrowser()
        self.policy_browser.setHtml(policy_html(snapshot))
        self.tabs.addTab(self.policy_browser, TAB_TITLES[4])

        self._build_menus()
        self.statusBar().addWidget(QLabel(f"データベース: {database_path}"))
        self.statusBar().addPermanentWidget(QLabel(f"利用者: {user}"))

    def _roadmap_view(self, model: RoadmapModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setItemDelegate(RoadmapDelegate(view))
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setShowGrid(True)
        view.setWordWrap(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(34)
        view.horizontalHeader().setMinimumHeight(44)
        view.setColumnWidth(0, 360)
        for column in range(1, model.columnCount()):
            view.setColumnWidth(column, 120)
        view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        for row in range(model.rowCount()):
            if model.is_heading(row):
                view.setSpan(row, 0, 1, model.columnCount())
        return view

    @staticmethod
    def _roadmap_page(view: QTableView) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        legend = QLabel("矢印: 同じ工程が続く期間　灰色: ラベルのない網掛け　斜線: 抽出で欠落し本文から推定したセル")
        legend.setObjectName("roadmapLegend")
        layout.addWidget(legend)
        layout.addWidget(view)
        return page

    def _organisation_page(self) -> QWidget:
        splitter = QSplitter()
        self.body_list = QListView()
        self.body_list.setModel(self.body_model)
        self.body_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.body_detail = QTextBrowser()
        splitter.addWidget(self.body_list)
        splitter.addWidget(self.body_detail)
        splitter.setSizes([320, 900])
        self.body_list.selectionModel().selectionChanged.connect(self._show_body)
        if self.body_model.rowCount():
            self.body_list.setCurrentIndex(self.body_model.index(0, 0))
        return splitter

    def _show_body(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        body = indexes[0].data(Qt.ItemDataRole.UserRole) if indexes else None
        self.body_detail.setHtml(body_html(body) if isinstance(body, BodyView) else "")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        quit_action = QAction("終了(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("表示(&V)")
        for number, title in enumerate(TAB_TITLES):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Alt+{number + 1}"))
            action.triggered.connect(lambda checked=False, tab=number: self.tabs.setCurrentIndex(tab))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        about = QAction("バージョン情報(&A)", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> None:
        QMessageBox.about(self, "バージョン情報", self.about_text())

    def about_text(self) -> str:
        return f"白岡市DX推進 デスクトップ版\nバージョン {__version__}\n\nデータベース:\n{self._database_path}"

    def current_roadmap_index(self) -> QModelIndex:
        return self.roadmap_view.currentIndex()
