"""The 編集 menu's commands on initiatives and the roadmap: add, delete, move, fill a range, the plan period.

A mixin of the main window, which provides ``document``, ``tabs``, the pages and the
messages.  The dialogs are imported when a command first needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..domain.era import format_fiscal_year
from ..services import commands
from .window_tabs import INITIATIVES, ROADMAP

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..services.snapshot import InitiativeView
    from .document import Document
    from .initiatives_page import InitiativesPage
    from .lazy_tabs import LazyTabs
    from .models import RoadmapModel
    from .roadmap_page import RoadmapPage
    from .roadmap_view import RoadmapView

__all__ = ["InitiativeCommands"]


class InitiativeCommands:
    document: Document
    tabs: LazyTabs

    if TYPE_CHECKING:

        @property
        def initiatives_page(self) -> InitiativesPage: ...

        @property
        def roadmap_page(self) -> RoadmapPage: ...

        @property
        def roadmap_model(self) -> RoadmapModel: ...

        @property
        def roadmap_view(self) -> RoadmapView: ...

        def notify(self, message: str) -> None: ...

        def show_refusal(self, message: str) -> None: ...

    def _window(self) -> QWidget:
        return cast("QWidget", self)

    def selected_initiative(self) -> InitiativeView | None:
        if self.tabs.currentIndex() == ROADMAP:
            return (
                self.roadmap_model.initiative(self.roadmap_view.currentIndex().row())
                if self.roadmap_view.currentIndex().isValid()
                else None
            )
        return self.initiatives_page.current_initiative()

    def add_initiative(self) -> None:
        """One dialog for the area and name; the new row is then selected with its 説明 ready to type."""
        from .add_initiative_dialog import AddInitiativeDialog

        current = self.selected_initiative()
        added: list[str] = []

        def add(area_id: str, name: str) -> bool:
            new_id, edits = commands.add_initiative(self.document.snapshot, area_id, name)
            if not self.document.submit(f"取組項目「{name}」を追加", edits):
                return False
            added.append(new_id)
            return True

        dialog = AddInitiativeDialog(
            self.document.snapshot, add, self._window(), area_id=current.area_id if current is not None else None
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        if added:
            self.show_new_initiative(added[0])

    def show_new_initiative(self, initiative_id: str) -> None:
        name = next((i.name for i in self.document.snapshot.initiatives if i.id == initiative_id), "")
        if self.tabs.currentIndex() == ROADMAP:
            row = self.roadmap_model.row_of(initiative_id)
            if row is not None:
                index = self.roadmap_model.index(row, 0)
                self.roadmap_view.setCurrentIndex(index)
                self.roadmap_view.scrollTo(index)
            self.notify(f"取組項目「{name}」を追加しました。説明は［取組項目］タブで入力できます。")
            return
        self.tabs.setCurrentIndex(INITIATIVES)
        self.initiatives_page.select_initiative(initiative_id, edit_description=True)
        self.notify(f"取組項目「{name}」を追加しました。続けて説明を入力できます。")

    def delete_initiative(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        initiative = self.selected_initiative()
        if initiative is None:
            return
        filled = len(initiative.cells)
        answer = QMessageBox.question(
            self._window(),
            "取組項目を削除",
            f"取組項目「{initiative.name}」と工程表のセル {filled} 件を削除します。\n削除は「元に戻す」で取り消せます。",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.document.submit(f"取組項目「{initiative.name}」を削除", commands.delete_initiative(initiative))

    def move_initiative(self, step: int) -> None:
        initiative = self.selected_initiative()
        if initiative is None:
            return
        siblings = self.document.snapshot.initiatives_of(initiative.area_id)
        index = next(i for i, item in enumerate(siblings) if item.id == initiative.id) + step
        if 0 <= index < len(siblings):
            edits = commands.move_initiative(self.document.snapshot, initiative, initiative.area_id, index)
            if self.document.submit("取組項目の並べ替え", edits):
                row = self.roadmap_model.row_of(initiative.id)
                if row is not None and self.tabs.currentIndex() == ROADMAP:
                    self.roadmap_view.setCurrentIndex(self.roadmap_model.index(row, 0))

    def fill_selection(self) -> None:
        self.tabs.setCurrentIndex(ROADMAP)
        if not self.roadmap_page.fill_selection():
            self.notify("工程表で埋めるセルを選択してください。")

    def change_plan_period(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        self.tabs.setCurrentIndex(ROADMAP)  # where the years are seen
        snapshot = self.document.snapshot
        years = list(range(snapshot.first_year - 10, snapshot.last_year + 11))
        labels = [format_fiscal_year(year) for year in years]
        first, ok = QInputDialog.getItem(
            self._window(), "計画期間", "開始年度:", labels, years.index(snapshot.first_year), False
        )
        if not ok:
            return
        last, ok = QInputDialog.getItem(
            self._window(), "計画期間", "終了年度:", labels, years.index(snapshot.last_year), False
        )
        if not ok:
            return
        first_year, last_year = years[labels.index(first)], years[labels.index(last)]
        if first_year > last_year:
            self.show_refusal("開始年度は終了年度以前にしてください。")
            return
        dropped = commands.cells_outside(snapshot, first_year, last_year)
        if dropped:
            answer = QMessageBox.question(
                self._window(),
                "計画期間",
                f"新しい計画期間の外になる工程表のセル {len(dropped)} 件が削除されます。続けますか？\n（「元に戻す」で取り消せます）",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.document.submit(
            f"計画期間を{format_fiscal_year(first_year)}〜{format_fiscal_year(last_year)}に変更",
            commands.set_plan_period(snapshot, snapshot.policy_id, first_year, last_year),
        )
