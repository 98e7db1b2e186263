"""Replaces PyInstaller's hook for PySide6.QtGui: the same collection, minus what installer/qt_selection.py drops.

Dropping plugins here, before PyInstaller scans them, also keeps out the libraries only they need.
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from qt_selection import keep  # installer/ is on sys.path: shiraoka-dx.spec puts it there

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries if keep(dest, Path(source).name)]
datas = [(source, dest) for source, dest in datas if keep(dest, Path(source).name)]
