"""Roadmap bars as the printed policy draws them, in greys that survive a black-and-white printer.

A run of years with the same phase is one arrow with its label on it; a run
shaded without a label is a plain darker bar; the years inferred from the
text (not readable in the policy's own table) carry diagonal hatching.
"""

from __future__ import annotations

from collections.abc import Sequence

from .display import Box, Hatch, Point, Polygon, Rect, Shape, Text

__all__ = [
    "ARROW_FILL",
    "SHADED_FILL",
    "arrow_points",
    "bar_shapes",
    "clip_to_slab",
    "head_length",
    "label_frame",
    "rect_points",
]

ARROW_FILL = 0.9
ARROW_STROKE = 0.15
SHADED_FILL = 0.62
SHADED_STROKE = 0.3
_LINE_WIDTH = 0.8
_LABEL_PAD = 4.0
_HALO = 1.5


def head_length(box: Box) -> float:
    return min(box.height * 0.55, box.width * 0.3)


def arrow_points(box: Box) -> tuple[Point, ...]:
    """A bar whose right end is an arrow head."""
    body_right = box.right - head_length(box)
    return (
        (box.x, box.y),
        (body_right, box.y),
        (box.right, box.centre_y),
        (body_right, box.bottom),
        (box.x, box.bottom),
    )


def rect_points(box: Box) -> tuple[Point, ...]:
    return ((box.x, box.y), (box.right, box.y), (box.right, box.bottom), (box.x, box.bottom))


def label_frame(box: Box) -> Box:
    """Where a label may go on an arrow: the body, short of the head."""
    return Box(box.x + _LABEL_PAD, box.y, box.width - head_length(box) - 1.5 * _LABEL_PAD, box.height)


def _clip(points: Sequence[Point], keep: float, sign: float) -> list[Point]:
    # One Sutherland–Hodgman step against the vertical line x = keep (sign +1 keeps x >= keep).
    result: list[Point] = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        current_in = sign * (current[0] - keep) >= 0
        previous_in = sign * (previous[0] - keep) >= 0
        if current_in != previous_in:
            t = (keep - previous[0]) / (current[0] - previous[0])
            result.append((keep, previous[1] + t * (current[1] - previous[1])))
        if current_in:
            result.append(current)
    return result


def clip_to_slab(points: Sequence[Point], left: float, right: float) -> tuple[Point, ...]:
    """The part of a convex polygon between two vertical lines."""
    return tuple(_clip(_clip(points, left, 1.0), right, -1.0))


def bar_shapes(
    box: Box, *, labelled: bool, labels: Sequence[Text], inferred: Sequence[tuple[float, float]]
) -> list[Shape]:
    """One bar: outline and fill, hatching over the inferred slabs, then its label."""
    points = arrow_points(box) if labelled else rect_points(box)
    fill, stroke = (ARROW_FILL, ARROW_STROKE) if labelled else (SHADED_FILL, SHADED_STROKE)
    shapes: list[Shape] = [Polygon(points, fill=fill, stroke=stroke, line_width=_LINE_WIDTH, tag="bar")]
    for left, right in inferred:
        clipped = clip_to_slab(points, left, right)
        if len(clipped) >= 3:
            shapes.append(Hatch(clipped))
    if inferred and labels:
        # A plain ground under the label, so that the hatching never crosses the letters.
        left = min(text.extent.x for text in labels) - _HALO
        right = max(text.extent.right for text in labels) + _HALO
        top = min(text.extent.y for text in labels) - _HALO
        bottom = max(text.extent.bottom for text in labels) + _HALO
        shapes.append(Rect(Box(left, top, right - left, bottom - top), fill=fill, tag="halo"))
    shapes.extend(labels)
    return shapes
