"""Starting the desktop application: the Qt application object, the database, the main window."""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__, paths
from ..domain.era import format_date
from ..logs import log_file
from ..storage.database import Database, check_location
from ..storage.errors import DamagedDatabaseError, KnownError
from ..storage.instance_lock import AlreadyOpenError, InstanceLock, is_network_location, raise_request_path
from ..storage.opening import open_database
from .document import Document
from .error_report import install_error_report
from .fonts import install_ui_font, register_bold_face
from .main_window import MainWindow
from .qt_translation import install_japanese_translation
from .settings import BACKUP_KEEP, FONT_SIZE, USER_NAME, open_user_settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

__all__ = ["make_application", "run_application"]


def _boxes() -> type[QMessageBox]:
    """QMessageBox, loaded when a message is first shown (loading a Qt class costs start-up time)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def _input_dialog() -> type[QInputDialog]:
    from PySide6.QtWidgets import QInputDialog

    return QInputDialog


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    install_japanese_translation(app)
    app.setApplicationName("shiraoka-dx")
    app.setApplicationDisplayName("白岡市DX推進")
    app.setOrganizationName("ShiraokaCity")
    app.setApplicationVersion(__version__)
    install_ui_font(app)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "shiraoka-dx.png")))
    return app


USER_PROMPT = (
    "変更の記録と書き出したファイルに残す、課名と氏名を入力してください。\n"
    "例: 市民課 白岡太郎\n"
    "後から［ファイル］→［利用者名の設定］で変えられます。"
)


def terminal_user_name(settings: QSettings, login_name: str) -> str:
    """The name changes are recorded under: asked once, at the first start, with an empty field.

    An empty answer asks again; 閉じる uses the login name for this session only, and
    the question comes back at the next start.
    """
    stored = USER_NAME.read(settings)
    if stored.strip():
        return stored
    prompt = USER_PROMPT
    while True:
        name, ok = _input_dialog().getText(None, "利用者名（課名と氏名）", prompt, text="")
        if not ok:
            return login_name
        if name.strip():
            USER_NAME.write(settings, name.strip())
            return name.strip()
        prompt = "名前が空のままです。\n" + USER_PROMPT


def run_application(path: Path, *, create_folder: bool, user: str) -> int:
    """Open the database and show the main window until it is closed."""
    app = make_application()
    if is_network_location(path):
        _boxes().warning(
            None,
            "ネットワーク上のデータベース",
            f"データベース「{path}」はネットワークドライブ上にあります。ネットワーク上では SQLite の排他制御が"
            "確実でないため、データが壊れるおそれがあります。端末のローカルディスクに置くことをお勧めします。",
        )
    lock = InstanceLock(path)
    try:
        check_location(path, create_folder=create_folder)
        lock.acquire()
    except AlreadyOpenError as error:
        _ask_first_window_to_come_forward(path)
        _boxes().information(None, "既に開いています", error.message)
        return 1
    except KnownError as error:
        _boxes().critical(None, "データベースを開けません", error.message)
        return 2
    running = _announce_running()  # held until the window closes
    written = log_file(path)
    install_error_report(written if written.exists() else None)
    try:
        database = _open_or_recover(path, create_folder)
        if database is None:
            return 2
        settings = open_user_settings()
        # The remembered text size before anything is built, so that nothing is laid out twice.
        font = app.font()
        font.setPointSize(FONT_SIZE.read(settings))
        app.setFont(font)
        with database:
            document = Document(database, terminal_user_name(settings, user))
            window = MainWindow(document, settings)
            window.show()
            window.watch_for_raise_requests(raise_request_path(path))
            # After the first paint: the garbage collector back on (the command line paused it; see
            # resume_collector),
            # the day's backup copy, and the write path loaded in the background.
            QTimer.singleShot(0, resume_collector)
            QTimer.singleShot(0, register_bold_face)
            QTimer.singleShot(0, lambda: _daily_backup(path, settings))
            QTimer.singleShot(100, document.preload_editor)
            return app.exec()
    finally:
        del running
        lock.release()


def _open_or_recover(path: Path, create_folder: bool) -> Database | None:
    try:
        return open_database(path, create_folder=create_folder)
    except DamagedDatabaseError as error:
        from ..storage.recovery import newest_good_backup, recover_from_backup

        backup = newest_good_backup(path)
        if backup is None:
            _boxes().critical(
                None, "データベースが破損しています", f"{error.message}\n使えるバックアップが見つかりません。"
            )
            return None
        taken = format_date(backup.taken_at.date()) + backup.taken_at.strftime(" %H:%M")
        answer = _boxes().question(
            None,
            "データベースが破損しています",
            f"{error.message}\n\n最新の正常なバックアップ（{taken}、{backup.label}）から復元しますか？\n"
            "破損したファイルは削除せず、名前を変えて同じフォルダに残します。",
        )
        if answer != _boxes().StandardButton.Yes:
            return None
        aside = recover_from_backup(path, backup)
        _boxes().information(
            None,
            "復元しました",
            f"バックアップから復元しました。破損したファイルは「{aside.name}」として残しています。",
        )
        return open_database(path, create_folder=create_folder)
    except KnownError as error:
        _boxes().critical(None, "データベースを開けません", error.message)
        return None


def _daily_backup(path: Path, settings: QSettings) -> None:
    from ..storage.backups import daily_backup_if_due  # after the first paint

    try:
        daily_backup_if_due(path, keep=BACKUP_KEEP.read(settings))
    except KnownError as error:  # no backup today is worth a word, not a refusal to start
        _boxes().warning(None, "バックアップ", error.message)


def _announce_running() -> object:
    """On Windows, a named mutex the installer checks (AppMutex) so it does not replace files in use."""
    if sys.platform != "win32":
        return None
    import ctypes  # pragma: no cover - Windows only

    return ctypes.windll.kernel32.CreateMutexW(None, False, "ShiraokaCity.shiraoka-dx")  # pragma: no cover


def _ask_first_window_to_come_forward(path: Path) -> None:
    with contextlib.suppress(OSError):
        raise_request_path(path).write_text(str(time.time()), encoding="ascii")


def resume_collector() -> None:
    """Turn the cycle collector back on after the first paint, with what was built until then frozen.

    The modules, the snapshot (tens of thousands of records in a large policy) and the window live as
    long as the program: frozen, a full collection no longer walks them, which would otherwise cost
    150–200 ms at 10,000 initiatives the first time it comes, right when the user first does something.
    Freed by reference counting as any object is; only a cycle among them would be kept.
    """
    gc.freeze()
    gc.enable()
