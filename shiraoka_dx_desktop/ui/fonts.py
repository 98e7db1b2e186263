"""The one font of the user interface: the bundled BIZ UDPGothic, chosen once at start-up.

The same font file prints the PDFs, so every terminal shows the same row heights and
menu widths, whatever fonts Windows or Linux happen to have, and opening the print
preview changes nothing on screen.  Registering a 4.5 MB font file is not free (about
7 ms for one face), so start-up registers only the regular face; the bold face is
registered once the window is shown (:func:`register_bold_face`), before anything
bold is drawn from it, and by the print preview if it comes first.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from .. import paths

__all__ = ["BUNDLED_FAMILY", "FALLBACK_FAMILIES", "install_ui_font", "register_bold_face", "register_font_file"]

BUNDLED_FAMILY = "BIZ UDPGothic"
# Only if the bundled file is missing (a broken installation): the terminals' own fonts.
FALLBACK_FAMILIES = ["BIZ UDPゴシック", "Yu Gothic UI", "Meiryo UI", "Meiryo", "Noto Sans CJK JP"]


@functools.cache
def register_font_file(path: Path) -> str:
    """Register one font file with Qt, once per process; its family name, or "" if unreadable."""
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def install_ui_font(app: QGuiApplication, folder: Path | None = None) -> str:
    """Make the bundled font the application's font; the family chosen."""
    family = register_font_file((folder or paths.fonts_dir()) / paths.REGULAR_FONT_FILE) or BUNDLED_FAMILY
    font = QFont(app.font())
    font.setFamilies([family, *FALLBACK_FAMILIES])
    app.setFont(font)
    return family


def register_bold_face(folder: Path | None = None) -> str:
    """The bundled bold face, registered on first use."""
    return register_font_file((folder or paths.fonts_dir()) / paths.BOLD_FONT_FILE)
