"""The application log: what happened and when, never what the records say.

One file per database, ``logs/shiraoka-dx.log`` beside it (next to ``backups/``),
rotated at 1 MB with five old files kept.  Entries name events, files and
counts — start, open, migration, backup, restore, import, export, errors —
and never the content of a record (names, descriptions, phases), which may
not leave the terminal's data in any other form.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import TracebackType

__all__ = ["LOG_NAME", "RotatingLog", "configure_logging", "log", "log_file"]

LOG_NAME = "shiraoka-dx.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
log = logging.getLogger("shiraoka_dx")


def log_file(database: Path) -> Path:
    """Where the log of ``database`` is written."""
    return database.parent / "logs" / LOG_NAME


def configure_logging(database: Path, *, max_bytes: int = MAX_BYTES) -> Path | None:
    """Log into ``logs/`` beside ``database``; returns the log file, or None if it cannot be written."""
    folder = log_file(database).parent
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingLog(folder / LOG_NAME, max_bytes=max_bytes, keep=BACKUP_COUNT)
    except OSError:
        return None  # a log that cannot be written must not stop the work
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    sys.excepthook = _log_unhandled
    return folder / LOG_NAME


class RotatingLog(logging.FileHandler):
    """A log file that is renamed ``.1`` (and older ones ``.2`` … ``.keep``) when it reaches ``max_bytes``.

    The same rotation as :class:`logging.handlers.RotatingFileHandler`, written out here
    because importing ``logging.handlers`` (sockets, pickle, queues) costs start-up time.
    """

    def __init__(self, path: Path, *, max_bytes: int, keep: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.keep = keep

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except OSError:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.max_bytes <= 0:
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() + len(f"{self.format(record)}{self.terminator}".encode()) >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = Path(self.baseFilename)
        for number in range(self.keep - 1, 0, -1):
            older = base.with_name(f"{base.name}.{number}")
            if older.exists():
                older.replace(base.with_name(f"{base.name}.{number + 1}"))
        if self.keep > 0 and base.exists():
            base.replace(base.with_name(f"{base.name}.1"))
        self.stream = self._open()


def _log_unhandled(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    # The traceback names code, not data; the exception's own text may quote a value, so only its type.
    log.error("unhandled %s at %s", kind.__name__, _where(trace))
    sys.__excepthook__(kind, error, trace)


def _where(trace: TracebackType | None) -> str:
    frames = []
    while trace is not None:
        code = trace.tb_frame.f_code
        frames.append(f"{Path(code.co_filename).name}:{trace.tb_lineno} {code.co_name}")
        trace = trace.tb_next
    return " < ".join(reversed(frames[-6:]))
