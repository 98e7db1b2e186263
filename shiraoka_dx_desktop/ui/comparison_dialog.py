"""［方針］→［新旧対照表］: two editions (or one and the working draft) side by side, as they will print.

改正前 is a saved edition (the newest at first), 改正後 another or 作業中の内容 (the data as it is now,
the draft of the next edition). The dialog shows the count of changes and the pages exactly as
the PDF prints them (the shared :class:`PagePreview`), and saves the PDF or the workbook
atomically, off the window's thread, in the folder last used. Editions are read through
``services.editions`` and kept while the dialog is open: going back to one is not read again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ..services.comparison import Comparison, compare, comparison_file_name
from ..services.editions import edition_snapshot
from ..services.printing import Paper, PrintDocument, save_pdf
from ..services.printing.comparison import layout_comparison
from ..services.snapshot import PolicySnapshot
from ..storage.errors import KnownError
from .background import write_file_in_background
from .document import Document
from .file_dialogs import choose_save_path
from .page_preview import PAPER_CHOICES, PagePreview, busy_cursor, stored_index
from .screen_fit import fit_dialog
from .settings import COMPARISON_FOLDER, COMPARISON_PAPER

__all__ = ["DRAFT", "ComparisonDialog"]

log = logging.getLogger(__name__)

DRAFT = "作業中の内容"  # the working draft, as the 改正後 side and the printed column heading name it


class ComparisonDialog(QDialog):
    """Choose 改正前, 改正後 and the paper; see the summary and the pages; save them as PDF or Excel."""

    def __init__(
        self, document: Document, settings: QSettings, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新旧対照表")
        self.database = document.database
        self._editions = document.saved_editions()
        self.user = document.user
        self.settings = settings
        self.today = today or dt.date.today()
        self.document: PrintDocument | None = None  # the pages shown, which the PDF is made from
        self.comparison: Comparison | None = None
        self.saved_paths: list[Path] = []
        self._snapshots: dict[str, PolicySnapshot] = {DRAFT: document.snapshot}
        self._comparisons: dict[tuple[str, str], Comparison] = {}
        self._build_choices()
        self.summary = QLabel()  # the count of changes, or why there is nothing to show: what to read first
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.preview = PagePreview()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pdf_button = QPushButton("PDFに保存(&S)…")
        self.pdf_button.setDefault(True)
        self.xlsx_button = QPushButton("Excelに保存(&X)…")
        self.close_button = QPushButton("閉じる")
        self._build_layout()
        for box in (self.old_box, self.new_box, self.paper_box):
            box.currentIndexChanged.connect(self.relayout)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.save_workbook)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.save_pdf)
        fit_dialog(self, 1400, 900)  # as much of a landscape page as the screen allows
        self.relayout()

    def _build_choices(self) -> None:
        """改正前: the saved editions, the newest chosen; 改正後: those and 作業中の内容, chosen; the paper."""
        self.old_box = QComboBox()
        self.new_box = QComboBox()
        for edition in self._editions:
            for box in (self.old_box, self.new_box):
                box.addItem(f"{edition.label}（{edition.issued}）", edition.label)
        self.new_box.addItem(DRAFT, DRAFT)
        self.old_box.setCurrentIndex(self.old_box.count() - 1)
        self.new_box.setCurrentIndex(self.new_box.count() - 1)
        self.paper_box = QComboBox()
        self.paper_box.addItems(list(PAPER_CHOICES))
        self.paper_box.setCurrentIndex(stored_index(self.settings, COMPARISON_PAPER, PAPER_CHOICES))

    def _build_layout(self) -> None:
        choices = QHBoxLayout()
        for text, box in (("改正前(&B):", self.old_box), ("改正後(&A):", self.new_box), ("用紙(&P):", self.paper_box)):
            label = QLabel(text)
            label.setBuddy(box)
            choices.addWidget(label)
            choices.addWidget(box)
            choices.addSpacing(12)
        choices.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.pdf_button, self.xlsx_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

    # -- choices ---------------------------------------------------------------------

    @property
    def old_name(self) -> str:
        return str(self.old_box.currentData() or "")

    @property
    def new_name(self) -> str:
        return str(self.new_box.currentData() or "")

    @property
    def paper(self) -> Paper:
        return PAPER_CHOICES[self.paper_box.currentText()]

    def _snapshot(self, name: str) -> PolicySnapshot:
        """The policy as edition ``name`` froze it (or the working draft), read once while the dialog is open."""
        if name not in self._snapshots:
            self._snapshots[name] = edition_snapshot(self.database, name)
        return self._snapshots[name]

    def _compare(self, old_name: str, new_name: str) -> Comparison:
        key = (old_name, new_name)
        if key not in self._comparisons:
            self._comparisons[key] = compare(self._snapshot(old_name), self._snapshot(new_name))
        return self._comparisons[key]

    def relayout(self) -> None:
        """Compare the chosen sides and lay the pages out again on the chosen paper."""
        COMPARISON_PAPER.write(self.settings, self.paper)
        old_name, new_name = self.old_name, self.new_name
        if not old_name:
            self._show_nothing(
                "比べられる保存済みの版がありません。［方針］→［新しい版を作成］で版を作成してください。"
            )
            return
        if old_name == new_name:
            self._show_nothing(f"改正前と改正後に同じ「{old_name}」が選ばれています。別の版を選んでください。")
            return
        try:
            with busy_cursor():
                self.comparison = self._compare(old_name, new_name)
                self.document = layout_comparison(
                    self.comparison,
                    policy_title=self._snapshot(new_name).title,
                    old_name=old_name,
                    new_name=new_name,
                    paper=self.paper,
                    exported_on=self.today,
                    user=self.user,
                )
        except KnownError as error:
            log.warning("comparison refused: %s", type(error).__name__)
            self._show_nothing(error.message)
            return
        summary = self.comparison.summary()
        if not self.comparison.items:
            summary += "保存すると、改正箇所がないことを記した対照表になります。"
        self.summary.setText(f"{old_name} → {new_name}: {summary}")
        self.preview.set_document(self.document)
        self._enable_saving(True)

    def _show_nothing(self, message: str) -> None:
        """Say ``message`` where the summary goes, show no pages, and offer nothing to save."""
        self.comparison = None
        self.document = None
        self.summary.setText(message)
        self.preview.set_document(None)
        self._enable_saving(False)

    def _enable_saving(self, enabled: bool) -> None:
        self.pdf_button.setEnabled(enabled)
        self.xlsx_button.setEnabled(enabled)

    # -- saving ----------------------------------------------------------------------

    def save_pdf(self) -> Path | None:
        """Ask for the file and write the pages shown to it; the path written, or ``None``."""
        document = self.document
        if document is None:
            return None
        return self._save("PDF", ".pdf", "PDF (*.pdf)", lambda target: save_pdf(document, target))

    def save_workbook(self) -> Path | None:
        """Ask for the file and write the 新旧対照表 workbook of the chosen sides to it; the path, or ``None``."""
        if self.document is None:
            return None
        from ..services.comparison.workbook import write_comparison_xlsx  # openpyxl only when saving one

        old_name, new_name, paper, today = self.old_name, self.new_name, self.paper, self.today
        old, new = self._snapshot(old_name), self._snapshot(new_name)
        return self._save(
            "Excelブック",
            ".xlsx",
            "Excel ブック (*.xlsx)",
            lambda target: write_comparison_xlsx(
                old, new, target, old_name=old_name, new_name=new_name, paper=paper, today=today
            ),
        )

    def _save(self, kind: str, suffix: str, file_filter: str, write: Callable[[Path], object]) -> Path | None:
        title = self._snapshot(self.new_name).title
        path = choose_save_path(
            self,
            self.settings,
            COMPARISON_FOLDER,
            title=f"新旧対照表を{kind}に保存",
            name=comparison_file_name(title, self.old_name, self.new_name, self.today, suffix),
            file_filter=file_filter,
            suffix=suffix,
        )
        if path is None:
            return None
        try:
            written = write_file_in_background(self, f"新旧対照表を{kind}に保存", path, write)
        except KnownError as error:
            log.warning("comparison %s not saved: %s", suffix, type(error).__name__)
            QMessageBox.critical(self, f"{kind}を保存できませんでした", error.message)
            return None
        if not written:
            return None
        log.info("comparison saved as %s", suffix)
        self.saved_paths.append(path)
        self.status.setText(f"{kind}に保存しました: {path}")
        return path
