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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
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
from .print_painter import PagePainter, PageStrip, print_font_family
from .screen_fit import fit_dialog
from .settings import OPEN_AFTER_SAVE, PRINT_FOLDER, PRINT_PAPER, PRINT_REPORT, ChoiceSetting

__all__ = ["PrintPreviewDialog", "ProgressLoader", "show_print_preview"]

# Reads one fiscal year's progress (services.progress.load_progress over the window's database).
ProgressLoader = Callable[[int], ProgressYear]

_PAPERS: dict[str, Paper] = {"A3（横）": "A3", "A4（横）": "A4"}
_REPORTS: dict[str, Report] = {spec.choice: spec.key for spec in REPORTS}
_FIT_WIDTH = "ページ幅に合わせる"
_ZOOMS: dict[str, float | None] = {_FIT_WIDTH: None, "50%": 0.5, "75%": 0.75, "100%": 1.0, "150%": 1.5, "200%": 2.0}

Choice = TypeVar("Choice", bound=str)


def _offered(progress: ProgressLoader | None) -> dict[str, Report]:
    """The reports to choose from; without a loader of the year's data, none of the yearly ones."""
    return {choice: key for choice, key in _REPORTS.items() if progress is not None or not report_spec(key).yearly}


def _stored_index(settings: QSettings, setting: ChoiceSetting[Choice], choices: Mapping[str, Choice]) -> int:
    """The position in ``choices`` of the value ``setting`` holds (its default if that is not offered)."""
    values = list(choices.values())
    value = setting.read(settings)
    return values.index(value) if value in values else values.index(setting.default)


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
        self.zoom_box = QComboBox()
        self.zoom_box.addItems(list(_ZOOMS))
        self.previous_button = QPushButton("◀ 前のページ")
        self.next_button = QPushButton("次のページ ▶")
        self.page_label = QLabel()
        self.strip = PageStrip(PagePainter(print_font_family()))
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.strip)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setBackgroundRole(self.palette().ColorRole.Mid)
        self.scroll_area.viewport().installEventFilter(self)
        self.open_after_save = QCheckBox("保存後にPDFを開く")
        self.open_after_save.setChecked(OPEN_AFTER_SAVE.read(settings))
        self.save_button = QPushButton("保存(&S)…")
        self.save_button.setDefault(True)
        close_button = QPushButton("閉じる")

        self._build_layout(close_button)
        self.paper_box.setCurrentIndex(_stored_index(settings, PRINT_PAPER, _PAPERS))
        if report is None:
            self.report_box.setCurrentIndex(_stored_index(settings, PRINT_REPORT, self.reports))
        else:
            self.report_box.setCurrentIndex(list(self.reports.values()).index(report))

        self.paper_box.currentIndexChanged.connect(self.relayout)
        self.report_box.currentIndexChanged.connect(self.relayout)
        self.zoom_box.currentIndexChanged.connect(self._apply_zoom)
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._update_page_label)
        self.save_button.clicked.connect(self.save)
        close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.save)
        fit_dialog(self, 1100, 800)
        self.relayout()

    def _build_choices(self, progress: ProgressLoader | None) -> None:
        """用紙, 内容, and 年度: each year of the plan, this fiscal year first chosen, shown with a yearly report only."""
        self.paper_box = QComboBox()
        self.paper_box.addItems(list(_PAPERS))
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
        tools = QHBoxLayout()
        for label, widget in (("用紙:", self.paper_box), ("内容:", self.report_box)):
            tools.addWidget(QLabel(label))
            tools.addWidget(widget)
        tools.addWidget(self.year_label)
        tools.addWidget(self.year_box)
        tools.addWidget(QLabel("表示:"))
        tools.addWidget(self.zoom_box)
        tools.addStretch(1)
        tools.addWidget(self.previous_button)
        tools.addWidget(self.page_label)
        tools.addWidget(self.next_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_after_save)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)

    # -- choices ---------------------------------------------------------------------

    @property
    def paper(self) -> Paper:
        return _PAPERS[self.paper_box.currentText()]

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
        with _busy():
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
        self.strip.set_document(self.document)
        self._apply_zoom()
        self.go_to_page(0)

    # -- zoom and pages --------------------------------------------------------------

    def _apply_zoom(self) -> None:
        factor = _ZOOMS[self.zoom_box.currentText()]
        if factor is None:
            self.strip.fit_width(self.scroll_area.viewport().width())
        else:
            self.strip.set_scale(factor * self.logicalDpiX() / 72.0)
        self._update_page_label()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # The viewport's width, not the dialog's, is what "fit the page width" fits.
        if (
            watched is self.scroll_area.viewport()
            and event.type() == QEvent.Type.Resize
            and _ZOOMS[self.zoom_box.currentText()] is None
        ):
            self._apply_zoom()
        return super().eventFilter(watched, event)

    def page_count(self) -> int:
        return len(self.document.pages) if self.document else 0

    def current_page(self) -> int:
        """The page filling most of the view (from 0)."""
        return self.strip.page_in_view(
            self.scroll_area.verticalScrollBar().value(), self.scroll_area.viewport().height()
        )

    def go_to_page(self, index: int) -> None:
        if not self.page_count():
            return
        index = max(0, min(index, self.page_count() - 1))
        self.scroll_area.verticalScrollBar().setValue(self.strip.page_top(index))
        self._update_page_label()

    def _update_page_label(self) -> None:
        total = self.page_count()
        current = self.current_page() + 1 if total else 0
        self.page_label.setText(f"{current} / {total} ページ")
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(current < total)

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


@contextmanager
def _busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


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
