"""The main window: one tab per part of the policy, menus, undo history and remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QFileSystemWatcher, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QSplitter, QWidget

from .. import __version__
from ..domain.era import format_fiscal_year
from ..services import commands
from ..services.edits import Change
from ..services.snapshot import InitiativeView
from .document import Document
from .file_commands import FileCommands
from .initiatives_page import InitiativesPage
from .lazy_tabs import LazyTabs
from .models import BodyListModel, GlossaryModel, InitiativeTableModel, RoadmapModel
from .screen_fit import clamp_to_screen, fit_main_window
from .settings import (
    CURRENT_TAB,
    DEFAULT_FONT_SIZE,
    FONT_SIZE,
    FONT_SIZES,
    HISTORY_SHOWN,
    INITIATIVES_SPLITTER,
    ORGANISATION_SPLITTER,
    USER_NAME,
    WINDOW_GEOMETRY,
    WINDOW_MAXIMIZED,
    WINDOW_RECT,
    WINDOW_STATE,
    BytesSetting,
)

if TYPE_CHECKING:
    # Names only annotations use: loading a Qt class costs start-up time.
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QDockWidget, QLineEdit, QListView, QTableView, QTextBrowser

    from .glossary_page import GlossaryPage
    from .organisation_page import OrganisationPage
    from .roadmap_page import RoadmapPage
    from .roadmap_view import RoadmapView
    from .toast import Toast

__all__ = ["TAB_TITLES", "MainWindow"]

TAB_TITLES = ("取組項目", "工程表", "推進体制", "用語集", "方針")
INITIATIVES, ROADMAP, ORGANISATION, GLOSSARY, POLICY = range(len(TAB_TITLES))
# The tab where a change to each kind of record is seen.
_ENTITY_TABS = {
    "initiative": INITIATIVES,
    "roadmap_cell": ROADMAP,
    "policy": ROADMAP,  # the plan period
    "section": ORGANISATION,
    "body": ORGANISATION,
    "duty": ORGANISATION,
    "role": ORGANISATION,
    "body_member": ORGANISATION,
    "glossary_term": GLOSSARY,
}


class MainWindow(FileCommands, QMainWindow):
    def __init__(self, document: Document, settings: QSettings) -> None:
        super().__init__()
        self.document = document
        self.settings = settings
        self.setWindowTitle(f"{document.snapshot.title} {document.snapshot.edition_label} — 白岡市DX推進")
        fit_main_window(self)  # the first start; a remembered geometry replaces it below
        document.refused.connect(self.show_refusal)
        document.replayed.connect(self._announce_replay)

        # Only the tab on show is built at start-up; the others when first chosen.
        self.tabs = LazyTabs()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        builders = (
            self._build_initiatives,
            self._build_roadmap,
            self._build_organisation,
            self._build_glossary,
            self._build_policy,
        )
        for title, build in zip(TAB_TITLES, builders, strict=True):
            self.tabs.add_lazy_tab(title, build)

        # The history of changes is built when first shown (most sessions never open it).
        self._history_dock: QDockWidget | None = None
        self.history_action = QAction("変更の履歴(&H)", self)
        self.history_action.setCheckable(True)
        self.history_action.toggled.connect(self.show_history)

        self._build_menus()
        self.database_label = QLabel(f"データベース: {document.database.path}")
        self.user_label = QLabel()
        self.statusBar().addWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self._show_user()
        self._toast: Toast | None = None  # built with the first message (a style sheet is slow to apply)
        self.setAcceptDrops(True)  # a workbook dropped on the window is imported
        self._restore()

    # -- pages ----------------------------------------------------------------------------

    def _build_initiatives(self) -> QWidget:
        page = InitiativesPage(self.document)
        self._restore_splitter(INITIATIVES_SPLITTER, page.splitter)
        return page

    def _build_roadmap(self) -> QWidget:
        from .roadmap_page import RoadmapPage

        return RoadmapPage(self.document)

    def _build_organisation(self) -> QWidget:
        from .organisation_page import OrganisationPage

        page = OrganisationPage(self.document)
        self._restore_splitter(ORGANISATION_SPLITTER, page)
        return page

    def _build_glossary(self) -> QWidget:
        from .glossary_page import GlossaryPage

        return GlossaryPage(self.document)

    def _build_policy(self) -> QWidget:
        from .pages import PolicyPage

        return PolicyPage(self.document)

    @property
    def initiatives_page(self) -> InitiativesPage:
        return cast(InitiativesPage, self.tabs.page(INITIATIVES))

    @property
    def roadmap_page(self) -> RoadmapPage:
        return cast("RoadmapPage", self.tabs.page(ROADMAP))

    @property
    def organisation_page(self) -> OrganisationPage:
        return cast("OrganisationPage", self.tabs.page(ORGANISATION))

    @property
    def glossary_page(self) -> GlossaryPage:
        return cast("GlossaryPage", self.tabs.page(GLOSSARY))

    @property
    def policy_browser(self) -> QTextBrowser:
        return cast("QTextBrowser", self.tabs.page(POLICY))

    # The parts of the pages that commands and tests reach for.

    @property
    def initiative_model(self) -> InitiativeTableModel:
        return self.initiatives_page.model

    @property
    def initiative_proxy(self) -> QSortFilterProxyModel:
        return self.initiatives_page.proxy

    @property
    def initiative_table(self) -> QTableView:
        return self.initiatives_page.table

    @property
    def initiative_search(self) -> QLineEdit:
        return self.initiatives_page.search

    @property
    def roadmap_model(self) -> RoadmapModel:
        return self.roadmap_page.model

    @property
    def roadmap_view(self) -> RoadmapView:
        return self.roadmap_page.view

    @property
    def body_model(self) -> BodyListModel:
        return self.organisation_page.body_model

    @property
    def body_list(self) -> QListView:
        return self.organisation_page.body_list

    @property
    def glossary_model(self) -> GlossaryModel:
        return self.glossary_page.model

    @property
    def glossary_proxy(self) -> QSortFilterProxyModel:
        return self.glossary_page.proxy

    @property
    def glossary_table(self) -> QTableView:
        return self.glossary_page.table

    @property
    def glossary_search(self) -> QLineEdit:
        return self.glossary_page.search

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
        self.import_action = self._action(
            "取込(&I)…",
            self.import_workbook,
            QKeySequence("Ctrl+I"),
            tip="各課から戻ったExcelブックを取り込みます（ウィンドウへのドロップでも取り込めます）",
        )
        file_menu.addAction(self.import_action)
        file_menu.addAction(self._action("取込の履歴(&H)…", self.show_import_log, tip="これまでの取込と、その結果"))
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("書出し(&E)")
        self.export_xlsx_action = self._action(
            "Excel ブック(&X)…",
            self.export_workbook,
            QKeySequence("Ctrl+E"),
            tip="会議資料であり、各課とやり取りするファイルでもある Excel ブックを書き出します",
        )
        export_menu.addAction(self.export_xlsx_action)
        export_menu.addAction(
            self._action("工程表の CSV(&C)…", self.export_csv, tip="工程表を CSV（UTF-8、BOM 付き）で書き出します")
        )
        self.print_action = self._action(
            "印刷（PDF）(&P)…",
            self.print_pdf,
            QKeySequence.StandardKey.Print,
            tip="工程表・取組項目一覧・推進体制図を、印刷プレビューで確かめてから PDF に保存します",
        )
        file_menu.addAction(self.print_action)
        file_menu.addAction(
            self._action(
                "バックアップを作成(&B)",
                self.make_backup_now,
                tip="今のデータの写しを、データベースの隣の backups フォルダに作ります",
            )
        )
        file_menu.addAction(
            self._action(
                "バックアップから復元(&R)…",
                self.restore_backup,
                tip="毎日・取込の前などに自動で作るバックアップから、データを復元します",
            )
        )
        file_menu.addSeparator()
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
        edit.addAction(self.history_action)
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
        self.add_term_action = self._action("用語を追加…", self.add_term)
        self.delete_term_action = self._action("用語を削除…", lambda: self.glossary_page.delete_term())
        edit.addAction(self.add_term_action)
        edit.addAction(self.delete_term_action)
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
        help_menu.addAction(
            self._action(
                "使い方(&G)…",
                self.show_guide,
                QKeySequence.StandardKey.HelpContents,
                tip="各課とのやり取り、キー操作、データの場所",
            )
        )
        help_menu.addSeparator()
        help_menu.addAction(self._action("バージョン情報(&A)", self.show_about))

        # Commands that act on one tab are enabled only there.
        self._tab_actions: dict[QAction, tuple[int, ...]] = {
            self.add_initiative_action: (INITIATIVES, ROADMAP),
            self.delete_initiative_action: (INITIATIVES, ROADMAP),
            self.move_up_action: (INITIATIVES, ROADMAP),
            self.move_down_action: (INITIATIVES, ROADMAP),
            self.fill_action: (ROADMAP,),
            self.clear_action: (ROADMAP,),
            self.add_term_action: (GLOSSARY,),
            self.delete_term_action: (GLOSSARY,),
        }
        self.tabs.currentChanged.connect(self._enable_for_tab)
        self._enable_for_tab(self.tabs.currentIndex())
        # Each menu gets its widening style as it first opens (loading QProxyStyle and QStyle's
        # enums takes 15 ms, which the first paint need not wait for).
        for each in menu.findChildren(QMenu):
            each.aboutToShow.connect(partial(self._widen_menu, each))

    @property
    def history_dock(self) -> QDockWidget:
        """The list of this session's changes beside the tabs (an undo or redo to any of them by a click)."""
        if self._history_dock is None:
            from PySide6.QtWidgets import QDockWidget, QUndoView

            view = QUndoView(self.document.undo_stack)
            view.setEmptyLabel("（開いた時点）")
            dock = self._history_dock = QDockWidget("変更の履歴", self)
            dock.setObjectName("historyDock")
            dock.setWidget(view)
            dock.hide()
            if not self.restoreDockWidget(dock):  # where it was at the last close, else on the right
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.visibilityChanged.connect(lambda visible: self.history_action.setChecked(not dock.isHidden()))
        return self._history_dock

    def show_history(self, shown: bool) -> None:
        if shown or self._history_dock is not None:
            self.history_dock.setVisible(shown)

    def _widen_menu(self, menu: QMenu) -> None:
        from .menu_style import widen_menu

        widen_menu(menu, self)

    def _enable_for_tab(self, tab: int) -> None:
        for action, tabs in self._tab_actions.items():
            action.setEnabled(tab in tabs)

    # -- commands -------------------------------------------------------------------------

    @property
    def toast(self) -> Toast:
        """The message floating over the window's lower middle."""
        if self._toast is None:
            from .toast import Toast

            self._toast = Toast(self)
        return self._toast

    def notify(self, message: str) -> None:
        """Say that something was done: over the window for a few seconds, and in the status bar."""
        self.statusBar().showMessage(message, 15_000)
        self.toast.show_message(message)

    def _announce_replay(self, text: str, undone: bool, changes: tuple[Change, ...]) -> None:
        """An undo or redo says what it did, and shows the tab where that edit can be seen."""
        tab = self._tab_showing(changes)
        where = ""
        if tab is not None:
            where = f"（{TAB_TITLES[tab]}タブ）"
            if self.tabs.currentIndex() != tab:
                self.tabs.setCurrentIndex(tab)
        self.notify(f"{'元に戻しました' if undone else 'やり直しました'}: {text}{where}")

    def _tab_showing(self, changes: tuple[Change, ...]) -> int | None:
        tabs = {_ENTITY_TABS.get(change.entity) for change in changes}
        tabs.discard(None)
        if len(tabs) != 1:
            return None  # an import or a change of nothing visible: named, not shown
        tab = tabs.pop()
        if tab == INITIATIVES and self.tabs.currentIndex() == ROADMAP:
            return ROADMAP  # the roadmap lists the initiatives too
        return tab

    def show_refusal(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, "この変更は保存できません", message)

    def focus_search(self) -> None:
        if self.tabs.currentIndex() == GLOSSARY:
            search = self.glossary_search
        else:
            self.tabs.setCurrentIndex(INITIATIVES)
            search = self.initiative_search
        search.setFocus()
        search.selectAll()

    def add_term(self) -> None:
        self.tabs.setCurrentIndex(GLOSSARY)
        self.glossary_page.add_term()

    def selected_initiative(self) -> InitiativeView | None:
        if self.tabs.currentIndex() == ROADMAP:
            return (
                self.roadmap_model.initiative(self.roadmap_view.currentIndex().row())
                if self.roadmap_view.currentIndex().isValid()
                else None
            )
        return self.initiatives_page.current_initiative()

    def add_initiative(self) -> None:
        """One dialog for the area and name; the new row is then selected with its 説明 ready to type."""
        from .add_initiative_dialog import AddInitiativeDialog

        current = self.selected_initiative()
        added: list[str] = []

        def add(area_id: str, name: str) -> bool:
            new_id, edits = commands.add_initiative(self.document.snapshot, area_id, name)
            if not self.document.submit(f"取組項目「{name}」を追加", edits):
                return False
            added.append(new_id)
            return True

        dialog = AddInitiativeDialog(
            self.document.snapshot, add, self, area_id=current.area_id if current is not None else None
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        if added:
            self.show_new_initiative(added[0])

    def show_new_initiative(self, initiative_id: str) -> None:
        name = next((i.name for i in self.document.snapshot.initiatives if i.id == initiative_id), "")
        if self.tabs.currentIndex() == ROADMAP:
            row = self.roadmap_model.row_of(initiative_id)
            if row is not None:
                index = self.roadmap_model.index(row, 0)
                self.roadmap_view.setCurrentIndex(index)
                self.roadmap_view.scrollTo(index)
            self.notify(f"取組項目「{name}」を追加しました。説明は［取組項目］タブで入力できます。")
            return
        self.tabs.setCurrentIndex(INITIATIVES)
        self.initiatives_page.select_initiative(initiative_id, edit_description=True)
        self.notify(f"取組項目「{name}」を追加しました。続けて説明を入力できます。")

    def delete_initiative(self) -> None:
        from PySide6.QtWidgets import QMessageBox

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
                if row is not None and self.tabs.currentIndex() == ROADMAP:
                    self.roadmap_view.setCurrentIndex(self.roadmap_model.index(row, 0))

    def fill_selection(self) -> None:
        self.tabs.setCurrentIndex(ROADMAP)
        if not self.roadmap_page.fill_selection():
            self.notify("工程表で埋めるセルを選択してください。")

    def change_plan_period(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        self.tabs.setCurrentIndex(ROADMAP)  # where the years are seen
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

    # -- user, font, layout ---------------------------------------------------------------

    def ask_user_name(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(
            self,
            "利用者名の設定",
            "変更の記録と書き出したファイルに残す課名と氏名（例: 市民課 白岡太郎）:",
            text=self.document.user,
        )
        if ok and name.strip():
            self.document.set_user(name.strip())
            USER_NAME.write(self.settings, name.strip())
            self._show_user()

    def _show_user(self) -> None:
        self.user_label.setText(f"利用者: {self.document.user}")

    def font_size(self) -> int:
        return FONT_SIZE.read(self.settings)

    def set_font_size(self, size: int) -> None:
        """The size of the text in the window and in every dialog it opens (remembered)."""
        application = QApplication.instance()
        if isinstance(application, QApplication) and application.font().pointSize() != size:
            font = application.font()
            font.setPointSize(size)
            application.setFont(font)  # dialogs and menus are windows of their own
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)
        FONT_SIZE.write(self.settings, size)

    def step_font(self, step: int) -> None:
        current = self.font_size()
        sizes = [s for s in FONT_SIZES if (s > current if step > 0 else s < current)]
        if sizes:
            self.set_font_size(sizes[0] if step > 0 else sizes[-1])

    def _restore(self) -> None:
        # The window's own rectangle, pulled back inside the screen it opens on now
        # (a laptop taken off its large monitor, a terminal with a smaller screen).
        # (A file that remembers only Qt's geometry record was upgraded at start-up: ui/settings.py.)
        rect = WINDOW_RECT.read(self.settings)
        if rect is not None:
            self.setGeometry(rect)
            clamp_to_screen(self)
            if WINDOW_MAXIMIZED.read(self.settings):
                self.setWindowState(Qt.WindowState.WindowMaximized)
        state = WINDOW_STATE.read(self.settings)
        if state is not None:
            self.restoreState(state)
        self.history_action.setChecked(HISTORY_SHOWN.read(self.settings))
        self.tabs.setCurrentIndex(CURRENT_TAB.read(self.settings))
        self.tabs.page(self.tabs.currentIndex())
        self.set_font_size(self.font_size())

    def _restore_splitter(self, setting: BytesSetting, splitter: QSplitter) -> None:
        state = setting.read(self.settings)
        if state is not None:
            splitter.restoreState(state)

    def _built_splitters(self) -> list[tuple[BytesSetting, QSplitter]]:
        splitters: list[tuple[BytesSetting, QSplitter]] = []
        initiatives = self.tabs.built(INITIATIVES)
        if isinstance(initiatives, InitiativesPage):
            splitters.append((INITIATIVES_SPLITTER, initiatives.splitter))
        organisation = self.tabs.built(ORGANISATION)
        if isinstance(organisation, QSplitter):
            splitters.append((ORGANISATION_SPLITTER, organisation))
        return splitters

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Every edit is already committed (a description being typed is saved now);
        # only the layout is left to remember.
        for index in (INITIATIVES, ORGANISATION):
            page = self.tabs.built(index)
            if page is not None:
                page.save_description()  # type: ignore[attr-defined]
        WINDOW_GEOMETRY.write(self.settings, self.saveGeometry())  # for an earlier version on this terminal
        WINDOW_RECT.write(self.settings, self.normalGeometry() if self.isMaximized() else self.geometry())
        WINDOW_MAXIMIZED.write(self.settings, self.isMaximized())
        WINDOW_STATE.write(self.settings, self.saveState())
        HISTORY_SHOWN.write(self.settings, self.history_action.isChecked())
        for setting, splitter in self._built_splitters():
            setting.write(self.settings, splitter.saveState())
        CURRENT_TAB.write(self.settings, self.tabs.currentIndex())
        self.settings.sync()
        super().closeEvent(event)

    def watch_for_raise_requests(self, path: Path) -> None:
        """A second start on the same database leaves a note in ``path``: come to the front."""
        try:
            path.touch()
        except OSError:
            return
        self._raise_watcher = QFileSystemWatcher([str(path)], self)
        self._raise_watcher.fileChanged.connect(lambda changed: self._come_forward(changed))

    def _come_forward(self, changed: str) -> None:
        if changed not in self._raise_watcher.files():
            self._raise_watcher.addPath(changed)  # some systems stop watching a replaced file
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def show_guide(self) -> None:
        from .guide_dialog import GuideDialog

        dialog = GuideDialog(self.document.database.path, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "バージョン情報", self.about_text())

    def about_text(self) -> str:
        return f"白岡市DX推進 デスクトップ版\nバージョン {__version__}\n\nデータベース:\n{self.document.database.path}"
