"""The ファイル menu's commands: import (also by dropping a file), the import history, export, the public site and print.

A mixin of the main window, which provides ``document``, ``settings`` and the status bar.
The modules behind each command are imported when the command is first used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..logs import log

if TYPE_CHECKING:
    # Annotations only: loading Qt classes costs start-up time.
    from PySide6.QtCore import QMimeData, QSettings
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QWidget

    from .document import Document
    from .lazy_tabs import LazyTabs
    from .progress_page import ProgressPage

__all__ = ["FileCommands"]


def _dropped_files(data: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()] if data.hasUrls() else []


class FileCommands:
    document: Document
    settings: QSettings
    tabs: LazyTabs

    if TYPE_CHECKING:

        def notify(self, message: str) -> None: ...

    def _window(self) -> QWidget:
        return cast("QWidget", self)

    def import_workbook(self) -> None:
        from .import_dialog import choose_and_import

        if choose_and_import(self._window(), self.document, self.settings):
            self.notify("取り込みました。「元に戻す」で取り消せます。")

    def import_dropped(self, path: Path) -> None:
        from .import_dialog import import_file

        if import_file(self._window(), self.document, path):
            self.notify(f"「{path.name}」を取り込みました。「元に戻す」で取り消せます。")

    def show_import_log(self) -> None:
        from ..services.importing.service import load_import_log
        from .import_log_dialog import ImportLogDialog

        dialog = ImportLogDialog(load_import_log(self.document.database), self._window())
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def export_workbook(self) -> None:
        from ..domain.era import format_fiscal_year
        from .export_dialog import export_workbook_interactively

        year = self._progress_year()
        window, document = self._window(), self.document
        path = export_workbook_interactively(window, document.database, document.user, self.settings, year)
        if path is not None:
            log.info("export to %s", path)
            self.notify(f"「{path}」に書き出しました（進捗シートは{format_fiscal_year(year)}）。")

    def _progress_year(self) -> int:
        """The year the 進捗 tab shows (this fiscal year if it has not been opened): what exports of progress use."""
        from ..services.progress import default_fiscal_year
        from .window_tabs import PROGRESS

        page = cast("ProgressPage | None", self.tabs.built(PROGRESS))
        return page.fiscal_year if page is not None else default_fiscal_year(self.document.snapshot)

    def export_survey(self) -> None:
        from .survey_dialog import export_survey_interactively

        snapshot, year = self.document.snapshot, self._progress_year()
        database, user = self.document.database, self.document.user
        done = export_survey_interactively(self._window(), database, snapshot, year, user, self.settings)
        if done is not None:
            log.info("survey exported: %s", done)
            self.notify(done)

    def export_public_site(self) -> None:
        from .public_site_export import export_public_site_interactively

        done = export_public_site_interactively(self._window(), self.document.database, self.settings)
        if done is not None:
            log.info("public site exported")
            self.notify(done)

    def export_csv(self) -> None:
        from .export_dialog import export_roadmap_csv_interactively

        path = export_roadmap_csv_interactively(self._window(), self.document.database, self.settings)
        if path is not None:
            log.info("export to %s", path)
            self.notify(f"「{path}」に書き出しました。")

    def print_pdf(self) -> None:
        from ..services.progress import load_progress
        from .print_preview import show_print_preview  # reportlab only when printing

        database = self.document.database
        path = show_print_preview(
            self._window(),
            self.document.snapshot,
            self.document.user,
            self.settings,
            progress=lambda year: load_progress(database, year),
        )
        if path is not None:
            log.info("print to %s", path)
            self.notify(f"PDFを保存しました: {path}")

    def make_backup_now(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ..storage.backups import make_backup
        from ..storage.errors import KnownError

        try:
            target = make_backup(self.document.database.path, "manual")
        except KnownError as error:
            QMessageBox.critical(self._window(), "バックアップを作成", error.message)
            return
        self.notify(f"バックアップを作成しました: {target.name}（{target.parent}）")

    def restore_backup(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from ..domain.era import format_date
        from ..storage.backups import list_backups
        from ..storage.errors import KnownError

        path = self.document.database.path
        backups = list_backups(path)
        if not backups:
            QMessageBox.information(
                self._window(), "バックアップから復元", "このデータベースのバックアップはまだありません。"
            )
            return
        labels = [f"{format_date(b.taken_at.date())} {b.taken_at:%H:%M}（{b.label}）" for b in backups]
        label, ok = QInputDialog.getItem(
            self._window(), "バックアップから復元", "復元するバックアップ:", labels, 0, False
        )
        if not ok:
            return
        backup = backups[labels.index(label)]
        answer = QMessageBox.question(
            self._window(),
            "バックアップから復元",
            f"現在のデータ（{path.name}）を、{label} のバックアップの内容で置き換えます。\n"
            "置き換える前のデータは「復元の前」のバックアップとして残します。"
            "「元に戻す」の履歴は消えます。よろしいですか？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            kept = self.document.restore_backup(backup.path)
        except KnownError as error:
            QMessageBox.critical(self._window(), "バックアップから復元", error.message)
            return
        self.notify(f"{label} のバックアップから復元しました（置き換える前: {kept.name}）。")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = _dropped_files(event.mimeData())
        if not files:
            return
        event.acceptProposedAction()
        for path in files:  # one at a time, each with its own preview
            self.import_dropped(path)
