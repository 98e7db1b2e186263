"""Qt item models over the open document (or a saved edition, shown read-only).

Models read the document's snapshot and never the database; edits go back
through :meth:`Document.submit` (a saved edition, :class:`~.snapshot_source.FrozenSnapshot`,
refuses them).  A value change refreshes only the rows it touches (``dataChanged``); a change
of layout resets the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.era import format_date, format_fiscal_year
from ..domain.organisation import BodyKind
from ..domain.reading import reading_key
from ..domain.roadmap import LEGEND_INFERRED, Bar, bars
from ..services import commands
from ..services.edits import Change, set_initiative, upsert
from ..services.snapshot import AreaView, CellView, InitiativeView, PolicySnapshot, Stamp
from ..storage.record_kinds import GLOSSARY_TERM, INITIATIVE, ROADMAP_CELL
from .document import Document
from .header_model import HeaderModel
from .model_refresh import ShownKeys, refresh_model
from .snapshot_source import SnapshotSource

__all__ = [
    "BAR_ROLE",
    "CELL_ROLE",
    "IS_HEADING_ROLE",
    "SORT_ROLE",
    "BarPart",
    "BodyListModel",
    "GlossaryModel",
    "InitiativeTableModel",
    "RoadmapModel",
]

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

BAR_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_ROLE = Qt.ItemDataRole.UserRole + 2
IS_HEADING_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def local_time(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def stamp_text(stamp: Stamp | None) -> str:
    """「最終更新: 委員A（令和8年11月25日 14:03）」, or nothing for a record never stamped."""
    return f"最終更新: {stamp.updated_by}（{local_time(stamp.updated_at)}）" if stamp else ""


def _initiatives_changed(changes: tuple[Change, ...]) -> set[str | None]:
    """The initiatives whose rows (name, section, cells) the changes touch; an evaluation's or indicator's are not."""
    return {
        change.id if change.entity == INITIATIVE.table else change.owner_id
        for change in changes
        if change.entity in (INITIATIVE.table, ROADMAP_CELL.table)
    }


def _stamp(initiative: InitiativeView) -> str:
    return stamp_text(Stamp(initiative.updated_at, initiative.updated_by))


class _DocumentTableModel(QAbstractTableModel):
    """A table over the document's snapshot that rebuilds itself when the document reloads."""

    def __init__(self, document: SnapshotSource, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self._rebuild()
        self._shown_keys = self._keys()
        document.reloaded.connect(self._reset)
        document.changed.connect(self._refresh)

    @property
    def snapshot(self) -> PolicySnapshot:
        return self.document.snapshot

    def _rebuild(self) -> None:
        raise NotImplementedError

    def _keys(self) -> Hashable:
        """The identities of the rows and columns the snapshot gives now."""
        raise NotImplementedError

    def _refresh(self, changes: tuple[Change, ...]) -> None:
        """Values of existing rows changed; the default is to rebuild."""
        self._reset()

    def _reset(self) -> None:
        current = self._keys()
        refresh_model(self, self._shown_keys, current, self._rebuild)
        self._shown_keys = current


class InitiativeTableModel(HeaderModel, _DocumentTableModel):
    """Every initiative with its area, lead section and who changed it last."""

    AREA, NAME, LEAD_SECTION, DESCRIPTION, UPDATED_BY, UPDATED_AT = range(6)
    HEADERS = ("取組", "取組項目", "事業主管課", "説明", "最終更新者", "最終更新日時")
    EDITABLE = (AREA, NAME, LEAD_SECTION, DESCRIPTION)

    def _rebuild(self) -> None:
        self._areas = {area.id: area for area in self.snapshot.areas}
        self._rows = list(self.snapshot.initiatives)
        self._row_of = {item.id: row for row, item in enumerate(self._rows)}

    def _keys(self) -> Hashable:
        return tuple(item.id for item in self.snapshot.initiatives)

    def _refresh(self, changes: tuple[Change, ...]) -> None:
        current = {item.id: item for item in self.snapshot.initiatives}
        for initiative_id in _initiatives_changed(changes):
            row = self._row_of.get(initiative_id or "")
            if row is not None and initiative_id in current:
                self._rows[row] = current[initiative_id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def initiative(self, row: int) -> InitiativeView:
        return self._rows[row]

    def area_label(self, area_id: str) -> str:
        area = self._areas[area_id]
        return f"({area.number}) {area.title}"

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        initiative = self._rows[index.row()]
        column = index.column()
        if role in (_DISPLAY, _EDIT, _TOOLTIP, SORT_ROLE):
            if column == self.AREA:
                if role == SORT_ROLE:  # a number: the proxy cannot compare Python tuples
                    return self._areas[initiative.area_id].number * 10_000_000 + initiative.position
                return self.area_label(initiative.area_id)
            if column == self.NAME:
                if role == _TOOLTIP:
                    return f"{initiative.name}\n{_stamp(initiative)}"
                return initiative.name
            if column == self.LEAD_SECTION:
                return initiative.lead_section or ("未設定" if role == _TOOLTIP else "")
            if column == self.DESCRIPTION:
                text = initiative.description
                return text if role in (_TOOLTIP, _EDIT) else " ".join(text.split())
            if column == self.UPDATED_BY:
                return initiative.updated_by
            if column == self.UPDATED_AT:
                return initiative.updated_at.isoformat() if role == SORT_ROLE else local_time(initiative.updated_at)
        if role == Qt.ItemDataRole.UserRole:
            return initiative.id
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT:
            return False
        initiative = self._rows[index.row()]
        column = index.column()
        text = str(value or "")
        if column == self.NAME:
            return self.document.submit("取組項目名の変更", [set_initiative(initiative.id, name=text)])
        if column == self.DESCRIPTION:
            return self.document.submit(
                "説明の変更",
                [set_initiative(initiative.id, description=text)],
                merge_key=("description", initiative.id),
            )
        if column == self.LEAD_SECTION:
            section = next((s for s in self.snapshot.sections if s.name == text.strip()), None)
            if text.strip() and section is None:
                self.document.refused.emit(f"「{text}」は部・課の一覧にありません。一覧から選んでください。")
                return False
            lead = section.id if section else None
            return self.document.submit("事業主管課の変更", [set_initiative(initiative.id, lead_section_id=lead)])
        if column == self.AREA:
            area = next((a for a in self.snapshot.areas if self.area_label(a.id) == text), None)
            if area is None or area.id == initiative.area_id:
                return False
            edits = commands.move_initiative(
                self.snapshot, initiative, area.id, len(self.snapshot.initiatives_of(area.id))
            )
            return self.document.submit("取組項目を別の取組へ移動", edits)
        return False


class BarPart(NamedTuple):
    """The bar a cell belongs to, and whether the cell itself was inferred."""

    bar: Bar
    cell: CellView


class RoadmapModel(_DocumentTableModel):
    """The roadmap grid: area heading rows and initiative rows, one column per fiscal year."""

    NAME = 0

    def _rebuild(self) -> None:
        snapshot = self.snapshot
        self._years = list(snapshot.years)
        self._rows: list[AreaView | InitiativeView] = []
        self._bars: dict[int, dict[int, Bar]] = {}  # by row, filled as rows are first painted
        self._row_of: dict[str, int] = {}
        by_area: dict[str, list[InitiativeView]] = {area.id: [] for area in snapshot.areas}
        for initiative in snapshot.initiatives:
            by_area.setdefault(initiative.area_id, []).append(initiative)
        for area in snapshot.areas:
            self._rows.append(area)
            for initiative in by_area[area.id]:
                row = len(self._rows)
                self._rows.append(initiative)
                self._row_of[initiative.id] = row

    def _keys(self) -> Hashable:
        snapshot = self.snapshot  # initiatives come sorted by area and position
        return (tuple(snapshot.years), tuple(a.id for a in snapshot.areas), tuple(i.id for i in snapshot.initiatives))

    def _bars_at(self, row: int, initiative: InitiativeView) -> dict[int, Bar]:
        found = self._bars.get(row)
        if found is None:
            found = self._bars[row] = {
                year: bar
                for bar in bars(initiative.cell_values(), self._years)
                for year in range(bar.first_year, bar.last_year + 1)
            }
        return found

    def _refresh(self, changes: tuple[Change, ...]) -> None:
        current = {item.id: item for item in self.snapshot.initiatives}
        for initiative_id in _initiatives_changed(changes):
            row = self._row_of.get(initiative_id or "")
            if row is None or initiative_id not in current:
                continue
            initiative = current[initiative_id]
            self._rows[row] = initiative
            self._bars.pop(row, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._years)))

    @property
    def years(self) -> list[int]:
        return list(self._years)

    def year_of_column(self, column: int) -> int | None:
        return self._years[column - 1] if 1 <= column <= len(self._years) else None

    def column_of_year(self, year: int) -> int:
        return self._years.index(year) + 1

    def is_heading(self, row: int) -> bool:
        return isinstance(self._rows[row], AreaView)

    def initiative(self, row: int) -> InitiativeView | None:
        item = self._rows[row]
        return item if isinstance(item, InitiativeView) else None

    def row_of(self, initiative_id: str) -> int | None:
        return self._row_of.get(initiative_id)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else 1 + len(self._years)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role not in (_DISPLAY, _TOOLTIP):
            return None
        if section == self.NAME:
            return "取組項目"
        year = self.year_of_column(section)
        if year is None:
            return None
        return f"{format_fiscal_year(year)}\n{year}" if role == _DISPLAY else f"{year}年4月〜{year + 1}年3月"

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and not self.is_heading(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == IS_HEADING_ROLE:
            return isinstance(item, AreaView)
        if isinstance(item, AreaView):
            if column == self.NAME and role in (_DISPLAY, _TOOLTIP):
                return f"({item.number}) {item.title}"
            return None
        if column == self.NAME:
            if role in (_DISPLAY, _EDIT):
                return item.name
            if role == _TOOLTIP:
                return f"{item.name}\n{_stamp(item)}"
            return None
        year = self.year_of_column(column)
        cell = item.cells.get(year) if year is not None else None
        if role == _EDIT:
            return commands.format_cell(cell.value if cell else None)
        if cell is None or year is None:
            return None
        if role == _DISPLAY:
            return cell.value.label
        if role == _TOOLTIP:
            label = cell.value.label or "網掛け（ラベルなし）"
            lines = [f"{format_fiscal_year(year)}: {label}"]
            if cell.inferred:
                lines.append(f"（{LEGEND_INFERRED}）")
            if cell.note:
                lines.append(cell.note)
            return "\n".join(lines)
        if role == CELL_ROLE:
            return cell
        if role == BAR_ROLE:
            return BarPart(self._bars_at(index.row(), item)[year], cell)
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT:
            return False
        initiative = self.initiative(index.row())
        if initiative is None:
            return False
        text = str(value or "")
        if index.column() == self.NAME:
            return self.document.submit("取組項目名の変更", [set_initiative(initiative.id, name=text)])
        year = self.year_of_column(index.column())
        if year is None:
            return False
        label = f"{initiative.name} {format_fiscal_year(year)}"
        return self.document.submit(
            f"工程表のセルを編集（{label}）", commands.cell_edits({(initiative.id, year): commands.parse_cell(text)})
        )

    def phases_in_use(self) -> list[str]:
        seen = {
            cell.value.label for item in self.snapshot.initiatives for cell in item.cells.values() if cell.value.label
        }
        return sorted(seen)


class GlossaryModel(HeaderModel, _DocumentTableModel):
    TERM, READING, EXPLANATION, UPDATED = range(4)
    HEADERS = ("用語", "読み", "解説", "最終更新")
    FIELDS = ("term", "reading", "explanation")

    def _rebuild(self) -> None:
        self._terms = list(self.snapshot.glossary)

    def _keys(self) -> Hashable:
        return tuple(term.id for term in self.snapshot.glossary)

    def term_id(self, row: int) -> str:
        return self._terms[row].id

    def row_count(self) -> int:
        return len(self._terms)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() != self.UPDATED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        term = self._terms[index.row()]
        if index.column() == self.UPDATED:
            if role == _DISPLAY and term.stamp:
                return f"{term.stamp.updated_by}（{local_time(term.stamp.updated_at)}）"
            if role == SORT_ROLE and term.stamp:
                return term.stamp.updated_at.isoformat()
            return None
        values = (term.term, term.reading, term.explanation)
        if role in (_DISPLAY, _EDIT):
            return values[index.column()]
        if role == _TOOLTIP:
            return f"{values[index.column()]}\n{stamp_text(term.stamp)}".strip()
        if role == SORT_ROLE:
            if index.column() != self.TERM:
                return values[index.column()]
            # 五十音順 where a reading is known; terms without one follow, in stored order.
            return reading_key(term.reading) if term.reading else f"\uffff{index.row():06d}"
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if not index.isValid() or role != _EDIT or index.column() == self.UPDATED:
            return False
        term = self._terms[index.row()]
        field = self.FIELDS[index.column()]
        return self.document.submit(
            f"用語「{term.term}」の{self.HEADERS[index.column()]}を変更",
            [upsert(GLOSSARY_TERM, term.id, {field: str(value or "")})],
        )


class BodyListModel(QAbstractListModel):
    """The bodies of the organisation, listed with their kind and status."""

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self._shown = ShownKeys(self, lambda: tuple(body.id for body in self.document.snapshot.bodies))
        document.reloaded.connect(self._reset)  # a slot of the model: disconnected when it goes

    def _reset(self) -> None:
        self._shown.refresh()

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.document.snapshot.bodies)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        body = self.document.snapshot.bodies[index.row()]
        if role == _DISPLAY:
            return body.name if body.status == "設置済" else f"{body.name}（{body.status}）"
        if role == _TOOLTIP:
            return f"{BodyKind(body.kind).label}・{body.status}\n{stamp_text(body.stamp)}".strip()
        if role == Qt.ItemDataRole.UserRole:
            return body
        return None
