"""Measuring, wrapping and placing text with the bundled font.

Japanese wraps between any two characters except where 禁則 (line-breaking
rules) forbids it: no line starts with closing brackets, 、。 or small kana, and
none ends with an opening bracket.  Runs of Latin letters and digits (LGWAN,
2023, Wi-Fi) stay together unless a run alone is wider than the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .display import Box, Text
from .fonts import FontMetrics, FontPair

__all__ = ["Align", "TextStyle", "Typesetter"]

Align = Literal["left", "centre", "right"]

_NO_LINE_START = frozenset(
    "、。，．,.・：；:;？！?!ー－ｰ〜～…‥）)］]｝}〕〉》」』】〙〗〟’”％%ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
_NO_LINE_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“")
_ELLIPSIS = "…"
# Widths are sums of floats: a line exactly as wide as its room must not count as too wide.
_SLACK = 1e-6


def _is_word_character(character: str) -> bool:
    return character.isascii() and (character.isalnum() or character in "-_./:@#&+'")


@dataclass(frozen=True, slots=True)
class TextStyle:
    size: float
    bold: bool = False
    grey: float = 0.0
    leading: float = 1.4  # line pitch as a multiple of the size

    @property
    def line_height(self) -> float:
        return self.size * self.leading

    def scaled(self, factor: float) -> TextStyle:
        return TextStyle(self.size * factor, self.bold, self.grey, self.leading)


def _tokens(paragraph: str) -> list[str]:
    """Pieces no line break may fall inside, each with the spaces that follow it."""
    pieces: list[str] = []
    index = 0
    while index < len(paragraph):
        character = paragraph[index]
        end = index + 1
        if _is_word_character(character):
            while end < len(paragraph) and _is_word_character(paragraph[end]):
                end += 1
        while end < len(paragraph) and paragraph[end] == " ":
            end += 1
        pieces.append(paragraph[index:end])
        index = end
    glued: list[str] = []
    carry = ""
    for piece in pieces:
        if glued and not carry and piece[0] in _NO_LINE_START:
            glued[-1] += piece
        elif piece.rstrip() and piece.rstrip()[-1] in _NO_LINE_END:
            carry += piece
        else:
            glued.append(carry + piece)
            carry = ""
    if carry:
        glued.append(carry)
    return glued


class Typesetter:
    """Measures with the bundled fonts and turns text into :class:`Text` lines."""

    def __init__(self, fonts: FontPair) -> None:
        self.fonts = fonts

    def metrics(self, style: TextStyle) -> FontMetrics:
        return self.fonts.get(style.bold)

    def width(self, text: str, style: TextStyle) -> float:
        return self.fonts.get(style.bold).width(text, style.size)

    def wrap(self, text: str, width: float, style: TextStyle) -> list[str]:
        """``text`` broken into lines no wider than ``width``; explicit newlines are kept."""
        lines: list[str] = []
        for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            lines.extend(self._wrap_paragraph(paragraph.strip(), width, style))
        return lines

    def _wrap_paragraph(self, paragraph: str, width: float, style: TextStyle) -> list[str]:
        if not paragraph:
            return [""]
        metrics = self.fonts.get(style.bold)
        size = style.size
        width += _SLACK
        if metrics.width(paragraph, size) <= width:
            return [paragraph]
        lines: list[str] = []
        line, line_width = "", 0.0
        for token in _tokens(paragraph):
            token_width = metrics.width(token.rstrip(), size)
            if line and line_width + token_width <= width:
                line += token
                line_width += metrics.width(token, size)
                continue
            if line:
                lines.append(line.rstrip())
                line, line_width = "", 0.0
            if token_width <= width:
                line, line_width = token, metrics.width(token, size)
                continue
            # A piece wider than the line (a long URL, a run of digits): break it anywhere.
            for character in token:
                character_width = metrics.char_width(character, size)
                if line and line_width + character_width > width:
                    lines.append(line.rstrip())
                    line, line_width = "", 0.0
                line += character
                line_width += character_width
        if line.rstrip():
            lines.append(line.rstrip())
        return lines

    def wrap_items(self, items: Sequence[str], separator: str, width: float, style: TextStyle) -> list[str]:
        """``items`` joined by ``separator``, broken only between items (an over-long item wraps inside)."""
        lines: list[str] = []
        line = ""
        for index, item in enumerate(items):
            piece = item + (separator if index < len(items) - 1 else "")
            if line and self.width(line + piece, style) <= width + _SLACK:
                line += piece
                continue
            if line:
                lines.append(line)
            wrapped = self.wrap(piece, width, style)
            lines.extend(wrapped[:-1])
            line = wrapped[-1]
        if line:
            lines.append(line)
        return lines

    def shrink_to_fit(
        self, text: str, width: float, style: TextStyle, *, smallest: float = 0.75
    ) -> tuple[list[str], TextStyle]:
        """``text`` on one line at ``style`` or a little smaller; wrapped at the smallest if it must."""
        steps = 4
        for step in range(steps + 1):
            scaled = style.scaled(1 - (1 - smallest) * step / steps)
            if self.width(text, scaled) <= width + _SLACK:
                return [text], scaled
        return self.wrap(text, width, scaled), scaled

    def fit(self, text: str, width: float, style: TextStyle) -> str:
        """``text`` on one line, cut with an ellipsis if it is wider than ``width``."""
        metrics = self.fonts.get(style.bold)
        if metrics.width(text, style.size) <= width + _SLACK:
            return text
        budget = width - metrics.width(_ELLIPSIS, style.size)
        kept, used = "", 0.0
        for character in text:
            used += metrics.char_width(character, style.size)
            if used > budget:
                break
            kept += character
        return kept + _ELLIPSIS

    def line(self, text: str, x: float, top: float, style: TextStyle, frame: Box) -> Text:
        """One line whose line box (``style.line_height`` tall) starts at ``top``."""
        metrics = self.fonts.get(style.bold)
        size = style.size
        glyph_height = (metrics.ascent + metrics.descent) * size
        baseline = top + (style.line_height - glyph_height) / 2 + metrics.ascent * size
        width = metrics.width(text, size)
        extent = Box(x, baseline - metrics.ascent * size, width, glyph_height)
        return Text(x, baseline, text, size, width, extent, frame, style.bold, style.grey)

    def place(
        self,
        lines: Sequence[str],
        frame: Box,
        style: TextStyle,
        *,
        top: float | None = None,
        align: Align = "left",
        inset: float = 0.0,
    ) -> list[Text]:
        """Lines stacked from ``top`` (default: the frame's top plus ``inset``), aligned in the frame."""
        inner_left, inner_right = frame.x + inset, frame.right - inset
        y = frame.y + inset if top is None else top
        placed: list[Text] = []
        for text in lines:
            if text:
                width = self.width(text, style)
                if align == "centre":
                    x = (inner_left + inner_right - width) / 2
                elif align == "right":
                    x = inner_right - width
                else:
                    x = inner_left
                placed.append(self.line(text, x, y, style, frame))
            y += style.line_height
        return placed

    def block_height(self, lines: Iterable[str], style: TextStyle) -> float:
        return sum(style.line_height for _ in lines)
