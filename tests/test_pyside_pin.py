"""PySide6 6.12.0 drops a reference to None on every void call under Python 3.11 and then aborts.

The application pins the 6.11 series; this test fails if a broken build comes back.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject


def test_pyside_is_on_the_pinned_series() -> None:
    assert pyside_version.startswith("6.11."), pyside_version


def test_void_qt_calls_do_not_drain_none_refcount() -> None:
    target = QObject()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        target.setObjectName("白岡")  # returns void
    after = sys.getrefcount(None)
    assert after >= before, f"None lost {before - after} references over 20,000 void calls"
