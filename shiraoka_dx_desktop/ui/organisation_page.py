"""The 推進体制 tab: bodies on the left, the selected body's details, duties, roles and members on the right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.organisation import BodyKind, BodyStatus, SectionKind
from ..services import organisation_commands as org
from ..services.edits import delete, set_body, upsert
from ..services.snapshot import BodyView
from ..storage.record_kinds import BODY, DUTY, ROLE, SECTION
from .document import Document
from .initiatives_page import ChoiceDelegate
from .models import BodyListModel, stamp_text
from .organisation_models import DutiesModel, MembersModel, RolesModel, SectionsModel
from .screen_fit import fit_dialog

__all__ = ["OrganisationPage", "SectionsDialog"]


def _buttons(*buttons: tuple[str, Callable[[], object], str]) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot, tip in buttons:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda checked=False, slot=slot: slot())
        row.addWidget(button)
    row.addStretch()
    return row


class OrganisationPage(QSplitter):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organisationSplitter")
        self.document = document
        left = self._build_body_list()
        form = self._build_body_form()
        duties_box = self._build_duties()
        roles_box = self._build_roles()
        members_box = self._build_members()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        parts = QSplitter(Qt.Orientation.Horizontal)
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(roles_box)
        column.addWidget(duties_box)
        parts.addWidget(column)
        parts.addWidget(members_box)
        parts.setSizes([700, 260])
        right_layout.addWidget(parts)

        self.addWidget(left)
        self.addWidget(right)
        self.setSizes([300, 980])
        self._body_id: str | None = None
        self.body_list.selectionModel().selectionChanged.connect(self._selected)
        document.reloaded.connect(self._after_reload)
        if self.body_model.rowCount():
            self.body_list.setCurrentIndex(self.body_model.index(0, 0))

    def _build_body_list(self) -> QWidget:
        """The left side: the bodies, with buttons to add and delete one and to edit the section list."""
        self.body_model = BodyListModel(self.document, self)
        self.body_list = QListView()
        self.body_list.setModel(self.body_model)
        self.body_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A long name (白岡市コンピュータシステム管理運営委員会) wraps instead of hiding behind a scroll bar.
        self.body_list.setWordWrap(True)
        self.body_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.body_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_list.setSpacing(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.body_list)
        self.body_list.setToolTip("組織を選ぶと右側で編集できます（↑↓で移動）")
        left_layout.addLayout(
            _buttons(
                ("組織を追加…", self.add_body, "プロジェクトチームやワーキンググループなどを追加します"),
                ("組織を削除…", self.delete_body, "選んだ組織を、その役職・所掌事務・構成課とともに削除します"),
            )
        )
        left_layout.addLayout(
            _buttons(
                ("部・課の一覧…", self.edit_sections, "部・課の追加・名前の変更・削除（使用中の課は削除できません）")
            )
        )
        return left

    def _build_body_form(self) -> QFormLayout:
        """The selected body's name, kind, status and description (each saved as it is left or typed)."""
        self.name = QLineEdit()
        self.name.setToolTip("組織の名前（Enter または次の欄へ移ると保存）")
        self.name.editingFinished.connect(self._save_name)
        self.kind = QComboBox()
        self.kind.setToolTip("組織の種別")
        for kind in BodyKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.activated.connect(lambda: self._save_field("kind", self.kind.currentData(), "種別"))
        self.status = QComboBox()
        self.status.setToolTip("設置済：すでに設置されている　想定：今後の設置を想定")
        for status in BodyStatus:
            self.status.addItem(status.value, status.value)
        self.status.activated.connect(lambda: self._save_field("status", self.status.currentData(), "状態"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setToolTip("組織の説明（入力の区切りごとに保存）")
        self.description.setMaximumHeight(120)
        self._description_timer = QTimer(self)
        self._description_timer.setSingleShot(True)
        self._description_timer.setInterval(400)
        self._description_timer.timeout.connect(self.save_description)
        self.description.textChanged.connect(self._description_timer.start)
        form = QFormLayout()
        form.addRow("名前", self.name)
        form.addRow("種別", self.kind)
        form.addRow("状態", self.status)
        form.addRow("説明", self.description)
        self.stamp = QLabel()
        self.stamp.setToolTip("この組織と、その役職・所掌事務・構成課のうち最後に変更された記録")
        form.addRow("", self.stamp)
        return form

    def _build_duties(self) -> QGroupBox:
        """所掌事務: the body's duties, edited in place, with buttons to add, delete and reorder."""
        self.duties_model = DutiesModel(self.document, self)
        self.duties = QListView()
        self.duties.setModel(self.duties_model)
        self.duties.setToolTip("所掌事務（F2 またはダブルクリックで編集）")
        duties_box = QGroupBox("所掌事務")
        duties_layout = QVBoxLayout(duties_box)
        duties_layout.addWidget(self.duties)
        duties_layout.addLayout(
            _buttons(
                ("追加…", self.add_duty, "所掌事務を追加します"),
                ("削除", self.delete_duty, "選んだ所掌事務を削除します"),
                ("上へ", lambda: self.move_duty(-1), "選んだ所掌事務を一つ上へ"),
                ("下へ", lambda: self.move_duty(1), "選んだ所掌事務を一つ下へ"),
            )
        )
        return duties_box

    def _build_roles(self) -> QGroupBox:
        """役職: the roles and the posts they are filled by, edited in place, with buttons to add and delete."""
        document = self.document
        self.roles_model = RolesModel(document, self)
        self.roles = QTableView()
        self.roles.setModel(self.roles_model)
        self.roles.setToolTip("役職と、それに充てる職（F2 またはダブルクリックで編集、所属は一覧から選択）")
        self.roles.verticalHeader().setVisible(False)
        self.roles.horizontalHeader().setStretchLastSection(True)
        self.roles.setColumnWidth(RolesModel.POST, 260)
        self.roles.setItemDelegateForColumn(
            RolesModel.SECTION, ChoiceDelegate(lambda: ["", *(s.name for s in document.snapshot.sections)], self.roles)
        )
        roles_box = QGroupBox("役職（職で充てる）")
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.addWidget(self.roles)
        roles_layout.addLayout(
            _buttons(
                ("追加…", self.add_role, "役職を追加します"),
                ("削除", self.delete_role, "選んだ役職を削除します"),
            )
        )
        return roles_box

    def _build_members(self) -> QGroupBox:
        """構成課: every section, ticked if it is a member of the body."""
        self.members_model = MembersModel(self.document, self)
        self.members = QListView()
        self.members.setModel(self.members_model)
        self.members.setToolTip("チェックした課が構成課です（スペースキーで切り替え）")
        members_box = QGroupBox("構成課（チェックで追加・除外）")
        QVBoxLayout(members_box).addWidget(self.members)
        return members_box

    # -- the selected body ----------------------------------------------------------------

    def current_body(self) -> BodyView | None:
        return next((b for b in self.document.snapshot.bodies if b.id == self._body_id), None)

    def _selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self.save_description()
        indexes = selected.indexes()
        body = indexes[0].data(Qt.ItemDataRole.UserRole) if indexes else None
        self._show(body if isinstance(body, BodyView) else None)

    def _after_reload(self) -> None:
        body = self.current_body()
        if body is None and self.body_model.rowCount():
            self.body_list.setCurrentIndex(self.body_model.index(0, 0))
            return
        row = next((i for i, b in enumerate(self.document.snapshot.bodies) if b.id == self._body_id), -1)
        if row >= 0:
            self.body_list.selectionModel().blockSignals(True)
            self.body_list.setCurrentIndex(self.body_model.index(row, 0))
            self.body_list.selectionModel().blockSignals(False)
        self._show(body, keep_description=self._description_timer.isActive())

    def _show(self, body: BodyView | None, keep_description: bool = False) -> None:
        self._body_id = body.id if body else None
        for widget in (self.name, self.kind, self.status, self.description):
            widget.setEnabled(body is not None)
        self.name.setText(body.name if body else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(body.kind)) if body else 0)
        self.status.setCurrentIndex(max(0, self.status.findData(body.status)) if body else 0)
        if not keep_description:
            self.description.blockSignals(True)
            self.description.setPlainText(body.description if body else "")
            self.description.blockSignals(False)
        self.stamp.setText(stamp_text(body.stamp) if body else "")
        for model in (self.duties_model, self.roles_model, self.members_model):
            model.set_body(self._body_id)

    # -- edits ----------------------------------------------------------------------------

    def _save_field(self, field: str, value: object, label: str) -> None:
        body = self.current_body()
        if body is not None and getattr(body, field) != value:
            self.document.submit(f"{body.name}の{label}を変更", [upsert(BODY, body.id, {field: value})])

    def _save_name(self) -> None:
        body = self.current_body()
        if body is None or self.name.text().strip() == body.name:
            return
        edits = [set_body(body.id, name=self.name.text())]
        if not self.document.submit(f"組織名を「{self.name.text().strip()}」に変更", edits):
            self.name.setText(body.name)

    def save_description(self) -> None:
        self._description_timer.stop()
        body = self.current_body()
        if body is not None and self.description.toPlainText() != body.description:
            self.document.submit(
                f"{body.name}の説明を編集",
                [set_body(body.id, description=self.description.toPlainText())],
                merge_key=("body-description", body.id),
            )

    def add_body(self) -> None:
        name, ok = QInputDialog.getText(self, "組織を追加", "プロジェクトチームやワーキンググループの名前:")
        if not ok:
            return
        kinds = [kind.label for kind in BodyKind]
        kind, ok = QInputDialog.getItem(
            self, "組織を追加", "種別:", kinds, kinds.index(BodyKind.PROJECT_TEAM.label), False
        )
        if not ok:
            return
        body_id, edits = org.add_body(
            self.document.snapshot, name, list(BodyKind)[kinds.index(kind)], BodyStatus.PLANNED
        )
        if self.document.submit(f"組織「{name.strip()}」を追加", edits):
            row = next(i for i, b in enumerate(self.document.snapshot.bodies) if b.id == body_id)
            self.body_list.setCurrentIndex(self.body_model.index(row, 0))

    def delete_body(self) -> None:
        body = self.current_body()
        if body is None:
            return
        message = (
            f"「{body.name}」を削除します（役職 {len(body.roles)} 件、所掌事務 {len(body.duties)} 件、"
            f"構成課 {len(body.members)} 件を含む）。\n削除は「元に戻す」で取り消せます。"
        )
        if QMessageBox.question(self, "組織を削除", message) == QMessageBox.StandardButton.Yes:
            self.document.submit(f"組織「{body.name}」を削除", [delete(BODY, body.id)])

    def add_duty(self) -> None:
        body = self.current_body()
        if body is None:
            return
        text, ok = QInputDialog.getText(self, "所掌事務を追加", "所掌事務:")
        if ok and text.strip():
            self.document.submit(f"{body.name}に所掌事務を追加", org.add_duty(body, text.strip()))

    def delete_duty(self) -> None:
        body = self.current_body()
        index = self.duties.currentIndex()
        if body is not None and index.isValid():
            self.document.submit(f"{body.name}の所掌事務を削除", [delete(DUTY, body.duty_ids[index.row()])])

    def move_duty(self, step: int) -> None:
        body = self.current_body()
        index = self.duties.currentIndex()
        if body is not None and index.isValid():
            edits = org.move_duty(body, index.row(), step)
            if edits and self.document.submit("所掌事務の並べ替え", edits):
                self.duties.setCurrentIndex(self.duties_model.index(index.row() + step, 0))

    def add_role(self) -> None:
        body = self.current_body()
        if body is None:
            return
        title, ok = QInputDialog.getText(self, "役職を追加", "役職名（例: 委員）:")
        if ok and title.strip():
            self.document.submit(f"{body.name}に役職を追加", org.add_role(body, title.strip()))

    def delete_role(self) -> None:
        body = self.current_body()
        index = self.roles.currentIndex()
        if body is not None and index.isValid():
            held = body.roles[index.row()]
            self.document.submit(f"{body.name}の役職「{held.title}」を削除", [delete(ROLE, held.id)])

    def edit_sections(self) -> None:
        dialog = SectionsDialog(self.document, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


class SectionsDialog(QDialog):
    """The section master (部・課) that every editor picks from."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("部・課の一覧")
        fit_dialog(self, 560, 600)
        self.document = document
        self.model = SectionsModel(document, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        # The name takes the width the dialog has; 種別 and 所属する部 as wide as their text.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SectionsModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(SectionsModel.KIND, ChoiceDelegate(lambda: ["部", "課"], self.table))
        self.table.setItemDelegateForColumn(
            SectionsModel.PARENT,
            ChoiceDelegate(lambda: ["", *(s.name for s in document.snapshot.sections if s.kind == "部")], self.table),
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.table.setToolTip("F2 またはダブルクリックで編集。種別と所属する部は一覧から選びます。")
        layout.addLayout(
            _buttons(
                ("部・課を追加…", self.add_section, "部・課を一覧に追加します（名前が「部」で終わると部）"),
                ("削除…", self.delete_section, "選んだ部・課を削除します（使用中なら使用箇所を表示して中止）"),
            )
        )
        layout.addWidget(close)

    def add_section(self) -> None:
        name, ok = QInputDialog.getText(self, "部・課を追加", "名前（例: 〇〇課）:")
        if not ok or not name.strip():
            return
        kind = SectionKind.DEPARTMENT if name.strip().endswith("部") else SectionKind.SECTION
        _section_id, edits = org.add_section(self.document.snapshot, name, kind, None)
        self.document.submit(f"「{name.strip()}」を部・課に追加", edits)

    def delete_section(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        section = self.model.section(index.row())
        if (
            QMessageBox.question(self, "部・課を削除", f"「{section.name}」を一覧から削除しますか？")
            == QMessageBox.StandardButton.Yes
        ):
            self.document.submit(f"「{section.name}」を部・課から削除", [delete(SECTION, section.id)])
