"""Qt item models over the policy snapshot (read-only for now)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.era import format_date, format_fiscal_year
from ..domain.organisation import BodyKind
from ..domain.roadmap import Bar, bars
from ..services.snapshot import AreaView, CellView, InitiativeView, PolicySnapshot

__all__ = [
    "BAR_ROLE",
    "CELL_ROLE",
    "IS_HEADING_ROLE",
    "BarPart",
    "BodyListModel",
    "GlossaryModel",
    "InitiativeTableModel",
    "RoadmapModel",
]

ModelIndex = QModelIndex | QPersistentModelIndex

BAR_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_ROLE = Qt.ItemDataRole.UserRole + 2
IS_HEADING_ROLE = Qt.ItemDataRole.UserRole + 3


def _local_time(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


class InitiativeTableModel(QAbstractTableModel):
    """Every initiative with its area, lead section and who changed it last."""

    AREA, NAME, LEAD_SECTION, DESCRIPTION, UPDATED_BY, UPDATED_AT = range(6)
    HEADERS = ("取組", "取組項目", "事業主管課", "説明", "最終更新者", "最終更新日時")

    def __init__(self, snapshot: PolicySnapshot, parent: Any = None) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._areas = {area.id: area for area in snapshot.areas}

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._snapshot.initiatives)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        initiative = self._snapshot.initiatives[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.AREA:
                area = self._areas[initiative.area_id]
                return f"({area.number}) {area.title}"
            if column == self.NAME:
                return initiative.name + ("（推定を含む）" if initiative.inferred else "")
            if column == self.LEAD_SECTION:
                return initiative.lead_section or ("未設定" if role == Qt.ItemDataRole.ToolTipRole else "")
            if column == self.DESCRIPTION:
                text = initiative.description
                return text if role == Qt.ItemDataRole.ToolTipRole else text.replace("\n\n", " ").replace("\n", " ")
            if column == self.UPDATED_BY:
                return initiative.updated_by
            if column == self.UPDATED_AT:
                return _local_time(initiative.updated_at)
        if role == Qt.ItemDataRole.UserRole:
            return initiative.id
        return None


@dataclass(frozen=True, slots=True)
class BarPart:
    """The bar a cell belongs to, and whether the cell itself was inferred."""

    bar: Bar
    cell: CellView


class RoadmapModel(QAbstractTableModel):
    """The roadmap grid: area heading rows and initiative rows, one column per fiscal year."""

    NAME = 0

    def __init__(self, snapshot: PolicySnapshot, parent: Any = None) -> None:
        super().__init__(parent)
        self._years = list(snapshot.years)
        self._rows: list[AreaView | InitiativeView] = []
        self._bars: dict[int, dict[int, Bar]] = {}
        for area in snapshot.areas:
            self._rows.append(area)
            for initiative in snapshot.initiatives_of(area.id):
                row = len(self._rows)
                self._rows.append(initiative)
                self._bars[row] = {
                    year: bar
                    for bar in bars(initiative.cell_values(), self._years)
                    for year in range(bar.first_year, bar.last_year + 1)
                }

    @property
    def years(self) -> list[int]:
        return list(self._years)

    def year_of_column(self, column: int) -> int | None:
        return self._years[column - 1] if 1 <= column <= len(self._years) else None

    def column_of_year(self, year: int) -> int:
        return self._years.index(year) + 1

    def is_heading(self, row: int) -> bool:
        return isinstance(self._rows[row], AreaView)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 1 + len(self._years)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.NAME:
            return "取組項目"
        year = self.year_of_column(section)
        return None if year is None else f"{format_fiscal_year(year)}\n{year}"

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == IS_HEADING_ROLE:
            return isinstance(item, AreaView)
        if isinstance(item, AreaView):
            if column == self.NAME and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return f"({item.number}) {item.title}"
            return None
        if column == self.NAME:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return item.name
            return None
        year = self.year_of_column(column)
        cell = item.cells.get(year) if year is not None else None
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.value.label
        if role == Qt.ItemDataRole.ToolTipRole:
            label = cell.value.label or "網掛け（ラベルなし）"
            lines = [f"{format_fiscal_year(year)}: {label}"]  # type: ignore[arg-type]
            if cell.inferred:
                lines.append("（抽出で欠落したため本文から推定）")
            if cell.note:
                lines.append(cell.note)
            return "\n".join(lines)
        if role == CELL_ROLE:
            return cell
        if role == BAR_ROLE:
            return BarPart(self._bars[index.row()][year], cell)  # type: ignore[index]
        return None


class GlossaryModel(QAbstractTableModel):
    TERM, READING, EXPLANATION = range(3)
    HEADERS = ("用語", "読み", "解説")

    def __init__(self, snapshot: PolicySnapshot, parent: Any = None) -> None:
        super().__init__(parent)
        self._terms = snapshot.glossary

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._terms)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        term = self._terms[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (term.term, term.reading, term.explanation)[index.column()]
        return None


class BodyListModel(QAbstractListModel):
    """The bodies of the organisation, listed with their kind and status."""

    def __init__(self, snapshot: PolicySnapshot, parent: Any = None) -> None:
        super().__init__(parent)
        self._bodies = snapshot.bodies

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._bodies)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        body = self._bodies[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return body.name if body.status == "設置済" else f"{body.name}（{body.status}）"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{BodyKind(body.kind).label}・{body.status}"
        if role == Qt.ItemDataRole.UserRole:
            return body
        return None
