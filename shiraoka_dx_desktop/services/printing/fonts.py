"""The one font printing uses: BIZ UDPGothic, bundled under ``resources/fonts``.

Layout measures text with the same font file the PDF embeds and the preview
draws with, so that what is measured is what is printed.  reportlab reads the
file (its TrueType parser gives the metrics and, later, the embedded subsets);
it is imported here, when something is first printed, never at start-up.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import paths
from ...storage.errors import KnownError

__all__ = [
    "BOLD_FILE",
    "FONT_FOLDER",
    "REGULAR_FILE",
    "FontMetrics",
    "FontPair",
    "PrintFontError",
    "font_dir",
    "load_fonts",
]

FONT_FOLDER = "fonts"
REGULAR_FILE = paths.REGULAR_FONT_FILE
BOLD_FILE = paths.BOLD_FONT_FILE
# The names the PDF knows the fonts by (reportlab adds a subset prefix to each embedded subset).
_REGULAR_NAME = "BIZUDPGothic"
_BOLD_NAME = "BIZUDPGothic-Bold"
_CACHE_LIMIT = 200_000


class PrintFontError(KnownError):
    """The bundled font is missing or unreadable: the installation is incomplete."""


def font_dir() -> Path:
    return paths.fonts_dir()


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths and vertical extent of one font, per point of font size."""

    name: str
    path: Path
    widths: dict[int, float]
    default_width: float
    ascent: float  # above the baseline, per point of size
    descent: float  # below the baseline (positive), per point of size
    source: Any  # reportlab's TTFont, registered with the PDF when rendering
    # Widths at 1 pt of the strings measured so far: the same labels and names are measured
    # again and again (wrapping, then placing).
    _measured: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def width(self, text: str, size: float) -> float:
        em = self._measured.get(text)
        if em is None:
            widths, default = self.widths, self.default_width
            em = sum([widths.get(ord(character), default) for character in text])
            if len(self._measured) < _CACHE_LIMIT:
                self._measured[text] = em
        return size * em

    def char_width(self, character: str, size: float) -> float:
        return size * self.widths.get(ord(character), self.default_width)


@dataclass(frozen=True)
class FontPair:
    regular: FontMetrics
    bold: FontMetrics

    def get(self, bold: bool) -> FontMetrics:
        return self.bold if bold else self.regular


def _read(name: str, path: Path) -> FontMetrics:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not path.is_file():
        raise PrintFontError(
            f"印刷用のフォント「{path.name}」が見つかりません（{path.parent}）。"
            "アプリケーションを入れ直してから、もう一度印刷してください。",
            path,
        )
    try:
        font = TTFont(name, str(path))
    except (OSError, TTFError) as error:
        raise PrintFontError(
            f"印刷用のフォント「{path.name}」を読み込めません（{error}）。"
            "アプリケーションを入れ直してから、もう一度印刷してください。",
            path,
        ) from error
    face = font.face
    widths = {code: width / 1000.0 for code, width in face.charWidths.items()}
    return FontMetrics(
        name=name,
        path=path,
        widths=widths,
        default_width=face.defaultWidth / 1000.0,
        ascent=face.ascent / 1000.0,
        descent=-face.descent / 1000.0,
        source=font,
    )


@functools.cache
def load_fonts(folder: Path | None = None) -> FontPair:
    """The bundled regular and bold fonts, read once per process."""
    where = folder or font_dir()
    return FontPair(_read(_REGULAR_NAME, where / REGULAR_FILE), _read(_BOLD_NAME, where / BOLD_FILE))
