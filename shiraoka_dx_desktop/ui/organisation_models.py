"""Item models for editing the organisation: one body's duties, roles and member sections, and the section master."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.organisation import SectionKind
from ..services.edits import set_duty, set_section, upsert
from ..services.organisation_commands import set_member
from ..services.snapshot import BodyView, SectionView
from ..storage.record_kinds import ROLE, SECTION
from .document import Document
from .header_model import HeaderModel
from .model_refresh import ShownKeys, refresh_model

__all__ = ["DutiesModel", "MembersModel", "RolesModel", "SectionsModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole


class _BodyPartModel:
    """Shared by the models that show one part of the body selected on the page.

    Mixed in before a Qt model class, whose reset signals it drives.
    """

    document: Document
    body_id: str | None

    def _attach(self, document: Document) -> None:
        self.document = document
        self.body_id = None
        self._shown_keys: Hashable = None
        document.reloaded.connect(self._reset)

    def _part_keys(self, body: BodyView) -> Hashable:
        """The identities of the rows shown for ``body``."""
        raise NotImplementedError

    def _keys(self) -> Hashable:
        body = self.body()
        return None if body is None else (body.id, self._part_keys(body))

    def set_body(self, body_id: str | None) -> None:
        if body_id == self.body_id:  # the same body shown again after a reload
            self._reset()
            return
        self.beginResetModel()  # type: ignore[attr-defined]
        self.body_id = body_id
        self.endResetModel()  # type: ignore[attr-defined]
        self._shown_keys = self._keys()

    def _reset(self) -> None:
        current = self._keys()
        refresh_model(self, self._shown_keys, current)  # type: ignore[arg-type]
        self._shown_keys = current

    def body(self) -> BodyView | None:
        return next((b for b in self.document.snapshot.bodies if b.id == self.body_id), None)


class DutiesModel(_BodyPartModel, QAbstractListModel):
    def __init__(self, document: Document, parent: Any = None) -> None:
        QAbstractListModel.__init__(self, parent)
        self._attach(document)

    def _part_keys(self, body: BodyView) -> Hashable:
        return body.duty_ids

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        body = self.body()
        return 0 if parent.isValid() or body is None else len(body.duties)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else super().flags(index)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        body = self.body()
        if not index.isValid() or body is None or role not in (_DISPLAY, _EDIT, Qt.ItemDataRole.ToolTipRole):
            return None
        return body.duties[index.row()]

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        body = self.body()
        if not index.isValid() or body is None or role != _EDIT:
            return False
        text = str(value or "").strip()
        if not text:
            self.document.refused.emit("所掌事務の内容を入力してください（項目を消すときは［削除］を使います）。")
            return False
        return self.document.submit("所掌事務の変更", [set_duty(body.duty_ids[index.row()], text=text)])


class RolesModel(_BodyPartModel, HeaderModel, QAbstractTableModel):
    TITLE, POST, SECTION, NOTE = range(4)
    HEADERS = ("役職", "充てる職", "所属", "備考")

    def __init__(self, document: Document, parent: Any = None) -> None:
        QAbstractTableModel.__init__(self, parent)
        self._attach(document)

    def _part_keys(self, body: BodyView) -> Hashable:
        return tuple(held.id for held in body.roles)

    def row_count(self) -> int:
        body = self.body()
        return 0 if body is None else len(body.roles)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else super().flags(index)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        body = self.body()
        if not index.isValid() or body is None or role not in (_DISPLAY, _EDIT, Qt.ItemDataRole.ToolTipRole):
            return None
        held = body.roles[index.row()]
        return (held.title, held.post, held.section, held.note)[index.column()]

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        body = self.body()
        if not index.isValid() or body is None or role != _EDIT:
            return False
        held = body.roles[index.row()]
        text = str(value or "").strip()
        column = index.column()
        if column == self.TITLE and not text:
            self.document.refused.emit("役職名を入力してください。")
            return False
        if column == self.SECTION:
            section = next((s for s in self.document.snapshot.sections if s.name == text), None)
            if text and section is None:
                self.document.refused.emit(f"「{text}」は部・課の一覧にありません。")
                return False
            values: dict[str, Any] = {"section_id": section.id if section else None}
        else:
            values = {("title", "post", "", "note")[column]: text}
        return self.document.submit(f"{body.name}の役職の変更", [upsert(ROLE, held.id, values)])


class MembersModel(_BodyPartModel, QAbstractListModel):
    """Every section (課) with a check box: checked sections are members of the body."""

    def __init__(self, document: Document, parent: Any = None) -> None:
        QAbstractListModel.__init__(self, parent)
        self._attach(document)

    def _part_keys(self, body: BodyView) -> Hashable:
        return tuple(section.id for section in self._sections())

    def _sections(self) -> list[SectionView]:
        return [s for s in self.document.snapshot.sections if s.kind == SectionKind.SECTION]

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.body() is None else len(self._sections())

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else super().flags(index)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        body = self.body()
        if not index.isValid() or body is None:
            return None
        section = self._sections()[index.row()]
        if role == _DISPLAY:
            return section.name
        if role == Qt.ItemDataRole.CheckStateRole:
            member = section.id in body.member_section_ids
            return Qt.CheckState.Checked if member else Qt.CheckState.Unchecked
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        body = self.body()
        if not index.isValid() or body is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        section = self._sections()[index.row()]
        member = Qt.CheckState(value) == Qt.CheckState.Checked
        text = f"{body.name}に{section.name}を{'追加' if member else '除外'}"
        return self.document.submit(text, set_member(body, section.id, member))


class SectionsModel(HeaderModel, QAbstractTableModel):
    """The section master (部・課): name, kind and the department a section belongs to."""

    NAME, KIND, PARENT = range(3)
    HEADERS = ("名前", "種別", "所属する部")

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self._shown = ShownKeys(self, lambda: tuple(section.id for section in self.document.snapshot.sections))
        document.reloaded.connect(self._reset)  # a slot of the model: disconnected when it goes

    def _reset(self) -> None:
        self._shown.refresh()

    def section(self, row: int) -> SectionView:
        return self.document.snapshot.sections[row]

    def row_count(self) -> int:
        return len(self.document.snapshot.sections)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else super().flags(index)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, _EDIT):
            return None
        section = self.section(index.row())
        if index.column() == self.NAME:
            return section.name
        if index.column() == self.KIND:
            return section.kind
        names = {s.id: s.name for s in self.document.snapshot.sections}
        return names.get(section.parent_id or "", "")

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT:
            return False
        section = self.section(index.row())
        text = str(value or "").strip()
        if index.column() == self.NAME:
            return self.document.submit(f"「{section.name}」の名前を変更", [set_section(section.id, name=text)])
        if index.column() == self.KIND:
            if text not in (SectionKind.DEPARTMENT, SectionKind.SECTION):
                self.document.refused.emit("種別は「部」か「課」を選んでください。")
                return False
            values: dict[str, Any] = {"kind": text}
            if text == SectionKind.DEPARTMENT:
                values["parent_id"] = None
            return self.document.submit(f"「{section.name}」の種別を変更", [upsert(SECTION, section.id, values)])
        parent = next((s for s in self.document.snapshot.sections if s.name == text), None)
        if text and (parent is None or parent.kind != SectionKind.DEPARTMENT or section.kind != SectionKind.SECTION):
            self.document.refused.emit("所属先には「部」を選んでください（課だけが部に属します）。")
            return False
        return self.document.submit(
            f"「{section.name}」の所属を変更",
            [set_section(section.id, parent_id=parent.id if parent else None)],
        )
