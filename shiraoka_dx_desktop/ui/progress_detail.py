"""Under the 進捗 table: the selected initiative's 評価 with the indicators' suggestion beside it, and its texts.

実績, 課題 and 次年度の取組 are edited here on as many lines as they need, saved after a pause in
typing (one undo step for one run of typing, as 取組項目's 説明 is), and when the cursor leaves.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QWidget

from ..domain.era import format_fiscal_year
from ..services.snapshot import InitiativeView
from .models import stamp_text
from .progress_data import ProgressData
from .progress_models import TEXT_FIELDS, submit_evaluation, text_values

__all__ = ["EvaluationDetail", "grade_choices"]

NO_GRADE_TEXT = "（評価なし）"
NOTHING_SHOWN = "取組項目を選ぶと、評価・実績・課題・次年度の取組を入力できます"


def grade_choices(data: ProgressData) -> list[tuple[str, str]]:
    """The scale as the drop-downs offer it: (「A 目標より進んでいる」, its id), and no grade last."""
    return [(f"{grade.code} {grade.label}", grade.id) for grade in data.grades] + [(NO_GRADE_TEXT, "")]


class _TextEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.left.emit()
        super().focusOutEvent(event)


class EvaluationDetail(QWidget):
    """The texts of the selected initiative's evaluation; ``heading`` (its name, 評価 and 目安) is placed by the page."""

    SAVE_DELAY_MS = 400  # typing pauses this long before the text is saved

    def __init__(self, data: ProgressData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = data
        self.initiative: InitiativeView | None = None
        self.title = QLabel(NOTHING_SHOWN)
        self.title.setWordWrap(True)
        self.grade = QComboBox()
        self.grade.setToolTip("この年度の評価（各課の判断）。右の目安は指標から計算したもので、評価は変わりません")
        self.grade.activated.connect(self._grade_chosen)
        self.suggestion = QLabel()
        muted = self.suggestion.palette()  # a palette, not a style sheet: that would drop the window's text size
        muted.setColor(QPalette.ColorRole.WindowText, QColor(85, 85, 85))
        self.suggestion.setPalette(muted)
        self.stamp = QLabel()
        self.texts = {field: self._text_edit(label) for field, label in TEXT_FIELDS.items()}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(self.SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_texts)
        self._lay_out()
        data.rows_changed.connect(self._rows_changed)
        data.reset.connect(self.refresh)
        self.refresh()

    def _text_edit(self, label: str) -> _TextEdit:
        edit = _TextEdit()
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(f"{label}（入力すると自動で保存されます）")
        edit.textChanged.connect(lambda: self._save_timer.start())
        edit.left.connect(self.save_texts)
        return edit

    def _lay_out(self) -> None:
        """The heading row (name, 評価, 目安) and, apart from it, the texts, which the page places."""
        self.heading = QWidget()
        top = QHBoxLayout(self.heading)
        top.setContentsMargins(0, 0, 0, 0)
        grade_label = QLabel("評価(&G):")
        grade_label.setBuddy(self.grade)
        top.addWidget(self.title, 1)
        top.addWidget(grade_label)
        top.addWidget(self.grade)
        top.addWidget(self.suggestion)
        texts = QGridLayout(self)
        texts.setContentsMargins(4, 4, 4, 4)
        for column, (field, label) in enumerate(TEXT_FIELDS.items()):
            caption = QLabel(f"{label}:")
            caption.setBuddy(self.texts[field])
            texts.addWidget(caption, 0, column)
            texts.addWidget(self.texts[field], 1, column)
        texts.addWidget(self.stamp, 2, 0, 1, len(TEXT_FIELDS))
        texts.setRowStretch(1, 1)

    def show_initiative(self, initiative: InitiativeView | None) -> None:
        """Save what was typed for the one shown before, then show ``initiative``."""
        self.save_texts()
        self.initiative = initiative
        self.refresh()

    def refresh(self) -> None:
        """Show the initiative's evaluation for the year as stored (what is being typed is kept)."""
        initiative = self.initiative
        evaluation = self.progress.evaluation(initiative.id) if initiative else None
        year = format_fiscal_year(self.progress.fiscal_year)
        self.title.setText(f"<b>{escape(initiative.name)}</b>　{year}" if initiative else NOTHING_SHOWN)
        self.grade.blockSignals(True)
        self.grade.clear()
        for text, value in grade_choices(self.progress):
            self.grade.addItem(text, value)
        chosen = (evaluation.grade_id if evaluation else None) or ""  # no grade: the last item
        self.grade.setCurrentIndex(max(0, self.grade.findData(chosen)))
        self.grade.blockSignals(False)
        suggestion = self.progress.suggestion(initiative.id) if initiative else None
        self.suggestion.setText(f"目安（指標から）: {suggestion.text}" if suggestion else "")
        self.suggestion.setToolTip(suggestion.reason if suggestion else "")
        if not self._save_timer.isActive():
            for field, edit in self.texts.items():
                stored = getattr(evaluation, field) if evaluation else ""
                if edit.toPlainText() != stored:
                    edit.blockSignals(True)
                    edit.setPlainText(stored)
                    edit.blockSignals(False)
        for widget in (self.grade, *self.texts.values()):
            widget.setEnabled(initiative is not None)
        self.stamp.setText(stamp_text(evaluation.stamp).replace("最終更新", "記入") if evaluation else "未記入")

    def _rows_changed(self, initiative_ids: frozenset[str]) -> None:
        if self.initiative is not None and self.initiative.id in initiative_ids:
            self.initiative = next((i for i in self.progress.snapshot.initiatives if i.id == self.initiative.id), None)
            self.refresh()

    def _grade_chosen(self) -> None:
        if self.initiative is not None:
            value = str(self.grade.currentData() or "") or None
            submit_evaluation(self.progress, self.initiative, "評価", {"grade_id": value})

    def save_texts(self) -> None:
        """Save what was typed now (also done after a pause in typing and when the cursor leaves)."""
        self._save_timer.stop()
        if self.initiative is None:
            return
        evaluation = self.progress.evaluation(self.initiative.id)
        for field, edit in self.texts.items():
            text = edit.toPlainText()
            if text != (getattr(evaluation, field) if evaluation else ""):
                submit_evaluation(self.progress, self.initiative, TEXT_FIELDS[field], text_values(field, text))
                evaluation = self.progress.evaluation(self.initiative.id)
