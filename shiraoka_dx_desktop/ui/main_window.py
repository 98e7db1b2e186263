"""The main window: one tab per part of the policy, menus, undo history and remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QByteArray, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..domain.era import format_fiscal_year
from ..domain.roadmap import PHASE_VOCABULARY
from ..services import commands
from ..services.editing import Delete
from ..services.snapshot import InitiativeView
from .document import Document
from .initiatives_page import InitiativesPage
from .models import SORT_ROLE, GlossaryModel, RoadmapModel
from .organisation_page import OrganisationPage
from .pages import policy_html
from .roadmap_view import RoadmapView

__all__ = ["FONT_SIZES", "TAB_TITLES", "MainWindow"]

TAB_TITLES = ("取組項目", "工程表", "推進体制", "用語集", "方針")
FONT_SIZES = (9, 10, 11, 12, 14, 16, 18, 20, 24)
DEFAULT_FONT_SIZE = 11


def _int_setting(settings: QSettings, key: str, default: int) -> int:
    value = settings.value(key, default)
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):  # a hand-edited settings file
        return default


def _search_box(placeholder: str) -> QLineEdit:
    search = QLineEdit()
    search.setPlaceholderText(placeholder)
    search.setClearButtonEnabled(True)
    search.setToolTip("Ctrl+F で検索欄へ移動")
    return search


def _proxy(source: QSortFilterProxyModel | object, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)  # type: ignore[arg-type]
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    proxy.setSortRole(SORT_ROLE)
    return proxy


class MainWindow(QMainWindow):
    def __init__(self, document: Document, settings: QSettings) -> None:
        super().__init__()
        self.document = document
        self.settings = settings
        self.setWindowTitle(f"{document.snapshot.title} {document.snapshot.edition_label} — 白岡市DX推進")
        self.resize(1280, 800)
        document.refused.connect(self.show_refusal)
        document.reloaded.connect(self._after_reload)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.tabs.addTab(self._initiatives_page(), TAB_TITLES[0])
        self.tabs.addTab(self._roadmap_page(), TAB_TITLES[1])
        self.tabs.addTab(self._organisation_page(), TAB_TITLES[2])
        self.tabs.addTab(self._glossary_page(), TAB_TITLES[3])
        self.policy_browser = QTextBrowser()
        self.policy_browser.setHtml(policy_html(document.snapshot))
        self.tabs.addTab(self.policy_browser, TAB_TITLES[4])

        self.undo_view = QUndoView(document.undo_stack)
        self.undo_view.setEmptyLabel("（開いた時点）")
        self.history_dock = QDockWidget("変更の履歴", self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()

        self._build_menus()
        self.database_label = QLabel(f"データベース: {document.database.path}")
        self.user_label = QLabel()
        self.statusBar().addWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self._show_user()
        self._restore()

    # -- pages ----------------------------------------------------------------------------

    def _initiatives_page(self) -> QWidget:
        page = self.initiatives_page = InitiativesPage(self.document)
        self.initiative_model = page.model
        self.initiative_proxy = page.proxy
        self.initiative_table = page.table
        self.initiative_search = page.search
        return page

    def _roadmap_page(self) -> QWidget:
        self.roadmap_model = RoadmapModel(self.document, self)
        self.roadmap_view = RoadmapView(self.roadmap_model)
        page = QWidget()
        layout = QVBoxLayout(page)
        legend = QLabel("矢印: 同じ工程が続く期間　灰色: ラベルのない網掛け　斜線: 抽出で欠落し本文から推定したセル")
        layout.addWidget(legend)
        layout.addWidget(self.roadmap_view)
        return page

    def _organisation_page(self) -> QWidget:
        page = self.organisation_page = self.organisation_splitter = OrganisationPage(self.document)
        self.body_model = page.body_model
        self.body_list = page.body_list
        return page

    def _glossary_page(self) -> QWidget:
        self.glossary_model = GlossaryModel(self.document, self)
        self.glossary_proxy = _proxy(self.glossary_model, self)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.glossary_search = _search_box("用語・読み・解説で検索")
        self.glossary_search.textChanged.connect(self.glossary_proxy.setFilterFixedString)
        table = self.glossary_table = QTableView()
        table.setModel(self.glossary_proxy)
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
        layout.addWidget(self.glossary_search)
        layout.addWidget(table)
        return page

    def _after_reload(self) -> None:
        self.policy_browser.setHtml(policy_html(self.document.snapshot))

    # -- menus ----------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | list[QKeySequence | QKeySequence.StandardKey] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts([QKeySequence(key) for key in shortcut])
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("ファイル(&F)")
        file_menu.addAction(self._action("利用者名の設定(&U)…", self.ask_user_name, tip="変更の記録に残す利用者名"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("終了(&X)", self.close, QKeySequence.StandardKey.Quit))

        edit = menu.addMenu("編集(&E)")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "元に戻す(&U)")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "やり直し(&R)")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addAction(self.history_dock.toggleViewAction())
        self.history_dock.toggleViewAction().setText("変更の履歴(&H)")
        edit.addSeparator()
        edit.addAction(self._action("検索(&F)", self.focus_search, QKeySequence.StandardKey.Find))
        edit.addSeparator()
        self.add_initiative_action = self._action("取組項目を追加(&A)…", self.add_initiative, QKeySequence("Ctrl+N"))
        self.delete_initiative_action = self._action(
            "取組項目を削除(&D)…", self.delete_initiative, QKeySequence("Ctrl+Shift+Delete")
        )
        self.move_up_action = self._action(
            "取組項目を上へ", lambda: self.move_initiative(-1), QKeySequence("Ctrl+Shift+Up")
        )
        self.move_down_action = self._action(
            "取組項目を下へ", lambda: self.move_initiative(1), QKeySequence("Ctrl+Shift+Down")
        )
        for action in (
            self.add_initiative_action,
            self.delete_initiative_action,
            self.move_up_action,
            self.move_down_action,
        ):
            edit.addAction(action)
        edit.addSeparator()
        self.fill_action = self._action("選択範囲を埋める(&L)…", self.fill_selection, QKeySequence("Ctrl+L"))
        self.clear_action = self._action("選択範囲をクリア", lambda: self.roadmap_view.fill(None))
        self.period_action = self._action("計画期間(&P)…", self.change_plan_period)
        for action in (self.fill_action, self.clear_action, self.period_action):
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(self._action("用語を追加…", self.add_term))
        edit.addAction(self._action("用語を削除…", self.delete_term))
        edit.addSeparator()
        edit.addAction(self._action("部・課の一覧(&S)…", lambda: self.organisation_page.edit_sections()))

        view = menu.addMenu("表示(&V)")
        for number, title in enumerate(TAB_TITLES):
            view.addAction(
                self._action(
                    title,
                    partial(self.tabs.setCurrentIndex, number),
                    QKeySequence(f"Alt+{number + 1}"),
                )
            )
        view.addSeparator()
        view.addAction(
            self._action(
                "文字を大きく", lambda: self.step_font(1), [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")]
            )
        )
        view.addAction(self._action("文字を小さく", lambda: self.step_font(-1), QKeySequence.StandardKey.ZoomOut))
        view.addAction(
            self._action("文字の大きさを戻す", lambda: self.set_font_size(DEFAULT_FONT_SIZE), QKeySequence("Ctrl+0"))
        )

        help_menu = menu.addMenu("ヘルプ(&H)")
        help_menu.addAction(self._action("バージョン情報(&A)", self.show_about))

    # -- commands -------------------------------------------------------------------------

    def show_refusal(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, "この変更は保存できません", message)

    def focus_search(self) -> None:
        search = {0: self.initiative_search, 3: self.glossary_search}.get(self.tabs.currentIndex())
        if search is None:
            self.tabs.setCurrentIndex(0)
            search = self.initiative_search
        search.setFocus()
        search.selectAll()

    def selected_initiative(self) -> InitiativeView | None:
        if self.tabs.currentIndex() == 1:
            return (
                self.roadmap_model.initiative(self.roadmap_view.currentIndex().row())
                if self.roadmap_view.currentIndex().isValid()
                else None
            )
        return self.initiatives_page.current_initiative()

    def add_initiative(self) -> None:
        snapshot = self.document.snapshot
        labels = [f"({area.number}) {area.title}" for area in snapshot.areas]
        current = self.selected_initiative()
        default = next((i for i, a in enumerate(snapshot.areas) if current and a.id == current.area_id), 0)
        label, ok = QInputDialog.getItem(self, "取組項目を追加", "追加する取組:", labels, default, False)
        if not ok:
            return
        name, ok = QInputDialog.getText(self, "取組項目を追加", "取組項目の名前:")
        if not ok:
            return
        area = snapshot.areas[labels.index(label)]
        _new_id, edits = commands.add_initiative(snapshot, area.id, name)
        self.document.submit(f"取組項目「{name.strip()}」を追加", edits)

    def delete_initiative(self) -> None:
        initiative = self.selected_initiative()
        if initiative is None:
            return
        filled = len(initiative.cells)
        answer = QMessageBox.question(
            self,
            "取組項目を削除",
            f"取組項目「{initiative.name}」と工程表のセル {filled} 件を削除します。\n削除は「元に戻す」で取り消せます。",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.document.submit(f"取組項目「{initiative.name}」を削除", commands.delete_initiative(initiative))

    def move_initiative(self, step: int) -> None:
        initiative = self.selected_initiative()
        if initiative is None:
            return
        siblings = self.document.snapshot.initiatives_of(initiative.area_id)
        index = next(i for i, item in enumerate(siblings) if item.id == initiative.id) + step
        if 0 <= index < len(siblings):
            edits = commands.move_initiative(self.document.snapshot, initiative, initiative.area_id, index)
            if self.document.submit("取組項目の並べ替え", edits):
                row = self.roadmap_model.row_of(initiative.id)
                if row is not None and self.tabs.currentIndex() == 1:
                    self.roadmap_view.setCurrentIndex(self.roadmap_model.index(row, 0))

    def fill_selection(self) -> None:
        if not self.roadmap_view.selected_cells():
            self.tabs.setCurrentIndex(1)
            self.statusBar().showMessage("工程表で埋めるセルを選択してください。", 5000)
            return
        words = [*PHASE_VOCABULARY, commands.SHADED_MARK]
        text, ok = QInputDialog.getItem(self, "選択範囲を埋める", "工程（■は網掛け）:", words, 0, True)
        if ok:
            self.roadmap_view.fill(commands.parse_cell(text))

    def change_plan_period(self) -> None:
        snapshot = self.document.snapshot
        years = list(range(snapshot.first_year - 10, snapshot.last_year + 11))
        labels = [format_fiscal_year(year) for year in years]
        first, ok = QInputDialog.getItem(self, "計画期間", "開始年度:", labels, years.index(snapshot.first_year), False)
        if not ok:
            return
        last, ok = QInputDialog.getItem(self, "計画期間", "終了年度:", labels, years.index(snapshot.last_year), False)
        if not ok:
            return
        first_year, last_year = years[labels.index(first)], years[labels.index(last)]
        if first_year > last_year:
            self.show_refusal("開始年度は終了年度以前にしてください。")
            return
        dropped = commands.cells_outside(snapshot, first_year, last_year)
        if dropped:
            answer = QMessageBox.question(
                self,
                "計画期間",
                f"新しい計画期間の外になる工程表のセル {len(dropped)} 件が削除されます。続けますか？\n（「元に戻す」で取り消せます）",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.document.submit(
            f"計画期間を{format_fiscal_year(first_year)}〜{format_fiscal_year(last_year)}に変更",
            commands.set_plan_period(snapshot, snapshot.policy_id, first_year, last_year),
        )

    def add_term(self) -> None:
        term, ok = QInputDialog.getText(self, "用語を追加", "用語:")
        if ok:
            _new_id, edits = commands.add_term(self.document.snapshot, term)
            self.document.submit(f"用語「{term.strip()}」を追加", edits)

    def delete_term(self) -> None:
        index = self.glossary_table.currentIndex()
        if not index.isValid():
            return
        row = self.glossary_proxy.mapToSource(index).row()
        term = self.document.snapshot.glossary[row]
        if (
            QMessageBox.question(self, "用語を削除", f"用語「{term.term}」を削除しますか？")
            == QMessageBox.StandardButton.Yes
        ):
            self.document.submit(f"用語「{term.term}」を削除", [Delete("glossary_term", term.id)])

    # -- user, font, layout ---------------------------------------------------------------

    def ask_user_name(self) -> None:
        name, ok = QInputDialog.getText(
            self, "利用者名", "変更の記録に残す名前（課名と氏名など）:", text=self.document.user
        )
        if ok and name.strip():
            self.document.set_user(name.strip())
            self.settings.setValue("user/name", name.strip())
            self._show_user()

    def _show_user(self) -> None:
        self.user_label.setText(f"利用者: {self.document.user}")

    def font_size(self) -> int:
        size = _int_setting(self.settings, "view/font_size", DEFAULT_FONT_SIZE)
        return size if FONT_SIZES[0] <= size <= FONT_SIZES[-1] else DEFAULT_FONT_SIZE

    def set_font_size(self, size: int) -> None:
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)
        self.settings.setValue("view/font_size", size)

    def step_font(self, step: int) -> None:
        current = self.font_size()
        sizes = [s for s in FONT_SIZES if (s > current if step > 0 else s < current)]
        if sizes:
            self.set_font_size(sizes[0] if step > 0 else sizes[-1])

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for key, splitter in self._splitters().items():
            state = self.settings.value(f"window/{key}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        self.tabs.setCurrentIndex(_int_setting(self.settings, "window/tab", 0))
        self.set_font_size(self.font_size())

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "organisation_splitter": self.organisation_splitter,
            "initiatives_splitter": self.initiatives_page.splitter,
        }

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Every edit is already committed (a description being typed is saved now);
        # only the layout is left to remember.
        self.initiatives_page.save_description()
        self.organisation_page.save_description()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        for key, splitter in self._splitters().items():
            self.settings.setValue(f"window/{key}", splitter.saveState())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        super().closeEvent(event)

    def show_about(self) -> None:
        QMessageBox.about(self, "バージョン情報", self.about_text())

    def about_text(self) -> str:
        return f"白岡市DX推進 デスクトップ版\nバージョン {__version__}\n\nデータベース:\n{self.document.database.path}"
