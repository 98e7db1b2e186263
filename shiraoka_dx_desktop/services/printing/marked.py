"""Text with marked words: the changes of a 新旧対照表, set in bold and underlined.

Marks must read on a black-and-white printer, so they are never a colour: the marked
characters are bold and a rule runs under them.  A marked passage is wrapped measuring it
in bold (BIZ UDPゴシック's bold advances are at least the regular ones for Japanese and Latin
text), so that the line still fits when part of it is set regular.
"""

from __future__ import annotations

from collections.abc import Sequence

from .display import Box, Line, Shape
from .text import TextStyle, Typesetter

__all__ = ["Marks", "Span", "place_marked", "wrap_marked"]

Span = tuple[int, int]  # (start, end) in a text, end excluded
Marks = tuple[Span, ...]

# The underline: below the baseline by this share of the size, this share of it thick.
_UNDERLINE_DROP = 0.14
_UNDERLINE_WIDTH = 0.06


def _bold(style: TextStyle) -> TextStyle:
    return TextStyle(style.size, True, style.grey, style.leading)


def wrap_marked(
    typesetter: Typesetter, text: str, marks: Sequence[Span], width: float, style: TextStyle
) -> tuple[tuple[str, ...], tuple[Marks, ...]]:
    """``text`` wrapped to ``width``, and each line's marks as offsets into the line.

    ``text`` has ``\\n`` line breaks only (the comparison cleans it), so every wrapped line
    is a piece of it: found in order, its offset tells which marks fall on it.
    """
    lines = typesetter.wrap(text, width, _bold(style) if marks else style)
    if not marks:
        return tuple(lines), ()
    line_marks: list[Marks] = []
    cursor = 0
    for line in lines:
        start = text.find(line, cursor) if line else cursor
        start = cursor if start < 0 else start
        end = start + len(line)
        line_marks.append(
            tuple((max(a, start) - start, min(b, end) - start) for a, b in marks if a < end and b > start)
        )
        cursor = end
    return tuple(lines), tuple(line_marks)


def _pieces(line: str, marks: Marks) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in marks:
        if start > at:
            pieces.append((line[at:start], False))
        pieces.append((line[start:end], True))
        at = end
    if at < len(line):
        pieces.append((line[at:], False))
    return pieces


def place_marked(
    typesetter: Typesetter,
    lines: Sequence[str],
    marks: Sequence[Marks],
    frame: Box,
    style: TextStyle,
    *,
    top: float,
    inset: float,
) -> list[Shape]:
    """Left-aligned lines from ``top``, each marked piece bold over an underline."""
    shapes: list[Shape] = []
    bold = _bold(style)
    y = top
    for index, line in enumerate(lines):
        line_marks = marks[index] if index < len(marks) else ()
        if not line_marks:
            if line:
                shapes.append(typesetter.line(line, frame.x + inset, y, style, frame))
            y += style.line_height
            continue
        x = frame.x + inset
        for piece, marked in _pieces(line, line_marks):
            text = typesetter.line(piece, x, y, bold if marked else style, frame)
            shapes.append(text)
            if marked and piece.strip():
                drop = text.baseline + style.size * _UNDERLINE_DROP
                shapes.append(Line((x, drop), (x + text.width, drop), style.grey, style.size * _UNDERLINE_WIDTH))
            x += text.width
        y += style.line_height
    return shapes
