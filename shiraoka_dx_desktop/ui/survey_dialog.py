"""［ファイル］→［各課への照会］: one workbook per lead section, for a fiscal year, into a folder.

The dialog shows which sections will get a workbook and how many initiatives each holds
(from the snapshot: nothing is read from the database here), and says how many
initiatives have no lead section and so go to nobody.  The workbooks are written by
:func:`~..services.exchange.survey_writer.export_survey` on a thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.era import format_fiscal_year
from ..services.snapshot import PolicySnapshot
from ..services.survey_status import planned_surveys
from ..storage.database import Database
from ..storage.errors import KnownError
from .background import run_in_background
from .export_dialog import PAPER_CHOICES
from .file_dialogs import start_folder
from .qt_translation import complete_file_dialog_strings
from .settings import EXPORT_FOLDER, EXPORT_PAPER

if TYPE_CHECKING:
    from ..services.exchange.schema import Paper

__all__ = ["SurveyDialog", "export_survey_interactively"]

_TITLE = "各課への照会"


class SurveyDialog(QDialog):
    """The year, the paper and the folder; the sections that will get a workbook."""

    def __init__(self, snapshot: PolicySnapshot, fiscal_year: int, settings: QSettings, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_TITLE)
        self.snapshot, self.settings = snapshot, settings
        intro = QLabel(
            "事業主管課ごとに、その課の取組項目だけを収めた照会用のExcelブックを書き出します。"
            "各課に送り、記入して返送されたブックは［取込］で取り込みます。"
        )
        intro.setWordWrap(True)
        self.year = QComboBox()
        for year in snapshot.years:
            self.year.addItem(f"{format_fiscal_year(year)}（{year}年度）", year)
        self.year.setCurrentIndex(max(0, self.year.findData(fiscal_year)))
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_CHOICES))
        remembered = EXPORT_PAPER.read(settings)
        self.paper.setCurrentIndex(next((i for i, p in enumerate(PAPER_CHOICES.values()) if p == remembered), 0))
        self.folder = QLineEdit(str(start_folder(settings, EXPORT_FOLDER)))
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("照会する年度", self.year)
        form.addRow("印刷用紙", self.paper)
        form.addRow("保存先のフォルダ", folder_row)
        self.sections = QTreeWidget()
        self.sections.setHeaderLabels(["照会先（事業主管課）", "取組項目"])
        self.sections.setRootIsDecorated(False)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = self.buttons.addButton("書き出す", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self._fill()
        self.resize(560, 460)

    def _fill(self) -> None:
        planned, without_lead = planned_surveys(self.snapshot)
        for name, count in planned:
            item = QTreeWidgetItem([name, f"{count:,d} 件"])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.sections.addTopLevelItem(item)
        self.sections.resizeColumnToContents(0)
        messages = []
        if not planned:
            messages.append("事業主管課が設定された取組項目がないため、照会用ブックを作れません。")
        if without_lead:
            messages.append(
                f"事業主管課が未設定の取組項目 {without_lead:,d} 件は、どのブックにも入りません"
                "（取組項目タブで事業主管課を設定できます）。"
            )
        self.warning.setText("".join(messages))
        self.warning.setVisible(bool(messages))
        self.write_button.setEnabled(bool(planned))

    def _browse(self) -> None:
        complete_file_dialog_strings()
        chosen = QFileDialog.getExistingDirectory(self, "照会用ブックの保存先", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    @property
    def fiscal_year(self) -> int:
        return int(self.year.currentData())

    @property
    def chosen_paper(self) -> Paper:
        return PAPER_CHOICES[self.paper.currentText()]

    @property
    def chosen_folder(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()


def export_survey_interactively(
    parent: QWidget, database: Database, snapshot: PolicySnapshot, fiscal_year: int, user: str, settings: QSettings
) -> str | None:
    """Ask, write the workbooks; what was written, in words (None: cancelled or failed, said already)."""
    dialog = SurveyDialog(snapshot, fiscal_year, settings, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        year, paper, folder = dialog.fiscal_year, dialog.chosen_paper, dialog.chosen_folder
    finally:
        dialog.deleteLater()
    from ..services.exchange.survey_writer import export_survey  # openpyxl only when exporting

    EXPORT_PAPER.write(settings, paper)
    try:
        outcome = run_in_background(
            parent,
            _TITLE,
            "照会用ブックを書き出しています…",
            lambda: export_survey(database, folder, fiscal_year=year, paper=paper, user=user),
            cancellable=False,
        )
    except KnownError as error:
        QMessageBox.critical(parent, "書き出せませんでした", error.message)
        return None
    summary = outcome.value
    if summary is None:
        return None
    EXPORT_FOLDER.write(settings, str(folder))
    QMessageBox.information(parent, _TITLE, summary.describe())
    return f"{format_fiscal_year(year)}の照会用ブックを {len(summary.files)} 課分、「{folder}」に書き出しました。"
