"""取込: choose a workbook, see every change before anything is written, decide, apply as one undo step."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.era import format_date
from ..services.importing.merge import ItemKind, MergeItem, Resolution
from ..services.importing.service import PreparedImport
from ..storage.errors import KnownError
from .background import run_in_background
from .document import Document
from .file_dialogs import choose_open_path
from .import_model import ITEM_ROLE, KIND_LABELS, ImportPlanModel
from .import_review import differing_rows, field_label, rows_html
from .screen_fit import fit_dialog
from .settings import IMPORT_FOLDER

__all__ = ["ImportDialog", "choose_and_import", "import_file"]


def _origin_text(prepared: PreparedImport) -> str:
    incoming = prepared.plan.incoming
    origin = incoming.origin
    when = ""
    if origin.exported_at is not None:
        local = origin.exported_at.astimezone()
        when = f"{format_date(local.date())} {local:%H:%M}"
    parts = [
        f"ファイル: {Path(incoming.path).name}",
        f"出力者: {origin.exported_by or '不明'}",
        f"出力日時: {when or '不明'}",
        f"版: {origin.edition or '不明'}",
    ]
    return "　".join(parts)


class ImportDialog(QDialog):
    def __init__(self, document: Document, prepared: PreparedImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.prepared = prepared
        self.setWindowTitle(f"取込の確認 — {Path(prepared.plan.incoming.path).name}")
        fit_dialog(self, 1100, 720)
        self.model = ImportPlanModel(prepared, self)

        origin = QLabel(_origin_text(prepared))
        origin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(origin)
        self.notes_box = _notes_box(prepared)
        if self.notes_box is not None:
            layout.addWidget(self.notes_box)

        layout.addWidget(self._build_review())
        layout.addLayout(self._build_bulk_choices())
        layout.addWidget(self._build_buttons())
        self.model.dataChanged.connect(lambda *args: self._update())
        self._show_item(None)
        self._update()
        conflicts = self.model.conflict_indexes()
        if len(conflicts) == 1:  # the one thing to decide, shown at once
            self.tree.setCurrentIndex(conflicts[0])
            self.tree.scrollTo(conflicts[0])

    def _build_review(self) -> QSplitter:
        """The tree of changes; under it, the chosen item's values and the choices for a conflict."""
        self._build_tree()
        self.details = QTextBrowser()
        self.details.setToolTip("選んだ項目の値（共通の版・こちら・相手）")
        self._build_decide_box()
        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details, 3)
        lower_layout.addWidget(self.decide_box, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(lower)
        splitter.setSizes([460, 220])
        return splitter

    def _build_tree(self) -> None:
        """Every change, grouped by area and initiative, each with its tick box."""
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setToolTip("チェックを外した項目は取り込みません（スペースキーで切り替え）")
        self.tree.expandAll()
        self.tree.setColumnWidth(ImportPlanModel.LABEL, 380)
        self.tree.setColumnWidth(ImportPlanModel.CHANGES, 520)
        self.tree.selectionModel().selectionChanged.connect(self._selected)

    def _build_decide_box(self) -> None:
        """競合の扱い: keep this terminal's values, take the file's, or type the values to keep."""
        self.decide_box = QGroupBox("競合の扱い")
        decide_layout = QVBoxLayout(self.decide_box)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton("こちらを維持")
        self.keep_button.setToolTip("この記録はこちらの値のままにします（相手だけが変えた項目は取り込みます）")
        self.take_button = QPushButton("相手を採用")
        self.take_button.setToolTip("この記録は相手の値にします")
        self.keep_button.clicked.connect(lambda: self._decide(Resolution.KEEP_MINE))
        self.take_button.clicked.connect(lambda: self._decide(Resolution.TAKE_THEIRS))
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch()
        decide_layout.addLayout(buttons)
        self.typed_form = QFormLayout()
        decide_layout.addLayout(self.typed_form)
        self.typed_button = QPushButton("入力した値で決定")
        self.typed_button.setToolTip("競合している項目を、ここに入力した値にします")
        self.typed_button.clicked.connect(self._decide_typed)
        decide_layout.addWidget(self.typed_button)
        self._typed: dict[str, QLineEdit] = {}

    def _build_bulk_choices(self) -> QHBoxLayout:
        """Buttons that include, leave out or decide every item at once, and the counts."""
        bulk = QHBoxLayout()
        for text, tip, slot in (
            ("すべて取り込む", "すべての項目にチェックを付けます", lambda: self.model.include_all(True)),
            ("すべて外す", "すべての項目のチェックを外します", lambda: self.model.include_all(False)),
            (
                "競合はすべてこちらを維持",
                "未決定の競合をすべてこちらの値にします",
                lambda: self._decide_all(Resolution.KEEP_MINE),
            ),
            (
                "競合はすべて相手を採用",
                "未決定の競合をすべて相手の値にします",
                lambda: self._decide_all(Resolution.TAKE_THEIRS),
            ),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda checked=False, slot=slot: self._bulk(slot))
            bulk.addWidget(button)
        bulk.addStretch()
        self.counts = QLabel()
        bulk.addWidget(self.counts)
        return bulk

    def _build_buttons(self) -> QDialogButtonBox:
        """取り込む (once every conflict is decided) and キャンセル."""
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("取り込む", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setToolTip("選んだ変更を一度に保存します（「元に戻す」で取り消せます）")
        self.buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def _bulk(self, action: Callable[[], object]) -> None:
        action()
        self._update()

    # -- what is shown ----------------------------------------------------------------------

    def _update(self) -> None:
        plan = self.prepared.plan
        counts = "　".join(
            f"{label} {len(plan.of_kind(kind))}"
            for kind, label in (
                (ItemKind.ADDED, "追加"),
                (ItemKind.CHANGED, "変更"),
                (ItemKind.DELETED, "削除"),
                (ItemKind.CONFLICT, "競合"),
            )
        )
        undecided = len(self.model.undecided())
        self.counts.setText(f"{counts}　未決定の競合: {undecided} 件")
        self.apply_button.setEnabled(undecided == 0)

    def _selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        item = indexes[0].data(ITEM_ROLE) if indexes else None
        self._show_item(item if isinstance(item, MergeItem) else None)

    def current_item(self) -> MergeItem | None:
        item = self.tree.currentIndex().data(ITEM_ROLE)
        return item if isinstance(item, MergeItem) else None

    def _show_item(self, item: MergeItem | None) -> None:
        conflict = item is not None and item.kind is ItemKind.CONFLICT
        self.decide_box.setEnabled(conflict)
        while self.typed_form.rowCount():
            self.typed_form.removeRow(0)
        self._typed = {}
        if item is None:
            self.details.setHtml("<p>上の一覧から項目を選ぶと、値を比べて表示します。</p>")
            return
        self.details.setHtml(self._details_html(item))
        if conflict and item.mine is not None and item.theirs is not None:
            describer = self.prepared.describer
            for change in item.fields:
                editor = QLineEdit(describer.value(item.entity, change.field, change.theirs))
                editor.setToolTip("この項目に保存する値")
                self._typed[change.field] = editor
                self.typed_form.addRow(field_label(describer, change.field), editor)
        self.typed_button.setEnabled(bool(self._typed) and all(_typable(item, f) for f in self._typed))

    def _details_html(self, item: MergeItem) -> str:
        describer = self.prepared.describer
        text = describer.text(item)
        head = f"<p><b>{escape(text.group)} / {escape(text.subgroup)} / {escape(text.label)}</b>"
        head += f"　{escape(KIND_LABELS[item.kind])}</p>"
        if item.reason is not None:
            head += f"<p style='color:#b00020'>{escape(item.reason.label)}</p>"
        if item.detail:
            head += f"<p>{escape(item.detail)}</p>"
        if item.takes:
            taken = "".join(f"<li>{escape(describer.key_text(key))}</li>" for key in item.takes)
            head += f"<p>削除すると、あわせて次の記録も削除します:</p><ul>{taken}</ul>"
        their_name = self.prepared.plan.incoming.origin.exported_by or "ファイル"
        return head + rows_html(differing_rows(describer, item), two_way=item.two_way, their_name=their_name)

    # -- decisions --------------------------------------------------------------------------

    def _decide(self, resolution: Resolution) -> None:
        item = self.current_item()
        if item is not None and item.kind is ItemKind.CONFLICT:
            self.model.set_decision(item.key, resolution)
            self._update()

    def _decide_typed(self) -> None:
        item = self.current_item()
        if item is None or not self._typed:
            return
        values: dict[str, Any] = {name: editor.text() for name, editor in self._typed.items()}
        self.model.set_decision(item.key, values)
        self._update()

    def _decide_all(self, resolution: Resolution) -> None:
        self.model.decide_all(resolution)

    # -- applying ---------------------------------------------------------------------------

    def apply(self) -> None:
        if self.model.undecided():
            QMessageBox.warning(self, "取込", "未決定の競合があります。競合ごとに扱いを決めてください。")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            applied = self.document.apply_import(self.prepared, self.model.decisions()).applied
        except KnownError as error:
            applied = False
            QMessageBox.critical(self, "取込", error.message)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if applied:
            self.accept()


def _notes_box(prepared: PreparedImport) -> QGroupBox | None:
    """「注意」: what the importer noticed about the file, each note in full."""
    incoming = prepared.plan.incoming
    notes = list(incoming.notes)
    if incoming.degraded:
        notes.insert(
            0,
            f"{incoming.degraded_reason or '機械可読の部分が使えません'}。表の値だけで比べたため、"
            "違いはすべて「2者比較」として確認が必要です。",
        )
    if not notes:
        return None
    box = QGroupBox(f"注意（{len(notes)} 件）")
    box.setObjectName("importNotes")
    text = QLabel("\n".join(f"・{note}" for note in notes))
    text.setWordWrap(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    text.setStyleSheet("color: #8a1c00;")
    area = QScrollArea()
    area.setWidget(text)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMaximumHeight(min(120, text.sizeHint().height() + 12))
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    inner = QVBoxLayout(box)
    inner.setContentsMargins(6, 2, 6, 2)
    inner.addWidget(area)
    return box


def _typable(item: MergeItem, field: str) -> bool:
    # Only text fields are typed; identities and flags are chosen by keeping or taking.
    value = (item.theirs or {}).get(field, (item.mine or {}).get(field))
    return isinstance(value, str) and not field.endswith("_id")


def import_file(parent: QWidget, document: Document, path: Path) -> bool:
    """Read ``path``, show what would change, and apply what the user confirms; True if applied."""
    from ..services.importing.service import prepare_import

    try:
        # Nothing is written while the file is read and compared: 中止 is always safe here.
        outcome = run_in_background(
            parent, "取込", f"「{path.name}」を読み込み、比べています…", lambda: prepare_import(document.database, path)
        )
    except KnownError as error:
        QMessageBox.critical(parent, "取込できません", error.message)
        return False
    if outcome.cancelled or outcome.value is None:
        return False
    prepared = outcome.value
    if prepared.plan.empty:
        # Logged all the same: the secretariat sees every file it was sent.
        document.log_empty_import(prepared)
        QMessageBox.information(parent, "取込", f"「{path.name}」には、このデータベースに取り込む変更はありません。")
        return False
    dialog = ImportDialog(document, prepared, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()  # not kept in the window: it holds the whole file read


def choose_and_import(parent: QWidget, document: Document, settings: QSettings) -> bool:
    path = choose_open_path(
        parent,
        settings,
        IMPORT_FOLDER,
        title="取り込むブックを選ぶ",
        file_filter="Excel ブック (*.xlsx);;すべてのファイル (*)",
    )
    return path is not None and import_file(parent, document, path)
