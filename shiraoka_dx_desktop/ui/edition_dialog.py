"""［方針］→［新しい版を作成］: freeze the whole policy as it is now as a new edition (第4版, 令和8年4月改訂).

The name is proposed (the next number), the month is this one in 和暦, the note says why.  Made
through the document as one undo step; a name taken or a month that cannot be read is said in the
dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.era import format_year_month
from ..services.editions import EditionError, new_edition, next_edition_name, parse_edition_date
from .document import Document
from .screen_fit import fit_dialog

__all__ = ["NewEditionDialog"]


class NewEditionDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新しい版を作成")
        fit_dialog(self, 520, 360)
        self.document = document
        intro = QLabel(
            "今のデータ全体（取組・取組項目・工程表・推進体制・用語集・進捗）を、新しい版として保存します。"
            "保存した版は後から変わりません。作成後も、今のデータは次の版の作業中の内容として編集できます。"
        )
        intro.setWordWrap(True)
        today = dt.date.today()
        self.name = QLineEdit(next_edition_name(document.database))
        self.month = QLineEdit(format_year_month(today.year, today.month))
        self.month.setToolTip("「令和8年4月」または「2026-04」のように入力します")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("改訂の理由など（任意）")
        form = QFormLayout()
        form.addRow("版の名前(&N)", self.name)
        form.addRow("策定・改訂の年月(&M)", self.month)
        form.addRow("説明(&D)", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("作成", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.make)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def make(self) -> None:
        document = self.document
        try:
            year, month = parse_edition_date(self.month.text())
            made = new_edition(
                document.database,
                self.name.text(),
                year=year,
                month=month,
                note=self.note.toPlainText(),
                user=document.user,
            )
        except EditionError as error:
            QMessageBox.warning(self, "新しい版を作成できません", error.message)
            return
        if document.submit(f"「{made.label}」を作成", made.edits, also=made.freeze):
            self.accept()
