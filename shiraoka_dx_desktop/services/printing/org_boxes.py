"""One body of the organisation chart as a box: its name, roles, duties and member sections.

A box is measured for a given width first (its height follows from its
wrapped text), placed by the chart layout, then drawn.  A body that is only
planned (想定) gets a dashed border.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.organisation import BodyKind, BodyStatus
from ..snapshot import BodyView, RoleView
from .display import Box, Line, Rect, Shape
from .text import TextStyle, Typesetter

__all__ = ["BodyBox", "OrgStyles", "measure_body"]

_TEAM_KINDS = {BodyKind.PROJECT_TEAM, BodyKind.WORKING_GROUP}


@dataclass(frozen=True)
class OrgStyles:
    title: TextStyle
    subtitle: TextStyle
    text: TextStyle
    small: TextStyle
    padding: float

    @classmethod
    def at(cls, size: float) -> OrgStyles:
        """Styles for a base text size (A3 at full size: 10.5 pt)."""
        return cls(
            title=TextStyle(size * 1.2, bold=True, leading=1.35),
            subtitle=TextStyle(size * 0.85, grey=0.3, leading=1.35),
            text=TextStyle(size, leading=1.4),
            small=TextStyle(size * 0.9, grey=0.15, leading=1.4),
            padding=size * 0.6,
        )


@dataclass(frozen=True)
class _Paragraph:
    lines: list[str]
    style: TextStyle
    label: str = ""  # a role title, set in a column of its own to the left of the lines
    label_style: TextStyle | None = None
    space_before: float = 0.0
    indented: bool = False  # under the lines of the role above, not under its title

    @property
    def height(self) -> float:
        return self.space_before + max(1, len(self.lines)) * self.style.line_height


@dataclass
class BodyBox:
    body: BodyView
    width: float
    title: list[str]
    paragraphs: list[_Paragraph]
    styles: OrgStyles
    label_width: float = 0.0
    box: Box = field(default_factory=lambda: Box(0, 0, 0, 0))

    @property
    def planned(self) -> bool:
        return self.body.status == BodyStatus.PLANNED

    @property
    def band_height(self) -> float:
        return len(self.title) * self.styles.title.line_height + 2 * self.styles.padding

    @property
    def height(self) -> float:
        content = sum(paragraph.height for paragraph in self.paragraphs)
        return self.band_height + content + (2 * self.styles.padding if self.paragraphs else 0)

    def place(self, x: float, y: float, height: float | None = None) -> None:
        self.box = Box(x, y, self.width, max(self.height, height or 0.0))

    def shapes(self, typesetter: Typesetter) -> list[Shape]:
        box, styles = self.box, self.styles
        band = Box(box.x, box.y, box.width, self.band_height)
        shapes: list[Shape] = [
            Rect(box, fill=1.0, tag=f"body:{self.body.id}"),
            Rect(band, fill=0.95 if self.planned else 0.86),
            Line((box.x, band.bottom), (box.right, band.bottom), grey=0.3, line_width=0.5, dashed=self.planned),
        ]
        shapes.extend(typesetter.place(self.title, band, styles.title, align="centre", inset=styles.padding))
        top = band.bottom + styles.padding
        inner = box.inset(styles.padding, 0)
        for paragraph in self.paragraphs:
            top += paragraph.space_before
            frame = inner
            if paragraph.label and paragraph.label_style is not None:
                label_top = top + (paragraph.style.line_height - paragraph.label_style.line_height) / 2
                shapes.extend(typesetter.place([paragraph.label], inner, paragraph.label_style, top=label_top))
            if paragraph.label or paragraph.indented:
                frame = Box(inner.x + self.label_width, inner.y, inner.width - self.label_width, inner.height)
            shapes.extend(typesetter.place(paragraph.lines, frame, paragraph.style, top=top))
            top += len(paragraph.lines) * paragraph.style.line_height
        shapes.append(Rect(box, stroke=0.15, line_width=1.0, dashed=self.planned, tag="border"))
        return shapes


def _subtitle(body: BodyView) -> str:
    try:
        kind: BodyKind | None = BodyKind(body.kind)
    except ValueError:
        kind = None
    if kind is not None and kind in _TEAM_KINDS:
        return f"{kind.label}・{body.status}"
    return f"（{BodyStatus.PLANNED}）" if body.status == BodyStatus.PLANNED else ""


def _roles(roles: tuple[RoleView, ...]) -> list[tuple[str, list[str], list[str]]]:
    """(title, posts, notes) per role title: the ten 委員 of a committee are one entry."""
    grouped: dict[str, list[RoleView]] = {}
    for role in roles:
        grouped.setdefault(role.title, []).append(role)
    return [
        (
            f"{title}（{len(holders)}名）" if len(holders) > 2 else title,
            [holder.post or holder.section or "（未設定）" for holder in holders],
            [holder.note for holder in holders if holder.note],
        )
        for title, holders in grouped.items()
    ]


def measure_body(body: BodyView, width: float, styles: OrgStyles, typesetter: Typesetter) -> BodyBox:
    """The box of ``body`` at ``width``, its text wrapped."""
    inner = width - 2 * styles.padding
    wrap = typesetter.wrap
    label_style = TextStyle(styles.text.size * 0.9, bold=True, grey=0.1, leading=styles.text.leading)
    roles = _roles(body.roles)
    gutter = styles.text.size * 0.8
    label_width = min(
        inner * 0.4, max((typesetter.width(title, label_style) for title, _p, _n in roles), default=0.0) + gutter
    )
    paragraphs: list[_Paragraph] = []
    subtitle = _subtitle(body)
    if subtitle:
        paragraphs.append(_Paragraph(wrap(subtitle, inner, styles.subtitle), styles.subtitle))
    for title, posts, notes in roles:
        text_width = inner - label_width
        lines = typesetter.wrap_items(posts, "、", text_width, styles.text)
        paragraphs.append(
            _Paragraph(lines, styles.text, typesetter.fit(title, label_width - gutter, label_style), label_style)
        )
        paragraphs.extend(
            _Paragraph(wrap(f"※{note}", text_width, styles.small), styles.small, indented=True) for note in notes
        )
    spacing = styles.text.size * 0.5
    for index, duty in enumerate(body.duties):
        space = spacing if index == 0 and paragraphs else 0.0
        paragraphs.append(_Paragraph(wrap(f"・{duty}", inner, styles.small), styles.small, space_before=space))
    members = [member for member in body.members if member]
    if members:
        space = spacing if paragraphs else 0.0
        paragraphs.append(_Paragraph([f"構成課（{len(members)}課）"], styles.subtitle, space_before=space))
        paragraphs.append(_Paragraph(typesetter.wrap_items(members, "・", inner, styles.text), styles.text))
    return BodyBox(body, width, wrap(body.name, inner, styles.title), paragraphs, styles, label_width)
