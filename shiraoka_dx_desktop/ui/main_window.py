"""The main window: one tab per part of the policy, the menu bar, messages and the undo history.

What it does lives beside it: the menus in ``menus.py`` (a table of actions), the commands
in ``file_commands.py`` and ``initiative_commands.py``, what it remembers between sessions
in ``window_layout.py``, and coming to the front for a second start in ``raise_requests.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from .. import __version__
from ..services.edits import Change
from . import window_layout
from .document import Document
from .file_commands import FileCommands
from .initiative_commands import InitiativeCommands
from .initiatives_page import InitiativesPage
from .lazy_tabs import LazyTabs
from .menus import build_menus
from .models import BodyListModel, GlossaryModel, InitiativeTableModel, RoadmapModel
from .raise_requests import watch_for_raise_requests
from .screen_fit import fit_main_window
from .settings import FONT_SIZE, INITIATIVES_SPLITTER, ORGANISATION_SPLITTER, USER_NAME
from .window_tabs import (
    ENTITY_TABS,
    GLOSSARY,
    INITIATIVES,
    LISTING_INITIATIVES,
    ORGANISATION,
    POLICY,
    PROGRESS,
    ROADMAP,
    TAB_TITLES,
)

if TYPE_CHECKING:
    # Names only annotations use: loading a Qt class costs start-up time.
    from PySide6.QtCore import QFileSystemWatcher, QSortFilterProxyModel
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QDockWidget, QLineEdit, QListView, QTableView, QTextBrowser

    from .glossary_page import GlossaryPage
    from .organisation_page import OrganisationPage
    from .progress_page import ProgressPage
    from .roadmap_page import RoadmapPage
    from .roadmap_view import RoadmapView
    from .toast import Toast

__all__ = ["GLOSSARY", "INITIATIVES", "ORGANISATION", "POLICY", "PROGRESS", "ROADMAP", "TAB_TITLES", "MainWindow"]


class MainWindow(FileCommands, InitiativeCommands, QMainWindow):
    # The actions commands and tests reach for, made from the table of actions (menus.py).
    import_action: QAction
    export_xlsx_action: QAction
    print_action: QAction
    undo_action: QAction
    redo_action: QAction
    history_action: QAction
    add_initiative_action: QAction
    delete_initiative_action: QAction
    move_up_action: QAction
    move_down_action: QAction
    fill_action: QAction
    clear_action: QAction
    period_action: QAction
    comparison_action: QAction
    add_term_action: QAction
    delete_term_action: QAction
    add_indicator_action: QAction
    delete_indicator_action: QAction
    new_edition_action: QAction
    show_edition_action: QAction

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
            self._build_progress,
            self._build_organisation,
            self._build_glossary,
            self._build_policy,
        )
        for title, build in zip(TAB_TITLES, builders, strict=True):
            self.tabs.add_lazy_tab(title, build)

        self._history_dock: QDockWidget | None = None
        # Commands that act on one tab are enabled only there.
        self._tab_actions = build_menus(self)
        self.tabs.currentChanged.connect(self._enable_for_tab)
        self._enable_for_tab(self.tabs.currentIndex())
        document.reloaded.connect(self._enable_comparison)  # an edition made, undone or imported
        self._enable_comparison()
        self.database_label = QLabel(f"データベース: {document.database.path}")
        self.user_label = QLabel()
        self.statusBar().addWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self._show_user()
        self._toast: Toast | None = None  # built with the first message (a style sheet is slow to apply)
        self.setAcceptDrops(True)  # a workbook dropped on the window is imported
        self._raise_watcher: QFileSystemWatcher | None = None
        window_layout.restore_layout(self)

    # -- pages ----------------------------------------------------------------------------

    def _build_initiatives(self) -> QWidget:
        page = InitiativesPage(self.document)
        window_layout.restore_splitter(self.settings, INITIATIVES_SPLITTER, page.splitter)
        return page

    def _build_roadmap(self) -> QWidget:
        from .roadmap_page import RoadmapPage

        return RoadmapPage(self.document)

    def _build_progress(self) -> QWidget:
        from . import progress_layout  # the page and its modules: not imported before the tab is first shown

        return progress_layout.build(self.document, self.settings)

    def _build_organisation(self) -> QWidget:
        from .organisation_page import OrganisationPage

        page = OrganisationPage(self.document)
        window_layout.restore_splitter(self.settings, ORGANISATION_SPLITTER, page)
        return page

    def _build_glossary(self) -> QWidget:
        from .glossary_page import GlossaryPage

        return GlossaryPage(self.document)

    def _build_policy(self) -> QWidget:
        from .pages import PolicyPage

        return PolicyPage(self.document, self.show_edition)

    @property
    def initiatives_page(self) -> InitiativesPage:
        return cast(InitiativesPage, self.tabs.page(INITIATIVES))

    @property
    def roadmap_page(self) -> RoadmapPage:
        return cast("RoadmapPage", self.tabs.page(ROADMAP))

    @property
    def progress_page(self) -> ProgressPage:
        return cast("ProgressPage", self.tabs.page(PROGRESS))

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

    # -- menus and the history of changes -------------------------------------------------

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

    def _enable_for_tab(self, tab: int) -> None:
        for action, tabs in self._tab_actions.items():
            action.setEnabled(tab in tabs)

    # -- messages and commands -----------------------------------------------------------

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
        tabs = {ENTITY_TABS.get(change.entity) for change in changes}
        tabs.discard(None)
        if len(tabs) != 1:
            return None  # an import or a change of nothing visible: named, not shown
        tab = tabs.pop()
        if tab == INITIATIVES and self.tabs.currentIndex() in LISTING_INITIATIVES:
            return self.tabs.currentIndex()  # the roadmap and the progress list the initiatives too
        return tab

    def show_refusal(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, "この変更は保存できません", message)

    def focus_search(self) -> None:
        if self.tabs.currentIndex() == GLOSSARY:
            search = self.glossary_search
        elif self.tabs.currentIndex() == PROGRESS:
            search = self.progress_page.filters.search
        else:
            self.tabs.setCurrentIndex(INITIATIVES)
            search = self.initiative_search
        search.setFocus()
        search.selectAll()

    def add_indicator(self) -> None:
        self.tabs.setCurrentIndex(PROGRESS)
        page = self.progress_page
        if page.current_initiative() is None:
            self.notify("指標を追加する取組項目を、進捗タブの表で選んでください。")
            return
        page.indicators.add_indicator()

    def add_term(self) -> None:
        self.tabs.setCurrentIndex(GLOSSARY)
        self.glossary_page.add_term()

    def create_edition(self) -> None:
        from .edition_dialog import NewEditionDialog

        dialog = NewEditionDialog(self.document, self)
        try:
            if dialog.exec() == NewEditionDialog.DialogCode.Accepted:
                self.notify(f"「{dialog.name.text().strip()}」として今のデータ全体を保存しました。")
        finally:
            dialog.deleteLater()

    def show_edition(self, name: str | None = None) -> None:
        """Open a saved edition read-only in a window of its own (asking which, when there are several)."""
        from .edition_window import open_edition

        open_edition(self, self.document, self.settings, name)

    def _enable_comparison(self) -> None:
        """The 新旧対照表 needs an edition to compare with (read from the snapshot: no query at start-up)."""
        self.comparison_action.setEnabled(bool(self.document.snapshot.saved_editions))

    def compare_editions(self) -> None:
        from .comparison_dialog import ComparisonDialog

        dialog = ComparisonDialog(self.document, self.settings, self)
        try:
            dialog.exec()
            if dialog.saved_paths:
                self.notify(f"新旧対照表を保存しました: {'、'.join(str(path) for path in dialog.saved_paths)}")
        finally:
            dialog.deleteLater()

    def edit_grade_scale(self) -> None:
        from .grade_scale_dialog import GradeScaleDialog

        dialog = GradeScaleDialog(self.document, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    # -- user, text size, layout ----------------------------------------------------------

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
        window_layout.set_font_size(self, size)

    def step_font(self, step: int) -> None:
        window_layout.step_font_size(self, step)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Every edit is already committed (a description being typed is saved now);
        # only the layout is left to remember.
        for index in (INITIATIVES, PROGRESS, ORGANISATION):
            page = self.tabs.built(index)
            if page is not None:
                page.save_description()  # type: ignore[attr-defined]
        window_layout.save_layout(self)
        super().closeEvent(event)

    def watch_for_raise_requests(self, path: Path) -> None:
        """A second start on the same database leaves a note in ``path``: come to the front."""
        self._raise_watcher = watch_for_raise_requests(self, path)

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
