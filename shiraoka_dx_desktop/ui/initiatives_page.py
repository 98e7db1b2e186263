"""The 取組項目 tab: a filterable, sortable table of initiatives and an editor for the selected one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services.edits import set_initiative
from ..services.snapshot import InitiativeView, Stamp
from .column_fit import ColumnFitter
from .models import SORT_ROLE, InitiativeTableModel, stamp_text
from .snapshot_source import SnapshotSource

__all__ = ["ChoiceDelegate", "InitiativeFilterProxy", "InitiativesPage"]

ALL = "__all__"
UNSET = "__unset__"


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell by picking from a list (areas, sections) instead of typing."""

    def __init__(self, choices: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(self._choices())
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        index.model().setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class _DescriptionEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.left.emit()
        super().focusOutEvent(event)


class InitiativeFilterProxy(QSortFilterProxyModel):
    """Filters by area, lead section and free text over name, description and section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area_id = ALL
        self.lead_section = ALL
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)

    def set_area(self, area_id: str) -> None:
        self.beginFilterChange()
        self.area_id = area_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_lead_section(self, name: str) -> None:
        self.beginFilterChange()
        self.lead_section = name
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, InitiativeTableModel)
        initiative = model.initiative(source_row)
        if self.area_id != ALL and initiative.area_id != self.area_id:
            return False
        if self.lead_section == UNSET and initiative.lead_section:
            return False
        if self.lead_section not in (ALL, UNSET) and initiative.lead_section != self.lead_section:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class InitiativesPage(QWidget):
    DESCRIPTION_DELAY_MS = 400  # typing pauses this long before the text is saved

    def __init__(self, document: SnapshotSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = InitiativeTableModel(document, self)
        self.proxy = InitiativeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        filters = self._build_filters()
        self.table = self._build_table()
        detail = self._build_detail()

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("initiativesSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setSizes([520, 200])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter)
        self._connect_editing()
        if document.read_only:
            self._show_only()

    def _show_only(self) -> None:
        """A saved edition: the same table and filters, nothing to edit."""
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setToolTip("保存された版の取組項目（読み取り専用）。見出しをクリックすると並べ替えます")
        self.description.setReadOnly(True)
        self.description.setPlaceholderText("説明なし")
        self.description.setToolTip("選んだ取組項目の説明（保存された版: 読み取り専用）")
        self.search.setPlaceholderText("取組項目・説明・事業主管課で絞り込み")  # Ctrl+F is the main window's

    def _build_filters(self) -> QHBoxLayout:
        """The search field and the area and lead-section filters above the table."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("取組項目・説明・事業主管課で絞り込み（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("入力するたびに、名前・説明・事業主管課で取組項目を絞り込みます（Ctrl+F）")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.area_filter = QComboBox()
        self.area_filter.setToolTip("取組で絞り込み")
        self.section_filter = QComboBox()
        self.section_filter.setToolTip("事業主管課で絞り込み")
        self._fill_filters()
        self.area_filter.currentIndexChanged.connect(lambda: self.proxy.set_area(self.area_filter.currentData()))
        self.section_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_lead_section(self.section_filter.currentData())
        )
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.area_filter, 2)
        filters.addWidget(self.section_filter, 1)
        return filters

    def _build_table(self) -> QTableView:
        """The initiatives, sortable by a click on a heading, edited in place (area and section from lists)."""
        document = self.document
        table = QTableView()
        table.setModel(self.proxy)
        # Start in stored order (by area, then the order within it), which needs no sorting
        # pass over 10,000 rows; a click on a heading sorts by that column.
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        # The description takes what the other columns leave; area and name give way on a small screen.
        self.columns = ColumnFitter(
            table,
            stretch=InitiativeTableModel.DESCRIPTION,
            shrinkable=(InitiativeTableModel.AREA, InitiativeTableModel.NAME),
            caps={InitiativeTableModel.AREA: 22, InitiativeTableModel.NAME: 24, InitiativeTableModel.UPDATED_BY: 12},
        )
        table.setItemDelegateForColumn(
            InitiativeTableModel.AREA,
            ChoiceDelegate(lambda: [self.model.area_label(a.id) for a in document.snapshot.areas], table),
        )
        table.setItemDelegateForColumn(
            InitiativeTableModel.LEAD_SECTION,
            ChoiceDelegate(lambda: ["", *(s.name for s in document.snapshot.sections if s.kind == "課")], table),
        )
        table.setToolTip("ダブルクリックかF2で編集。取組と事業主管課は一覧から選びます")
        return table

    def _build_detail(self) -> QWidget:
        """Under the table: the selected initiative's name, its 説明 (saved as typed) and who changed it last."""
        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_stamp = QLabel()
        self.description = _DescriptionEdit()
        self.description.setPlaceholderText("説明（入力すると自動で保存されます）")
        self.description.setToolTip(
            "選んだ取組項目の説明。入力の区切りごとに保存され、一続きの入力は一回の「元に戻す」で戻ります。"
        )
        self.description.setTabChangesFocus(True)
        self.description.setEnabled(False)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.description)
        detail_layout.addWidget(self.detail_stamp)
        return detail

    def _connect_editing(self) -> None:
        """The description saved after a pause in typing; the detail following the selection and the document."""
        self._shown_id: str | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(self.DESCRIPTION_DELAY_MS)
        self._save_timer.timeout.connect(self.save_description)
        self.description.textChanged.connect(self._description_typed)
        self.description.left.connect(self.save_description)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.document.reloaded.connect(self._after_reload)
        self.document.changed.connect(self._after_change)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.columns.fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.columns.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.columns.fit()

    def _fill_filters(self) -> None:
        snapshot = self.document.snapshot
        for combo in (self.area_filter, self.section_filter):
            combo.blockSignals(True)
            combo.clear()
        self.area_filter.addItem("すべての取組", ALL)
        for area in snapshot.areas:
            self.area_filter.addItem(f"({area.number}) {area.title}", area.id)
        self.section_filter.addItem("すべての事業主管課", ALL)
        self.section_filter.addItem("（未設定）", UNSET)
        for section in snapshot.sections:
            if section.kind == "課":
                self.section_filter.addItem(section.name, section.name)
        for combo in (self.area_filter, self.section_filter):
            combo.blockSignals(False)

    def _after_reload(self) -> None:
        area, section = self.proxy.area_id, self.proxy.lead_section
        self._fill_filters()
        self.area_filter.setCurrentIndex(max(0, self.area_filter.findData(area)))
        self.section_filter.setCurrentIndex(max(0, self.section_filter.findData(section)))
        self._show(self.current_initiative())

    def current_initiative(self) -> InitiativeView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.initiative(self.proxy.mapToSource(index).row())

    def select_initiative(self, initiative_id: str, *, edit_description: bool = False) -> bool:
        """Select an initiative's row (clearing filters that hide it); optionally put the cursor in 説明."""
        row = next((r for r in range(self.model.rowCount()) if self.model.initiative(r).id == initiative_id), None)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, InitiativeTableModel.NAME))
        if not index.isValid():
            self.search.clear()
            self.area_filter.setCurrentIndex(0)
            self.section_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, InitiativeTableModel.NAME))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if edit_description:
            self.description.setFocus()
        return True

    def _show_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.save_description()
        self._show(self.current_initiative())

    def _show(self, initiative: InitiativeView | None) -> None:
        self._shown_id = initiative.id if initiative else None
        self.description.blockSignals(True)
        self.description.setPlainText(initiative.description if initiative else "")
        self.description.blockSignals(False)
        self.description.setEnabled(initiative is not None)
        prompt = "取組項目を選ぶと説明を表示します" if self.document.read_only else "取組項目を選ぶと説明を編集できます"
        self.detail_title.setText(f"<b>{initiative.name}</b>" if initiative else prompt)
        self._show_stamp()

    def _after_change(self, changes: object) -> None:
        current = next((i for i in self.document.snapshot.initiatives if i.id == self._shown_id), None)
        # An undo or another view changed the description: show it, unless the user is mid-typing.
        if (
            current is not None
            and not self._save_timer.isActive()
            and current.description != self.description.toPlainText()
        ):
            self.description.blockSignals(True)
            self.description.setPlainText(current.description)
            self.description.blockSignals(False)
        self._show_stamp()

    def _show_stamp(self) -> None:
        current = next((i for i in self.document.snapshot.initiatives if i.id == self._shown_id), None)
        self.detail_stamp.setText(stamp_text(Stamp(current.updated_at, current.updated_by)) if current else "")

    def _description_typed(self) -> None:
        self._save_timer.start()

    def save_description(self) -> None:
        """Save what was typed into the description now (also done after a pause in typing)."""
        self._save_timer.stop()
        if self._shown_id is None:
            return
        current = next((i for i in self.document.snapshot.initiatives if i.id == self._shown_id), None)
        text = self.description.toPlainText()
        if current is None or current.description == text:
            return
        self.document.submit(
            f"「{current.name}」の説明を編集",
            [set_initiative(current.id, description=text)],
            merge_key=("description", current.id),
        )
