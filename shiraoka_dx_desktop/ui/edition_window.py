"""A saved edition, shown as it was: ［方針］→［保存された版を表示］, or 「表示」 beside it in the 方針 tab.

A window of its own beside the main one (several can be open, to look at 第3版 while editing the
draft of 第4版), with the main window's pages over the edition's snapshot: 方針, 取組項目 (with
its filters), 工程表, 推進体制 and 用語集.  Nothing in it can be changed (the pages are built
read-only, and an edit that still reaches the edition is refused with a message saying where
editing is done); it prints the edition through the same preview as the main window and
exports its workbook.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.era import format_date
from ..services.editions import EditionInfo
from ..services.snapshot import PolicySnapshot
from ..storage.database import Database
from .document import Document
from .glossary_page import GlossaryPage
from .initiatives_page import InitiativesPage
from .pages import organisation_html, policy_html
from .roadmap_page import RoadmapPage
from .screen_fit import fit_dialog
from .snapshot_source import FrozenSnapshot

__all__ = ["EditionWindow", "edition_heading", "open_edition"]

TAB_TITLES = ("方針", "取組項目", "工程表", "推進体制", "用語集")


def edition_heading(edition: EditionInfo) -> str:
    """「第3版（令和5年11月改訂）」 and, when known, when and by whom it was saved."""
    saved = ""
    if edition.frozen_at is not None:
        by = f"、{edition.frozen_by}" if edition.frozen_by else ""
        saved = f"　保存: {format_date(edition.frozen_at.astimezone().date())}{by}"
    return f"{edition.label}（{edition.issued}）{saved}"


class EditionWindow(QDialog):
    """One saved edition, read-only, with 印刷 and Excel書出し."""

    def __init__(
        self,
        snapshot: PolicySnapshot,
        edition: EditionInfo,
        database: Database,
        user: str,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)  # a window of its own, with maximise, not a modal dialog
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{snapshot.title} {edition.label}（保存された版・読み取り専用）")
        self.edition, self.database, self.user, self.settings = edition, database, user, settings
        self.source = FrozenSnapshot(snapshot, edition.label, self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.source.refused.connect(self.message.setText)
        self.tabs = QTabWidget()
        self._add_pages(snapshot)
        self.print_button = QPushButton("印刷プレビュー(&P)…")
        self.print_button.clicked.connect(self.print_preview)
        self.export_button = QPushButton("Excelに書き出し(&E)…")
        self.export_button.clicked.connect(self.export_workbook)
        close_button = QPushButton("閉じる")
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.print_button, self.export_button, close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._banner())
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        fit_dialog(self, 1280, 860)

    def _banner(self) -> QLabel:
        note = f"<br>{self.edition.note}" if self.edition.note else ""
        banner = QLabel(
            f"<b>{edition_heading(self.edition)}</b><br>"
            f"保存された版です。作成したときの内容のまま表示し、変更はできません。{note}"
        )
        banner.setTextFormat(Qt.TextFormat.RichText)
        banner.setWordWrap(True)
        banner.setObjectName("editionBanner")
        banner.setStyleSheet("#editionBanner { background: #fff4d6; border: 1px solid #c9a227; padding: 6px; }")
        return banner

    def _add_pages(self, snapshot: PolicySnapshot) -> None:
        policy = QTextBrowser()
        policy.setHtml(policy_html(snapshot))
        organisation = QTextBrowser()
        organisation.setHtml(organisation_html(snapshot))
        self.initiatives_page = InitiativesPage(self.source)
        self.roadmap_page = RoadmapPage(self.source)
        self.glossary_page = GlossaryPage(self.source)
        pages = (policy, self.initiatives_page, self.roadmap_page, organisation, self.glossary_page)
        for title, page in zip(TAB_TITLES, pages, strict=True):
            self.tabs.addTab(page, title)
        self.policy_browser, self.organisation_browser = policy, organisation

    def print_preview(self) -> None:
        from .print_preview import show_print_preview  # reportlab only when printing

        path = show_print_preview(self, self.source.snapshot, self.user, self.settings, edition=self.edition.label)
        if path is not None:
            self.message.setText(f"PDFを保存しました: {path}")

    def export_workbook(self) -> None:
        from .export_dialog import export_workbook_interactively

        path = export_workbook_interactively(self, self.database, self.user, self.settings, edition=self.edition.label)
        if path is not None:
            self.message.setText(f"「{path}」に書き出しました（{self.edition.label}の内容）。")


def _choose(parent: QWidget, editions: list[EditionInfo]) -> EditionInfo | None:
    """The edition to show: the only one, or the one picked from a list (newest first)."""
    if len(editions) == 1:
        return editions[0]
    newest_first = list(reversed(editions))
    labels = [f"{edition.label}（{edition.issued}）" for edition in newest_first]
    label, ok = QInputDialog.getItem(parent, "保存された版を表示", "表示する版:", labels, 0, False)
    return newest_first[labels.index(label)] if ok and label in labels else None


def open_edition(
    parent: QWidget, document: Document, settings: QSettings, name: str | None = None
) -> EditionWindow | None:
    """Show a saved edition (``name``, or one the user picks) in a window of its own; the window, or ``None``."""
    from ..services.editions import EditionError, edition_snapshot

    editions = document.saved_editions()
    if not editions:
        QMessageBox.information(
            parent,
            "保存された版を表示",
            "保存された版はまだありません。［方針］→［新しい版を作成］で、今の内容を版として保存できます。",
        )
        return None
    edition = next((e for e in editions if e.label == name), None) if name else _choose(parent, editions)
    if edition is None:
        if name:
            known = "、".join(e.label for e in editions)
            QMessageBox.warning(
                parent, "保存された版を表示", f"「{name}」という版はありません（保存されている版: {known}）。"
            )
        return None
    from .page_preview import busy_cursor

    try:
        with busy_cursor():
            snapshot = edition_snapshot(document.database, edition.label)
    except EditionError as error:
        QMessageBox.warning(parent, "保存された版を表示", error.message)
        return None
    window = EditionWindow(snapshot, edition, document.database, document.user, settings, parent)
    window.show()
    return window
