"""印刷プレビュー: the pages as they will print, the paper and report to choose, and 保存 as PDF.

The pages are laid out once (in the services layer) and drawn here with
QPainter from the same display list the PDF is made from, so the preview
is the PDF.  Saving writes the previewed pages atomically; the folder is
remembered, and the saved file can be opened in the system's PDF viewer.
A yearly report (進捗状況報告) adds a choice of fiscal year; its data is read
through the loader the window passes, once per year shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.era import format_fiscal_year
from ..services.printing import REPORT_TITLES, REPORTS, Paper, PrintDocument, Report, layout_document, save_pdf
from ..services.progress import ProgressYear, default_fiscal_year
from ..services.reports import report as report_spec
from ..services.snapshot import PolicySnapshot
from ..storage.errors import KnownError
from .background import write_file_in_background
from .file_dialogs import choose_save_path
from .page_preview import PAPER_CHOICES, PagePreview, busy_cursor, stored_index
from .print_painter import PageStrip
from .screen_fit import fit_dialog
from .settings import OPEN_AFTER_SAVE, PRINT_FOLDER, PRINT_PAPER, PRINT_REPORT

__all__ = ["PrintPreviewDialog", "ProgressLoader", "show_print_preview"]

# Reads one fiscal year's progress (services.progress.load_progress over the window's database).
ProgressLoader = Callable[[int], ProgressYear]

_REPORTS: dict[str, Report] = {spec.choice: spec.key for spec in REPORTS}


def _offered(progress: ProgressLoader | None) -> dict[str, Report]:
    """The reports to choose from; without a loader of the year's data, none of the yearly ones."""
    return {choice: key for choice, key in _REPORTS.items() if progress is not None or not report_spec(key).yearly}


