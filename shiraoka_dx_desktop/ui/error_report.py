"""A mistake in the program reaches the user as a request to report it, never as silence.

PySide hands an exception raised in a slot or a virtual method to ``sys.excepthook``,
which by default prints it to a console nobody sees.  The window's hook keeps the log
entry :mod:`..logs` writes (the exception's type and where it happened, never the data)
and then says, in Japanese, that this is a bug, that the work up to the last step is
saved, and where the log file is to send.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

__all__ = ["install_error_report", "report_text"]


def report_text(kind: type[BaseException], log_file: Path | None) -> str:
    where = (
        f"次のログファイルを添えて、システムの担当者（DX推進課）に連絡してください。\n{log_file}"
        if log_file is not None
        else "ログファイルは書き込めませんでした。この画面の内容と、直前に行った操作を担当者に伝えてください。"
    )
    return (
        f"予期しないエラーが発生しました（{kind.__name__}）。これはプログラムの不具合です。\n\n"
        "直前の操作は反映されていないことがありますが、それまでに入力した内容は保存されています。\n"
        f"お手数ですが、{where}"
    )


def install_error_report(log_file: Path | None) -> None:
    """From now on, an unhandled exception shows the report dialog after the log has it."""
    previous = sys.excepthook
    showing = False

    def report(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal showing
        previous(kind, error, trace)
        if issubclass(kind, KeyboardInterrupt) or showing:
            return
        from PySide6.QtWidgets import QApplication, QMessageBox  # loaded when first needed

        showing = True
        try:
            QMessageBox.critical(QApplication.activeWindow(), "不具合の報告のお願い", report_text(kind, log_file))
        finally:
            showing = False

    sys.excepthook = report
