"""The 進捗状況報告's chart: the 評価 of each area as one stacked bar, in patterns a monochrome printer keeps apart.

A city prints these on a black-and-white printer, so the grades are told apart by
ground and pattern, never by colour: the first grade of the scale (A) near black with
white figures, the second mid grey, the third hatched, the fourth light grey, 未記入
white inside a dashed outline.  A scale of more grades takes further patterns.  Each
bar is the area's initiatives as 100 %, so small and large areas compare; the counts
stand in the segments wide enough for them and, always, in the columns beside the bar.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ..progress import NOT_ENTERED, GradeView
from .bars import rect_points
from .display import Box, Hatch, Line, Rect, Shape
from .text import TextStyle, Typesetter

__all__ = [
    "NOT_ENTERED_PATTERN",
    "Pattern",
    "legend_shapes",
    "pattern_for",
    "rule_above",
    "segment_shapes",
    "stacked_bar",
]

_OUTLINE = 0.15
_OUTLINE_WIDTH = 0.6
_CHIP_PAD = 2.5


class Pattern(NamedTuple):
    """How a segment looks: its ground's grey, hatching, a dashed outline, and the grey of the figure on it."""

    ground: float
    hatched: bool = False
    dashed: bool = False
    ink: float = 0.0


# By position on the scale: A, B, C, D (浜松市's), then patterns for a longer scale.
_GRADE_PATTERNS: tuple[Pattern, ...] = (
    Pattern(0.22, ink=1.0),
    Pattern(0.62),
    Pattern(1.0, hatched=True),
    Pattern(0.86),
    Pattern(0.62, hatched=True),
    Pattern(0.86, hatched=True),
)
NOT_ENTERED_PATTERN = Pattern(1.0, dashed=True)


def pattern_for(position: int) -> Pattern:
    """The pattern of the grade at ``position`` on the scale (a scale longer than six repeats them)."""
    return _GRADE_PATTERNS[position % len(_GRADE_PATTERNS)]


def segment_shapes(box: Box, pattern: Pattern) -> list[Shape]:
    """A segment (or a legend's sample): its ground, its hatching, its outline."""
    shapes: list[Shape] = [Rect(box, fill=pattern.ground, tag="segment")]
    if pattern.hatched:
        shapes.append(Hatch(rect_points(box), grey=0.2, line_width=0.6, spacing=3.2))
    shapes.append(Rect(box, stroke=_OUTLINE, line_width=_OUTLINE_WIDTH, dashed=pattern.dashed, tag="segment"))
    return shapes


def _figure(typesetter: Typesetter, text: str, box: Box, pattern: Pattern, style: TextStyle) -> list[Shape]:
    """``text`` centred in the segment ``box``, on a white chip where the segment is hatched."""
    inked = TextStyle(style.size, style.bold, pattern.ink, style.leading)
    width = typesetter.width(text, inked)
    top = box.centre_y - inked.line_height / 2
    line = typesetter.line(text, box.centre_x - width / 2, top, inked, box)
    if not pattern.hatched:
        return [line]
    extent = line.extent
    chip = Box(extent.x - _CHIP_PAD, extent.y - 1, extent.width + 2 * _CHIP_PAD, extent.height + 2)
    return [Rect(chip, fill=1.0, tag="chip"), line]


def stacked_bar(
    typesetter: Typesetter,
    box: Box,
    counts: Counter[str],
    grades: Sequence[GradeView],
    style: TextStyle,
) -> list[Shape]:
    """One bar across ``box``: a segment per grade (then 未記入) as wide as its share, its count inside if it fits."""
    keys = [grade.code for grade in grades] + [NOT_ENTERED]
    patterns = [pattern_for(position) for position in range(len(grades))] + [NOT_ENTERED_PATTERN]
    total = sum(counts[key] for key in keys)
    if not total:
        return []
    shapes: list[Shape] = []
    x = box.x
    for key, pattern in zip(keys, patterns, strict=True):
        count = counts[key]
        if not count:
            continue
        width = box.width * count / total
        segment = Box(x, box.y, min(width, box.right - x), box.height)
        shapes.extend(segment_shapes(segment, pattern))
        text = f"{count:,d}"
        if typesetter.width(text, style) + 2 * _CHIP_PAD + 2 <= segment.width:
            shapes.extend(_figure(typesetter, text, segment, pattern, style))
        x += width
    return shapes


def legend_shapes(
    typesetter: Typesetter,
    frame: Box,
    grades: Sequence[GradeView],
    style: TextStyle,
) -> tuple[list[Shape], float]:
    """凡例: a sample and the words of each grade and of 未記入, flowing onto more lines if need be; its height."""
    items = [(f"{grade.code} {grade.label}".strip(), pattern_for(index)) for index, grade in enumerate(grades)]
    items.append((f"{NOT_ENTERED}（評価が入力されていない）", NOT_ENTERED_PATTERN))
    sample_width, sample_height = style.size * 3.0, style.size * 1.3
    pitch = style.line_height * 1.25

    def line_frame(top: float) -> Box:
        return Box(frame.x, top, frame.width, style.line_height)

    shapes: list[Shape] = [typesetter.line("凡例", frame.x, frame.y, style, line_frame(frame.y))]
    start = frame.x + typesetter.width("凡例", style) + style.size
    x, top = start, frame.y
    for words, pattern in items:
        words = typesetter.fit(words, frame.right - start - sample_width - 6, style)
        needed = sample_width + 6 + typesetter.width(words, style)
        if x > start and x + needed > frame.right:
            x, top = start, top + pitch
        sample = Box(x, top + (style.line_height - sample_height) / 2, sample_width, sample_height)
        shapes.extend(segment_shapes(sample, pattern))
        shapes.append(typesetter.line(words, sample.right + 6, top, style, line_frame(top)))
        x += needed + style.size * 1.6
    return shapes, top + style.line_height - frame.y


def rule_above(box: Box) -> Line:
    """The heavier line that sets the totals apart from the areas."""
    return Line((box.x, box.y), (box.right, box.y), grey=_OUTLINE, line_width=1.2)