class PrintPreviewDialog(QDialog):
    """The pages of the chosen report on the chosen paper, and a button to save them as PDF."""

    def __init__(
        self,
        snapshot: PolicySnapshot,
        user: str,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        report: Report | None = None,
        today: dt.date | None = None,
        progress: ProgressLoader | None = None,
        edition: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"印刷プレビュー（PDF）— {edition}" if edition else "印刷プレビュー（PDF）")
        self.edition = edition  # a saved edition's name: its snapshot is printed, and the file named after it
        self.snapshot = snapshot
        self.user = user
        self.settings = settings
        self.today = today or dt.date.today()
        self.saved_path: Path | None = None
        self.document: PrintDocument | None = None
        self._build_choices(progress)
        self.preview = PagePreview()
        self.open_after_save = QCheckBox("保存後にPDFを開く")
        self.open_after_save.setChecked(OPEN_AFTER_SAVE.read(settings))
        self.save_button = QPushButton("保存(&S)…")
        self.save_button.setDefault(True)
        close_button = QPushButton("閉じる")

        self._build_layout(close_button)
        self.paper_box.setCurrentIndex(stored_index(settings, PRINT_PAPER, PAPER_CHOICES))
        if report is None:
            self.report_box.setCurrentIndex(stored_index(settings, PRINT_REPORT, self.reports))
        else:
            self.report_box.setCurrentIndex(list(self.reports.values()).index(report))

        self.paper_box.currentIndexChanged.connect(self.relayout)
        self.report_box.currentIndexChanged.connect(self.relayout)
        self.save_button.clicked.connect(self.save)
        close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.save)
        fit_dialog(self, 1100, 800)
        self.relayout()

    def _build_choices(self, progress: ProgressLoader | None) -> None:
        """用紙, 内容, and 年度: each year of the plan, this fiscal year first chosen, shown with a yearly report only."""
        self.paper_box = QComboBox()
        self.paper_box.addItems(list(PAPER_CHOICES))
        self.reports = _offered(progress)
        self.report_box = QComboBox()
        self.report_box.addItems(list(self.reports))
        self.load_progress = progress
        self._progress: dict[int, ProgressYear] = {}
        self.year_label = QLabel("年度:")
        self.year_box = QComboBox()
        for year in self.snapshot.years:
            self.year_box.addItem(format_fiscal_year(year), year)
        self.year_box.setCurrentIndex(self.year_box.findData(default_fiscal_year(self.snapshot, self.today)))
        self.year_box.currentIndexChanged.connect(self.relayout)

    def _build_layout(self, close_button: QPushButton) -> None:
        self.preview.add_tools(
            QLabel("用紙:"), self.paper_box, QLabel("内容:"), self.report_box, self.year_label, self.year_box
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_after_save)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

    # -- choices ---------------------------------------------------------------------

    @property
    def paper(self) -> Paper:
        return PAPER_CHOICES[self.paper_box.currentText()]

    @property
    def report(self) -> Report:
        return self.reports[self.report_box.currentText()]

    @property
    def yearly(self) -> bool:
        """Whether the chosen report is of one fiscal year (and the year is chosen with it)."""
        return report_spec(self.report).yearly

    @property
    def fiscal_year(self) -> int:
        year = self.year_box.currentData()
        return year if isinstance(year, int) else default_fiscal_year(self.snapshot, self.today)

    def _year_progress(self) -> ProgressYear | None:
        if not self.yearly or self.load_progress is None:
            return None
        year = self.fiscal_year
        if year not in self._progress:
            self._progress[year] = self.load_progress(year)
        return self._progress[year]

    def relayout(self) -> None:
        """Lay the pages out again for the chosen paper, report and (for a yearly report) fiscal year."""
        self.year_label.setVisible(self.yearly)
        self.year_box.setVisible(self.yearly)
        with busy_cursor():
            self.document = layout_document(
                self.snapshot,
                paper=self.paper,
                report=self.report,
                exported_on=self.today,
                user=self.user,
                progress=self._year_progress(),
            )
        PRINT_PAPER.write(self.settings, self.paper)
        PRINT_REPORT.write(self.settings, self.report)
        self.preview.set_document(self.document)

    # -- the pages, as the shared preview shows them --------------------------------

    @property
    def zoom_box(self) -> QComboBox:
        return self.preview.zoom_box

    @property
    def previous_button(self) -> QPushButton:
        return self.preview.previous_button

    @property
    def next_button(self) -> QPushButton:
        return self.preview.next_button

    @property
    def page_label(self) -> QLabel:
        return self.preview.page_label

    @property
    def strip(self) -> PageStrip:
        return self.preview.strip

    @property
    def scroll_area(self) -> QScrollArea:
        return self.preview.scroll_area

    def page_count(self) -> int:
        return self.preview.page_count()

    def current_page(self) -> int:
        """The page filling most of the view (from 0)."""
        return self.preview.current_page()

    def go_to_page(self, index: int) -> None:
        self.preview.go_to_page(index)

    # -- saving ----------------------------------------------------------------------

    def _choose_path(self) -> Path | None:
        title = REPORT_TITLES[self.report] + (f"_{format_fiscal_year(self.fiscal_year)}" if self.yearly else "")
        edition = f"_{self.edition}" if self.edition else ""
        name = f"{self.snapshot.title}{edition}_{title}_{self.today:%Y%m%d}.pdf".replace("・", "")
        return choose_save_path(
            self, self.settings, PRINT_FOLDER, title="PDFの保存", name=name, file_filter="PDF (*.pdf)", suffix=".pdf"
        )

    def save(self) -> Path | None:
        """Ask for the file and write the previewed pages to it; the path written, or ``None``."""
        if self.document is None:
            return None
        path = self._choose_path()
        if path is None:
            return None
        OPEN_AFTER_SAVE.write(self.settings, self.open_after_save.isChecked())
        document = self.document
        try:
            written = write_file_in_background(self, "PDFの保存", path, lambda target: save_pdf(document, target))
        except KnownError as error:
            QMessageBox.critical(self, "PDFを保存できませんでした", error.message)
            return None
        if not written:
            return None
        self.saved_path = path
        if self.open_after_save.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()
        return path


def show_print_preview(
    parent: QWidget | None,
    snapshot: PolicySnapshot,
    user: str,
    settings: QSettings,
    *,
    report: Report | None = None,
    progress: ProgressLoader | None = None,
    edition: str | None = None,
) -> Path | None:
    """Show the print preview (modal); the PDF saved from it, or ``None``.  For a saved ``edition``, ``snapshot``
    is its snapshot: no yearly report is offered (``progress`` is None), and the file is named after it."""
    dialog = PrintPreviewDialog(snapshot, user, settings, parent, report=report, progress=progress, edition=edition)
    try:
        dialog.exec()
        return dialog.saved_path
    finally:
        dialog.deleteLater()
