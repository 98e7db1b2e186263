"""The import preview as a tree: policy area (or 推進体制, 用語集) → initiative (or body) → change.

Each change can be ticked in or out; each conflict carries a decision: keep
mine, take theirs, or values typed by the user.  The model keeps those choices
and turns them into :class:`~..services.importing.service.Decisions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ..services.importing.merge import ItemKind, MergeItem, Resolution
from ..services.importing.service import Decisions, PreparedImport
from ..services.importing.state import Key
from .header_model import HeaderModel
from .import_review import conflict_summary, field_label

__all__ = ["DECISION_LABELS", "KIND_LABELS", "ImportPlanModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_CHECK = Qt.ItemDataRole.CheckStateRole
ITEM_ROLE = Qt.ItemDataRole.UserRole + 10

KIND_LABELS = {ItemKind.ADDED: "追加", ItemKind.CHANGED: "変更", ItemKind.DELETED: "削除", ItemKind.CONFLICT: "競合"}
DECISION_LABELS = {None: "未決定", Resolution.KEEP_MINE: "こちらを維持", Resolution.TAKE_THEIRS: "相手を採用"}
TYPED_LABEL = "入力した値"


@dataclass(eq=False)
class _Node:
    text: str
    parent: _Node | None
    item: MergeItem | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent is not None else 0


class ImportPlanModel(HeaderModel, QAbstractItemModel):
    LABEL, CHANGES, DECISION = range(3)
    HEADERS = ("項目", "変更の内容", "扱い")

    def __init__(self, prepared: PreparedImport, parent: Any = None) -> None:
        super().__init__(parent)
        self.prepared = prepared
        self._skipped: set[Key] = set()
        self._decisions: dict[Key, Resolution | Mapping[str, Any]] = {}
        self._root = _Node("", None)
        groups: dict[str, _Node] = {}
        subgroups: dict[tuple[str, str], _Node] = {}
        described = sorted(
            ((prepared.describer.text(item), item) for item in prepared.plan.items), key=lambda pair: pair[0].order
        )
        for text, item in described:
            group = groups.get(text.group)
            if group is None:
                group = groups[text.group] = _Node(text.group, self._root)
                self._root.children.append(group)
            subgroup = subgroups.get((text.group, text.subgroup))
            if subgroup is None:
                subgroup = subgroups[(text.group, text.subgroup)] = _Node(text.subgroup or "（名前なし）", group)
                group.children.append(subgroup)
            subgroup.children.append(_Node(f"{KIND_LABELS[item.kind]}: {text.label}", subgroup, item))
        self._nodes_by_key = {node.item.key: node for node in self._walk(self._root) if node.item is not None}

    # -- choices ----------------------------------------------------------------------------

    def _walk(self, node: _Node) -> list[_Node]:
        found: list[_Node] = []
        for child in node.children:
            found.append(child)
            found.extend(self._walk(child))
        return found

    def items(self) -> list[MergeItem]:
        return [node.item for node in self._nodes_by_key.values() if node.item is not None]

    def conflict_indexes(self) -> list[QModelIndex]:
        """The conflicts' rows in the tree, in the order shown."""
        return [
            self.createIndex(node.row(), 0, node)
            for node in self._walk(self._root)
            if node.item is not None and node.item.kind is ItemKind.CONFLICT
        ]

    def undecided(self) -> list[MergeItem]:
        return [
            item
            for item in self.items()
            if item.kind is ItemKind.CONFLICT and item.key not in self._skipped and item.key not in self._decisions
        ]

    def decisions(self) -> Decisions:
        return Decisions(dict(self._decisions), None, frozenset(self._skipped))

    def decision(self, item: MergeItem) -> Resolution | Mapping[str, Any] | None:
        return self._decisions.get(item.key)

    def set_included(self, key: Key, included: bool) -> None:
        (self._skipped.discard if included else self._skipped.add)(key)
        self._changed(key)

    def set_decision(self, key: Key, decision: Resolution | Mapping[str, Any] | None) -> None:
        if decision is None:
            self._decisions.pop(key, None)
        else:
            self._decisions[key] = decision
            self._skipped.discard(key)
        self._changed(key)

    def include_all(self, included: bool) -> None:
        self._skipped = set() if included else set(self._nodes_by_key)
        self._all_changed()

    def decide_all(self, resolution: Resolution) -> None:
        for item in self.items():
            if item.kind is ItemKind.CONFLICT and not isinstance(self._decisions.get(item.key), Mapping):
                self._decisions[item.key] = resolution
                self._skipped.discard(item.key)
        self._all_changed()

    def _changed(self, key: Key) -> None:
        node = self._nodes_by_key[key]
        self.dataChanged.emit(self.createIndex(node.row(), 0, node), self.createIndex(node.row(), 2, node))

    def _all_changed(self) -> None:
        for node in self._nodes_by_key.values():
            self.dataChanged.emit(self.createIndex(node.row(), 0, node), self.createIndex(node.row(), 2, node))

    # -- the tree ---------------------------------------------------------------------------

    def _node(self, index: ModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        node = self._node(parent)
        if not (0 <= row < len(node.children) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: ModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return len(self.HEADERS)  # every row of the tree has the same columns

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        node = self._node(index)
        if index.isValid() and node.item is not None and index.column() == self.LABEL:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        item = node.item
        column = index.column()
        if role == ITEM_ROLE:
            return item
        if item is None:
            if role == _DISPLAY and column == self.LABEL:
                count = len(self._walk(node))
                leaves = sum(1 for child in self._walk(node) if child.item is not None)
                return f"{node.text}（{leaves} 件）" if count else node.text
            return None
        if role == _CHECK and column == self.LABEL:
            return Qt.CheckState.Unchecked if item.key in self._skipped else Qt.CheckState.Checked
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            if column == self.LABEL:
                return node.text + ("（2者比較）" if item.two_way else "")
            if column == self.CHANGES:
                return self._summary(item)
            return self._decision_text(item)
        undecided = item.kind is ItemKind.CONFLICT and item.key not in self._skipped and self.decision(item) is None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DECISION and undecided:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.FontRole and column == self.DECISION and undecided:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        node = self._node(index)
        if not index.isValid() or node.item is None or role != _CHECK or index.column() != self.LABEL:
            return False
        self.set_included(node.item.key, Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def _summary(self, item: MergeItem) -> str:
        describer = self.prepared.describer
        if item.kind is ItemKind.CONFLICT:
            return conflict_summary(describer, item)
        if item.kind in (ItemKind.ADDED, ItemKind.DELETED) or not item.fields:
            content = item.theirs if item.theirs is not None else item.mine
            main = next((k for k in ("name", "term", "title", "text", "phase") if content and content.get(k)), None)
            return describer.value(item.entity, main, content[main]) if main and content else ""
        parts = []
        for change in item.fields:
            before = describer.value(item.entity, change.field, change.mine)
            after = describer.value(item.entity, change.field, change.theirs)
            parts.append(f"{field_label(describer, change.field)}: {_short(before)} → {_short(after)}")
        return "、".join(parts)

    def _decision_text(self, item: MergeItem) -> str:
        if item.key in self._skipped:
            return "取り込まない"
        if item.kind is not ItemKind.CONFLICT:
            return "取り込む"
        decision = self.decision(item)
        if isinstance(decision, Mapping):
            return TYPED_LABEL
        return DECISION_LABELS[decision]


def _short(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
