"""Work done on a thread of its own while the caller goes on: reading the workbook.

calamine parses in Rust and lets other threads run, so an import reads the file
while it reads the database and, on the command line, while the modules that
compare and write are imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["InBackground"]

T = TypeVar("T")


class InBackground(Generic[T]):
    """``work()`` running on its own thread; :meth:`result` waits for it and returns or raises what it did."""

    def __init__(self, name: str, work: Callable[[], T]) -> None:
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as error:  # handed to whoever waits for the result
            self._error = error

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error was raised
